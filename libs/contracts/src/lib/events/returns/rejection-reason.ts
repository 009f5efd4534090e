import { IsId, IsText } from '../field-decorators';

export class RejectionReason {
  /** Stable code of the policy rule that refused the line. */
  @IsId() code!: string;
  /** Explanation for the customer. */
  @IsText() message!: string;
}
