import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Parser } from '@asyncapi/parser';
import * as contracts from '../../index';
import { EventClass, EventHeaders, PartnerTopics, TopicRef, Topics, allServices, isTopicFamily } from '../../index';
import { buildAsyncApiDocument } from './asyncapi-document';
import { eventFlowSection, eventFlowSectionOf } from './event-flow-diagram';

const ROOT = join(__dirname, '../../../../..');
const REGENERATE = 'stale: run `npx nx run contracts:asyncapi` and commit the result';

interface Operation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  tags: { name: string }[];
  messages: { $ref: string }[];
}
interface Channel {
  address: string;
  messages: Record<string, { $ref: string }>;
}
interface Document {
  channels: Record<string, Channel>;
  operations: Record<string, Operation>;
  components: {
    messages: Record<string, { headers: unknown; payload: { $ref?: string }; bindings: { kafka: { key: unknown } } }>;
    schemas: Record<string, unknown>;
  };
}

const document = buildAsyncApiDocument() as unknown as Document;

function address(topic: TopicRef): string {
  return isTopicFamily(topic) ? `partners.{partnerId}.${topic.kind}.v1` : topic.name;
}

function channelOf(topic: TopicRef): [string, Channel] {
  const found = Object.entries(document.channels).find(([, channel]) => channel.address === address(topic));
  if (!found) throw new Error(`no channel for ${address(topic)}`);
  return found;
}

function servicesOn(topic: TopicRef, action: Operation['action']): string[] {
  const [id] = channelOf(topic);
  return Object.values(document.operations)
    .filter((operation) => operation.action === action && operation.channel.$ref === `#/channels/${id}`)
    .flatMap((operation) => operation.tags.map((tag) => tag.name))
    .sort();
}

const catalogue: TopicRef[] = [...Object.values(Topics), ...Object.values(PartnerTopics)];
const deadLetterTopics: TopicRef[] = allServices().map((service) => service.deadLetterTopic);

describe('the AsyncAPI document of the events', () => {
  it('is committed as the catalogue generates it now', () => {
    const committed: unknown = JSON.parse(readFileSync(join(ROOT, 'libs/contracts/asyncapi.json'), 'utf8'));
    const generated: unknown = JSON.parse(JSON.stringify(document));
    expect(
      isDeepStrictEqual(committed, generated) ? 'up to date' : `libs/contracts/asyncapi.json is ${REGENERATE}`,
    ).toBe('up to date');
  });

  it('is valid AsyncAPI without a single error', async () => {
    const { diagnostics } = await new Parser().parse(JSON.parse(JSON.stringify(document)));
    // Severity 0 is an error; warnings and hints (such as a newer spec version existing) are not.
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 0)).toEqual([]);
  }, 30_000);

  it('has every event class of the contracts as a message on its topic, with its payload schema', () => {
    const eventClasses = Object.values(contracts).filter(
      (value): value is EventClass => typeof value === 'function' && 'eventType' in value,
    );
    expect(eventClasses.length).toBeGreaterThan(0);
    for (const eventClass of eventClasses) {
      const [, channel] = channelOf(eventClass.topic);
      expect(channel.messages[eventClass.eventType]).toEqual({ $ref: `#/components/messages/${eventClass.eventType}` });
      const payload = document.components.messages[eventClass.eventType].payload;
      expect(payload).toEqual({ $ref: `#/components/schemas/${eventClass.eventType}` });
      expect(document.components.schemas[eventClass.eventType]).toMatchObject({ type: 'object' });
    }
  });

  it('has every catalogued topic sent by its producer and received by exactly the services that consume it', () => {
    for (const topic of catalogue) {
      const consumers = allServices()
        .filter((service) => (service.consumes as readonly TopicRef[]).includes(topic))
        .map((service) => service.name)
        .sort();
      expect({
        topic: address(topic),
        senders: servicesOn(topic, 'send'),
        receivers: servicesOn(topic, 'receive'),
      }).toEqual({ topic: address(topic), senders: [topic.producer], receivers: consumers });
    }
  });

  it("has each service's dead-letter topic sent by that service", () => {
    for (const service of allServices()) {
      expect(servicesOn(service.deadLetterTopic, 'send')).toEqual([service.name]);
      expect(Object.keys(channelOf(service.deadLetterTopic)[1].messages)).toEqual(['DeadLetter']);
    }
  });

  it("gives every message its topic's key, and every event the CloudEvents headers with its type", () => {
    for (const topic of catalogue) {
      for (const messageId of Object.keys(channelOf(topic)[1].messages)) {
        const message = document.components.messages[messageId];
        expect(message.bindings.kafka.key).toEqual({ type: 'string', description: topic.key });
        if (deadLetterTopics.includes(topic)) continue;
        expect(message.headers).toEqual({
          type: 'object',
          allOf: [
            { $ref: '#/components/schemas/CloudEventHeaders' },
            {
              properties: {
                [EventHeaders.type]: { const: messageId },
                [EventHeaders.subject]: { description: topic.key },
              },
            },
          ],
        });
      }
    }
    expect(document.components.schemas['CloudEventHeaders']).toMatchObject({
      required: ['ce_id', 'ce_type', 'ce_source', 'ce_time', 'ce_subject', 'ce_specversion'],
      properties: expect.objectContaining({ traceparent: expect.any(Object), 'content-type': expect.any(Object) }),
    });
  });
});

describe('the event-flow diagram in docs/architecture.md', () => {
  it('is the one the catalogue generates now', () => {
    const page = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    expect(
      eventFlowSectionOf(page) === eventFlowSection() ? 'up to date' : `the event flow section is ${REGENERATE}`,
    ).toBe('up to date');
  });

  it('draws every consumed topic from its producer to each consumer, labelled with its events', () => {
    const diagram = eventFlowSection();
    expect(diagram).toContain(
      'warehouseQc -->|"warehouse.inspection.v1<br/>InspectionOpened, InspectionCompleted"| returnsIntake',
    );
    expect(diagram).toContain('outside -->|"partners.{partnerId}.tracking.v1<br/>TrackingReported"| pickupScheduling');
    expect(diagram).not.toMatch(/dead-letter\.v1/);
  });
});
