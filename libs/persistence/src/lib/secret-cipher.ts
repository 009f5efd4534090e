/**
 * Secrets a service must be able to read back (webhook signing secrets, its own and its partners'),
 * kept at rest: AES-256-GCM (node:crypto) under a key from the service's configuration, a fresh random
 * 12-byte IV per secret, the owner's id as associated data (a sealed secret copied onto another
 * owner's row does not open), sealed as `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url). The key id
 * is derived from the key, so a secret names the key it needs and a later key change can tell the
 * secrets still sealed under the old key from those under the new one.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals a secret for its owner, and opens it again. */
export interface SecretSealer {
  seal(ownerId: string, secret: string): string;
  open(ownerId: string, sealed: string): string;
}

export class SecretCipher implements SecretSealer {
  /** First 16 hex digits of the key's SHA-256: names the key without revealing anything of it. */
  readonly keyId: string;

  /**
   * `keyVariable`: the configuration variable the key comes from, and `owner`: what an owner id
   * names (`partner`, `subscription`), both for the messages of a secret that does not open.
   */
  constructor(
    private readonly key: Buffer,
    private readonly keyVariable: string,
    private readonly owner: string,
  ) {
    if (key.length !== 32) throw new Error(`an AES-256 key has 32 bytes, not ${key.length}`);
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  seal(ownerId: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(ownerId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', this.keyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(ownerId: string, sealed: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error(`${this.owner} ${ownerId}'s webhook secret is not a sealed secret`);
    }
    if (keyId !== this.keyId) {
      throw new Error(
        `${this.owner} ${ownerId}'s webhook secret is sealed under key ${keyId}, but ${this.keyVariable} is key ${this.keyId}`,
      );
    }
    const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(ownerId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
