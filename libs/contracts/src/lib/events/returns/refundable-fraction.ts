import { Matches } from 'class-validator';
import { IsFraction } from '../field-decorators';
import { GRADE_PATTERN } from '../vocabulary';

/** The share of a line's price refunded when inspection gives it `grade`. */
export class RefundableFraction {
  @Matches(GRADE_PATTERN) grade!: string;
  @IsFraction() fraction!: number;
}
