import { jsonDepth } from './json-body.parser';

describe('jsonDepth', () => {
  it.each([
    ['"text"', 0],
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['{"a":"[[[[{{{{"}', 1],
    ['{"a":"\\"[[[["}', 1],
    ['[[[]],[[[]]]]', 4],
  ])('%s nests %i deep', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });

  it('stops counting once past the limit, so a hostile body costs little', () => {
    expect(jsonDepth('['.repeat(100_000), 8)).toBe(9);
  });
});
