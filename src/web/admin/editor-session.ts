import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  closeSession,
  type Editor,
  openSession,
  type Store,
  sessionEditor,
} from '../../store/index.ts'

/** The cookie of a logged-in editor; the cache rules bypass every cache when it is present. */
export const SESSION_COOKIE = 'alphanode_session'
const SESSION_HOURS = 8

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

export interface EditorSessions {
  /** Starts a session: a random token in a signed, httpOnly, SameSite=Strict cookie. */
  start(reply: FastifyReply, editor: Editor): Promise<void>
  /** The editor the request's session cookie belongs to, if it is live. */
  current(request: FastifyRequest): Promise<Editor | undefined>
  end(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** Whether the request carries the admin token as `Authorization: Bearer …`. */
  hasAdminToken(request: FastifyRequest): boolean
}

/**
 * Sessions live in the database (only a hash of each token), so they survive restarts, work
 * on every web node, and end at logout or when the editor's password changes.
 */
export function editorSessions(
  store: Store,
  options: { secure: boolean; adminToken?: string },
): EditorSessions {
  const tokenOf = (request: FastifyRequest): string | undefined => {
    const cookie = request.cookies[SESSION_COOKIE]
    if (!cookie) return undefined
    const unsigned = request.unsignCookie(cookie)
    return unsigned.valid && unsigned.value ? unsigned.value : undefined
  }
  const expectedToken = options.adminToken ? Buffer.from(sha256(options.adminToken)) : undefined
  return {
    async start(reply, editor) {
      const token = randomBytes(32).toString('base64url')
      const expires = new Date(Date.now() + SESSION_HOURS * 3600_000)
      await openSession(store, editor, sha256(token), expires)
      reply.setCookie(SESSION_COOKIE, token, {
        signed: true,
        httpOnly: true,
        sameSite: 'strict',
        secure: options.secure,
        path: '/',
        expires,
      })
    },
    async current(request) {
      const token = tokenOf(request)
      return token ? sessionEditor(store, sha256(token)) : undefined
    },
    async end(request, reply) {
      const token = tokenOf(request)
      if (token) await closeSession(store, sha256(token))
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
    },
    hasAdminToken(request) {
      const header = request.headers.authorization
      if (!expectedToken || !header?.startsWith('Bearer ')) return false
      // Hashes have one length, so the comparison takes the same time for every guess.
      return timingSafeEqual(Buffer.from(sha256(header.slice(7))), expectedToken)
    },
  }
}
