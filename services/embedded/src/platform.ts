import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WorkingCalendar } from '@chungtay/calendar';
import { createCaseService, DeadlineWatcher, indexSecretFrom } from '@chungtay/case';
import { consoleRoutes } from '@chungtay/console';
import { agencyOfRole, personalDataMap, type Role } from '@chungtay/contracts';
import { type DemoShowcase, type DemoSummary, demoUsers, seedDemoOnce } from '@chungtay/demo';
import {
  MasterKey,
  ProtectedEventStore,
  pgliteExecutor,
  SqlEventStore,
  SqlKeyStore,
} from '@chungtay/event-store';
import { createGatewayService } from '@chungtay/gateway';
import { createLegalAidService } from '@chungtay/legal-aid';
import { createMedicalService } from '@chungtay/medical';
import { pgliteDatabase } from '@chungtay/messaging';
import { createReferralService } from '@chungtay/referral';
import { createSchoolSafetyService } from '@chungtay/school-safety';
import { keptSecret, LocalIssuer, tokenVerifier } from '@chungtay/service-kit';
import express from 'express';

export interface EmbeddedOptions {
  /** Where PGlite keeps its files and the embedded master key. */
  readonly dataDir: string;
  /** Start afresh: delete everything under `dataDir` first. */
  readonly fresh?: boolean;
  /** HTTP port; 0 picks a free one. */
  readonly port: number;
  /** How often the deadline watcher looks for missed deadlines (0: never on its own). */
  readonly deadlineCheckMs?: number;
  /** Seed the Gia Lai demo into an empty store (default true); `cases` limits its size. */
  readonly demo?: boolean | { readonly cases?: number };
  /** Progress of the demo seeding, case by case. */
  readonly onDemoProgress?: (done: number, total: number) => void;
  /** How long a demo sign-in's token lives, as a duration ('8h', '10s'; default a working day's 8 h). */
  readonly signInLifetime?: string;
  /**
   * Sign in with an OpenID Connect provider instead of the built-in issuer: its tokens are the only ones taken,
   * and there is no demo sign-in (`tokens` are then of no use to the platform). As production signs in.
   */
  readonly oidc?: { readonly issuer: string; readonly clientId: string; readonly audience?: string };
}

export { demoUsers };

export interface EmbeddedPlatform {
  readonly store: ProtectedEventStore;
  /** The case service, the gateway (/graphql, GraphiQL) and health, on one port. */
  readonly url: string;
  readonly graphqlUrl: string;
  readonly masterKeyCreated: boolean;
  readonly issuer: LocalIssuer;
  readonly tokens: Record<Role, string>;
  /** The demo's notable cases, when the data holds the demo (kept beside the data across restarts). */
  readonly demo?: DemoShowcase;
  /** What this start seeded, when it seeded. */
  readonly seeded?: DemoSummary;
  stop(): Promise<void>;
}

export const masterKeyFile = (dataDir: string) => join(dataDir, 'master.key');
export const indexSecretFile = (dataDir: string) => join(dataDir, 'index.key');
export const issuerKeyFile = (dataDir: string) => join(dataDir, 'issuer.jwk');
export const demoFile = (dataDir: string) => join(dataDir, 'demo.json');

/** The provider's key set, from its discovery document (OpenID Connect Discovery 1.0). */
async function jwksUrlOf(issuer: string): Promise<string> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the identity provider ${issuer} has no discovery document`);
  return ((await response.json()) as { jwks_uri: string }).jwks_uri;
}

/** The embedded token issuer, the same one the `chungtay token` command mints with. */
export async function embeddedIssuer(dataDir: string): Promise<LocalIssuer> {
  const { value } = await keptSecret(issuerKeyFile(dataDir), {
    create: () => LocalIssuer.create(),
    encode: (issuer) => JSON.stringify(issuer.exportPrivateJwk()),
    decode: (text) => LocalIssuer.fromPrivateJwk(JSON.parse(text)),
  });
  return value;
}

/**
 * Everything in one process: the PGlite event store on disk, the case service, the deadline watcher, and the
 * gateway with its work queues fed by the store's own subscription (the in-process transport).
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedPlatform> {
  if (options.fresh) await rm(options.dataDir, { recursive: true, force: true });
  await mkdir(options.dataDir, { recursive: true });
  const { value: key, created } = process.env.CHUNGTAY_MASTER_KEY
    ? { value: MasterKey.fromBase64(process.env.CHUNGTAY_MASTER_KEY), created: false }
    : await keptSecret(masterKeyFile(options.dataDir), {
        create: () => MasterKey.generate(),
        encode: (masterKey) => masterKey.toBase64(),
        decode: (text) => MasterKey.fromBase64(text),
      });
  const executor = await pgliteExecutor(join(options.dataDir, 'pglite'));
  const stored = await SqlEventStore.open(executor);
  const keys = new SqlKeyStore(executor, key);
  const store = new ProtectedEventStore(stored, { personalData: personalDataMap, keys });
  const issuer = await embeddedIssuer(options.dataDir);
  const verifier = options.oidc
    ? tokenVerifier({
        issuer: options.oidc.issuer,
        audience: options.oidc.audience ?? 'chungtay',
        jwksUrl: await jwksUrlOf(options.oidc.issuer),
      })
    : issuer.verifier();
  // The child index's own key, independent of the master key (decision 0043): kept beside it. Data made
  // before there was one keeps the key derived from the master key, so its index still finds duplicates.
  const indexSecret =
    created || existsSync(indexSecretFile(options.dataDir))
      ? (
          await keptSecret(indexSecretFile(options.dataDir), {
            create: () => randomBytes(32),
            encode: (secret) => secret.toString('base64'),
            decode: (text) => Buffer.from(text, 'base64'),
          })
        ).value
      : indexSecretFrom(key);
  const { seeded, showcase: demo } =
    options.demo === false
      ? {}
      : await seedDemoOnce({
          stored,
          store,
          executor,
          indexSecret,
          showcaseFile: demoFile(options.dataDir),
          ...(typeof options.demo === 'object' && options.demo.cases ? { cases: options.demo.cases } : {}),
          ...(options.onDemoProgress ? { onProgress: options.onDemoProgress } : {}),
        });
  const {
    app,
    application,
    close: closeCaseService,
  } = await createCaseService({
    store,
    executor,
    verifier,
    calendar: WorkingCalendar.default(),
    indexSecret,
  });
  const watcher = new DeadlineWatcher({
    application,
    name: 'embedded-deadline-watcher',
    intervalMs: options.deadlineCheckMs ?? 60_000,
  });
  await watcher.start();
  // One port for everything: the gateway forwards its mutations to the case service at the same address.
  const root = express();
  root.disable('x-powered-by');
  const server: Server = root.listen(options.port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const referrals = await createReferralService({
    store,
    executor,
    db: pgliteDatabase(executor.db),
    verifier,
    feed: { kind: 'store', storedEvents: stored },
    keys,
    workerIntervalMs: options.deadlineCheckMs === 0 ? 0 : 5_000,
  });
  const agencyOptions = {
    store,
    executor,
    verifier,
    db: pgliteDatabase(executor.db),
    feed: { kind: 'store', storedEvents: stored } as const,
    keys,
  };
  const agencies = {
    'legal-aid': await createLegalAidService(agencyOptions),
    medical: await createMedicalService(agencyOptions),
    'school-safety': await createSchoolSafetyService(agencyOptions),
  };
  const gateway = await createGatewayService({
    store,
    keys,
    db: pgliteDatabase(executor.db),
    cases: application,
    caseServiceUrl: url,
    referralServiceUrl: url,
    agencyServiceUrls: { 'legal-aid': url, medical: url, 'school-safety': url },
    verifier,
    feed: { kind: 'store', storedEvents: stored },
  });
  // The console first: its page at /, and the demo sign-in that only the embedded default has.
  root.use(
    consoleRoutes(
      options.oidc
        ? { oidc: { issuer: options.oidc.issuer, clientId: options.oidc.clientId } }
        : {
            demoSignIn: {
              users: (Object.entries(demoUsers) as Array<[Role, (typeof demoUsers)[Role]]>).map(
                ([role, user]) => ({
                  role,
                  communes: user.communes,
                  ...(user.unit ? { unit: user.unit } : {}),
                }),
              ),
              mint: (role) =>
                issuer.mint(
                  { ...demoUsers[role], role, agency: agencyOfRole[role] },
                  options.signInLifetime ?? '8h',
                ),
            },
          },
    ),
  );
  root.use(gateway.app);
  // The referral routes first: the case service answers 404 for any path it does not know.
  root.use((request, response, next) => {
    const [, service] =
      /^\/cases\/[^/]+\/(referrals|legal-aid|medical|school-safety)(\/|$)/.exec(request.path) ?? [];
    if (service === 'referrals') referrals.app(request, response);
    else if (service) agencies[service as keyof typeof agencies].app(request, response);
    else next();
  });
  root.use(app);
  const tokens = Object.fromEntries(
    await Promise.all(
      (Object.entries(demoUsers) as Array<[Role, (typeof demoUsers)[Role]]>).map(async ([role, user]) => [
        role,
        await issuer.mint({ ...user, role, agency: agencyOfRole[role] }, '12h'),
      ]),
    ),
  ) as Record<Role, string>;

  return {
    store,
    url,
    graphqlUrl: `${url}/graphql`,
    masterKeyCreated: created,
    issuer,
    tokens,
    ...(demo ? { demo } : {}),
    ...(seeded ? { seeded } : {}),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Live streams end and idle connections close, so the server's close waits for requests in flight only.
      gateway.drain();
      server.closeIdleConnections();
      await closed;
      await gateway.stop();
      await referrals.stop();
      for (const agency of Object.values(agencies)) await agency.stop();
      await watcher.stop();
      await closeCaseService();
      await store.close();
    },
  };
}
