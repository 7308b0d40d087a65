import { describe, expect, it } from 'vitest';
import { Coalescer } from '../src/index.ts';

/** A run that records its items and can be held open until released. */
function recordingRun() {
  const runs: number[][] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const run = async (items: readonly number[]) => {
    runs.push([...items]);
    if (hold) await new Promise<void>((resolve) => (release = resolve));
    return items.map((item) => item * 10);
  };
  return {
    runs,
    run,
    holdNext: () => (hold = true),
    release: () => {
      hold = false;
      release?.();
    },
  };
}

describe('Coalescer', () => {
  it('runs the items submitted in one turn together, each caller getting its own result', async () => {
    const recorder = recordingRun();
    const coalescer = new Coalescer(recorder.run);
    const results = await Promise.all([1, 2, 3].map((item) => coalescer.submit(item)));
    expect(results).toEqual([10, 20, 30]);
    expect(recorder.runs).toEqual([[1, 2, 3]]);
  });

  it('gathers what arrives during a run into the next run, never into the run in flight', async () => {
    const recorder = recordingRun();
    const coalescer = new Coalescer(recorder.run);
    recorder.holdNext();
    const first = coalescer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(recorder.runs).toEqual([[1]]);
    const later = [coalescer.submit(2), coalescer.submit(3)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(recorder.runs).toEqual([[1]]);
    recorder.release();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30]);
    expect(recorder.runs).toEqual([[1], [2, 3]]);
  });

  it('rejects every caller of a failed run, and runs again for the next ones', async () => {
    let fail = true;
    const coalescer = new Coalescer(async (items: readonly number[]) => {
      if (fail) throw new Error('the database refused');
      return items.map((item) => item + 1);
    });
    const failed = await Promise.allSettled([coalescer.submit(1), coalescer.submit(2)]);
    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason).toEqual(new Error('the database refused'));
    fail = false;
    expect(await coalescer.submit(5)).toBe(6);
  });
});
