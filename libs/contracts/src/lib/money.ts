/** Amounts travel in integer minor units with their ISO 4217 currency; this is how people read them. */

/** `495, EUR` → `€4.95`, using the currency's own number of decimals. */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
