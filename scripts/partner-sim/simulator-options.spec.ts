import { InvalidOptionsError, parseCommandLine } from './simulator-options';

function problemsOf(argv: string[]): readonly string[] {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof InvalidOptionsError) return error.problems;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseCommandLine', () => {
  it('reads every option, in both --name value and --name=value form', () => {
    const command = parseCommandLine([
      '--partner',
      'acme-logistics',
      '--delay=100-250',
      '--failure-rate',
      '0.2',
      '--max-failed-attempts',
      '1',
      '--duplicate-rate',
      '.05',
      '--reorder-rate=1',
      '--seed',
      '42',
      '--from-beginning',
      '--partitions',
      '3',
      '--resume-from',
      'http://127.0.0.1:3002',
    ]);

    expect(command).toEqual({
      kind: 'run',
      options: {
        partnerId: 'acme-logistics',
        minDelayMs: 100,
        maxDelayMs: 250,
        failureRate: 0.2,
        maxFailedAttempts: 1,
        duplicateRate: 0.05,
        reorderRate: 1,
        seed: 42,
        fromBeginning: true,
        partitions: 3,
        resumeFrom: 'http://127.0.0.1:3002',
      },
    });
  });

  it('needs only the partner: calm and realistic delays, new bookings only, a random seed', () => {
    expect(parseCommandLine(['--partner', 'acme-logistics'], () => 7)).toEqual({
      kind: 'run',
      options: {
        partnerId: 'acme-logistics',
        minDelayMs: 500,
        maxDelayMs: 2000,
        failureRate: 0,
        maxFailedAttempts: Number.POSITIVE_INFINITY,
        duplicateRate: 0,
        reorderRate: 0,
        seed: 7,
        fromBeginning: false,
        partitions: 6,
      },
    });
  });

  it('takes a single delay as a fixed wait, 0 meaning as fast as possible', () => {
    expect(parseCommandLine(['--partner', 'acme', '--delay', '0'])).toMatchObject({
      options: { minDelayMs: 0, maxDelayMs: 0 },
    });
  });

  it.each(['--help', '-h', '--partner NOT_VALID --help'])('answers "%s" with the usage', (line) => {
    expect(parseCommandLine(line.split(' '))).toEqual({ kind: 'help' });
  });

  it('refuses to run without a partner', () => {
    expect(problemsOf([])).toEqual(['--partner is required']);
  });

  it('names every bad option at once, with what it accepts', () => {
    expect(
      problemsOf([
        '--partner',
        'Acme_Logistics',
        '--delay',
        '2000-500',
        '--failure-rate',
        '1.5',
        '--duplicate-rate',
        'often',
        '--reorder-rate',
        '-0.1',
        '--max-failed-attempts',
        '1.5',
        '--seed',
        '4294967296',
        '--partitions',
        '0',
        '--resume-from',
        'localhost:3002',
      ]),
    ).toEqual([
      '--partner "Acme_Logistics" must be 1 to 63 lowercase letters, digits and "-", not starting with "-"',
      '--delay "2000-500": the minimum is larger than the maximum',
      '--failure-rate "1.5" must be a number from 0 to 1 (a probability, e.g. 0.2)',
      '--max-failed-attempts "1.5" must be a whole number from 0 to 1000',
      '--duplicate-rate "often" must be a number from 0 to 1 (a probability, e.g. 0.2)',
      '--reorder-rate "-0.1" must be a number from 0 to 1 (a probability, e.g. 0.2)',
      '--seed "4294967296" must be a whole number from 0 to 4294967295',
      '--partitions "0" must be a whole number from 1 to 1000',
      '--resume-from "localhost:3002" must be an http(s) URL, like http://127.0.0.1:3002',
    ]);
  });

  it('refuses a delay that is not milliseconds or longer than an hour', () => {
    expect(problemsOf(['--partner', 'acme', '--delay', '1s'])).toEqual([
      '--delay "1s" must be milliseconds: one number (0 = no wait) or a range like 500-2000',
    ]);
    expect(problemsOf(['--partner', 'acme', '--delay', '0-3600001'])).toEqual([
      '--delay "0-3600001" must be at most 3600000 ms (one hour)',
    ]);
  });

  it('refuses unknown options, stray arguments, missing values, repeated options and values for flags', () => {
    expect(
      problemsOf([
        '--partner',
        'acme',
        '--failure',
        '0.2',
        '--seed',
        '--partner=acme',
        '--from-beginning=yes',
        '--delay',
      ]),
    ).toEqual([
      'unknown option --failure',
      'unexpected argument "0.2": every option starts with --',
      '--seed needs a value',
      '--partner is given more than once',
      '--from-beginning takes no value',
      '--delay needs a value',
    ]);
  });

  it('says what is wrong and where to look in its message', () => {
    expect(() => parseCommandLine(['--partner', 'acme', '--failure-rate', '2'])).toThrow(
      'invalid options:\n  - --failure-rate "2" must be a number from 0 to 1 (a probability, e.g. 0.2)\nrun with --help for the options',
    );
  });
});
