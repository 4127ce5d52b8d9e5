import {
  ChangeDetectionStrategy,
  Component,
  inject,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import { AdminApi, AdminApiError } from '@landing/web/data-access-admin';

@Component({
  selector: 'lp-admin-login',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
  ],
  template: `
    <form
      class="lp-login lp-card"
      (submit)="submit($event, email.value, password.value)"
    >
      @if (busy()) {
        <mat-progress-bar mode="indeterminate" class="lp-login__progress" />
      }
      <div class="lp-login__logo" aria-hidden="true">L</div>
      <h1 class="lp-login__title" i18n="@@admin.signIn.title">
        Sign in to the staff area
      </h1>
      <p class="lp-login__hint" i18n="@@admin.signIn.hint">
        Review the leads your campaigns bring in.
      </p>
      <mat-form-field appearance="outline">
        <mat-label i18n="@@admin.email">Email</mat-label>
        <input
          matInput
          name="email"
          type="email"
          dir="ltr"
          autocomplete="username"
          required
          #email
        />
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label i18n="@@admin.password">Password</mat-label>
        <input
          matInput
          name="password"
          type="password"
          dir="ltr"
          autocomplete="current-password"
          required
          #password
        />
      </mat-form-field>
      @if (error()) {
        <p role="alert" class="lp-login__error">{{ error() }}</p>
      }
      <button
        mat-flat-button
        type="submit"
        class="lp-login__submit"
        [disabled]="busy()"
        i18n="@@admin.signIn"
      >
        Sign in
      </button>
    </form>
  `,
  styles: `
    :host {
      display: grid;
      place-items: center;
      min-height: 70vh;
    }
    .lp-login {
      position: relative;
      overflow: hidden;
      width: min(24rem, 100%);
      display: grid;
      gap: 0.25rem;
      padding: 2rem;
      box-shadow: 0 12px 32px rgb(11 92 171 / 0.08);
    }
    .lp-login__progress {
      position: absolute;
      inset: 0 0 auto;
    }
    .lp-login__logo {
      width: 2.75rem;
      height: 2.75rem;
      display: grid;
      place-items: center;
      border-radius: 10px;
      background: var(--lp-brand);
      color: var(--lp-surface);
      font-weight: 800;
      font-size: 1.25rem;
    }
    .lp-login__title {
      margin: 0.75rem 0 0;
      font-size: 1.375rem;
    }
    .lp-login__hint {
      margin: 0 0 1rem;
      color: var(--lp-muted);
    }
    .lp-login__error {
      margin: 0 0 0.5rem;
      padding: 0.5rem 0.75rem;
      border-inline-start: 4px solid var(--lp-error);
      background: var(--lp-error-bg);
      color: var(--lp-error);
      border-radius: 4px;
    }
    .lp-login__submit {
      height: 44px;
    }
  `,
})
export class AdminLoginPage {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  protected async submit(
    event: Event,
    email: string,
    password: string,
  ): Promise<void> {
    event.preventDefault();
    this.busy.set(true);
    this.error.set(null);
    try {
      const session = await this.api.login(email, password);
      await this.router.navigate([
        session.mustChangePassword ? '/password' : '/',
      ]);
    } catch (error) {
      this.error.set(
        error instanceof AdminApiError
          ? error.message
          : $localize`:@@admin.signIn.failed:Signing in failed`,
      );
    } finally {
      this.busy.set(false);
    }
  }
}
