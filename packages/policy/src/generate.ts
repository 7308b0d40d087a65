import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { accessMatrixDocument } from './document.ts';

const target = fileURLToPath(new URL('../../../docs/access-matrix.md', import.meta.url));
await writeFile(target, accessMatrixDocument());
process.stdout.write('wrote docs/access-matrix.md\n');
