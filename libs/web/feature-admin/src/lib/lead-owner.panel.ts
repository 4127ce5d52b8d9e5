import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  output,
  resource,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { type LeadDeskSummary } from '@landing/shared/contracts-admin';
import {
  AdminApi,
  AdminApiError,
  DeskAdminApi,
  staffForAssignment,
} from '@landing/web/data-access-admin';
import { DateTimePipe } from '@landing/web/ui-admin';

/**
 * Who works the lead on the callback desk, its first-call due time and, for admins on an
 * open lead, "Assign to…" (staff on duty first). Every assignment is audited by the server.
 */
@Component({
  selector: 'lp-lead-owner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatSelectModule, DateTimePipe],
  template: `
    <dl class="lp-owner" data-testid="lead-owner">
      <div>
        <dt i18n="@@admin.team.owner">Owner</dt>
        <dd data-testid="lead-owner-email">
          @if (desk()?.ownerEmail; as email) {
            <bdi>{{ email }}</bdi>
          } @else if (desk()?.ownerId) {
            <span i18n="@@admin.team.ownerRemoved">A removed account</span>
          } @else if (desk()) {
            <span i18n="@@admin.team.sharedQueue">Shared queue</span>
          } @else {
            <span i18n="@@admin.team.notOnDesk">Not on the desk</span>
          }
        </dd>
      </div>
      @if (desk()?.assignedAt; as assignedAt) {
        <div>
          <dt i18n="@@admin.team.assignedAt">Assigned</dt>
          <dd>{{ assignedAt | lpDateTime }}</dd>
        </div>
      }
      @if (desk()?.firstContactDueAt; as due) {
        <div>
          <dt i18n="@@admin.team.firstCallDue">First call due</dt>
          <dd>
            {{ due | lpDateTime }}
            @if (desk()?.slaBreachedAt) {
              <span
                class="lp-owner__late"
                data-testid="lead-sla-breached"
                i18n="@@admin.team.slaMissed"
                >SLA missed</span
              >
            }
          </dd>
        </div>
      }
    </dl>
    @if (isAdmin() && open()) {
      <div class="lp-owner__assign">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label i18n="@@admin.team.assignTo">Assign to…</mat-label>
          <mat-select
            [value]="choice()"
            (valueChange)="choice.set($event)"
            data-testid="assign-to"
          >
            @for (member of staff(); track member.userId) {
              <mat-option [value]="member.userId">
                <bdi>{{ member.email }}</bdi>
                ·
                @if (member.onDuty) {
                  <span i18n="@@admin.team.onDuty">On duty</span>
                } @else {
                  <span i18n="@@admin.team.away">Away</span>
                }
              </mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button
          mat-stroked-button
          type="button"
          data-testid="assign"
          [disabled]="busy() || !choice() || choice() === desk()?.ownerId"
          (click)="assign()"
          i18n="@@admin.team.assign"
        >
          Assign
        </button>
      </div>
    }
  `,
  styles: `
    .lp-owner {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.5rem;
      margin: 0 0 0.75rem;
      dt {
        color: var(--lp-muted);
        font-size: 0.8125rem;
      }
      dd {
        margin: 0;
      }
    }
    .lp-owner__late {
      margin-inline-start: 0.5rem;
      padding: 0 0.5rem;
      border-radius: 999px;
      font-size: 0.75rem;
      font-weight: 600;
      background: var(--lp-error-bg, #fde7e9);
      color: var(--lp-error);
    }
    .lp-owner__assign {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      margin-block-end: 1rem;
      mat-form-field {
        min-width: 16rem;
      }
    }
  `,
})
export class LeadOwnerPanel {
  readonly leadId = input.required<string>();
  readonly desk = input<LeadDeskSummary | null>(null);
  /** Whether the lead is still worked (new or contacted): only those are assigned. */
  readonly open = input(false);
  readonly assigned = output();

  private readonly api = inject(AdminApi);
  private readonly deskApi = inject(DeskAdminApi);
  private readonly snack = inject(MatSnackBar);
  protected readonly isAdmin = computed(
    () => this.api.session()?.user.role === 'admin',
  );
  protected readonly choice = signal<string | null>(null);
  protected readonly busy = signal(false);

  private readonly team = resource({
    params: () => (this.isAdmin() && this.open() ? true : undefined),
    loader: ({ abortSignal }) => this.deskApi.staff(abortSignal),
  });
  protected readonly staff = computed(() =>
    staffForAssignment(this.team.hasValue() ? this.team.value().staff : []),
  );

  protected async assign(): Promise<void> {
    const ownerId = this.choice();
    if (!ownerId) return;
    this.busy.set(true);
    try {
      await this.deskApi.assign(this.leadId(), ownerId);
      this.choice.set(null);
      this.team.reload();
      this.snack.open($localize`:@@admin.team.assigned:Lead assigned`);
      this.assigned.emit();
    } catch (error) {
      this.snack.open(
        error instanceof AdminApiError ? error.message : String(error),
        $localize`:@@admin.dismiss:Dismiss`,
        { duration: 8000, politeness: 'assertive' },
      );
    } finally {
      this.busy.set(false);
    }
  }
}
