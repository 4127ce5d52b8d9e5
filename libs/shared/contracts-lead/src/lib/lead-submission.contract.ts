/** Attribution captured by the landing page on the visitor's first view. */
export interface Attribution {
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_term?: string;
  utm_content?: string;
  referrer?: string;
  landingPath?: string;
}

export const ATTRIBUTION_FIELDS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'referrer',
  'landingPath',
] as const satisfies readonly (keyof Attribution)[];

/** Body of `POST /api/leads`. */
export interface SubmitLeadRequest extends Attribution {
  phone: string;
  name?: string;
  email?: string;
  consent?: boolean;
  /** Version of the consent text the visitor agreed to. */
  consentVersion?: string;
  /** UUID chosen by the client so that a retried request is the same submission. */
  submissionId?: string;
  /** Honeypot field: rendered invisibly; people leave it empty, bots fill it in. */
  website?: string;
  /** Milliseconds from page load to submit; implausibly fast submissions are bots. */
  elapsedMs?: number;
}

/** Upper bounds on every string the intake accepts (characters). */
export const LEAD_FIELD_LIMITS = {
  phone: 32,
  name: 120,
  email: 254,
  consentVersion: 32,
  utm: 200,
  referrer: 2048,
  landingPath: 512,
  honeypot: 200,
} as const;

export interface LeadAcceptedResponse {
  status: 'accepted';
  submissionId: string;
}

export interface LeadDuplicateResponse {
  status: 'duplicate';
}

export type SubmitLeadResponse = LeadAcceptedResponse | LeadDuplicateResponse;

/** `POST /api/submit`: the reference system's client protocol, kept for compatibility. */
export interface LegacySubmitRequest {
  phone: string;
  /** The same bot checks as `POST /api/leads`. */
  website?: string;
  elapsedMs?: number;
}

export type LegacySubmitResponse =
  | { ok: true; queued: true; duplicate: false }
  | { ok: true; duplicate: true };
