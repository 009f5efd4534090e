/** Tracking numbers and drop-off codes (random, unambiguous when read aloud or typed from paper) and webhook secrets. */
import { randomBytes, randomInt } from 'node:crypto';

// No 0/O, 1/I/L: a customer reads a drop-off code to a shop assistant.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function randomFrom(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

export function newTrackingNumber(): string {
  return `RB${randomFrom('0123456789', 12)}`;
}

export function newDropOffCode(): string {
  return randomFrom(CODE_ALPHABET, 8);
}

/** 32 random bytes: as strong as the HMAC-SHA256 key a webhook secret is. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}
