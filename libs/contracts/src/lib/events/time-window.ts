import { IsTimestamp } from './field-decorators';

export class TimeWindow {
  @IsTimestamp() from!: string;
  @IsTimestamp() to!: string;
}
