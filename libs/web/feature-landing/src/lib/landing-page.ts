import { DOCUMENT, getLocaleDirection } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  LOCALE_ID,
  ViewEncapsulation,
  inject,
} from '@angular/core';
import { Meta, Title } from '@angular/platform-browser';
import { LeadForm } from './lead-form';

/** Bump when the consent text changes; the locale is part of it because the wording is. */
export const CONSENT_TEXT_VERSION = '2026-11';

interface LocaleLink {
  href: string;
  code: string;
  label: string;
}

/** Cookie naming the locale a visitor chose; `/` sends them there next time (api and nginx). */
export const LOCALE_COOKIE = 'landing_locale';

const LOCALE_LINKS: readonly LocaleLink[] = [
  { href: '/fa/', code: 'fa', label: 'فارسی' },
  { href: '/en/', code: 'en', label: 'English' },
];

@Component({
  selector: 'lp-landing-page',
  imports: [LeadForm],
  templateUrl: './landing-page.html',
  // The whole page's styles, unscoped: prerendering inlines them into the HTML's <head>,
  // so the first paint waits for no stylesheet (a global stylesheet would be a blocking
  // request, and inlining it critically needs an inline onload handler the CSP forbids).
  styleUrl: './landing-page.css',
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LandingPage {
  protected readonly locale = inject(LOCALE_ID);
  protected readonly consentVersion =
    `${CONSENT_TEXT_VERSION}-${this.locale}`.slice(0, 32);
  protected readonly otherLocales = LOCALE_LINKS.filter(
    (link) => !this.locale.startsWith(link.code),
  );

  private readonly document = inject(DOCUMENT);

  constructor() {
    const root = this.document.documentElement;
    // Set while prerendering too, so the static HTML is already mirrored for Persian.
    root.dir = getLocaleDirection(this.locale);
    root.lang = this.locale;
    inject(Title).setTitle(
      $localize`:@@page.title:Free call back from an advisor | Landing`,
    );
    inject(Meta).updateTag({
      name: 'description',
      content: $localize`:@@page.description:Leave your number and an advisor calls you back within one working day. Free and without obligation.`,
    });
  }

  /** The link then navigates as usual; the cookie only decides where `/` leads later. */
  protected remember(locale: string): void {
    this.document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
  }
}
