// The validation every edge shares, exercised without Nest: what gRPC handlers get from validateInput.
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { ProblemException } from './problem-details';
import { InputValidationError, requireIdempotencyKey, validateInput } from './validation';

class Line {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class Booking {
  @IsArray() @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
}

function rejectionOf(plain: unknown): InputValidationError {
  try {
    validateInput(Booking, plain);
  } catch (error) {
    if (error instanceof InputValidationError) return error;
    throw error;
  }
  throw new Error('expected the input to be rejected');
}

describe('validateInput', () => {
  it('returns an instance of the class, nested classes included', () => {
    const booking = validateInput(Booking, { lines: [{ sku: 'A', quantity: 2 }] });

    expect(booking).toBeInstanceOf(Booking);
    expect(booking.lines[0]).toBeInstanceOf(Line);
  });

  it('throws the 400 validation problem with every bad field once, and counts them in the detail', () => {
    const rejection = rejectionOf({ lines: [{ sku: 7, quantity: '0' }], coupon: 'FREE' });

    expect(rejection.getStatus()).toBe(400);
    expect(rejection.problem).toMatchObject({
      slug: 'validation',
      title: 'Request is invalid',
      detail: 'The request has 3 invalid fields.',
    });
    expect(rejection.errors).toEqual([
      { field: 'coupon', message: 'is not allowed' },
      { field: 'lines[0].quantity', message: 'must be an integer ≥ 1' },
      { field: 'lines[0].sku', message: 'must be a string' },
    ]);
  });

  it('treats missing input as an empty object, so each required field is named', () => {
    expect(rejectionOf(undefined).errors).toEqual([{ field: 'lines', message: 'is required' }]);
  });

  it('rejects an array where an object is expected', () => {
    expect(rejectionOf([{ lines: [] }]).errors).toEqual([{ field: '', message: 'must be a JSON object' }]);
  });
});

describe('requireIdempotencyKey', () => {
  function refusalOf(key: string | undefined): ProblemException {
    try {
      requireIdempotencyKey(key, 'a redemption needs an Idempotency-Key header, so that a retry never spends twice');
    } catch (error) {
      if (error instanceof ProblemException) return error;
      throw error;
    }
    throw new Error('the key was accepted');
  }

  it('accepts 1-255 printable ASCII characters', () => {
    expect(requireIdempotencyKey('checkout-7f3a.1', 'why')).toBe('checkout-7f3a.1');
  });

  it('refuses a missing key saying why one is needed, and names the header', () => {
    expect(refusalOf(undefined).problem).toMatchObject({
      status: 400,
      slug: 'missing-idempotency-key',
      detail: 'a redemption needs an Idempotency-Key header, so that a retry never spends twice',
      errors: [{ field: 'Idempotency-Key' }],
    });
  });

  it('refuses a key with spaces or beyond 255 characters', () => {
    for (const key of ['two words', 'k'.repeat(256), '']) {
      expect(refusalOf(key).problem).toMatchObject({
        slug: 'invalid-idempotency-key',
        errors: [{ field: 'Idempotency-Key' }],
      });
    }
  });
});
