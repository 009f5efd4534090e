/**
 * Deletes what a service keeps only for a while — inbox rows, idempotency keys, payment attempts —
 * by rules: every `intervalMs`, each rule deletes its rows older than its retention, a slice at a
 * time (each slice a short statement of its own, so no long lock or transaction), until a slice comes
 * back short. A rule that fails is logged and tried again at the next run; the others still run.
 * Replicas may all run it: a slice skips the rows another replica is deleting.
 */
import type { Logger } from '@rebound/observability';
import { DataSource } from 'typeorm';

export interface RetentionRule {
  /** What the rule deletes, for the logs: `inbox`, `payment_attempts`. */
  readonly name: string;
  /** Rows are kept at least this long. */
  readonly retentionMs: number;
  /**
   * One slice: a DELETE of at most `$2` rows that are older than `$1` (the cutoff, a timestamptz) and
   * that nothing unfinished still needs. It finds them through an index, skips locked rows, and
   * deletes what it found by row address, so no join can read the whole table:
   * `DELETE FROM t WHERE ctid = ANY(ARRAY(SELECT ctid FROM t WHERE at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`
   * (the rows stay locked, so no one moves them in between).
   */
  readonly deleteSlice: string;
}

export interface RetentionJobOptions {
  readonly dataSource: DataSource;
  readonly rules: readonly RetentionRule[];
  readonly logger: Logger;
  /** How often the rules run. Default: hourly. */
  readonly intervalMs?: number;
  /** Rows per slice. Default 5,000. */
  readonly sliceSize?: number;
}

export class RetentionJob {
  private readonly intervalMs: number;
  private readonly sliceSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Record<string, number>> | undefined;
  private stopping = false;

  constructor(private readonly options: RetentionJobOptions) {
    this.intervalMs = options.intervalMs ?? 3600_000;
    this.sliceSize = options.sliceSize ?? 5000;
  }

  /** Runs the rules now and then every interval. */
  start(): void {
    this.stopping = false;
    void this.run();
    this.timer = setInterval(() => void this.run(), this.intervalMs);
  }

  /** Stops the timer and waits for the slice in progress; the rest waits for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Applies every rule once (or joins the run in progress); how many rows each deleted. */
  run(): Promise<Record<string, number>> {
    this.running ??= this.applyRules().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async applyRules(): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const rule of this.options.rules) {
      if (this.stopping) break;
      deleted[rule.name] = 0;
      try {
        const cutoff = new Date(Date.now() - rule.retentionMs);
        let count = this.sliceSize;
        while (count === this.sliceSize && !this.stopping) {
          [, count] = await this.options.dataSource.query(rule.deleteSlice, [cutoff, this.sliceSize]);
          deleted[rule.name] += count;
        }
        if (deleted[rule.name] > 0) {
          this.options.logger.info({ rule: rule.name, deleted: deleted[rule.name], cutoff }, 'old rows deleted');
        }
      } catch (error) {
        this.options.logger.warn(
          { err: error, rule: rule.name, deleted: deleted[rule.name] },
          'retention clean-up failed; it runs again at the next interval',
        );
      }
    }
    return deleted;
  }
}
