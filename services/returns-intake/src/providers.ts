/** Injection tokens of returns-intake's own ports (CLOCK and TRANSACTIONS come from @rebound/service). */
import type { ExchangeHistoryView } from './domain/ports';

export const INTAKE_CONFIG = Symbol('IntakeConfig');
/** The ReturnsView read port the API lists and shows returns through. */
export const RETURNS_VIEW = Symbol('ReturnsView');
/** The CatalogueView read port offers read products and stock through. */
export const CATALOGUE_VIEW = Symbol('CatalogueView');
/** The ExchangeHistoryView read port offers are ranked by. */
export const EXCHANGE_HISTORY_VIEW = Symbol('ExchangeHistoryView');

/** The exchange history before completed exchanges are recorded: nobody has kept anything yet. */
export const NO_EXCHANGE_HISTORY: ExchangeHistoryView = {
  keptByCustomer: async () => [],
  peersKept: async () => ({ total: 0, kept: [] }),
};
