export { KeycloakDirectory, type StaffMember } from './admin.ts';
export {
  ACCESS_TOKEN_SECONDS,
  AUDIENCE,
  CLI_CLIENT,
  CONSOLE_CLIENT,
  chungtayRealm,
  REALM,
  realmFile,
  realmReference,
} from './realm.ts';
export {
  MoveRow,
  parseRoster,
  parseRosterRows,
  ROSTER_COLUMNS,
  type RosterProblem,
  StaffRow,
  Username,
} from './roster.ts';
