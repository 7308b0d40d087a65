import { randomUUID } from 'node:crypto';
import { waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { at, sampleTimeline } from './timeline-samples.ts';

/** A provincial hospital: it serves no commune, so a referral reaches it only by its name (decision 0044). */
const HOSPITAL = 'Bệnh viện Đa khoa tỉnh Gia Lai';

/** J3 through the gateway: issued → in the inbox → two officers race → one wins → done → the commune sees it. */
let harness: GatewayHarness;
let now = new Date('2026-03-02T12:00:00+07:00');

const ISSUE = `mutation Issue($caseId: ID!, $referral: IssueReferralInput!) { issueReferral(caseId: $caseId, referral: $referral) { id revision events } }`;
const ACT = `mutation Act($caseId: ID!, $referralId: ID!, $action: ReferralAction!, $data: JSON) { referralAction(caseId: $caseId, referralId: $referralId, action: $action, data: $data) { id events } }`;
const INBOX = `query Inbox($status: String) { referralInbox(first: 20, status: $status) { edges { node { referralId caseId toAgency status urgency heldBy escalated outcome } } } }`;
const TIMELINE = `query Timeline($id: ID!) { case(id: $id) { timeline(first: 100) { edges { node { type visibility data } } } } }`;

interface InboxAnswer {
  referralInbox: {
    edges: Array<{
      node: {
        referralId: string;
        caseId: string;
        status: string;
        heldBy: string | null;
        escalated: boolean;
        outcome: string | null;
      };
    }>;
  };
}

const openCase = async () => {
  const caseId = randomUUID();
  await harness.record(caseId, sampleTimeline(caseId).slice(0, 3));
  return caseId;
};
const referral = (overrides: Record<string, unknown> = {}) => ({
  referralId: randomUUID(),
  toAgency: 'legal_aid',
  reason: 'Gia đình cần tư vấn pháp lý về quyền nuôi con.',
  urgency: 'URGENT',
  dueAt: at('2026-03-04T17:00:00'),
  sharingBasis: 'CONSENT',
  ...overrides,
});
const inboxOf = async (
  role: 'legal_aid_officer' | 'police_investigator' | 'provincial_coordinator',
  status?: string,
) =>
  (await harness.ask<InboxAnswer>(role, INBOX, status ? { status } : {})).data?.referralInbox.edges.map(
    (edge) => edge.node,
  ) ?? [];
const lawyer = (sub: string) =>
  harness.issuer.mint({ sub, agency: 'legal_aid', role: 'legal_aid_officer', communes: [] });

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_referrals', { clock: () => now });
});
afterAll(async () => {
  await harness?.close();
});

describe('J3: a referral picked up exactly once', () => {
  it('issued by the commune officer, it appears in legal aid’s inbox; of two racing officers exactly one claims it', async () => {
    const caseId = await openCase();
    const issued = referral();
    const answer = await harness.ask('commune_officer', ISSUE, { caseId, referral: issued });
    expect(answer.errors).toBeUndefined();
    await waitFor(async () =>
      (await inboxOf('legal_aid_officer')).find((node) => node.referralId === issued.referralId),
    );
    expect(
      (await inboxOf('legal_aid_officer')).find((node) => node.referralId === issued.referralId),
    ).toMatchObject({
      caseId,
      status: 'OFFERED',
      heldBy: null,
    });

    // The sender follows it in the commune's list of referrals on its cases; another commune does not see it.
    const sent = await harness.ask<InboxAnswer>('commune_officer', INBOX);
    expect(sent.data?.referralInbox.edges.map((edge) => edge.node.referralId)).toContain(issued.referralId);
    const elsewhere = await harness.ask<InboxAnswer>('commune_officer', INBOX, {}, ['23575']);
    expect(elsewhere.data?.referralInbox.edges.map((edge) => edge.node.referralId)).not.toContain(
      issued.referralId,
    );

    const [tokenA, tokenB] = await Promise.all([lawyer('lawyer-an'), lawyer('lawyer-binh')]);
    const claim = (token: string) =>
      harness.ask({ token }, ACT, { caseId, referralId: issued.referralId, action: 'claim' });
    const results = await Promise.all([claim(tokenA), claim(tokenB)]);
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = results[0]?.errors ? 'lawyer-binh' : 'lawyer-an';
    expect(losers[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', heldBy: winner });
    const claims = (await harness.store.readStream(`case-${caseId}`)).filter(
      (event) => event.type === 'ReferralClaimed',
    );
    expect(claims.map((event) => event.metadata.actor.userId)).toEqual([winner]);

    // The holder accepts and completes; the other officer cannot.
    const winnerToken = winner === 'lawyer-an' ? tokenA : tokenB;
    const loserToken = winner === 'lawyer-an' ? tokenB : tokenA;
    const refused = await harness.ask({ token: loserToken }, ACT, {
      caseId,
      referralId: issued.referralId,
      action: 'accept',
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', heldBy: winner });
    for (const [action, data] of [
      ['accept', {}],
      ['start', {}],
      [
        'complete',
        { outcome: 'SERVICE_PROVIDED', summary: 'Đã tư vấn cho mẹ về thủ tục giành quyền nuôi con.' },
      ],
    ] as const) {
      const done = await harness.ask({ token: winnerToken }, ACT, {
        caseId,
        referralId: issued.referralId,
        action,
        data,
      });
      expect(done.errors, action).toBeUndefined();
    }

    // The commune officer sees the outcome on the timeline; the inbox shows it completed.
    const timeline = await harness.ask<{
      case: { timeline: { edges: Array<{ node: { type: string; data: Record<string, unknown> } }> } };
    }>('commune_officer', TIMELINE, { id: caseId });
    const completed = timeline.data?.case.timeline.edges.find(
      (edge) => edge.node.type === 'ReferralCompleted',
    );
    expect(completed?.node.data).toMatchObject({
      outcome: 'SERVICE_PROVIDED',
      summary: expect.stringContaining('quyền nuôi con'),
    });
    await waitFor(async () =>
      (await inboxOf('legal_aid_officer', 'COMPLETED')).find((node) => node.referralId === issued.referralId),
    );
    // The school is not involved: it sees nothing of the case.
    expect((await harness.ask('school_safety_officer', TIMELINE, { id: caseId })).data).toEqual({
      case: null,
    });
  });

  it('twenty races, twenty single winners', async () => {
    const caseId = await openCase();
    const tokens = await Promise.all([lawyer('racer-1'), lawyer('racer-2'), lawyer('racer-3')]);
    for (let race = 0; race < 20; race++) {
      const issued = referral();
      expect(
        (await harness.ask('commune_officer', ISSUE, { caseId, referral: issued })).errors,
      ).toBeUndefined();
      const results = await Promise.all(
        tokens.map((token) =>
          harness.ask({ token }, ACT, { caseId, referralId: issued.referralId, action: 'claim' }),
        ),
      );
      expect(results.filter((result) => !result.errors)).toHaveLength(1);
      expect(results.filter((result) => result.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(2);
    }
    const claims = (await harness.store.readStream(`case-${caseId}`)).filter(
      (event) => event.type === 'ReferralClaimed',
    );
    expect(claims).toHaveLength(20);
  });

  it('a decline goes back to the sender, who refers elsewhere; bad input names the field and changes nothing', async () => {
    const caseId = await openCase();
    const first = referral();
    await harness.ask('commune_officer', ISSUE, { caseId, referral: first });
    const token = await lawyer('lawyer-chau');
    await harness.ask({ token }, ACT, { caseId, referralId: first.referralId, action: 'claim' });
    const declined = await harness.ask({ token }, ACT, {
      caseId,
      referralId: first.referralId,
      action: 'decline',
      data: { reason: 'Ngoài phạm vi' },
    });
    expect(declined.errors).toBeUndefined();
    const elsewhere = await harness.ask('commune_officer', ISSUE, {
      caseId,
      referral: referral({ toAgency: 'health' }),
    });
    expect(elsewhere.errors).toBeUndefined();
    const before = await harness.store.streamRevision(`case-${caseId}`);
    const bad = await harness.ask('commune_officer', ISSUE, {
      caseId,
      referral: referral({ urgency: 'WHENEVER' }),
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'urgency' })],
    });
    // A school not involved in the case is told what it would be told of a case that does not exist
    // (issue 16, item 5: no oracle), not that it may not issue referrals on it.
    const school = await harness.ask('school_safety_officer', ISSUE, { caseId, referral: referral() });
    const nowhere = await harness.ask('school_safety_officer', ISSUE, {
      caseId: randomUUID(),
      referral: referral(),
    });
    expect(school.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(school.errors).toEqual(nowhere.errors);
    expect(await harness.store.streamRevision(`case-${caseId}`)).toBe(before);
  });
});

describe('J3 with the agencies’ own services', () => {
  const AGENCY = `mutation Agency($service: AgencyService!, $caseId: ID!, $type: String!, $data: JSON!) { agencyCommand(service: $service, caseId: $caseId, type: $type, data: $data) { id events } }`;

  it('legal aid works and closes the referral; the commune officer sees the outcome; the school never sees medical findings', async () => {
    const caseId = await openCase();
    const legal = referral();
    const health = referral({ toAgency: 'health', toUnit: HOSPITAL });
    const school = referral({ toAgency: 'education' });
    for (const issued of [legal, health, school])
      expect(
        (await harness.ask('commune_officer', ISSUE, { caseId, referral: issued })).errors,
      ).toBeUndefined();
    const lawyerToken = await lawyer('lawyer-dung');
    const doctorToken = await harness.issuer.mint({
      sub: 'doctor-em',
      agency: 'health',
      role: 'health_worker',
      unit: HOSPITAL,
      communes: [],
    });
    // Another hospital of the same agency is no party to the case: for it, the case does not exist.
    const otherHospital = await harness.issuer.mint({
      sub: 'doctor-khac',
      agency: 'health',
      role: 'health_worker',
      unit: 'Bệnh viện Nhi tỉnh Gia Lai',
      communes: [],
    });
    const elsewhere = await harness.ask({ token: otherHospital }, ACT, {
      caseId,
      referralId: health.referralId,
      action: 'claim',
    });
    expect(elsewhere.errors?.[0]?.message).toBe('no such case');
    for (const [token, referralId] of [
      [lawyerToken, legal.referralId],
      [doctorToken, health.referralId],
    ] as const)
      for (const action of ['claim', 'accept'])
        expect(
          (await harness.ask({ token }, ACT, { caseId, referralId, action })).errors,
          action,
        ).toBeUndefined();

    const advice = await harness.ask({ token: lawyerToken }, AGENCY, {
      service: 'LEGAL_AID',
      caseId,
      type: 'GiveAdvice',
      data: {
        referralId: legal.referralId,
        givenAt: at('2026-03-02T11:00:00'),
        topic: 'CUSTODY',
        summary: 'Tư vấn quyền nuôi con.',
      },
    });
    expect(advice.errors).toBeUndefined();
    const closed = await harness.ask({ token: lawyerToken }, AGENCY, {
      service: 'LEGAL_AID',
      caseId,
      type: 'CloseLegalAid',
      data: {
        referralId: legal.referralId,
        outcome: 'RIGHTS_PROTECTED',
        summary: 'Mẹ được giao quyền nuôi con.',
      },
    });
    expect(closed.data).toEqual({
      agencyCommand: { id: caseId, events: ['LegalAidClosed', 'ReferralCompleted'] },
    });
    const exam = await harness.ask({ token: doctorToken }, AGENCY, {
      service: 'MEDICAL',
      caseId,
      type: 'RecordExamination',
      data: {
        examinationId: randomUUID(),
        examinedAt: at('2026-03-02T11:30:00'),
        facility: 'Bệnh viện Đa khoa tỉnh Gia Lai',
        careNeeded: 'OUTPATIENT',
        findings: 'Gãy xương cẳng tay trái.',
      },
    });
    expect(exam.errors).toBeUndefined();
    // A school may not record medical care; bad input names the field.
    const schoolToken = await harness.token('school_safety_officer');
    const notSchool = await harness.ask({ token: schoolToken }, AGENCY, {
      service: 'MEDICAL',
      caseId,
      type: 'RecordRehabilitation',
      data: { recordedAt: at('2026-03-02T11:00:00'), kind: 'PHYSICAL', plan: 'x' },
    });
    expect(notSchool.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const badField = await harness.ask({ token: doctorToken }, AGENCY, {
      service: 'MEDICAL',
      caseId,
      type: 'RecordRehabilitation',
      data: { recordedAt: 'yesterday', kind: 'PHYSICAL', plan: 'x' },
    });
    expect(badField.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [expect.objectContaining({ field: 'data.recordedAt' })],
    });

    type Timeline = {
      case: {
        timeline: {
          edges: Array<{ node: { type: string; visibility: string; data: Record<string, unknown> | null } }>;
        };
      };
    };
    const commune = await harness.ask<Timeline>('commune_officer', TIMELINE, { id: caseId });
    const nodes = commune.data?.case.timeline.edges.map((edge) => edge.node) ?? [];
    expect(nodes.find((node) => node.type === 'LegalAidClosed')?.data).toMatchObject({
      outcome: 'RIGHTS_PROTECTED',
      summary: 'Mẹ được giao quyền nuôi con.',
    });
    expect(nodes.find((node) => node.type === 'ReferralCompleted')?.data).toMatchObject({
      referralId: legal.referralId,
    });
    // The commune sees that an examination happened and what care is needed, not the findings.
    expect(nodes.find((node) => node.type === 'MedicalExaminationRecorded')?.data).toMatchObject({
      careNeeded: 'OUTPATIENT',
      findings: { $redacted: true },
    });

    const schoolView = await harness.ask<Timeline>('school_safety_officer', TIMELINE, { id: caseId });
    const schoolNodes = schoolView.data?.case.timeline.edges.map((edge) => edge.node) ?? [];
    expect(schoolNodes.find((node) => node.type === 'MedicalExaminationRecorded')).toMatchObject({
      visibility: 'REDACTED',
      data: null,
    });
    expect(JSON.stringify(schoolView)).not.toContain('Gãy xương');
    expect(JSON.stringify(schoolView)).not.toContain('Mẹ được giao');
    expect(JSON.stringify(schoolView)).not.toContain('Tư vấn quyền nuôi con.');
  });
});

describe('reactions and escalation', () => {
  it('one bad trigger never stops the worker; a report recorded after its window still notifies the police, escalated at once', async () => {
    now = new Date('2026-03-05T12:00:00+07:00');
    // A trigger whose reaction cannot succeed (its case does not exist), first in the worker's order.
    const bad = `00000000-0000-7000-8000-${randomUUID().slice(-12)}`;
    const nowhere = randomUUID();
    await harness.readModel.query(
      `insert into referral_service.triggers (event_id, case_id, trigger) values ($1, $2, $3)`,
      [
        bad,
        nowhere,
        JSON.stringify({
          eventId: bad,
          caseId: nowhere,
          type: 'SexualAbuseReported',
          receivedAt: now.toISOString(),
        }),
      ],
    );
    // A sexual-abuse report recorded 16 hours after it was received: past the 12-hour window.
    const caseId = randomUUID();
    const [reported] = sampleTimeline(caseId);
    const event = reported as NonNullable<typeof reported>;
    const late = {
      ...event,
      event: { ...event.event, data: { ...event.event.data, receivedAt: at('2026-03-04T20:00:00') } },
    };
    await harness.record(caseId, [late as typeof event]);
    await waitFor(
      async () =>
        (await harness.referrals.readModel.pendingTriggers(now)).some(
          (trigger) => trigger.caseId === caseId,
        ) || undefined,
    );
    await harness.referrals.worker.tick();
    const stream = await harness.store.readStream(`case-${caseId}`);
    const issued = stream.find((stored) => stored.type === 'ReferralIssued');
    expect(issued?.data).toMatchObject({ toAgency: 'police', dueAt: at('2026-03-05T08:00:00') });
    expect(
      stream.filter((stored) => stored.type === 'ReferralEscalated').map((stored) => stored.data),
    ).toEqual([
      expect.objectContaining({ toRole: 'provincial_coordinator', dueAt: at('2026-03-05T08:00:00') }),
    ]);
    // The bad one is tried again later (with back-off), and after five failures set aside for an operator.
    for (let pass = 1; pass < 5; pass++) {
      expect(await harness.referrals.readModel.failedTriggers()).not.toContainEqual(
        expect.objectContaining({ eventId: bad }),
      );
      now = new Date(now.getTime() + 120_000);
      await harness.referrals.worker.tick();
    }
    expect(await harness.referrals.readModel.failedTriggers()).toContainEqual({
      eventId: bad,
      caseId: nowhere,
      type: 'SexualAbuseReported',
      attempts: 5,
      failure: 'ReferralNotFound: no such case',
    });
    expect(
      (await harness.referrals.readModel.pendingTriggers(new Date('2100-01-01'))).some(
        (trigger) => trigger.eventId === bad,
      ),
    ).toBe(false);
    now = new Date('2026-03-02T12:00:00+07:00');
  });

  it('a sexual-abuse report notifies the police by a referral, once however often the worker runs', async () => {
    const caseId = randomUUID();
    const [reported] = sampleTimeline(caseId); // its forms of harm include sexual abuse
    await harness.record(caseId, [reported as NonNullable<typeof reported>]);
    await waitFor(
      async () =>
        (await harness.referrals.readModel.pendingTriggers(new Date())).some(
          (trigger) => trigger.caseId === caseId,
        ) || undefined,
    );
    await Promise.all([harness.referrals.worker.tick(), harness.referrals.worker.tick()]);
    await harness.referrals.worker.tick();
    const issued = (await harness.store.readStream(`case-${caseId}`)).filter(
      (event) => event.type === 'ReferralIssued',
    );
    expect(issued.map((event) => event.data)).toEqual([
      expect.objectContaining({ toAgency: 'police', urgency: 'IMMEDIATE', source: 'SEXUAL_ABUSE_REPORT' }),
    ]);
    await waitFor(async () => (await inboxOf('police_investigator')).find((node) => node.caseId === caseId));
  });

  it('an unanswered referral past due escalates once to the provincial coordinator', async () => {
    const caseId = await openCase();
    const late = referral({ dueAt: at('2026-03-03T17:00:00') });
    await harness.ask('commune_officer', ISSUE, { caseId, referral: late });
    await waitFor(async () =>
      (await inboxOf('legal_aid_officer')).find((node) => node.referralId === late.referralId),
    );
    await harness.referrals.worker.tick();
    expect(
      (await harness.store.readStream(`case-${caseId}`)).some((event) => event.type === 'ReferralEscalated'),
    ).toBe(false);
    now = new Date('2026-03-04T09:00:00+07:00');
    await waitFor(
      async () =>
        (await harness.referrals.readModel.overdue(now)).some((due) => due.referralId === late.referralId) ||
        undefined,
    );
    await Promise.all([harness.referrals.worker.tick(), harness.referrals.worker.tick()]);
    await harness.referrals.worker.tick();
    // Only this referral's escalations (the report's own police notification may be overdue too).
    const escalations = (await harness.store.readStream(`case-${caseId}`)).filter(
      (event) =>
        event.type === 'ReferralEscalated' &&
        (event.data as { referralId: string }).referralId === late.referralId,
    );
    expect(escalations).toHaveLength(1);
    await waitFor(async () =>
      (await inboxOf('provincial_coordinator')).find((node) => node.referralId === late.referralId),
    );
    expect(
      (await inboxOf('provincial_coordinator')).find((node) => node.referralId === late.referralId)
        ?.escalated,
    ).toBe(true);

    // The inspection view of the case: deadlines met or missed, and this unanswered referral.
    const COMPLIANCE = `query C($id: ID!) { case(id: $id) { compliance { deadlines { kind status lateByHours } unansweredReferrals { referralId toAgency escalated } missedDeadlinesRecorded } } }`;
    type Answer = {
      case: {
        compliance: {
          deadlines: Array<{ kind: string; status: string; lateByHours: number | null }>;
          unansweredReferrals: Array<{ referralId: string; toAgency: string; escalated: boolean }>;
        };
      };
    };
    const audit = await harness.ask<Answer>('auditor', COMPLIANCE, { id: caseId });
    expect(audit.errors).toBeUndefined();
    expect(audit.data?.case.compliance.unansweredReferrals).toContainEqual({
      referralId: late.referralId,
      toAgency: 'legal_aid',
      escalated: true,
    });
    expect(
      audit.data?.case.compliance.deadlines.find((deadline) => deadline.kind === 'INITIAL_ASSESSMENT'),
    ).toMatchObject({
      status: 'MET',
      lateByHours: null,
    });
    const overdue =
      audit.data?.case.compliance.deadlines.filter((deadline) => deadline.status === 'OVERDUE') ?? [];
    expect(overdue.every((deadline) => (deadline.lateByHours ?? 0) > 0)).toBe(true);
    const lawyer = await harness.ask('legal_aid_officer', COMPLIANCE, { id: caseId });
    expect(lawyer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
