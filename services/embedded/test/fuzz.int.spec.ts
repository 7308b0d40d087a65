import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Roles } from '@chungtay/contracts';
import { reportFixture } from '@chungtay/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPlatform, startEmbedded } from '../src/platform.ts';

// Issue 17, "a fuzz test of the project's own": every route of the platform, every command type, bodies,
// headers and path ids drawn at random (bounded in count). No answer is a 5xx, and no refused request
// writes anything. The next family of 500s is found here, by CI.
let dataDir: string;
let platform: EmbeddedPlatform;
let caseId: string;
let childId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'chungtay-fuzz-'));
  platform = await startEmbedded({ dataDir, port: 0, deadlineCheckMs: 0, demo: false });
  caseId = randomUUID();
  const created = await fetch(`${platform.url}/cases`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${platform.tokens.hotline_operator}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(reportFixture(caseId)),
  });
  expect(created.status).toBe(201);
  childId = randomUUID();
});
afterAll(async () => {
  await platform?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const CASE_COMMANDS = [
  'ReceiveReport',
  'ForwardToCommune',
  'CompleteInitialAssessment',
  'RecordEmergencyIntervention',
  'DecideTemporarySeparation',
  'CompleteDetailedAssessment',
  'DraftSupportPlan',
  'ApproveSupportPlan',
  'CompleteInterventionTask',
  'RecordMonitoringVisit',
  'ReviewCase',
  'CloseCase',
  'ReopenCase',
  'OpenInvestigation',
  'RecordStatement',
  'RecordMissedDeadline',
  'RegisterChild',
  'ConfirmDuplicate',
  'IssueReferral',
  'RecordMedicalExamination',
  'AssignLawyer',
  'RecordSchoolIncident',
];

const segment = fc.oneof(
  fc.constant('__case__'),
  fc.constant('__child__'),
  fc.uuid(),
  fc.constantFrom('%E0%A4%A', '%C3%28', '%FF%FE', '%zz', '%', '..', '%2e%2e', 'null', '0', '-1'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
);

const path = fc
  .tuple(
    fc.constantFrom(
      '/cases',
      '/cases/:id',
      '/cases/:id/commands',
      '/children',
      '/children/:id',
      '/children/:id/commands',
      '/cases/:id/referrals',
      '/cases/:id/referrals/:id/:action',
      '/cases/:id/legal-aid',
      '/cases/:id/medical',
      '/cases/:id/school-safety',
      '/graphql',
      '/health/ready',
      '/:id',
      '/:id/:id',
    ),
    fc.array(segment, { minLength: 3, maxLength: 3 }),
    fc.constantFrom('claim', 'accept', 'decline', 'start', 'complete', 'withdraw', 'explode', '%zz'),
  )
  .map(([template, ids, action]) => {
    let index = 0;
    return template
      .replace(/:id/g, () => {
        const id = ids[index++] as string;
        return id === '__case__' ? caseId : id === '__child__' ? childId : id;
      })
      .replace(':action', action);
  });

const commandBody = fc.record({
  type: fc.constantFrom(...CASE_COMMANDS),
  data: fc.oneof(fc.object({ maxDepth: 3 }), fc.constant({}), fc.jsonValue({ maxDepth: 3 })),
});

const graphqlBody = fc.record({
  query: fc.oneof(
    fc.constantFrom(
      '{ workQueue(first: 5) { edges { node { id status } } } }',
      'query Q($id: ID!) { case(id: $id) { status timeline { edges { node { type data } } } } }',
      'mutation M($t: CaseCommandType!, $d: JSON!) { caseCommand(caseId: "x", expectedRevision: 0, type: $t, data: $d) { revision } }',
      'subscription { x }',
      '{ __schema { types { name } } }',
      '{',
    ),
    fc.string({ maxLength: 60 }),
  ),
  variables: fc.oneof(fc.constant(undefined), fc.object({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 2 })),
});

const body = fc.oneof(
  commandBody.map((value) => JSON.stringify(value)),
  graphqlBody.map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 80 }),
  fc.nat(60).map((depth) => `${'['.repeat(depth * 10)}${']'.repeat(depth * 10)}`),
  fc.constant(undefined),
);

const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/graphql',
      '',
    ),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity'),
    'if-match': fc.constantFrom('"0"', '"1"', '"99999999999999999999"', 'W/"0"', '*', 'x', '""'),
    'idempotency-key': fc.oneof(fc.constantFrom('short', 'a'.repeat(300)), fc.uuid()),
    accept: fc.constantFrom('application/json', 'application/graphql-response+json', 'text/html', '*/*'),
  },
  { requiredKeys: [] },
);

const who = fc.oneof(fc.constantFrom(...Roles.codes), fc.constantFrom('garbage', 'none', 'expired-looking'));

describe('the platform under random requests', () => {
  it('answers every one below 500, and a refused one writes nothing', async () => {
    // The case's own streams: a read's viewing is written to the access stream later, and rightly.
    const logSize = async () =>
      (await platform.store.readAll()).filter((event) => !event.streamId.startsWith('access-')).length;
    const fiveHundreds: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        path,
        headers,
        body,
        who,
        async (method, target, extra, payload, caller) => {
          const authorization =
            caller === 'none'
              ? {}
              : {
                  authorization: `Bearer ${
                    caller in platform.tokens
                      ? platform.tokens[caller as keyof typeof platform.tokens]
                      : caller
                  }`,
                };
          const before = await logSize();
          const sendsBody = method !== 'GET' && payload !== undefined;
          const response = await fetch(`${platform.url}${target}`, {
            method,
            headers: Object.fromEntries(
              Object.entries({ ...extra, ...authorization }).filter(([, value]) => value !== ''),
            ),
            ...(sendsBody ? { body: payload } : {}),
          });
          await response.arrayBuffer();
          if (response.status >= 500) fiveHundreds.push(`${response.status} ${method} ${target}`);
          expect(response.status, `${method} ${target}`).toBeLessThan(500);
          if (response.status >= 400) expect(await logSize(), `${method} ${target}`).toBe(before);
        },
      ),
      { numRuns: 600, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(fiveHundreds).toEqual([]);
  });
});
