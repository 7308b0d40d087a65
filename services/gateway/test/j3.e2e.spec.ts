import { randomUUID } from 'node:crypto';
import { waitFor } from '@chungtay/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './harness.ts';
import { at, sampleTimeline } from './timeline-samples.ts';

/** A provincial hospital: it serves no commune, so a referral reaches it only by its name (decision 0044). */
const HOSPITAL = 'Bệnh viện Đa khoa tỉnh Gia Lai';

/**
 * J3 end to end on the real broker and PostgreSQL: the relay publishes the store to Kafka, and the gateway's
 * inbox and the referral service's read model consume from it.
 */
let harness: GatewayHarness;

const ISSUE = `mutation Issue($caseId: ID!, $referral: IssueReferralInput!) { issueReferral(caseId: $caseId, referral: $referral) { id } }`;
const ACT = `mutation Act($caseId: ID!, $referralId: ID!, $action: ReferralAction!, $data: JSON) { referralAction(caseId: $caseId, referralId: $referralId, action: $action, data: $data) { id events } }`;
const AGENCY = `mutation Agency($service: AgencyService!, $caseId: ID!, $type: String!, $data: JSON!) { agencyCommand(service: $service, caseId: $caseId, type: $type, data: $data) { events } }`;
const INBOX = `{ referralInbox(first: 50) { edges { node { referralId caseId status heldBy } } } }`;
const TIMELINE = `query Timeline($id: ID!) { case(id: $id) { timeline(first: 100) { edges { node { type visibility data } } } } }`;

type Inbox = {
  referralInbox: { edges: Array<{ node: { referralId: string; status: string; heldBy: string | null } }> };
};
type Timeline = {
  case: {
    timeline: {
      edges: Array<{ node: { type: string; visibility: string; data: Record<string, unknown> | null } }>;
    };
  } | null;
};

beforeAll(async () => {
  harness = await startGatewayHarness('gateway_j3_kafka', { transport: 'kafka' });
});
afterAll(async () => {
  await harness?.close();
});

describe('J3 on Kafka', () => {
  it('issued → in the legal-aid inbox → two officers race → one wins → completed → the commune sees the outcome; the school never sees findings', async () => {
    const caseId = randomUUID();
    await harness.record(caseId, sampleTimeline(caseId).slice(0, 3));
    const legal = {
      referralId: randomUUID(),
      toAgency: 'legal_aid',
      reason: 'Gia đình cần trợ giúp pháp lý.',
      urgency: 'URGENT',
      dueAt: at('2026-03-04T17:00:00'),
      sharingBasis: 'CONSENT',
    };
    const health = {
      ...legal,
      referralId: randomUUID(),
      toAgency: 'health',
      toUnit: HOSPITAL,
      reason: 'Khám sức khỏe.',
    };
    const school = {
      ...legal,
      referralId: randomUUID(),
      toAgency: 'education',
      reason: 'Theo dõi tại trường.',
    };
    for (const referral of [legal, health, school])
      expect((await harness.ask('commune_officer', ISSUE, { caseId, referral })).errors).toBeUndefined();

    // Through the relay and Kafka into the gateway's inbox.
    const inLegalAidInbox = async () =>
      (await harness.ask<Inbox>('legal_aid_officer', INBOX)).data?.referralInbox.edges.find(
        (edge) => edge.node.referralId === legal.referralId,
      )?.node;
    expect(
      await waitFor(inLegalAidInbox, { timeoutMs: 60_000, what: 'the referral in the legal-aid inbox' }),
    ).toMatchObject({
      status: 'OFFERED',
      heldBy: null,
    });

    // The legal-aid service's own inbox, in its own schema, fed from Kafka too; other agencies may not read it.
    const lawyerToken = await harness.token('legal_aid_officer');
    const ownInbox = async (token: string) =>
      fetch(`${harness.agencyServiceUrls['legal-aid']}/inbox`, {
        headers: { authorization: `Bearer ${token}` },
      });
    const listed = await waitFor(
      async () => {
        const body = (await (await ownInbox(lawyerToken)).json()) as {
          referrals: Array<{ referralId: string; status: string }>;
        };
        return body.referrals.find((entry) => entry.referralId === legal.referralId);
      },
      { timeoutMs: 60_000, what: 'the referral in the legal-aid service inbox' },
    );
    expect(listed).toMatchObject({ status: 'OFFERED' });
    expect((await ownInbox(await harness.token('health_worker'))).status).toBe(403);

    const tokens = await Promise.all(
      ['lawyer-giang', 'lawyer-ha'].map((sub) =>
        harness.issuer.mint({ sub, agency: 'legal_aid', role: 'legal_aid_officer', communes: [] }),
      ),
    );
    const results = await Promise.all(
      tokens.map((token) =>
        harness.ask({ token }, ACT, { caseId, referralId: legal.referralId, action: 'claim' }),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    const loser = results.find((result) => result.errors);
    const winnerIndex = results.findIndex((result) => !result.errors);
    const winner = ['lawyer-giang', 'lawyer-ha'][winnerIndex] as string;
    expect(loser?.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', heldBy: winner });
    const winnerToken = tokens[winnerIndex] as string;
    expect(
      (
        await harness.ask({ token: winnerToken }, ACT, {
          caseId,
          referralId: legal.referralId,
          action: 'accept',
        })
      ).errors,
    ).toBeUndefined();
    const closed = await harness.ask({ token: winnerToken }, AGENCY, {
      service: 'LEGAL_AID',
      caseId,
      type: 'CloseLegalAid',
      data: {
        referralId: legal.referralId,
        outcome: 'RIGHTS_PROTECTED',
        summary: 'Đã hỗ trợ gia đình làm đơn.',
      },
    });
    expect(closed.data).toEqual({ agencyCommand: { events: ['LegalAidClosed', 'ReferralCompleted'] } });

    // Health examines the child; its findings stay confidential.
    const doctor = await harness.issuer.mint({
      sub: 'doctor-khoa',
      agency: 'health',
      role: 'health_worker',
      unit: HOSPITAL,
      communes: [],
    });
    for (const action of ['claim', 'accept'])
      await harness.ask({ token: doctor }, ACT, { caseId, referralId: health.referralId, action });
    expect(
      (
        await harness.ask({ token: doctor }, AGENCY, {
          service: 'MEDICAL',
          caseId,
          type: 'RecordExamination',
          data: {
            examinationId: randomUUID(),
            examinedAt: at('2026-03-02T11:30:00'),
            facility: 'Trạm y tế phường',
            careNeeded: 'OUTPATIENT',
            findings: 'Vết thương phần mềm ở đầu.',
          },
        })
      ).errors,
    ).toBeUndefined();

    // The inbox learns the outcome through Kafka too.
    await waitFor(async () => ((await inLegalAidInbox())?.status === 'COMPLETED' ? true : undefined), {
      timeoutMs: 60_000,
    });

    const commune = await harness.ask<Timeline>('commune_officer', TIMELINE, { id: caseId });
    const types = commune.data?.case?.timeline.edges.map((edge) => edge.node) ?? [];
    expect(types.find((node) => node.type === 'ReferralCompleted')?.data).toMatchObject({
      summary: 'Đã hỗ trợ gia đình làm đơn.',
    });
    const schoolView = JSON.stringify(
      await harness.ask<Timeline>('school_safety_officer', TIMELINE, { id: caseId }),
    );
    expect(schoolView).toContain('MedicalExaminationRecorded');
    expect(schoolView).not.toContain('Vết thương');
    expect(schoolView).not.toContain('Đã hỗ trợ gia đình');
  });
});
