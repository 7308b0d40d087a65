import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './cli.ts';

// The embedded default keeps its data at the repository root unless CHUNGTAY_DATA_DIR says otherwise.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = resolve(repositoryRoot, process.env.CHUNGTAY_DATA_DIR ?? '.chungtay');
process.exitCode = await run(
  process.argv.slice(2),
  { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
  dataDir,
);
