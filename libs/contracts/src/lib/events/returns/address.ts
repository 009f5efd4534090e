import { IsOptional, Matches } from 'class-validator';
import { IsText } from '../field-decorators';
import { COUNTRY_PATTERN } from '../vocabulary';

export class Address {
  @IsText() name!: string;
  @IsText() line1!: string;
  @IsOptional() @IsText() line2?: string;
  @IsText() postalCode!: string;
  @IsText() city!: string;
  @Matches(COUNTRY_PATTERN) country!: string;
  @IsOptional() @IsText() phone?: string;
}
