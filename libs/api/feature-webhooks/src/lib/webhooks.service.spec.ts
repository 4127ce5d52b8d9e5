import { toEndpointView } from './webhooks.service';

describe('toEndpointView', () => {
  const record = {
    id: 'e',
    url: 'https://crm.example.com/h',
    description: '',
    events: ['lead.created' as const],
    state: 'active' as const,
    secret: 'whsec_current',
    previousSecret: 'whsec_previous',
    previousSecretExpiresAt: new Date('2026-12-02T00:00:00Z'),
    consecutiveFailures: 0,
    disabledAt: null,
    createdAt: new Date('2026-12-01T00:00:00Z'),
    updatedAt: new Date('2026-12-01T00:00:00Z'),
  };

  it('never carries a secret, only when the rotation overlap ends', () => {
    const view = toEndpointView(record);
    expect(JSON.stringify(view)).not.toContain('whsec_');
    expect(view.previousSecretExpiresAt).toBe('2026-12-02T00:00:00.000Z');
    expect(
      toEndpointView({ ...record, previousSecret: null })
        .previousSecretExpiresAt,
    ).toBeNull();
  });
});
