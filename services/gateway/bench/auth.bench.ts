/**
 * What verifying a real provider's token costs the gateway (issue 21):
 *   RESULT auth.verify  the trivial query `{ viewer { role } }` with a Keycloak-signed token, beside the same
 *                       with the embedded issuer's, 50 concurrent clients from another process.
 * Both verify a signature with a cached key (Keycloak's JWKS is fetched once), so the ratio should be ~1.0.
 * It starts its own Keycloak (infra/keycloak/keycloak.sh, Temurin 21+). BENCH_SCALE=0.2 shortens the runs.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { AUDIENCE, CONSOLE_CLIENT, KeycloakDirectory, REALM } from '@chungtay/identity';
import { tokenVerifier } from '@chungtay/service-kit';
import { keycloakSignIn, startKeycloak } from '@chungtay/testing';
import { startGatewayHarness } from '../test/harness.ts';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const SECONDS = Math.max(3, Math.round(10 * scale));
const CONNECTIONS = 50;
const out = (line: string) => process.stdout.write(`${line}\n`);

const keycloak = await startKeycloak();
const harness = await startGatewayHarness('bench_auth');
try {
  const issuer = `${keycloak.url}/realms/${REALM}`;
  const username = `bench.${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  await new KeycloakDirectory(keycloak.url, keycloak.cliSecret).add(
    { username, role: 'commune_officer', unit: 'ubnd-21583', communes: ['21583'] },
    password,
  );
  const signedIn = await keycloakSignIn({
    issuer,
    clientId: CONSOLE_CLIENT,
    redirectUri: 'http://127.0.0.1:4000/',
    username,
    password,
  });
  const keycloakGateway = await harness.gatewayWith({
    verifier: tokenVerifier({
      issuer,
      audience: AUDIENCE,
      jwksUrl: `${issuer}/protocol/openid-connect/certs`,
    }),
  });

  const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  /** Load from another process, so the server's CPU is measured, not the client's. */
  const load = async (url: string, token: string) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        autocannon,
        ...['-c', String(CONNECTIONS), '-d', String(SECONDS), '-m', 'POST'],
        ...['-H', 'content-type=application/json', '-H', `authorization=Bearer ${token}`],
        ...['-b', JSON.stringify({ query: '{ viewer { role } }' }), '--json', `${url}/graphql`],
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const result = JSON.parse(stdout) as {
      requests: { average: number };
      latency: { p99: number };
      non2xx: number;
      errors: number;
    };
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
    return result;
  };

  const embeddedToken = await harness.token('commune_officer');
  await load(harness.url, embeddedToken); // warm-up of both paths (and of Keycloak's keys in the verifier)
  await load(keycloakGateway, signedIn.accessToken);
  const embedded = await load(harness.url, embeddedToken);
  const real = await load(keycloakGateway, signedIn.accessToken);
  out(
    `RESULT auth.verify req_per_s=${Math.round(real.requests.average)} p99_ms=${real.latency.p99} embedded_req_per_s=${Math.round(embedded.requests.average)} embedded_p99_ms=${embedded.latency.p99} ratio=${(real.requests.average / embedded.requests.average).toFixed(2)} clients=${CONNECTIONS}`,
  );
} finally {
  await harness.close();
  await keycloak.stop();
}
