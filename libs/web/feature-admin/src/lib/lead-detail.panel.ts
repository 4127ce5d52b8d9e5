import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { type LeadDetailResponse } from '@landing/shared/contracts-admin';
import { type LeadStatus } from '@landing/shared/contracts-lead';
import { AdminApi, AdminApiError } from '@landing/web/data-access-admin';
import { AdminText } from './admin-text';
import { VisitorTextPipe } from './visitor-text.pipe';

/** One lead: status, notes, submissions with attribution, audit trail; erasure for admins. */
@Component({
  selector: 'lp-lead-detail',
  imports: [VisitorTextPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <aside class="lp-detail" [attr.aria-label]="text.t('detail')">
      <button type="button" class="lp-close" (click)="closed.emit()">
        {{ text.t('close') }}
      </button>
      @if (error()) {
        <p role="alert" class="lp-admin-error">{{ error() }}</p>
      }
      @if (detail(); as d) {
        <h2 dir="ltr">{{ d.lead.phone }}</h2>
        <p>
          <bdi>{{ d.lead.name | visitorText }}</bdi>
          <span dir="ltr"
            ><bdi>{{ d.lead.email | visitorText }}</bdi></span
          >
        </p>
        <p>
          {{ text.t('status') }}:
          <strong data-testid="lead-status">{{
            text.status(d.lead.status)
          }}</strong>
        </p>
        @if (d.nextStatuses.length) {
          <label>
            {{ text.t('setStatus') }}
            <select #next data-testid="next-status">
              @for (status of d.nextStatuses; track status) {
                <option [value]="status">{{ text.status(status) }}</option>
              }
            </select>
          </label>
          <button type="button" (click)="changeStatus(next.value)">
            {{ text.t('change') }}
          </button>
        }

        <h3>{{ text.t('notes') }}</h3>
        <form (submit)="addNote($event, note)">
          <textarea
            #note
            name="note"
            rows="3"
            maxlength="4000"
            [attr.aria-label]="text.t('addNote')"
          ></textarea>
          <button type="submit">{{ text.t('addNote') }}</button>
        </form>
        <ul data-testid="notes">
          @for (n of d.notes; track n.id) {
            <li>
              <p>
                <bdi>{{ n.text | visitorText }}</bdi>
              </p>
              <small>{{ n.authorEmail }} · {{ text.date(n.createdAt) }}</small>
            </li>
          }
        </ul>

        <h3>{{ text.t('submissions') }}</h3>
        <ul>
          @for (s of d.submissions; track s.submissionId) {
            <li>
              {{ text.date(s.receivedAt) }} ·
              <bdi>{{ (s.utmSource | visitorText) || '-' }}</bdi> /
              <bdi>{{ (s.utmCampaign | visitorText) || '-' }}</bdi> ·
              <span dir="ltr"
                ><bdi>{{ s.landingPath | visitorText }}</bdi></span
              >
            </li>
          }
        </ul>

        <h3>{{ text.t('audit') }}</h3>
        <ul data-testid="audit">
          @for (e of d.audit.events; track e.id) {
            <li>
              {{ text.date(e.occurredAt) }} · {{ e.type }} ·
              {{ e.actor?.username ?? '-' }}
            </li>
          }
        </ul>

        @if (isAdmin()) {
          <button type="button" class="lp-danger" (click)="erase()">
            {{ text.t('erase') }}
          </button>
        }
      }
    </aside>
  `,
  styles: `
    .lp-detail {
      border-inline-start: 1px solid #ccc;
      padding: 1rem;
      overflow: auto;
    }
    .lp-close {
      float: inline-end;
    }
    .lp-danger {
      background: #b00020;
      color: #fff;
      border: 0;
      padding: 0.5rem 1rem;
      margin-top: 1rem;
    }
    .lp-admin-error {
      color: #b00020;
    }
    textarea {
      width: 100%;
      font: inherit;
    }
  `,
})
export class LeadDetailPanel {
  readonly leadId = input.required<string>();
  readonly closed = output();
  /** A change that the list should show (status) or a lead that is gone (erased). */
  readonly changed = output<{ id: string; erased: boolean }>();

  protected readonly text = inject(AdminText);
  private readonly api = inject(AdminApi);
  protected readonly detail = signal<LeadDetailResponse | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly isAdmin = computed(
    () => this.api.session()?.user.role === 'admin',
  );

  constructor() {
    effect(() => {
      void this.load(this.leadId());
    });
  }

  protected async changeStatus(status: string): Promise<void> {
    await this.run(async () => {
      await this.api.changeStatus(this.leadId(), status as LeadStatus);
      this.changed.emit({ id: this.leadId(), erased: false });
    });
  }

  protected async addNote(
    event: Event,
    field: HTMLTextAreaElement,
  ): Promise<void> {
    event.preventDefault();
    const value = field.value.trim();
    if (!value) return;
    await this.run(async () => {
      await this.api.addNote(this.leadId(), value);
      field.value = '';
    });
  }

  protected async erase(): Promise<void> {
    if (!confirm(this.text.t('confirmErase'))) return;
    try {
      await this.api.erase(this.leadId());
      this.changed.emit({ id: this.leadId(), erased: true });
    } catch (error) {
      this.error.set(
        error instanceof AdminApiError ? error.message : String(error),
      );
    }
  }

  private async run(action: () => Promise<void>): Promise<void> {
    try {
      this.error.set(null);
      await action();
      await this.load(this.leadId());
    } catch (error) {
      this.error.set(
        error instanceof AdminApiError ? error.message : String(error),
      );
    }
  }

  private async load(id: string): Promise<void> {
    try {
      this.detail.set(await this.api.detail(id));
    } catch (error) {
      this.detail.set(null);
      this.error.set(
        error instanceof AdminApiError ? error.message : String(error),
      );
    }
  }
}
