import { EventClass } from '../../event-payload';
import { PickupBookingCancelled } from './pickup-booking-cancelled.event';
import { PickupBooked } from './pickup-booked.event';
import { TrackingReported } from './tracking-reported.event';

/** Every event pickup-scheduling sends on `partners.<partnerId>.bookings.v1`. */
export const PartnerBookingEvents = [PickupBooked, PickupBookingCancelled] as const satisfies readonly EventClass[];

/** Every event a partner may publish on `partners.<partnerId>.tracking.v1`. */
export const PartnerTrackingEvents = [TrackingReported] as const satisfies readonly EventClass[];
