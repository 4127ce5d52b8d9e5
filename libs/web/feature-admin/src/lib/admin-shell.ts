import { type Direction } from '@angular/cdk/bidi';
import {
  ChangeDetectionStrategy,
  Component,
  inject,
  LOCALE_ID,
} from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { AdminApi } from '@landing/web/data-access-admin';
import { AdminFrame } from '@landing/web/ui-admin';
import { AdminTopBar } from './admin-top-bar';
import { DeskNav } from './desk-nav';
import { WebhookAlertBanner } from './webhook-alert.banner';

/**
 * The admin area around every admin screen: the themed frame with the direction of the
 * build's locale, and the navigation once someone is signed in.
 */
@Component({
  selector: 'lp-admin-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AdminFrame, RouterOutlet, AdminTopBar, DeskNav, WebhookAlertBanner],
  templateUrl: './admin-shell.html',
  styleUrl: './admin-shell.scss',
})
export class AdminShell {
  private readonly locale = inject(LOCALE_ID);
  protected readonly lang = this.locale.startsWith('fa') ? 'fa' : 'en';
  protected readonly dir: Direction = this.lang === 'fa' ? 'rtl' : 'ltr';
  protected readonly session = inject(AdminApi).session;
}
