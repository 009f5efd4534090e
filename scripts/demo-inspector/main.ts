/**
 * The demo auto-inspector's process (a demo component, not part of warehouse-qc):
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/demo-inspector/main.ts --warehouse wh-berlin
 * One line per inspection completed, on standard output. Exits 2 on bad options, 0 after SIGINT/SIGTERM.
 */
import { DemoInspector } from './demo-inspector';
import { INSPECTOR_USAGE, InvalidInspectorOptionsError, parseInspectorCommandLine } from './inspector-options';

function report(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

function main(argv: string[]): void {
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
  const inspector = new DemoInspector(options, report);
  inspector.start();
  const grades = [...options.skuGrades].map(([sku, grade]) => `${sku}=${grade}`).join(', ');
  report(
    `demo inspector ${options.inspectorId} working ${options.warehouses.join(', ')} on ${options.warehouseQcUrl}: ` +
      `grade ${options.defaultGrade}${grades ? `, except ${grades}` : ''}`,
  );
  const stop = (signal: NodeJS.Signals) => {
    report(`${signal}: stopping after the inspection in hand`);
    void inspector.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2));
