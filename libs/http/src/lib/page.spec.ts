// The list query as it arrives from a query string: strings in, a bounded number out.
import { PageQuery } from './page';
import { InputValidationError, validateInput } from './validation';

describe('PageQuery', () => {
  it('reads limit from a query string and defaults it to 20', () => {
    expect(validateInput(PageQuery, { limit: '50', cursor: 'abc' })).toEqual(
      Object.assign(new PageQuery(), { limit: 50, cursor: 'abc' }),
    );
    expect(validateInput(PageQuery, {}).limit).toBe(20);
  });

  it.each(['0', '101', '2.5', 'ten'])('rejects limit=%s by name', (limit) => {
    let rejection: unknown;
    try {
      validateInput(PageQuery, { limit });
    } catch (error) {
      rejection = error;
    }

    expect(rejection).toBeInstanceOf(InputValidationError);
    // Every rule the value breaks is listed ('ten' breaks three), all under the one field.
    expect(new Set((rejection as InputValidationError).errors.map((problem) => problem.field))).toEqual(
      new Set(['limit']),
    );
  });

  it('rejects a cursor longer than 512 characters', () => {
    expect(() => validateInput(PageQuery, { cursor: 'a'.repeat(513) })).toThrow(InputValidationError);
  });
});
