import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';

/** The lead list's keyboard shortcuts (opened with `?`). */
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
export class KeyboardHelpDialog {}
