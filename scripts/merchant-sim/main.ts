/**
 * The merchant simulator's command line (see docs/notifications.md):
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/merchant-sim/main.ts --secret whsec_...
 * One line per delivery on standard output. Exits 2 on bad options, 1 when it cannot listen, 0 after
 * a stop by SIGINT or SIGTERM.
 */
import {
  InvalidMerchantSimOptionsError,
  MERCHANT_SIM_USAGE,
  parseMerchantSimCommandLine,
  type MerchantSimCommand,
} from './merchant-sim-options';
import { describeBehaviour, startMerchantSimulator } from './merchant-sim';

async function main(argv: string[]): Promise<void> {
  let command: MerchantSimCommand;
  try {
    command = parseMerchantSimCommandLine(argv);
  } catch (error) {
    if (!(error instanceof InvalidMerchantSimOptionsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  if (command.kind === 'help') {
    console.log(MERCHANT_SIM_USAGE);
    return;
  }
  const { options } = command;
  const simulator = await startMerchantSimulator(options, (line) => console.log(line));
  console.log(
    `merchant simulator on ${simulator.url} (POST /webhooks, GET /received): ` +
      `${options.secrets.length} secret(s), ${describeBehaviour(options)}, seed ${options.seed}`,
  );

  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: stopping`);
    simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`merchant-sim: ${error.message}`);
  process.exit(1);
});
