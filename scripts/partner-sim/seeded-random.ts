/**
 * Deterministic randomness for the partner simulator: the same seed gives the same numbers, so a
 * run that showed a bug can be repeated exactly.
 */

/** Returns numbers in [0, 1), like Math.random. */
export type Random = () => number;

/** mulberry32: small, fast and good enough to roll dice for a simulator (not for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The random source for one booking attempt. Derived from the run's seed and the attempt itself
 * rather than drawn from one shared stream, so a booking's plan does not depend on which bookings
 * (of other partitions, or before a restart) happened to be read before it.
 */
export function bookingRandom(seed: number, pickupId: string, attempt: number): Random {
  return seededRandom(fnv1a(`${seed}/${pickupId}/${attempt}`));
}

/** A version-4 uuid whose bits come from `random`, so event ids repeat with the seed too. */
export function randomUuid(random: Random): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Picks one element of a non-empty list. */
export function pick<T>(random: Random, choices: readonly T[]): T {
  return choices[Math.floor(random() * choices.length)];
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
