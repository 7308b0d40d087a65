import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@chungtay/contracts';
import type { Actor } from '@chungtay/event-store';
import type { CaseStreamDecider } from '../src/case-stream-writer.ts';

/** A case in Quy Nhơn with a report, the writers of its events, and a fold/decide harness for any agency decider. */
export const QUY_NHON = '21583';
export const now = new Date('2026-03-10T09:00:00+07:00');
export const childId = randomUUID();
export const actor = (
  role: string,
  agency: Actor['agency'],
  userId = `${role}-1`,
  communeCode?: string,
): Actor => ({
  userId,
  agency,
  role,
  ...(communeCode ? { communeCode } : {}),
});
export const officer = actor('commune_officer', 'commune', 'officer-1', QUY_NHON);

export const reported: CaseEvent = {
  type: 'ReportReceived',
  data: {
    caseId: randomUUID(),
    receivedAt: '2026-03-02T08:00:00+07:00',
    channel: 'HOTLINE_111',
    receivingAgency: 'commune',
    incidentCommuneCode: QUY_NHON,
    category: 'ABUSED',
    formsOfHarm: ['VIOLENCE'],
    child: { childId, fullName: 'Đinh Văn Khánh', estimatedAge: 12, sex: 'MALE' },
    relatives: [],
    narrative: 'Trẻ bị đánh ở trường.',
    reporter: { consentToRecordIdentity: false },
  },
} as CaseEvent;

export const referralTo = (
  toAgency: 'legal_aid' | 'health' | 'education',
  referralId = randomUUID(),
): CaseEvent =>
  ({
    type: 'ReferralIssued',
    data: {
      referralId,
      childId,
      issuedAt: '2026-03-03T09:00:00+07:00',
      toAgency,
      reason: 'Chuyển gửi',
      urgency: 'URGENT',
      dueAt: '2026-03-05T17:00:00+07:00',
      sharingBasis: 'CONSENT',
      source: 'OFFICER',
    },
  }) as CaseEvent;

/** Folds events (each with its writer) and decides with the given decider. */
export function agencySpec<Command, State>(decider: CaseStreamDecider<Command, State>) {
  const given = (...steps: Array<[CaseEvent, Actor]>) =>
    steps.reduce((state, [event, writer]) => decider.evolve(state, event, writer), decider.initial());
  const decide = (state: State, command: Command, by: Actor, at = now) =>
    decider.decide(command, state, { now: at, actor: by });
  const step = (state: State, command: Command, by: Actor) =>
    decide(state, command, by).reduce((next, event) => decider.evolve(next, event, by), state);
  return { given, decide, step };
}
