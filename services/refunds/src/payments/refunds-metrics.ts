import { ServiceMetrics } from '@rebound/service';
/**
 * refunds' own metric, served with every service's at GET /metrics: refunds by method and state,
 * counted from the database at each scrape, so it is exact across restarts and replicas.
 */
import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

@Injectable()
export class RefundsMetrics {
  constructor(metrics: ServiceMetrics, dataSource: DataSource) {
    new Gauge({
      name: 'rebound_refunds',
      help: 'Refunds by method and state (pending, processing, succeeded, failed, needs_attention).',
      labelNames: ['method', 'state'],
      registers: [metrics.registry],
      async collect() {
        const rows: { method: string; state: string; count: number }[] = await dataSource.query(
          'SELECT method, state, count(*)::int AS count FROM refunds GROUP BY method, state',
        );
        this.reset();
        for (const row of rows) this.set({ method: row.method, state: row.state }, row.count);
      },
    });
  }
}
