/** An inspection as the warehouse app reads it: its queue state, active claim, lines with their flags and disposition. */
import type { GradingRules } from '../domain/grading-rules';
import { activeClaim, flagsOf, inspectedLine, queueState, type Inspection } from '../domain/inspection';
import type { InspectionResponse } from './dto/inspection.response';

export function presentInspection(inspection: Inspection, now: Date, rules: GradingRules): InspectionResponse {
  const claim = activeClaim(inspection, now);
  return {
    inspectionId: inspection.inspectionId,
    returnId: inspection.returnId,
    orderId: inspection.orderId,
    warehouseId: inspection.warehouseId,
    state: queueState(inspection, now),
    claim: claim && {
      inspectorId: claim.inspectorId,
      inspectorClientId: claim.inspectorClientId,
      expiresAt: claim.expiresAt.toISOString(),
    },
    lines: inspection.lines.map((line) => {
      const flags = flagsOf(line, rules);
      const inspected = line.record && inspectedLine(inspection, { ...line, record: line.record }, rules, flags);
      return {
        lineId: line.lineId,
        sku: line.sku,
        category: line.category,
        expectedQuantity: line.expectedQuantity,
        unexpected: line.unexpected,
        record: line.record && {
          ...line.record,
          checklist: { ...line.record.checklist },
          photoUrls: [...line.record.photoUrls],
          recordedAt: line.record.recordedAt.toISOString(),
        },
        flags,
        disposition: inspected?.disposition ?? null,
        refundableFraction: inspected?.refundableFraction ?? null,
      };
    }),
    flagsAtCompletion: [...inspection.flagsAtCompletion],
    resolution: inspection.resolution && {
      ...inspection.resolution,
      resolvedAt: inspection.resolution.resolvedAt.toISOString(),
    },
    openedAt: inspection.openedAt.toISOString(),
    completedAt: inspection.completedAt?.toISOString() ?? null,
    traceparent: inspection.traceparent ?? null,
  };
}
