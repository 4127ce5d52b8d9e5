/** The worker's e-mail queue: one job per recipient and message. */
export const MAIL_QUEUE = 'mail';

export const MAIL_JOB = {
  /** One message to one recipient; retried with backoff by BullMQ. */
  send: 'send',
  /** The repeatable tick that sends the daily digests once a working day. */
  digestTick: 'digest-tick',
} as const;

/** Languages a staff member can read their e-mail (and, later, the admin area) in. */
export const MAIL_LANGUAGES = ['fa', 'en'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export const MAIL_KINDS = [
  'sla_breach',
  'daily_digest',
  'account_created',
  'webhook_disabled',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** A lead as an e-mail shows it: a link to it and a masked phone, never the full number. */
export interface MailLead {
  leadId: string;
  /** Already masked, e.g. `+98912***4567`. */
  maskedPhone: string;
  /** ISO 8601. */
  at: string;
}

/** SLA breach: the leads one scan flagged; to every admin. */
export interface SlaBreachMailData {
  /** The first of them, in due order. */
  leads: MailLead[];
  /** How many the scan flagged (more than `leads` when the list was cut). */
  total: number;
}

/** Daily digest for one staff member. */
export interface DailyDigestMailData {
  /** The business day it covers (`YYYY-MM-DD`, business calendar time zone). */
  day: string;
  /** Whether the lists cover every lead (admins) or the recipient's own. */
  scope: 'all' | 'own';
  newLeads: MailLead[];
  /** Open leads past their first-contact due time. */
  overdue: MailLead[];
  /** Counts when a list was cut to its first entries. */
  newLeadsTotal: number;
  overdueTotal: number;
}

/** A staff account was created; the temporary password never travels by e-mail. */
export interface AccountCreatedMailData {
  role: string;
}

/** An outbound webhook endpoint was disabled after consecutive failures; to every admin. */
export interface WebhookDisabledMailData {
  endpointId: string;
  /** The endpoint's URL without its query string (which may hold a token). */
  url: string;
  failures: number;
}

export interface MailData {
  sla_breach: SlaBreachMailData;
  daily_digest: DailyDigestMailData;
  account_created: AccountCreatedMailData;
  webhook_disabled: WebhookDisabledMailData;
}

export interface MailRecipient {
  email: string;
  language: MailLanguage;
}

/** One `send` job. */
export type MailSendJob = {
  [K in MailKind]: {
    kind: K;
    to: MailRecipient;
    data: MailData[K];
    /** Deterministic per message and recipient, so a replayed trigger sends once. */
    messageKey: string;
  };
}[MailKind];
