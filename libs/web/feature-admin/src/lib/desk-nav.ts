import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  LOCALE_ID,
} from '@angular/core';
import { MatBadgeModule } from '@angular/material/badge';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { intlLocale } from '@landing/web/ui-admin';
import { DeskAlerts } from './desk-alerts';

/**
 * The admin's callback-desk links under the top bar: the team (with the count of SLA
 * breaches, polled every minute) and the business calendar. The shell defers it, for
 * admins only.
 */
@Component({
  selector: 'lp-desk-nav',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatBadgeModule, MatButtonModule, RouterLink, RouterLinkActive],
  template: `
    <nav
      class="lp-desk-nav"
      i18n-aria-label="@@admin.team.nav"
      aria-label="Callback desk"
    >
      <span class="lp-desk-nav__label" i18n="@@admin.team.navLabel"
        >Callback desk</span
      >
      <a
        mat-button
        routerLink="/team"
        routerLinkActive="lp-active"
        ariaCurrentWhenActive="page"
        data-testid="nav-team"
        [matBadge]="badge()"
        [matBadgeHidden]="alerts.count() === 0"
        matBadgeColor="warn"
        matBadgeOverlap="false"
        [attr.data-alerts]="alerts.count()"
        [matBadgeDescription]="badgeText()"
        i18n="@@admin.team.title"
        >Team</a
      >
      <a
        mat-button
        routerLink="/settings/business-calendar"
        routerLinkActive="lp-active"
        ariaCurrentWhenActive="page"
        data-testid="nav-calendar"
        i18n="@@admin.team.calendar"
        >Business calendar</a
      >
    </nav>
  `,
  styles: `
    .lp-desk-nav {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.25rem clamp(0.75rem, 3vw, 2rem);
      background: var(--lp-surface);
      border-block-end: 1px solid var(--lp-divider);
    }
    .lp-desk-nav__label {
      color: var(--lp-muted);
      font-size: 0.8125rem;
      margin-inline-end: 0.5rem;
    }
    a[data-testid='nav-team'] {
      margin-inline-end: 0.75rem;
    }
    .lp-active {
      background: var(--lp-brand-soft);
      color: var(--lp-brand-dark);
    }
  `,
})
export class DeskNav {
  protected readonly alerts = inject(DeskAlerts);
  private readonly format = new Intl.NumberFormat(
    intlLocale(inject(LOCALE_ID)),
  );
  /** The count in the build's digits; 100 is the most the alerts api answers. */
  protected readonly badge = computed(() => {
    const count = this.alerts.count();
    return count >= 100
      ? `${this.format.format(99)}+`
      : this.format.format(count);
  });

  constructor() {
    this.alerts.start();
    inject(DestroyRef).onDestroy(() => this.alerts.stop());
  }

  protected badgeText(): string {
    return $localize`:@@admin.team.alertsBadge:${this.alerts.count()}:COUNT: SLA breaches`;
  }
}
