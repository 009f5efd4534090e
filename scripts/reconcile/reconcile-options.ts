/**
 * The reconciliation command's line: every option checked at once, each bad one named, so a mistyped
 * run says so instead of reconciling nothing.
 */
import { parseArgs } from 'node:util';

export interface ReconcileOptions {
  readonly orderId: string;
  /** The report as refunds answers it, instead of the table. */
  readonly json: boolean;
  /** refunds' base URL. */
  readonly refundsUrl: string;
}

export class InvalidReconcileOptionsError extends Error {
  override readonly name = 'InvalidReconcileOptionsError';

  constructor(readonly problems: readonly string[]) {
    super(`invalid options:\n  - ${problems.join('\n  - ')}\nrun with --help for the options`);
  }
}

export const DEFAULT_REFUNDS_URL = 'http://127.0.0.1:3005';

export const RECONCILE_USAGE = `Usage: reconcile --order <orderId> [--json] [--url <url>]

Reconciles one order's money as refunds holds it (GET /v1/reconciliation): per order line, what its
charges captured, what the ledger holds of each kind (instant, final, store credit, released,
reversed, adjusted), what is refunded and left, and what claw-backs have not collected; then every
part paid through the payment provider, with whether the provider's own record of its idempotency
key agrees.

Options:
  --order <orderId>   the order to reconcile (required)
  --json              print refunds' report as JSON instead of the table
  --url <url>         refunds' base URL (default REFUNDS_URL, else ${DEFAULT_REFUNDS_URL})
  --help              this text

It calls as the client rebound-support (refunds:read), with a token from OIDC_ISSUER (default
http://127.0.0.1:8180/realms/rebound) and the secret in REBOUND_SUPPORT_SECRET (default the local
realm's rebound-support-local-secret).

Exits 0 when everything agrees; 1 when a line is refunded above its captures, the provider disagrees,
has no record of a part refunds holds paid, or could not be asked — or the report could not be had;
2 on bad options.`;

export type ReconcileCommand = { readonly kind: 'help' } | { readonly kind: 'run'; readonly options: ReconcileOptions };

/** `argv` without node and the script; `env` for REFUNDS_URL. */
export function parseReconcileCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ReconcileCommand {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new InvalidReconcileOptionsError([(error as Error).message]);
  }
  if (values.help) return { kind: 'help' };
  const problems: string[] = [];
  const orderId = values.order?.trim() ?? '';
  if (orderId === '') problems.push('--order is required: the order to reconcile');
  const given = values.url ?? (env['REFUNDS_URL'] || DEFAULT_REFUNDS_URL);
  const refundsUrl = given.replace(/\/+$/, '');
  if (!URL.canParse(refundsUrl) || !/^https?:/.test(refundsUrl)) {
    problems.push(`${values.url === undefined ? 'REFUNDS_URL' : '--url'} must be an http(s) URL, got "${given}"`);
  }
  if (problems.length > 0) throw new InvalidReconcileOptionsError(problems);
  return { kind: 'run', options: { orderId, json: values.json === true, refundsUrl } };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      order: { type: 'string' },
      json: { type: 'boolean' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
