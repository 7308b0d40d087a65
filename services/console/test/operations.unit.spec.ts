import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

/**
 * Every operation the console sends, validated against the gateway's committed schema as the gateway will
 * (a field without its selection, an argument of the wrong type): types alone do not catch all of that.
 */
const schema = buildSchema(readFileSync(new URL('../../gateway/schema.graphql', import.meta.url), 'utf8'));
const source = new URL('../src/', import.meta.url).pathname;

function operations(): Array<{ file: string; text: string }> {
  const files = readdirSync(source, { recursive: true, encoding: 'utf8' }).filter((file) =>
    /\.tsx?$/.test(file),
  );
  return files.flatMap((file) =>
    [...readFileSync(join(source, file), 'utf8').matchAll(/gql\(`([^`]*)`\)/g)].map((match) => ({
      file,
      text: match[1] as string,
    })),
  );
}

describe('the console’s GraphQL operations', () => {
  const found = operations();
  it('are found in the source (the check is not vacuous)', () => {
    expect(found.length).toBeGreaterThanOrEqual(8);
  });
  for (const { file, text } of found) {
    const name = /(query|mutation|subscription)\s+(\w+)/.exec(text)?.[2] ?? 'anonymous';
    it(`${file}: ${name} is valid against schema.graphql`, () => {
      expect(validate(schema, parse(text)).map((error) => error.message)).toEqual([]);
    });
  }
});
