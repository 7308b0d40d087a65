import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** What the bundle is made of: the console's own sources and the contracts it labels its forms from. */
const sources = [join(root, 'src'), join(root, '../../packages/contracts/src')];
const files = [join(root, 'index.html'), join(root, 'vite.config.ts'), join(root, 'package.json')];

async function stampOfSources(): Promise<string> {
  const hash = createHash('sha256');
  const paths = [...files];
  for (const directory of sources)
    for (const entry of await readdir(directory, { recursive: true, withFileTypes: true }))
      if (entry.isFile()) paths.push(join(entry.parentPath, entry.name));
  for (const path of paths.sort()) hash.update(path).update(await readFile(path));
  return hash.digest('hex');
}

/**
 * Builds the console as `pnpm start` does, React's production build included, whatever `NODE_ENV` the caller
 * runs under (vitest sets it to `test`, which would give React's development build). A build of the same
 * sources is not made again; a new one is made beside `dist/` and put in its place in one rename, so a
 * platform serving the console while another test builds it never finds it missing.
 */
export async function buildConsole(): Promise<void> {
  const stamp = await stampOfSources();
  const built = await readFile(join(dist, '.sources'), 'utf8').catch(() => undefined);
  if (built === stamp) return;
  const fresh = join(root, `dist-${randomBytes(4).toString('hex')}`);
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, mode: 'production', logLevel: 'warn', build: { outDir: fresh } });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  await writeFile(join(fresh, '.sources'), stamp);
  const old = `${fresh}-old`;
  await rename(dist, old).catch(() => undefined);
  // Another build of the same sources may have taken the place first: then this one is not needed.
  await rename(fresh, dist).catch(() => rm(fresh, { recursive: true, force: true }));
  await rm(old, { recursive: true, force: true });
}
