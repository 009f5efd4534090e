/** Injection tokens for the refunds ports and settings the Nest module provides (CLOCK and TRANSACTIONS: @rebound/service). */
export const REFUNDS_CONFIG = Symbol('RefundsConfig');
export const LOGGER = Symbol('Logger');
export const PAYMENTS = Symbol('ProcessPayment');
/** How payments are retried and leased (RetrySettings & LeaseSettings), from the config. */
export const PAYMENT_SETTINGS = Symbol('PaymentSettings');
/** The PaymentProvider port: the payment worker pays through it, reconciliation asks it what it did. */
export const PAYMENT_PROVIDER = Symbol('PaymentProvider');
export const REFUNDS_READS = Symbol('RefundsReads');
export const STORE_CREDIT_READS = Symbol('StoreCreditReads');
export const RECONCILIATION_READS = Symbol('ReconciliationReads');
