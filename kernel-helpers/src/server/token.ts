import { timingSafeEqual } from 'node:crypto';

/** Whether an `Authorization` header is `token <expected>` (compared in constant time). */
export function hasToken(header: string | undefined, expected: Buffer): boolean {
  const match = /^token\s+(\S+)$/i.exec(header ?? '');
  if (!match) {
    return false;
  }
  const given = Buffer.from(match[1]);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What a request without the token is told. */
export const TOKEN_REQUIRED = 'A valid token is required: send "Authorization: token <token>".';
