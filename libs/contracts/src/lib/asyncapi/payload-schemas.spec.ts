import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { IsId, IsQuantity, RequiredWhen } from '../events/field-decorators';
import { MAX_QUANTITY } from '../events/vocabulary';
import { PayloadSchemas } from './payload-schemas';

class Parcel {
  @IsQuantity() items!: number;
}

class Shipment {
  @IsId() shipmentId!: string;
  @IsIn(['parcel', 'pallet']) kind!: string;
  @IsOptional() @IsId() note?: string;
  @RequiredWhen('kind', ['pallet'], 'checked-when-given') @IsId() forklift?: string;
  @RequiredWhen('kind', ['parcel'], 'unchecked') @IsId() courier?: string;
  @ValidateNested() @Type(() => Parcel) firstParcel!: Parcel;
  @ValidateNested({ each: true }) @Type(() => Parcel) parcels!: Parcel[];
}

describe('payload schemas read off class-validator decorators', () => {
  it('requires the fields the validator requires, lets @IsOptional ones be null, states @RequiredWhen as if/then, and names nested classes by reference', () => {
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
          kind: expect.objectContaining({ enum: ['parcel', 'pallet'] }),
          forklift: {
            description: 'Must be a string of 1–64 characters. Required when kind is one of: pallet.',
            type: 'string',
            minLength: 1,
            maxLength: 64,
          },
          courier: {
            description:
              'Must be a string of 1–64 characters. Required when kind is one of: parcel. Not checked otherwise.',
          },
          firstParcel: { $ref: '#/s/Parcel' },
          parcels: { type: 'array', items: { $ref: '#/s/Parcel' } },
        },
        required: ['shipmentId', 'kind', 'firstParcel', 'parcels'],
        allOf: [
          {
            if: { properties: { kind: { enum: ['pallet'] } }, required: ['kind'] },
            then: { required: ['forklift'] },
          },
          {
            if: { properties: { kind: { enum: ['parcel'] } }, required: ['kind'] },
            then: {
              required: ['courier'],
              properties: { courier: { type: 'string', minLength: 1, maxLength: 64 } },
            },
          },
        ],
      },
    });
  });

  it('refuses a condition it cannot read rather than leaving it out of the schema', () => {
    class Note {
      @IsOptional() @IsId() text?: string;
      @ValidateIf((note: Note) => note.text !== undefined) @IsId() author?: string;
    }
    expect(() => new PayloadSchemas('#/s/').refTo(Note)).toThrow(
      'unmapped-condition: Note.author uses @ValidateIf, which JSON Schema cannot state; use @RequiredWhen',
    );
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
