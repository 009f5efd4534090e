/** What the use cases need from the outside: storage, publishing through the outbox, a clock. */
import type { Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { Actor, Slot, TrackingReported, TrackingStatus } from '@rebound/contracts';
import type { Partner, PartnerChanges } from './partner';
import type { Pickup, PickupState } from './pickup';

export type TrackingChannel = 'kafka' | 'webhook';

export interface TrackingEntry {
  readonly partnerId: string;
  /** The partner's id of the event (the CloudEvent id, or the webhook body's `eventId`). */
  readonly eventId: string;
  readonly pickupId: string;
  readonly status: TrackingStatus;
  readonly occurredAt: Date;
  readonly receivedAt: Date;
  readonly channel: TrackingChannel;
  readonly payload: TrackingReported;
  /** `applied`, or `ignored` with the reason in `note`. */
  readonly outcome: 'applied' | 'ignored';
  readonly note: string | null;
}

export type RejectionReason = 'unknown-pickup' | 'foreign-pickup';

export interface RejectedTracking {
  readonly partnerId: string;
  readonly eventId: string;
  readonly pickupId: string;
  readonly channel: TrackingChannel;
  readonly reason: RejectionReason;
  readonly detail: string;
  readonly payload: TrackingReported;
  readonly receivedAt: Date;
}

export interface PickupsStore {
  /**
   * Active partners, best first — the order partners are chosen in: those priced in `currency`
   * first (costs in different currencies do not compare), then cheapest, fastest SLA, by id.
   */
  rankedPartners(currency?: string): Promise<Partner[]>;
  /** Every partner, active or not, by id. */
  allPartners(): Promise<Partner[]>;
  /**
   * False when the partner exists already; `sealedSecret`: its webhook secret, sealed (secret-cipher.ts);
   * `createdBy`: null for a partner the seed file registers.
   */
  insertPartner(partner: Partner, sealedSecret: string, now: Date, createdBy: Actor | null): Promise<boolean>;
  /** Who registered and who last changed the partner, now including this change; undefined when there is no such partner. */
  updatePartner(partner: Partner, now: Date, updatedBy: Actor): Promise<PartnerChanges | undefined>;
  /** Takes one unit of a slot's capacity; false when it is full. Safe under concurrent bookings. */
  reserveSlot(partnerId: string, slot: Slot): Promise<boolean>;
  releaseSlot(partnerId: string, slotFrom: Date): Promise<void>;
  insertPickup(pickup: Pickup): Promise<void>;
  updatePickup(pickup: Pickup): Promise<void>;
  /** The pickup, locked for the rest of the transaction. */
  lockPickup(pickupId: string): Promise<Pickup | undefined>;
  lockPickupOfReturn(returnId: string): Promise<Pickup | undefined>;
  /** Pickups past their deadline still waiting for the partner, locked; those another sweeper holds are skipped. */
  lockOverdue(now: Date, states: readonly PickupState[], limit: number): Promise<Pickup[]>;
  /** False when the partner's event id was recorded before: a duplicate. */
  insertTracking(entry: TrackingEntry): Promise<boolean>;
  insertRejected(entry: RejectedTracking): Promise<void>;
}

export interface PublishOptions {
  /** The concrete topic, for events on a per-partner topic. */
  readonly topic?: string;
  readonly time?: Date;
}

export interface PickupsTransaction extends Transaction {
  readonly store: PickupsStore;
}

export interface SchedulingSettings {
  readonly bookingGraceHours: number;
  /** How far ahead a first booking looks: a customer window reaching further is searched only this far. */
  readonly bookingHorizonDays: number;
  readonly rebookHorizonDays: number;
}

export type TransactionRunner = KernelTransactionRunner<PickupsTransaction>;

export type { Clock, EventSink, PublishedEvent } from '@rebound/kernel';
