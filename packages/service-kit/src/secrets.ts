import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A secret kept in a file of mode 0600, made on first use, so a restart reads what it wrote: the embedded default's
 * and the local topology's master key and token issuer. Production takes both from configuration
 * (docs/operations.md).
 */
export async function keptSecret<T>(
  file: string,
  codec: {
    create: () => Promise<T> | T;
    encode: (value: T) => string;
    decode: (text: string) => Promise<T> | T;
  },
): Promise<{ value: T; created: boolean }> {
  if (existsSync(file))
    return { value: await codec.decode((await readFile(file, 'utf8')).trim()), created: false };
  const value = await codec.create();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${codec.encode(value)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { value, created: true };
}
