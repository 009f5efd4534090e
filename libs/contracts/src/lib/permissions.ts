/**
 * What a caller may do: one permission per kind of action, carried in its token; every REST and
 * gRPC operation requires one (`@Requires` in @rebound/http). The realm of the
 * local identity provider (scripts/keycloak/rebound-realm.json) grants exactly these, and
 * docs/security.md says which caller holds which.
 */
export const PERMISSIONS = [
  'returns:read',
  'returns:write',
  'returns:review',
  'returns:operate',
  'orders:write',
  'catalogue:read',
  'catalogue:write',
  'policy:admin',
  'partners:admin',
  'pickups:read',
  'tracking:report',
  'qc:read',
  'qc:inspect',
  'qc:supervise',
  'stock:read',
  'stock:write',
  'refunds:read',
  'refunds:operate',
  'store-credit:read',
  'store-credit:redeem',
  'webhooks:admin',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
