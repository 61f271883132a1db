import type { FastifyInstance } from 'fastify'

/**
 * Headers every response carries. The pages run no script at all, so the policy allows none
 * (JSON-LD is data, which CSP does not block); images may come from https hosts, as the
 * articles' figures do. HSTS only when the public address is https: over plain http it
 * would be ignored, or lock out a site that has no certificate yet.
 */
export function securityHeaders(app: FastifyInstance, publicUrl: string): void {
  const headers: Record<string, string> = {
    'content-security-policy':
      "default-src 'self'; img-src 'self' https:; style-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
  }
  if (publicUrl.startsWith('https://'))
    headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains'
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(headers)
    return payload
  })
}
