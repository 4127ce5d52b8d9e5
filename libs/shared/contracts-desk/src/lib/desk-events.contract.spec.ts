import { type DeskEvent, visibleDeskEvent } from './desk-events.contract';

describe('visibleDeskEvent', () => {
  const event: DeskEvent = {
    type: 'lead.assigned',
    at: '2026-12-01T10:00:00.000Z',
    leads: [
      { leadId: 'l1', ownerId: 'ana' },
      { leadId: 'l2', ownerId: 'ben', previousOwnerId: 'ana' },
      { leadId: 'l3', ownerId: null },
      { leadId: 'l4', ownerId: 'ben', previousOwnerId: 'cy' },
      { leadId: 'l5', ownerId: 'ben' },
    ],
  };
  const ids = (visible: DeskEvent | null) =>
    visible?.leads.map((lead) => lead.leadId) ?? null;

  it('shows an admin every lead, the event unchanged', () => {
    expect(visibleDeskEvent(event, { userId: 'x', role: 'admin' })).toBe(event);
  });

  it('shows a reviewer their own leads, the ones they just lost and unowned ones', () => {
    expect(
      ids(visibleDeskEvent(event, { userId: 'ana', role: 'reviewer' })),
    ).toEqual(['l1', 'l2', 'l3']);
    expect(
      ids(visibleDeskEvent(event, { userId: 'cy', role: 'reviewer' })),
    ).toEqual(['l3', 'l4']);
    // Nothing of someone else's: the others' leads are left out of the message.
    expect(
      ids(visibleDeskEvent(event, { userId: 'dee', role: 'reviewer' })),
    ).toEqual(['l3']);
  });

  it('sends a reviewer nothing when no lead of the event is theirs to see', () => {
    const theirs: DeskEvent = {
      type: 'lead.changed',
      at: event.at,
      leads: [{ leadId: 'l5', ownerId: 'ben' }],
    };
    expect(
      visibleDeskEvent(theirs, { userId: 'ana', role: 'reviewer' }),
    ).toBeNull();
    expect(
      visibleDeskEvent(
        { ...theirs, leads: [] },
        { userId: 'x', role: 'admin' },
      ),
    ).toBeNull();
  });

  it('does not treat a missing previous owner as a match', () => {
    const noPrevious: DeskEvent = {
      type: 'lead.changed',
      at: event.at,
      leads: [{ leadId: 'l6', ownerId: 'ben' }],
    };
    expect(
      visibleDeskEvent(noPrevious, { userId: '', role: 'reviewer' }),
    ).toBeNull();
  });

  it('shows every reviewer a lead leaving the shared queue, so their shared list drops it', () => {
    const claimed: DeskEvent = {
      type: 'lead.assigned',
      at: event.at,
      leads: [
        { leadId: 'l6', ownerId: 'ben', previousOwnerId: null },
        { leadId: 'l7', ownerId: 'ben', previousOwnerId: 'ana' },
      ],
    };
    expect(
      ids(visibleDeskEvent(claimed, { userId: 'dee', role: 'reviewer' })),
    ).toEqual(['l6']);
  });
});
