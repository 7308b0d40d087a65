import { z } from 'zod';
import { type EventType, eventDefinitions } from './registry.ts';
import { topics } from './topics.ts';

/** One JSON Schema document with every event's data schema, keyed `<Type>.v<version>`. */
export function eventJsonSchemas(): Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  for (const [type, definition] of Object.entries(eventDefinitions)) {
    definitions[`${type}.v${definition.version}`] = {
      ...z.toJSONSchema(definition.schema, { io: 'input', unrepresentable: 'any' }),
      title: type,
      description: `${definition.title} — ${definition.basis}`,
      'x-stream': definition.stream,
      'x-personal-fields': definition.personal,
    };
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: definitions };
}

/** AsyncAPI 3 description of the Kafka topics and the messages on them. */
export function asyncApiDocument(): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  const byStream = (stream: string) =>
    Object.entries(eventDefinitions).filter(([, definition]) => definition.stream === stream);
  for (const [type, definition] of Object.entries(eventDefinitions)) {
    messages[type] = {
      name: type,
      title: definition.title,
      summary: definition.basis,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: {
          'event-id': { type: 'string', format: 'uuid' },
          'event-type': { const: type },
          'schema-version': { const: String(definition.version) },
          traceparent: { type: 'string' },
        },
      },
      payload: { $ref: `./events.schema.json#/$defs/${type}.v${definition.version}` },
    };
  }
  const channel = (topic: (typeof topics)[keyof typeof topics], stream?: string) => ({
    address: topic.name,
    description: `${topic.description} Key: ${topic.key}.`,
    messages: Object.fromEntries(
      (stream ? byStream(stream) : []).map(([type]) => [type, { $ref: `#/components/messages/${type}` }]),
    ),
  });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Chung Tay events',
      version: '1.0.0',
      description:
        'Events published by the relay from the event store to Kafka, one topic per stream category.',
    },
    channels: {
      caseEvents: channel(topics.caseEvents, 'case'),
      childEvents: channel(topics.childEvents, 'child'),
      accessEvents: channel(topics.accessEvents, 'access'),
      caseNumbers: channel(topics.caseNumbers, 'numbering'),
      deadLetter: channel(topics.deadLetter),
    },
    components: { messages },
  };
}

/** The event catalogue people read: docs/reference/events.md. */
export function eventCatalogue(): string {
  const lines = [
    '# Event catalogue',
    '',
    'Generated from `packages/contracts` (`pnpm --filter @chungtay/contracts generate`); a test fails when it drifts.',
    'Personal fields are sealed with their data subject’s key at rest (docs/event-store.md).',
    '',
  ];
  const streamIds = {
    case: 'case-<id>',
    child: 'child-<id>',
    access: 'access-<caseId>',
    numbering: 'numbering-<commune>-<year>',
  };
  for (const [stream, streamId] of Object.entries(streamIds)) {
    lines.push(
      `## Stream \`${streamId}\``,
      '',
      '| event | v | Vietnamese | basis | personal fields (→ subject) |',
    );
    lines.push('| --- | --- | --- | --- | --- |');
    for (const [type, definition] of Object.entries(eventDefinitions) as Array<
      [EventType, (typeof eventDefinitions)[EventType]]
    >) {
      if (definition.stream !== stream) continue;
      const personal = definition.personal
        .map((field) => `\`${field.path}\` → \`${field.subject}\``)
        .join('<br>');
      lines.push(
        `| \`${type}\` | ${definition.version} | ${definition.title} | ${definition.basis} | ${personal || '—'} |`,
      );
    }
    lines.push('');
  }
  lines.push('## Topics', '', '| topic | key | carries |', '| --- | --- | --- |');
  for (const topic of Object.values(topics))
    lines.push(`| \`${topic.name}\` | ${topic.key} | ${topic.description} |`);
  return `${lines.join('\n')}\n`;
}

export const generatedFiles = (): Record<string, string> => ({
  'packages/contracts/generated/events.schema.json': `${JSON.stringify(eventJsonSchemas(), null, 2)}\n`,
  'packages/contracts/generated/asyncapi.json': `${JSON.stringify(asyncApiDocument(), null, 2)}\n`,
  'docs/reference/events.md': eventCatalogue(),
});
