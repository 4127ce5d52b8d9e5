import {
  ChangeDetectionStrategy,
  Component,
  input,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

/** A signing secret shown once: the value, a copy button and the warning that it will not come back. */
@Component({
  selector: 'lp-webhook-secret',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <p
      class="lp-secret__warning"
      role="alert"
      i18n="@@admin.webhooks.secretOnce"
    >
      Copy this signing secret now and store it with the receiver. You won't see
      it again: it is shown only once.
    </p>
    <div class="lp-secret__row">
      <output class="lp-secret" data-testid="webhook-secret" dir="ltr">{{
        secret()
      }}</output>
      <button
        mat-stroked-button
        type="button"
        (click)="copy()"
        data-testid="copy-secret"
      >
        @if (copied()) {
          <ng-container i18n="@@admin.webhooks.copied">Copied</ng-container>
        } @else {
          <ng-container i18n="@@admin.users.copy">Copy</ng-container>
        }
      </button>
    </div>
  `,
  styles: `
    :host {
      display: grid;
      gap: 0.75rem;
    }
    .lp-secret__warning {
      margin: 0;
      padding: 0.625rem 0.875rem;
      border-inline-start: 4px solid var(--lp-queued-ink);
      background: var(--lp-queued-bg);
      color: var(--lp-ink);
      border-radius: 6px;
    }
    .lp-secret__row {
      display: flex;
      gap: 0.5rem;
      align-items: center;
    }
    .lp-secret {
      flex: 1;
      padding: 0.625rem 0.875rem;
      border-radius: 8px;
      background: var(--lp-page);
      border: 1px dashed var(--lp-border);
      font-family: ui-monospace, monospace;
      user-select: all;
      word-break: break-all;
    }
  `,
})
export class WebhookSecret {
  readonly secret = input.required<string>();
  protected readonly copied = signal(false);

  protected async copy(): Promise<void> {
    await navigator.clipboard
      ?.writeText(this.secret())
      .then(() => this.copied.set(true))
      .catch(() => undefined);
  }
}
