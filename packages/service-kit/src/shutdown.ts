/**
 * Graceful shutdown: on SIGTERM or SIGINT, stop each part in order (the last batch finishes, positions are
 * saved, leads are released), then exit 0; a part that fails to stop makes the exit code 1.
 */
export function stopOnSignals(
  parts: ReadonlyArray<{ stop(): Promise<void> }>,
  exit = (code: number) => process.exit(code),
): void {
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    let code = 0;
    for (const part of parts) {
      try {
        await part.stop();
      } catch {
        code = 1;
      }
    }
    exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stopAll());
  // Started by a launcher (pnpm topology, a test) that holds our stdin: when it dies, even by kill -9, the
  // pipe closes and we stop as on SIGTERM, so no process outlives what started it.
  if (process.env.CHUNGTAY_EXIT_WITH_PARENT === '1') {
    process.stdin.once('end', () => void stopAll());
    process.stdin.once('close', () => void stopAll());
    process.stdin.resume();
  }
}
