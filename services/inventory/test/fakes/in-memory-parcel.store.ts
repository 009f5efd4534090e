/** ParcelStore in memory for unit tests: what was heard of each return, and its lines on the way. */
import type { InboundLine, ParcelStore, ReturnFact, ReturnProgress } from '../../src/domain/ports';

export class InMemoryParcelStore implements ParcelStore {
  readonly facts = new Map<string, Partial<Record<ReturnFact, Date>>>();
  readonly inbound: (InboundLine & { cleared: boolean })[] = [];

  async noteReturn(returnId: string, fact: ReturnFact, at: Date): Promise<ReturnProgress> {
    const facts = this.facts.get(returnId) ?? {};
    const inspectedAt = facts.inspected ?? null;
    facts[fact] ??= at;
    this.facts.set(returnId, facts);
    return { returnId, inspectedAt, deliveredAt: facts.delivered ?? null };
  }

  async expectInbound(lines: readonly InboundLine[]): Promise<InboundLine[]> {
    const fresh = lines.filter(
      (line) => !this.inbound.some((known) => known.returnId === line.returnId && known.lineId === line.lineId),
    );
    this.inbound.push(...fresh.map((line) => ({ ...line, cleared: false })));
    return fresh;
  }

  async clearInbound(returnId: string): Promise<InboundLine[]> {
    const open = this.inbound.filter((line) => line.returnId === returnId && !line.cleared);
    for (const line of open) line.cleared = true;
    return open.map(({ cleared: _cleared, ...line }) => line);
  }
}
