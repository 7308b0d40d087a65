export {
  type Browser,
  type BrowserContext,
  CHROMIUM_PATH,
  isLoopback,
  launchChromium,
  type Page,
} from './browser.ts';
export { createTestDatabase, type TestDatabase } from './databases.ts';
export { type Decider, deciderSpec } from './decider-spec.ts';
export { type KafkaBroker, type KeycloakServer, startKafkaBroker, startKeycloak } from './global-setup.ts';
export { kafkaBrokers, keycloak, keycloakAdminToken, postgresAdminUrl } from './infrastructure.ts';
export { keycloakRefresh, keycloakSignIn, type SignedIn } from './keycloak-sign-in.ts';
export { runToExit } from './processes.ts';
export { reportFixture } from './report-fixture.ts';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
export { uniqueName, waitFor } from './wait.ts';
