import {
  ChangeDetectionStrategy,
  Component,
  inject,
  LOCALE_ID,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import {
  CALL_OUTCOMES,
  type CallOutcome,
} from '@landing/shared/contracts-desk';
import { outcomeLabel } from './call-outcomes';
import { localDigits, OUTCOME_KEYS } from './desk-queue';

/** The keyboard shortcuts of the lead list and the queue (opened with `?`). */
@Component({
  selector: 'lp-keyboard-help',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title i18n="@@admin.keys.title">Keyboard shortcuts</h2>
    <mat-dialog-content>
      <dl class="lp-keys">
        <dt><kbd>j</kbd> / <kbd>k</kbd></dt>
        <dd i18n="@@admin.keys.move">Next / previous lead</dd>
        <dt><kbd>Enter</kbd></dt>
        <dd i18n="@@admin.keys.open">Open the lead</dd>
        <dt><kbd>Esc</kbd></dt>
        <dd i18n="@@admin.keys.close">Close the lead</dd>
        <dt><kbd>/</kbd></dt>
        <dd i18n="@@admin.keys.search">Search</dd>
        <dt><kbd>?</kbd></dt>
        <dd i18n="@@admin.keys.help">This help</dd>
      </dl>
      <h3 class="lp-keys__title" i18n="@@admin.keys.desk">
        Call outcomes (my queue, an open lead)
      </h3>
      <dl class="lp-keys" data-testid="outcome-keys">
        @for (outcome of outcomes; track outcome) {
          <dt>
            <kbd>{{ key(outcome) }}</kbd>
          </dt>
          <dd>{{ label(outcome) }}</dd>
        }
      </dl>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close type="button" i18n="@@admin.close">
        Close
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .lp-keys {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.5rem 1rem;
      margin: 0;
    }
    dd {
      margin: 0;
    }
    .lp-keys__title {
      margin: 1rem 0 0.5rem;
      font-size: 1rem;
    }
    kbd {
      display: inline-block;
      min-width: 1.5rem;
      padding: 0 0.375rem;
      border: 1px solid var(--lp-border);
      border-block-end-width: 2px;
      border-radius: 4px;
      font-family: ui-monospace, monospace;
      text-align: center;
      direction: ltr;
    }
  `,
})
export class KeyboardHelpDialog {
  private readonly locale = inject(LOCALE_ID);
  protected readonly outcomes = CALL_OUTCOMES;
  protected readonly label = outcomeLabel;
  protected key(outcome: CallOutcome): string {
    return localDigits(OUTCOME_KEYS[outcome], this.locale);
  }
}
