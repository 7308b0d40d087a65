/** Where the tests find the real infrastructure. Nothing here is optional: a missing piece fails loudly. */
export const postgresAdminUrl = (): string =>
  process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const kafkaBrokers = (): string[] => {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set: the vitest global setup starts a broker (infra/kafka/kafka.sh); run the tests through `pnpm test`',
    );
  }
  return brokers.split(',').map((broker) => broker.trim());
};

/** The run's Keycloak (started by the vitest global setup): its URL, the admin's password, the CLI's secret. */
export const keycloak = (): { url: string; adminPassword: string; cliSecret: string } => {
  const {
    KEYCLOAK_URL: url,
    KEYCLOAK_ADMIN_PASSWORD: adminPassword,
    KEYCLOAK_CLI_SECRET: cliSecret,
  } = process.env;
  if (!url || !adminPassword || !cliSecret) {
    throw new Error(
      'KEYCLOAK_URL is not set: the vitest global setup starts Keycloak (infra/keycloak/keycloak.sh); run the tests through `pnpm test`',
    );
  }
  return { url, adminPassword, cliSecret };
};

/** A token of the run's Keycloak admin (realm `master`), for tests that set Keycloak up as its operator would. */
export async function keycloakAdminToken(): Promise<string> {
  const { url, adminPassword } = keycloak();
  const response = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: 'admin',
      password: adminPassword,
    }),
  });
  if (!response.ok) throw new Error(`Keycloak refused its admin (${response.status})`);
  return ((await response.json()) as { access_token: string }).access_token;
}
