/**
 * The demo auto-inspector's command line: every option checked at once, each bad one named, so a
 * mistyped run refuses to start instead of grading something else.
 */
import { parseArgs } from 'node:util';

export interface InspectorOptions {
  /** warehouse-qc's base URL. */
  readonly warehouseQcUrl: string;
  readonly warehouses: readonly string[];
  /** The grade of every unit whose sku has none of its own. */
  readonly defaultGrade: string;
  readonly skuGrades: ReadonlyMap<string, string>;
  readonly pollIntervalMs: number;
}

export class InvalidInspectorOptionsError extends Error {
  override readonly name = 'InvalidInspectorOptionsError';

  constructor(readonly problems: readonly string[]) {
    super(`invalid options:\n  - ${problems.join('\n  - ')}\nrun with --help for the options`);
  }
}

export const INSPECTOR_USAGE = `Usage: demo-inspector --warehouse <id> [options]

A DEMO component, not part of warehouse-qc: it plays a warehouse inspector who grades every parcel
that arrives. It polls warehouse-qc's queue of each warehouse, claims each pending inspection, records
every expected line as fully received with the configured grade and every checklist question answered
yes, and completes it — through warehouse-qc's public REST API, as a person at a scanner would.

Options:
  --warehouse <id>          a warehouse to work (repeatable; at least one)
  --grade <code>            the grade of every unit (default A)
  --sku-grade <sku>=<code>  the grade of one sku's units instead (repeatable)
  --url <url>               warehouse-qc's base URL (default http://127.0.0.1:3003)
  --interval <ms>           how often the queues are polled (default 500)
  --help                    this text

It calls as the client rebound-warehouse, with a token from OIDC_ISSUER (default
http://127.0.0.1:8180/realms/rebound) and the secret in REBOUND_WAREHOUSE_SECRET (default the local
realm's rebound-warehouse-local-secret).

SIGINT or SIGTERM stops it after the inspection in hand.`;

const GRADE = /^[A-Z][A-Z0-9]{0,3}$/;

export type InspectorCommand = { readonly kind: 'help' } | { readonly kind: 'run'; readonly options: InspectorOptions };

export function parseInspectorCommandLine(argv: readonly string[]): InspectorCommand {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new InvalidInspectorOptionsError([(error as Error).message]);
  }
  if (values.help) return { kind: 'help' };
  const problems: string[] = [];
  const warehouses = values.warehouse ?? [];
  if (warehouses.length === 0) problems.push('--warehouse is required: the warehouse whose queue to work');
  const defaultGrade = values.grade ?? 'A';
  if (!GRADE.test(defaultGrade)) problems.push(`--grade must be a grade code such as A or B, got "${defaultGrade}"`);
  const skuGrades = new Map<string, string>();
  for (const pair of values['sku-grade'] ?? []) {
    const [sku, grade, ...rest] = pair.split('=');
    if (!sku || !grade || rest.length > 0 || !GRADE.test(grade)) {
      problems.push(`--sku-grade must look like SKU-123=C, got "${pair}"`);
    } else {
      skuGrades.set(sku, grade);
    }
  }
  const warehouseQcUrl = (values.url ?? 'http://127.0.0.1:3003').replace(/\/+$/, '');
  if (!URL.canParse(warehouseQcUrl) || !/^https?:/.test(warehouseQcUrl)) {
    problems.push(`--url must be an http(s) URL, got "${values.url}"`);
  }
  const pollIntervalMs = Number(values.interval ?? 500);
  if (!Number.isInteger(pollIntervalMs) || pollIntervalMs < 10 || pollIntervalMs > 60_000) {
    problems.push(`--interval must be a whole number of milliseconds from 10 to 60000, got "${values.interval}"`);
  }
  if (problems.length > 0) throw new InvalidInspectorOptionsError(problems);
  return {
    kind: 'run',
    options: {
      warehouseQcUrl,
      warehouses,
      defaultGrade,
      skuGrades,
      pollIntervalMs,
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      warehouse: { type: 'string', multiple: true },
      grade: { type: 'string' },
      'sku-grade': { type: 'string', multiple: true },
      url: { type: 'string' },
      interval: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}
