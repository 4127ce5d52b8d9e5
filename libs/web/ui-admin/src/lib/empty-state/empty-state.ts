import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** What a screen shows when it has nothing to list: what happened, and what to do next. */
@Component({
  selector: 'lp-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status' },
  template: `
    <svg viewBox="0 0 64 64" width="64" height="64" aria-hidden="true">
      <rect
        x="8"
        y="14"
        width="48"
        height="36"
        rx="6"
        fill="var(--lp-brand-soft)"
      />
      <path
        d="M8 34h14l4 6h12l4-6h14"
        fill="none"
        stroke="var(--lp-brand)"
        stroke-width="3"
        stroke-linejoin="round"
      />
    </svg>
    <h2 class="lp-empty__heading">{{ heading() }}</h2>
    @if (message()) {
      <p class="lp-empty__message">{{ message() }}</p>
    }
    <div class="lp-empty__actions"><ng-content /></div>
  `,
  styles: `
    :host {
      display: grid;
      justify-items: center;
      gap: 0.5rem;
      padding: 3rem 1rem;
      text-align: center;
      color: var(--lp-muted);
    }
    .lp-empty__heading {
      margin: 0.5rem 0 0;
      font-size: 1.125rem;
      color: var(--lp-ink);
    }
    .lp-empty__message {
      margin: 0;
      max-width: 32rem;
    }
    .lp-empty__actions:empty {
      display: none;
    }
  `,
})
export class EmptyState {
  readonly heading = input.required<string>();
  readonly message = input<string>('');
}
