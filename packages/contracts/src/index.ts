export * from './access-events.ts';
export * from './case-events.ts';
export * from './child-events.ts';
export * from './codes.ts';
export { checkPersonalIdNumber, type PersonalIdProblem } from './personal-id.ts';
export * from './primitives.ts';
export { asyncApiDocument, eventCatalogue, eventJsonSchemas, generatedFiles } from './references.ts';
export * from './registry.ts';
export { topics } from './topics.ts';
