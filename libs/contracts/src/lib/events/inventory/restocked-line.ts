import { IsIn } from 'class-validator';
import { IsId, IsQuantity } from '../field-decorators';
import { DISPOSITIONS, STOCK_BUCKETS, type Disposition, type StockBucket } from '../vocabulary';

/** Units of one inspected line, put into the bucket its disposition names. */
export class RestockedLine {
  @IsId() lineId!: string;
  @IsId() sku!: string;
  @IsQuantity() quantity!: number;
  @IsIn(DISPOSITIONS) disposition!: Disposition;
  @IsIn(STOCK_BUCKETS) bucket!: StockBucket;
}
