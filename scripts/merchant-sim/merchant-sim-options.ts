/**
 * The merchant simulator's command line: every option checked at once, each bad one named with what
 * it accepts, so a mistyped run refuses to start instead of receiving with the wrong secret.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

/** How the receiver answers: what a test or a demo tells it to do to the sender. */
export interface ReceiverBehaviour {
  /** The status a delivery told to fail is answered with. */
  readonly failStatus: number;
  /** The first n deliveries fail, whatever `failRate` says. */
  readonly failFirst: number;
  /** The chance that each later delivery fails, drawn from the seed. */
  readonly failRate: number;
  /** How long every answer waits, a slow receiver's. */
  readonly delayMs: number;
}

export interface MerchantSimOptions extends ReceiverBehaviour {
  readonly port: number;
  readonly host: string;
  /**
   * The signing secrets a delivery may be signed with: during a rotation the sender signs with the
   * new and the old one, and a receiver that knows either accepts it. None: nothing is verified.
   */
  readonly secrets: readonly string[];
  /** Where the run's randomness starts; printed at start so a run can be repeated. */
  readonly seed: number;
}

export type MerchantSimCommand =
  { readonly kind: 'help' } | { readonly kind: 'run'; readonly options: MerchantSimOptions };

export class InvalidMerchantSimOptionsError extends Error {
  override readonly name = 'InvalidMerchantSimOptionsError';

  constructor(readonly problems: readonly string[]) {
    super(`invalid options:\n  - ${problems.join('\n  - ')}\nrun with --help for the options`);
  }
}

/** A receiver that answers every delivery at once, with 204. */
export const CALM: ReceiverBehaviour = { failStatus: 503, failFirst: 0, failRate: 0, delayMs: 0 };

/** The range of each whole-number setting of the behaviour, on the command line and over HTTP alike. */
const BEHAVIOUR_LIMITS = {
  failStatus: [400, 599],
  failFirst: [0, 1_000_000],
  delayMs: [0, 600_000],
} as const satisfies Record<Exclude<keyof ReceiverBehaviour, 'failRate'>, readonly [number, number]>;

export const DEFAULT_MERCHANT_SIM_PORT = 3095;
const MAX_SEED = 4294967295;

export const MERCHANT_SIM_USAGE = `Usage: merchant-sim [options]

Plays a merchant's system receiving Rebound's outbound webhooks: takes every POST under /webhooks,
verifies its Standard Webhooks signature (webhook-id, webhook-timestamp, webhook-signature) against
the secrets it knows, prints one line per delivery and keeps them for GET /received.

Options:
  --port <n>             where it listens (default MERCHANT_SIM_PORT, else ${DEFAULT_MERCHANT_SIM_PORT}; 0 = any free port)
  --host <address>       the address it listens on (default 127.0.0.1)
  --secret <whsec_...>   a signing secret deliveries may be signed with (repeatable: during a rotation,
                         give the old and the new one); default the secrets in MERCHANT_SIM_SECRETS
                         (separated by spaces or commas). With none, deliveries are kept unverified;
                         with some, a delivery no secret verifies is answered 401.
  --fail-status <code>   the status a failing delivery is answered with, 400 to 599 (default 503)
  --fail-first <n>       the first n deliveries fail (default 0)
  --fail-rate <0..1>     the chance that each later delivery fails (default 0)
  --delay <ms>           wait this long before every answer, a slow receiver (default 0)
  --seed <n>             seed of the failures drawn, 0 to ${MAX_SEED} (default: random, printed)
  --help                 this text

Over HTTP: GET /received (every delivery kept, oldest first; ?returnId= or ?eventType= narrow it),
DELETE /received (forget them), POST /secrets {"secret": "whsec_..."} (accept one more secret, as when
a subscription is created after the simulator started), PUT /behaviour {"failStatus", "failFirst",
"failRate", "delayMs"} (answer as told from now on: the next failFirst deliveries fail; what is left
out is calm).
SIGINT or SIGTERM stops it.`;

/** `argv` without node and the script; `env` for MERCHANT_SIM_PORT and MERCHANT_SIM_SECRETS. */
export function parseMerchantSimCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  randomSeed: () => number = () => randomInt(MAX_SEED),
): MerchantSimCommand {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new InvalidMerchantSimOptionsError([(error as Error).message]);
  }
  if (values.help) return { kind: 'help' };
  const problems: string[] = [];
  const wholeNumber = (name: string, text: string | undefined, min: number, max: number, fallback: number) => {
    if (text === undefined) return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    problems.push(`${name} "${text}" must be a whole number from ${min} to ${max}`);
    return fallback;
  };

  const portName = values.port === undefined ? 'MERCHANT_SIM_PORT' : '--port';
  const port = wholeNumber(portName, values.port ?? env['MERCHANT_SIM_PORT'], 0, 65535, DEFAULT_MERCHANT_SIM_PORT);
  const secrets = values.secret ?? (env['MERCHANT_SIM_SECRETS'] ?? '').split(/[\s,]+/).filter(Boolean);
  const secretSource = values.secret ? '--secret' : 'MERCHANT_SIM_SECRETS';
  secrets.forEach((secret, index) => {
    const problem = secretProblem(secret);
    if (problem) problems.push(`${secretSource}: secret ${index + 1} ${problem}`);
  });
  const behaviourNumber = (name: string, text: string | undefined, setting: keyof typeof BEHAVIOUR_LIMITS) => {
    const [min, max] = BEHAVIOUR_LIMITS[setting];
    return wholeNumber(name, text, min, max, CALM[setting]);
  };
  const failStatus = behaviourNumber('--fail-status', values['fail-status'], 'failStatus');
  const failFirst = behaviourNumber('--fail-first', values['fail-first'], 'failFirst');
  const failRateText = values['fail-rate'];
  const failRate =
    failRateText === undefined ? 0 : /^(\d+\.?\d*|\.\d+)$/.test(failRateText) ? Number(failRateText) : -1;
  if (!(failRate >= 0 && failRate <= 1)) {
    problems.push(`--fail-rate "${failRateText}" must be a number from 0 to 1 (a probability, e.g. 0.2)`);
  }
  const delayMs = behaviourNumber('--delay', values.delay, 'delayMs');
  const seed = wholeNumber('--seed', values.seed, 0, MAX_SEED, -1);
  if (problems.length > 0) throw new InvalidMerchantSimOptionsError(problems);
  return {
    kind: 'run',
    options: {
      port,
      host: values.host ?? '127.0.0.1',
      secrets,
      failStatus,
      failFirst,
      failRate,
      delayMs,
      seed: seed === -1 ? randomSeed() : seed,
    },
  };
}

/**
 * A behaviour sent over HTTP (`PUT /behaviour`): what is given replaces the whole behaviour, what is
 * left out is calm. Returns the problems instead when there are any, each naming its field.
 */
export function behaviourFromJson(body: unknown): ReceiverBehaviour | { readonly problems: readonly string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problems: ['the body must be a JSON object: {"failStatus", "failFirst", "failRate", "delayMs"}'] };
  }
  const given = body as Record<string, unknown>;
  const problems = Object.keys(given)
    .filter((field) => !(field in CALM))
    .map((field) => `${field} is not a setting: failStatus, failFirst, failRate or delayMs`);
  const wholeNumber = (field: keyof typeof BEHAVIOUR_LIMITS): number => {
    const value = given[field] ?? CALM[field];
    const [min, max] = BEHAVIOUR_LIMITS[field];
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${field} must be a whole number from ${min} to ${max}`);
    return CALM[field];
  };
  const failStatus = wholeNumber('failStatus');
  const failFirst = wholeNumber('failFirst');
  const failRate = given['failRate'] ?? CALM.failRate;
  if (!(typeof failRate === 'number' && failRate >= 0 && failRate <= 1)) {
    problems.push('failRate must be a number from 0 to 1 (a probability, e.g. 0.2)');
  }
  const delayMs = wholeNumber('delayMs');
  return problems.length > 0 ? { problems } : { failStatus, failFirst, failRate: failRate as number, delayMs };
}

/** What is wrong with a signing secret, or undefined: the library's own reading of it decides. */
export function secretProblem(secret: string): string | undefined {
  try {
    new Webhook(secret);
    return undefined;
  } catch {
    return 'must be a Standard Webhooks secret: "whsec_" and the key in base64';
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      secret: { type: 'string', multiple: true },
      'fail-status': { type: 'string' },
      'fail-first': { type: 'string' },
      'fail-rate': { type: 'string' },
      delay: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
