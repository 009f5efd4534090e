/** Injection tokens of returns-intake's own ports (CLOCK and TRANSACTIONS come from @rebound/service). */
export const INTAKE_CONFIG = Symbol('IntakeConfig');
/** The ReturnsView read port the API lists and shows returns through. */
export const RETURNS_VIEW = Symbol('ReturnsView');
