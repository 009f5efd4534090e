/** Injection tokens for the domain ports the Nest modules provide. */
export const TRANSACTIONS = Symbol('TransactionRunner');
export const CLOCK = Symbol('Clock');
export const PICKUPS_CONFIG = Symbol('PickupsConfig');
export const LOGGER = Symbol('Logger');
export const SECRET_CIPHER = Symbol('SecretCipher');
