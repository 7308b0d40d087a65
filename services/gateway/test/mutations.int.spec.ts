import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { at, QUY_NHON } from './timeline-samples.ts';

/** Mutations forward commands to the case service with the caller's token; reads are logged for auditors. */
let harness: GatewayHarness;
const caseId = randomUUID();

const report = (id: string) => ({
  caseId: id,
  receivedAt: at('2026-03-02T08:00:00'),
  channel: 'HOTLINE_111',
  incidentCommuneCode: QUY_NHON,
  category: 'ABUSED',
  formsOfHarm: ['VIOLENCE'],
  child: { childId: randomUUID(), fullName: 'Kpă Thị Nga', estimatedAge: 12, sex: 'FEMALE' },
  relatives: [],
  narrative: 'Trẻ bị đánh.',
  reporter: {
    consentToRecordIdentity: true,
    reporterId: randomUUID(),
    fullName: 'Nay Blư',
    phone: '0987654321',
  },
});

const RECEIVE = `mutation Receive($report: ReceiveReportInput!, $key: String) { receiveReport(report: $report, idempotencyKey: $key) { id revision events } }`;
const COMMAND = `mutation Step($caseId: ID!, $rev: Int!, $type: CaseCommandType!, $data: JSON!) { caseCommand(caseId: $caseId, expectedRevision: $rev, type: $type, data: $data) { id revision events } }`;
const CASE = `query CaseForAudit($id: ID!, $reason: String) { case(id: $id, unmaskReason: $reason) { status timeline(first: 5) { edges { node { type data } } } } }`;
const VIEWINGS = `query WhoViewed($id: ID!) { case(id: $id) { viewings { userId role lens operation parts unmaskReason viewedAt } } }`;

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_mutations');
});
afterAll(async () => {
  await harness?.close();
});

describe('mutations forward commands with the caller’s token', () => {
  it('offers each reader the steps the case service would take from them, and refuses a forged one', async () => {
    const id = randomUUID();
    await harness.ask('commune_officer', RECEIVE, { report: report(id) });
    const STEPS = `query Steps($id: ID!) { case(id: $id) { revision availableSteps } }`;
    const stepsOf = async (role: Parameters<GatewayHarness['ask']>[0]) =>
      (await harness.ask<{ case: { availableSteps: string[] } | null }>(role, STEPS, { id })).data?.case
        ?.availableSteps;
    expect(await stepsOf('commune_officer')).toEqual([
      'CompleteInitialAssessment',
      'RecordEmergencyIntervention',
      'TakeCase',
      'TransferCase',
    ]);
    expect(await stepsOf('commune_chair')).toEqual([
      'RecordEmergencyIntervention',
      'DecideTemporarySeparation',
      'AssignCaseManager',
      'TransferCase',
    ]);
    expect(await stepsOf('auditor')).toEqual([]);
    // Form 01 is offered to the receiving points of D56 Art. 25(1) only.
    const receives = async (role: Parameters<GatewayHarness['ask']>[0]) =>
      (
        await harness.ask<{ viewer: { canReceiveReports: boolean } }>(
          role,
          '{ viewer { canReceiveReports } }',
        )
      ).data?.viewer.canReceiveReports;
    expect(await receives('hotline_operator')).toBe(true);
    expect(await receives('police_investigator')).toBe(true);
    expect(await receives('school_safety_officer')).toBe(false);
    expect(await receives('auditor')).toBe(false);
    // Referring the case is the referral service's rule: the commune's officer and chair, the province.
    const refers = async (role: Parameters<GatewayHarness['ask']>[0]) =>
      (
        await harness.ask<{ case: { canIssueReferral: boolean } | null }>(
          role,
          `query R($id: ID!) { case(id: $id) { canIssueReferral } }`,
          { id },
        )
      ).data?.case?.canIssueReferral;
    expect(await refers('commune_officer')).toBe(true);
    expect(await refers('commune_chair')).toBe(true);
    expect(await refers('auditor')).toBe(false);
    // Time travel shows the past: nothing can be done in it.
    const past = await harness.ask<{ case: { availableSteps: string[] } }>(
      'commune_officer',
      `query Past($id: ID!) { case(id: $id, asOfRevision: 0) { availableSteps } }`,
      { id },
    );
    expect(past.data?.case.availableSteps).toEqual([]);
    // The chair is not offered the officer's assessment; sent anyway, the service refuses it.
    const forged = await harness.ask('commune_chair', COMMAND, {
      caseId: id,
      rev: 0,
      type: 'CompleteInitialAssessment',
      data: {
        assessedAt: at('2026-03-02T10:00:00'),
        riskLevel: 'LOW',
        childInSeriousDanger: false,
        emergencyMeasure: 'NONE',
        findings: 'Không có dấu hiệu.',
      },
    });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await harness.store.streamRevision(`case-${id}`)).toBe(0);
  });

  it('J1: the hotline records a report and forwards it; the commune officer assesses it', async () => {
    const body = report(caseId);
    const received = await harness.ask('hotline_operator', RECEIVE, { report: body, key: 'receive-0001' });
    expect(received).toEqual({
      status: 200,
      data: { receiveReport: { id: caseId, revision: 0, events: ['ReportReceived'] } },
    });
    // The same request with the same idempotency key: the first answer, nothing recorded twice.
    expect(await harness.ask('hotline_operator', RECEIVE, { report: body, key: 'receive-0001' })).toEqual(
      received,
    );
    // The key reused for another request is refused.
    const reused = await harness.ask('hotline_operator', RECEIVE, {
      report: report(caseId),
      key: 'receive-0001',
    });
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'RULE_VIOLATED' });
    const forwarded = await harness.ask('hotline_operator', COMMAND, {
      caseId,
      rev: 0,
      type: 'ForwardToCommune',
      data: { toCommuneCode: QUY_NHON, forwardedAt: at('2026-03-02T08:30:00') },
    });
    expect(forwarded.data).toEqual({
      caseCommand: { id: caseId, revision: 1, events: ['ReportForwardedToCommune'] },
    });
    const assessed = await harness.ask('commune_officer', COMMAND, {
      caseId,
      rev: 1,
      type: 'CompleteInitialAssessment',
      data: {
        assessedAt: at('2026-03-02T10:00:00'),
        riskLevel: 'MEDIUM',
        childInSeriousDanger: false,
        emergencyMeasure: 'NONE',
        findings: 'Vết bầm ở tay.',
      },
    });
    expect(assessed.errors).toBeUndefined();
    expect(await harness.store.streamRevision(`case-${caseId}`)).toBe(2);
  });

  it('takes a step typed by its input type (CaseCommandInput, exactly one step), and refuses what the type does not allow', async () => {
    const id = randomUUID();
    const TYPED = `mutation Typed($caseId: ID!, $rev: Int!, $command: CaseCommandInput!) { caseCommand(caseId: $caseId, expectedRevision: $rev, command: $command) { id revision events } }`;
    // GraphQL lets a client send null for an optional field; the service reads it as absent.
    const typedReport = { ...report(id), residenceCommuneCode: null, sexualAbuseKinds: null };
    expect((await harness.ask('commune_officer', RECEIVE, { report: typedReport })).errors).toBeUndefined();
    const assessment = {
      assessedAt: at('2026-03-02T10:00:00'),
      riskLevel: 'MEDIUM',
      childInSeriousDanger: false,
      emergencyMeasure: 'NONE',
      findings: 'Vết bầm ở tay.',
    };
    const assessed = await harness.ask('commune_officer', TYPED, {
      caseId: id,
      rev: 0,
      command: { completeInitialAssessment: assessment },
    });
    expect(assessed.data).toEqual({
      caseCommand: { id, revision: 1, events: ['InitialAssessmentCompleted'] },
    });
    // Two steps at once, a field the type does not have, a code outside the list: refused before the service.
    const twoSteps = await harness.ask('commune_officer', TYPED, {
      caseId: id,
      rev: 1,
      command: {
        completeInitialAssessment: assessment,
        closeCase: { closedAt: at('2026-03-02T11:00:00'), reason: 'OTHER' },
      },
    });
    expect(twoSteps.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'command' } });
    expect(twoSteps.errors?.[0]?.message).toMatch(/exactly one/);
    const unknownField = await harness.ask('commune_officer', TYPED, {
      caseId: id,
      rev: 1,
      command: {
        closeCase: { closedAt: at('2026-03-02T11:00:00'), reason: 'OTHER', childName: 'Kpă Thị Nga' },
      },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors?.[0]?.message).toMatch(/childName.*CloseCaseInput/);
    expect(JSON.stringify(unknownField)).not.toContain('Kpă Thị Nga');
    const badCode = await harness.ask('commune_officer', RECEIVE, {
      report: { ...report(randomUUID()), category: 'Kpă Thị Nga' },
    });
    expect(badCode.status).toBe(400);
    expect(badCode.errors?.[0]?.message).toMatch(/category.*ReportCategory/);
    expect(JSON.stringify(badCode)).not.toContain('Kpă Thị Nga');
    // The typed step and the untyped one are not sent together, and one of them is.
    const both = await harness.ask(
      'commune_officer',
      `mutation Both($caseId: ID!, $command: CaseCommandInput!, $data: JSON!) { caseCommand(caseId: $caseId, expectedRevision: 1, command: $command, type: CloseCase, data: $data) { id } }`,
      {
        caseId: id,
        command: { closeCase: { closedAt: at('2026-03-02T11:00:00'), reason: 'OTHER' } },
        data: {},
      },
    );
    expect(both.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'command' } });
    const neither = await harness.ask(
      'commune_officer',
      `mutation Neither($caseId: ID!) { caseCommand(caseId: $caseId, expectedRevision: 1) { id } }`,
      { caseId: id },
    );
    expect(neither.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'command' } });
    expect(await harness.store.streamRevision(`case-${id}`)).toBe(1);
  });

  it('an officer takes a case: it is in their “my cases”, no longer unassigned, and each reader is told as the matrix says', async () => {
    const id = randomUUID();
    // Another commune than the other tests' case, so that this test's queue reads leave that case's log alone.
    const ELSEWHERE = '21601';
    const ask: GatewayHarness['ask'] = (role, query, variables) =>
      harness.ask(role, query, variables, [ELSEWHERE]);
    // Received at the commune: it is the commune's at once.
    expect(
      (await ask('commune_officer', RECEIVE, { report: { ...report(id), incidentCommuneCode: ELSEWHERE } }))
        .errors,
    ).toBeUndefined();
    const QUEUE = `query Mine($manager: ManagerFilter) { workQueue(first: 100, manager: $manager) { edges { node { id managedBy } } } }`;
    const idsIn = async (role: Parameters<GatewayHarness['ask']>[0], manager: string) => {
      await harness.queued(id, 0);
      const answer = await ask<{ workQueue: { edges: Array<{ node: { id: string } }> } }>(role, QUEUE, {
        manager,
      });
      expect(answer.errors).toBeUndefined();
      return answer.data?.workQueue.edges.map((edge) => edge.node.id) ?? [];
    };
    expect(await idsIn('commune_officer', 'UNASSIGNED')).toContain(id);
    expect(await idsIn('commune_officer', 'MINE')).not.toContain(id);
    const taken = await ask(
      'commune_officer',
      `mutation Take($caseId: ID!, $command: CaseCommandInput!) { caseCommand(caseId: $caseId, expectedRevision: 0, command: $command) { events } }`,
      { caseId: id, command: { takeCase: { takenAt: at('2026-03-02T09:00:00') } } },
    );
    expect(taken.data).toEqual({ caseCommand: { events: ['CaseManagerAssigned'] } });
    await harness.queued(id, 1);
    expect(await idsIn('commune_officer', 'MINE')).toContain(id);
    expect(await idsIn('commune_officer', 'UNASSIGNED')).not.toContain(id);
    expect(await idsIn('commune_chair', 'MINE')).not.toContain(id);
    const managedBy = async (role: Parameters<GatewayHarness['ask']>[0]) =>
      (
        await ask<{ case: { managedBy: string | null } | null }>(
          role,
          `query ($id: ID!) { case(id: $id) { managedBy } }`,
          { id },
        )
      ).data?.case?.managedBy;
    expect(await managedBy('commune_officer')).toBe('YOU');
    expect(await managedBy('commune_chair')).toBe('SOMEONE_ELSE');
    expect(await managedBy('police_investigator')).toBeNull();
    const bad = await ask('commune_officer', QUEUE, { manager: 'EVERYONE' });
    expect(bad.status).toBe(400);
  });

  it('errors carry codes: a stale revision, a bad field, a step the caller may not take, a missing case', async () => {
    const before = await harness.store.streamRevision(`case-${caseId}`);
    const stale = await harness.ask('commune_officer', COMMAND, {
      caseId,
      rev: 0,
      type: 'CompleteDetailedAssessment',
      data: {},
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const staleRevision = await harness.ask('hotline_operator', COMMAND, {
      caseId,
      rev: 0,
      type: 'ForwardToCommune',
      data: { toCommuneCode: QUY_NHON, forwardedAt: at('2026-03-02T08:30:00') },
    });
    expect(staleRevision.errors?.[0]?.extensions).toMatchObject({
      code: 'STALE_REVISION',
      currentRevision: 2,
    });
    const badField = await harness.ask('hotline_operator', RECEIVE, {
      report: { ...report(randomUUID()), incidentCommuneCode: 'nowhere' },
    });
    expect(badField.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'incidentCommuneCode' })],
    });
    expect(JSON.stringify(badField)).not.toContain('Kpă Thị Nga');
    const forbidden = await harness.ask('school_safety_officer', COMMAND, {
      caseId,
      rev: 2,
      type: 'CloseCase',
      data: { closedAt: at('2026-03-02T11:00:00'), reason: 'OTHER' },
    });
    expect(forbidden.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    const missing = await harness.ask('commune_officer', COMMAND, {
      caseId: randomUUID(),
      rev: 0,
      type: 'CloseCase',
      data: { closedAt: at('2026-03-02T11:00:00'), reason: 'OTHER' },
    });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const unknownType = await harness.ask('commune_officer', COMMAND, {
      caseId,
      rev: 2,
      type: 'DeleteCase',
      data: {},
    });
    expect(unknownType.status).toBe(400);
    // The variable and its type are named; the value sent is not echoed (issue 16, item 6).
    expect(unknownType.errors?.[0]?.message).toMatch(/\$type.*CaseCommandType/);
    expect(JSON.stringify(unknownType.errors)).not.toContain('DeleteCase');
    expect(await harness.store.streamRevision(`case-${caseId}`)).toBe(before);
  });

  it('the case service being down is SERVICE_UNAVAILABLE, not an internal error', async () => {
    const { ServiceClient } = await import('../src/service-client.ts');
    const client = new ServiceClient('http://127.0.0.1:1');
    await expect(client.post('/cases', {}, { token: 't' }, 'caseId')).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  });
});

describe('the access log', () => {
  it('records every read of a case, and auditors list who viewed it', async () => {
    await harness.ask('commune_officer', CASE, { id: caseId });
    await harness.ask('police_investigator', CASE, { id: caseId });
    // A reader who may not see the case leaves no entry: nothing was read.
    await harness.ask('commune_officer', CASE, { id: caseId }, ['23575']);
    await harness.service.accessLog.flush();
    const answer = await harness.ask<{
      case: {
        viewings: Array<{ role: string; lens: string; operation: string; parts: string[]; userId: string }>;
      };
    }>('auditor', VIEWINGS, { id: caseId });
    expect(answer.errors).toBeUndefined();
    const viewings = answer.data?.case.viewings ?? [];
    expect(viewings.map((viewing) => [viewing.role, viewing.operation, viewing.parts])).toEqual([
      ['commune_officer', 'CaseForAudit', ['case', 'timeline']],
      ['police_investigator', 'CaseForAudit', ['case', 'timeline']],
    ]);
    expect(viewings[0]?.userId).toBe('commune_officer-user');
  });

  it('the police do not list viewings; only auditors unmask, stating a reason that is recorded', async () => {
    const denied = await harness.ask('police_investigator', VIEWINGS, { id: caseId });
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const notAuditor = await harness.ask('provincial_coordinator', CASE, {
      id: caseId,
      reason: 'kiểm tra hồ sơ định kỳ',
    });
    expect(notAuditor.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'unmaskReason' });
    const tooShort = await harness.ask('auditor', CASE, { id: caseId, reason: 'xem' });
    expect(tooShort.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unmaskReason' });

    const masked = JSON.stringify(await harness.ask('auditor', CASE, { id: caseId }));
    expect(masked).not.toContain('Nay Blư');
    expect(masked).toContain('$masked');
    const reason = 'Thanh tra theo quyết định 12/QĐ-TTr';
    const unmasked = JSON.stringify(await harness.ask('auditor', CASE, { id: caseId, reason }));
    expect(unmasked).toContain('Nay Blư');
    await harness.service.accessLog.flush();
    const answer = await harness.ask<{
      case: { viewings: Array<{ role: string; unmaskReason: string | null }> };
    }>('auditor', VIEWINGS, { id: caseId });
    const auditorReads = answer.data?.case.viewings.filter((viewing) => viewing.role === 'auditor') ?? [];
    expect(auditorReads.map((viewing) => viewing.unmaskReason)).toContain(reason);
  });

  it('a failed write is retried, not dropped', async () => {
    const { AccessLog } = await import('@chungtay/service-kit');
    let failures = 1;
    const flaky = Object.create(harness.store) as typeof harness.store;
    flaky.appendToStream = async (...args) => {
      if (failures-- > 0) throw new Error('connection reset');
      return harness.store.appendToStream(...args);
    };
    const log = new AccessLog(flaky, { maxDelayMs: 1 });
    const viewedCase = randomUUID();
    log.record({
      viewer: { userId: 'u', agency: 'commune', role: 'commune_officer' },
      data: {
        caseId: viewedCase,
        viewedAt: new Date().toISOString(),
        lens: 'commune_officer',
        operation: 'q',
        parts: ['case'],
      },
    });
    await log.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await log.flush();
    expect((await log.viewings(viewedCase)).map((viewing) => viewing.viewer.userId)).toEqual(['u']);
  });
});
