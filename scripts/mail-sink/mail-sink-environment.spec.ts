import { join } from 'node:path';
import { InvalidConfigError } from '@rebound/kernel';
import { WORKSPACE_ROOT } from '../platform/managed-process';
import { loadMailSinkEnvironment } from './mail-sink-environment';

describe('the mail sink’s settings', () => {
  it('listens where the local stack expects it unless told otherwise, keeping mail under .rebound/mail', () => {
    expect({ ...loadMailSinkEnvironment({}) }).toEqual({
      MAIL_SINK_SMTP_PORT: 2525,
      MAIL_SINK_HTTP_PORT: 2580,
      HOST: '127.0.0.1',
      MAIL_SINK_DIR: join(WORKSPACE_ROOT, '.rebound/mail/messages'),
    });
    expect(loadMailSinkEnvironment({ MAIL_SINK_SMTP_PORT: '2526', MAIL_SINK_DIR: '/tmp/mail' })).toMatchObject({
      MAIL_SINK_SMTP_PORT: 2526,
      MAIL_SINK_DIR: '/tmp/mail',
    });
  });

  it('names every bad setting at once', () => {
    let problems: readonly string[] = [];
    try {
      loadMailSinkEnvironment({ MAIL_SINK_SMTP_PORT: 'smtp', MAIL_SINK_HTTP_PORT: '70000' });
    } catch (error) {
      problems = (error as InvalidConfigError).problems;
    }
    expect([...problems].sort()).toEqual([
      'MAIL_SINK_HTTP_PORT="70000": must be an integer from 0 to 65535',
      'MAIL_SINK_SMTP_PORT="smtp": must be an integer from 0 to 65535',
    ]);
  });
});
