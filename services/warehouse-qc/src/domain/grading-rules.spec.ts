import demoRules from '../../rules/default-rules.json';
import { GradingRules, InvalidGradingRulesError } from './grading-rules';

function violationsOf(json: unknown): string[] {
  try {
    GradingRules.parse(json);
  } catch (error) {
    if (error instanceof InvalidGradingRulesError)
      return error.violations.map(({ field, message }) => `${field}: ${message}`);
    throw error;
  }
  throw new Error('expected the rules to be refused');
}

describe('grading rules', () => {
  const rules = GradingRules.parse(demoRules);

  it('sends a grade to its category’s disposition, or to the one for every category', () => {
    expect(rules.disposition('electronics', 'B')).toBe('refurbish');
    expect(rules.disposition('garden', 'B')).toBe('restock');
    expect(rules.disposition('apparel', 'C')).toBe('liquidate');
  });

  it('asks a category its own checklist, and any other category the default one', () => {
    expect(rules.checklist('apparel').map((item) => item.key)).toEqual(['tags_attached', 'original_packaging']);
    expect(rules.checklist('garden').map((item) => item.key)).toEqual(['original_packaging']);
  });

  it('names every inconsistency of a rules file', () => {
    expect(
      violationsOf({
        grades: [
          { code: 'A', description: 'new' },
          { code: 'A', description: 'again' },
          { code: 'B', description: 'used' },
        ],
        checklists: [
          {
            category: 'apparel',
            items: [
              { key: 'tags', question: '?' },
              { key: 'tags', question: '?' },
            ],
          },
        ],
        dispositions: [
          { category: '*', grade: 'A', disposition: 'restock' },
          { category: 'toys', grade: 'Z', disposition: 'dispose' },
        ],
      }),
    ).toEqual([
      'grades[1].code: A is listed twice',
      'checklists[0].items[1].key: tags is asked twice',
      'dispositions[1].grade: Z is not one of the grades',
      'dispositions: grade B needs a rule for category *',
    ]);
    expect(
      violationsOf({ grades: [], checklists: [], dispositions: [{ category: '*', grade: 'A', disposition: 'burn' }] }),
    ).toEqual([
      'dispositions[0].disposition: must be one of: restock, refurbish, liquidate, return_to_vendor, dispose',
      'grades: must be an array with at least 1 item',
    ]);
  });
});
