import { randomBytes } from 'node:crypto'

/**
 * The key that signs session cookies: the configured one, else a random one with a warning
 * that sessions end with the process. `serve` draws it once for all its site threads, so a
 * login answered by one thread holds on the others.
 */
export function sessionSecretOrRandom(
  configured: string | undefined,
  warn: (message: string) => void,
): string {
  if (configured) return configured
  warn(
    'ALPHANODE_SESSION_SECRET is unset: sessions use a random key and end when this process does',
  )
  return randomBytes(32).toString('base64url')
}
