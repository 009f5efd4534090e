import { EventClass } from '../../event-payload';
import { InspectionCompleted } from './inspection-completed.event';
import { InspectionOpened } from './inspection-opened.event';

/** Every event on `warehouse.inspection.v1`. */
export const InspectionEvents = [InspectionOpened, InspectionCompleted] as const satisfies readonly EventClass[];
