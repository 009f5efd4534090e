/** The ExpectedReturnsStore port in memory, for unit tests: each return and held arrival kept once. */
import type { Arrival, ExpectedReturn, ExpectedReturnsStore } from '../../src/domain/ports';

export class InMemoryExpectedReturnsStore implements ExpectedReturnsStore {
  readonly returns = new Map<string, ExpectedReturn>();
  readonly arrivals = new Map<string, Arrival>();

  /** One test runs one use case at a time: nothing to wait for. */
  lockReturn(): Promise<void> {
    return Promise.resolve();
  }

  async rememberReturn(expected: ExpectedReturn): Promise<boolean> {
    if (this.returns.has(expected.returnId)) return false;
    this.returns.set(expected.returnId, expected);
    return true;
  }

  async findReturn(returnId: string): Promise<ExpectedReturn | undefined> {
    return this.returns.get(returnId);
  }

  async holdArrival(arrival: Arrival): Promise<boolean> {
    if (this.arrivals.has(arrival.returnId)) return false;
    this.arrivals.set(arrival.returnId, arrival);
    return true;
  }

  async takeArrival(returnId: string): Promise<Arrival | undefined> {
    const arrival = this.arrivals.get(returnId);
    this.arrivals.delete(returnId);
    return arrival;
  }
}
