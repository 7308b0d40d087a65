/**
 * Runs a costly operation once for many callers: every item submitted in the same turn of the event loop, or
 * while the previous run was in flight, goes into the next run, and each caller gets its own item's result.
 * Under load the runs grow instead of queueing, so the cost per item falls as the load rises; when idle, an
 * item waits only for the current turn to end.
 *
 * A run never takes an item submitted after it started: whatever the item's caller did before submitting it
 * (a write it wants to read back) happened before the run began.
 */
export class Coalescer<Item, Result> {
  private waiting: Array<{ item: Item; settle: (outcome: { result: Result } | { error: unknown }) => void }> =
    [];
  private running: Promise<void> | undefined;

  /** `run` answers each item of a run, in the order given. */
  constructor(private readonly run: (items: readonly Item[]) => Promise<readonly Result[]>) {}

  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        item,
        settle: (outcome) => ('result' in outcome ? resolve(outcome.result) : reject(outcome.error)),
      });
      this.running ??= this.runWaiting();
    });
  }

  private async runWaiting(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve)); // let the rest of this turn's items join
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0);
      try {
        const results = await this.run(group.map(({ item }) => item));
        group.forEach(({ settle }, index) => {
          settle({ result: results[index] as Result });
        });
      } catch (error) {
        for (const { settle } of group) settle({ error });
      }
    }
    this.running = undefined;
  }
}
