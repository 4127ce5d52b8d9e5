import {
  compareStreamIds,
  type DeskStreamInfo,
  EMPTY_STREAM,
  isStreamId,
  parseEntries,
  resumeIsIncomplete,
} from './desk-event.store';

describe('desk event stream ids and resuming', () => {
  it('orders stream ids numerically, by time then sequence', () => {
    expect(compareStreamIds('9-0', '10-0')).toBe(-1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('10-10', '10-10')).toBe(0);
    expect(compareStreamIds('1764583200001-0', '1764583200000-99')).toBe(1);
    expect(isStreamId('1764583200000-3')).toBe(true);
    for (const bad of ['', '1', '1-', '-1', '1-2-3', 'a-1', '$', '1-0\n'])
      expect(isStreamId(bad)).toBe(false);
  });

  const info = (over: Partial<DeskStreamInfo>): DeskStreamInfo => ({
    ...EMPTY_STREAM,
    lastGeneratedId: '50-0',
    firstId: '10-0',
    length: 41,
    entriesAdded: 41,
    ...over,
  });

  it('resumes without a reset when nothing after the id was removed', () => {
    expect(resumeIsIncomplete('20-0', info({}))).toBe(false);
    // Trimmed, but the id is at or after the oldest kept entry.
    expect(resumeIsIncomplete('10-0', info({ entriesAdded: 100 }))).toBe(false);
    expect(resumeIsIncomplete('0-0', EMPTY_STREAM)).toBe(false);
  });

  it('asks for a reset when entries after the id may be gone, or the id is from a lost stream', () => {
    expect(resumeIsIncomplete('5-0', info({ entriesAdded: 100 }))).toBe(true);
    expect(resumeIsIncomplete('30-0', info({ maxDeletedId: '31-0' }))).toBe(
      true,
    );
    expect(resumeIsIncomplete('60-0', info({}))).toBe(true);
    // Everything was trimmed away.
    expect(
      resumeIsIncomplete(
        '40-0',
        info({ firstId: null, length: 0, entriesAdded: 41 }),
      ),
    ).toBe(true);
  });

  it('reads our entries and skips anything else in the stream', () => {
    const event = {
      type: 'lead.created',
      at: '2026-12-01T10:00:00.000Z',
      leads: [{ leadId: 'l1', ownerId: null }],
    };
    expect(
      parseEntries([
        ['1-0', ['e', JSON.stringify(event)]],
        ['2-0', ['e', 'not json']],
        ['3-0', ['other', '{}']],
        ['4-0', ['e', JSON.stringify({ type: 'lead.deleted', leads: [] })]],
      ]),
    ).toEqual([{ id: '1-0', event }]);
  });
});
