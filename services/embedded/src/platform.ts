import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import {
  MasterKey,
  ProtectedEventStore,
  pgliteExecutor,
  SqlEventStore,
  SqlKeyStore,
} from '@chungtay/event-store';

export interface EmbeddedOptions {
  /** Where PGlite keeps its files and the embedded master key (default `.chungtay` under the working directory). */
  readonly dataDir: string;
  /** Start afresh: delete everything under `dataDir` first. */
  readonly fresh?: boolean;
  /** HTTP port for health and (later) the gateway; 0 picks a free one. */
  readonly port: number;
}

export interface EmbeddedPlatform {
  readonly store: ProtectedEventStore;
  readonly url: string;
  readonly masterKeyCreated: boolean;
  stop(): Promise<void>;
}

/**
 * The embedded master key lives beside the data (mode 0600) so a restart can read what it wrote. Production
 * takes `CHUNGTAY_MASTER_KEY` from the environment instead (docs/operations.md).
 */
async function loadOrCreateMasterKey(dataDir: string): Promise<{ key: MasterKey; created: boolean }> {
  if (process.env.CHUNGTAY_MASTER_KEY)
    return { key: MasterKey.fromBase64(process.env.CHUNGTAY_MASTER_KEY), created: false };
  const file = join(dataDir, 'master.key');
  if (existsSync(file))
    return { key: MasterKey.fromBase64((await readFile(file, 'utf8')).trim()), created: false };
  const key = MasterKey.generate();
  await writeFile(file, `${key.toBase64()}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { key, created: true };
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedPlatform> {
  if (options.fresh) await rm(options.dataDir, { recursive: true, force: true });
  await mkdir(options.dataDir, { recursive: true });
  const { key, created } = await loadOrCreateMasterKey(options.dataDir);
  const executor = await pgliteExecutor(join(options.dataDir, 'pglite'));
  const sql = await SqlEventStore.open(executor);
  const store = new ProtectedEventStore(sql, { keys: new SqlKeyStore(executor, key) });

  let ready = true;
  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/health/live') return reply(200, { status: 'ok' });
    if (request.url === '/health/ready') {
      return executor
        .query('select 1')
        .then(() => reply(ready ? 200 : 503, { status: ready ? 'ready' : 'stopping', store: 'pglite' }))
        .catch(() => reply(503, { status: 'unavailable', store: 'pglite' }));
    }
    return reply(404, {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: `no route ${request.url}`,
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    store,
    url: `http://127.0.0.1:${port}`,
    masterKeyCreated: created,
    async stop() {
      ready = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
