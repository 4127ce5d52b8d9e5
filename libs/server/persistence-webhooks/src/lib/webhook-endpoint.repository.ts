import {
  type WebhookEndpointState,
  type WebhookEventType,
} from '@landing/shared/contracts-webhooks';
import { Injectable } from '@nestjs/common';
import { WebhookDatabase } from './webhook-database';

export interface WebhookEndpointRecord {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  state: WebhookEndpointState;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  consecutiveFailures: number;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookAlertRecord {
  id: string;
  endpointId: string;
  kind: 'endpoint_disabled';
  message: string;
  createdAt: Date;
}

const COLUMNS = `id, url, description, events, state, secret,
  previous_secret AS "previousSecret", previous_secret_expires_at AS "previousSecretExpiresAt",
  consecutive_failures AS "consecutiveFailures", disabled_at AS "disabledAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface EndpointChanges {
  url?: string;
  events?: readonly string[];
  description?: string;
  state?: 'active' | 'paused';
}

/** Webhook endpoints and the alerts raised about them. */
@Injectable()
export class WebhookEndpointRepository {
  constructor(private readonly db: WebhookDatabase) {}

  async create(input: {
    url: string;
    events: readonly string[];
    description: string;
    secret: string;
  }): Promise<WebhookEndpointRecord> {
    const [row] = await this.db.query<WebhookEndpointRecord>(
      `INSERT INTO webhook_endpoints (url, events, description, secret)
       VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [input.url, input.events, input.description, input.secret],
    );
    if (!row) throw new Error('insert returned no row');
    return row;
  }

  list(): Promise<WebhookEndpointRecord[]> {
    return this.db.query<WebhookEndpointRecord>(
      `SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`,
    );
  }

  async byId(id: string): Promise<WebhookEndpointRecord | undefined> {
    const [row] = await this.db.query<WebhookEndpointRecord>(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Active endpoints subscribed to any of these event types. */
  subscribers(eventTypes: readonly string[]): Promise<WebhookEndpointRecord[]> {
    return this.db.query<WebhookEndpointRecord>(
      `SELECT ${COLUMNS} FROM webhook_endpoints
       WHERE state = 'active' AND events && $1::text[]`,
      [eventTypes],
    );
  }

  /** Re-activating (from paused or disabled) also clears the failure count. */
  async update(
    id: string,
    changes: EndpointChanges,
  ): Promise<WebhookEndpointRecord | undefined> {
    const [row] = await this.db.query<WebhookEndpointRecord>(
      `WITH changed AS (
         UPDATE webhook_endpoints SET
           url = COALESCE($2, url),
           events = COALESCE($3::text[], events),
           description = COALESCE($4, description),
           state = COALESCE($5, state),
           consecutive_failures = CASE WHEN $5 = 'active' THEN 0 ELSE consecutive_failures END,
           disabled_at = CASE WHEN $5 IS NOT NULL THEN NULL ELSE disabled_at END,
           updated_at = now()
         WHERE id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM changed`,
      [
        id,
        changes.url ?? null,
        changes.events ?? null,
        changes.description ?? null,
        changes.state ?? null,
      ],
    );
    return row;
  }

  /** The new secret signs from now on; the old one too until `overlapUntil`. */
  async rotateSecret(
    id: string,
    secret: string,
    overlapUntil: Date,
  ): Promise<WebhookEndpointRecord | undefined> {
    const [row] = await this.db.query<WebhookEndpointRecord>(
      `WITH changed AS (
         UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $3,
           secret = $2, updated_at = now()
         WHERE id = $1 RETURNING *)
       SELECT ${COLUMNS} FROM changed`,
      [id, secret, overlapUntil],
    );
    return row;
  }

  async remove(id: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      `WITH gone AS (DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id) SELECT id FROM gone`,
      [id],
    );
    return rows.length > 0;
  }

  /**
   * Counts a failed attempt. At `disableAfter` consecutive failures the endpoint is disabled
   * and an alert recorded, in one statement, so two workers cannot both raise it.
   */
  async recordFailure(
    id: string,
    disableAfter: number,
  ): Promise<{ failures: number; disabled: boolean }> {
    const [row] = await this.db.query<{ failures: number; disabled: boolean }>(
      `WITH old AS (SELECT id, state FROM webhook_endpoints WHERE id = $1 FOR UPDATE),
       counted AS (
         UPDATE webhook_endpoints e SET
           consecutive_failures = e.consecutive_failures + 1,
           state = CASE WHEN old.state = 'active' AND e.consecutive_failures + 1 >= $2
                        THEN 'disabled' ELSE e.state END,
           disabled_at = CASE WHEN old.state = 'active' AND e.consecutive_failures + 1 >= $2
                              THEN now() ELSE e.disabled_at END
         FROM old WHERE e.id = old.id
         RETURNING e.id, e.url, e.consecutive_failures,
                   (old.state = 'active' AND e.state = 'disabled') AS disabled),
       alerted AS (
         INSERT INTO webhook_alerts (endpoint_id, kind, message)
         SELECT id, 'endpoint_disabled',
                'Disabled after ' || consecutive_failures || ' consecutive failed deliveries to ' || url
         FROM counted WHERE disabled RETURNING endpoint_id)
       SELECT consecutive_failures AS failures, disabled FROM counted`,
      [id, disableAfter],
    );
    return row ?? { failures: 0, disabled: false };
  }

  async recordSuccess(id: string): Promise<void> {
    await this.db.query(
      `WITH reset AS (UPDATE webhook_endpoints SET consecutive_failures = 0
         WHERE id = $1 AND consecutive_failures <> 0 RETURNING id) SELECT id FROM reset`,
      [id],
    );
  }

  alerts(limit = 50): Promise<WebhookAlertRecord[]> {
    return this.db.query<WebhookAlertRecord>(
      `SELECT id, endpoint_id AS "endpointId", kind, message, created_at AS "createdAt"
       FROM webhook_alerts ORDER BY created_at DESC, id DESC LIMIT $1`,
      [limit],
    );
  }
}
