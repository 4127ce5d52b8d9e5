import { inject, Injectable } from '@angular/core';
import {
  ADMIN_API,
  type OverviewQuery,
  type SlaPerDayResponse,
} from '@landing/shared/contracts-admin';
import {
  type BusinessCalendarRequest,
  type BusinessCalendarResponse,
  DESK_API,
  type DeskAlertView,
  type DeskLeadView,
  type StaffOnDutyResponse,
} from '@landing/shared/contracts-desk';
import { type FieldError } from '@landing/shared/contracts-lead';
import {
  AdminApi,
  AdminApiError,
  type AdminRefusal,
  queryString,
} from './admin-api';

/** A refused desk call, with the server's field errors (the calendar form shows them). */
export class DeskAdminApiError extends AdminApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly fields: readonly FieldError[],
  ) {
    super(status, code, message);
  }
}

/** Desk refusals keep the server's field errors. */
const deskRefusal: AdminRefusal = (status, error, statusText) =>
  new DeskAdminApiError(
    status,
    error?.code ?? 'INTERNAL_ERROR',
    error?.message ?? statusText,
    error?.fields ?? [],
  );

/**
 * The admin's side of the callback desk: the team and its availability, reassigning a lead,
 * SLA alerts and the business calendar. Shares the session (and its CSRF token) of
 * {@link AdminApi}.
 */
@Injectable({ providedIn: 'root' })
export class DeskAdminApi {
  private readonly admin = inject(AdminApi);

  staff(signal?: AbortSignal): Promise<StaffOnDutyResponse> {
    return this.call('GET', DESK_API.staffOnDuty, undefined, signal);
  }

  assign(leadId: string, ownerId: string): Promise<DeskLeadView> {
    return this.call('POST', DESK_API.assign(leadId), { ownerId });
  }

  alerts(signal?: AbortSignal): Promise<DeskAlertView[]> {
    return this.call('GET', DESK_API.alerts, undefined, signal);
  }

  calendar(signal?: AbortSignal): Promise<BusinessCalendarResponse> {
    return this.call('GET', DESK_API.businessCalendar, undefined, signal);
  }

  saveCalendar(
    settings: BusinessCalendarRequest,
  ): Promise<BusinessCalendarResponse> {
    return this.call('PUT', DESK_API.businessCalendar, settings);
  }

  /** The overview's SLA chart: first contacts within / past their due time per day. */
  slaPerDay(
    query: OverviewQuery,
    signal?: AbortSignal,
  ): Promise<SlaPerDayResponse> {
    return this.call(
      'GET',
      `${ADMIN_API.overviewSla}${queryString({ ...query })}`,
      undefined,
      signal,
    );
  }

  private call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    return this.admin.request(method, path, body, signal, deskRefusal);
  }
}

/** Staff for an "Assign to…" choice: on duty first, then by e-mail. */
export function staffForAssignment<
  T extends { onDuty: boolean; email: string },
>(staff: readonly T[]): T[] {
  return [...staff].sort(
    (a, b) =>
      Number(b.onDuty) - Number(a.onDuty) || a.email.localeCompare(b.email),
  );
}
