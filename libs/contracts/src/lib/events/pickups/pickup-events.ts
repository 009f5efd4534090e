import { EventClass } from '../../event-payload';
import { LabelIssued } from './label-issued.event';
import { ParcelDeliveredToWarehouse } from './parcel-delivered-to-warehouse.event';
import { ParcelInTransit } from './parcel-in-transit.event';
import { ParcelPickedUp } from './parcel-picked-up.event';
import { PickupAbandoned } from './pickup-abandoned.event';
import { PickupAttemptFailed } from './pickup-attempt-failed.event';
import { PickupCancelled } from './pickup-cancelled.event';
import { PickupRescheduled } from './pickup-rescheduled.event';
import { PickupScheduled } from './pickup-scheduled.event';

/** Every event on `pickups.pickup.v1`. */
export const PickupEvents = [
  PickupScheduled,
  LabelIssued,
  PickupRescheduled,
  PickupAttemptFailed,
  PickupCancelled,
  PickupAbandoned,
  ParcelPickedUp,
  ParcelInTransit,
  ParcelDeliveredToWarehouse,
] as const satisfies readonly EventClass[];
