/**
 * The demo auto-inspector's process (a demo component, not part of warehouse-qc):
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/demo-inspector/main.ts --warehouse wh-berlin
 * One line per inspection completed, on standard output. Exits 2 on bad options, 1 when the OIDC
 * issuer gives rebound-warehouse no token, 0 after SIGINT/SIGTERM.
 */
import { clientCredentials } from '../platform/client-credentials';
import { DemoInspector } from './demo-inspector';
import { INSPECTOR_USAGE, InvalidInspectorOptionsError, parseInspectorCommandLine } from './inspector-options';

function report(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

async function main(argv: string[]): Promise<void> {
  let command: ReturnType<typeof parseInspectorCommandLine>;
  try {
    command = parseInspectorCommandLine(argv);
  } catch (error) {
    if (!(error instanceof InvalidInspectorOptionsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  if (command.kind === 'help') {
    console.log(INSPECTOR_USAGE);
    return;
  }
  const { options } = command;
  const credentials = clientCredentials('rebound-warehouse');
  // A wrong secret or issuer stops the start, named, instead of failing every poll after it.
  try {
    await credentials.token();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const inspector = new DemoInspector(options, credentials, report);
  inspector.start();
  const grades = [...options.skuGrades].map(([sku, grade]) => `${sku}=${grade}`).join(', ');
  report(
    `demo inspector working ${options.warehouses.join(', ')} on ${options.warehouseQcUrl}: ` +
      `grade ${options.defaultGrade}${grades ? `, except ${grades}` : ''}`,
  );
  const stop = (signal: NodeJS.Signals) => {
    report(`${signal}: stopping after the inspection in hand`);
    void inspector.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main(process.argv.slice(2));
