/** The refusals of the notifications API, one slug each, as problem details (libs/http). */
import { DomainError } from '@rebound/kernel';

export function subscriptionNotFound(subscriptionId: string): DomainError {
  return new DomainError(
    'not-found',
    'subscription-not-found',
    `webhook subscription ${subscriptionId} does not exist`,
  );
}

export function deliveryNotFound(deliveryId: string): DomainError {
  return new DomainError('not-found', 'delivery-not-found', `webhook delivery ${deliveryId} does not exist`);
}

export function destinationNotAllowed(url: string, problem: string): DomainError {
  return new DomainError('unprocessable', 'destination-not-allowed', `url ${url} ${problem}`, {
    problems: [{ field: 'url', message: problem, code: 'destination-not-allowed' }],
    title: 'Destination not allowed',
  });
}

export function subscriptionInactive(subscriptionId: string): DomainError {
  return new DomainError(
    'conflict',
    'subscription-inactive',
    `webhook subscription ${subscriptionId} is not active; activate it (PATCH active: true) before redelivering`,
    { title: 'Subscription is not active' },
  );
}
