import { InvalidInspectorOptionsError, parseInspectorCommandLine } from './inspector-options';

function problemsOf(argv: string[]): readonly string[] {
  try {
    parseInspectorCommandLine(argv);
  } catch (error) {
    if (error instanceof InvalidInspectorOptionsError) return error.problems;
    throw error;
  }
  throw new Error('the options were accepted');
}

describe('the demo inspector’s command line', () => {
  it('grades every unit A unless a sku has a grade of its own', () => {
    const command = parseInspectorCommandLine([
      '--warehouse',
      'wh-berlin',
      '--sku-grade',
      'SKU-1=C',
      '--sku-grade',
      'SKU-2=D',
    ]);
    expect(command).toEqual({
      kind: 'run',
      options: expect.objectContaining({
        warehouses: ['wh-berlin'],
        defaultGrade: 'A',
        skuGrades: new Map([
          ['SKU-1', 'C'],
          ['SKU-2', 'D'],
        ]),
        warehouseQcUrl: 'http://127.0.0.1:3003',
      }),
    });
  });

  it('names every bad option at once', () => {
    expect(problemsOf(['--grade', 'excellent', '--sku-grade', 'SKU-1', '--interval', '5', '--url', 'ftp://x'])).toEqual(
      [
        '--warehouse is required: the warehouse whose queue to work',
        '--grade must be a grade code such as A or B, got "excellent"',
        '--sku-grade must look like SKU-123=C, got "SKU-1"',
        '--url must be an http(s) URL, got "ftp://x"',
        '--interval must be a whole number of milliseconds from 10 to 60000, got "5"',
      ],
    );
  });

  it('refuses an option it does not know', () => {
    expect(problemsOf(['--warehouse', 'wh-1', '--grde', 'B'])[0]).toMatch(/--grde/);
  });
});
