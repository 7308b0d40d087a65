import { randomUUID } from 'node:crypto';

/**
 * A Form 01 report as a hotline records it, for tests and benchmarks that need a case to exist: an abused
 * child of phường Quy Nhơn (21583), received an hour ago unless told otherwise, no reporter identity.
 */
export function reportFixture(
  caseId: string,
  overrides: { receivedAt?: string; child?: Record<string, unknown>; narrative?: string } = {},
) {
  return {
    caseId,
    receivedAt: overrides.receivedAt ?? new Date(Date.now() - 3_600_000).toISOString(),
    channel: 'HOTLINE_111',
    incidentCommuneCode: '21583',
    category: 'ABUSED',
    formsOfHarm: ['VIOLENCE'],
    relatives: [],
    child: { childId: randomUUID(), estimatedAge: 9, sex: 'FEMALE', ...overrides.child },
    narrative: overrides.narrative ?? 'Hàng xóm báo trẻ bị đánh.',
    reporter: { consentToRecordIdentity: false },
  };
}
