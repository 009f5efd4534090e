/** The mail sink's settings, read from the environment (see docs/notifications.md). */
import { join } from 'node:path';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { readEnvironment } from '@rebound/kernel';
import { WORKSPACE_ROOT } from '../platform/managed-process';

export class MailSinkEnvironment {
  /** Where it takes mail over SMTP: what the notifications service's SMTP_PORT points at locally. */
  @IsInt() @Min(0) @Max(65535) MAIL_SINK_SMTP_PORT = 2525;
  /** Where it shows what it took, over HTTP. */
  @IsInt() @Min(0) @Max(65535) MAIL_SINK_HTTP_PORT = 2580;
  @IsString() HOST = '127.0.0.1';
  /** The directory each message is kept in, one JSON file each, so a restarted sink still shows them. */
  @IsString() @MinLength(1) MAIL_SINK_DIR = join(WORKSPACE_ROOT, '.rebound/mail/messages');
}

/** Throws InvalidConfigError naming every bad variable. */
export function loadMailSinkEnvironment(env: NodeJS.ProcessEnv = process.env): MailSinkEnvironment {
  return readEnvironment('mail-sink', MailSinkEnvironment, env);
}
