import { inject, Injectable } from '@angular/core';
import { type ErrorResponse } from '@landing/shared/contracts-lead';
import {
  type CreateWebhookEndpointRequest,
  type UpdateWebhookEndpointRequest,
  type WebhookDeliveryListResponse,
  type WebhookDeliveryQueuedResponse,
  type WebhookEndpointListResponse,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
} from '@landing/shared/contracts-webhooks';
import {
  AdminApi,
  AdminApiError,
  type AdminRefusal,
  queryString,
} from './admin-api';

/** The outbound webhooks' admin routes (`/api/admin/webhooks`, admin role). */
export const WEBHOOKS_API = {
  endpoints: '/api/admin/webhooks',
  endpoint: (id: string) => `/api/admin/webhooks/${encodeURIComponent(id)}`,
} as const;

/**
 * The server's words for a refusal: a validation error names its fields' reasons (such as
 * the SSRF guard's "private address"), which say more than "Invalid field: url".
 */
export function webhookErrorMessage(
  payload: Partial<ErrorResponse> | null,
  fallback: string,
): string {
  const reasons = (payload?.fields ?? [])
    .map((field) => field.message)
    .filter((message): message is string => Boolean(message));
  if (reasons.length > 0) return reasons.join(' ');
  return payload?.message ?? fallback;
}

/** Webhook refusals say what the server said of the fields (see {@link webhookErrorMessage}). */
const webhookRefusal: AdminRefusal = (status, error, statusText) =>
  new AdminApiError(
    status,
    error?.code ?? 'INTERNAL_ERROR',
    webhookErrorMessage(error, statusText),
  );

/**
 * Webhook endpoints and their delivery logs, over fetch with the session's cookie and CSRF
 * token (kept by AdminApi). A file of its own so the webhook screens stay apart from the rest.
 */
@Injectable({ providedIn: 'root' })
export class WebhooksApi {
  private readonly admin = inject(AdminApi);

  list(signal?: AbortSignal): Promise<WebhookEndpointListResponse> {
    return this.call('GET', WEBHOOKS_API.endpoints, undefined, signal);
  }

  get(id: string, signal?: AbortSignal): Promise<WebhookEndpointView> {
    return this.call('GET', WEBHOOKS_API.endpoint(id), undefined, signal);
  }

  create(
    request: CreateWebhookEndpointRequest,
  ): Promise<WebhookEndpointWithSecret> {
    return this.call('POST', WEBHOOKS_API.endpoints, request);
  }

  update(
    id: string,
    changes: UpdateWebhookEndpointRequest,
  ): Promise<WebhookEndpointView> {
    return this.call('PATCH', WEBHOOKS_API.endpoint(id), changes);
  }

  remove(id: string): Promise<void> {
    return this.call('DELETE', WEBHOOKS_API.endpoint(id));
  }

  rotateSecret(
    id: string,
    overlapMinutes?: number,
  ): Promise<WebhookEndpointWithSecret> {
    return this.call(
      'POST',
      `${WEBHOOKS_API.endpoint(id)}/rotate-secret`,
      overlapMinutes === undefined ? {} : { overlapMinutes },
    );
  }

  sendTest(id: string): Promise<WebhookDeliveryQueuedResponse> {
    return this.call('POST', `${WEBHOOKS_API.endpoint(id)}/test`, {});
  }

  deliveries(
    id: string,
    before?: string,
    signal?: AbortSignal,
  ): Promise<WebhookDeliveryListResponse> {
    return this.call(
      'GET',
      `${WEBHOOKS_API.endpoint(id)}/deliveries${queryString({ before })}`,
      undefined,
      signal,
    );
  }

  redeliver(
    id: string,
    deliveryId: string,
  ): Promise<WebhookDeliveryQueuedResponse> {
    return this.call(
      'POST',
      `${WEBHOOKS_API.endpoint(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
      {},
    );
  }

  private call<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    return this.admin.request(method, path, body, signal, webhookRefusal);
  }
}
