import { behaviourFromJson, InvalidMerchantSimOptionsError, parseMerchantSimCommandLine } from './merchant-sim-options';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OLD_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

function problemsOf(argv: string[], env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseMerchantSimCommandLine(argv, env);
  } catch (error) {
    if (error instanceof InvalidMerchantSimOptionsError) return error.problems;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('the merchant simulator’s command line', () => {
  it('reads every option, a rotation’s two secrets included', () => {
    const command = parseMerchantSimCommandLine(
      [
        '--port',
        '4000',
        '--host',
        '0.0.0.0',
        '--secret',
        SECRET,
        '--secret',
        OLD_SECRET,
        '--fail-status',
        '429',
        '--fail-first',
        '3',
        '--fail-rate',
        '.25',
        '--delay=1500',
        '--seed',
        '42',
      ],
      {},
    );

    expect(command).toEqual({
      kind: 'run',
      options: {
        port: 4000,
        host: '0.0.0.0',
        secrets: [SECRET, OLD_SECRET],
        failStatus: 429,
        failFirst: 3,
        failRate: 0.25,
        delayMs: 1500,
        seed: 42,
      },
    });
  });

  it('needs nothing: a receiver on 3095 that answers every delivery at once, unverified, with a random seed', () => {
    expect(parseMerchantSimCommandLine([], {}, () => 7)).toEqual({
      kind: 'run',
      options: {
        port: 3095,
        host: '127.0.0.1',
        secrets: [],
        failStatus: 503,
        failFirst: 0,
        failRate: 0,
        delayMs: 0,
        seed: 7,
      },
    });
  });

  it('takes its port and secrets from the environment when the command line does not name them', () => {
    const command = parseMerchantSimCommandLine([], {
      MERCHANT_SIM_PORT: '3195',
      MERCHANT_SIM_SECRETS: `${SECRET}, ${OLD_SECRET}`,
    });
    expect(command).toMatchObject({ options: { port: 3195, secrets: [SECRET, OLD_SECRET] } });
    expect(parseMerchantSimCommandLine(['--secret', SECRET], { MERCHANT_SIM_SECRETS: OLD_SECRET })).toMatchObject({
      options: { secrets: [SECRET] },
    });
  });

  it.each(['--help', '-h', '--port x --help'])('answers "%s" with the usage', (line) => {
    expect(parseMerchantSimCommandLine(line.split(' '), {})).toEqual({ kind: 'help' });
  });

  it('names every bad option at once, with what it accepts, and never prints a secret', () => {
    expect(
      problemsOf([
        '--port',
        '70000',
        '--secret',
        SECRET,
        '--secret',
        'whsec_not base64!',
        '--fail-status',
        '200',
        '--fail-first=-1',
        '--fail-rate',
        '1.5',
        '--delay',
        '1s',
        '--seed',
        '4294967296',
      ]),
    ).toEqual([
      '--port "70000" must be a whole number from 0 to 65535',
      '--secret: secret 2 must be a Standard Webhooks secret: "whsec_" and the key in base64',
      '--fail-status "200" must be a whole number from 400 to 599',
      '--fail-first "-1" must be a whole number from 0 to 1000000',
      '--fail-rate "1.5" must be a number from 0 to 1 (a probability, e.g. 0.2)',
      '--delay "1s" must be a whole number from 0 to 600000',
      '--seed "4294967296" must be a whole number from 0 to 4294967295',
    ]);
  });

  it('names the environment variable a bad value came from', () => {
    expect(problemsOf([], { MERCHANT_SIM_PORT: 'http', MERCHANT_SIM_SECRETS: 'whsec_' })).toEqual([
      'MERCHANT_SIM_PORT "http" must be a whole number from 0 to 65535',
      'MERCHANT_SIM_SECRETS: secret 1 must be a Standard Webhooks secret: "whsec_" and the key in base64',
    ]);
  });

  it('refuses unknown options and stray arguments', () => {
    expect(problemsOf(['--fail', '3'])[0]).toMatch(/--fail/);
    expect(problemsOf(['3095'])[0]).toMatch(/3095/);
  });

  it('says what is wrong and where to look in its message', () => {
    expect(() => parseMerchantSimCommandLine(['--fail-rate', '2'], {})).toThrow(
      'invalid options:\n  - --fail-rate "2" must be a number from 0 to 1 (a probability, e.g. 0.2)\nrun with --help for the options',
    );
  });
});

describe('a behaviour sent over HTTP', () => {
  it('replaces the whole behaviour, what is left out being calm', () => {
    expect(behaviourFromJson({ failFirst: 2, failRate: 0.5 })).toEqual({
      failStatus: 503,
      failFirst: 2,
      failRate: 0.5,
      delayMs: 0,
    });
    expect(behaviourFromJson({})).toEqual({ failStatus: 503, failFirst: 0, failRate: 0, delayMs: 0 });
  });

  it('names every bad field, with the same limits as the command line', () => {
    expect(
      behaviourFromJson({ failStatus: 204, failFirst: 1.5, failRate: '0.2', delayMs: 600_001, fail: true }),
    ).toEqual({
      problems: [
        'fail is not a setting: failStatus, failFirst, failRate or delayMs',
        'failStatus must be a whole number from 400 to 599',
        'failFirst must be a whole number from 0 to 1000000',
        'failRate must be a number from 0 to 1 (a probability, e.g. 0.2)',
        'delayMs must be a whole number from 0 to 600000',
      ],
    });
    expect(behaviourFromJson('fail')).toEqual({
      problems: ['the body must be a JSON object: {"failStatus", "failFirst", "failRate", "delayMs"}'],
    });
  });
});
