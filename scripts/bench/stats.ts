/** Figures from samples: percentiles (nearest rank) and rates, and the table the benchmark prints. */

/** The p-th percentile (0 < p ≤ 100) by nearest rank; NaN without samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

/** An event as read back from Kafka: its type and `ce_time` (when its producer's transaction wrote it). */
export interface PublishedEvent {
  readonly type: string;
  readonly timeMs: number;
}

/** An inbox row: `consumer` (a service) applied the event in a transaction that began at `processedMs`. */
export interface AppliedEvent {
  readonly consumer: string;
  readonly eventId: string;
  readonly processedMs: number;
}

/** One hop: an event type applied by one service. */
export interface HopFigure {
  readonly hop: string;
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** A stretch of the run, both ends included. */
export interface Window {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Each hop's latency, from the event's `ce_time` to the consuming transaction, over the events
 * published within `window` (so a phase's hops are its own returns', the phases being one after the
 * other); and how many events were applied in all.
 */
export function hopFigures(
  applied: readonly AppliedEvent[],
  published: ReadonlyMap<string, PublishedEvent>,
  window: Window,
): { readonly hops: HopFigure[]; readonly applied: number } {
  const byHop = new Map<string, number[]>();
  let count = 0;
  for (const { consumer, eventId, processedMs } of applied) {
    const event = published.get(eventId);
    if (!event || event.timeMs < window.fromMs || event.timeMs > window.toMs) continue;
    count += 1;
    const hop = `${event.type} → ${consumer}`;
    const samples = byHop.get(hop) ?? [];
    samples.push(processedMs - event.timeMs);
    byHop.set(hop, samples);
  }
  const hops = [...byHop]
    .map(([hop, samples]) => ({
      hop,
      count: samples.length,
      p50Ms: percentile(samples, 50),
      p99Ms: percentile(samples, 99),
    }))
    .sort((a, b) => a.hop.localeCompare(b.hop));
  return { hops, applied: count };
}

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What it is measured against, when it has a ceiling. */
  readonly ceiling?: { readonly name: string; readonly value: number; readonly unit: string };
  /** value ÷ ceiling, in the figure's own terms (see `note`). */
  readonly ratio?: number;
  readonly note?: string;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
}

/** A plain-text table: figure, value, ceiling, ratio. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [
    figure.name,
    `${formatNumber(figure.value)} ${figure.unit}`,
    figure.ceiling ? `${formatNumber(figure.ceiling.value)} ${figure.ceiling.unit} (${figure.ceiling.name})` : '',
    figure.ratio === undefined ? '' : `${(figure.ratio * 100).toFixed(1)} %`,
  ]);
  const header = ['figure', 'value', 'ceiling', 'of ceiling'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
