/**
 * The reconciliation command (see docs/refunds.md, "Reconciliation"):
 *   npx nx run scripts:reconcile -- --order <orderId> [--json]
 * The report goes to standard output, progress and errors to standard error. Exits 0 when the order's
 * money agrees, 1 when it does not (or the report could not be had), 2 on bad options.
 */
import { clientCredentials } from '../platform/client-credentials';
import { HttpError, callJsonAs } from '../platform/call-json';
import {
  InvalidReconcileOptionsError,
  RECONCILE_USAGE,
  parseReconcileCommandLine,
  type ReconcileCommand,
} from './reconcile-options';
import { problemsOf, renderReport, type ReconciliationReport } from './reconcile-report';

async function main(argv: string[]): Promise<void> {
  let command: ReconcileCommand;
  try {
    command = parseReconcileCommandLine(argv);
  } catch (error) {
    if (!(error instanceof InvalidReconcileOptionsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  if (command.kind === 'help') {
    console.log(RECONCILE_USAGE);
    return;
  }
  const { options } = command;
  const call = callJsonAs(clientCredentials('rebound-support'));
  console.error(`reconciling order ${options.orderId} at ${options.refundsUrl} (asking the provider about every call)`);
  let report: ReconciliationReport;
  try {
    report = await call<ReconciliationReport>(
      'GET',
      `${options.refundsUrl}/v1/reconciliation?orderId=${encodeURIComponent(options.orderId)}`,
    );
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) {
      throw new Error(`refunds knows nothing of order ${options.orderId}: no approval, capture or refund`);
    }
    throw error;
  }
  console.log(options.json ? JSON.stringify(report, null, 2) : renderReport(report));
  if (problemsOf(report).length > 0 || !report.summary.agrees) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`reconcile: ${error.message}`);
  process.exit(1);
});
