import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { configurationReference } from './configuration-reference.ts';

const file = fileURLToPath(new URL('../../../docs/reference/configuration.md', import.meta.url));
await writeFile(file, configurationReference());
process.stdout.write('wrote docs/reference/configuration.md\n');
