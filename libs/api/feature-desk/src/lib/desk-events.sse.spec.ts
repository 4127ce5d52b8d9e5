import { sseComment, sseMessage, sseRetry } from './desk-events.sse';

describe('SSE framing', () => {
  it('frames an event as id, event and one data line, ended by a blank line', () => {
    const frame = sseMessage(
      {
        type: 'lead.changed',
        at: '2026-12-01T10:00:00.000Z',
        leads: [{ leadId: 'l1', ownerId: null }],
      },
      '1764583200000-3',
    );
    expect(frame).toBe(
      'id: 1764583200000-3\nevent: lead.changed\ndata: {"type":"lead.changed","at":"2026-12-01T10:00:00.000Z","leads":[{"leadId":"l1","ownerId":null}]}\n\n',
    );
  });

  it('keeps line breaks inside the data from splitting the message', () => {
    const frame = sseMessage({
      type: 'reset',
      at: 'line one\nline two\r\n',
      leads: [],
    });
    // No id for a reset; the only blank line is the terminator.
    expect(frame.startsWith('event: reset\ndata: ')).toBe(true);
    expect(frame.indexOf('\n\n')).toBe(frame.length - 2);
    expect(
      frame.split('\n').filter((line) => line.startsWith('data:')),
    ).toHaveLength(1);
    expect(JSON.parse(frame.split('\n')[1]?.slice(6) ?? '')).toMatchObject({
      at: 'line one\nline two\r\n',
    });
  });

  it('never lets an id, a type or a comment carry a line break', () => {
    const frame = sseMessage(
      { type: 'reset', at: 'x', leads: [] },
      '1-0\ndata: injected',
    );
    expect(
      frame.split('\n').filter((line) => line.startsWith('data:')),
    ).toHaveLength(1);
    expect(sseComment('ping\n\nevent: x')).toBe(': ping  event: x\n\n');
  });

  it('writes the retry hint in whole milliseconds', () => {
    expect(sseRetry(3000)).toBe('retry: 3000\n\n');
    expect(sseRetry(-5)).toBe('retry: 0\n\n');
  });
});
