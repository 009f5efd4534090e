/**
 * Every operation declares, beside its route, who may call it: `@Requires('returns:write')`, or
 * `@OpenRoute('…why')` for the few that a bearer token does not guard. The AccessGuard refuses an
 * operation that declares neither, and the declaration is written into the OpenAPI document
 * (`security`, `x-permission`, `x-customers`), where the authorisation matrix test reads it.
 *
 * A customer's own token (one carrying the customer claim) is admitted only where the operation says
 * `{ customers: 'own' }`, and the operation then limits it to that customer's own records.
 */
import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { ApiProblemResponses, BEARER_SCHEME } from '../open-api';
import type { Permission } from '@rebound/contracts';

export const ACCESS_RULE = 'rebound:access-rule';

export interface PermissionRule {
  readonly permission: Permission;
  /** `own`: customers' tokens are admitted, for their own records only; otherwise they are refused. */
  readonly customers?: 'own';
}

export type AccessRule = PermissionRule | { readonly open: string };

/** The caller's token must carry `permission`; 401 without a valid token, 403 without the permission. */
export function Requires(permission: Permission, options: { customers?: 'own' } = {}) {
  return applyDecorators(
    SetMetadata(ACCESS_RULE, { permission, ...options } satisfies AccessRule),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension('x-permission', permission),
    ...(options.customers ? [ApiExtension('x-customers', options.customers)] : []),
    ApiProblemResponses(401, 403),
  );
}

/** No bearer token is asked for; `why` says what guards the operation instead (or why nothing need). */
export function OpenRoute(why: string) {
  return applyDecorators(SetMetadata(ACCESS_RULE, { open: why } satisfies AccessRule), ApiExtension('x-open', why));
}
