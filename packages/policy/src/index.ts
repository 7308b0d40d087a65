export { accessMatrixDocument } from './document.ts';
export {
  accessTo,
  type CaseFacts,
  type CaseScope,
  canSeeCase,
  caseScopeOf,
  concerns,
  handedOverBy,
  type LensedEvent,
  type LensOptions,
  lens,
  MASKED,
  partyOf,
  REDACTED,
  type Reader,
} from './lens.ts';
export { type Access, type Category, categories, eventContent, matrix } from './matrix.ts';
