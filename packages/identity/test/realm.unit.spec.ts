import { readFile } from 'node:fs/promises';
import { Roles } from '@chungtay/contracts';
import { describe, expect, it } from 'vitest';
import { CLI_CLIENT, CONSOLE_CLIENT, chungtayRealm, realmFile, realmReference } from '../src/index.ts';

/** The realm Keycloak imports is the one the code generates, and holds the contracts' roles (issue 21, item 2). */
describe('the realm file', () => {
  it('is what the code generates (run `pnpm --filter @chungtay/identity realm` after a change)', async () => {
    const committed = await readFile(
      new URL('../../../infra/keycloak/chungtay-realm.json', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(realmFile());
    const reference = await readFile(new URL('../../../docs/reference/realm.md', import.meta.url), 'utf8');
    expect(reference).toBe(realmReference());
  });

  it('has exactly the nine roles of the contracts, and the two clients', () => {
    const realm = chungtayRealm();
    expect(realm.roles.realm.map((role) => role.name)).toEqual([...Roles.codes]);
    expect(realm.roles.realm.map((role) => role.description)).toEqual(
      Roles.codes.map((role) => Roles.labels[role]),
    );
    expect(realm.clients.map((client) => client.clientId)).toEqual([CONSOLE_CLIENT, CLI_CLIENT]);
  });

  it('gives the console no password grant and no implicit flow, only the code flow with PKCE', () => {
    const console = chungtayRealm().clients.find((client) => client.clientId === CONSOLE_CLIENT);
    expect(console).toMatchObject({
      publicClient: true,
      directAccessGrantsEnabled: false,
      implicitFlowEnabled: false,
      attributes: { 'pkce.code.challenge.method': 'S256' },
    });
  });
});
