/** Figures from samples: percentiles (nearest rank) and rates, and the table the benchmark prints. */

/** The p-th percentile (0 < p ≤ 100) by nearest rank; NaN without samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
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
