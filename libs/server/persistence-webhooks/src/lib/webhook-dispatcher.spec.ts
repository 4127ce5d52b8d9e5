import { deliveryIdFor } from './webhook-dispatcher';
import { stableJobId } from './webhook-queue.producer';

describe('delivery ids (the webhook-id header)', () => {
  it('are UUIDs that follow from the endpoint and the event, so a replay finds the same one', () => {
    const id = deliveryIdFor('endpoint-1', 'lead.created:s1');
    expect(id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(deliveryIdFor('endpoint-1', 'lead.created:s1')).toBe(id);
    expect(deliveryIdFor('endpoint-2', 'lead.created:s1')).not.toBe(id);
    expect(deliveryIdFor('endpoint-1', 'lead.created:s2')).not.toBe(id);
  });
});

describe('fan-out job ids', () => {
  it('follow from the events and hold no colon (BullMQ refuses one)', () => {
    const id = stableJobId('fan', ['a', 'b']);
    expect(id).toBe(stableJobId('fan', ['a', 'b']));
    expect(id).not.toBe(stableJobId('fan', ['a', 'c']));
    expect(id).not.toContain(':');
  });
});
