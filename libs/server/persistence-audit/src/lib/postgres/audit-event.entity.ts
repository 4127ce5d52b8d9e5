import {
  type AuditActor,
  type AuditEvent,
  type AuditEventType,
} from '@landing/shared/contracts-audit';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per audit event. Indexes match the ways the trail is read (see the migration). */
@Entity({ name: 'audit_events' })
@Index('audit_events_occurred_at_idx', ['occurredAt', 'id'])
@Index('audit_events_phone_occurred_at_idx', ['phone', 'occurredAt', 'id'])
@Index('audit_events_ip_occurred_at_idx', ['ip', 'occurredAt', 'id'])
@Index('audit_events_lead_id_occurred_at_idx', ['leadId', 'occurredAt', 'id'])
export class AuditEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: AuditEventType;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 16, nullable: true })
  phone!: string | null;

  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId!: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  path!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  actor!: AuditActor | null;

  @Column({ type: 'jsonb' })
  payload!: AuditEvent['payload'];

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
