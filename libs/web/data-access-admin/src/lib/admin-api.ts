import { Injectable, signal } from '@angular/core';
import {
  ADMIN_API,
  ADMIN_CSRF_HEADER,
  type AdminRole,
  type OwnLanguage,
  type StaffLanguage,
  type AdminSessionResponse,
  type AdminUserListItem,
  type BulkLeadStatusResponse,
  type CreateAdminUserResponse,
  type LeadDetailResponse,
  type LeadListQuery,
  type LeadListResponse,
  type LeadNoteView,
  type LeadQualityResponse,
  type LeadsPerDayQuery,
  type LeadsPerDayResponse,
  type LeadSummary,
  type LeadTimelineResponse,
  type OverviewQuery,
  type ResponseTimeResponse,
  type RevokeSessionsResponse,
  type SavedView,
  type SavedViewFilter,
  type SavedViewListResponse,
  type StatusFunnelResponse,
} from '@landing/shared/contracts-admin';
import {
  type AvailabilityResponse,
  type AvailabilityStatus,
  DESK_API,
  type DeskLeadView,
  type LeadCallsResponse,
  type LogCallRequest,
  type LogCallResponse,
  type QueueResponse,
} from '@landing/shared/contracts-desk';
import {
  type ErrorResponse,
  type LeadStatus,
} from '@landing/shared/contracts-lead';

/** A failed admin api call, with the stable error code the screen branches on. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A query string from an object, without empty values. */
export function queryString(
  query: Readonly<Record<string, string | undefined | null>>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The query string of the list and the export, without empty values. */
export function leadQueryString(query: LeadListQuery): string {
  return queryString({ ...query });
}

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Method = AdminMethod;

/** What a client makes of a refused request: the error it throws. */
export type AdminRefusal = (
  status: number,
  error: Partial<ErrorResponse> | null,
  statusText: string,
) => Error;

const defaultRefusal: AdminRefusal = (status, error, statusText) =>
  new AdminApiError(
    status,
    error?.code ?? 'INTERNAL_ERROR',
    error?.message ?? statusText,
  );

/**
 * The admin api over fetch. The session lives in an HttpOnly cookie the browser sends by
 * itself; the CSRF token is kept here, in memory only, and sent on every change. Reads take
 * an AbortSignal, so a screen that asks again cancels the answer it no longer wants.
 */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  readonly session = signal<AdminSessionResponse | null>(null);
  private restoring?: Promise<AdminSessionResponse | null>;

  /** The current session, asked of the server once per page load. */
  restore(): Promise<AdminSessionResponse | null> {
    this.restoring ??= this.call<AdminSessionResponse>(
      'GET',
      ADMIN_API.session,
    ).then(
      (session) => this.remember(session),
      () => null,
    );
    return this.restoring;
  }

  async login(email: string, password: string): Promise<AdminSessionResponse> {
    const session = await this.call<AdminSessionResponse>(
      'POST',
      ADMIN_API.login,
      { email, password },
    );
    this.restoring = Promise.resolve(session);
    return this.remember(session);
  }

  async logout(): Promise<void> {
    await this.call<void>('POST', ADMIN_API.logout, {}).catch(() => undefined);
    this.session.set(null);
    this.restoring = Promise.resolve(null);
  }

  /** Sets one's own password; the server ends one's other sessions. */
  async changeOwnPassword(
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    await this.call<unknown>('POST', ADMIN_API.ownPassword, {
      currentPassword,
      newPassword,
    });
    const session = await this.call<AdminSessionResponse>(
      'GET',
      ADMIN_API.session,
    );
    this.restoring = Promise.resolve(session);
    this.remember(session);
  }

  list(query: LeadListQuery, signal?: AbortSignal): Promise<LeadListResponse> {
    return this.call(
      'GET',
      `${ADMIN_API.leads}${leadQueryString(query)}`,
      undefined,
      signal,
    );
  }

  detail(id: string, signal?: AbortSignal): Promise<LeadDetailResponse> {
    return this.call('GET', ADMIN_API.lead(id), undefined, signal);
  }

  timeline(id: string, signal?: AbortSignal): Promise<LeadTimelineResponse> {
    return this.call('GET', ADMIN_API.leadTimeline(id), undefined, signal);
  }

  changeStatus(id: string, status: LeadStatus): Promise<LeadSummary> {
    return this.call('PATCH', `${ADMIN_API.lead(id)}/status`, { status });
  }

  addNote(id: string, text: string): Promise<LeadNoteView> {
    return this.call('POST', `${ADMIN_API.lead(id)}/notes`, { text });
  }

  bulkStatus(
    ids: string[],
    status: LeadStatus,
  ): Promise<BulkLeadStatusResponse> {
    return this.call('POST', ADMIN_API.leadsBulkStatus, { ids, status });
  }

  erase(id: string): Promise<{ erased: true }> {
    return this.call('DELETE', ADMIN_API.lead(id));
  }

  /** URL of the CSV export of a filter (a plain download: the cookie goes with it). */
  exportUrl(query: LeadListQuery): string {
    return `${ADMIN_API.leadsExport}${leadQueryString({ ...query, cursor: undefined, limit: undefined })}`;
  }

  ownLanguage(signal?: AbortSignal): Promise<OwnLanguage> {
    return this.call('GET', ADMIN_API.ownLanguage, undefined, signal);
  }

  setOwnLanguage(language: StaffLanguage): Promise<OwnLanguage> {
    return this.call('PUT', ADMIN_API.ownLanguage, { language });
  }

  views(signal?: AbortSignal): Promise<SavedViewListResponse> {
    return this.call('GET', ADMIN_API.views, undefined, signal);
  }

  view(id: string, signal?: AbortSignal): Promise<SavedView> {
    return this.call('GET', ADMIN_API.view(id), undefined, signal);
  }

  saveView(name: string, filter: SavedViewFilter): Promise<SavedView> {
    return this.call('POST', ADMIN_API.views, { name, filter });
  }

  deleteView(id: string): Promise<void> {
    return this.call('DELETE', ADMIN_API.view(id));
  }

  leadsPerDay(
    query: LeadsPerDayQuery,
    signal?: AbortSignal,
  ): Promise<LeadsPerDayResponse> {
    return this.call(
      'GET',
      `${ADMIN_API.overviewLeadsPerDay}${queryString({ ...query })}`,
      undefined,
      signal,
    );
  }

  funnel(
    query: OverviewQuery,
    signal?: AbortSignal,
  ): Promise<StatusFunnelResponse> {
    return this.call(
      'GET',
      `${ADMIN_API.overviewFunnel}${queryString({ ...query })}`,
      undefined,
      signal,
    );
  }

  quality(
    query: OverviewQuery,
    signal?: AbortSignal,
  ): Promise<LeadQualityResponse> {
    return this.call(
      'GET',
      `${ADMIN_API.overviewQuality}${queryString({ ...query })}`,
      undefined,
      signal,
    );
  }

  responseTime(
    query: OverviewQuery,
    signal?: AbortSignal,
  ): Promise<ResponseTimeResponse> {
    return this.call(
      'GET',
      `${ADMIN_API.overviewResponseTime}${queryString({ ...query })}`,
      undefined,
      signal,
    );
  }

  users(signal?: AbortSignal): Promise<AdminUserListItem[]> {
    return this.call('GET', ADMIN_API.users, undefined, signal);
  }

  createUser(
    email: string,
    role: AdminRole,
    language: StaffLanguage = 'fa',
  ): Promise<CreateAdminUserResponse> {
    return this.call('POST', ADMIN_API.users, { email, role, language });
  }

  changeRole(id: string, role: AdminRole): Promise<AdminUserListItem> {
    return this.call('PATCH', ADMIN_API.userRole(id), { role });
  }

  setDisabled(id: string, disabled: boolean): Promise<AdminUserListItem> {
    return this.call(
      'POST',
      disabled ? ADMIN_API.userDisable(id) : ADMIN_API.userEnable(id),
      {},
    );
  }

  revokeSessions(id: string): Promise<RevokeSessionsResponse> {
    return this.call('POST', ADMIN_API.userRevokeSessions(id), {});
  }

  availability(signal?: AbortSignal): Promise<AvailabilityStatus> {
    return this.call('GET', DESK_API.availability, undefined, signal);
  }

  setAvailability(onDuty: boolean): Promise<AvailabilityResponse> {
    return this.call('PUT', DESK_API.availability, { onDuty });
  }

  queue(signal?: AbortSignal): Promise<QueueResponse> {
    return this.call('GET', DESK_API.queue, undefined, signal);
  }

  logCall(id: string, request: LogCallRequest): Promise<LogCallResponse> {
    return this.call('POST', DESK_API.calls(id), request);
  }

  leadCalls(id: string, signal?: AbortSignal): Promise<LeadCallsResponse> {
    return this.call('GET', DESK_API.calls(id), undefined, signal);
  }

  claim(id: string): Promise<DeskLeadView> {
    return this.call('POST', DESK_API.claim(id), {});
  }

  private remember(session: AdminSessionResponse): AdminSessionResponse {
    this.session.set(session);
    return session;
  }

  private call<T>(
    method: Method,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    return this.request(method, path, body, signal);
  }

  /**
   * One JSON request of the admin api, for every client of it (desk, webhooks): the session's
   * cookie, its CSRF token on writes, the session forgotten on a 401. A refusal throws what
   * `refused` makes of the error body, an {@link AdminApiError} unless a client needs more.
   */
  async request<T>(
    method: Method,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    refused: AdminRefusal = defaultRefusal,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = this.session()?.csrfToken;
    if (method !== 'GET' && csrf) headers[ADMIN_CSRF_HEADER] = csrf;
    const response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(signal ? { signal } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => null)) as unknown;
    if (!response.ok) {
      if (response.status === 401) this.session.set(null);
      throw refused(
        response.status,
        payload as Partial<ErrorResponse> | null,
        response.statusText,
      );
    }
    return payload as T;
  }
}
