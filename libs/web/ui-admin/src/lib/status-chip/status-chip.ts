import {
  ChangeDetectionStrategy,
  Component,
  computed,
  input,
} from '@angular/core';
import { type LeadStatus } from '@landing/shared/contracts-lead';
import { statusLabel } from '../format/status-label';

/** A lead's status as a coloured chip; the colour never carries meaning alone (the word does). */
@Component({
  selector: 'lp-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'lp-status',
    '[class]': '"lp-status lp-status--" + status()',
    '[attr.data-status]': 'status()',
  },
  template: `<span class="lp-status__dot" aria-hidden="true"></span
    >{{ label() }}`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      padding: 0.125rem 0.625rem;
      border-radius: 999px;
      font-size: 0.8125rem;
      font-weight: 600;
      line-height: 1.5rem;
      white-space: nowrap;
      background: var(--lp-status-bg);
      color: var(--lp-status-ink);
    }
    .lp-status__dot {
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: currentColor;
    }
  `,
})
export class StatusChip {
  readonly status = input.required<LeadStatus>();
  protected readonly label = computed(() => statusLabel(this.status()));
}
