import {
  ChangeDetectionStrategy,
  Component,
  inject,
  resource,
  signal,
} from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import {
  STAFF_LANGUAGES,
  type StaffLanguage,
} from '@landing/shared/contracts-admin';
import { AdminApi, AdminApiError } from '@landing/web/data-access-admin';

/** The language of one's own e-mail (digests and notices), saved as soon as it is chosen. */
@Component({
  selector: 'lp-own-language',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormFieldModule, MatSelectModule],
  template: `
    <section class="lp-language lp-card" aria-labelledby="lp-language-title">
      <h2 id="lp-language-title" i18n="@@admin.language.title">
        E-mail language
      </h2>
      @if (current.error()) {
        <p role="alert" i18n="@@admin.language.loadFailed">
          Your e-mail language could not be loaded.
        </p>
      } @else {
        <mat-form-field appearance="outline">
          <mat-label i18n="@@admin.users.language">E-mail language</mat-label>
          <mat-select
            data-testid="own-language"
            [value]="current.value()?.language"
            [disabled]="busy() || current.isLoading()"
            (valueChange)="choose($event)"
          >
            @for (l of languages; track l) {
              <mat-option [value]="l"
                ><span [attr.lang]="l">{{ names[l] }}</span></mat-option
              >
            }
          </mat-select>
          <mat-hint i18n="@@admin.language.hint"
            >Digests and notices arrive in this language.</mat-hint
          >
        </mat-form-field>
      }
    </section>
  `,
  styles: `
    .lp-language {
      max-width: 28rem;
      margin-top: 1rem;
      padding: 1.5rem;
    }
    mat-form-field {
      width: 100%;
    }
    h2 {
      margin: 0 0 0.75rem;
      font-size: 1.125rem;
    }
  `,
})
export class OwnLanguageCard {
  private readonly api = inject(AdminApi);
  private readonly snack = inject(MatSnackBar);
  protected readonly languages = STAFF_LANGUAGES;
  protected readonly names: Record<StaffLanguage, string> = {
    fa: 'فارسی',
    en: 'English',
  };
  protected readonly busy = signal(false);
  protected readonly current = resource({
    loader: ({ abortSignal }) => this.api.ownLanguage(abortSignal),
  });

  protected async choose(language: StaffLanguage): Promise<void> {
    this.busy.set(true);
    try {
      this.current.set(await this.api.setOwnLanguage(language));
      this.snack.open($localize`:@@admin.language.saved:Saved.`, undefined, {
        duration: 3000,
      });
    } catch (error) {
      this.snack.open(
        error instanceof AdminApiError ? error.message : String(error),
        undefined,
        { duration: 6000 },
      );
      this.current.reload();
    } finally {
      this.busy.set(false);
    }
  }
}
