import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBanner } from './banner.ts';
import { startEmbedded } from './platform.ts';

const args = new Set(process.argv.slice(2));
// Data lives at the repository root by default, wherever pnpm runs the script from.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = resolve(repositoryRoot, process.env.CHUNGTAY_DATA_DIR ?? '.chungtay');
const port = Number(process.env.PORT ?? 4000);
const out = (line = '') => process.stdout.write(`${line}\n`);

let lastShown = 0;
const platform = await startEmbedded({
  dataDir,
  port,
  fresh: args.has('--fresh'),
  demo: !args.has('--empty'),
  onDemoProgress: (done, total) => {
    if (done === 1) out('Seeding the Gia Lai demo (once, into empty data):');
    // A progress line that rewrites itself on a terminal, and a few plain lines elsewhere.
    if (process.stdout.isTTY) process.stdout.write(`\r  ${done}/${total} cases`);
    else if (done === total || done - lastShown >= 40) {
      lastShown = done;
      out(`  ${done}/${total} cases`);
    }
    if (done === total && process.stdout.isTTY) out();
  },
});
for (const line of startBanner(platform, { dataDir, fresh: args.has('--fresh') })) out(line);

const shutdown = async (signal: string) => {
  out(`\n${signal}: stopping`);
  await platform.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
