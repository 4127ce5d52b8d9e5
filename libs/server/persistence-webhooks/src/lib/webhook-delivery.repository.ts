import { type WebhookDeliveryState } from '@landing/shared/contracts-webhooks';
import { Injectable } from '@nestjs/common';
import { WebhookDatabase } from './webhook-database';

export interface NewWebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: string;
}

export interface WebhookAttemptRecord {
  attempt: number;
  at: string;
  status: number | null;
  outcome: string;
  latencyMs: number;
  excerpt: string;
}

export interface WebhookDeliveryRecord {
  id: string;
  endpointId: string;
  eventType: string;
  payload: string;
  state: WebhookDeliveryState;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookDeliveryWithAttempts
  extends Omit<WebhookDeliveryRecord, 'payload' | 'attempts'> {
  attempts: WebhookAttemptRecord[];
}

/** One attempt's log line and the state its delivery is left in. */
export interface AttemptToRecord {
  deliveryId: string;
  attempt: number;
  status: number | null;
  outcome: string;
  latencyMs: number;
  excerpt: string;
  state: WebhookDeliveryState;
}

const DELIVERY_COLUMNS = `id, endpoint_id AS "endpointId", event_type AS "eventType", payload, state,
  attempts, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Deliveries (one per message and endpoint) and their attempts: the delivery log. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly db: WebhookDatabase) {}

  /**
   * Stores new deliveries (ids are deterministic: a replayed fan-out inserts nothing) and
   * returns those still pending among them, which are the ones to enqueue.
   */
  async createMany(
    deliveries: readonly NewWebhookDelivery[],
  ): Promise<string[]> {
    if (deliveries.length === 0) return [];
    const rows = await this.db.query<{ id: string }>(
      `WITH inserted AS (
         INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::varchar[], $5::text[])
         ON CONFLICT (id) DO NOTHING RETURNING id)
       SELECT d.id FROM webhook_deliveries d WHERE d.id = ANY($1::uuid[]) AND d.state = 'pending'
       UNION SELECT id FROM inserted`,
      [
        deliveries.map((d) => d.id),
        deliveries.map((d) => d.endpointId),
        deliveries.map((d) => d.eventId),
        deliveries.map((d) => d.eventType),
        deliveries.map((d) => d.payload),
      ],
    );
    return rows.map((row) => row.id);
  }

  async byId(id: string): Promise<WebhookDeliveryRecord | undefined> {
    const [row] = await this.db.query<WebhookDeliveryRecord>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Logs a group of attempts in one statement (the worker batches them). */
  async recordAttempts(attempts: readonly AttemptToRecord[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::varchar[], $5::int[], $6::varchar[], $7::varchar[])
           AS t(delivery_id, attempt, status, outcome, latency_ms, excerpt, state)),
       logged AS (
         INSERT INTO webhook_attempts (delivery_id, attempt, status, outcome, latency_ms, excerpt)
         SELECT delivery_id, attempt, status, outcome, latency_ms, excerpt FROM input
         ON CONFLICT (delivery_id, attempt) DO NOTHING RETURNING delivery_id),
       latest AS (
         SELECT DISTINCT ON (delivery_id) delivery_id, attempt, state FROM input
         ORDER BY delivery_id, attempt DESC),
       updated AS (
         UPDATE webhook_deliveries d SET attempts = GREATEST(d.attempts, l.attempt),
           state = l.state, updated_at = now()
         FROM latest l WHERE d.id = l.delivery_id RETURNING d.id)
       SELECT (SELECT count(*) FROM logged) AS logged, (SELECT count(*) FROM updated) AS updated`,
      [
        attempts.map((a) => a.deliveryId),
        attempts.map((a) => a.attempt),
        attempts.map((a) => a.status),
        attempts.map((a) => a.outcome),
        attempts.map((a) => a.latencyMs),
        attempts.map((a) => a.excerpt.slice(0, 2000)),
        attempts.map((a) => a.state),
      ],
    );
  }

  async setState(id: string, state: WebhookDeliveryState): Promise<void> {
    await this.db.query(
      `WITH changed AS (UPDATE webhook_deliveries SET state = $2, updated_at = now()
         WHERE id = $1 RETURNING id) SELECT id FROM changed`,
      [id, state],
    );
  }

  /** Newest first; `before` is the previous page's last id. */
  async listForEndpoint(
    endpointId: string,
    limit: number,
    before?: string,
  ): Promise<WebhookDeliveryWithAttempts[]> {
    return this.db.query<WebhookDeliveryWithAttempts>(
      `SELECT d.id, d.endpoint_id AS "endpointId", d.event_type AS "eventType", d.state,
              d.created_at AS "createdAt", d.updated_at AS "updatedAt",
              COALESCE((SELECT json_agg(json_build_object(
                  'attempt', a.attempt, 'at', a.at, 'status', a.status, 'outcome', a.outcome,
                  'latencyMs', a.latency_ms, 'excerpt', a.excerpt) ORDER BY a.attempt)
                FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS attempts
       FROM webhook_deliveries d
       WHERE d.endpoint_id = $1
         AND ($3::uuid IS NULL OR (d.created_at, d.id) < (
           SELECT created_at, id FROM webhook_deliveries WHERE id = $3::uuid))
       ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      [endpointId, limit, before ?? null],
    );
  }

  /** Seconds since the oldest pending delivery was created; 0 with none. */
  async oldestPendingAgeSeconds(): Promise<number> {
    const [row] = await this.db.query<{ age: number | null }>(
      `SELECT EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age
       FROM webhook_deliveries WHERE state = 'pending'`,
    );
    return row?.age ?? 0;
  }
}
