/**
 * The dead-letter tool's command line (see docs/messaging.md, "Inspecting and replaying dead letters"):
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/dlt/main.ts list refunds
 *   … replay refunds --offset 0:12
 * Results go to standard output; Kafka client logs to standard error. Exits 2 on a bad command or a
 * refused replay (nothing was sent), 1 when it cannot run.
 */
import { kafkaConnectionOrLocal, KafkaJsBroker, deadLetterToolAccess, kafkaTopicNamespace } from '@rebound/kafka';
import { createLogger } from '@rebound/observability';
import { DeadLetterTool } from './dead-letter-tool';
import { formatDeadLetter } from './dead-letter-entry';
import { Command, InvalidCommandError, USAGE, parseCommandLine } from './dlt-options';
import { ReplayRefusedError } from './replay-plan';
import { TopicNotFoundError } from './topic-reader';

async function main(argv: string[]): Promise<void> {
  let command: Command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof InvalidCommandError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  if (command.kind === 'help') {
    console.log(USAGE);
    return;
  }
  const namespace = kafkaTopicNamespace();
  const where = namespace ? ` (topic namespace ${namespace})` : '';
  const tool = new DeadLetterTool(
    new KafkaJsBroker({
      connection: kafkaConnectionOrLocal(deadLetterToolAccess(namespace).user),
      clientId: 'rebound-dlt',
      logger: createLogger({ service: 'dlt', destination: process.stderr }),
      namespace,
    }),
  );
  try {
    if (command.kind === 'list') await list(tool, command, where);
    else await replay(tool, command, where);
  } catch (error) {
    if (error instanceof ReplayRefusedError) {
      console.error(error.message);
      process.exit(2);
    }
    if (error instanceof TopicNotFoundError) {
      throw new Error(`${error.message}${where}; scripts/stack up creates the catalogue's topics`);
    }
    throw error;
  }
}

async function list(tool: DeadLetterTool, command: Extract<Command, { kind: 'list' }>, where: string): Promise<void> {
  const listing = await tool.list(command.service);
  if (command.json) {
    console.log(JSON.stringify(listing, null, 2));
    return;
  }
  for (const entry of listing.deadLetters) console.log(formatDeadLetter(entry));
  console.log(`${listing.deadLetters.length} dead letter(s) in ${listing.topic}${where}`);
}

async function replay(
  tool: DeadLetterTool,
  command: Extract<Command, { kind: 'replay' }>,
  where: string,
): Promise<void> {
  const report = await tool.replay(command.service, command.selection, { dryRun: command.dryRun });
  const verb = report.dryRun ? 'would replay' : 'replayed';
  for (const { deadLetter, sentTo } of report.replayed) {
    console.log(
      `${verb} ${deadLetter.partition}:${deadLetter.offset} (${deadLetter.eventType ?? '-'} ${deadLetter.eventId ?? '-'})` +
        ` to ${sentTo} for ${deadLetter.consumerGroup}`,
    );
  }
  console.log(`${verb} ${report.replayed.length} dead letter(s) from ${report.topic}${where}`);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`dlt: ${error.message}`);
  process.exit(1);
});
