/**
 * The dead-letter tool's command line: every argument checked at once, each bad one reported with
 * what it accepts, so a mistyped replay refuses to run instead of replaying something else.
 */
import { parseArgs } from 'node:util';
import { ServiceDefinition, allServices } from '@rebound/contracts';

/** A dead letter by its place in the dead-letter topic, as `list` prints it (`<partition>:<offset>`). */
export interface DeadLetterCoordinates {
  readonly partition: number;
  readonly offset: number;
}

/** `all`: every dead-lettered event; `some`: the dead letters at these coordinates and of these event ids. */
export type ReplaySelection =
  | { readonly kind: 'all' }
  | {
      readonly kind: 'some';
      readonly offsets: readonly DeadLetterCoordinates[];
      readonly eventIds: readonly string[];
    };

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'list'; readonly service: ServiceDefinition; readonly json: boolean }
  | {
      readonly kind: 'replay';
      readonly service: ServiceDefinition;
      readonly selection: ReplaySelection;
      readonly dryRun: boolean;
    };

export class InvalidCommandError extends Error {
  override readonly name = 'InvalidCommandError';

  constructor(readonly problems: readonly string[]) {
    super(`invalid command:\n  - ${problems.join('\n  - ')}\nrun with --help for the commands`);
  }
}

export const USAGE = `Usage: dlt list <service> [--json]
       dlt replay <service> (--offset <partition>:<offset>... | --event-id <id>... | --all) [--dry-run]

Inspects a service's dead-letter topic and sends dead letters back to their original topic once the
cause is fixed. <service> is one of: ${serviceNames().join(', ')}.

list     every message in the dead-letter topic now, oldest first per partition: where it is, when
         it failed, its original topic and consumer group, its event type and id, and the error
  --json       one JSON document instead of one line per dead letter (adds the key and the value)

replay   sends the selected dead letters to their original topic: key, value and headers as they
         were, without the dlt-* headers, with a rebound-replay header naming the consumer group that
         dead-lettered them, so that group tries the event once more. Every selected dead letter is
         checked before anything is sent; one that cannot be found refuses the whole replay.
  --offset <p>:<o>     the dead letter at partition p, offset o (as list prints it); repeatable,
                       or several at once: --offset 0:12,1:3
  --event-id <id>      the latest dead letter of that event (its ce_id; per consumer group); repeatable
  --all                the latest dead letter of every event in the topic
  --dry-run            print what would be replayed, send nothing

Environment: KAFKA_BROKERS (default 127.0.0.1:9092) and the Kafka user KAFKA_SASL_MECHANISM, KAFKA_USERNAME,
KAFKA_PASSWORD (default: the local stack's rebound-dlt-tool), KAFKA_TLS_*, KAFKA_TOPIC_NAMESPACE, LOG_LEVEL.
Exits 2 on a bad command or a refused replay (nothing sent), 1 when it cannot run.`;

const COORDINATES = /^(\d{1,9}):(\d{1,15})$/;

/** `argv` without node and the script. */
export function parseCommandLine(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new InvalidCommandError([(error as Error).message]);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const problems: string[] = [];
  const [verb, serviceName, ...extra] = positionals;
  for (const arg of extra) {
    const hint = COORDINATES.test(arg)
      ? ': give several offsets as --offset 0:12,1:3 or --offset 0:12 --offset 1:3'
      : '';
    problems.push(`unexpected argument "${arg}"${hint}`);
  }
  const service = findService(serviceName, problems);
  if (verb === 'list') {
    refuse(problems, values, ['offset', 'event-id', 'all', 'dry-run'], 'replay');
    if (problems.length > 0 || !service) throw new InvalidCommandError(problems);
    return { kind: 'list', service, json: values.json === true };
  }
  if (verb === 'replay') {
    refuse(problems, values, ['json'], 'list');
    const selection = readSelection(values, problems);
    if (problems.length > 0 || !service) throw new InvalidCommandError(problems);
    return { kind: 'replay', service, selection, dryRun: values['dry-run'] === true };
  }
  problems.unshift(
    verb === undefined ? 'a command is required: list or replay' : `unknown command "${verb}": use list or replay`,
  );
  throw new InvalidCommandError(problems);
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      offset: { type: 'string', multiple: true },
      'event-id': { type: 'string', multiple: true },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type Options = ReturnType<typeof parse>['values'];

function serviceNames(): string[] {
  return allServices().map((service) => service.name);
}

function findService(name: string | undefined, problems: string[]): ServiceDefinition | undefined {
  const valid = serviceNames().join(', ');
  if (name === undefined) {
    problems.push(`a service is required: one of ${valid}`);
    return undefined;
  }
  const service = allServices().find((candidate) => candidate.name === name);
  if (!service) problems.push(`unknown service "${name}": use one of ${valid}`);
  return service;
}

function readSelection(values: Options, problems: string[]): ReplaySelection {
  const listed = (name: 'offset' | 'event-id') =>
    (values[name] ?? []).flatMap((value) => value.split(',')).filter(Boolean);
  const offsets = listed('offset').flatMap((text) => {
    const match = COORDINATES.exec(text);
    if (match) return [{ partition: Number(match[1]), offset: Number(match[2]) }];
    problems.push(`--offset "${text}" must be <partition>:<offset>, two whole numbers as list prints them (e.g. 0:12)`);
    return [];
  });
  const eventIds = listed('event-id');
  const chosen = values.offset !== undefined || values['event-id'] !== undefined;
  if (values.all && chosen) {
    problems.push('--all replays every dead letter: give it without --offset and --event-id');
  } else if (!values.all && !chosen) {
    problems.push('say what to replay: --offset <partition>:<offset>, --event-id <id> or --all');
  }
  if (values.all) return { kind: 'all' };
  return { kind: 'some', offsets: unique(offsets), eventIds: [...new Set(eventIds)] };
}

function unique(offsets: readonly DeadLetterCoordinates[]): DeadLetterCoordinates[] {
  const seen = new Map(offsets.map((coordinates) => [`${coordinates.partition}:${coordinates.offset}`, coordinates]));
  return [...seen.values()];
}

/** Records options given to the command they do not belong to. */
function refuse(problems: string[], values: Options, names: readonly (keyof Options)[], belongsTo: string): void {
  for (const name of names) if (values[name] !== undefined) problems.push(`--${name} goes with ${belongsTo}`);
}
