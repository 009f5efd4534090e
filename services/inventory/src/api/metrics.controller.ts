/** Prometheus scrapes GET /metrics. */
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RestockMetrics } from '../metrics/restock-metrics';

@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: RestockMetrics) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
