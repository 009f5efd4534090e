/**
 * The mail sink's process (see docs/notifications.md), started by `scripts/stack up`:
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register scripts/mail-sink/main.ts
 * Settings: MAIL_SINK_SMTP_PORT (2525), MAIL_SINK_HTTP_PORT (2580), HOST (127.0.0.1), MAIL_SINK_DIR
 * (.rebound/mail/messages). One line per message kept on standard output.
 */
import 'reflect-metadata';
import { InvalidConfigError } from '@rebound/kernel';
import { startMailSink } from './mail-sink';
import { loadMailSinkEnvironment } from './mail-sink-environment';

async function main(): Promise<void> {
  const env = loadMailSinkEnvironment();
  const sink = await startMailSink(
    { smtpPort: env.MAIL_SINK_SMTP_PORT, httpPort: env.MAIL_SINK_HTTP_PORT, host: env.HOST, dir: env.MAIL_SINK_DIR },
    (line) => console.log(line),
  );
  console.log(
    `mail sink on smtp://${env.HOST}:${sink.smtpPort}, messages on ${sink.httpUrl}/messages ` +
      `(GET ?to=, DELETE), kept in ${env.MAIL_SINK_DIR}`,
  );
  const stop = () => sink.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof InvalidConfigError ? error.message : `mail-sink: ${(error as Error).message}`);
  process.exit(1);
});
