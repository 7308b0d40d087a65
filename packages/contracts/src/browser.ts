/**
 * What a browser may load of the contracts: the code lists with their Vietnamese labels, the communes, the
 * event catalogue's titles and the commands' schemas, without the store's server-side modules.
 */

export * from './case-commands.ts';
export { ChildOnReport, Reporter, ReportReceived } from './case-events.ts';
export * from './child-commands.ts';
export * from './codes.ts';
export * from './gia-lai-communes.ts';
export { CommuneCode, PersonalIdNumber, ShortText, UnitCode } from './primitives.ts';
export { type EventType, eventDefinitions } from './registry.ts';
export * from './units.ts';
