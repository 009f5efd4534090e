/**
 * What the sandbox payment provider remembers, in Postgres (its own schema, created at start) so
 * that a restarted sandbox still knows what it did: each refund and each charge under its
 * idempotency key (applied or declined), and per payment reference the outcomes a test or demo
 * scripted for the next calls.
 *
 * A call first claims its key: the key is the table's primary key, so of two concurrent calls with
 * the same key one claims it and the other is told the key is in use (nothing is applied twice,
 * whichever sandbox process answers). A claim is held for the call's latency; a claim whose sandbox
 * died mid-call is abandoned once `in_flight_until` has passed (nothing was applied), and the key can
 * be claimed again.
 */
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { postgresConnection, quoteIdent } from '@rebound/persistence';

export const SCRIPTED_OUTCOMES = [
  'succeed',
  'fail_transient',
  'rate_limited',
  'fail_permanent',
  'timeout_after_apply',
] as const;
export type ScriptedOutcome = (typeof SCRIPTED_OUTCOMES)[number];

/** What the sandbox moves money for: a refund to the customer, or a charge of their payment method (a claw-back). */
export type PaymentKind = 'refund' | 'charge';

const KINDS: Record<PaymentKind, { readonly table: string; readonly idPrefix: string; readonly declined: string }> = {
  refund: { table: 'refunds', idPrefix: 'sbx_re_', declined: 'the payment method can no longer receive refunds' },
  charge: { table: 'charges', idPrefix: 'sbx_ch_', declined: 'the payment method can no longer be charged' },
};

/** How long past its latency a claim is held before it counts as abandoned by a sandbox that died. */
const CLAIM_MARGIN_MS = 30_000;

export interface PaymentCall {
  readonly paymentReference: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason?: string;
}

/** A refund or a charge the sandbox applied or declined. */
export interface SandboxPayment extends PaymentCall {
  readonly kind: PaymentKind;
  /** `sbx_re_<uuid>` for a refund, `sbx_ch_<uuid>` for a charge. */
  readonly id: string;
  readonly idempotencyKey: string;
  readonly status: 'succeeded' | 'declined';
  /** Why it was declined. */
  readonly declineReason?: string;
  readonly createdAt: string;
}

/** What one call comes to; `hang` answers nothing (the payment was applied). */
export type CallResult =
  | { readonly kind: 'payment'; readonly payment: SandboxPayment; readonly replayed: boolean }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'rate-limited' }
  | { readonly kind: 'key-in-use' }
  | { readonly kind: 'key-reused'; readonly payment: SandboxPayment }
  | { readonly kind: 'hang'; readonly payment: SandboxPayment };

/** What is known under a key when it is looked up. */
export type KeyState =
  | { readonly kind: 'absent' }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'payment'; readonly payment: SandboxPayment };

export interface LedgerOptions {
  readonly databaseUrl: string;
  /** The schema the sandbox keeps its tables in; created when missing. */
  readonly schema: string;
  /** Every call is applied after at least this long (a payment reference's longer scripted latency wins). */
  readonly latencyMs: number;
}

interface PaymentRow {
  idempotency_key: string;
  id: string;
  payment_reference: string;
  amount_minor: string;
  currency: string;
  reason: string | null;
  status: 'in_flight' | 'succeeded' | 'declined';
  decline_reason: string | null;
  in_flight_until: Date | null;
  created_at: Date;
}

export class SandboxLedger {
  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly latencyMs: number,
  ) {}

  /** Connects and creates the schema and its tables when missing; safe for sandboxes starting together. */
  static async open(options: LedgerOptions): Promise<SandboxLedger> {
    const pool = new Pool({ ...postgresConnection(options.databaseUrl, process.env, 'SANDBOX_DATABASE_URL'), max: 10 });
    // An idle connection Postgres dropped (a restart) is discarded by the pool and replaced on the next
    // query; unheard, the event would end the process.
    pool.on('error', () => undefined);
    const ledger = new SandboxLedger(pool, quoteIdent(options.schema), options.latencyMs);
    try {
      await ledger.inTransaction(async (client) => {
        // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalogue: one at a time.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`payment-sandbox:${options.schema}`]);
        await client.query(ledger.schemaDefinition());
      });
    } catch (error) {
      await pool.end();
      throw new Error(
        `the payment sandbox cannot prepare schema ${options.schema} at ${redacted(options.databaseUrl)}: ${(error as Error).message}`,
      );
    }
    return ledger;
  }

  /** Closes the connections; the ledger cannot be used afterwards. */
  close(): Promise<void> {
    return this.pool.end();
  }

  /** The next calls for this payment reference come out as listed, then succeed; each is applied after `latencyMs`. */
  async script(paymentReference: string, outcomes: readonly ScriptedOutcome[], latencyMs = 0): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.schema}.scripts (payment_reference, outcomes, latency_ms, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (payment_reference) DO UPDATE
         SET outcomes = EXCLUDED.outcomes, latency_ms = EXCLUDED.latency_ms, updated_at = EXCLUDED.updated_at`,
      [paymentReference, outcomes, latencyMs],
    );
  }

  /**
   * Makes a refund or a charge under an idempotency key: the same key and call again replays what was
   * done; the same key with another payment reference, amount or currency is refused, as is a key
   * whose first call is still in flight.
   */
  async call(kind: PaymentKind, idempotencyKey: string, request: PaymentCall): Promise<CallResult> {
    const { table, declined } = KINDS[kind];
    const latencyMs = Math.max(this.latencyMs, await this.scriptedLatency(request.paymentReference));
    const claimed = await this.claim(kind, idempotencyKey, request, latencyMs);
    if (claimed.kind !== 'claimed') return claimed;
    const outcome = await this.nextOutcome(request.paymentReference);
    if (latencyMs > 0) await sleep(latencyMs);
    const id = claimed.id;
    if (outcome === 'fail_transient' || outcome === 'rate_limited') {
      // Nothing applied: the key is free for the next call.
      await this.pool.query(`DELETE FROM ${this.schema}.${table} WHERE idempotency_key = $1 AND id = $2`, [
        idempotencyKey,
        id,
      ]);
      return { kind: outcome === 'fail_transient' ? 'unavailable' : 'rate-limited' };
    }
    const declinedNow = outcome === 'fail_permanent';
    const { rows } = await this.pool.query<PaymentRow>(
      `UPDATE ${this.schema}.${table} SET status = $3, decline_reason = $4, in_flight_until = NULL
        WHERE idempotency_key = $1 AND id = $2 AND status = 'in_flight' RETURNING *`,
      [idempotencyKey, id, declinedNow ? 'declined' : 'succeeded', declinedNow ? declined : null],
    );
    if (rows.length === 0) {
      throw new Error(`the claim on Idempotency-Key "${idempotencyKey}" was lost while its ${kind} was in flight`);
    }
    const payment = toPayment(kind, rows[0]);
    return outcome === 'timeout_after_apply'
      ? { kind: 'hang', payment }
      : { kind: 'payment', payment, replayed: false };
  }

  /** What was done under a key: a payment applied or declined, a call still in flight, or nothing. */
  async byKey(kind: PaymentKind, idempotencyKey: string): Promise<KeyState> {
    const { rows } = await this.pool.query<PaymentRow>(
      `SELECT * FROM ${this.schema}.${KINDS[kind].table} WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    const [known] = rows;
    if (!known) return { kind: 'absent' };
    // A claim run out was abandoned by a sandbox that died mid-call: nothing was applied under it.
    if (known.status === 'in_flight') {
      return known.in_flight_until && known.in_flight_until > new Date() ? { kind: 'in-flight' } : { kind: 'absent' };
    }
    return { kind: 'payment', payment: toPayment(kind, known) };
  }

  /** Every refund (or charge) applied or declined for a payment reference, oldest first. */
  async forReference(kind: PaymentKind, paymentReference: string): Promise<SandboxPayment[]> {
    const { rows } = await this.pool.query<PaymentRow>(
      `SELECT * FROM ${this.schema}.${KINDS[kind].table}
        WHERE payment_reference = $1 AND status <> 'in_flight' ORDER BY created_at, id`,
      [paymentReference],
    );
    return rows.map((row) => toPayment(kind, row));
  }

  /**
   * Takes the key for this call, or says why not. A claim left behind by a sandbox that died mid-call
   * is taken over once it has run out; a claim released by a transient failure is retaken.
   */
  private async claim(
    kind: PaymentKind,
    idempotencyKey: string,
    request: PaymentCall,
    latencyMs: number,
  ): Promise<
    | { readonly kind: 'claimed'; readonly id: string }
    | Exclude<CallResult, { kind: 'unavailable' | 'rate-limited' | 'hang' }>
  > {
    const { table, idPrefix } = KINDS[kind];
    for (;;) {
      const now = new Date();
      const id = `${idPrefix}${randomUUID()}`;
      const { rows: claimed } = await this.pool.query<PaymentRow>(
        `INSERT INTO ${this.schema}.${table} AS known
           (idempotency_key, id, payment_reference, amount_minor, currency, reason, status, in_flight_until, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'in_flight', $7, $8)
         ON CONFLICT (idempotency_key) DO UPDATE
           SET id = EXCLUDED.id, payment_reference = EXCLUDED.payment_reference, amount_minor = EXCLUDED.amount_minor,
               currency = EXCLUDED.currency, reason = EXCLUDED.reason, in_flight_until = EXCLUDED.in_flight_until,
               created_at = EXCLUDED.created_at
           WHERE known.status = 'in_flight' AND known.in_flight_until < EXCLUDED.created_at
         RETURNING id`,
        [
          idempotencyKey,
          id,
          request.paymentReference,
          request.amountMinor,
          request.currency,
          request.reason ?? null,
          new Date(now.getTime() + latencyMs + CLAIM_MARGIN_MS),
          now,
        ],
      );
      if (claimed.length > 0) return { kind: 'claimed', id };
      const { rows } = await this.pool.query<PaymentRow>(
        `SELECT * FROM ${this.schema}.${table} WHERE idempotency_key = $1`,
        [idempotencyKey],
      );
      // Released in between by a transient failure: claim again.
      if (rows.length === 0) continue;
      const [known] = rows;
      if (!sameCall(known, request)) return { kind: 'key-reused', payment: toPayment(kind, known) };
      if (known.status === 'in_flight') return { kind: 'key-in-use' };
      return { kind: 'payment', payment: toPayment(kind, known), replayed: true };
    }
  }

  /** Takes the payment reference's next scripted outcome (`succeed` once the script is played out). */
  private async nextOutcome(paymentReference: string): Promise<ScriptedOutcome> {
    return this.inTransaction(async (client) => {
      const { rows } = await client.query<{ next: ScriptedOutcome | null }>(
        `SELECT outcomes[1] AS next FROM ${this.schema}.scripts WHERE payment_reference = $1 FOR UPDATE`,
        [paymentReference],
      );
      if (rows.length === 0) return 'succeed';
      await client.query(
        `UPDATE ${this.schema}.scripts SET outcomes = outcomes[2:], updated_at = now() WHERE payment_reference = $1`,
        [paymentReference],
      );
      return rows[0].next ?? 'succeed';
    });
  }

  private async scriptedLatency(paymentReference: string): Promise<number> {
    const { rows } = await this.pool.query<{ latency_ms: number }>(
      `SELECT latency_ms FROM ${this.schema}.scripts WHERE payment_reference = $1`,
      [paymentReference],
    );
    return rows[0]?.latency_ms ?? 0;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private schemaDefinition(): string {
    const payments = (table: string) => `
      CREATE TABLE IF NOT EXISTS ${this.schema}.${table} (
        idempotency_key text PRIMARY KEY,
        id text NOT NULL UNIQUE,
        payment_reference text NOT NULL,
        amount_minor bigint NOT NULL,
        currency text NOT NULL,
        reason text,
        status text NOT NULL CHECK (status IN ('in_flight', 'succeeded', 'declined')),
        decline_reason text,
        in_flight_until timestamptz,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${table}_payment_reference_idx ON ${this.schema}.${table} (payment_reference, created_at);`;
    return `
      CREATE SCHEMA IF NOT EXISTS ${this.schema};
      ${payments(KINDS.refund.table)}
      ${payments(KINDS.charge.table)}
      CREATE TABLE IF NOT EXISTS ${this.schema}.scripts (
        payment_reference text PRIMARY KEY,
        outcomes text[] NOT NULL,
        latency_ms integer NOT NULL,
        updated_at timestamptz NOT NULL
      );`;
  }
}

function sameCall(known: PaymentRow, request: PaymentCall): boolean {
  return (
    known.payment_reference === request.paymentReference &&
    Number(known.amount_minor) === request.amountMinor &&
    known.currency === request.currency
  );
}

function toPayment(kind: PaymentKind, row: PaymentRow): SandboxPayment {
  return {
    kind,
    id: row.id,
    idempotencyKey: row.idempotency_key,
    paymentReference: row.payment_reference,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    ...(row.reason !== null && { reason: row.reason }),
    status: row.status === 'declined' ? 'declined' : 'succeeded',
    ...(row.decline_reason !== null && { declineReason: row.decline_reason }),
    createdAt: row.created_at.toISOString(),
  };
}

/** The URL without its password, for error messages. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured SANDBOX_DATABASE_URL';
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
