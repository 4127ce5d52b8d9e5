import { type Direction } from '@angular/cdk/bidi';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  LOCALE_ID,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import {
  Router,
  RouterLink,
  RouterLinkActive,
  RouterOutlet,
} from '@angular/router';
import { AdminApi } from '@landing/web/data-access-admin';
import { AdminFrame } from '@landing/web/ui-admin';

/**
 * The admin area around every admin screen: the themed frame with the direction of the
 * build's locale, and the navigation once someone is signed in.
 */
@Component({
  selector: 'lp-admin-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AdminFrame,
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatButtonModule,
    MatMenuModule,
  ],
  templateUrl: './admin-shell.html',
  styleUrl: './admin-shell.scss',
})
export class AdminShell {
  private readonly locale = inject(LOCALE_ID);
  protected readonly lang = this.locale.startsWith('fa') ? 'fa' : 'en';
  protected readonly dir: Direction = this.lang === 'fa' ? 'rtl' : 'ltr';
  protected readonly otherLanguage = this.lang === 'fa' ? 'en' : 'fa';
  protected readonly api = inject(AdminApi);
  private readonly router = inject(Router);

  protected readonly session = this.api.session;
  protected readonly ready = computed(() => {
    const session = this.session();
    return session !== null && !session.mustChangePassword;
  });
  protected readonly isAdmin = computed(
    () => this.session()?.user.role === 'admin',
  );

  protected async signOut(): Promise<void> {
    await this.api.logout();
    await this.router.navigate(['/admin/login']);
  }
}
