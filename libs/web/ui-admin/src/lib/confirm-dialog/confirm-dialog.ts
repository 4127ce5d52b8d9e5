import {
  ChangeDetectionStrategy,
  Component,
  inject,
  Injectable,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogModule,
} from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

export interface ConfirmOptions {
  title: string;
  message: string;
  /** The button that goes ahead, named for what it does ("Erase", not "OK"). */
  confirmLabel: string;
  /** A destructive action: the button is red. */
  danger?: boolean;
}

/** Asks before something that cannot be taken back. Cancel has the focus first. */
@Component({
  selector: 'lp-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="lp-confirm__message">{{ data.message }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button
        mat-button
        type="button"
        [mat-dialog-close]="false"
        cdkFocusInitial
      >
        {{ cancelLabel }}
      </button>
      <button
        mat-flat-button
        type="button"
        [class.lp-confirm__danger]="data.danger"
        [mat-dialog-close]="true"
      >
        {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .lp-confirm__message {
      margin: 0;
      max-width: 28rem;
    }
    .lp-confirm__danger {
      --mat-button-filled-container-color: var(--lp-error);
      --mat-button-filled-label-text-color: var(--lp-surface);
    }
  `,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmOptions>(MAT_DIALOG_DATA);
  protected readonly cancelLabel = $localize`:@@admin.cancel:Cancel`;
}

/** `await confirm.ask({...})` is true only when the person chose to go ahead. */
@Injectable({ providedIn: 'root' })
export class Confirm {
  private readonly dialog = inject(MatDialog);

  async ask(options: ConfirmOptions): Promise<boolean> {
    const ref = this.dialog.open<ConfirmDialog, ConfirmOptions, boolean>(
      ConfirmDialog,
      { data: options, width: '28rem', maxWidth: '92vw', role: 'alertdialog' },
    );
    return (await firstValueFrom(ref.afterClosed())) === true;
  }
}
