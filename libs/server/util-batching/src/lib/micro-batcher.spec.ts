import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('writes items that arrive together as one group once the size is reached', async () => {
    const writes: number[][] = [];
    const batcher = new MicroBatcher<number>(
      async (items) => void writes.push(items),
      { maxSize: 3, maxWaitMs: 10_000 },
    );
    await Promise.all([batcher.add(1), batcher.add(2), batcher.add(3)]);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('writes a partial group after the wait time', async () => {
    const writes: number[][] = [];
    const batcher = new MicroBatcher<number>(
      async (items) => void writes.push(items),
      { maxSize: 100, maxWaitMs: 5 },
    );
    await Promise.all([batcher.add(1), batcher.add(2)]);
    expect(writes).toEqual([[1, 2]]);
  });

  it('isolates a failing item: its neighbours are still written and only it is rejected', async () => {
    const written: number[] = [];
    const batcher = new MicroBatcher<number>(
      async (items) => {
        if (items.includes(13)) throw new Error('poison');
        written.push(...items);
      },
      { maxSize: 3, maxWaitMs: 10_000 },
    );
    const results = await Promise.allSettled([
      batcher.add(12),
      batcher.add(13),
      batcher.add(14),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(written.sort()).toEqual([12, 14]);
  });

  it('does not settle a caller before its write has finished', async () => {
    let finishWrite: () => void = () => undefined;
    const batcher = new MicroBatcher<number>(
      () => new Promise<void>((resolve) => (finishWrite = resolve)),
      { maxSize: 1, maxWaitMs: 0 },
    );
    let settled = false;
    const added = batcher.add(1).then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    finishWrite();
    await added;
    expect(settled).toBe(true);
  });

  it('drain writes what is waiting and waits for writes in flight', async () => {
    const writes: number[][] = [];
    const batcher = new MicroBatcher<number>(
      async (items) => void writes.push(items),
      { maxSize: 100, maxWaitMs: 60_000 },
    );
    const added = batcher.add(7);
    await batcher.drain();
    await added;
    expect(writes).toEqual([[7]]);
  });

  it('with retryOneByOne off, fails every item with the group and writes nothing again', async () => {
    const writes: number[][] = [];
    const batcher = new MicroBatcher<number>(
      async (items) => {
        writes.push(items);
        throw new Error('destination away');
      },
      { maxSize: 3, maxWaitMs: 60_000, retryOneByOne: false },
    );
    const results = await Promise.allSettled([
      batcher.add(1),
      batcher.add(2),
      batcher.add(3),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect(writes).toEqual([[1, 2, 3]]);
  });
});
