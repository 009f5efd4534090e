/** What the bring-up prints once the samples have run: each return's timeline, and where everything lives. */
import { formatMoney } from '@rebound/contracts';
import type { ServiceEndpoint, ServiceName } from './platform';
import type { SampleOutcome } from './run-samples';

/** The details of a timeline fact worth a reader's eye, in a few words. */
function describe(details: Record<string, unknown>): string {
  const shown = [
    'partnerId',
    'reason',
    'attempt',
    'slotStart',
    'warehouseId',
    'grade',
    'amountMinor',
    'clawbackMinor',
    'method',
  ];
  return shown
    .filter((key) => details[key] !== undefined && details[key] !== null && typeof details[key] !== 'object')
    .map((key) => `${key}=${String(details[key])}`)
    .join(' ');
}

export function formatOutcome({ sample, view, tookMs }: SampleOutcome): string {
  const lines = [
    `■ ${sample.key} — ${sample.story}`,
    `  return ${view.returnId} (order ${sample.orderId}): ${view.status} after ${(tookMs / 1000).toFixed(1)} s`,
  ];
  for (const item of view.refunds.items) {
    const clawback = item.clawbackMinor > 0 ? `, ${formatMoney(item.clawbackMinor, item.currency)} clawed back` : '';
    const bonus = item.bonusMinor > 0 ? ` + ${formatMoney(item.bonusMinor, item.currency)} bonus` : '';
    lines.push(`  ${item.kind} (${item.phase}): ${formatMoney(item.amountMinor, item.currency)}${bonus}${clawback}`);
  }
  const width = Math.max(...view.timeline.map((fact) => fact.type.length));
  for (const fact of view.timeline) {
    const detail = describe(fact.details);
    lines.push(
      `    ${fact.occurredAt}  ${fact.type.padEnd(width)}  → ${fact.statusAfter}${detail ? `  ${detail}` : ''}`,
    );
  }
  return lines.join('\n');
}

export function formatEndpoints(
  services: Readonly<Record<ServiceName, ServiceEndpoint>>,
  paymentProviderUrl?: string,
): string {
  const rows = Object.values(services).map(
    (service) =>
      `  ${service.name.padEnd(18)} ${service.httpUrl.padEnd(24)} OpenAPI ${service.httpUrl}/docs` +
      `  health ${service.httpUrl}/health/ready  metrics ${service.httpUrl}/metrics` +
      (service.grpcAddress ? `  gRPC ${service.grpcAddress}` : ''),
  );
  if (paymentProviderUrl) rows.push(`  ${'payment sandbox'.padEnd(18)} ${paymentProviderUrl}`);
  return rows.join('\n');
}
