import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { configurationReference, environments } from '../src/configuration-reference.ts';

describe('the configuration reference', () => {
  it('is the committed docs/reference/configuration.md (regenerate: pnpm --filter @chungtay/topology docs)', async () => {
    const committed = await readFile(
      new URL('../../../docs/reference/configuration.md', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(configurationReference());
  });

  it('describes every variable every process reads', () => {
    for (const [service, environment] of environments)
      for (const [name, schema] of Object.entries(environment.shape))
        expect((schema as { description?: string }).description, `${service} ${name}`).toBeTruthy();
  });
});
