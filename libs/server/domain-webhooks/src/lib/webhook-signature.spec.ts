import { Webhook } from 'standardwebhooks';
import {
  generateWebhookSecret,
  isWebhookSecret,
  verifyWebhookSignature,
  webhookHeaders,
} from './webhook-signature';
import { webhookRetryDelay, webhookRetrySpanMs } from './webhook-retry';

describe('webhook signatures', () => {
  const body = JSON.stringify({
    type: 'lead.created',
    data: { phone: '+989121234567' },
  });
  const now = Math.floor(Date.now() / 1000);

  it('make whsec_ secrets of 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(isWebhookSecret(secret)).toBe(true);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('verify with the reference implementation, for each of two rotating secrets', () => {
    const [current, previous] = [
      generateWebhookSecret(),
      generateWebhookSecret(),
    ];
    const headers = webhookHeaders([current, previous], 'msg_1', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual(
      JSON.parse(body),
    );
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual(
      JSON.parse(body),
    );
    expect(() =>
      new Webhook(generateWebhookSecret()).verify(body, { ...headers }),
    ).toThrow();
    expect(verifyWebhookSignature(current, headers, body)).toBe(true);
    expect(verifyWebhookSignature(current, headers, `${body} `)).toBe(false);
  });
});

describe('webhook retries', () => {
  const policy = { baseMs: 10_000, maxMs: 4 * 3600_000 };

  it('grow exponentially with jitter in [half, full] and a ceiling', () => {
    expect(webhookRetryDelay(1, policy, () => 0)).toBe(5_000);
    expect(webhookRetryDelay(1, policy, () => 1)).toBe(10_000);
    expect(webhookRetryDelay(4, policy, () => 1)).toBe(80_000);
    expect(webhookRetryDelay(30, policy, () => 1)).toBe(policy.maxMs);
  });

  it('span about a day with the default 16 attempts', () => {
    const hours = webhookRetrySpanMs(16, policy) / 3600_000;
    expect(hours).toBeGreaterThan(20);
    expect(hours).toBeLessThan(26);
  });
});
