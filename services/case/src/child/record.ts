import type { ChildEvent } from '@chungtay/contracts';

/** The child's identity as recorded and corrected: personal, and read as erased once the child is. */
export interface ChildDetails {
  readonly fullName?: unknown;
  readonly birthDate?: unknown;
  readonly estimatedBirthYear?: number;
  readonly ethnicity?: unknown;
  readonly personalIdNumber?: unknown;
}

export interface ChildSupport {
  readonly kind: string;
  readonly provider: string;
  readonly recordedAt: string;
}

export interface ChildDuplicate {
  readonly childId: string;
  readonly reason: string;
  readonly flaggedAt: string;
  /** POSSIBLE until a person confirms or dismisses it. */
  readonly status: 'POSSIBLE' | 'CONFIRMED' | 'DISMISSED';
  readonly decidedAt?: string;
}

/** What the record's page shows beyond its state: who the child is, the support given, the duplicates' story. */
export interface ChildRecordView {
  readonly registeredAt?: string;
  readonly details: ChildDetails;
  readonly support: readonly ChildSupport[];
  readonly duplicates: readonly ChildDuplicate[];
}

const defined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as Partial<T>;

/** Folds the record's events (opened) into its page; the state (`evolveChild`) stays what deciding needs. */
export function childRecordOf(
  events: ReadonlyArray<{ readonly type: string; readonly data: unknown }>,
): ChildRecordView {
  let view: ChildRecordView = { details: {}, support: [], duplicates: [] };
  const decide = (otherChildId: string, status: ChildDuplicate['status'], decidedAt: string) => ({
    ...view,
    duplicates: view.duplicates.map((duplicate) =>
      duplicate.childId === otherChildId && duplicate.status === 'POSSIBLE'
        ? { ...duplicate, status, decidedAt }
        : duplicate,
    ),
  });
  // The stream holds child events only, each checked against its schema when it was appended.
  for (const event of events as readonly ChildEvent[]) {
    switch (event.type) {
      case 'ChildRegistered': {
        const { fullName, birthDate, estimatedBirthYear, ethnicity, personalIdNumber } = event.data;
        view = {
          ...view,
          registeredAt: event.data.registeredAt,
          details: defined({ fullName, birthDate, estimatedBirthYear, ethnicity, personalIdNumber }),
        };
        break;
      }
      case 'ChildDetailsCorrected': {
        const { fullName, birthDate, ethnicity, personalIdNumber } = event.data;
        view = {
          ...view,
          details: { ...view.details, ...defined({ fullName, birthDate, ethnicity, personalIdNumber }) },
        };
        break;
      }
      case 'ChildSupportRecorded':
        view = { ...view, support: [...view.support, event.data] };
        break;
      case 'PossibleDuplicateFlagged':
        view = {
          ...view,
          duplicates: [
            ...view.duplicates,
            {
              childId: event.data.otherChildId,
              reason: event.data.reason,
              flaggedAt: event.data.flaggedAt,
              status: 'POSSIBLE',
            },
          ],
        };
        break;
      case 'DuplicateConfirmed':
        view = decide(event.data.otherChildId, 'CONFIRMED', event.data.confirmedAt);
        break;
      case 'DuplicateDismissed':
        view = decide(event.data.otherChildId, 'DISMISSED', event.data.dismissedAt);
        break;
      default:
        break;
    }
  }
  return view;
}
