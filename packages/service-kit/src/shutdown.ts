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
}
