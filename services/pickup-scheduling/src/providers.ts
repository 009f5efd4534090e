/** Injection tokens for the domain ports the Nest modules provide. */
export const TRANSACTIONS = Symbol('TransactionRunner');
export const CLOCK = Symbol('Clock');
export const PICKUPS_CONFIG = Symbol('PickupsConfig');
export const LOGGER = Symbol('Logger');
export const SECRET_CIPHER = Symbol('SecretCipher');
/** The process's one TokenVerifier: the AccessGuard and the partner webhook's guard share its key cache. */
export const TOKEN_VERIFIER = Symbol('TokenVerifier');
