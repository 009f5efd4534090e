/**
 * The InspectionsStore port in memory, for unit tests of the use cases: one inspection per return,
 * and a claim that another inspector's active claim refuses, as the Postgres store's update does.
 */
import type { Actor } from '@rebound/contracts';
import type { Inspection, InspectionLine, LineRecord } from '../../src/domain/inspection';
import type { ClaimOutcome, InspectionsStore } from '../../src/domain/ports';

export class InMemoryInspectionsStore implements InspectionsStore {
  readonly inspections = new Map<string, Inspection>();

  async insertInspection(inspection: Inspection): Promise<boolean> {
    if ([...this.inspections.values()].some((kept) => kept.returnId === inspection.returnId)) return false;
    this.inspections.set(inspection.inspectionId, inspection);
    return true;
  }

  async lockInspection(inspectionId: string): Promise<Inspection | undefined> {
    return this.inspections.get(inspectionId);
  }

  async claim(inspectionId: string, inspector: Actor, now: Date, expiresAt: Date): Promise<ClaimOutcome> {
    const inspection = this.inspections.get(inspectionId);
    if (!inspection) return { outcome: 'missing' };
    if (inspection.status !== 'open') return { outcome: 'closed', status: inspection.status };
    const { claim } = inspection;
    if (claim && claim.expiresAt > now && claim.inspectorId !== inspector.subject) {
      return { outcome: 'taken', holder: claim.inspectorId, until: claim.expiresAt };
    }
    this.inspections.set(inspectionId, {
      ...inspection,
      claim: { inspectorId: inspector.subject, inspectorClientId: inspector.clientId, expiresAt },
    });
    return { outcome: 'won' };
  }

  async saveLine(inspectionId: string, line: InspectionLine, record: LineRecord): Promise<void> {
    const inspection = this.existing(inspectionId);
    this.inspections.set(inspectionId, {
      ...inspection,
      lines: inspection.lines.map((kept) => (kept.lineId === line.lineId ? { ...kept, record } : kept)),
    });
  }

  async addLine(inspectionId: string, line: InspectionLine): Promise<void> {
    const inspection = this.existing(inspectionId);
    this.inspections.set(inspectionId, { ...inspection, lines: [...inspection.lines, line] });
  }

  async updateInspection(inspection: Inspection): Promise<void> {
    const kept = this.existing(inspection.inspectionId);
    // Lines change through saveLine and addLine only, as in Postgres.
    this.inspections.set(inspection.inspectionId, { ...inspection, lines: kept.lines });
  }

  /** The one inspection of a return, or undefined. */
  ofReturn(returnId: string): Inspection | undefined {
    return [...this.inspections.values()].find((inspection) => inspection.returnId === returnId);
  }

  private existing(inspectionId: string): Inspection {
    const inspection = this.inspections.get(inspectionId);
    if (!inspection) throw new Error(`no inspection ${inspectionId}`);
    return inspection;
  }
}
