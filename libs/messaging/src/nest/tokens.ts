/** Injection tokens of the messaging module's providers. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGE_BROKER = Symbol('MESSAGE_BROKER');
