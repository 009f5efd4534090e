/**
 * The AsyncAPI 3.0 document of Rebound's events — the event-driven counterpart of the services'
 * OpenAPI files — built from the topic and service catalogues and the payload classes, so it says
 * exactly what the code publishes, consumes and validates. `nx run contracts:asyncapi` writes it.
 */
import { CE_SPEC_VERSION, EventHeaders, JSON_CONTENT_TYPE } from '../envelope';
import { EventClass } from '../event-payload';
import { PARTNER_ID_PATTERN, isTopicFamily } from '../topics';
import { PayloadSchemas, JsonSchema } from './payload-schemas';
import { EXTERNAL, TopicFlow, topicFlows } from './topic-flows';

export type AsyncApiDocument = { readonly [field: string]: unknown };

const SCHEMAS = '#/components/schemas/';
const MESSAGES = '#/components/messages/';
const KAFKA_BINDING_VERSION = '0.5.0';
const DEAD_LETTER_MESSAGE = 'DeadLetter';
const CLOUD_EVENT_HEADERS = 'CloudEventHeaders';

const cloudEventHeaders: JsonSchema = {
  type: 'object',
  description: 'CloudEvents 1.0 attributes in Kafka binary content mode: every event carries them as headers.',
  properties: {
    [EventHeaders.id]: {
      type: 'string',
      format: 'uuid',
      description: 'Unique per event; consumers deduplicate on it.',
    },
    [EventHeaders.type]: { type: 'string', description: 'The event type: the payload class, a past-tense fact.' },
    [EventHeaders.source]: {
      type: 'string',
      description: 'URI reference of the producer, e.g. `/rebound/returns-intake`.',
    },
    [EventHeaders.time]: { type: 'string', format: 'date-time', description: 'When the fact happened (RFC 3339).' },
    [EventHeaders.subject]: { type: 'string', description: 'The entity the event is about; also the Kafka key.' },
    [EventHeaders.specversion]: { type: 'string', const: CE_SPEC_VERSION },
    [EventHeaders.contentType]: { type: 'string', const: JSON_CONTENT_TYPE },
    [EventHeaders.traceparent]: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description: 'W3C trace context of the request that caused the event, when there was one.',
    },
  },
  required: [
    EventHeaders.id,
    EventHeaders.type,
    EventHeaders.source,
    EventHeaders.time,
    EventHeaders.subject,
    EventHeaders.specversion,
  ],
};

const kafkaKey = (description: string): JsonSchema => ({ type: 'string', description });

export function buildAsyncApiDocument(): AsyncApiDocument {
  const flows = topicFlows();
  const schemas = new PayloadSchemas(SCHEMAS);
  const messages: Record<string, unknown> = {};
  for (const flow of flows) {
    for (const eventClass of flow.events) messages[eventClass.eventType] = eventMessage(eventClass, flow, schemas);
    if (flow.deadLetter) messages[DEAD_LETTER_MESSAGE] = deadLetterMessage(flow.topic.key);
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Rebound events',
      version: '1.0.0',
      description:
        'Every Kafka topic of the Rebound returns backend, who publishes and who consumes it, and every event on it. ' +
        'Generated from `libs/contracts` by `npx nx run contracts:asyncapi`; guarantees are described in docs/messaging.md.',
    },
    defaultContentType: JSON_CONTENT_TYPE,
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: "The local stack's broker: SASL_PLAINTEXT, SCRAM-SHA-512, one user per service.",
        security: [{ $ref: '#/components/securitySchemes/scram' }],
      },
      cluster: {
        host: '{bootstrap}',
        protocol: 'kafka-secure',
        description: 'A deployed cluster: SASL_SSL, SCRAM-SHA-512, one user per service.',
        variables: { bootstrap: { description: 'The bootstrap servers, `host:port`.' } },
        security: [{ $ref: '#/components/securitySchemes/scram' }],
      },
    },
    channels: Object.fromEntries(flows.map((flow) => [flow.id, channel(flow)])),
    operations: Object.fromEntries(flows.flatMap(operations)),
    components: {
      schemas: { [CLOUD_EVENT_HEADERS]: cloudEventHeaders, ...schemas.all() },
      messages,
      securitySchemes: {
        scram: { type: 'scramSha512', description: 'Each service logs in as its own user; ACLs follow the catalogue.' },
      },
    },
  };
}

function messageIds(flow: TopicFlow): string[] {
  return flow.deadLetter ? [DEAD_LETTER_MESSAGE] : flow.events.map((eventClass) => eventClass.eventType);
}

function channel(flow: TopicFlow): JsonSchema {
  return {
    address: flow.address,
    title: flow.address,
    description: flow.topic.description,
    ...(isTopicFamily(flow.topic)
      ? { parameters: { partnerId: { description: `The partner's id, matching ${PARTNER_ID_PATTERN.source}.` } } }
      : {}),
    messages: Object.fromEntries(messageIds(flow).map((id) => [id, { $ref: `${MESSAGES}${id}` }])),
    bindings: {
      kafka: {
        topicConfiguration: { 'cleanup.policy': [flow.topic.cleanupPolicy] },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function operations(flow: TopicFlow): [string, JsonSchema][] {
  const messages = messageIds(flow).map((id) => ({ $ref: `#/channels/${flow.id}/messages/${id}` }));
  const operation = (action: 'send' | 'receive', service: string, summary: string): [string, JsonSchema] => [
    `${service}.${action}.${flow.id}`,
    { action, channel: { $ref: `#/channels/${flow.id}` }, summary, tags: [{ name: service }], messages },
  ];
  const sender =
    flow.producer === EXTERNAL
      ? `Published by a system outside Rebound.`
      : flow.deadLetter
        ? `${flow.producer} writes what its consumers could not process.`
        : `${flow.producer} publishes through its outbox.`;
  return [
    operation('send', flow.producer, sender),
    ...flow.consumers.map((consumer) =>
      operation('receive', consumer, `${consumer} consumes in its consumer group \`${consumer}.main\`.`),
    ),
  ];
}

function eventMessage(eventClass: EventClass, flow: TopicFlow, schemas: PayloadSchemas): JsonSchema {
  return {
    name: eventClass.eventType,
    title: eventClass.eventType,
    summary: `${eventClass.eventType} on ${flow.address}.`,
    contentType: JSON_CONTENT_TYPE,
    headers: {
      type: 'object',
      allOf: [
        { $ref: `${SCHEMAS}${CLOUD_EVENT_HEADERS}` },
        {
          properties: {
            [EventHeaders.type]: { const: eventClass.eventType },
            [EventHeaders.subject]: { description: flow.topic.key },
          },
        },
      ],
    },
    payload: schemas.refTo(eventClass),
    bindings: { kafka: { key: kafkaKey(flow.topic.key), bindingVersion: KAFKA_BINDING_VERSION } },
  };
}

/** One message for every dead-letter topic: they all carry whatever their service failed on. */
function deadLetterMessage(key: string): JsonSchema {
  return {
    name: DEAD_LETTER_MESSAGE,
    title: 'Dead letter',
    summary: 'A message a consumer could not process, kept with its key, value and headers.',
    description:
      'The original headers stay, and libs/messaging adds `dlt-*` headers: the original topic, partition and offset, ' +
      'the consumer group, the error class, message and kind (`permanent` or `exhausted`), the attempts and when it ' +
      'failed (docs/messaging.md, Errors). `scripts/dlt` lists and replays them.',
    contentType: JSON_CONTENT_TYPE,
    headers: {
      type: 'object',
      description: 'The original headers (incomplete when they were what failed to decode) and the `dlt-*` headers.',
    },
    payload: { description: 'The original value, unchanged; it may be what could not be decoded.' },
    bindings: { kafka: { key: kafkaKey(key), bindingVersion: KAFKA_BINDING_VERSION } },
  };
}
