import { InvalidReconcileOptionsError, parseReconcileCommandLine } from './reconcile-options';

function problemsOf(argv: string[], env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseReconcileCommandLine(argv, env);
  } catch (error) {
    if (error instanceof InvalidReconcileOptionsError) return error.problems;
    throw error;
  }
  throw new Error('the options were accepted');
}

describe('the reconciliation command’s line', () => {
  it('reconciles the order as a table against the local refunds unless told otherwise', () => {
    expect(parseReconcileCommandLine(['--order', 'order-42'], {})).toEqual({
      kind: 'run',
      options: { orderId: 'order-42', json: false, refundsUrl: 'http://127.0.0.1:3005' },
    });
  });

  it('prints JSON with --json, and calls the refunds REFUNDS_URL or --url names', () => {
    expect(parseReconcileCommandLine(['--order', 'o', '--json'], { REFUNDS_URL: 'http://refunds:8080/' })).toEqual({
      kind: 'run',
      options: { orderId: 'o', json: true, refundsUrl: 'http://refunds:8080' },
    });
    expect(
      parseReconcileCommandLine(['--order', 'o', '--url', 'https://refunds.example'], { REFUNDS_URL: 'http://x' }),
    ).toMatchObject({ options: { refundsUrl: 'https://refunds.example' } });
  });

  it('names every bad option at once', () => {
    expect(problemsOf(['--url', 'ftp://refunds'])).toEqual([
      '--order is required: the order to reconcile',
      '--url must be an http(s) URL, got "ftp://refunds"',
    ]);
    expect(problemsOf(['--order', 'o'], { REFUNDS_URL: 'refunds' })).toEqual([
      'REFUNDS_URL must be an http(s) URL, got "refunds"',
    ]);
  });

  it('refuses an option it does not know, and answers --help', () => {
    expect(problemsOf(['--order', 'o', '--ordr', 'p'])[0]).toMatch(/--ordr/);
    expect(parseReconcileCommandLine(['--help'], {})).toEqual({ kind: 'help' });
  });
});
