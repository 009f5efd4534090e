/** Injection tokens for the domain ports the Nest modules provide. */
export const TRANSACTIONS = Symbol('TransactionRunner');
export const CLOCK = Symbol('Clock');
export const INTAKE_CONFIG = Symbol('IntakeConfig');
