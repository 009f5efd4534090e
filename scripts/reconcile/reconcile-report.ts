/**
 * The reconciliation report as refunds answers it (GET /v1/reconciliation), rendered for a person at a
 * terminal: one row per order line, one per provider call, and what does not agree spelled out.
 */

/** One order line of the report (amounts in minor units). */
export interface ReportLine {
  readonly lineId: string;
  readonly capturedMinor: number;
  readonly instantMinor: number;
  readonly finalMinor: number;
  readonly storeCreditMinor: number;
  readonly releasedMinor: number;
  readonly reversedMinor: number;
  readonly adjustedMinor: number;
  readonly refundedMinor: number;
  readonly leftMinor: number;
  readonly outstandingClawbackMinor: number;
  readonly withinCaptured: boolean;
}

/** One part paid (or to be paid) through the provider, with the provider's verdict. */
export interface ReportPayment {
  readonly idempotencyKey: string;
  readonly call: string;
  readonly phase: string;
  readonly chargeId: string;
  readonly amountMinor: number;
  readonly state: string;
  readonly provider: { readonly status: string; readonly detail: string };
}

export interface ReconciliationReport {
  readonly orderId: string;
  readonly capturesKnown: boolean;
  readonly lines: readonly ReportLine[];
  readonly payments: readonly ReportPayment[];
  readonly outstandingClawbacks: readonly {
    readonly refundId: string;
    readonly method: string;
    readonly state: string;
    readonly outstandingMinor: number;
  }[];
  readonly summary: {
    readonly capturedMinor: number;
    readonly refundedMinor: number;
    readonly leftMinor: number;
    readonly outstandingClawbackMinor: number;
    readonly providerChecks: Readonly<Record<'agrees' | 'disagrees' | 'missing' | 'unknown', number>>;
    readonly agrees: boolean;
  };
}

/** What does not agree, one sentence each; empty when the order's money adds up and the provider agrees. */
export function problemsOf(report: ReconciliationReport): string[] {
  const problems = report.lines
    .filter((line) => !line.withinCaptured)
    .map((line) => `line ${line.lineId} is refunded ${line.refundedMinor}, above the ${line.capturedMinor} captured`);
  for (const payment of report.payments) {
    if (payment.provider.status !== 'agrees') {
      problems.push(
        `${payment.idempotencyKey} (${payment.phase} ${payment.call}): ${payment.provider.status} — ${payment.provider.detail}`,
      );
    }
  }
  return problems;
}

const LINE_COLUMNS: readonly [string, (line: ReportLine) => string][] = [
  ['line', (line) => line.lineId],
  ['captured', (line) => String(line.capturedMinor)],
  ['instant', (line) => String(line.instantMinor)],
  ['final', (line) => String(line.finalMinor)],
  ['credit', (line) => String(line.storeCreditMinor)],
  ['released', (line) => String(line.releasedMinor)],
  ['reversed', (line) => String(line.reversedMinor)],
  ['adjusted', (line) => String(line.adjustedMinor)],
  ['refunded', (line) => String(line.refundedMinor)],
  ['left', (line) => String(line.leftMinor)],
  ['claw-back due', (line) => String(line.outstandingClawbackMinor)],
  ['', (line) => (line.withinCaptured ? '' : 'ABOVE CAPTURED')],
];

const PAYMENT_COLUMNS: readonly [string, (payment: ReportPayment) => string][] = [
  ['key', (payment) => payment.idempotencyKey],
  ['call', (payment) => `${payment.phase} ${payment.call}`],
  ['charge', (payment) => payment.chargeId],
  ['amount', (payment) => String(payment.amountMinor)],
  ['refunds', (payment) => payment.state],
  ['provider', (payment) => payment.provider.status],
  ['detail', (payment) => payment.provider.detail],
];

/** The report as text: the lines' table, the provider calls' table, claw-backs outstanding, the verdict. */
export function renderReport(report: ReconciliationReport): string {
  const { summary } = report;
  const out = [
    `Order ${report.orderId} (amounts in minor units)${report.capturesKnown ? '' : ' — no captures known: store credit only'}`,
    '',
    ...table(LINE_COLUMNS, report.lines),
    '',
    `captured ${summary.capturedMinor}, refunded ${summary.refundedMinor}, left ${summary.leftMinor}, ` +
      `claw-backs not collected ${summary.outstandingClawbackMinor}`,
  ];
  for (const clawback of report.outstandingClawbacks) {
    out.push(
      `  claw-back ${clawback.refundId} (${clawback.method}, ${clawback.state}): ${clawback.outstandingMinor} not collected`,
    );
  }
  out.push('');
  if (report.payments.length === 0) out.push('No provider calls: nothing was paid through the payment provider.');
  else out.push(...table(PAYMENT_COLUMNS, report.payments));
  const checks = summary.providerChecks;
  out.push(
    '',
    `provider: ${checks.agrees} agree, ${checks.disagrees} disagree, ${checks.missing} missing, ${checks.unknown} unknown`,
  );
  const problems = problemsOf(report);
  out.push(
    problems.length === 0
      ? 'AGREES: every line within its captures, the provider agrees with every call.'
      : `DOES NOT AGREE:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  );
  return out.join('\n');
}

function table<T>(columns: readonly [string, (row: T) => string][], rows: readonly T[]): string[] {
  const cells = [columns.map(([title]) => title), ...rows.map((row) => columns.map(([, cell]) => cell(row)))];
  const widths = columns.map((_, index) => Math.max(...cells.map((row) => row[index]?.length ?? 0)));
  return cells.map((row) =>
    row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}
