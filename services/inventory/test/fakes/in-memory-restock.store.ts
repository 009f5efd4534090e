/** RestockStore in memory for unit tests: restocked units, with their seconds once measured. */
import type { LatencySample, RestockStore, RestockedUnits } from '../../src/domain/ports';

export class InMemoryRestockStore implements RestockStore {
  readonly units: (RestockedUnits & { seconds: number | null })[] = [];

  async recordRestocked(units: readonly RestockedUnits[]): Promise<void> {
    for (const unit of units) {
      if (!this.units.some((known) => known.returnId === unit.returnId && known.lineId === unit.lineId)) {
        this.units.push({ ...unit, seconds: null });
      }
    }
  }

  async completeLatency(returnId: string, deliveredAt: Date): Promise<LatencySample[]> {
    const open = this.units.filter((unit) => unit.returnId === returnId && unit.seconds === null);
    for (const unit of open) {
      unit.seconds = Math.max(0, (unit.restockedAt.getTime() - deliveredAt.getTime()) / 1000);
    }
    return open.map((unit) => ({ ...unit, seconds: unit.seconds ?? 0 }));
  }
}
