/**
 * What the use cases need from the outside: one store per aggregate (partners, pickups with their
 * slots' capacity, tracking events), the reads the API serves, publishing through the outbox, a
 * clock and the cipher that seals partners' webhook secrets.
 */
import type { Transaction, TransactionRunner as KernelTransactionRunner } from '@rebound/kernel';
import type { Actor, Slot, TrackingReported, TrackingStatus } from '@rebound/contracts';
import type { Partner, PartnerChanges, RegisteredPartner } from './partner';
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

export interface TrackingHistoryEntry {
  readonly eventId: string;
  readonly status: TrackingStatus;
  readonly occurredAt: Date;
  readonly receivedAt: Date;
  readonly channel: TrackingChannel;
  readonly outcome: 'applied' | 'ignored';
  readonly note: string | null;
  readonly details: Record<string, unknown>;
}

export interface RejectedEntry extends Omit<RejectedTracking, 'payload'> {
  readonly rejectionId: string;
  readonly payload: Record<string, unknown>;
}

/** What a partner's webhook call is checked against; the secrets as sealed (SecretSealer). */
export interface PartnerCredentials {
  readonly oauthClientId: string | null;
  readonly sealedSecret: string;
  /** The secret before the last rotation, verifying until `previousExpiresAt`; null when none does. */
  readonly previousSealedSecret: string | null;
  readonly previousExpiresAt: Date | null;
}

export interface SecretRotation {
  readonly rotatedAt: Date;
  readonly rotatedBy: Actor;
  /** Null when the previous secret stopped verifying at once. */
  readonly previousValidUntil: Date | null;
}

export interface SlotUsage {
  readonly from: Date;
  readonly to: Date;
  readonly capacity: number;
  readonly booked: number;
}

export interface PickupFilter {
  readonly partnerId?: string;
  readonly returnId?: string;
  readonly state?: PickupState;
}

/** Where the previous page of pickups (newest first) ended. */
export interface PickupPosition {
  readonly createdAt: Date;
  readonly pickupId: string;
}

export interface PartnerReads {
  findPartner(partnerId: string): Promise<RegisteredPartner | undefined>;
  /** By id; `after` is the last id of the previous page. */
  listPartners(limit: number, after?: string): Promise<RegisteredPartner[]>;
  partnerCredentials(partnerId: string): Promise<PartnerCredentials | undefined>;
}

export interface PartnersStore extends PartnerReads {
  /**
   * Active partners, best first — the order partners are chosen in: those priced in `currency`
   * first (costs in different currencies do not compare), then cheapest, fastest SLA, by id.
   */
  rankedPartners(currency?: string): Promise<Partner[]>;
  /**
   * Every partner, active or not, by id, held until commit: a change waits for the transaction that
   * read them, and is read as it committed by one that reads them while it is made.
   */
  allPartners(): Promise<Partner[]>;
  /** Holds the partner until commit, waiting for any other transaction that holds it; false when there is no such partner. */
  lockPartner(partnerId: string): Promise<boolean>;
  /**
   * False when the partner exists already; `sealedSecret`: its webhook secret, sealed (SecretSealer);
   * `createdBy`: null for a partner the seed file registers.
   */
  insertPartner(partner: Partner, sealedSecret: string, now: Date, createdBy: Actor | null): Promise<boolean>;
  /** Who registered and who last changed the partner, now including this change; undefined when there is no such partner. */
  updatePartner(partner: Partner, now: Date, updatedBy: Actor): Promise<PartnerChanges | undefined>;
  /**
   * The new secret replaces the current one, which keeps verifying until `rotation.previousValidUntil`
   * (not at all when null); a secret from before that is dropped. False when there is no such partner.
   */
  rotateWebhookSecret(partnerId: string, sealedSecret: string, rotation: SecretRotation): Promise<boolean>;
}

export interface PickupReads {
  findPickup(pickupId: string): Promise<Pickup | undefined>;
  /** Pickups, newest first; `after` is the last one of the previous page. */
  listPickups(filter: PickupFilter, limit: number, after?: PickupPosition): Promise<Pickup[]>;
  /** The partner's slots with bookings starting in [from, to), by start. */
  slotUsage(partnerId: string, from: Date, to: Date): Promise<SlotUsage[]>;
}

export interface PickupsStore extends PickupReads {
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
}

export interface TrackingReads {
  /** Every accepted tracking event of a pickup, in the order they happened at the partner. */
  trackingHistory(pickupId: string): Promise<TrackingHistoryEntry[]>;
  /** Events refused from a partner, oldest first; `after` is the last rejection id of the previous page. */
  rejectedEvents(partnerId: string, limit: number, after?: string): Promise<RejectedEntry[]>;
}

export interface TrackingStore extends TrackingReads {
  /** False when the partner's event id was recorded before: a duplicate. */
  insertTracking(entry: TrackingEntry): Promise<boolean>;
  /** Records a refused event once per partner event id: a redelivered copy changes nothing. */
  insertRejected(entry: RejectedTracking): Promise<void>;
}

/** What the API reads outside any use case, each on its own committed snapshot. */
export interface PickupsReads {
  readonly partners: PartnerReads;
  readonly pickups: PickupReads;
  readonly tracking: TrackingReads;
}

export interface PickupsTransaction extends Transaction {
  readonly partners: PartnersStore;
  readonly pickups: PickupsStore;
  readonly tracking: TrackingStore;
}

/** Seals webhook secrets for storage, bound to their partner, and opens them to check a signature. */
export interface SecretSealer {
  seal(partnerId: string, secret: string): string;
  open(partnerId: string, sealed: string): string;
}

export interface SchedulingSettings {
  readonly bookingGraceHours: number;
  /** How far ahead a first booking looks: a customer window reaching further is searched only this far. */
  readonly bookingHorizonDays: number;
  readonly rebookHorizonDays: number;
}

export type TransactionRunner = KernelTransactionRunner<PickupsTransaction>;

export type { Clock, EventSink, PublishedEvent } from '@rebound/kernel';
