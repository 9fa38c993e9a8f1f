import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../shared/errors.ts';

export const PASSWORD_MIN_LENGTH = 12;
/** Beyond this, hashing costs more than any real password needs (a denial-of-service guard). */
export const PASSWORD_MAX_LENGTH = 256;

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane); the PHC string records them. */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the time of a real verification when the account does not exist, so that a wrong e-mail and
 * a wrong password take as long to answer.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('jamaa-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}

/**
 * Words that, with digits or symbols around them, make the commonest passwords (in the languages of
 * Moroccan staff). Checked after lower-casing and stripping leading and trailing non-letters.
 */
const COMMON_WORDS = new Set([
  'password', 'passw0rd', 'motdepasse', 'azerty', 'azertyuiop', 'qwerty', 'qwertyuiop', 'admin', 'administrator',
  'administrateur', 'welcome', 'bienvenue', 'letmein', 'iloveyou', 'monkey', 'dragon', 'football', 'soleil',
  'marhaba', 'salam', 'maroc', 'morocco', 'almaghrib', 'casablanca', 'rabat', 'marrakech', 'tanger', 'fes',
  'jamaa', 'commune', 'baladia', 'allah', 'mohammed', 'bismillah', 'changeme', 'secret', 'abcdef', 'abc',
  'test', 'user', 'login', 'master', 'princess', 'sunshine', 'superman', 'baseball',
]);

/** Whole passwords seen at the top of breach lists that the word check does not catch. */
const COMMON_PASSWORDS = new Set([
  '123456789012', '1234567890123', '12345678901234', '111111111111', '000000000000', '123123123123',
  'qwertyuiopas', 'azertyuiopqs', '1q2w3e4r5t6y', 'q1w2e3r4t5y6', '1qaz2wsx3edc', 'zaq12wsxcde3',
  'qazwsxedcrfv', 'aaaaaaaaaaaa', 'abcdefghijkl', 'abcd1234abcd', 'password1234', 'motdepasse123',
]);

function isTrivial(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  // One character repeated, or a run of consecutive digits.
  if (/^(.)\1+$/u.test(lower)) return true;
  if (/^\d+$/.test(lower) && '01234567890123456789'.includes(lower)) return true;
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return COMMON_WORDS.has(core);
}

/**
 * Refuses a password too short (PASSWORD_TOO_SHORT) or among the commonest (PASSWORD_TOO_COMMON);
 * `details` names the field for the form.
 */
export function assertPasswordAcceptable(password: string, field = 'password'): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw new AppError('PASSWORD_TOO_SHORT', `a password has at least ${PASSWORD_MIN_LENGTH} characters`, [
      { path: field, code: 'too_short', minimum: PASSWORD_MIN_LENGTH },
    ]);
  }
  if (isTrivial(password)) {
    throw new AppError('PASSWORD_TOO_COMMON', 'this password is among the most common ones', [{ path: field, code: 'too_common' }]);
  }
}
