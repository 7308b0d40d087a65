import { z } from 'zod';
import { command } from './case-commands.ts';
import {
  BirthRegistrationRecorded,
  ChildDataErased,
  ChildRegistered,
  ChildSupportRecorded,
  DuplicateConfirmed,
  DuplicateDismissed,
  SpecialCircumstanceEnded,
  SpecialCircumstanceRecorded,
} from './child-events.ts';
import { Instant, Uuid } from './primitives.ts';

/** The child record's commands (the case service decides them: `decideChild`). */
export const ChildCommand = z.discriminatedUnion('type', [
  command('RegisterChild', ChildRegistered),
  command('RecordBirthRegistration', BirthRegistrationRecorded),
  command('RecordSpecialCircumstance', SpecialCircumstanceRecorded),
  command('EndSpecialCircumstance', SpecialCircumstanceEnded),
  command('RecordChildSupport', ChildSupportRecorded),
  command('LinkToCase', z.object({ caseId: Uuid, linkedAt: Instant })),
  command('ConfirmDuplicate', DuplicateConfirmed),
  command('DismissDuplicate', DuplicateDismissed),
  command('EraseChildData', ChildDataErased),
]);
export type ChildCommand = z.infer<typeof ChildCommand>;
