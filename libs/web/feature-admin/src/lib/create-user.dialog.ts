import {
  ChangeDetectionStrategy,
  Component,
  inject,
  LOCALE_ID,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import {
  MatDialog,
  MatDialogModule,
  MatDialogRef,
} from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  ADMIN_EMAIL_MAX_LENGTH,
  ADMIN_ROLES,
  type AdminRole,
  type CreateAdminUserResponse,
  STAFF_LANGUAGES,
  type StaffLanguage,
} from '@landing/shared/contracts-admin';
import { AdminApi, AdminApiError } from '@landing/web/data-access-admin';
import { firstValueFrom } from 'rxjs';

/** Adds a staff account; shows its temporary password once, to hand over. */
@Component({
  selector: 'lp-create-user',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
  ],
  template: `
    @if (created(); as c) {
      <h2 mat-dialog-title i18n="@@admin.users.createdTitle">User added</h2>
      <mat-dialog-content>
        <p i18n="@@admin.users.createdHint">
          Give <bdi>{{ c.user.email }}</bdi> this temporary password. It is
          shown only now; they choose their own at first sign-in.
        </p>
        <output class="lp-temp" data-testid="temporary-password" dir="ltr">{{
          c.temporaryPassword
        }}</output>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button
          mat-button
          type="button"
          (click)="copy(c.temporaryPassword)"
          i18n="@@admin.users.copy"
        >
          Copy
        </button>
        <button
          mat-flat-button
          type="button"
          [mat-dialog-close]="true"
          i18n="@@admin.done"
        >
          Done
        </button>
      </mat-dialog-actions>
    } @else {
      <form (submit)="submit($event, email.value)">
        <h2 mat-dialog-title i18n="@@admin.users.add">Add a user</h2>
        <mat-dialog-content class="lp-create">
          <mat-form-field appearance="outline">
            <mat-label i18n="@@admin.email">Email</mat-label>
            <input
              matInput
              #email
              type="email"
              name="email"
              dir="ltr"
              required
              [maxLength]="emailMax"
            />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label i18n="@@admin.users.role">Role</mat-label>
            <mat-select
              [(value)]="role"
              name="role"
              data-testid="new-user-role"
            >
              @for (r of roles; track r) {
                <mat-option [value]="r">{{
                  r === 'admin' ? adminLabel : reviewerLabel
                }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label i18n="@@admin.users.language">E-mail language</mat-label>
            <mat-select
              [(value)]="language"
              name="language"
              data-testid="new-user-language"
            >
              @for (l of languages; track l) {
                <mat-option [value]="l"
                  ><span [attr.lang]="l">{{
                    languageNames[l]
                  }}</span></mat-option
                >
              }
            </mat-select>
            <mat-hint i18n="@@admin.users.languageHint"
              >The welcome e-mail and notices arrive in this language.</mat-hint
            >
          </mat-form-field>
          @if (error()) {
            <p role="alert" class="lp-create__error">{{ error() }}</p>
          }
        </mat-dialog-content>
        <mat-dialog-actions align="end">
          <button
            mat-button
            type="button"
            [mat-dialog-close]="false"
            data-testid="cancel"
            i18n="@@admin.cancel"
          >
            Cancel
          </button>
          <button
            mat-flat-button
            type="submit"
            [disabled]="busy()"
            i18n="@@admin.users.create"
          >
            Add user
          </button>
        </mat-dialog-actions>
      </form>
    }
  `,
  styles: `
    .lp-create {
      display: grid;
      gap: 0.25rem;
      padding-top: 0.5rem;
    }
    .lp-create__error {
      margin: 0;
      color: var(--lp-error);
    }
    .lp-temp {
      display: block;
      padding: 0.75rem 1rem;
      border-radius: 8px;
      background: var(--lp-page);
      border: 1px dashed var(--lp-border);
      font-family: ui-monospace, monospace;
      font-size: 1.125rem;
      user-select: all;
      word-break: break-all;
    }
  `,
})
export class CreateUserDialog {
  private readonly api = inject(AdminApi);
  private readonly ref =
    inject<MatDialogRef<CreateUserDialog, boolean>>(MatDialogRef);
  protected readonly roles = ADMIN_ROLES;
  protected readonly emailMax = ADMIN_EMAIL_MAX_LENGTH;
  protected readonly adminLabel = $localize`:@@admin.role.admin:Admin`;
  protected readonly reviewerLabel = $localize`:@@admin.role.reviewer:Reviewer`;
  protected role: AdminRole = 'reviewer';
  protected readonly languages = STAFF_LANGUAGES;
  /** Each language named in itself, so either reader finds their own. */
  protected readonly languageNames: Record<StaffLanguage, string> = {
    fa: 'فارسی',
    en: 'English',
  };
  /** The admin's own screen language is the likelier choice; Persian otherwise. */
  protected language: StaffLanguage = inject(LOCALE_ID).startsWith('en')
    ? 'en'
    : 'fa';
  protected readonly created = signal<CreateAdminUserResponse | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  /** True when a user was added. */
  static async open(dialog: MatDialog): Promise<boolean> {
    const ref = dialog.open<CreateUserDialog, undefined, boolean>(
      CreateUserDialog,
      {
        width: '30rem',
        maxWidth: '92vw',
        disableClose: true,
      },
    );
    return (await firstValueFrom(ref.afterClosed())) === true;
  }

  protected async submit(event: Event, email: string): Promise<void> {
    event.preventDefault();
    this.error.set(null);
    this.busy.set(true);
    try {
      this.created.set(
        await this.api.createUser(email.trim(), this.role, this.language),
      );
      this.ref.disableClose = false;
    } catch (error) {
      this.error.set(
        error instanceof AdminApiError ? error.message : String(error),
      );
    } finally {
      this.busy.set(false);
    }
  }

  protected async copy(text: string): Promise<void> {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
  }
}
