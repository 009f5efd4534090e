import { Services } from '@rebound/contracts';
import { InvalidCommandError, parseCommandLine } from './dlt-options';

function problemsOf(argv: string[]): readonly string[] {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof InvalidCommandError) return error.problems;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

const SERVICES = 'returns-intake, pickup-scheduling, warehouse-qc, inventory, refunds, notifications';

describe('the dead-letter tool command line', () => {
  it('lists a service by its name, as lines or as JSON', () => {
    expect(parseCommandLine(['list', 'refunds'])).toEqual({ kind: 'list', service: Services.refunds, json: false });
    expect(parseCommandLine(['list', 'warehouse-qc', '--json'])).toEqual({
      kind: 'list',
      service: Services.warehouseQc,
      json: true,
    });
  });

  it('replays dead letters by coordinates, repeated or comma-separated, and by event id', () => {
    const eventId = '6c1f6f0e-5d0b-4f7e-9a57-0d5e1c0a9b11';

    expect(
      parseCommandLine([
        'replay',
        'inventory',
        '--offset',
        '0:12',
        '--offset',
        '1:3',
        '--offset=2:0,0:12',
        '--event-id',
        eventId,
        '--dry-run',
      ]),
    ).toEqual({
      kind: 'replay',
      service: Services.inventory,
      selection: {
        kind: 'some',
        offsets: [
          { partition: 0, offset: 12 },
          { partition: 1, offset: 3 },
          { partition: 2, offset: 0 },
        ],
        eventIds: [eventId],
      },
      dryRun: true,
    });
  });

  it('replays everything with --all', () => {
    expect(parseCommandLine(['replay', 'refunds', '--all'])).toEqual({
      kind: 'replay',
      service: Services.refunds,
      selection: { kind: 'all' },
      dryRun: false,
    });
  });

  it.each(['--help', '-h', 'replay nope --help'])('answers "%s" with the usage', (line) => {
    expect(parseCommandLine(line.split(' '))).toEqual({ kind: 'help' });
  });

  it('names the valid services when the service is unknown or missing', () => {
    expect(problemsOf(['list', 'refund'])).toEqual([`unknown service "refund": use one of ${SERVICES}`]);
    expect(problemsOf(['list'])).toEqual([`a service is required: one of ${SERVICES}`]);
  });

  it('needs a known command', () => {
    expect(problemsOf([])).toEqual([
      'a command is required: list or replay',
      `a service is required: one of ${SERVICES}`,
    ]);
    expect(problemsOf(['show', 'refunds'])).toEqual(['unknown command "show": use list or replay']);
  });

  it('will not replay without being told what, nor --all together with a selection', () => {
    expect(problemsOf(['replay', 'refunds'])).toEqual([
      'say what to replay: --offset <partition>:<offset>, --event-id <id> or --all',
    ]);
    expect(problemsOf(['replay', 'refunds', '--all', '--offset', '0:1'])).toEqual([
      '--all replays every dead letter: give it without --offset and --event-id',
    ]);
  });

  it('reports every bad argument at once', () => {
    expect(problemsOf(['replay', 'refunds', 'extra', '--offset', '0-12', '--json'])).toEqual([
      'unexpected argument "extra"',
      '--json goes with list',
      '--offset "0-12" must be <partition>:<offset>, two whole numbers as list prints them (e.g. 0:12)',
    ]);
  });

  it('says how to give several offsets when one follows another without --offset', () => {
    expect(problemsOf(['replay', 'refunds', '--offset', '0:12', '1:3'])).toEqual([
      'unexpected argument "1:3": give several offsets as --offset 0:12,1:3 or --offset 0:12 --offset 1:3',
    ]);
  });

  it('refuses an unknown option, and an option without its value', () => {
    expect(problemsOf(['list', 'refunds', '--fast'])).toEqual([expect.stringMatching(/^Unknown option '--fast'/)]);
    expect(problemsOf(['replay', 'refunds', '--offset'])).toEqual([
      expect.stringMatching(/^Option '--offset <value>' argument missing/),
    ]);
  });

  it('keeps the replay options away from list', () => {
    expect(problemsOf(['list', 'refunds', '--all', '--dry-run', '--offset', '0:1'])).toEqual([
      '--offset goes with replay',
      '--all goes with replay',
      '--dry-run goes with replay',
    ]);
  });
});
