/**
 * `@rebound/messaging/testing`: what service tests need from both this library and @rebound/testing —
 * fuzzing the events a running application handles (`handledEventClasses`). It lives outside `src`
 * because @rebound/testing cannot import messaging (messaging's own tests use it, and Nx refuses the
 * cycle).
 */
import type { INestApplicationContext } from '@nestjs/common';
import {
  isTopicFamily,
  validatePlain,
  type EventClass,
  type ServiceDefinition,
  type TopicRef,
} from '@rebound/contracts';
import { fuzzEvents, type FuzzReport } from '@rebound/testing';
import { physicalTopic } from '@rebound/kafka';
import { handledEventClasses } from '../src/nest/messaging.module';

export * from './namespaced-users';
export * from './service-schema';

/** A valid payload for each event type a service handles, to make hostile (see `fuzzEvents`). */
export type EventSamples = ReadonlyMap<EventClass, object>;

export interface ConsumedEventsFuzz {
  readonly namespace: string;
  readonly service: ServiceDefinition;
  readonly samples: EventSamples;
  /** The `ce_subject` of every message. */
  readonly subject: string;
  /** The partner whose topic stands for a family of per-partner topics. */
  readonly partnerId?: string;
  readonly perTopic: number;
  readonly seed: number;
}

/**
 * Fuzzes every topic the running application consumes (see `fuzzEvents`), for every event type its
 * handlers apply; an event type without a sample fails, so a new handler is fuzzed the day it lands.
 * First, the topics its handlers read must be exactly those its catalogue entry says it consumes
 * (which its Kafka ACLs are generated from): the running application is the proof, not its source.
 */
export async function fuzzConsumedEvents(app: INestApplicationContext, fuzz: ConsumedEventsFuzz): Promise<FuzzReport> {
  const handled = handledEventClasses(app);
  const handledTopics = new Set(handled.map((eventClass) => eventClass.topic));
  const undeclared = [...handledTopics].filter((topic) => !fuzz.service.consumes.includes(topic));
  const unhandled = fuzz.service.consumes.filter((topic) => !handledTopics.has(topic));
  if (undeclared.length > 0 || unhandled.length > 0) {
    throw new Error(
      `${fuzz.service.name}'s handlers and its catalogue entry (libs/contracts services.ts) disagree: ` +
        `handled but not in \`consumes\`: [${undeclared.map(topicName).join(', ')}]; ` +
        `in \`consumes\` but handled by nothing: [${unhandled.map(topicName).join(', ')}]`,
    );
  }
  const unsampled = handled.filter((eventClass) => !fuzz.samples.has(eventClass));
  if (unsampled.length > 0) {
    throw new Error(`no fuzz sample for ${unsampled.map((eventClass) => eventClass.eventType).join(', ')}`);
  }
  // A field the event does not declare would be dropped, and its hostile versions with it.
  for (const eventClass of handled) {
    const sample = validatePlain(eventClass, fuzz.samples.get(eventClass), { unknownFields: 'reject' });
    if (!sample.valid)
      throw new Error(`the fuzz sample of ${eventClass.eventType} is invalid: ${JSON.stringify(sample.violations)}`);
  }
  const physical = (logical: string) => physicalTopic(fuzz.namespace, logical);
  return fuzzEvents({
    events: handled.map((eventClass) => {
      const topic = eventClass.topic;
      if (isTopicFamily(topic) && !fuzz.partnerId) throw new Error(`${eventClass.eventType} needs a partnerId to fuzz`);
      return {
        topic: physical(isTopicFamily(topic) ? topic.nameFor(fuzz.partnerId ?? '') : topic.name),
        eventClass,
        data: fuzz.samples.get(eventClass) ?? {},
        subject: fuzz.subject,
      };
    }),
    deadLetterTopic: physical(fuzz.service.deadLetterTopic.name),
    perTopic: fuzz.perTopic,
    seed: fuzz.seed,
  });
}

function topicName(topic: TopicRef): string {
  return isTopicFamily(topic) ? topic.nameFor('{partnerId}') : topic.name;
}
