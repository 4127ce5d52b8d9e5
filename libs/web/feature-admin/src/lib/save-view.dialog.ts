import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import {
  MatDialog,
  MatDialogModule,
  MatDialogRef,
} from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { SAVED_VIEW_LIMITS } from '@landing/shared/contracts-admin';
import { firstValueFrom } from 'rxjs';

/** Asks for the name of a view to save. */
@Component({
  selector: 'lp-save-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
  ],
  template: `
    <form (submit)="save($event, name.value)">
      <h2 mat-dialog-title i18n="@@admin.views.saveTitle">Save this view</h2>
      <mat-dialog-content>
        <p class="lp-save-view__hint" i18n="@@admin.views.saveHint">
          The filters and the sort are saved; anyone on the team can open the
          view's link.
        </p>
        <mat-form-field appearance="outline" class="lp-save-view__field">
          <mat-label i18n="@@admin.views.name">Name</mat-label>
          <input
            matInput
            #name
            name="name"
            required
            [maxLength]="limits.nameMax"
            cdkFocusInitial
          />
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close i18n="@@admin.cancel">
          Cancel
        </button>
        <button mat-flat-button type="submit" i18n="@@admin.views.saveButton">
          Save view
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .lp-save-view__hint {
      margin-block-start: 0;
      color: var(--lp-muted);
    }
    .lp-save-view__field {
      width: 100%;
    }
  `,
})
export class SaveViewDialog {
  protected readonly limits = SAVED_VIEW_LIMITS;
  private readonly ref =
    inject<MatDialogRef<SaveViewDialog, string>>(MatDialogRef);

  static async ask(dialog: MatDialog): Promise<string | undefined> {
    const ref = dialog.open<SaveViewDialog, undefined, string>(SaveViewDialog, {
      width: '28rem',
      maxWidth: '92vw',
    });
    return firstValueFrom(ref.afterClosed());
  }

  protected save(event: Event, name: string): void {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed) this.ref.close(trimmed);
  }
}
