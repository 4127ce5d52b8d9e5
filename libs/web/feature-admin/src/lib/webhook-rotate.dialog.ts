import {
  ChangeDetectionStrategy,
  Component,
  inject,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogModule,
  MatDialogRef,
} from '@angular/material/dialog';
import { type WebhookEndpointView } from '@landing/shared/contracts-webhooks';
import { AdminApiError, WebhooksApi } from '@landing/web/data-access-admin';
import { firstValueFrom } from 'rxjs';
import { WebhookSecret } from './webhook-secret';

/** Explains the overlap, rotates the signing secret, then shows the new one once. */
@Component({
  selector: 'lp-webhook-rotate-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule, WebhookSecret],
  template: `
    <h2 mat-dialog-title i18n="@@admin.webhooks.rotateTitle">
      Rotate the signing secret
    </h2>
    <mat-dialog-content>
      @if (secret(); as s) {
        <lp-webhook-secret [secret]="s" />
      } @else {
        <p i18n="@@admin.webhooks.rotateExplain">
          A new secret signs every delivery from now on. For the next 24 hours
          each request also carries a signature made with the old secret, so the
          receiver keeps accepting deliveries while you install the new one.
          After that only the new secret signs.
        </p>
        @if (error()) {
          <p role="alert" class="lp-error">{{ error() }}</p>
        }
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      @if (secret()) {
        <button
          mat-flat-button
          type="button"
          [mat-dialog-close]="true"
          i18n="@@admin.webhooks.secretSaved"
        >
          I have stored it
        </button>
      } @else {
        <button
          mat-button
          type="button"
          [mat-dialog-close]="false"
          i18n="@@admin.cancel"
        >
          Cancel
        </button>
        <button
          mat-flat-button
          type="button"
          (click)="rotate()"
          [disabled]="busy()"
          i18n="@@admin.webhooks.rotate"
        >
          Rotate secret
        </button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    p {
      max-width: 32rem;
    }
    .lp-error {
      padding: 0.5rem 0.75rem;
      border-inline-start: 4px solid var(--lp-error);
      background: var(--lp-error-bg);
      color: var(--lp-error);
    }
  `,
})
export class WebhookRotateDialog {
  private readonly api = inject(WebhooksApi);
  private readonly ref =
    inject<MatDialogRef<WebhookRotateDialog, boolean>>(MatDialogRef);
  private readonly endpoint = inject<WebhookEndpointView>(MAT_DIALOG_DATA);
  protected readonly secret = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  static async open(
    dialog: MatDialog,
    endpoint: WebhookEndpointView,
  ): Promise<boolean> {
    const ref = dialog.open<WebhookRotateDialog, WebhookEndpointView, boolean>(
      WebhookRotateDialog,
      {
        data: endpoint,
        width: '36rem',
        maxWidth: '94vw',
        disableClose: true,
      },
    );
    return (await firstValueFrom(ref.afterClosed())) === true;
  }

  protected async rotate(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      this.secret.set((await this.api.rotateSecret(this.endpoint.id)).secret);
      this.ref.disableClose = true;
    } catch (error) {
      this.error.set(
        error instanceof AdminApiError ? error.message : String(error),
      );
    } finally {
      this.busy.set(false);
    }
  }
}
