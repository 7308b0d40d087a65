import { spawn } from 'node:child_process';

/** Runs a TypeScript entry point (through tsx) to its end: its exit code and what it wrote to stderr. */
export async function runToExit(
  main: string,
  options: { readonly env: NodeJS.ProcessEnv; readonly cwd?: string },
): Promise<{ readonly code: number | null; readonly stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: options.env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}
