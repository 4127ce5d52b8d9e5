import {
  AUDIT_EVENT_TYPES,
  AUDIT_FIELD_LIMITS,
  type AuditActor,
  type AuditEvent,
  type AuditEventType,
} from '@landing/shared/contracts-audit';
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { type Schema as MongooseSchema, SchemaTypes } from 'mongoose';

export const AUDIT_COLLECTION = 'audit_events';
export const AUDIT_MODEL = 'AuditEvent';

const E164 = /^\+[1-9]\d{6,14}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type PayloadCheck = Record<string, 'string' | 'boolean' | 'number' | 'object'>;

/** Fields each payload must carry, by event type: the document-level mirror of the contract. */
const PAYLOAD_FIELDS: Record<AuditEventType, PayloadCheck> = {
  'lead.submission': {
    submissionId: 'string',
    duplicate: 'boolean',
    attribution: 'object',
  },
  'lead.spam': {
    submissionId: 'string',
    reason: 'string',
    attribution: 'object',
  },
  'admin.login': { outcome: 'string', username: 'string' },
  'lead.status_changed': { before: 'string', after: 'string' },
  'lead.note_added': { noteId: 'string', length: 'number' },
  'leads.exported': { format: 'string', filter: 'object', rowCount: 'number' },
  'lead.erased': { before: 'object' },
  'admin.user_created': { userId: 'string', email: 'string', role: 'string' },
  'admin.user_role_changed': {
    userId: 'string',
    before: 'string',
    after: 'string',
  },
  'admin.user_disabled': { userId: 'string', sessionsRevoked: 'number' },
  'admin.user_enabled': { userId: 'string', sessionsRevoked: 'number' },
  'admin.sessions_revoked': { userId: 'string', sessionsRevoked: 'number' },
  'admin.password_changed': { userId: 'string', sessionsRevoked: 'number' },
  'admin.view_saved': { viewId: 'string', name: 'string', filter: 'object' },
  'admin.view_deleted': { viewId: 'string', name: 'string' },
  'admin.webhook_changed': {
    endpointId: 'string',
    action: 'string',
    url: 'string',
  },
  'lead.assigned': { assignmentId: 'string', reason: 'string' },
  'lead.call_logged': {
    callId: 'string',
    outcome: 'string',
    attempts: 'number',
  },
  'lead.sla_breached': { alertId: 'string', dueAt: 'string' },
  'admin.calendar_changed': { timeZone: 'string', holidays: 'number' },
};

export function payloadFits(type: string, payload: unknown): boolean {
  const fields = PAYLOAD_FIELDS[type as AuditEventType] as
    | PayloadCheck
    | undefined;
  if (!fields || typeof payload !== 'object' || payload === null) return false;
  const record = payload as Record<string, unknown>;
  return Object.entries(fields).every(
    ([key, kind]) => typeof record[key] === kind && record[key] !== null,
  );
}

/** How an audit event is stored in MongoDB: the event id is `_id`, times are BSON dates. */
@Schema({
  collection: AUDIT_COLLECTION,
  versionKey: false,
  strict: 'throw',
  minimize: false,
})
export class AuditEventDocument {
  @Prop({ type: String, required: true, match: UUID })
  _id!: string;

  @Prop({ type: String, required: true, enum: AUDIT_EVENT_TYPES })
  type!: AuditEventType;

  @Prop({ type: Date, required: true })
  occurredAt!: Date;

  @Prop({ type: String, default: null, match: E164 })
  phone!: string | null;

  @Prop({ type: String, default: null, match: UUID })
  leadId!: string | null;

  @Prop({ type: String, default: null, maxlength: AUDIT_FIELD_LIMITS.ip })
  ip!: string | null;

  @Prop({
    type: String,
    default: null,
    maxlength: AUDIT_FIELD_LIMITS.userAgent,
  })
  userAgent!: string | null;

  @Prop({ type: String, default: null, maxlength: AUDIT_FIELD_LIMITS.path })
  path!: string | null;

  @Prop({
    type: String,
    default: null,
    maxlength: AUDIT_FIELD_LIMITS.requestId,
  })
  requestId!: string | null;

  @Prop({ type: SchemaTypes.Mixed, default: null })
  actor!: AuditActor | null;

  @Prop({
    type: SchemaTypes.Mixed,
    required: true,
    validate: {
      validator(this: AuditEventDocument, payload: unknown) {
        return payloadFits(this.type, payload);
      },
      message: 'payload does not match its event type',
    },
  })
  payload!: AuditEvent['payload'];

  @Prop({ type: Date, default: () => new Date() })
  recordedAt!: Date;
}

/**
 * The schema with its indexes: newest first overall, by phone, by IP and by lead (each with
 * `_id` as tie-breaker for keyset pages), plus a TTL index that lets MongoDB itself delete
 * events older than the retention. Changing the retention of an existing collection needs a
 * `collMod` on `retention_ttl` (MongoDB refuses to redefine an index's options in place).
 */
export function createAuditEventSchema(
  retentionDays: number,
): MongooseSchema<AuditEventDocument> {
  const schema = SchemaFactory.createForClass(AuditEventDocument);
  schema.index({ occurredAt: -1, _id: -1 }, { name: 'occurred_at_desc' });
  schema.index(
    { phone: 1, occurredAt: -1, _id: -1 },
    { name: 'phone_occurred_at' },
  );
  schema.index({ ip: 1, occurredAt: -1, _id: -1 }, { name: 'ip_occurred_at' });
  schema.index(
    { leadId: 1, occurredAt: -1, _id: -1 },
    { name: 'lead_id_occurred_at' },
  );
  schema.index(
    { occurredAt: 1 },
    { name: 'retention_ttl', expireAfterSeconds: retentionDays * 24 * 60 * 60 },
  );
  return schema;
}
