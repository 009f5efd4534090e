/**
 * The 3PL partner simulator's command line (see docs/partner-sim.md):
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/partner-sim/main.ts --partner acme-logistics
 * Progress goes to standard output, one line per booking read and event sent; Kafka client logs to
 * standard error. Exits 2 on bad options, 1 when it cannot run, 0 after a stop by SIGINT or SIGTERM.
 */
import { kafkaConnectionOrLocal, KafkaJsBroker, kafkaTopicNamespace, partnerKafkaUser } from '@rebound/kafka';
import { createLogger } from '@rebound/observability';
import { callJsonAs } from '../platform/call-json';
import { clientCredentials } from '../platform/client-credentials';
import { PartnerSimulator } from './partner-simulator';
import { pickupSchedulingInFlight } from './pickups-in-flight';
import { Command, InvalidOptionsError, USAGE, parseCommandLine } from './simulator-options';

function report(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

async function main(argv: string[]): Promise<void> {
  let command: Command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof InvalidOptionsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  if (command.kind === 'help') {
    console.log(USAGE);
    return;
  }
  const { options } = command;
  const logger = createLogger({ service: 'partner-sim', destination: process.stderr });
  const namespace = kafkaTopicNamespace();
  const broker = new KafkaJsBroker({
    connection: kafkaConnectionOrLocal(partnerKafkaUser(options.partnerId, namespace)),
    clientId: `partner-sim-${options.partnerId}`,
    logger,
    namespace,
  });
  const inFlight =
    options.resumeFrom &&
    pickupSchedulingInFlight(options.resumeFrom, callJsonAs(clientCredentials('rebound-support')));
  const simulator = new PartnerSimulator(broker, options, report, inFlight || undefined);
  await simulator.start();

  // `once`: a second signal gets Node's default, so an impatient Ctrl-C still ends the process.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    report(`${signal}: stopping after the event being sent`);
    simulator.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`partner-sim: stopping failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`partner-sim: ${error.message}`);
  process.exit(1);
});
