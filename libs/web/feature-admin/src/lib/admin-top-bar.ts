import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { type AdminSessionResponse } from '@landing/shared/contracts-admin';
import { AdminApi } from '@landing/web/data-access-admin';

/**
 * The signed-in bar: navigation and the account menu. The shell defers it, so the sign-in
 * page does not download the menu and its overlay.
 */
@Component({
  selector: 'lp-admin-top-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatButtonModule,
    MatMenuModule,
  ],
  templateUrl: './admin-top-bar.html',
  styleUrl: './admin-top-bar.scss',
})
export class AdminTopBar {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  readonly session = input.required<AdminSessionResponse>();

  protected readonly ready = computed(() => !this.session().mustChangePassword);
  protected readonly isAdmin = computed(
    () => this.session().user.role === 'admin',
  );

  protected async signOut(): Promise<void> {
    await this.api.logout();
    await this.router.navigate(['/login']);
  }
}
