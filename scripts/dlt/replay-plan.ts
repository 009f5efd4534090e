/**
 * Which dead letters a replay sends, and what it sends for each — decided in full before anything is
 * sent: a dead letter that cannot be found, or cannot go back, refuses the whole replay.
 */
import { IncomingMessage, OutgoingMessage } from '@rebound/kafka';
import { EventHeaders, headerText } from '@rebound/contracts';
import { DeadLetterHeaders, replayMessage } from '@rebound/messaging';
import { DeadLetterCoordinates, ReplaySelection } from './dlt-options';
import { TopicContents, byCoordinates } from './topic-reader';

export interface PlannedReplay {
  readonly deadLetter: IncomingMessage;
  readonly replay: OutgoingMessage;
}

export class ReplayRefusedError extends Error {
  override readonly name = 'ReplayRefusedError';

  constructor(readonly problems: readonly string[]) {
    super(`nothing replayed:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * By coordinates: exactly those dead letters. By event id, and `all`: the latest dead letter of each
 * event per consumer group — an event whose replay failed again is in the topic twice, and one more
 * try is enough. `existingTopics`: a replay to a topic that is gone would fail half-way.
 */
export function planReplay(
  contents: TopicContents,
  selection: ReplaySelection,
  existingTopics: ReadonlySet<string>,
): PlannedReplay[] {
  const problems: string[] = [];
  const chosen = new Set<IncomingMessage>();
  if (selection.kind === 'all') {
    for (const message of latestPerEvent(contents.messages)) chosen.add(message);
  } else {
    for (const coordinates of selection.offsets) {
      const found = contents.messages.find(
        (message) => message.partition === coordinates.partition && Number(message.offset) === coordinates.offset,
      );
      if (found) chosen.add(found);
      else problems.push(notFound(contents, coordinates));
    }
    for (const eventId of selection.eventIds) {
      const ofEvent = contents.messages.filter((message) => headerText(message.headers, EventHeaders.id) === eventId);
      if (ofEvent.length === 0) problems.push(`no dead letter of event ${eventId} in ${contents.topic}`);
      for (const message of latestPerEvent(ofEvent)) chosen.add(message);
    }
  }
  const plan = [...chosen].sort(byCoordinates).flatMap((deadLetter) => {
    let replay: OutgoingMessage;
    try {
      replay = replayMessage(deadLetter);
    } catch (error) {
      problems.push((error as Error).message);
      return [];
    }
    if (!existingTopics.has(replay.topic)) {
      problems.push(`${deadLetter.partition}:${deadLetter.offset} came from ${replay.topic}, which no longer exists`);
      return [];
    }
    return [{ deadLetter, replay }];
  });
  if (problems.length > 0) throw new ReplayRefusedError(problems);
  return plan;
}

function notFound(contents: TopicContents, { partition, offset }: DeadLetterCoordinates): string {
  const where = `no dead letter at ${partition}:${offset} in ${contents.topic}`;
  const range = contents.partitions.find((candidate) => candidate.partition === partition);
  if (!range) return `${where}: it has partitions 0 to ${contents.partitions.length - 1}`;
  if (range.start === range.end) return `${where}: partition ${partition} holds none`;
  return `${where}: partition ${partition} holds offsets ${range.start} to ${range.end - 1}`;
}

function latestPerEvent(messages: readonly IncomingMessage[]): IncomingMessage[] {
  const latest = new Map<string, IncomingMessage>();
  for (const message of messages) {
    const header = (name: string) => headerText(message.headers, name) ?? '';
    const eventId = header(EventHeaders.id);
    // A message that never decoded may have no event id: it stands for itself.
    const key = eventId
      ? [header(DeadLetterHeaders.consumerGroup), header(DeadLetterHeaders.originalTopic), eventId].join('\n')
      : `at ${message.partition}:${message.offset}`;
    const seen = latest.get(key);
    const failedAt = (candidate: IncomingMessage) => headerText(candidate.headers, DeadLetterHeaders.failedAt) ?? '';
    if (!seen || failedAt(message) >= failedAt(seen)) latest.set(key, message);
  }
  return [...latest.values()];
}
