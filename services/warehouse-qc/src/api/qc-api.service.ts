/**
 * The operations behind the warehouse app's REST API: writes run a use case in a transaction and
 * answer the inspection as it now is; reads go through the inspections view. Refusals are the use
 * cases' DomainErrors, which libs/http answers as problem details.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@rebound/contracts';
import { DomainError, decodeCursor, fetchPage, invalidCursor, type Page } from '@rebound/kernel';
import { isUuid, requireUuid } from '@rebound/http';
import { CLOCK, TRANSACTIONS } from '@rebound/service';
import type { GradingRules } from '../domain/grading-rules';
import { QUEUE_STATES, queueState, type Inspection } from '../domain/inspection';
import type { Clock, InspectionsView, QueuePosition, TransactionRunner } from '../domain/ports';
import { AddUnexpectedItem } from '../domain/use-cases/add-unexpected-item/add-unexpected-item';
import { AddUnexpectedItemCommand } from '../domain/use-cases/add-unexpected-item/add-unexpected-item.command';
import { ClaimInspection } from '../domain/use-cases/claim-inspection/claim-inspection';
import { ClaimInspectionCommand } from '../domain/use-cases/claim-inspection/claim-inspection.command';
import { CompleteInspection } from '../domain/use-cases/complete-inspection/complete-inspection';
import { CompleteInspectionCommand } from '../domain/use-cases/complete-inspection/complete-inspection.command';
import { RecordLine } from '../domain/use-cases/record-line/record-line';
import { RecordLineCommand } from '../domain/use-cases/record-line/record-line.command';
import { ResolveHold } from '../domain/use-cases/resolve-hold/resolve-hold';
import { ResolveHoldCommand } from '../domain/use-cases/resolve-hold/resolve-hold.command';
import { GRADING_RULES, INSPECTIONS_VIEW } from '../providers';
import type {
  QueueQuery,
  RecordLineRequest,
  ResolveHoldRequest,
  UnexpectedItemRequest,
} from './dto/inspection.requests';
import type { InspectionResponse } from './dto/inspection.response';
import { presentInspection } from './inspection.presenter';

@Injectable()
export class QcApiService {
  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GRADING_RULES) private readonly rules: GradingRules,
    @Inject(INSPECTIONS_VIEW) private readonly inspections: InspectionsView,
    private readonly claimInspection: ClaimInspection,
    private readonly recordLine: RecordLine,
    private readonly addUnexpectedItem: AddUnexpectedItem,
    private readonly completeInspection: CompleteInspection,
    private readonly resolveHold: ResolveHold,
  ) {}

  queue(warehouseId: string, query: QueueQuery): Promise<Page<InspectionResponse>> {
    const now = this.clock.now();
    const after = query.cursor === undefined ? undefined : queuePosition(query.cursor);
    const rank = (inspection: Inspection) => QUEUE_STATES.indexOf(queueState(inspection, now));
    return fetchPage(
      query.limit,
      (rows) => this.inspections.queue(warehouseId, now, query.state, rows, after),
      (last) => ({ rank: rank(last), openedAt: last.openedAt.toISOString(), inspectionId: last.inspectionId }),
      (inspection) => presentInspection(inspection, now, this.rules),
    );
  }

  async get(inspectionId: string): Promise<InspectionResponse> {
    requireUuid(inspectionId, 'inspectionId');
    const inspection = await this.inspections.findInspection(inspectionId);
    if (!inspection) throw noSuchInspection(`inspection ${inspectionId} does not exist`);
    return presentInspection(inspection, this.clock.now(), this.rules);
  }

  async ofReturn(returnId: string): Promise<InspectionResponse> {
    requireUuid(returnId, 'returnId');
    const inspection = await this.inspections.inspectionOfReturn(returnId);
    if (!inspection) {
      throw noSuchInspection(`return ${returnId} has no inspection (its parcel has not reached a warehouse)`);
    }
    return presentInspection(inspection, this.clock.now(), this.rules);
  }

  claim(inspectionId: string, inspector: Actor): Promise<InspectionResponse> {
    return this.changed(inspectionId, () => {
      const command = new ClaimInspectionCommand(inspectionId, inspector);
      return this.transactions.run((tx) => this.claimInspection.execute(tx, command));
    });
  }

  record(
    inspectionId: string,
    lineId: string,
    inspector: Actor,
    request: RecordLineRequest,
  ): Promise<InspectionResponse> {
    return this.changed(inspectionId, () => {
      const command = new RecordLineCommand(inspectionId, lineId, inspector, {
        receivedQuantity: request.receivedQuantity,
        grade: request.grade,
        checklist: request.checklist,
        wrongItem: request.wrongItem ?? false,
        notes: request.notes ?? null,
        photoUrls: request.photoUrls ?? [],
      });
      return this.transactions.run((tx) => this.recordLine.execute(tx, command));
    });
  }

  addUnexpected(inspectionId: string, inspector: Actor, request: UnexpectedItemRequest): Promise<InspectionResponse> {
    return this.changed(inspectionId, () => {
      const command = new AddUnexpectedItemCommand(inspectionId, inspector, {
        sku: request.sku,
        category: request.category ?? null,
        quantity: request.quantity,
        grade: request.grade,
        notes: request.notes ?? null,
        photoUrls: request.photoUrls ?? [],
      });
      return this.transactions.run((tx) => this.addUnexpectedItem.execute(tx, command));
    });
  }

  complete(inspectionId: string, inspector: Actor): Promise<InspectionResponse> {
    return this.changed(inspectionId, () => {
      const command = new CompleteInspectionCommand(inspectionId, inspector);
      return this.transactions.run((tx) => this.completeInspection.execute(tx, command));
    });
  }

  resolve(inspectionId: string, supervisor: Actor, request: ResolveHoldRequest): Promise<InspectionResponse> {
    return this.changed(inspectionId, () => {
      const command = new ResolveHoldCommand(inspectionId, supervisor, {
        note: request.note,
        corrections: request.corrections ?? [],
      });
      return this.transactions.run((tx) => this.resolveHold.execute(tx, command));
    });
  }

  /** Runs a change on a well-formed inspection id, then answers with the inspection as it now is. */
  private async changed(inspectionId: string, change: () => Promise<unknown>): Promise<InspectionResponse> {
    requireUuid(inspectionId, 'inspectionId');
    await change();
    return this.get(inspectionId);
  }
}

/** Where the queue page of `cursor` starts; a cursor whose values mean nothing is invalid. */
function queuePosition(cursor: string): QueuePosition {
  const position = decodeCursor(cursor, ['rank', 'openedAt', 'inspectionId']);
  const after = {
    rank: Number(position.rank),
    openedAt: new Date(String(position.openedAt)),
    inspectionId: String(position.inspectionId),
  };
  if (!Number.isInteger(after.rank) || Number.isNaN(after.openedAt.getTime()) || !isUuid(after.inspectionId)) {
    throw invalidCursor();
  }
  return after;
}

function noSuchInspection(detail: string): DomainError {
  return new DomainError('not-found', 'inspection-not-found', detail, { title: 'No such inspection' });
}
