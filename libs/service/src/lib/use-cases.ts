/**
 * Nest wiring of the kernel's ports and use cases. Use cases are plain classes (the domain knows no
 * framework), so the service lists them with the tokens of the ports their constructor takes, in
 * order: `provideUseCase(OpenInspection, CLOCK)`.
 */
import type { InjectionToken, Provider } from '@nestjs/common';
import { systemClock, type Clock } from '@rebound/kernel';

/** The service's `TransactionRunner` (its stores and event sink in one transaction). */
export const TRANSACTIONS = Symbol('TransactionRunner');
export const CLOCK = Symbol('Clock');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest hands factories untyped values
type Constructor<T> = new (...ports: any[]) => T;

export function provideUseCase<T>(useCase: Constructor<T>, ...ports: InjectionToken[]): Provider<T> {
  return { provide: useCase, useFactory: (...values: unknown[]) => new useCase(...values), inject: ports };
}

/** The clock the service runs on: the system's, or the one a test gives the module. */
export function provideClock(clock: Clock = systemClock): Provider<Clock> {
  return { provide: CLOCK, useValue: clock };
}
