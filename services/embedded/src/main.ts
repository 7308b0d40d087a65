import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbedded } from './platform.ts';

const args = new Set(process.argv.slice(2));
// Data lives at the repository root by default, wherever pnpm runs the script from.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = resolve(repositoryRoot, process.env.CHUNGTAY_DATA_DIR ?? '.chungtay');
const port = Number(process.env.PORT ?? 4000);

const platform = await startEmbedded({ dataDir, port, fresh: args.has('--fresh') });
const out = (line = '') => process.stdout.write(`${line}\n`);
out('Chung Tay — embedded default (event store on PGlite, on disk)');
out(`  data:       ${dataDir}${args.has('--fresh') ? ' (started afresh)' : ''}`);
out(`  health:     ${platform.url}/health/live  ${platform.url}/health/ready`);
out(
  `  master key: ${platform.masterKeyCreated ? 'created' : 'loaded'} (${dataDir}/master.key; set CHUNGTAY_MASTER_KEY in production)`,
);
out('  Stop with Ctrl+C. `pnpm start -- --fresh` starts with empty data.');

const shutdown = async (signal: string) => {
  out(`\n${signal}: stopping`);
  await platform.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
