import {
  leadQueryFromParams,
  nextRowIndex,
  rowKeyCommand,
} from './leads-query';

function key(
  k: string,
  target: Element = document.body,
  init: KeyboardEventInit = {},
) {
  const event = new KeyboardEvent('keydown', {
    key: k,
    bubbles: true,
    ...init,
  });
  Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('the lead list keyboard', () => {
  it('maps j, k, Enter, Escape, / and ? to their commands', () => {
    expect(rowKeyCommand(key('j'))).toBe('next');
    expect(rowKeyCommand(key('k'))).toBe('previous');
    expect(rowKeyCommand(key('Enter'))).toBe('open');
    expect(rowKeyCommand(key('Escape'))).toBe('close');
    expect(rowKeyCommand(key('/'))).toBe('search');
    expect(rowKeyCommand(key('?'))).toBe('help');
    expect(rowKeyCommand(key('x'))).toBeNull();
  });

  it('leaves typing alone: j in the search box is a letter, not a move', () => {
    const input = document.createElement('input');
    document.body.append(input);
    expect(rowKeyCommand(key('j', input))).toBeNull();
    expect(rowKeyCommand(key('/', input))).toBeNull();
    expect(rowKeyCommand(key('Escape', input))).toBe('close');
    input.remove();
  });

  it('ignores shortcuts held with Ctrl, Alt or Meta, and Enter on a button', () => {
    expect(
      rowKeyCommand(key('k', document.body, { ctrlKey: true })),
    ).toBeNull();
    expect(
      rowKeyCommand(key('j', document.body, { metaKey: true })),
    ).toBeNull();
    const button = document.createElement('button');
    expect(rowKeyCommand(key('Enter', button))).toBeNull();
  });

  it('moves within the list and starts at the first row', () => {
    expect(nextRowIndex(-1, 3, 'next')).toBe(0);
    expect(nextRowIndex(0, 3, 'next')).toBe(1);
    expect(nextRowIndex(2, 3, 'next')).toBe(2);
    expect(nextRowIndex(0, 3, 'previous')).toBe(0);
    expect(nextRowIndex(0, 0, 'next')).toBe(-1);
  });
});

describe('leadQueryFromParams', () => {
  it('keeps the known filters and drops a sort the api does not know', () => {
    const params = new Map([
      ['status', 'new,contacted'],
      ['sort', 'DROP TABLE'],
      ['order', 'asc'],
      ['lead', 'abc'],
    ]);
    expect(leadQueryFromParams((k) => params.get(k) ?? null)).toEqual({
      status: 'new,contacted',
      order: 'asc',
    });
  });
});
