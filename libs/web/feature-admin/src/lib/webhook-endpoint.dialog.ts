import {
  ChangeDetectionStrategy,
  Component,
  inject,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import {
  MAT_DIALOG_DATA,
  MatDialog,
  MatDialogModule,
  MatDialogRef,
} from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import {
  WEBHOOK_DESCRIPTION_MAX_LENGTH,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_URL_MAX_LENGTH,
  type WebhookEndpointView,
  type WebhookEventType,
} from '@landing/shared/contracts-webhooks';
import { AdminApiError, WebhooksApi } from '@landing/web/data-access-admin';
import { firstValueFrom } from 'rxjs';
import { webhookEventLabel } from './webhook-labels';
import { WebhookSecret } from './webhook-secret';

/**
 * Adds an endpoint (then shows its signing secret once) or edits one: URL, events,
 * description, active or paused.
 */
@Component({
  selector: 'lp-webhook-endpoint-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSlideToggleModule,
    WebhookSecret,
  ],
  template: `
    @if (secret(); as s) {
      <h2 mat-dialog-title i18n="@@admin.webhooks.createdTitle">
        Endpoint added
      </h2>
      <mat-dialog-content>
        <lp-webhook-secret [secret]="s" />
        <p class="lp-hint" i18n="@@admin.webhooks.createdHint">
          The receiver verifies each request's webhook-signature header with
          this secret (Standard Webhooks).
        </p>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button
          mat-flat-button
          type="button"
          [mat-dialog-close]="true"
          i18n="@@admin.webhooks.secretSaved"
        >
          I have stored it
        </button>
      </mat-dialog-actions>
    } @else {
      <form (submit)="submit($event, url.value, description.value)">
        <h2 mat-dialog-title>
          @if (endpoint) {
            <ng-container i18n="@@admin.webhooks.editTitle"
              >Edit endpoint</ng-container
            >
          } @else {
            <ng-container i18n="@@admin.webhooks.add"
              >Add an endpoint</ng-container
            >
          }
        </h2>
        <mat-dialog-content class="lp-form">
          <mat-form-field appearance="outline">
            <mat-label i18n="@@admin.webhooks.url">Receiver URL</mat-label>
            <input
              matInput
              #url
              type="url"
              name="url"
              dir="ltr"
              required
              placeholder="https://example.com/hooks/leads"
              [value]="endpoint?.url ?? ''"
              [maxLength]="urlMax"
            />
            <mat-hint i18n="@@admin.webhooks.urlHint"
              >HTTPS, on a public address</mat-hint
            >
          </mat-form-field>
          <fieldset class="lp-events">
            <legend i18n="@@admin.webhooks.events">Events</legend>
            @for (type of types; track type) {
              <mat-checkbox
                [checked]="events().has(type)"
                (change)="toggle(type, $event.checked)"
                [attr.data-event]="type"
              >
                {{ label(type) }} <code dir="ltr">{{ type }}</code>
              </mat-checkbox>
            }
          </fieldset>
          <mat-form-field appearance="outline">
            <mat-label i18n="@@admin.webhooks.description"
              >Description</mat-label
            >
            <input
              matInput
              #description
              name="description"
              [value]="endpoint?.description ?? ''"
              [maxLength]="descriptionMax"
            />
          </mat-form-field>
          <mat-slide-toggle
            [checked]="active()"
            (change)="active.set($event.checked)"
            i18n="@@admin.webhooks.activeToggle"
            >Active: send deliveries to it</mat-slide-toggle
          >
          @if (error()) {
            <p role="alert" class="lp-error">{{ error() }}</p>
          }
        </mat-dialog-content>
        <mat-dialog-actions align="end">
          <button
            mat-button
            type="button"
            [mat-dialog-close]="false"
            i18n="@@admin.cancel"
          >
            Cancel
          </button>
          <button mat-flat-button type="submit" [disabled]="busy()">
            @if (endpoint) {
              <ng-container i18n="@@admin.webhooks.save">Save</ng-container>
            } @else {
              <ng-container i18n="@@admin.webhooks.create"
                >Add endpoint</ng-container
              >
            }
          </button>
        </mat-dialog-actions>
      </form>
    }
  `,
  styles: `
    .lp-form {
      display: grid;
      gap: 0.5rem;
      padding-top: 0.5rem;
    }
    .lp-events {
      display: grid;
      margin: 0 0 0.5rem;
      padding: 0.25rem 0.75rem 0.5rem;
      border: 1px solid var(--lp-divider);
      border-radius: 8px;
    }
    .lp-events legend {
      padding: 0 0.25rem;
      color: var(--lp-muted);
    }
    .lp-events code {
      color: var(--lp-muted);
      font-size: 0.8125rem;
      margin-inline-start: 0.25rem;
    }
    .lp-error {
      margin: 0;
      padding: 0.5rem 0.75rem;
      border-inline-start: 4px solid var(--lp-error);
      background: var(--lp-error-bg);
      color: var(--lp-error);
    }
    .lp-hint {
      color: var(--lp-muted);
    }
  `,
})
export class WebhookEndpointDialog {
  private readonly api = inject(WebhooksApi);
  private readonly ref =
    inject<MatDialogRef<WebhookEndpointDialog, boolean>>(MatDialogRef);
  protected readonly endpoint = inject<WebhookEndpointView | null>(
    MAT_DIALOG_DATA,
  );
  protected readonly types = WEBHOOK_EVENT_TYPES;
  protected readonly label = webhookEventLabel;
  protected readonly urlMax = WEBHOOK_URL_MAX_LENGTH;
  protected readonly descriptionMax = WEBHOOK_DESCRIPTION_MAX_LENGTH;
  protected readonly events = signal<ReadonlySet<WebhookEventType>>(
    new Set(this.endpoint?.events ?? ['lead.created']),
  );
  protected readonly active = signal(
    this.endpoint ? this.endpoint.state === 'active' : true,
  );
  protected readonly secret = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  /** Adds (endpoint null) or edits one; true when something changed. */
  static async open(
    dialog: MatDialog,
    endpoint: WebhookEndpointView | null,
  ): Promise<boolean> {
    const ref = dialog.open<
      WebhookEndpointDialog,
      WebhookEndpointView | null,
      boolean
    >(WebhookEndpointDialog, {
      data: endpoint,
      width: '36rem',
      maxWidth: '94vw',
      disableClose: true,
    });
    return (await firstValueFrom(ref.afterClosed())) === true;
  }

  protected toggle(type: WebhookEventType, on: boolean): void {
    const next = new Set(this.events());
    if (on) next.add(type);
    else next.delete(type);
    this.events.set(next);
  }

  protected async submit(
    event: Event,
    url: string,
    description: string,
  ): Promise<void> {
    event.preventDefault();
    const events = this.types.filter((type) => this.events().has(type));
    if (events.length === 0) {
      this.error.set(
        $localize`:@@admin.webhooks.noEvents:Choose at least one event.`,
      );
      return;
    }
    this.error.set(null);
    this.busy.set(true);
    try {
      const state = this.active() ? 'active' : 'paused';
      if (this.endpoint) {
        await this.api.update(this.endpoint.id, {
          url: url.trim(),
          events,
          description: description.trim(),
          // Only a change of the toggle: a disabled endpoint stays disabled unless switched on.
          ...(this.active() !== (this.endpoint.state === 'active')
            ? { state }
            : {}),
        });
        this.ref.close(true);
        return;
      }
      const created = await this.api.create({
        url: url.trim(),
        events,
        description: description.trim(),
      });
      if (state === 'paused')
        await this.api.update(created.endpoint.id, { state });
      this.secret.set(created.secret);
    } catch (error) {
      this.error.set(
        error instanceof AdminApiError ? error.message : String(error),
      );
    } finally {
      this.busy.set(false);
    }
  }
}
