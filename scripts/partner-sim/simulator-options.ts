/**
 * The partner simulator's command line: every option checked at once, each bad one reported by name
 * with what it accepts, so a mistyped run refuses to start instead of simulating something else.
 */
import { randomInt } from 'node:crypto';
import { PARTNER_ID_PATTERN } from '@rebound/contracts';
import { PlanSettings } from './tracking-plan';

export interface SimulatorOptions extends PlanSettings {
  /** Where the run's randomness starts; printed at start so a run can be repeated. */
  readonly seed: number;
  /** Where a consumer group without committed offsets starts: the oldest booking, or only new ones. */
  readonly fromBeginning: boolean;
  /** Partitions of the partner topics the simulator creates when they are missing. */
  readonly partitions: number;
  /** pickup-scheduling's base URL, where the pickups a previous run left under way are found and resumed. */
  readonly resumeFrom?: string;
}

export type Command = { readonly kind: 'help' } | { readonly kind: 'run'; readonly options: SimulatorOptions };

export class InvalidOptionsError extends Error {
  override readonly name = 'InvalidOptionsError';

  constructor(readonly problems: readonly string[]) {
    super(`invalid options:\n  - ${problems.join('\n  - ')}\nrun with --help for the options`);
  }
}

export const USAGE = `Usage: partner-sim --partner <id> [options]

Plays one 3PL partner: reads its bookings (partners.<id>.bookings.v1) and publishes tracking events
(partners.<id>.tracking.v1) the way a real partner would, with delays, failed attempts, duplicates
and events out of order. Creates both topics when they are missing.

Options:
  --partner <id>              the partner to play (required): lowercase letters, digits and "-"
  --delay <ms>|<min>-<max>    wait before each event, drawn from the range (default 500-2000; 0 = no wait)
  --failure-rate <0..1>       chance that a pickup attempt fails ("customer not at home"); the
                              simulator then waits for the rebooking (default 0)
  --max-failed-attempts <n>   attempts after the n-th never fail, e.g. 1 with --failure-rate 1 fails
                              exactly the first attempt (default: no limit)
  --duplicate-rate <0..1>     chance that an event is sent twice with the same ce_id (default 0)
  --reorder-rate <0..1>       chance that an event is held back and sent after the next one (default 0)
  --seed <n>                  seed for every random choice, 0 to 4294967295 (default: random, printed)
  --from-beginning            a new consumer group starts at the oldest booking, not only new ones
                              (a group that ran before resumes where it stopped either way)
  --partitions <n>            partitions for partner topics it creates (default 6)
  --resume-from <url>         pickup-scheduling's base URL: at start, resume the pickups of the partner
                              that it shows still under way (a previous run's plans cut short by a
                              stop or a crash), calling as rebound-support (default: resume nothing)
  --help                      this text

Environment: KAFKA_BROKERS (default 127.0.0.1:9092) and the Kafka user KAFKA_SASL_MECHANISM, KAFKA_USERNAME,
KAFKA_PASSWORD (default: the local stack's partner-<id>), KAFKA_TLS_*, KAFKA_TOPIC_NAMESPACE, LOG_LEVEL;
with --resume-from, OIDC_ISSUER and REBOUND_SUPPORT_SECRET (default: the local Keycloak realm's).
SIGINT or SIGTERM stops it: the event being sent is finished, then it disconnects.`;

const VALUE_OPTIONS = [
  'partner',
  'delay',
  'failure-rate',
  'max-failed-attempts',
  'duplicate-rate',
  'reorder-rate',
  'seed',
  'partitions',
  'resume-from',
] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];
const FLAGS = ['from-beginning', 'help'] as const;
type Flag = (typeof FLAGS)[number];

const DEFAULT_DELAY = '500-2000';
const MAX_DELAY_MS = 3_600_000;
const MAX_SEED = 4294967295;

/** `argv` without node and the script; `randomSeed` picks the seed when none is given. */
export function parseCommandLine(
  argv: readonly string[],
  randomSeed: () => number = () => randomInt(MAX_SEED),
): Command {
  const { values, flags, problems } = tokenize(argv);
  if (flags.has('help')) return { kind: 'help' };
  const read = new OptionReader(values, problems);

  const partnerId = values.get('partner');
  if (partnerId === undefined) problems.push('--partner is required');
  else if (!PARTNER_ID_PATTERN.test(partnerId)) {
    problems.push(`--partner "${partnerId}" must be 1 to 63 lowercase letters, digits and "-", not starting with "-"`);
  }
  const [minDelayMs, maxDelayMs] = read.delay();
  const options: SimulatorOptions = {
    partnerId: partnerId ?? '',
    minDelayMs,
    maxDelayMs,
    failureRate: read.rate('failure-rate'),
    maxFailedAttempts: read.wholeNumber('max-failed-attempts', 0, 1000, Number.POSITIVE_INFINITY),
    duplicateRate: read.rate('duplicate-rate'),
    reorderRate: read.rate('reorder-rate'),
    seed: read.wholeNumber('seed', 0, MAX_SEED, undefined) ?? randomSeed(),
    fromBeginning: flags.has('from-beginning'),
    partitions: read.wholeNumber('partitions', 1, 1000, 6),
    resumeFrom: read.httpUrl('resume-from'),
  };
  if (problems.length > 0) throw new InvalidOptionsError(problems);
  return { kind: 'run', options };
}

function tokenize(argv: readonly string[]): {
  values: Map<ValueOption, string>;
  flags: Set<Flag>;
  problems: string[];
} {
  const values = new Map<ValueOption, string>();
  const flags = new Set<Flag>();
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] === '-h' ? '--help' : argv[i];
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      problems.push(`unexpected argument "${arg}": every option starts with --`);
      continue;
    }
    const [, name, inlineValue] = match;
    if (isOneOf(FLAGS, name)) {
      if (inlineValue === undefined) flags.add(name);
      else problems.push(`--${name} takes no value`);
      continue;
    }
    if (!isOneOf(VALUE_OPTIONS, name)) {
      problems.push(`unknown option --${name}`);
      continue;
    }
    let value = inlineValue;
    if (value === undefined) {
      // A value may start with "-" (a negative number is then refused as out of range), not with "--".
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        problems.push(`--${name} needs a value`);
        continue;
      }
      value = next;
      i++;
    }
    if (values.has(name)) problems.push(`--${name} is given more than once`);
    values.set(name, value);
  }
  return { values, flags, problems };
}

function isOneOf<T extends string>(list: readonly T[], name: string): name is T {
  return (list as readonly string[]).includes(name);
}

/** Reads one option's value, or records what is wrong with it and returns a placeholder. */
class OptionReader {
  constructor(
    private readonly values: ReadonlyMap<ValueOption, string>,
    private readonly problems: string[],
  ) {}

  delay(): [number, number] {
    const text = this.values.get('delay') ?? DEFAULT_DELAY;
    const match = /^(\d+)(?:-(\d+))?$/.exec(text);
    if (!match) {
      this.problems.push(`--delay "${text}" must be milliseconds: one number (0 = no wait) or a range like 500-2000`);
      return [0, 0];
    }
    const min = Number(match[1]);
    const max = Number(match[2] ?? match[1]);
    if (min > max) this.problems.push(`--delay "${text}": the minimum is larger than the maximum`);
    if (max > MAX_DELAY_MS) this.problems.push(`--delay "${text}" must be at most ${MAX_DELAY_MS} ms (one hour)`);
    return [min, max];
  }

  rate(name: ValueOption): number {
    const text = this.values.get(name);
    if (text === undefined) return 0;
    const rate = /^(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
    if (!(rate >= 0 && rate <= 1)) {
      this.problems.push(`--${name} "${text}" must be a number from 0 to 1 (a probability, e.g. 0.2)`);
      return 0;
    }
    return rate;
  }

  httpUrl(name: ValueOption): string | undefined {
    const text = this.values.get(name);
    if (text === undefined) return undefined;
    if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(text) || !URL.canParse(text)) {
      this.problems.push(`--${name} "${text}" must be an http(s) URL, like http://127.0.0.1:3002`);
      return undefined;
    }
    return text;
  }

  wholeNumber<D extends number | undefined>(name: ValueOption, min: number, max: number, fallback: D): number | D {
    const text = this.values.get(name);
    if (text === undefined) return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max)) {
      this.problems.push(`--${name} "${text}" must be a whole number from ${min} to ${max}`);
      return min;
    }
    return value;
  }
}
