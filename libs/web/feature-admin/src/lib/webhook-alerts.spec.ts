import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import {
  type WebhookEndpointListResponse,
  type WebhookEndpointView,
} from '@landing/shared/contracts-webhooks';
import { WebhooksApi } from '@landing/web/data-access-admin';
import { WebhookAlerts } from './webhook-alerts';

function endpoint(
  id: string,
  state: WebhookEndpointView['state'],
): WebhookEndpointView {
  return { id, state } as WebhookEndpointView;
}

/** Lets the answered promises' callbacks run. */
const settled = () => new Promise((resolve) => setTimeout(resolve));

/** A list route whose answers the test releases by hand, in any order. */
class ControlledApi {
  readonly pending: ((answer: WebhookEndpointListResponse) => void)[] = [];
  list(): Promise<WebhookEndpointListResponse> {
    return new Promise((resolve) => this.pending.push(resolve));
  }
}

describe('WebhookAlerts', () => {
  let api: ControlledApi;
  let alerts: WebhookAlerts;

  beforeEach(() => {
    sessionStorage.clear();
    api = new ControlledApi();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: WebhooksApi, useValue: api }],
    });
    alerts = TestBed.inject(WebhookAlerts);
  });

  afterEach(() => alerts.stop());

  it('never asks before it is started (other roles do not start it)', () => {
    alerts.refresh();
    expect(api.pending).toHaveLength(0);
  });

  it('counts the disabled endpoints, and a resume clears them', async () => {
    alerts.start();
    api.pending[0]?.({
      endpoints: [
        endpoint('a', 'disabled'),
        endpoint('b', 'active'),
        endpoint('c', 'paused'),
        endpoint('d', 'disabled'),
      ],
    });
    await settled();
    expect(alerts.count()).toBe(2);
    expect(alerts.bannerShown()).toBe(true);

    alerts.refresh();
    api.pending[1]?.({ endpoints: [endpoint('a', 'active')] });
    await settled();
    expect(alerts.count()).toBe(0);
    expect(alerts.bannerShown()).toBe(false);
  });

  it('keeps only the latest answer when a slow poll arrives after a refresh', async () => {
    alerts.start();
    alerts.refresh();
    api.pending[1]?.({ endpoints: [] });
    api.pending[0]?.({ endpoints: [endpoint('a', 'disabled')] });
    await settled();
    expect(alerts.count()).toBe(0);
  });

  it('hides the banner for the session until another endpoint is disabled', async () => {
    alerts.start();
    api.pending[0]?.({ endpoints: [endpoint('a', 'disabled')] });
    await settled();
    alerts.dismiss();
    expect(alerts.bannerShown()).toBe(false);
    expect(alerts.count()).toBe(1);
    expect(sessionStorage.getItem('lp.webhookAlerts.dismissed')).toBe('a');

    alerts.refresh();
    api.pending[1]?.({
      endpoints: [endpoint('a', 'disabled'), endpoint('b', 'disabled')],
    });
    await settled();
    expect(alerts.bannerShown()).toBe(true);
  });

  it('forgets the count when the last user stops (signed out)', async () => {
    alerts.start();
    api.pending[0]?.({ endpoints: [endpoint('a', 'disabled')] });
    await settled();
    expect(alerts.count()).toBe(1);
    alerts.stop();
    expect(alerts.count()).toBe(0);
  });
});
