import { type ErrorCode } from '@landing/shared/contracts-lead';

/**
 * Who may call a route: `public` (anyone), `session` (a signed-in staff member, any role),
 * `admin` (the admin role). State-changing admin routes also need the CSRF header; the
 * document says so from the method.
 */
export type RouteAccess = 'public' | 'session' | 'admin';

export interface RouteResponseDoc {
  status: number;
  /** A type exported by a shared contracts library; omitted: no body. */
  schema?: string;
  /** Another media type than JSON (the CSV export, the Prometheus text). */
  mediaType?: string;
  description: string;
  example?: unknown;
}

export interface RouteDoc {
  tag: string;
  summary: string;
  description?: string;
  access: RouteAccess;
  /** Contract type of the JSON body. */
  body?: string;
  bodyExample?: unknown;
  /** Contract type whose properties are the query parameters, or the parameters themselves. */
  query?: string | Readonly<Record<string, { description: string }>>;
  queryExample?: Record<string, string>;
  responses: readonly RouteResponseDoc[];
  /** Errors this route answers besides the ones every route of its kind can (see api-document.ts). */
  errors?: readonly ErrorCode[];
}

/** The example id in every path; the UUID form the api checks. */
export const EXAMPLE_ID = '0b7f4f0e-9c1e-4f5e-8a42-5d2f1c3b7a10';

/**
 * Every route the api serves, keyed as Fastify registers it (`METHOD /api/path/:param`).
 * The api-docs int-spec fails when the api registers a route that is missing here, so a new
 * route cannot ship undocumented. Schemas are the shared contracts' types, turned into JSON
 * Schema by `npm run api-docs:schemas`; examples carry Persian digits where people type them.
 */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'POST /api/leads': {
    tag: 'intake',
    summary: 'Submit a lead',
    description:
      'Validates and normalises the phone number (Persian and Arabic-Indic digits are accepted), then queues the lead. 202: queued; 200: the same number was received inside the duplicate window. Retry with the same `submissionId` after a 503.',
    access: 'public',
    body: 'SubmitLeadRequest',
    bodyExample: {
      phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷',
      name: 'سارا رضایی',
      consent: true,
      submissionId: EXAMPLE_ID,
      utm_source: 'instagram',
    },
    responses: [
      {
        status: 202,
        schema: 'LeadAcceptedResponse',
        description: 'Queued.',
        example: { status: 'accepted', submissionId: EXAMPLE_ID },
      },
      {
        status: 200,
        schema: 'LeadDuplicateResponse',
        description: 'Already received inside the duplicate window.',
        example: { status: 'duplicate' },
      },
    ],
    errors: ['SUBMISSION_ID_REUSED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
  },
  'POST /api/submit': {
    tag: 'intake',
    summary: 'Submit a lead (the reference system’s protocol)',
    description:
      'Kept for forms built against the earlier system: always 200 on success, the outcome in the body.',
    access: 'public',
    body: 'LegacySubmitRequest',
    bodyExample: { phone: '۰۹۱۲۱۲۳۴۵۶۷' },
    responses: [
      {
        status: 200,
        schema: 'LegacySubmitResponse',
        description: 'Queued, or a duplicate.',
        example: { ok: true, queued: true, duplicate: false },
      },
    ],
    errors: ['SUBMISSION_ID_REUSED', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
  },
  'GET /health/live': {
    tag: 'operations',
    summary: 'Liveness',
    description: 'The process is up; no dependency is checked.',
    access: 'public',
    responses: [{ status: 200, description: 'Alive.' }],
  },
  'GET /health/ready': {
    tag: 'operations',
    summary: 'Readiness',
    description:
      'PostgreSQL and Redis answer within HEALTH_CHECK_TIMEOUT_MS; 503 otherwise.',
    access: 'public',
    responses: [{ status: 200, description: 'Ready.' }],
    errors: ['SERVICE_UNAVAILABLE'],
  },
  'GET /metrics': {
    tag: 'operations',
    summary: 'Prometheus metrics',
    description:
      'Prometheus text format. Closed by METRICS_ALLOW / METRICS_TOKEN (see the README).',
    access: 'public',
    responses: [
      {
        status: 200,
        mediaType: 'text/plain',
        description: 'The metrics.',
      },
    ],
  },
  'POST /api/admin/auth/login': {
    tag: 'admin: session',
    summary: 'Sign in',
    description:
      'Sets the HttpOnly session cookie; the answer carries the CSRF token to send as `x-csrf-token` on every state-changing request.',
    access: 'public',
    body: 'AdminLoginRequest',
    bodyExample: { email: 'admin@example.com', password: 'رمز عبور ۱۲۳۴۵۶' },
    responses: [
      {
        status: 200,
        schema: 'AdminSessionResponse',
        description: 'Signed in; `Set-Cookie` holds the session.',
      },
    ],
    errors: ['RATE_LIMITED'],
  },
  'POST /api/admin/auth/logout': {
    tag: 'admin: session',
    summary: 'Sign out',
    access: 'session',
    responses: [{ status: 204, description: 'Signed out.' }],
  },
  'GET /api/admin/auth/session': {
    tag: 'admin: session',
    summary: 'The current session',
    access: 'session',
    responses: [
      {
        status: 200,
        schema: 'AdminSessionResponse',
        description: 'The signed-in user and the CSRF token.',
      },
    ],
  },
  'POST /api/admin/auth/password': {
    tag: 'admin: session',
    summary: 'Change one’s own password',
    description:
      'Also how a temporary password is replaced; other sessions of the user are ended.',
    access: 'session',
    body: 'ChangeOwnPasswordRequest',
    responses: [
      {
        status: 200,
        schema: 'AdminSessionResponse',
        description: 'Changed.',
      },
    ],
    errors: ['WRONG_PASSWORD', 'RATE_LIMITED'],
  },
  'GET /api/admin/auth/language': {
    tag: 'admin: session',
    summary: 'The language of one’s own e-mail',
    access: 'session',
    responses: [
      { status: 200, schema: 'OwnLanguage', description: 'The language.' },
    ],
  },
  'PUT /api/admin/auth/language': {
    tag: 'admin: session',
    summary: 'Choose the language of one’s own e-mail',
    description:
      'Digests and notices from then on arrive in it (Persian right to left, or English).',
    access: 'session',
    body: 'OwnLanguage',
    bodyExample: { language: 'en' },
    responses: [
      { status: 200, schema: 'OwnLanguage', description: 'Changed.' },
    ],
  },
  'GET /api/admin/users': {
    tag: 'admin: users',
    summary: 'List staff accounts',
    access: 'admin',
    responses: [
      {
        status: 200,
        schema: 'AdminUserListItem[]',
        description: 'Every account.',
      },
    ],
  },
  'POST /api/admin/users': {
    tag: 'admin: users',
    summary: 'Create a staff account',
    description:
      'The answer holds a temporary password, shown once; the user must replace it at first sign-in.',
    access: 'admin',
    body: 'CreateAdminUserRequest',
    bodyExample: { email: 'reviewer@example.com', role: 'reviewer' },
    responses: [
      {
        status: 201,
        schema: 'CreateAdminUserResponse',
        description: 'Created.',
      },
    ],
    errors: ['CONFLICT'],
  },
  'PATCH /api/admin/users/:id/role': {
    tag: 'admin: users',
    summary: 'Change an account’s role',
    access: 'admin',
    body: 'ChangeAdminRoleRequest',
    responses: [
      { status: 200, schema: 'AdminUserListItem', description: 'Changed.' },
    ],
    errors: ['LAST_ADMIN'],
  },
  'POST /api/admin/users/:id/disable': {
    tag: 'admin: users',
    summary: 'Disable an account (its sessions end)',
    access: 'admin',
    responses: [
      { status: 200, schema: 'AdminUserListItem', description: 'Disabled.' },
    ],
    errors: ['LAST_ADMIN'],
  },
  'POST /api/admin/users/:id/enable': {
    tag: 'admin: users',
    summary: 'Enable an account',
    access: 'admin',
    responses: [
      { status: 200, schema: 'AdminUserListItem', description: 'Enabled.' },
    ],
  },
  'POST /api/admin/users/:id/revoke-sessions': {
    tag: 'admin: users',
    summary: 'End every session of an account',
    access: 'admin',
    responses: [
      {
        status: 200,
        schema: 'RevokeSessionsResponse',
        description: 'Sessions ended.',
        example: { revoked: 2 },
      },
    ],
  },
  'GET /api/admin/leads': {
    tag: 'admin: leads',
    summary: 'List leads',
    description:
      '`q` searches phone digits (Persian digits are accepted), name and email; paging by cursor.',
    access: 'session',
    query: 'LeadListQuery',
    queryExample: { q: '۰۹۱۲', status: 'new', limit: '50' },
    responses: [
      { status: 200, schema: 'LeadListResponse', description: 'One page.' },
    ],
  },
  'GET /api/admin/leads/export': {
    tag: 'admin: leads',
    summary: 'Export leads as CSV',
    description:
      'The same filters as the list; every export is recorded in the audit trail.',
    access: 'session',
    query: 'LeadListQuery',
    queryExample: { q: '۰۹۱۲' },
    responses: [
      {
        status: 200,
        mediaType: 'text/csv',
        description: 'UTF-8 CSV, one row per lead.',
      },
    ],
  },
  'POST /api/admin/leads/bulk-status': {
    tag: 'admin: leads',
    summary: 'Change the status of many leads',
    access: 'session',
    body: 'BulkLeadStatusRequest',
    bodyExample: { ids: [EXAMPLE_ID], status: 'contacted' },
    responses: [
      {
        status: 200,
        schema: 'BulkLeadStatusResponse',
        description: 'What changed and what was refused.',
      },
    ],
  },
  'GET /api/admin/leads/:id': {
    tag: 'admin: leads',
    summary: 'One lead with its submissions and notes',
    access: 'session',
    responses: [
      { status: 200, schema: 'LeadDetailResponse', description: 'The lead.' },
    ],
  },
  'GET /api/admin/leads/:id/timeline': {
    tag: 'admin: leads',
    summary: 'A lead’s timeline (submissions, status changes, notes)',
    access: 'session',
    responses: [
      {
        status: 200,
        schema: 'LeadTimelineResponse',
        description: 'Newest first.',
      },
    ],
  },
  'GET /api/admin/leads/:id/audit': {
    tag: 'admin: leads',
    summary: 'A lead’s audit trail',
    access: 'session',
    query: {
      cursor: { description: 'The `nextCursor` of the previous page.' },
    },
    responses: [
      { status: 200, schema: 'AuditTrailPage', description: 'One page.' },
    ],
  },
  'PATCH /api/admin/leads/:id/status': {
    tag: 'admin: leads',
    summary: 'Change a lead’s status',
    access: 'session',
    body: 'ChangeLeadStatusRequest',
    bodyExample: { status: 'contacted' },
    responses: [
      { status: 200, schema: 'LeadSummary', description: 'The lead.' },
    ],
    errors: ['CONFLICT'],
  },
  'POST /api/admin/leads/:id/notes': {
    tag: 'admin: leads',
    summary: 'Add a note to a lead',
    access: 'session',
    body: 'AddLeadNoteRequest',
    bodyExample: { text: 'ساعت ۱۴ دوباره تماس بگیرید' },
    responses: [
      { status: 201, schema: 'LeadNoteView', description: 'The note.' },
    ],
  },
  'DELETE /api/admin/leads/:id': {
    tag: 'admin: leads',
    summary: 'Erase a lead’s personal data',
    access: 'admin',
    responses: [
      {
        status: 200,
        schema: 'EraseLeadResponse',
        description: 'Erased.',
        example: { erased: true },
      },
    ],
  },
  'GET /api/admin/views': {
    tag: 'admin: saved views',
    summary: 'My saved lead-list views',
    access: 'session',
    responses: [
      {
        status: 200,
        schema: 'SavedViewListResponse',
        description: 'Mine, and the shared ones.',
      },
    ],
  },
  'POST /api/admin/views': {
    tag: 'admin: saved views',
    summary: 'Save a view',
    access: 'session',
    body: 'CreateSavedViewRequest',
    bodyExample: { name: 'تماس‌های امروز', filter: { status: 'new' } },
    responses: [{ status: 201, schema: 'SavedView', description: 'Saved.' }],
    errors: ['CONFLICT'],
  },
  'GET /api/admin/views/:id': {
    tag: 'admin: saved views',
    summary: 'Open a saved view',
    access: 'session',
    responses: [{ status: 200, schema: 'SavedView', description: 'The view.' }],
  },
  'PATCH /api/admin/views/:id': {
    tag: 'admin: saved views',
    summary: 'Rename or change a saved view',
    access: 'session',
    body: 'UpdateSavedViewRequest',
    responses: [{ status: 200, schema: 'SavedView', description: 'Changed.' }],
    errors: ['CONFLICT'],
  },
  'DELETE /api/admin/views/:id': {
    tag: 'admin: saved views',
    summary: 'Delete a saved view',
    access: 'session',
    responses: [{ status: 204, description: 'Deleted.' }],
  },
  'GET /api/admin/overview/leads-per-day': {
    tag: 'admin: overview',
    summary: 'Leads per day, stacked by source or campaign',
    access: 'session',
    query: 'LeadsPerDayQuery',
    queryExample: { from: '2026-11-01', to: '2026-11-30', tz: 'Asia/Tehran' },
    responses: [
      {
        status: 200,
        schema: 'LeadsPerDayResponse',
        description: 'The chart.',
      },
    ],
  },
  'GET /api/admin/overview/funnel': {
    tag: 'admin: overview',
    summary: 'Leads first seen in the range, by current status',
    access: 'session',
    query: 'OverviewQuery',
    responses: [
      {
        status: 200,
        schema: 'StatusFunnelResponse',
        description: 'The funnel.',
      },
    ],
  },
  'GET /api/admin/overview/quality': {
    tag: 'admin: overview',
    summary: 'Lead quality (duplicates, spam, invalid numbers)',
    access: 'session',
    query: 'OverviewQuery',
    responses: [
      {
        status: 200,
        schema: 'LeadQualityResponse',
        description: 'The counts.',
      },
    ],
  },
  'GET /api/admin/overview/response-time': {
    tag: 'admin: overview',
    summary: 'Time from first submission to first contact',
    access: 'session',
    query: 'OverviewQuery',
    responses: [
      {
        status: 200,
        schema: 'ResponseTimeResponse',
        description: 'The distribution.',
      },
    ],
  },
  'GET /api/admin/overview/sla': {
    tag: 'admin: overview',
    summary: 'First contacts within the desk SLA per day',
    access: 'session',
    query: 'OverviewQuery',
    responses: [
      {
        status: 200,
        schema: 'SlaPerDayResponse',
        description:
          'Hit and missed first contacts per local day of their due time.',
      },
    ],
  },
  'GET /api/admin/webhooks': {
    tag: 'admin: webhooks',
    summary: 'List webhook endpoints',
    access: 'admin',
    responses: [
      {
        status: 200,
        schema: 'WebhookEndpointListResponse',
        description: 'Every endpoint (never its secrets).',
      },
    ],
  },
  'GET /api/admin/webhooks/alerts': {
    tag: 'admin: webhooks',
    summary: 'Webhook alerts (endpoints disabled after repeated failures)',
    access: 'admin',
    responses: [
      {
        status: 200,
        schema: 'WebhookAlertListResponse',
        description: 'Newest first.',
      },
    ],
  },
  'POST /api/admin/webhooks': {
    tag: 'admin: webhooks',
    summary: 'Add a webhook endpoint',
    description:
      'The answer holds the signing secret (`whsec_…`), shown once. Deliveries follow the Standard Webhooks specification: `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256>`) headers. The URL must be http(s) and must not point at a loopback, private, link-local or metadata address.',
    access: 'admin',
    body: 'CreateWebhookEndpointRequest',
    bodyExample: {
      url: 'https://crm.example.com/hooks/landing',
      events: ['lead.created', 'lead.status_changed'],
      description: 'CRM — فرم تماس',
    },
    responses: [
      {
        status: 201,
        schema: 'WebhookEndpointWithSecret',
        description: 'Created; the secret is not shown again.',
      },
    ],
  },
  'GET /api/admin/webhooks/:id': {
    tag: 'admin: webhooks',
    summary: 'One webhook endpoint',
    access: 'admin',
    responses: [
      {
        status: 200,
        schema: 'WebhookEndpointView',
        description: 'The endpoint.',
      },
    ],
  },
  'PATCH /api/admin/webhooks/:id': {
    tag: 'admin: webhooks',
    summary: 'Change, pause or re-activate a webhook endpoint',
    description:
      '`state: active` re-enables an endpoint the worker disabled and clears its failure count.',
    access: 'admin',
    body: 'UpdateWebhookEndpointRequest',
    bodyExample: { state: 'paused' },
    responses: [
      { status: 200, schema: 'WebhookEndpointView', description: 'Changed.' },
    ],
  },
  'DELETE /api/admin/webhooks/:id': {
    tag: 'admin: webhooks',
    summary: 'Remove a webhook endpoint and its delivery log',
    access: 'admin',
    responses: [{ status: 204, description: 'Removed.' }],
  },
  'POST /api/admin/webhooks/:id/rotate-secret': {
    tag: 'admin: webhooks',
    summary: 'Rotate the signing secret',
    description:
      'The new secret is shown once. During the overlap (default 24 h) every delivery carries two signatures, one per secret, so the receiver can switch at its own pace.',
    access: 'admin',
    body: 'RotateWebhookSecretRequest',
    bodyExample: { overlapMinutes: 1440 },
    responses: [
      {
        status: 200,
        schema: 'WebhookEndpointWithSecret',
        description: 'Rotated.',
      },
    ],
  },
  'POST /api/admin/webhooks/:id/test': {
    tag: 'admin: webhooks',
    summary: 'Send a `webhook.test` event',
    access: 'admin',
    responses: [
      {
        status: 202,
        schema: 'WebhookDeliveryQueuedResponse',
        description: 'Queued; follow it in the delivery log.',
      },
    ],
  },
  'GET /api/admin/webhooks/:id/deliveries': {
    tag: 'admin: webhooks',
    summary: 'Delivery log of an endpoint',
    description:
      'Newest first, 50 a page, each delivery with its attempts (status, latency, an excerpt of the answer).',
    access: 'admin',
    query: {
      before: { description: 'The `nextCursor` of the previous page.' },
    },
    responses: [
      {
        status: 200,
        schema: 'WebhookDeliveryListResponse',
        description: 'One page.',
      },
    ],
  },
  'POST /api/admin/webhooks/:id/deliveries/:deliveryId/redeliver': {
    tag: 'admin: webhooks',
    summary: 'Send a delivery again',
    description:
      'The same `webhook-id` and body as before (receivers de-duplicate by id); new attempts are added to its log.',
    access: 'admin',
    responses: [
      {
        status: 202,
        schema: 'WebhookDeliveryQueuedResponse',
        description: 'Queued.',
      },
    ],
  },
  'GET /api/admin/me/availability': {
    tag: 'admin: callback desk',
    summary: 'Am I on duty?',
    access: 'session',
    responses: [
      {
        status: 200,
        schema: 'AvailabilityStatus',
        description: 'On duty or away, and since when (null: never set).',
      },
    ],
  },
  'PUT /api/admin/me/availability': {
    tag: 'admin: callback desk',
    summary: 'Go on duty, or away',
    description:
      'On duty, new leads are assigned to you (round robin or fewest open, as configured). Coming on duty hands out the shared queue, oldest first.',
    access: 'session',
    body: 'AvailabilityRequest',
    bodyExample: { onDuty: true },
    responses: [
      {
        status: 200,
        schema: 'AvailabilityResponse',
        description:
          'The new state, and how many waiting leads were handed out.',
      },
    ],
  },
  'GET /api/admin/queue': {
    tag: 'admin: callback desk',
    summary:
      'My queue: overdue first, then new leads by due time, then callbacks',
    access: 'session',
    responses: [
      {
        status: 200,
        schema: 'QueueResponse',
        description: 'The signed-in user’s work list with its counts.',
      },
    ],
  },
  'GET /api/admin/leads/:id/calls': {
    tag: 'admin: callback desk',
    summary: 'A lead’s call history, newest first',
    access: 'session',
    responses: [
      {
        status: 200,
        schema: 'LeadCallsResponse',
        description:
          'Each call with who made it, its outcome, note and callback time.',
      },
    ],
  },
  'POST /api/admin/leads/:id/calls': {
    tag: 'admin: callback desk',
    summary: 'Record a call’s outcome',
    description:
      'Outcomes: `interested` (qualified), `not_interested` (disqualified), `no_answer`, `busy`, `wrong_number`, `callback` (with `callbackAt`), `do_not_call`. Calling an unowned lead claims it.',
    access: 'session',
    body: 'LogCallRequest',
    bodyExample: {
      outcome: 'callback',
      callbackAt: '2026-12-02T06:30:00.000Z',
      note: 'فردا ساعت ۱۰ تماس بگیرید',
    },
    responses: [
      {
        status: 201,
        schema: 'LogCallResponse',
        description: 'The call and the lead’s desk state after it.',
      },
    ],
    errors: ['LEAD_CLOSED', 'NOT_LEAD_OWNER'],
  },
  'POST /api/admin/leads/:id/claim': {
    tag: 'admin: callback desk',
    summary: 'Take an unowned lead from the shared queue',
    access: 'session',
    responses: [
      {
        status: 200,
        schema: 'DeskLeadView',
        description: 'The lead, now yours.',
      },
    ],
    errors: ['LEAD_CLOSED', 'LEAD_ALREADY_OWNED'],
  },
  'POST /api/admin/leads/:id/assign': {
    tag: 'admin: callback desk',
    summary: 'Give a lead to a staff member',
    access: 'admin',
    body: 'AssignLeadRequest',
    bodyExample: { ownerId: EXAMPLE_ID },
    responses: [
      {
        status: 200,
        schema: 'DeskLeadView',
        description: 'The lead with its new owner.',
      },
    ],
    errors: ['LEAD_CLOSED'],
  },
  'GET /api/admin/staff/on-duty': {
    tag: 'admin: callback desk',
    summary: 'Who is on duty, with their open leads',
    access: 'admin',
    responses: [
      {
        status: 200,
        schema: 'StaffOnDutyResponse',
        description: 'Every active staff member and their availability.',
      },
    ],
  },
  'GET /api/admin/settings/business-calendar': {
    tag: 'admin: callback desk',
    summary: 'The business calendar of the first-contact promise',
    access: 'admin',
    responses: [
      {
        status: 200,
        schema: 'BusinessCalendarResponse',
        description: 'Time zone, working hours per weekday, holidays.',
      },
    ],
  },
  'PUT /api/admin/settings/business-calendar': {
    tag: 'admin: callback desk',
    summary: 'Change the business calendar',
    access: 'admin',
    body: 'BusinessCalendarRequest',
    responses: [
      {
        status: 200,
        schema: 'BusinessCalendarResponse',
        description: 'The saved calendar; due times of new leads follow it.',
      },
    ],
  },
  'GET /api/admin/desk/alerts': {
    tag: 'admin: callback desk',
    summary: 'First-contact breaches, newest first',
    access: 'admin',
    responses: [
      {
        status: 200,
        schema: 'DeskAlertView[]',
        description: 'Leads that passed their first-contact due time uncalled.',
      },
    ],
  },
  'GET /api/admin/events': {
    tag: 'admin: callback desk',
    summary:
      'The desk live: server-sent events of lead arrivals, owners and changes',
    description:
      'A `text/event-stream` that stays open. Each message: `id:` (its stream position), `event:` (`lead.created`, `lead.assigned`, `lead.changed`, `lead.sla_breached`, or `reset`) and `data:` (a `DeskStreamMessage` as JSON). An admin sees every lead; a reviewer the leads they own, just lost, or that nobody owns; a message with nothing for them is not sent. A `retry:` hint comes first and a comment every 15 s. To resume, send the last `id:` seen in `Last-Event-ID` (browsers do) or `?lastEventId=`: every missed event the stream still keeps follows once, in order, before live ones; when it no longer reaches that far, `reset` comes first (reload the lists). The stream closes when the session ends (checked every 15 s) or the api shuts down; reconnect. At most 5 streams per user on one api process.',
    access: 'session',
    query: {
      lastEventId: {
        description:
          'For tools without the `Last-Event-ID` header: the id to resume after (`<ms>-<seq>`).',
      },
    },
    responses: [
      {
        status: 200,
        mediaType: 'text/event-stream',
        schema: 'DeskStreamMessage',
        description:
          'The stream; each `data:` line is one `DeskStreamMessage`.',
      },
    ],
    errors: ['TOO_MANY_STREAMS'],
  },
};
