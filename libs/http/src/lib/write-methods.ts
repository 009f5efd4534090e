/** The HTTP methods that write: each spends its client's write budget (WriteRateLimitGuard) and documents the 429. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
