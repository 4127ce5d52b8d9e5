import {
  ChangeDetectionStrategy,
  Component,
  inject,
  input,
  LOCALE_ID,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import {
  CALL_NOTE_MAX_LENGTH,
  CALL_OUTCOMES,
  type CallOutcome,
  type LogCallResponse,
} from '@landing/shared/contracts-desk';
import { AdminApi, AdminApiError } from '@landing/web/data-access-admin';
import { firstValueFrom } from 'rxjs';
import { CallbackDialog } from './callback.dialog';
import { localDigits, OUTCOME_KEYS, outcomeForKey } from './desk-queue';

export function outcomeLabel(outcome: CallOutcome): string {
  switch (outcome) {
    case 'interested':
      return $localize`:@@admin.desk.outcome.interested:Interested`;
    case 'not_interested':
      return $localize`:@@admin.desk.outcome.notInterested:Not interested`;
    case 'no_answer':
      return $localize`:@@admin.desk.outcome.noAnswer:No answer`;
    case 'busy':
      return $localize`:@@admin.desk.outcome.busy:Busy`;
    case 'wrong_number':
      return $localize`:@@admin.desk.outcome.wrongNumber:Wrong number`;
    case 'callback':
      return $localize`:@@admin.desk.outcome.callback:Call back later…`;
    case 'do_not_call':
      return $localize`:@@admin.desk.outcome.doNotCall:Do not call`;
  }
}

/**
 * One button and one key (1–7) per call outcome, with an optional note. `callback` asks
 * when first. The keys work while `keys` is on and no dialog is open.
 */
@Component({
  selector: 'lp-call-outcomes',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule],
  host: { '(document:keydown)': 'onKey($event)' },
  template: `
    <section
      class="lp-outcomes"
      i18n-aria-label="@@admin.desk.outcomes"
      aria-label="Call outcome"
      data-testid="call-outcomes"
    >
      <div class="lp-outcomes__buttons">
        @for (outcome of outcomes; track outcome) {
          <button
            mat-stroked-button
            type="button"
            class="lp-outcomes__button"
            [class.lp-outcomes__button--good]="outcome === 'interested'"
            [class.lp-outcomes__button--stop]="outcome === 'do_not_call'"
            [attr.data-outcome]="outcome"
            [attr.aria-keyshortcuts]="keys() ? keyOf(outcome) : null"
            [disabled]="busy() || disabled()"
            (click)="log(outcome)"
          >
            @if (keys()) {
              <kbd aria-hidden="true">{{ shownKey(outcome) }}</kbd>
            }
            {{ label(outcome) }}
          </button>
        }
      </div>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label i18n="@@admin.desk.note"
          >Note for this call (optional)</mat-label
        >
        <textarea
          matInput
          rows="2"
          data-testid="call-note"
          [maxLength]="noteMax"
          [value]="note()"
          (input)="note.set(noteField.value)"
          #noteField
        ></textarea>
      </mat-form-field>
    </section>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .lp-outcomes {
      display: grid;
      gap: 0.75rem;
    }
    .lp-outcomes__buttons {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(10rem, 100%), 1fr));
      gap: 0.5rem;
    }
    .lp-outcomes__button {
      justify-content: flex-start;
      min-width: 0;
      max-width: 100%;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .lp-outcomes__button--good {
      --mdc-outlined-button-label-text-color: var(--lp-success, #1b6e3a);
      --mat-button-outlined-label-text-color: var(--lp-success, #1b6e3a);
    }
    .lp-outcomes__button--stop {
      --mat-button-outlined-label-text-color: var(--mat-sys-error);
    }
    kbd {
      display: inline-block;
      min-width: 1.25rem;
      margin-inline-end: 0.375rem;
      padding: 0 0.25rem;
      border: 1px solid var(--lp-border);
      border-block-end-width: 2px;
      border-radius: 4px;
      font-family: ui-monospace, monospace;
      font-size: 0.8125rem;
      text-align: center;
    }
  `,
})
export class CallOutcomes {
  readonly leadId = input.required<string>();
  /** Whether the keys 1–7 act on this lead (one such panel on a screen at a time). */
  readonly keys = input(true);
  readonly disabled = input(false);
  readonly logged = output<LogCallResponse>();

  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly locale = inject(LOCALE_ID);
  protected readonly outcomes = CALL_OUTCOMES;
  protected readonly noteMax = CALL_NOTE_MAX_LENGTH;
  protected readonly note = signal('');
  protected readonly busy = signal(false);
  protected readonly label = outcomeLabel;

  protected keyOf(outcome: CallOutcome): string {
    return OUTCOME_KEYS[outcome];
  }

  protected shownKey(outcome: CallOutcome): string {
    return localDigits(OUTCOME_KEYS[outcome], this.locale);
  }

  protected onKey(event: KeyboardEvent): void {
    if (!this.keys() || this.dialog.openDialogs.length) return;
    const outcome = outcomeForKey(event);
    if (!outcome) return;
    event.preventDefault();
    void this.log(outcome);
  }

  async log(outcome: CallOutcome): Promise<void> {
    if (this.busy() || this.disabled()) return;
    let callbackAt: string | undefined;
    if (outcome === 'callback') {
      callbackAt = await firstValueFrom(
        this.dialog
          .open<CallbackDialog, void, string>(CallbackDialog, {
            width: '24rem',
            maxWidth: '92vw',
          })
          .afterClosed(),
      );
      if (!callbackAt) return;
    }
    const note = this.note().trim();
    this.busy.set(true);
    try {
      const result = await this.api.logCall(this.leadId(), {
        outcome,
        ...(callbackAt ? { callbackAt } : {}),
        ...(note ? { note } : {}),
      });
      this.note.set('');
      this.snack.open(
        $localize`:@@admin.desk.logged:Logged: ${outcomeLabel(outcome)}:OUTCOME:`,
        undefined,
        { duration: 3000 },
      );
      this.logged.emit(result);
    } catch (error) {
      this.snack.open(
        error instanceof AdminApiError ? error.message : String(error),
        $localize`:@@admin.dismiss:Dismiss`,
        { duration: 8000, politeness: 'assertive' },
      );
    } finally {
      this.busy.set(false);
    }
  }
}
