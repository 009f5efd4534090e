/**
 * inventory's own metric, served with every service's at GET /metrics: restock latency from delivery
 * to restock, per unit. A unit is counted when its figure is completed (the use cases hand the
 * samples to the RestockLatencyObserver port it implements); the REST percentiles, read from the
 * database, are exact even across restarts.
 */
import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@rebound/service';
import { Histogram } from 'prom-client';
import type { LatencySample, RestockLatencyObserver } from '../domain/ports';

@Injectable()
export class RestockMetrics implements RestockLatencyObserver {
  private readonly latency: Histogram<'warehouse'>;

  constructor(metrics: ServiceMetrics) {
    this.latency = new Histogram({
      name: 'rebound_restock_latency_seconds',
      help: 'Time from a parcel’s delivery to the warehouse until its sellable units were restocked, per unit.',
      labelNames: ['warehouse'],
      // One minute to two weeks: inspection queues are measured in hours.
      buckets: [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800, 604_800, 1_209_600],
      registers: [metrics.registry],
    });
  }

  observe(samples: readonly LatencySample[]): void {
    for (const sample of samples) {
      for (let unit = 0; unit < sample.units; unit++) {
        this.latency.observe({ warehouse: sample.warehouseId }, sample.seconds);
      }
    }
  }
}
