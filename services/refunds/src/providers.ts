/** Injection tokens for the domain ports and settings the Nest modules provide. */
export const TRANSACTIONS = Symbol('TransactionRunner');
export const CLOCK = Symbol('Clock');
export const REFUNDS_CONFIG = Symbol('RefundsConfig');
export const LOGGER = Symbol('Logger');
export const PAYMENTS = Symbol('ProcessPayment');
