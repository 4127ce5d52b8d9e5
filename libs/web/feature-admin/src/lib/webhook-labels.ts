import {
  type WebhookDeliveryState,
  type WebhookEndpointState,
  type WebhookEventType,
} from '@landing/shared/contracts-webhooks';

/** A short human name for each event a receiver can subscribe to (and the test event). */
export function webhookEventLabel(type: WebhookEventType | string): string {
  switch (type) {
    case 'lead.created':
      return $localize`:@@admin.webhooks.event.created:New lead`;
    case 'lead.duplicate':
      return $localize`:@@admin.webhooks.event.duplicate:Repeat submission of a lead`;
    case 'lead.status_changed':
      return $localize`:@@admin.webhooks.event.statusChanged:Lead status changed`;
    case 'lead.erased':
      return $localize`:@@admin.webhooks.event.erased:Lead erased`;
    case 'lead.assigned':
      return $localize`:@@admin.webhooks.event.assigned:Lead assigned to an agent`;
    case 'lead.call_logged':
      return $localize`:@@admin.webhooks.event.callLogged:Call logged`;
    case 'lead.sla_breached':
      return $localize`:@@admin.webhooks.event.slaBreached:Response time exceeded`;
    case 'webhook.test':
      return $localize`:@@admin.webhooks.event.test:Test event`;
    default:
      return type;
  }
}

export function webhookStateLabel(state: WebhookEndpointState): string {
  switch (state) {
    case 'active':
      return $localize`:@@admin.webhooks.state.active:Active`;
    case 'paused':
      return $localize`:@@admin.webhooks.state.paused:Paused`;
    case 'disabled':
      return $localize`:@@admin.webhooks.state.disabled:Disabled after failures`;
  }
}

export function webhookDeliveryStateLabel(state: WebhookDeliveryState): string {
  switch (state) {
    case 'pending':
      return $localize`:@@admin.webhooks.delivery.pending:Pending`;
    case 'succeeded':
      return $localize`:@@admin.webhooks.delivery.succeeded:Delivered`;
    case 'failed':
      return $localize`:@@admin.webhooks.delivery.failed:Failed`;
    case 'cancelled':
      return $localize`:@@admin.webhooks.delivery.cancelled:Cancelled`;
  }
}

/** An attempt's outcome as the server logs it (`ok`, `http_error`, …). */
export function webhookOutcomeLabel(outcome: string): string {
  switch (outcome) {
    case 'ok':
      return $localize`:@@admin.webhooks.outcome.ok:OK`;
    case 'http_error':
      return $localize`:@@admin.webhooks.outcome.httpError:Error status`;
    case 'timeout':
      return $localize`:@@admin.webhooks.outcome.timeout:Timed out`;
    case 'network_error':
      return $localize`:@@admin.webhooks.outcome.networkError:Connection failed`;
    case 'refused':
      return $localize`:@@admin.webhooks.outcome.refused:Refused (address not allowed)`;
    default:
      return outcome;
  }
}
