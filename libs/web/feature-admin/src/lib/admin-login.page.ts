import {
  ChangeDetectionStrategy,
  Component,
  inject,
  signal,
} from '@angular/core';
import { Router } from '@angular/router';
import { AdminApi, AdminApiError } from '@landing/web/data-access-admin';
import { AdminText } from './admin-text';

@Component({
  selector: 'lp-admin-login',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      class="lp-admin-login"
      [attr.dir]="text.dir"
      (submit)="submit($event, email.value, password.value)"
    >
      <h1>{{ text.t('signIn') }}</h1>
      <label
        >{{ text.t('email') }}
        <input
          name="email"
          type="email"
          autocomplete="username"
          required
          #email
      /></label>
      <label
        >{{ text.t('password') }}
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          required
          #password
      /></label>
      @if (error()) {
        <p role="alert" class="lp-admin-error">{{ error() }}</p>
      }
      <button type="submit" [disabled]="busy()">{{ text.t('signIn') }}</button>
    </form>
  `,
  styles: `
    .lp-admin-login {
      max-width: 22rem;
      margin: 4rem auto;
      display: grid;
      gap: 0.75rem;
      font-family: system-ui, sans-serif;
    }
    label {
      display: grid;
      gap: 0.25rem;
    }
    input,
    button {
      font: inherit;
      padding: 0.5rem;
    }
    .lp-admin-error {
      color: #b00020;
    }
  `,
})
export class AdminLoginPage {
  protected readonly text = inject(AdminText);
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
      await this.api.login(email, password);
      await this.router.navigate(['/admin']);
    } catch (error) {
      this.error.set(
        error instanceof AdminApiError
          ? error.message
          : this.text.t('signInFailed'),
      );
    } finally {
      this.busy.set(false);
    }
  }
}
