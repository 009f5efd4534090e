/**
 * The operations behind the warehouse app's REST API. Domain refusals (QcError) leave as problem
 * details: 404 unknown, 409 a state that does not allow it, 400 findings that break the rules.
 */
import { decodeCursor, encodeCursor, invalidCursor, type Page } from '@rebound/kernel';
import type { Actor } from '@rebound/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemException, isUuid, requireUuid } from '@rebound/http';
import type { QcConfig } from '../config/qc-config';
import { QcError } from '../domain/errors';
import type { GradingRules } from '../domain/grading-rules';
import { QUEUE_STATES, activeClaim, flagsOf, inspectedLine, queueState, type Inspection } from '../domain/inspection';
import type { Clock, TransactionRunner } from '../domain/ports';
import { ClaimInspection } from '../domain/use-cases/claim-inspection/claim-inspection';
import { CompleteInspection } from '../domain/use-cases/complete-inspection/complete-inspection';
import { RecordLine } from '../domain/use-cases/record-line/record-line';
import { ResolveHold } from '../domain/use-cases/resolve-hold/resolve-hold';
import { PgQcStore } from '../persistence/pg-qc.store';
import { CLOCK, GRADING_RULES, QC_CONFIG, TRANSACTIONS } from '../providers';
import type {
  QueueQuery,
  RecordLineRequest,
  ResolveHoldRequest,
  UnexpectedItemRequest,
} from './dto/inspection.requests';
import type { InspectionResponse } from './dto/inspection.response';

const STATUS: Record<QcError['kind'], number> = { 'not-found': 404, conflict: 409, invalid: 400, unprocessable: 422 };

@Injectable()
export class QcApiService {
  private readonly claimInspection: ClaimInspection;
  private readonly recordLine: RecordLine;
  private readonly completeInspection: CompleteInspection;
  private readonly resolveHold: ResolveHold;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TRANSACTIONS) transactions: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GRADING_RULES) private readonly rules: GradingRules,
    @Inject(QC_CONFIG) config: QcConfig,
  ) {
    this.claimInspection = new ClaimInspection(transactions, clock, config.claimTtlSeconds);
    this.recordLine = new RecordLine(transactions, clock, rules);
    this.completeInspection = new CompleteInspection(transactions, clock, rules);
    this.resolveHold = new ResolveHold(transactions, clock, rules);
  }

  async queue(warehouseId: string, query: QueueQuery): Promise<Page<InspectionResponse>> {
    const now = this.clock.now();
    let after: { rank: number; openedAt: Date; inspectionId: string } | undefined;
    if (query.cursor !== undefined) {
      const position = decodeCursor(query.cursor, ['rank', 'openedAt', 'inspectionId']);
      after = {
        rank: Number(position.rank),
        openedAt: new Date(String(position.openedAt)),
        inspectionId: String(position.inspectionId),
      };
      if (!Number.isInteger(after.rank) || Number.isNaN(after.openedAt.getTime()) || !isUuid(after.inspectionId)) {
        throw invalidCursor();
      }
    }
    const rows = await this.store().queue(warehouseId, now, query.state, query.limit + 1, after);
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const rank = (inspection: Inspection) => QUEUE_STATES.indexOf(queueState(inspection, now));
    return {
      items: items.map((inspection) => this.present(inspection, now)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ rank: rank(last), openedAt: last.openedAt.toISOString(), inspectionId: last.inspectionId })
          : null,
    };
  }

  async get(inspectionId: string): Promise<InspectionResponse> {
    requireUuid(inspectionId, 'inspectionId');
    const inspection = await this.store().findInspection(inspectionId);
    if (!inspection) throw notFound(`inspection ${inspectionId} does not exist`);
    return this.present(inspection, this.clock.now());
  }

  async ofReturn(returnId: string): Promise<InspectionResponse> {
    requireUuid(returnId, 'returnId');
    const inspection = await this.store().inspectionOfReturn(returnId);
    if (!inspection) throw notFound(`return ${returnId} has no inspection (its parcel has not reached a warehouse)`);
    return this.present(inspection, this.clock.now());
  }

  claim(inspectionId: string, inspector: Actor): Promise<InspectionResponse> {
    return this.changed(inspectionId, () => this.claimInspection.execute(inspectionId, inspector));
  }

  record(
    inspectionId: string,
    lineId: string,
    inspector: Actor,
    request: RecordLineRequest,
  ): Promise<InspectionResponse> {
    return this.changed(inspectionId, () =>
      this.recordLine.record(inspectionId, lineId, inspector, {
        receivedQuantity: request.receivedQuantity,
        grade: request.grade,
        checklist: request.checklist,
        wrongItem: request.wrongItem ?? false,
        notes: request.notes ?? null,
        photoUrls: request.photoUrls ?? [],
      }),
    );
  }

  addUnexpected(inspectionId: string, inspector: Actor, request: UnexpectedItemRequest): Promise<InspectionResponse> {
    return this.changed(inspectionId, () =>
      this.recordLine.addUnexpected(inspectionId, inspector, {
        sku: request.sku,
        category: request.category ?? null,
        quantity: request.quantity,
        grade: request.grade,
        notes: request.notes ?? null,
        photoUrls: request.photoUrls ?? [],
      }),
    );
  }

  complete(inspectionId: string, inspector: Actor): Promise<InspectionResponse> {
    return this.changed(inspectionId, () => this.completeInspection.execute(inspectionId, inspector));
  }

  resolve(inspectionId: string, supervisor: Actor, request: ResolveHoldRequest): Promise<InspectionResponse> {
    return this.changed(inspectionId, () =>
      this.resolveHold.execute(inspectionId, supervisor, {
        note: request.note,
        corrections: request.corrections ?? [],
      }),
    );
  }

  /** Runs a change, then answers with the inspection as it now is. */
  private async changed(inspectionId: string, change: () => Promise<unknown>): Promise<InspectionResponse> {
    requireUuid(inspectionId, 'inspectionId');
    try {
      await change();
    } catch (error) {
      if (!(error instanceof QcError)) throw error;
      throw new ProblemException({
        status: STATUS[error.kind],
        slug: error.code,
        title: error.kind === 'invalid' ? 'Request is invalid' : 'Request cannot be carried out',
        detail: error.message,
        ...(error.problems.length > 0 && { errors: [...error.problems] }),
      });
    }
    return this.get(inspectionId);
  }

  private present(inspection: Inspection, now: Date): InspectionResponse {
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
        const flags = flagsOf(line, this.rules);
        const inspected = line.record && inspectedLine(inspection, { ...line, record: line.record }, this.rules, flags);
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

  private store(): PgQcStore {
    return new PgQcStore(this.dataSource.manager);
  }
}

function notFound(detail: string): ProblemException {
  return new ProblemException({ status: 404, slug: 'inspection-not-found', title: 'No such inspection', detail });
}
