import { SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(Buffer.alloc(32, 3), 'WEBHOOK_SECRETS_KEY', 'subscription');

  it('opens what it sealed for the same owner, and the sealed form never contains the secret', () => {
    const sealed = cipher.seal('sub-1', 'whsec_c2VjcmV0');

    expect(sealed).toMatch(/^v1\.[0-9a-f]{16}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed).not.toContain('c2VjcmV0');
    expect(cipher.open('sub-1', sealed)).toBe('whsec_c2VjcmV0');
  });

  it('does not open a sealed secret copied onto another owner', () => {
    expect(() => cipher.open('sub-2', cipher.seal('sub-1', 'whsec_c2VjcmV0'))).toThrow();
  });

  it('names the owner and the key variable when the key is not the one it was sealed under', () => {
    const other = new SecretCipher(Buffer.alloc(32, 4), 'WEBHOOK_SECRETS_KEY', 'subscription');

    expect(() => other.open('sub-1', cipher.seal('sub-1', 'x'))).toThrow(
      `subscription sub-1's webhook secret is sealed under key ${cipher.keyId}, but WEBHOOK_SECRETS_KEY is key ${other.keyId}`,
    );
    expect(() => cipher.open('sub-1', 'plaintext')).toThrow(
      "subscription sub-1's webhook secret is not a sealed secret",
    );
  });
});
