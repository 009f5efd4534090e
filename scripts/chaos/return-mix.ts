/**
 * The returns a chaos run drives: the bring-up's sample returns, every kind of them in turn, plus
 * kinds only a storm needs — a return the customer cancels, and refunds whose payment provider
 * times out after applying or answers 5xx first (scripted in the payment sandbox by charge).
 */
import { SampleReturn, sampleReturns } from '../platform/sample-returns';

export const RETURN_KINDS = [
  'mail-back',
  'failed-pickup',
  'c-grade',
  'store-credit',
  'instant-clawback',
  'rejected',
  'cancelled',
  'provider-timeout',
  'provider-5xx',
] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];

export interface ChaosReturn {
  readonly kind: ReturnKind;
  readonly sample: SampleReturn;
  /** The status it must end in; a cancellation the platform refused (the parcel already moving) ends `completed`. */
  readonly expected: 'completed' | 'rejected' | 'cancelled';
  /** Outcomes the payment sandbox gives the refund calls against the order's charge, in order. */
  readonly providerScript?: readonly string[];
}

/** Which sample each kind is built on. */
const TEMPLATE: Record<ReturnKind, string> = {
  'mail-back': 'mail-back',
  'failed-pickup': 'failed-pickup',
  'c-grade': 'c-grade',
  'store-credit': 'store-credit',
  'instant-clawback': 'instant-clawback',
  rejected: 'rejected',
  cancelled: 'c-grade',
  'provider-timeout': 'mail-back',
  'provider-5xx': 'instant-clawback',
};

/** `count` returns, the kinds in turn, each of an order of its own (ids carry `tag` and the return's number). */
export function returnMix(tag: string, count: number, now: Date): ChaosReturn[] {
  return Array.from({ length: count }, (_, index) => {
    const kind = RETURN_KINDS[index % RETURN_KINDS.length];
    const sample = sampleReturns(`${tag}-${index}`, now).find((candidate) => candidate.key === TEMPLATE[kind]);
    if (!sample) throw new Error(`no sample return ${TEMPLATE[kind]}`);
    return {
      kind,
      sample: { ...sample, key: `${kind}#${index}` },
      expected: kind === 'rejected' ? 'rejected' : kind === 'cancelled' ? 'cancelled' : 'completed',
      ...(kind === 'provider-timeout' && { providerScript: ['timeout_after_apply'] }),
      ...(kind === 'provider-5xx' && { providerScript: ['fail_transient', 'fail_transient'] }),
    };
  });
}

/** The charge a sample's refunds are paid against: the sandbox's payment reference. */
export function chargeOf(sample: SampleReturn): string {
  const [payment] = sample.order.payments;
  if (!payment) throw new Error(`order ${sample.orderId} has no payment`);
  return payment.chargeId;
}
