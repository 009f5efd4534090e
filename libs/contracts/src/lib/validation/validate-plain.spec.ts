// How untrusted JSON is judged on every edge: one message per field, everything wrong at once.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsTimestamp } from '../events/field-decorators';
import { describePattern } from './field-expectation';
import { MAX_NESTING, validatePlain } from './validate-plain';

class Line {
  @IsString() @Length(1, 64) sku!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsOptional() @IsArray() @ArrayMaxSize(3) @IsIn(['a', 'b'], { each: true }) tags?: string[];
}

class Window {
  @IsTimestamp() from!: string;
}

class Booking {
  @IsUUID() bookingId!: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
  // No @IsObject: a missing nested object must still be reported as required.
  @ValidateNested() @Type(() => Window) window!: Window;
  @IsOptional() @IsString() @MaxLength(10) note?: string;
  @IsInt() @NotEquals(0) @Min(-5) @Max(5) delta!: number;
  @Matches(describePattern(/^[A-Z]{2}$/, 'a country code such as DE')) country!: string;
  @IsBoolean() urgent = false;
  @IsOptional() @IsObject() answers?: Record<string, boolean>;
  @ValidateIf((booking: Booking) => booking.urgent) @IsString() reason?: string;
}

const VALID = {
  bookingId: '6f1c6a7e-8d4b-4c3a-9e5f-1a2b3c4d5e6f',
  lines: [{ sku: 'A', quantity: 1 }],
  window: { from: '2026-12-01T10:00:00Z' },
  delta: 2,
  country: 'DE',
};

function violations(plain: unknown, unknownFields: 'reject' | 'drop' = 'reject') {
  const result = validatePlain(Booking, plain, { unknownFields });
  return result.valid ? [] : result.violations;
}

describe('validatePlain', () => {
  it('returns an instance of the class, nested classes included, with defaults applied', () => {
    const result = validatePlain(Booking, VALID, { unknownFields: 'reject' });

    expect(result.valid).toBe(true);
    if (!result.valid) return;
    expect(result.value).toBeInstanceOf(Booking);
    expect(result.value.lines[0]).toBeInstanceOf(Line);
    expect(result.value.window).toBeInstanceOf(Window);
    expect(result.value.urgent).toBe(false);
  });

  it('says what each field must be, once, however many of its rules it breaks', () => {
    expect(
      violations({
        ...VALID,
        bookingId: 'x',
        lines: [{ sku: '', quantity: '1', tags: ['a', 'c', 'a', 'b'] }],
        note: 'far too long a note',
        delta: 0,
        country: 'de',
        window: { from: '2026-12-01T10:00:00' },
      }),
    ).toEqual([
      { field: 'bookingId', message: 'must be a UUID' },
      { field: 'country', message: 'must be a country code such as DE' },
      { field: 'delta', message: 'must be an integer from -5 to 5, other than 0' },
      { field: 'lines[0].quantity', message: 'must be an integer ≥ 1' },
      { field: 'lines[0].sku', message: 'must be a string of 1–64 characters' },
      { field: 'lines[0].tags', message: 'must be an array with at most 3 items, each one of: a, b' },
      { field: 'note', message: 'must be a string of at most 10 characters' },
      {
        field: 'window.from',
        message: 'must be an ISO-8601 timestamp with a time zone (Z or ±hh:mm)',
      },
    ]);
  });

  it('names every missing required field, nested objects without @IsObject included, and not the optional ones', () => {
    expect(violations({ lines: [{}] })).toEqual([
      { field: 'bookingId', message: 'is required' },
      { field: 'country', message: 'is required' },
      { field: 'delta', message: 'is required' },
      { field: 'lines[0].quantity', message: 'is required' },
      { field: 'lines[0].sku', message: 'is required' },
      { field: 'window', message: 'is required' },
    ]);
    expect(violations({ ...VALID, lines: null })).toEqual([{ field: 'lines', message: 'is required' }]);
  });

  it('requires a conditional field when its condition holds', () => {
    expect(violations({ ...VALID, urgent: true })).toEqual([{ field: 'reason', message: 'is required' }]);
  });

  it('refuses unknown fields by name at any depth, or drops them for events', () => {
    const plain = { ...VALID, coupon: 'FREE', lines: [{ sku: 'A', quantity: 1, colour: 'red' }] };

    expect(violations(plain)).toEqual([
      { field: 'coupon', message: 'is not allowed' },
      { field: 'lines[0].colour', message: 'is not allowed' },
    ]);
    const dropped = validatePlain(Booking, plain, { unknownFields: 'drop' });
    expect(dropped.valid).toBe(true);
    expect(dropped.valid && Object.keys(dropped.value)).not.toContain('coupon');
  });

  it('refuses keys named like prototype members even where unknown fields are dropped, and in free-form maps', () => {
    const plain = JSON.parse(
      `{"bookingId":"${VALID.bookingId}","lines":[{"sku":"A","quantity":1,"constructor":{}}],` +
        '"window":{"from":"2026-12-01T10:00:00Z"},"delta":1,"country":"DE",' +
        '"answers":{"__proto__":{"polluted":true}},"__proto__":{"isAdmin":true}}',
    );

    expect(violations(plain, 'drop')).toEqual([
      { field: '__proto__', message: 'is not allowed' },
      { field: 'answers.__proto__', message: 'is not allowed' },
      { field: 'lines[0].constructor', message: 'is not allowed' },
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses control characters in values and keys, but keeps tabs and line breaks as text', () => {
    expect(violations({ ...VALID, note: 'a\u0000b', answers: { 'x\u0007': true } })).toEqual([
      { field: 'answers.x\u0007', message: 'is not allowed' },
      { field: 'note', message: 'must not contain control characters' },
    ]);
    expect(violations({ ...VALID, note: 'a\tb\r\nc' })).toEqual([]);
  });

  it('refuses input nested deeper than any document before anything recurses into it', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 200_000; level += 1) deep = [deep];

    expect(violations({ ...VALID, lines: deep })).toEqual([
      { field: 'lines', message: `is nested more than ${MAX_NESTING} levels deep` },
    ]);
  });

  it('refuses anything but a JSON object as the whole input', () => {
    for (const plain of [null, 'text', 42, [VALID]]) {
      expect(violations(plain)).toEqual([{ field: '', message: 'must be a JSON object' }]);
    }
  });
});
