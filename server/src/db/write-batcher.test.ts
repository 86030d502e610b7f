import { describe, expect, it } from 'vitest';
import { WriteBatcher } from './write-batcher.ts';

/** A write that records each batch it is given and answers each input doubled, after a pause. */
function recordingWrite(options: { failOn?: number; pauseMs?: number } = {}) {
  const batches: number[][] = [];
  let running = 0;
  let mostRunning = 0;
  const write = async (inputs: number[]) => {
    batches.push(inputs);
    running++;
    mostRunning = Math.max(mostRunning, running);
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 5));
    running--;
    if (options.failOn !== undefined && inputs.includes(options.failOn)) {
      throw new Error(`cannot write ${options.failOn}`);
    }
    return inputs.map((input) => input * 2);
  };
  return { write, batches, mostRunning: () => mostRunning };
}

describe('write batcher', () => {
  it('writes calls made together as one batch, and answers each with its own output', async () => {
    const { write, batches } = recordingWrite();
    const batcher = new WriteBatcher(write, { maxBatch: 10, maxRunning: 1 });
    const outputs = await Promise.all([1, 2, 3, 4].map((input) => batcher.submit(input)));
    expect(outputs).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('gathers calls arriving while batches run, within the size and running limits', async () => {
    const { write, batches, mostRunning } = recordingWrite({ pauseMs: 10 });
    const batcher = new WriteBatcher(write, { maxBatch: 3, maxRunning: 2 });
    const first = batcher.submit(0);
    await new Promise((resolve) => setImmediate(resolve));
    // The first batch is running; these wait, then go in batches of at most three.
    const rest = Array.from({ length: 7 }, (_, index) => batcher.submit(index + 1));
    expect(await Promise.all([first, ...rest])).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
    expect(mostRunning()).toBe(2);
  });

  it('writes the calls of a failed batch again one by one, so only the bad call fails', async () => {
    const { write, batches } = recordingWrite({ failOn: 3 });
    const batcher = new WriteBatcher(write, { maxBatch: 10, maxRunning: 1 });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((input) => batcher.submit(input)));
    expect(settled.map((result) => (result.status === 'fulfilled' ? result.value : 'failed'))).toEqual([
      2,
      4,
      'failed',
      8,
    ]);
    expect(settled[2]).toMatchObject({ reason: new Error('cannot write 3') });
    expect(batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
  });

  it('fails a batch whose write answers with the wrong number of outputs', async () => {
    const batcher = new WriteBatcher(async (inputs: number[]) => inputs.slice(1), {
      maxBatch: 10,
      maxRunning: 1,
    });
    const settled = await Promise.allSettled([1, 2].map((input) => batcher.submit(input)));
    expect(settled.every((result) => result.status === 'rejected')).toBe(true);
  });
});
