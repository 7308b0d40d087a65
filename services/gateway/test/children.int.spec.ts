import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { at, QUY_NHON } from './timeline-samples.ts';

/** Children through the gateway: found by name or ID number, read, and acted on, typed end to end. */
let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness('gateway_children');
});
afterAll(async () => {
  await harness?.close();
});

const REGISTER = `mutation Register($child: RegisterChildInput!) { registerChild(child: $child) { id revision events } }`;
const RECORD = `query Record($id: ID!) { childRecord(id: $id) { childId revision communeCode sex birthYear birthRegistration specialCircumstances details { fullName birthDate ethnicity personalIdNumber withheld { field reason } } duplicates { childId reason status record { childId details { fullName } } } availableSteps withheld { field reason } } }`;
const SEARCH = `query Search($name: String, $id: String) { children(fullName: $name, personalIdNumber: $id) { childId details { fullName } } }`;
const STEP = `mutation Step($id: ID!, $rev: Int!, $command: ChildCommandInput!) { childCommand(childId: $id, expectedRevision: $rev, command: $command) { id revision events } }`;

const child = (overrides: Record<string, unknown> = {}) => ({
  childId: randomUUID(),
  registeredAt: at('2026-03-02T09:00:00'),
  fullName: 'Rơ Châm Thị Bích',
  birthDate: '2013-05-06',
  sex: 'FEMALE',
  ethnicity: 'Jrai',
  communeCode: QUY_NHON,
  birthRegistration: 'REGISTERED',
  specialCircumstances: ['NO_ONE_TO_RELY_ON'],
  personalIdNumber: null,
  ...overrides,
});

interface Record_ {
  childId: string;
  revision: number;
  details: { fullName: string } | null;
  duplicates: Array<{ childId: string; reason: string; status: string; record: { details: unknown } | null }>;
  availableSteps: string[];
  withheld: Array<{ field: string; reason: string }>;
}

describe('child records through the gateway', () => {
  it('registers typed, finds by name however typed and by ID number, and decides a duplicate', async () => {
    const first = child({ personalIdNumber: '064313000321' });
    const registered = await harness.ask('commune_officer', REGISTER, { child: first });
    expect(registered.errors).toBeUndefined();
    const second = child({ fullName: 'Ro Cham Thi Bich' });
    const flagged = await harness.ask<{ registerChild: { events: string[] } }>('commune_officer', REGISTER, {
      child: second,
    });
    expect(flagged.data?.registerChild.events).toEqual(['ChildRegistered', 'PossibleDuplicateFlagged']);

    const byName = await harness.ask<{ children: Array<{ childId: string }> }>('commune_officer', SEARCH, {
      name: 'rơ châm thị bích',
    });
    expect(byName.data?.children.map((found) => found.childId).sort()).toEqual(
      [first.childId, second.childId].sort(),
    );
    const byId = await harness.ask<{ children: Array<{ childId: string }> }>('commune_officer', SEARCH, {
      id: '064313000321',
    });
    expect(byId.data?.children.map((found) => found.childId)).toEqual([first.childId]);

    const page = await harness.ask<{ childRecord: Record_ }>('commune_officer', RECORD, {
      id: second.childId,
    });
    expect(page.errors).toBeUndefined();
    expect(page.data?.childRecord).toMatchObject({
      details: { fullName: 'Ro Cham Thi Bich', ethnicity: 'Jrai', withheld: [] },
      specialCircumstances: ['NO_ONE_TO_RELY_ON'],
      duplicates: [
        {
          childId: first.childId,
          reason: 'SIMILAR_NAME_BIRTH_DATE_COMMUNE',
          status: 'POSSIBLE',
          record: { details: { fullName: 'Rơ Châm Thị Bích' } },
        },
      ],
      withheld: [],
    });
    expect(page.data?.childRecord.availableSteps).toEqual(
      expect.arrayContaining(['ConfirmDuplicate', 'DismissDuplicate', 'RecordChildSupport']),
    );
    const dismissed = await harness.ask('commune_officer', STEP, {
      id: second.childId,
      rev: page.data?.childRecord.revision,
      command: {
        dismissDuplicate: {
          otherChildId: first.childId,
          dismissedAt: at('2026-03-03T08:00:00'),
          reason: 'Khác mẹ',
        },
      },
    });
    expect(dismissed.data).toEqual({
      childCommand: { id: second.childId, revision: 2, events: ['DuplicateDismissed'] },
    });
    // The same revision again: someone (here, the same person) changed the record meanwhile.
    const stale = await harness.ask('commune_officer', STEP, {
      id: second.childId,
      rev: 1,
      command: {
        recordChildSupport: { recordedAt: at('2026-03-03T09:00:00'), kind: 'HEALTH', provider: 'Trạm y tế' },
      },
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'STALE_REVISION', currentRevision: 2 });
  });

  it('masks the child for the province; refuses a role that reads no records; hides another commune’s child', async () => {
    const record = child({ fullName: 'Đinh Văn Khôi', sex: 'MALE', specialCircumstances: [] });
    await harness.ask('commune_officer', REGISTER, { child: record });
    const province = await harness.ask<{ childRecord: Record_ }>('provincial_coordinator', RECORD, {
      id: record.childId,
    });
    expect(province.data?.childRecord).toMatchObject({
      details: null,
      sex: null,
      birthYear: null,
      withheld: [
        { field: 'sex', reason: 'MASKED' },
        { field: 'birthYear', reason: 'MASKED' },
        { field: 'details', reason: 'MASKED' },
      ],
    });
    expect(JSON.stringify(province)).not.toContain('Khôi');
    const hotline = await harness.ask('hotline_operator', SEARCH, { name: 'Đinh Văn Khôi' });
    expect(hotline.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const elsewhere = await harness.ask('commune_officer', RECORD, { id: record.childId }, ['26734']);
    expect(elsewhere.data).toEqual({ childRecord: null });
    const viewer = async (role: Parameters<GatewayHarness['ask']>[0]) =>
      (
        await harness.ask<{ viewer: { canSearchChildren: boolean } }>(
          role,
          '{ viewer { canSearchChildren } }',
        )
      ).data?.viewer.canSearchChildren;
    expect(await viewer('commune_officer')).toBe(true);
    expect(await viewer('hotline_operator')).toBe(false);
    const neither = await harness.ask('commune_officer', SEARCH, {});
    expect(neither.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'fullName' }],
    });
  });
});
