import argon2 from 'argon2';

/** Hashes and checks passwords; a port so unit tests of the service can use a cheap stand-in. */
export interface PasswordHasher {
  /** Hash a password for storage. */
  hash(password: string): Promise<string>;
  /** True when the password matches the stored hash. */
  verify(hash: string, password: string): Promise<boolean>;
}

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): strong, yet a 2-core home server signs people in quickly.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id, as F3 requires. */
export const argon2Hasher: PasswordHasher = {
  hash: (password) => argon2.hash(password, OPTIONS),
  verify: async (hash, password) => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  },
};

/** Minimum password length; longer passphrases beat composition rules (NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 10;
