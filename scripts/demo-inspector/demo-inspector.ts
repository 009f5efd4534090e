/**
 * The demo auto-inspector: works warehouse-qc's queues through its public REST API the way an
 * inspector at a scanner would — claim, record every line, complete. A demo component for the local
 * platform and the end-to-end tests; warehouse-qc itself never grades anything on its own. It calls
 * as the warehouse app (rebound-warehouse: qc:read, qc:inspect) with a token from the OIDC issuer,
 * so warehouse-qc records that token's subject as the inspector of whatever it claims.
 */
import { HttpError, JsonCall, callJsonAs } from '../platform/call-json';
import { ClientCredentials } from '../platform/client-credentials';
import type { InspectorOptions } from './inspector-options';

interface ChecklistItem {
  readonly key: string;
}

interface GradingRules {
  readonly checklists: readonly { readonly category: string; readonly items: readonly ChecklistItem[] }[];
}

interface InspectionLine {
  readonly lineId: string;
  readonly sku: string;
  readonly category: string | null;
  readonly expectedQuantity: number;
  readonly unexpected: boolean;
}

interface Inspection {
  readonly inspectionId: string;
  readonly returnId: string;
  readonly state: string;
  readonly claim: { readonly inspectorId: string } | null;
  readonly lines: readonly InspectionLine[];
  readonly traceparent: string | null;
}

export class DemoInspector {
  private rules: GradingRules | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private readonly callJson: JsonCall;
  private subject: string | undefined;

  constructor(
    private readonly options: InspectorOptions,
    private readonly credentials: ClientCredentials,
    private readonly report: (line: string) => void,
  ) {
    this.callJson = callJsonAs(credentials);
  }

  start(): void {
    this.running = this.loop();
  }

  /** Finishes the inspection in hand, takes no other. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  /** One pass over every warehouse's queue; the number of inspections completed. */
  async workQueues(): Promise<number> {
    let completed = 0;
    for (const warehouseId of this.options.warehouses) {
      for (const inspection of await this.workable(warehouseId)) {
        if (this.stopped) return completed;
        try {
          if (await this.inspect(inspection)) completed += 1;
        } catch (error) {
          this.report(
            `inspection ${inspection.inspectionId} not done, trying again later: ${(error as Error).message}`,
          );
        }
      }
    }
    return completed;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.workQueues();
      } catch (error) {
        this.report(`cannot read the queues (${(error as Error).message}); trying again`);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, this.options.pollIntervalMs);
      });
    }
  }

  /**
   * Pending inspections, and those in progress that are this inspector's (claimed before a restart)
   * or nobody's any more (the claim expired while it was down): after a restart it finishes them all.
   */
  private async workable(warehouseId: string): Promise<Inspection[]> {
    const self = await this.ownSubject();
    const found: Inspection[] = [];
    for (const state of ['pending', 'in_progress']) {
      const page = await this.call<{ items: Inspection[] }>(
        'GET',
        `/v1/warehouses/${encodeURIComponent(warehouseId)}/inspections?state=${state}&limit=100`,
      );
      found.push(
        ...page.items.filter(
          (item) => item.state === 'pending' || item.claim === null || item.claim.inspectorId === self,
        ),
      );
    }
    return found;
  }

  private async inspect(inspection: Inspection): Promise<boolean> {
    const path = `/v1/inspections/${inspection.inspectionId}`;
    try {
      await this.call('POST', `${path}/claim`, undefined, inspection.traceparent);
    } catch (error) {
      if (error instanceof HttpError && error.status === 409) return false; // another inspector has it
      throw error;
    }
    const rules = await this.gradingRules();
    const graded: string[] = [];
    for (const line of inspection.lines.filter((candidate) => !candidate.unexpected)) {
      const grade = this.options.skuGrades.get(line.sku) ?? this.options.defaultGrade;
      await this.call(
        'PUT',
        `${path}/lines/${encodeURIComponent(line.lineId)}`,
        { receivedQuantity: line.expectedQuantity, grade, checklist: allYes(rules, line.category) },
        inspection.traceparent,
      );
      graded.push(`${line.sku} ×${line.expectedQuantity} grade ${grade}`);
    }
    await this.call('POST', `${path}/complete`, undefined, inspection.traceparent);
    this.report(`inspected return ${inspection.returnId}: ${graded.join(', ')}`);
    return true;
  }

  /** Who warehouse-qc records as this inspector: the subject of its own token, read once. */
  private async ownSubject(): Promise<string> {
    if (this.subject === undefined) {
      const payload = (await this.credentials.token()).split('.')[1] ?? '';
      this.subject = String(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub);
    }
    return this.subject;
  }

  private async gradingRules(): Promise<GradingRules> {
    this.rules ??= await this.call<GradingRules>('GET', '/v1/grading-rules');
    return this.rules;
  }

  /** `trace`: the inspection's traceparent, continued so that inspecting it stays on the return's trace. */
  private call<T = unknown>(method: string, path: string, body?: unknown, trace?: string | null): Promise<T> {
    return this.callJson<T>(method, `${this.options.warehouseQcUrl}${path}`, body, trace ? { traceparent: trace } : {});
  }
}

/** Every question of the line's category (or of `*`) answered yes: a unit in the state it was sold in. */
function allYes(rules: GradingRules, category: string | null): Record<string, boolean> {
  const checklist =
    rules.checklists.find((candidate) => candidate.category === category) ??
    rules.checklists.find((candidate) => candidate.category === '*');
  return Object.fromEntries((checklist?.items ?? []).map((item) => [item.key, true]));
}
