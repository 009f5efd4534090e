// The validation every edge shares, exercised without Nest: what gRPC handlers get from validateInput.
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { InputValidationError, validateInput, validationProblems } from './validation';

class Line {
  @IsString()
  sku!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

class Address {
  @IsString()
  postalCode!: string;
}

// class-validator skips @ValidateNested on undefined: @IsArray / @IsObject make the members required.
class Booking {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Line)
  lines!: Line[];

  @IsObject()
  @ValidateNested()
  @Type(() => Address)
  address!: Address;
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
    const booking = validateInput(Booking, { lines: [{ sku: 'A', quantity: 2 }], address: { postalCode: '12345' } });

    expect(booking).toBeInstanceOf(Booking);
    expect(booking.lines[0]).toBeInstanceOf(Line);
    expect(booking.address).toBeInstanceOf(Address);
  });

  it('names every invalid field by its path, array items by index', () => {
    const rejection = rejectionOf({
      lines: [
        { sku: 'A', quantity: 1 },
        { sku: 7, quantity: 0 },
      ],
      address: {},
    });

    expect(rejection.getStatus()).toBe(400);
    expect(rejection.problem).toMatchObject({ slug: 'validation', title: 'Request is invalid' });
    expect(rejection.errors).toEqual([
      { field: 'lines[1].sku', message: 'sku must be a string' },
      { field: 'lines[1].quantity', message: 'quantity must not be less than 1' },
      { field: 'address.postalCode', message: 'postalCode must be a string' },
    ]);
  });

  it('names unknown properties as not allowed, however deep', () => {
    const rejection = rejectionOf({
      lines: [{ sku: 'A', quantity: 1, gift: true }],
      address: { postalCode: '12345' },
      coupon: 'FREE',
    });

    expect(rejection.errors).toEqual(
      expect.arrayContaining([
        { field: 'coupon', message: 'property coupon is not allowed' },
        { field: 'lines[0].gift', message: 'property gift is not allowed' },
      ]),
    );
    expect(rejection.errors).toHaveLength(2);
  });

  it('treats missing input as an empty object, so each required field is named', () => {
    expect(rejectionOf(undefined).errors.map((error) => error.field)).toEqual(['lines', 'address']);
  });

  it('rejects an array where an object is expected', () => {
    expect(rejectionOf([{ lines: [] }]).errors).toEqual([{ field: '', message: 'must be an object' }]);
  });
});

describe('validationProblems', () => {
  it('lists the same fields for callers that run class-validator themselves', () => {
    const plain = { lines: [{ sku: 'A', quantity: -1, extra: 1 }], address: { postalCode: 1 } };
    const booking = Object.assign(new Booking(), {
      lines: [Object.assign(new Line(), plain.lines[0])],
      address: Object.assign(new Address(), plain.address),
    });
    const errors = validateSync(booking, { whitelist: true, forbidNonWhitelisted: true });

    expect(validationProblems(errors)).toEqual(rejectionOf(plain).errors);
  });
});
