/**
 * The catalogue seen topic by topic: who writes it, who reads it and which events travel on it. The
 * AsyncAPI document and the event-flow diagram are both drawn from this one view.
 */
import { EventClass } from '../event-payload';
import { CataloguedEvents } from '../events/catalogued-events';
import { allServices } from '../services';
import { PartnerTopics, TopicRef, Topics, isTopicFamily } from '../topics';

/** Written by systems outside Rebound, as the catalogue's `producer` says. */
export const EXTERNAL = 'external';

export interface TopicFlow {
  readonly topic: TopicRef;
  /** Stable identifier of the topic in generated documents (`returnsReturn`, `partnersTracking`). */
  readonly id: string;
  /** The topic name; a family's has `{partnerId}` where the partner id goes. */
  readonly address: string;
  readonly producer: string;
  /** The services whose consumer group reads the topic. */
  readonly consumers: readonly string[];
  readonly events: readonly EventClass[];
  /** Written by the services whose consumers could not process a message; carries no event type of its own. */
  readonly deadLetter: boolean;
}

/** Every topic of the catalogue, fixed topics first, in catalogue order. */
export function topicFlows(): TopicFlow[] {
  const services = allServices();
  const flow = (id: string, topic: TopicRef): TopicFlow => ({
    topic,
    id,
    address: isTopicFamily(topic) ? `partners.{partnerId}.${topic.kind}.v1` : topic.name,
    producer: topic.producer,
    consumers: services.filter((service) => service.consumes.includes(topic)).map((service) => service.name),
    events: CataloguedEvents.filter((eventClass) => eventClass.topic === topic),
    deadLetter: services.some((service) => service.deadLetterTopic === topic),
  });
  return [
    ...Object.entries(Topics).map(([id, topic]) => flow(id, topic)),
    ...Object.entries(PartnerTopics).map(([id, topic]) => flow(`partners${id[0].toUpperCase()}${id.slice(1)}`, topic)),
  ];
}
