import { Injectable, signal } from '@angular/core';
import {
  ADMIN_CSRF_HEADER,
  type AdminSessionResponse,
  type BulkLeadStatusResponse,
  type LeadDetailResponse,
  type LeadListQuery,
  type LeadListResponse,
  type LeadNoteView,
  type LeadSummary,
} from '@landing/shared/contracts-admin';
import {
  type ErrorResponse,
  type LeadStatus,
} from '@landing/shared/contracts-lead';

const BASE = '/api/admin';

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

/** The query string of the list and the export, without empty values. */
export function leadQueryString(query: LeadListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The admin api over fetch. The session lives in an HttpOnly cookie the browser sends by
 * itself; the CSRF token is kept here, in memory only, and sent on every change.
 */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  readonly session = signal<AdminSessionResponse | null>(null);
  private restoring?: Promise<AdminSessionResponse | null>;

  /** The current session, asked of the server once per page load. */
  restore(): Promise<AdminSessionResponse | null> {
    this.restoring ??= this.call<AdminSessionResponse>(
      'GET',
      '/auth/session',
    ).then(
      (session) => this.remember(session),
      () => null,
    );
    return this.restoring;
  }

  async login(email: string, password: string): Promise<AdminSessionResponse> {
    const session = await this.call<AdminSessionResponse>(
      'POST',
      '/auth/login',
      { email, password },
    );
    this.restoring = Promise.resolve(session);
    return this.remember(session);
  }

  async logout(): Promise<void> {
    await this.call<void>('POST', '/auth/logout', {}).catch(() => undefined);
    this.session.set(null);
    this.restoring = Promise.resolve(null);
  }

  list(query: LeadListQuery): Promise<LeadListResponse> {
    return this.call('GET', `/leads${leadQueryString(query)}`);
  }

  detail(id: string): Promise<LeadDetailResponse> {
    return this.call('GET', `/leads/${encodeURIComponent(id)}`);
  }

  changeStatus(id: string, status: LeadStatus): Promise<LeadSummary> {
    return this.call('PATCH', `/leads/${encodeURIComponent(id)}/status`, {
      status,
    });
  }

  addNote(id: string, text: string): Promise<LeadNoteView> {
    return this.call('POST', `/leads/${encodeURIComponent(id)}/notes`, {
      text,
    });
  }

  bulkStatus(
    ids: string[],
    status: LeadStatus,
  ): Promise<BulkLeadStatusResponse> {
    return this.call('POST', '/leads/bulk-status', { ids, status });
  }

  erase(id: string): Promise<{ erased: true }> {
    return this.call('DELETE', `/leads/${encodeURIComponent(id)}`);
  }

  /** URL of the CSV export of a filter (a plain download: the cookie goes with it). */
  exportUrl(query: LeadListQuery): string {
    return `${BASE}/leads/export${leadQueryString({ ...query, cursor: undefined, limit: undefined })}`;
  }

  private remember(session: AdminSessionResponse): AdminSessionResponse {
    this.session.set(session);
    return session;
  }

  private async call<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = this.session()?.csrfToken;
    if (method !== 'GET' && csrf) headers[ADMIN_CSRF_HEADER] = csrf;
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => null)) as unknown;
    if (!response.ok) {
      const error = payload as Partial<ErrorResponse> | null;
      if (response.status === 401) this.session.set(null);
      throw new AdminApiError(
        response.status,
        error?.code ?? 'INTERNAL_ERROR',
        error?.message ?? response.statusText,
      );
    }
    return payload as T;
  }
}
