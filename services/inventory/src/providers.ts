/** Injection tokens for inventory's own ports; CLOCK and TRANSACTIONS come from @rebound/service. */
export const STOCK_QUERIES = Symbol('StockQueries');
export const RESTOCK_LATENCY_QUERIES = Symbol('RestockLatencyQueries');
export const RESTOCK_LATENCY_OBSERVER = Symbol('RestockLatencyObserver');
