import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { ChildIndex } from '@chungtay/case';
import type { EventStore, SqlExecutor } from '@chungtay/event-store';
import { type DemoShowcase, type DemoSummary, seedDemo } from './seed.ts';

export interface SeedOnceOptions {
  /** The store as stored, to see whether it holds anything. */
  readonly stored: EventStore;
  /** The protected store the services write through. */
  readonly store: EventStore;
  /** Where the case service keeps its child index, and the secret keying it. */
  readonly executor: SqlExecutor;
  readonly indexSecret: Buffer;
  /** Where the demo's notable cases are kept across restarts (beside the data). */
  readonly showcaseFile: string;
  readonly cases?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Seeds the demo into an empty store only: a restart keeps whatever is there, demo or real work. Returns
 * what this call seeded, and the demo's notable cases whenever the data holds the demo.
 */
export async function seedDemoOnce(
  options: SeedOnceOptions,
): Promise<{ seeded?: DemoSummary; showcase?: DemoShowcase }> {
  let seeded: DemoSummary | undefined;
  if ((await options.stored.readAll({ maxCount: 1 })).length === 0) {
    const childIndex = new ChildIndex(options.executor, options.indexSecret);
    await childIndex.migrate();
    seeded = await seedDemo({
      store: options.store,
      childIndex,
      ...(options.cases ? { cases: options.cases } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    await writeFile(options.showcaseFile, `${JSON.stringify(seeded.showcase, null, 2)}\n`);
  }
  const showcase = existsSync(options.showcaseFile)
    ? (JSON.parse(await readFile(options.showcaseFile, 'utf8')) as DemoShowcase)
    : undefined;
  return { ...(seeded ? { seeded } : {}), ...(showcase ? { showcase } : {}) };
}
