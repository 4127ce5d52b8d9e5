/**
 * Contract types the document carries as components although no route names them: payloads
 * that leave the api another way (webhook events), so integrators find their shape here too.
 */
export const EXTRA_SCHEMA_TYPES: readonly string[] = [
  'LeadCreatedPayload',
  'LeadDuplicatePayload',
  'LeadStatusChangedPayload',
  'LeadErasedPayload',
  'LeadAssignedPayload',
  'LeadCallLoggedPayload',
  'LeadSlaBreachedPayload',
  'WebhookTestPayload',
];
