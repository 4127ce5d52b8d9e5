import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  LOCALE_ID,
  resource,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { type StaffAvailabilityView } from '@landing/shared/contracts-desk';
import {
  AdminApiError,
  DeskAdminApi,
  staffForAssignment,
} from '@landing/web/data-access-admin';
import {
  AgePipe,
  DateTimePipe,
  EmptyState,
  intlLocale,
  NumberPipe,
  PageHeader,
} from '@landing/web/ui-admin';
import { roleLabel } from './users.page';
import { DeskAlerts } from './desk-alerts';

/** The callback desk's team (admin role): who is on duty since when, their open leads, SLA alerts. */
@Component({
  selector: 'lp-admin-team',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    MatTableModule,
    RouterLink,
    AgePipe,
    DateTimePipe,
    NumberPipe,
    EmptyState,
    PageHeader,
  ],
  template: `
    <lp-page-header [heading]="heading" [subtitle]="subtitle()">
      <button
        mat-stroked-button
        type="button"
        (click)="refresh()"
        i18n="@@admin.team.refresh"
      >
        Refresh
      </button>
    </lp-page-header>

    <section class="lp-card lp-team" data-testid="team">
      @if (team.isLoading()) {
        <mat-progress-bar mode="indeterminate" />
      }
      @if (team.error(); as error) {
        <lp-empty-state [heading]="errorText(error)" />
      } @else if (team.hasValue()) {
        <table
          mat-table
          [dataSource]="staff()"
          i18n-aria-label="@@admin.team.title"
          aria-label="Team"
        >
          <ng-container matColumnDef="email">
            <th mat-header-cell *matHeaderCellDef i18n="@@admin.email">
              Email
            </th>
            <td mat-cell *matCellDef="let member">
              <bdi>{{ member.email }}</bdi>
            </td>
          </ng-container>
          <ng-container matColumnDef="role">
            <th mat-header-cell *matHeaderCellDef i18n="@@admin.users.role">
              Role
            </th>
            <td mat-cell *matCellDef="let member">
              {{ roleName(member) }}
            </td>
          </ng-container>
          <ng-container matColumnDef="duty">
            <th mat-header-cell *matHeaderCellDef i18n="@@admin.team.duty">
              Availability
            </th>
            <td mat-cell *matCellDef="let member">
              @if (member.onDuty) {
                <span
                  class="lp-pill lp-pill--on"
                  data-testid="duty-on"
                  i18n="@@admin.team.onDuty"
                  >On duty</span
                >
              } @else {
                <span
                  class="lp-pill lp-pill--off"
                  data-testid="duty-away"
                  i18n="@@admin.team.away"
                  >Away</span
                >
              }
            </td>
          </ng-container>
          <ng-container matColumnDef="since">
            <th mat-header-cell *matHeaderCellDef i18n="@@admin.team.since">
              Since
            </th>
            <td mat-cell *matCellDef="let member">
              @if (member.changedAt) {
                <span [title]="member.changedAt | lpDateTime">{{
                  member.changedAt | lpAge: now()
                }}</span>
              } @else {
                <span class="lp-muted">—</span>
              }
            </td>
          </ng-container>
          <ng-container matColumnDef="open">
            <th mat-header-cell *matHeaderCellDef i18n="@@admin.team.openLeads">
              Open leads
            </th>
            <td mat-cell *matCellDef="let member" data-testid="open-leads">
              {{ member.openLeads | lpNumber }}
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr
            mat-row
            *matRowDef="let member; columns: columns"
            [attr.data-email]="member.email"
          ></tr>
        </table>
      }
    </section>

    <section class="lp-card lp-alerts" data-testid="desk-alerts">
      <h2 class="lp-alerts__title" i18n="@@admin.team.alerts">
        First calls past their due time
      </h2>
      @if (alerts.list().length === 0) {
        <lp-empty-state [heading]="noAlerts" [message]="noAlertsHint" />
      } @else {
        <ul class="lp-alerts__list">
          @for (alert of alerts.list(); track alert.id) {
            <li data-testid="desk-alert" [attr.data-lead]="alert.leadId">
              <span class="lp-pill lp-pill--late" i18n="@@admin.team.slaMissed"
                >SLA missed</span
              >
              <span>{{ alert.createdAt | lpDateTime }}</span>
              <span class="lp-muted"
                ><bdi>{{ ownerEmail(alert.ownerId) }}</bdi></span
              >
              <a
                mat-button
                [routerLink]="['/leads']"
                [queryParams]="{ lead: alert.leadId }"
                i18n="@@admin.team.openLead"
                >Open the lead</a
              >
            </li>
          }
        </ul>
      }
    </section>
  `,
  styles: `
    .lp-team {
      overflow: auto;
      margin-block-end: 1.5rem;
      table {
        width: 100%;
      }
    }
    .lp-alerts {
      padding: 1rem 1.25rem;
    }
    .lp-alerts__title {
      margin: 0 0 0.5rem;
      font-size: 1.125rem;
    }
    .lp-alerts__list {
      list-style: none;
      margin: 0;
      padding: 0;
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem;
        padding-block: 0.375rem;
        border-block-end: 1px solid var(--lp-divider);
      }
    }
    .lp-muted {
      color: var(--lp-muted);
    }
    .lp-pill {
      display: inline-block;
      padding: 0 0.625rem;
      border-radius: 999px;
      font-size: 0.8125rem;
      font-weight: 600;
      line-height: 1.5rem;
    }
    .lp-pill--on {
      background: var(--lp-ok-bg);
      color: var(--lp-ok);
    }
    .lp-pill--off {
      background: var(--lp-neutral-bg);
      color: var(--lp-muted);
    }
    .lp-pill--late {
      background: var(--lp-error-bg);
      color: var(--lp-error);
    }
  `,
})
export class TeamPage {
  private readonly desk = inject(DeskAdminApi);
  private readonly locale = inject(LOCALE_ID);
  protected readonly alerts = inject(DeskAlerts);
  protected readonly heading = $localize`:@@admin.team.title:Team`;
  protected readonly noAlerts = $localize`:@@admin.team.noAlerts:No SLA breaches`;
  protected readonly noAlertsHint = $localize`:@@admin.team.noAlertsHint:Every first call so far was made in time.`;
  protected readonly columns = ['email', 'role', 'duty', 'since', 'open'];
  protected readonly now = signal(new Date());

  protected readonly team = resource({
    loader: ({ abortSignal }) => this.desk.staff(abortSignal),
  });
  protected readonly staff = computed(() =>
    staffForAssignment(this.team.hasValue() ? this.team.value().staff : []),
  );
  protected readonly subtitle = computed(() => {
    if (!this.team.hasValue()) return '';
    const format = new Intl.NumberFormat(intlLocale(this.locale));
    const { onDuty, staff } = this.team.value();
    return $localize`:@@admin.team.onDutyCount:${format.format(onDuty)}:ON_DUTY: of ${format.format(staff.length)}:TOTAL: on duty`;
  });

  constructor() {
    // The team changes while the page is open: the same 60 s beat as the alerts.
    const timer = setInterval(() => this.refresh(), 60_000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
    this.alerts.refresh();
  }

  protected refresh(): void {
    this.now.set(new Date());
    this.team.reload();
    this.alerts.refresh();
  }

  protected roleName(member: StaffAvailabilityView): string {
    return member.role === 'admin' || member.role === 'reviewer'
      ? roleLabel(member.role)
      : member.role;
  }

  protected ownerEmail(ownerId: string | null): string {
    if (!ownerId) return $localize`:@@admin.team.sharedQueue:Shared queue`;
    return (
      this.staff().find((member) => member.userId === ownerId)?.email ?? ''
    );
  }

  protected errorText(error: unknown): string {
    return error instanceof AdminApiError ? error.message : String(error);
  }
}
