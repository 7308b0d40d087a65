import type { AddressInfo } from 'node:net';
import { WorkingCalendar } from '@chungtay/calendar';
import { agencyOfRole, personalDataMap, type Role } from '@chungtay/contracts';
import {
  MasterKey,
  ProtectedEventStore,
  postgresExecutor,
  SqlEventStore,
  type SqlExecutor,
  SqlKeyStore,
} from '@chungtay/event-store';
import { LocalIssuer } from '@chungtay/service-kit';
import { createTestDatabase, type TestDatabase } from '@chungtay/testing';
import { type CaseApplication, type ChildApplication, createCaseService } from '../src/index.ts';
import { COMMUNE } from './fixtures.ts';

export interface Harness {
  readonly url: string;
  /** The service's PostgreSQL database (for a pg_dump). */
  readonly databaseUrl: string;
  readonly issuer: LocalIssuer;
  readonly store: ProtectedEventStore;
  readonly raw: SqlEventStore;
  readonly application: CaseApplication;
  readonly children: ChildApplication;
  readonly executor: SqlExecutor;
  /** Moves the service's clock (deadlines are about time). */
  setNow(local: string): void;
  token(role: Role, communes?: string[]): Promise<string>;
  close(): Promise<void>;
}

/** The case service on the real PostgreSQL, listening on a free port. */
export async function startHarness(): Promise<Harness> {
  const database: TestDatabase = await createTestDatabase('case_api');
  const executor = postgresExecutor({ connectionString: database.url });
  const raw = await SqlEventStore.open(executor);
  const store = new ProtectedEventStore(raw, {
    personalData: personalDataMap,
    keys: new SqlKeyStore(executor, MasterKey.generate()),
  });
  const issuer = await LocalIssuer.create();
  let now = new Date('2026-03-02T10:00:00+07:00');
  const { app, application, children, close } = await createCaseService({
    store,
    executor,
    verifier: issuer.verifier(),
    calendar: WorkingCalendar.default(),
    clock: () => now,
    indexSecret: Buffer.alloc(32, 7),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    databaseUrl: database.url,
    issuer,
    store,
    raw,
    application,
    children,
    executor,
    setNow(local) {
      now = new Date(`${local}+07:00`);
    },
    token: (role, communes = role.startsWith('commune') ? [COMMUNE] : []) =>
      issuer.mint({ sub: `${role}-user`, agency: agencyOfRole[role], role, communes }),
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await close();
      await store.close();
      await database.drop();
    },
  };
}

export async function call(
  harness: Harness,
  method: string,
  path: string,
  { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${harness.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    contentType: response.headers.get('content-type') ?? '',
  };
}
