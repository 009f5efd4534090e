/** Injection tokens of returns-intake's own ports (CLOCK and TRANSACTIONS come from @rebound/service). */
export const INTAKE_CONFIG = Symbol('IntakeConfig');
/** The ReturnsView read port the API lists and shows returns through. */
export const RETURNS_VIEW = Symbol('ReturnsView');
/** The CatalogueView read port offers read products and stock through. */
export const CATALOGUE_VIEW = Symbol('CatalogueView');
/** The ExchangeHistoryView read port offers are ranked by. */
export const EXCHANGE_HISTORY_VIEW = Symbol('ExchangeHistoryView');
