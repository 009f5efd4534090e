import { Type } from 'class-transformer';
import { IsEmail, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { IsId, IsQuantity } from '../events/field-decorators';
import { MAX_QUANTITY } from '../events/vocabulary';
import { PayloadSchemas } from './payload-schemas';

class Parcel {
  @IsQuantity() items!: number;
}

class Shipment {
  @IsId() shipmentId!: string;
  @IsOptional() @IsId() note?: string;
  @ValidateIf((shipment: Shipment) => shipment.note !== undefined) @IsId() noteAuthor?: string;
  @ValidateNested() @Type(() => Parcel) firstParcel!: Parcel;
  @ValidateNested({ each: true }) @Type(() => Parcel) parcels!: Parcel[];
}

describe('payload schemas read off class-validator decorators', () => {
  it('requires the fields the validator requires, lets @IsOptional ones be null, and names nested classes by reference', () => {
    const schemas = new PayloadSchemas('#/s/');
    expect(schemas.refTo(Shipment)).toEqual({ $ref: '#/s/Shipment' });
    expect(schemas.all()).toEqual({
      Parcel: {
        type: 'object',
        properties: {
          items: {
            description: `Must be an integer from 1 to ${MAX_QUANTITY}.`,
            type: 'integer',
            minimum: 1,
            maximum: MAX_QUANTITY,
          },
        },
        required: ['items'],
      },
      Shipment: {
        type: 'object',
        properties: {
          shipmentId: expect.objectContaining({ type: 'string', minLength: 1, maxLength: 64 }),
          note: {
            description: 'Must be a string of 1–64 characters.',
            anyOf: [{ type: 'string', minLength: 1, maxLength: 64 }, { type: 'null' }],
          },
          noteAuthor: expect.objectContaining({ type: 'string', minLength: 1 }),
          firstParcel: { $ref: '#/s/Parcel' },
          parcels: { type: 'array', items: { $ref: '#/s/Parcel' } },
        },
        required: ['shipmentId', 'firstParcel', 'parcels'],
      },
    });
  });

  it('refuses a rule it cannot express rather than leaving it out of the schema', () => {
    class Contact {
      @IsEmail() email!: string;
    }
    expect(() => new PayloadSchemas('#/s/').refTo(Contact)).toThrow(
      'unmapped-validation-rule: Contact.email uses @isEmail, which has no JSON Schema rule in payload-schemas.ts',
    );
  });
});
