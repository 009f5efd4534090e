/**
 * One warehouse-qc per test file (`useServiceWorld`: real Postgres and real Kafka, a schema and a
 * topic namespace of its own), with a clock the test can move. Helpers read the inspections it opens
 * and what it published; tests play returns-intake and pickup-scheduling (ReturnApproved,
 * ParcelDeliveredToWarehouse) with `publish`.
 */
import { InspectionEvents, Services, Topics } from '@rebound/contracts';
import { TestClock } from '@rebound/kernel/testing';
import {
  useServiceWorld,
  type DecodedTestEvent,
  type EventsDone,
  type SeenMessage,
  type ServiceWorld,
} from '@rebound/testing';
import { startQc, type QcApplication } from '../../src/bootstrap';
import { loadQcConfig } from '../../src/config/qc-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON bodies field by field
type Json = any;

export interface QcWorld extends ServiceWorld<QcApplication> {
  readonly clock: TestClock;
  /** The inspection of a return, once it is open. */
  inspectionOf(returnId: string): Promise<Json>;
  /** What the service published about a return on `warehouse.inspection.v1`, in order. */
  inspectionEvents(returnId: string): DecodedTestEvent[];
  waitForInspectionEvents(returnId: string, what: string, done: EventsDone): Promise<DecodedTestEvent[]>;
  /** Waits for the dead letter of the event with this `ce_id`. */
  waitForDeadLetter(eventId: string): Promise<SeenMessage>;
}

export function useQcWorld(prefix: string): () => QcWorld {
  const clock = new TestClock();
  return useServiceWorld({
    prefix,
    service: Services.warehouseQc,
    load: loadQcConfig,
    start: (config) => startQc(config, { logger: false, clock }),
    extend: (world) => {
      const inspections = (returnId: string) =>
        world.eventsAbout(Topics.warehouseInspection, InspectionEvents, returnId);
      const dead = (eventId: string) => world.deadLetters().find((message) => message.headers['ce_id'] === eventId);
      return {
        clock,
        inspectionOf: (returnId: string) =>
          world.bodyOnceItHolds(`/v1/returns/${returnId}/inspection`, `an inspection of return ${returnId}`),
        inspectionEvents: inspections,
        waitForInspectionEvents: (returnId: string, what: string, done: EventsDone) =>
          world.waitForEventsAbout(Topics.warehouseInspection, InspectionEvents, returnId, what, done),
        async waitForDeadLetter(eventId: string) {
          await world.waitForDeadLetters(`the dead letter of ${eventId}`, () => dead(eventId) !== undefined);
          return dead(eventId) as SeenMessage;
        },
      };
    },
  });
}
