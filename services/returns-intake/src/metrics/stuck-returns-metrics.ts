/**
 * returns-intake's own metric, served with every service's at GET /metrics: how many returns are
 * stuck, per waiting status. Counted from the database (one indexed count per status) at most every
 * STUCK_GAUGE_REFRESH_SECONDS, so frequent scrapes by several Prometheus servers cost one count; every
 * replica reports the same numbers, so alerts take the max across replicas.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { CLOCK, ServiceMetrics } from '@rebound/service';
import type { IntakeConfig } from '../config/intake-config';
import type { Clock, ReturnsView } from '../domain/ports';
import type { WaitingStatus } from '../domain/stuck-returns';
import { INTAKE_CONFIG, RETURNS_VIEW } from '../providers';

@Injectable()
export class StuckReturnsMetrics {
  private counted: { at: number; stuck: Map<WaitingStatus, number> } | undefined;

  constructor(
    metrics: ServiceMetrics,
    @Inject(RETURNS_VIEW) private readonly view: ReturnsView,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
  ) {
    const stuck = () => this.stuck();
    new Gauge({
      name: 'rebound_returns_stuck',
      help: 'Returns resting in a waiting status longer than it allows (STUCK_AFTER), by status.',
      labelNames: ['status'],
      registers: [metrics.registry],
      async collect() {
        for (const [status, count] of await stuck()) this.set({ status }, count);
      },
    });
  }

  private async stuck(): Promise<Map<WaitingStatus, number>> {
    const now = this.clock.now();
    const { thresholds, gaugeRefreshSeconds } = this.config.stuck;
    if (!this.counted || now.getTime() - this.counted.at >= gaugeRefreshSeconds * 1000) {
      const stuck = await this.view.countStuck(thresholds, now);
      this.counted = { at: now.getTime(), stuck };
    }
    return this.counted.stuck;
  }
}
