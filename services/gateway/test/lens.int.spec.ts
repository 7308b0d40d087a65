import { randomUUID } from 'node:crypto';
import { agencyOfRole, type CaseEvent, caseEventDefinitions, type Role, Roles } from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';
import { type Access, type Category, eventContent, matrix } from '@chungtay/policy';
import { type GraphQLNamedType, getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { sampleTimeline } from './timeline-samples.ts';

/**
 * The lens through the whole gateway, checked against an oracle computed from the matrix and the contracts:
 * every role, every case event type, every field.
 */
let harness: GatewayHarness;
const caseId = randomUUID();
const timeline = sampleTimeline(caseId);
const roles = Roles.codes;

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_lens');
  await harness.record(caseId, timeline);
  await harness.queued(caseId, timeline.length - 1);
});
afterAll(async () => {
  await harness?.close();
});

/** A field the matrix gives as `own`: a task list shows only the reader's agency's tasks. */
function ownValue(role: Role, category: Category, value: unknown): unknown {
  if (matrix[category][role] !== 'own' || !Array.isArray(value)) return value;
  return value.filter(
    (item: { responsibleAgency?: string }) => item.responsibleAgency === agencyOfRole[role],
  );
}

/** What the matrix says a role gets of a category, for an event that does or does not concern its agency. */
function oracle(role: Role, category: Category, concerns: boolean): Exclude<Access, 'own'> {
  const access = matrix[category][role];
  return access === 'own' ? (concerns ? 'visible' : 'redacted') : access;
}

const referralsTo = (role: Role) =>
  new Set(
    timeline.flatMap(({ event }) =>
      event.type === 'ReferralIssued' && event.data.toAgency === agencyOfRole[role]
        ? [event.data.referralId]
        : [],
    ),
  );
const concerns = (role: Role, event: CaseEvent, actor: Actor) =>
  actor.agency === agencyOfRole[role] ||
  referralsTo(role).has(String((event.data as { referralId?: string }).referralId)) ||
  ((event.data as { tasks?: Array<{ responsibleAgency: string }> }).tasks ?? []).some(
    (task) => task.responsibleAgency === agencyOfRole[role],
  );

/** Agencies that wrote to the case or hold a task in its approved plan (the plan drafted last before approval). */
const involved = new Set<string>(timeline.map(({ actor }) => actor.agency));
for (const { event } of timeline) if (event.type === 'ReferralIssued') involved.add(event.data.toAgency);
timeline.forEach(({ event }, index) => {
  if (event.type !== 'SupportPlanApproved') return;
  const plan = timeline
    .slice(0, index)
    .findLast(({ event: drafted }) => drafted.type === 'SupportPlanDrafted');
  const tasks = (plan?.event.data as { tasks?: Array<{ responsibleAgency: string }> } | undefined)?.tasks;
  for (const task of tasks ?? []) involved.add(task.responsibleAgency);
});
const seesCase = (role: Role) => {
  switch (role) {
    case 'hotline_operator':
      return false;
    case 'legal_aid_officer':
    case 'health_worker':
    case 'school_safety_officer':
      return involved.has(agencyOfRole[role]);
    default:
      return true; // the commune's staff and police of the commune (their token names it), the province, auditors
  }
};

interface Node {
  revision: number;
  type: string;
  agency: string;
  visibility: string;
  data: Record<string, unknown> | null;
}

/** Every field of a type, nested objects in full: what a typed client could ask of an event. */
function selectionOf(type: GraphQLNamedType): string {
  if (!isObjectType(type)) return '';
  return Object.values(type.getFields())
    .map((field) => {
      const inner = getNamedType(field.type);
      return isObjectType(inner) ? `${field.name} { ${selectionOf(inner)} }` : field.name;
    })
    .join(' ');
}

const TIMELINE = `query Timeline($id: ID!) { case(id: $id) { timeline(first: 100) { edges { node { revision type agency visibility data } } } } }`;

/** One event type's entries with their typed content, every field of it (one type a query: each is costly). */
function typedTimeline(type: string): string {
  const content = schema.getType(`${type}Content`);
  if (!content) throw new Error(`no content type for ${type}`);
  return `query Typed($id: ID!) { case(id: $id) { timeline(first: 100, types: ["${type}"]) { edges { node { revision ${typedFragment(type)} } } } } }`;
}

/** With `aliased`, the content is named for its type: two types' fields of one name may differ in type. */
const typedFragment = (type: string, aliased = false): string =>
  `... on ${type}Event { ${aliased ? `${type}Content: ` : ''}content { ${selectionOf(schema.getType(`${type}Content`) as GraphQLNamedType)} } }`;

/** Each entry's typed content by revision, as the reader's role gets it. */
async function typedContents(role: Role): Promise<Map<number, Content>> {
  const contents = new Map<number, Content>();
  for (const type of Object.keys(caseEventDefinitions)) {
    const answer = await harness.ask<{
      case: { timeline: { edges: Array<{ node: { revision: number; content?: Content } }> } } | null;
    }>(role, typedTimeline(type), { id: caseId });
    expect(answer.errors, type).toBeUndefined();
    for (const { node } of answer.data?.case?.timeline.edges ?? [])
      if (node.content) contents.set(node.revision, node.content);
  }
  return contents;
}

type Content = Record<string, unknown> & { withheld: Array<{ field: string; reason: string }> };

/** What a typed reader got, as the JSON reader would have it: nulls are absent, nothing withheld is listed. */
function asData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asData);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(
        ([key, inner]) =>
          inner !== null && !(key === 'withheld' && Array.isArray(inner) && inner.length === 0),
      )
      .map(([key, inner]) => [key, asData(inner)]),
  );
}

/** Every value a role must not see: what the oracle hides, redacts or masks, less anything it shows. */
function secretsOf(role: Role): Set<string> {
  const hidden = new Set<string>();
  const shown = new Set<string>();
  const strings = (value: unknown, into: Set<string>): void => {
    if (typeof value === 'string' && value.length >= 6) into.add(value);
    else if (Array.isArray(value)) for (const item of value) strings(item, into);
    else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, into);
  };
  for (const { event, actor } of timeline) {
    const content = eventContent[event.type];
    if (!content) throw new Error(`no matrix entry for ${event.type}`);
    const eventAccess = oracle(role, content.event, concerns(role, event, actor));
    for (const [field, value] of Object.entries(event.data)) {
      const category = content.fields[field];
      const access = category ? oracle(role, category, concerns(role, event, actor)) : 'hidden';
      const visible = eventAccess === 'visible' && access === 'visible';
      const kept = visible && category ? ownValue(role, category, value) : undefined;
      strings(value, hidden);
      strings(kept, shown);
    }
    // The writer's agency and the event type are shown for every event a role sees at all.
    if (eventAccess !== 'hidden') shown.add(actor.agency);
  }
  shown.add(caseId); // the case's own id is how the reader asked for it
  for (const value of shown) hidden.delete(value);
  return hidden;
}

describe('each role sees exactly its lens of the same timeline (generated from the matrix)', () => {
  it('the sample timeline holds every case event type of the contracts', () => {
    expect(new Set(timeline.map(({ event }) => event.type))).toEqual(
      new Set(Object.keys(caseEventDefinitions)),
    );
  });

  for (const role of roles) {
    it(`${role}: every event and every field as the matrix says`, async () => {
      const answer = await harness.ask<{ case: { timeline: { edges: Array<{ node: Node }> } } | null }>(
        role,
        TIMELINE,
        { id: caseId },
      );
      expect(answer.errors).toBeUndefined();
      if (!seesCase(role)) {
        expect(answer.data).toEqual({ case: null });
        return;
      }
      const nodes = new Map(answer.data?.case?.timeline.edges.map(({ node }) => [node.revision, node]));
      const contents = await typedContents(role);
      timeline.forEach(({ event, actor }, revision) => {
        const content = eventContent[event.type];
        if (!content) throw new Error(`no matrix entry for ${event.type}`);
        const concerning = concerns(role, event, actor);
        const eventAccess = oracle(role, content.event, concerning);
        const node = nodes.get(revision);
        if (eventAccess === 'hidden') {
          expect(node, `${role} must not see ${event.type}`).toBeUndefined();
          return;
        }
        expect(node, `${role} sees that ${event.type} happened`).toMatchObject({
          type: event.type,
          agency: actor.agency,
        });
        if (eventAccess !== 'visible') {
          expect(node).toMatchObject({ visibility: 'REDACTED', data: null });
          expect(contents.has(revision), 'a redacted event carries no content').toBe(false);
          return;
        }
        expect(node?.visibility).toBe('VISIBLE');
        const expected: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(event.data)) {
          const category = content.fields[field];
          const access = category ? oracle(role, category, concerning) : 'hidden';
          if (access === 'visible') expected[field] = ownValue(role, category as Category, value);
          else if (access === 'redacted') expected[field] = { $redacted: true };
          else if (access === 'masked') expected[field] = { $masked: true };
        }
        expect(node?.data, `${role} reads ${event.type}`).toEqual(expected);
        // The typed content says the same: shown fields as they are, withheld ones null and named with why.
        const typed = contents.get(revision) as Content;
        const withheld = Object.entries(expected).flatMap(([field, value]) => {
          const marker = Object.keys(value as object)[0];
          return marker === '$redacted' || marker === '$masked'
            ? [{ field, reason: marker === '$redacted' ? 'REDACTED' : 'MASKED' }]
            : [];
        });
        expect(typed.withheld, `${role} is told what of ${event.type} is withheld`).toEqual(withheld);
        const shown = Object.fromEntries(
          Object.entries(expected).filter(([field]) => !withheld.some((one) => one.field === field)),
        );
        const { withheld: _checked, ...fields } = typed;
        expect(asData(fields), `${role} reads ${event.type} typed`).toEqual(asData(shown));
      });
      expect(nodes.size).toBe(
        timeline.filter(({ event, actor }) => {
          const content = eventContent[event.type];
          return content && oracle(role, content.event, concerns(role, event, actor)) !== 'hidden';
        }).length,
      );
    });
  }

  it('the school never sees medical or forensic findings, police statements or the reporter', async () => {
    const answer = JSON.stringify(await harness.ask('school_safety_officer', TIMELINE, { id: caseId }));
    for (const secret of [
      'MEDICAL-FINDINGS-SECRET',
      'FORENSIC-FINDINGS-SECRET',
      'PSYCH-NOTES-SECRET',
      'FINDINGS-SECRET',
      'DETAILED-SECRET',
      'STATEMENT-SECRET',
      'EVIDENCE-SECRET',
      'REPORTER-SECRET',
      'HEALTH-TASK-SECRET',
      'OUTCOME-SECRET',
    ])
      expect(answer).not.toContain(secret);
  });
});

/** A small seeded generator, so a failing query can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const some = <T>(items: readonly T[]): T[] => {
    const chosen = items.filter(() => next() < 0.5);
    return chosen.length > 0 ? chosen : [pick(items)];
  };
  return { next, pick, some };
}

function randomQuery(seed: number, role: Role): string {
  const random = generator(seed);
  const onCase = random.next() < 0.5;
  const nodeFields = random.some([
    'revision',
    'type',
    'recordedAt',
    'agency',
    'visibility',
    'data',
    '__typename',
    // Typed content nests deep: asked of one case, not of a queue of cases (the depth limit).
    ...(onCase
      ? [
          typedFragment(random.pick(Object.keys(caseEventDefinitions)), true),
          typedFragment(random.pick(Object.keys(caseEventDefinitions)), true),
        ]
      : []),
  ]);
  const page = random.pick([
    'first: 100',
    'first: 3',
    'last: 5',
    `first: 2, after: "${Buffer.from('OffsetConnection:1').toString('base64')}"`,
  ]);
  const timelinePart = `timeline(${page}) { ${random.pick(['', 'pageInfo { hasNextPage endCursor }'])} edges { ${random.pick(['cursor', ''])} node { ${nodeFields.join(' ')} } } }`;
  const caseFields = random.some([
    'id',
    'status',
    'communeCode',
    'revision',
    'stale',
    'child { childId fullName birthDate sex estimatedAge currentCondition withheld { field reason } }',
    'deadlines { kind dueAt status metAt }',
    timelinePart,
    ...(role === 'auditor' ? ['viewings { role lens operation }'] : []),
  ]);
  const selection = random.next() < 0.3 ? `... on Case { ${caseFields.join(' ')} }` : caseFields.join(' ');
  const root = onCase
    ? `case(id: "${caseId}") { ${selection} }`
    : `workQueue(first: ${1 + Math.floor(random.next() * 5)}) { edges { node { ${selection} } } }`;
  const alias = random.next() < 0.3 ? 'again: ' : '';
  return `query Random${seed} { ${alias}${root} }`;
}

describe('randomly generated queries never return a hidden value', () => {
  it('most roles have something to hide in this timeline (the property is not vacuous)', () => {
    expect(roles.filter((role) => secretsOf(role).size > 0).length).toBeGreaterThanOrEqual(6);
  });

  for (const role of roles) {
    it(`${role}: 25 random queries`, async () => {
      const secrets = secretsOf(role);
      for (let seed = 1; seed <= 25; seed++) {
        const query = randomQuery(seed * 7919 + roles.indexOf(role), role);
        const answer = await harness.ask(role, query);
        expect(answer.errors, query).toBeUndefined();
        const text = JSON.stringify(answer.data);
        for (const secret of secrets)
          expect(text.includes(secret), `${role} got "${secret}" from ${query}`).toBe(false);
      }
    });
  }
});
