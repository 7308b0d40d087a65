import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkingCalendar } from '@chungtay/calendar';
import { type CaseApplication, createCaseService } from '@chungtay/case';
import {
  agencyOfRole,
  type CaseEvent,
  eventDefinitions,
  personalDataMap,
  type Role,
  topics,
} from '@chungtay/contracts';
import {
  type Actor,
  MasterKey,
  ProtectedEventStore,
  postgresExecutor,
  SqlEventStore,
  type SqlExecutor,
  SqlKeyStore,
} from '@chungtay/event-store';
import { createLegalAidService } from '@chungtay/legal-aid';
import { createMedicalService } from '@chungtay/medical';
import {
  type CaseEventFeed,
  createKafka,
  ensureTopics,
  PostgresLeaderLock,
  postgresDatabase,
  type ReadModelDatabase,
  Relay,
  RelayCheckpoints,
} from '@chungtay/messaging';
import { createReferralService, type ReferralService } from '@chungtay/referral';
import { createSchoolSafetyService } from '@chungtay/school-safety';
import { LocalIssuer, toNewEvents } from '@chungtay/service-kit';
import { createTestDatabase, kafkaBrokers, uniqueName, waitFor } from '@chungtay/testing';
import type { Express } from 'express';
import pg from 'pg';
import { createGatewayApp, type GatewayAppOptions } from '../src/app.ts';
import { createGatewayService, type GatewayService } from '../src/service.ts';
import { ServiceClient } from '../src/service-client.ts';

export interface GraphqlAnswer<Data = Record<string, unknown>> {
  readonly status: number;
  readonly data?: Data;
  readonly errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Counts the SQL statements a piece of work sends: the round trips a request costs. */
export interface RoundTrips {
  count: number;
}

function counted(executor: SqlExecutor, trips: RoundTrips): SqlExecutor {
  const count = (text: string) => {
    trips.count++;
    if (process.env.DEBUG_TRIPS) process.stderr.write(`TRIP ${text.replace(/\s+/g, ' ').slice(0, 120)}\n`);
  };
  return {
    query: (text, params, name) => {
      count(text);
      return executor.query(text, params, name);
    },
    queryTuples: (text, params, name) => {
      count(text);
      return executor.queryTuples(text, params, name);
    },
    streamTuples: (text, params, onRow, settings) => {
      count(text);
      return executor.streamTuples(text, params, onRow, settings);
    },
    exec: (script) => executor.exec(script),
    notifyAppended: () => executor.notifyAppended(),
    listenForAppends: (listener) => executor.listenForAppends(listener),
    close: () => executor.close(),
  };
}

export interface GatewayHarness {
  readonly url: string;
  readonly caseServiceUrl: string;
  /** The referral service (its worker ticks only when a test calls `referrals.worker.tick()`). */
  readonly referrals: ReferralService;
  readonly referralServiceUrl: string;
  readonly agencyServiceUrls: Readonly<Record<'legal-aid' | 'medical' | 'school-safety', string>>;
  readonly store: ProtectedEventStore;
  /** The case service's and the gateway's key store (real), counting the keys their reads ask for. */
  readonly keys: CountingKeyStore;
  readonly cases: CaseApplication;
  readonly service: GatewayService;
  readonly issuer: LocalIssuer;
  readonly trips: RoundTrips;
  /** The gateway's read-model database. */
  readonly readModel: ReadModelDatabase;
  token(role: Role, communes?: string[]): Promise<string>;
  /** Posts a GraphQL operation as a role (or with a raw token, or none). */
  ask<Data = Record<string, unknown>>(
    who: Role | { token?: string },
    query: string,
    variables?: Record<string, unknown>,
    communes?: string[],
  ): Promise<GraphqlAnswer<Data>>;
  /** Appends events to a case as the given writers (what the services would have recorded). */
  record(caseId: string, steps: ReadonlyArray<{ event: CaseEvent; actor: Actor }>): Promise<void>;
  /** Waits until the work queue has applied a case up to a revision. */
  queued(caseId: string, revision: number): Promise<void>;
  /** Stops every background consumer (they poll the store), so the SQL a request sends can be counted alone. */
  quiesce(): Promise<void>;
  /** Starts another gateway on the same parts with some options changed (production, limits); its URL. */
  gatewayWith(changes: Partial<GatewayAppOptions>): Promise<string>;
  close(): Promise<void>;
}

const defaultCommunes = (role: Role) =>
  [
    'commune_officer',
    'commune_chair',
    'police_investigator',
    'health_worker',
    'school_safety_officer',
  ].includes(role)
    ? ['21583']
    : [];

/** The case service and the gateway on the real PostgreSQL, each on a free port, the queue fed by the store. */
/** The SQL key store, counting the keys asked for to open fields (what a read of a case decrypts). */
export class CountingKeyStore extends SqlKeyStore {
  reads = 0;
  override keyForReading(subjectId: string) {
    this.reads += 1;
    return super.keyForReading(subjectId);
  }
}

export async function startGatewayHarness(
  name: string,
  options: {
    production?: boolean;
    accessLogDelayMs?: number;
    clock?: () => Date;
    /** `kafka`: the relay publishes the store to the test broker, and the read models consume from Kafka. */
    transport?: 'store' | 'kafka';
  } = {},
): Promise<GatewayHarness> {
  const database = await createTestDatabase(name);
  // The services' clock: fixed, so legal deadlines and due dates are the same on every run; a test may move it.
  const clock = options.clock ?? (() => new Date('2026-03-02T12:00:00+07:00'));
  const trips: RoundTrips = { count: 0 };
  const executor = counted(postgresExecutor({ connectionString: database.url }), trips);
  const stored = await SqlEventStore.open(executor);
  const masterKey = MasterKey.generate();
  const keys = new SqlKeyStore(executor, masterKey);
  const store = new ProtectedEventStore(stored, { personalData: personalDataMap, keys });
  // The case service and the gateway (as one process would) read through a key store of their own, over
  // the same keys, so a test counts what they open apart from what the referral and agency services do.
  const readKeys = new CountingKeyStore(executor, masterKey);
  const readStore = new ProtectedEventStore(stored, { personalData: personalDataMap, keys: readKeys });
  const issuer = await LocalIssuer.create();
  const caseService = await createCaseService({
    store: readStore,
    executor,
    verifier: issuer.verifier(),
    calendar: WorkingCalendar.default(),
    clock,
    indexSecret: randomBytes(32),
  });
  const servers: Server[] = [];
  const listen = async (app: Express) => {
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const caseServiceUrl = await listen(caseService.app);
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const readModel = postgresDatabase(pool);
  const stopTransport: Array<() => Promise<void>> = [];
  let feed: CaseEventFeed = { kind: 'store', storedEvents: stored };
  if (options.transport === 'kafka') {
    const kafka = createKafka({ brokers: kafkaBrokers(), clientId: uniqueName('gateway-test') });
    const topicPrefix = `${uniqueName('j3')}.`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      Object.values(topics).map((topic) => ({
        name: `${topicPrefix}${topic.name}`,
        partitions: topic.stream ? 3 : 1,
      })),
    );
    await admin.disconnect();
    const checkpoints = new RelayCheckpoints(pool, uniqueName('relay'));
    await checkpoints.migrate();
    const relay = new Relay({
      store: stored,
      kafka,
      checkpoints,
      lock: new PostgresLeaderLock(database.url, [4243, Math.floor(Math.random() * 1e6)]),
      topicPrefix,
      standbyPollMs: 100,
    });
    relay.start();
    stopTransport.push(() => relay.stop());
    feed = { kind: 'kafka', kafka, topicPrefix };
  }
  const referrals = await createReferralService({
    store,
    executor,
    db: readModel,
    verifier: issuer.verifier(),
    feed,
    keys,
    workerIntervalMs: 0,
    clock,
  });
  const referralServiceUrl = await listen(referrals.app);
  const agencyOptions = { store, executor, verifier: issuer.verifier(), clock, db: readModel, feed, keys };
  const agencyServicesStarted = {
    'legal-aid': await createLegalAidService(agencyOptions),
    medical: await createMedicalService(agencyOptions),
    'school-safety': await createSchoolSafetyService(agencyOptions),
  };
  stopTransport.unshift(async () => {
    for (const started of Object.values(agencyServicesStarted)) await started.stop();
  });
  const agencyServiceUrls = {
    'legal-aid': await listen(agencyServicesStarted['legal-aid'].app),
    medical: await listen(agencyServicesStarted.medical.app),
    'school-safety': await listen(agencyServicesStarted['school-safety'].app),
  };
  const agencyServices = {
    'legal-aid': new ServiceClient(agencyServiceUrls['legal-aid']),
    medical: new ServiceClient(agencyServiceUrls.medical),
    'school-safety': new ServiceClient(agencyServiceUrls['school-safety']),
  };
  const countedReadModel = {
    query: ((text: string, params?: readonly unknown[]) => {
      trips.count++;
      return readModel.query(text, params);
    }) as typeof readModel.query,
    transaction: readModel.transaction,
  };
  const service = await createGatewayService({
    store: readStore,
    keys: readKeys,
    db: countedReadModel,
    cases: caseService.application,
    caseServiceUrl,
    referralServiceUrl,
    agencyServiceUrls,
    verifier: issuer.verifier(),
    feed,
    accessLog: { maxDelayMs: options.accessLogDelayMs ?? 5 },
    ...(options.production ? { production: true } : {}),
  });
  const url = await listen(service.app);
  const token = (role: Role, communes = defaultCommunes(role)) =>
    issuer.mint({ sub: `${role}-user`, agency: agencyOfRole[role], role, communes });
  return {
    url,
    keys: readKeys,
    caseServiceUrl,
    referrals,
    referralServiceUrl,
    agencyServiceUrls,
    store,
    cases: caseService.application,
    service,
    issuer,
    trips,
    readModel,
    token,
    async ask(who, query, variables, communes) {
      const bearer = typeof who === 'string' ? await token(who, communes) : who.token;
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphqlAnswer, 'status'>;
      return { status: response.status, ...body } as GraphqlAnswer<never>;
    },
    async record(caseId, steps) {
      const streamId = `case-${caseId}`;
      for (const { event, actor } of steps) {
        eventDefinitions[event.type].schema.parse(event.data);
        const revision = await store.streamRevision(streamId);
        await store.appendToStream(
          streamId,
          toNewEvents([event], { actor, now: new Date() }),
          revision === undefined ? 'no_stream' : revision,
        );
      }
    },
    async queued(caseId, revision) {
      await waitFor(
        async () =>
          ((await service.queue.byIds([caseId])).get(caseId)?.revision ?? -1) >= revision || undefined,
        { what: `case ${caseId} at revision ${revision} in the work queue` },
      );
    },
    async quiesce() {
      await service.consumer.stop();
      await referrals.consumer.stop();
      for (const started of Object.values(agencyServicesStarted)) await started.stop();
    },
    gatewayWith: (changes) =>
      listen(
        createGatewayApp({
          store,
          cases: caseService.application,
          queue: service.queue,
          accessLog: service.accessLog,
          caseService: new ServiceClient(caseServiceUrl),
          referralService: new ServiceClient(referralServiceUrl),
          agencyServices,
          verifier: issuer.verifier(),
          ...changes,
        }).app,
      ),
    async close() {
      // No new requests first, then the access log's last batch, then the databases.
      await Promise.all(
        servers.map((server) => {
          server.closeIdleConnections();
          return new Promise((resolve) => server.close(resolve));
        }),
      );
      await service.stop();
      await caseService.close();
      await referrals.stop();
      for (const stop of stopTransport) await stop();
      await pool.end();
      await store.close();
      await database.drop();
    },
  };
}
