/** Injection tokens for the domain ports and settings the Nest modules provide. */
export const TRANSACTIONS = Symbol('TransactionRunner');
export const CLOCK = Symbol('Clock');
export const REFUNDS_CONFIG = Symbol('RefundsConfig');
export const LOGGER = Symbol('Logger');
export const PAYMENTS = Symbol('ProcessPayment');
/** The PaymentProvider port: the payment worker pays through it, reconciliation asks it what it did. */
export const PAYMENT_PROVIDER = Symbol('PaymentProvider');
