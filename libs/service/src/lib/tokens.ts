/** Injection tokens of the service kernel's own providers. */
export const SERVICE_LOGGER = Symbol('ServiceLogger');
