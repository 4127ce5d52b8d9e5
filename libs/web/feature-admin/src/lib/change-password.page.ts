import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { ADMIN_PASSWORD_LIMITS } from '@landing/shared/contracts-admin';
import { AdminApi, AdminApiError } from '@landing/web/data-access-admin';
import { NumberPipe, PageHeader } from '@landing/web/ui-admin';
import { OwnLanguageCard } from './own-language.card';

/** Change one's own password; the only screen open while a temporary password is in use. */
@Component({
  selector: 'lp-change-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PageHeader,
    NumberPipe,
    OwnLanguageCard,
  ],
  template: `
    <lp-page-header
      [heading]="forced() ? forcedHeading : heading"
      [subtitle]="forced() ? forcedHint : hint"
    />
    <form
      class="lp-password lp-card"
      (submit)="submit($event, current.value, next.value, repeat.value)"
    >
      <mat-form-field appearance="outline">
        <mat-label>{{ forced() ? temporaryLabel : currentLabel }}</mat-label>
        <input
          matInput
          #current
          name="current"
          type="password"
          dir="ltr"
          autocomplete="current-password"
          required
        />
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label i18n="@@admin.password.new">New password</mat-label>
        <input
          matInput
          #next
          name="new"
          type="password"
          dir="ltr"
          autocomplete="new-password"
          required
          [attr.minlength]="limits.min"
          [attr.maxlength]="limits.max"
        />
        <mat-hint i18n="@@admin.password.rule"
          >At least {{ limits.min | lpNumber }} characters.</mat-hint
        >
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label i18n="@@admin.password.repeat"
          >Repeat the new password</mat-label
        >
        <input
          matInput
          #repeat
          name="repeat"
          type="password"
          dir="ltr"
          autocomplete="new-password"
          required
        />
      </mat-form-field>
      @if (error()) {
        <p role="alert" class="lp-password__error">{{ error() }}</p>
      }
      <button
        mat-flat-button
        type="submit"
        [disabled]="busy()"
        i18n="@@admin.password.save"
      >
        Save the new password
      </button>
    </form>
    @if (!forced()) {
      <lp-own-language />
    }
  `,
  styles: `
    .lp-password {
      max-width: 28rem;
      display: grid;
      gap: 0.5rem;
      padding: 1.5rem;
    }
    .lp-password__error {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border-inline-start: 4px solid var(--lp-error);
      background: var(--lp-error-bg);
      color: var(--lp-error);
    }
  `,
})
export class ChangePasswordPage {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);
  protected readonly limits = ADMIN_PASSWORD_LIMITS;
  private readonly number = new NumberPipe();
  protected readonly forced = computed(
    () => this.api.session()?.mustChangePassword === true,
  );
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly heading = $localize`:@@admin.password.title:Change your password`;
  protected readonly hint = $localize`:@@admin.password.hint:Your other sessions end when you save.`;
  protected readonly forcedHeading = $localize`:@@admin.password.forcedTitle:Choose your own password`;
  protected readonly forcedHint = $localize`:@@admin.password.forcedHint:You signed in with a temporary password. Set one only you know before you continue.`;
  protected readonly currentLabel = $localize`:@@admin.password.current:Current password`;
  protected readonly temporaryLabel = $localize`:@@admin.password.temporary:Temporary password`;

  protected async submit(
    event: Event,
    current: string,
    next: string,
    repeat: string,
  ): Promise<void> {
    event.preventDefault();
    this.error.set(null);
    if (next.length < this.limits.min) {
      this.error.set(
        $localize`:@@admin.password.tooShort:The new password needs at least ${this.number.transform(this.limits.min)}:MIN: characters.`,
      );
      return;
    }
    if (next !== repeat) {
      this.error.set(
        $localize`:@@admin.password.mismatch:The two new passwords differ.`,
      );
      return;
    }
    this.busy.set(true);
    try {
      await this.api.changeOwnPassword(current, next);
      this.snack.open(
        $localize`:@@admin.password.changed:Your password was changed.`,
        undefined,
        { duration: 4000 },
      );
      await this.router.navigate(['/queue']);
    } catch (error) {
      this.error.set(
        error instanceof AdminApiError && error.code === 'WRONG_PASSWORD'
          ? $localize`:@@admin.password.wrong:The current password is wrong.`
          : error instanceof AdminApiError
            ? error.message
            : String(error),
      );
    } finally {
      this.busy.set(false);
    }
  }
}
