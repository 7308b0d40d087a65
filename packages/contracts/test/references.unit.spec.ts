import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventDefinitions, eventJsonSchemas, generatedFiles } from '../src/index.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('generated references', () => {
  it.each(Object.keys(generatedFiles()))(
    '%s matches the contracts (run `pnpm --filter @chungtay/contracts generate`)',
    async (path) => {
      const committed = await readFile(join(root, path), 'utf8');
      expect(committed).toBe(generatedFiles()[path]);
    },
  );
});

type JsonSchema = {
  personal?: boolean;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/** Every path whose schema is marked personal, with `[]` for array elements. */
function personalPaths(schema: JsonSchema, path = ''): string[] {
  if (schema.personal) return [path];
  const found: string[] = [];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    found.push(...personalPaths(property, path ? `${path}.${key}` : key));
  }
  if (schema.items) found.push(...personalPaths(schema.items, `${path}[]`));
  for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])])
    found.push(...personalPaths(variant, path));
  return found;
}

describe('personal data declarations', () => {
  const schemas = eventJsonSchemas().$defs as Record<string, JsonSchema>;

  it.each(Object.entries(eventDefinitions))(
    '%s: every personal() field is sealed, and only those',
    (type, definition) => {
      const marked = new Set(personalPaths(schemas[`${type}.v${definition.version}`] as JsonSchema));
      const declared = new Set(definition.personal.map((field) => field.path));
      expect(declared).toEqual(marked);
    },
  );

  it.each(Object.entries(eventDefinitions))(
    '%s: every subject field exists and is a uuid',
    (type, definition) => {
      const schema = schemas[`${type}.v${definition.version}`] as JsonSchema;
      for (const field of definition.personal) {
        let node: JsonSchema | undefined = schema;
        for (const part of field.subject.split('.')) {
          const key = part.replace('[]', '');
          const candidates: JsonSchema[] = node ? [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])] : [];
          node = candidates.map((candidate) => candidate.properties?.[key]).find(Boolean);
          if (part.endsWith('[]')) node = node?.items;
        }
        expect(node, `${type}: subject ${field.subject}`).toMatchObject({ format: 'uuid' });
      }
    },
  );
});
