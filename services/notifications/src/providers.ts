/** Injection tokens for the notifications ports and settings the Nest module provides (CLOCK and TRANSACTIONS: @rebound/service). */
export const NOTIFICATIONS_CONFIG = Symbol('NotificationsConfig');
export const LOGGER = Symbol('Logger');
/** The SecretSealer subscriptions' signing secrets are sealed and opened with. */
export const SECRET_SEALER = Symbol('SecretSealer');
export const SUBSCRIPTION_SETTINGS = Symbol('SubscriptionSettings');
export const DELIVERIES = Symbol('DeliverWebhook');
