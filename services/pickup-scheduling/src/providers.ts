/** Injection tokens for the ports and settings the Nest modules provide, beyond @rebound/service's CLOCK and TRANSACTIONS. */
export const PICKUPS_CONFIG = Symbol('PickupsConfig');
export const LOGGER = Symbol('Logger');
/** The SecretSealer partners' webhook secrets are sealed and opened with. */
export const SECRET_CIPHER = Symbol('SecretCipher');
/** The PickupsReads port: what the API reads outside a use case. */
export const READS = Symbol('PickupsReads');
/** The process's one TokenVerifier: the AccessGuard and the partner webhook's guard share its key cache. */
export const TOKEN_VERIFIER = Symbol('TokenVerifier');
