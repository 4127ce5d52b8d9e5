import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { LeadEntity } from './lead.entity';

/** One row per accepted submission; the client-chosen `submissionId` makes retries idempotent. */
@Entity({ name: 'lead_submissions' })
@Index('lead_submissions_lead_id_received_at_idx', ['leadId', 'receivedAt'])
export class LeadSubmissionEntity {
  @PrimaryColumn({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  @ManyToOne(() => LeadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'lead_id',
    foreignKeyConstraintName: 'lead_submissions_lead_id_fkey',
  })
  lead?: LeadEntity;

  @Column({ type: 'varchar', length: 16 })
  phone!: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'boolean', default: false })
  consent!: boolean;

  @Column({
    name: 'consent_version',
    type: 'varchar',
    length: 32,
    nullable: true,
  })
  consentVersion!: string | null;

  @Column({ name: 'utm_source', type: 'varchar', length: 200, nullable: true })
  utmSource!: string | null;

  @Column({ name: 'utm_medium', type: 'varchar', length: 200, nullable: true })
  utmMedium!: string | null;

  @Column({
    name: 'utm_campaign',
    type: 'varchar',
    length: 200,
    nullable: true,
  })
  utmCampaign!: string | null;

  @Column({ name: 'utm_term', type: 'varchar', length: 200, nullable: true })
  utmTerm!: string | null;

  @Column({ name: 'utm_content', type: 'varchar', length: 200, nullable: true })
  utmContent!: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  referrer!: string | null;

  @Column({
    name: 'landing_path',
    type: 'varchar',
    length: 512,
    nullable: true,
  })
  landingPath!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  /** When the api accepted it (not when the worker wrote it). */
  @Index('lead_submissions_received_at_idx')
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @CreateDateColumn({ name: 'persisted_at', type: 'timestamptz' })
  persistedAt!: Date;
}
