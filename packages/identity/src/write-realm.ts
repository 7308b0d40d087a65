import { writeFile } from 'node:fs/promises';
import { realmFile, realmReference } from './realm.ts';

/** Writes the realm Keycloak imports; `test/realm.unit.spec.ts` fails when the committed file drifts. */
export const realmPath = new URL('../../../infra/keycloak/chungtay-realm.json', import.meta.url);

export const referencePath = new URL('../../../docs/reference/realm.md', import.meta.url);

await writeFile(realmPath, realmFile());
await writeFile(referencePath, realmReference());
process.stdout.write('wrote infra/keycloak/chungtay-realm.json and docs/reference/realm.md\n');
