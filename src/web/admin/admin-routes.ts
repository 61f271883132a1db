import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Redis } from 'ioredis'
import {
  decideReview,
  editorCredentials,
  type PurgeTarget,
  recordPurge,
  reviewQueue,
  type Store,
} from '../../store/index.ts'
import { purgeFor } from '../cache/purge-targets.ts'
import type { SiteDeps } from '../site-deps.ts'
import { loginPage, reviewQueuePage } from '../views/admin-pages.ts'
import { databaseRateLimits } from './database-rate-limits.ts'
import { type EditorSessions, editorSessions } from './editor-session.ts'
import { DECOY_HASH, verifyPassword } from './passwords.ts'
import { sessionSecretOrRandom } from './session-secret.ts'

export interface AdminOptions {
  /** Signs session and CSRF cookies; unset: a random key per process (logins end at restart). */
  sessionSecret?: string
  /** `Authorization: Bearer` token for scripted calls (cache purge, config). */
  adminToken?: string
  /** Login attempts per address per minute (default 5). */
  loginAttemptsPerMinute?: number
  /**
   * Keeps the login limit's counters in Redis; without it they are kept in the database.
   * Either way every site thread and web node counts against one limit.
   */
  redisUrl?: string
  /** The effective configuration, secrets redacted, for `config diff` of running sites. */
  configReport?: () => unknown
}

const HTML = 'text/html; charset=utf-8'
const QUEUE_SIZE = 50

type Form = Record<string, string | undefined>

/**
 * Editors' pages: login (rate-limited, CSRF-protected), the review queue with approve and
 * reject, a purge of one route, and the effective configuration. Every form carries a CSRF
 * token; every page here is in the `private` cache rule, so none is ever stored.
 */
export async function adminRoutes(
  app: FastifyInstance,
  deps: SiteDeps & { store: Store },
  options: AdminOptions & { secure: boolean },
): Promise<void> {
  const secret = sessionSecretOrRandom(options.sessionSecret, (message) => app.log.warn(message))
  await app.register(fastifyCookie, { secret })
  await app.register(fastifyFormbody)
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'alphanode_csrf',
    cookieOpts: {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: options.secure,
    },
  })
  const limiterRedis = options.redisUrl
    ? new Redis(options.redisUrl, { connectTimeout: 500, maxRetriesPerRequest: 1 })
    : undefined
  if (limiterRedis) {
    limiterRedis.on('error', (error) =>
      app.log.warn({ err: error }, 'rate limit store unavailable'),
    )
    app.addHook('onClose', async () => limiterRedis.disconnect())
  }
  await app.register(fastifyRateLimit, {
    global: false,
    ...(limiterRedis ? { redis: limiterRedis } : { store: databaseRateLimits(deps.store) }),
    nameSpace: 'alphanode:login-limit:',
    // A store outage must not lock editors out.
    skipOnError: true,
  })

  const sessions = editorSessions(deps.store, options)
  const { site } = deps

  const editorOrLogin = async (request: FastifyRequest, reply: FastifyReply) => {
    const editor = await sessions.current(request)
    if (!editor) {
      reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303)
      return undefined
    }
    return editor
  }

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    if (await sessions.current(request)) return reply.redirect(safeNext(request.query.next), 303)
    reply.type(HTML)
    return loginPage(site, { csrf: reply.generateCsrf(), next: request.query.next })
  })

  app.post<{ Body: Form }>(
    '/login',
    {
      preHandler: app.csrfProtection,
      config: {
        rateLimit: { max: options.loginAttemptsPerMinute ?? 5, timeWindow: 60_000 },
      },
    },
    async (request, reply) => {
      const email = (request.body.email ?? '').trim().toLowerCase().slice(0, 254)
      const password = (request.body.password ?? '').slice(0, 1024)
      const editor = email ? await editorCredentials(deps.store, email) : undefined
      // Unknown emails are checked against a decoy, so timing does not tell who is an editor.
      const valid = await verifyPassword(password, editor?.passwordHash ?? DECOY_HASH)
      if (!editor || !valid) {
        request.log.warn({ email }, 'editor login failed')
        reply.code(401).type(HTML)
        return loginPage(site, {
          csrf: reply.generateCsrf(),
          email,
          next: request.body.next,
          error: 'Wrong email or password.',
        })
      }
      await sessions.start(reply, editor)
      request.log.info({ email }, 'editor logged in')
      return reply.redirect(safeNext(request.body.next), 303)
    },
  )

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    await sessions.end(request, reply)
    return reply.redirect('/', 303)
  })

  app.get<{ Querystring: { done?: string; post?: string; purged?: string } }>(
    '/admin/review',
    async (request, reply) => {
      const editor = await editorOrLogin(request, reply)
      if (!editor) return reply
      const queue = await reviewQueue(deps.store, { limit: QUEUE_SIZE })
      const { done, post, purged } = request.query
      const message =
        done && post
          ? `${post} ${done === 'approve' ? 'approved: indexable now' : 'rejected: withdrawn'}.`
          : purged !== undefined
            ? `Purged ${purged}.`
            : undefined
      reply.type(HTML)
      return reviewQueuePage(site, {
        editor: editor.email,
        csrf: reply.generateCsrf(),
        items: queue.items,
        pending: queue.pending,
        message,
      })
    },
  )

  app.post<{ Params: { decision: string }; Body: Form }>(
    '/admin/review/:decision',
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const editor = await editorOrLogin(request, reply)
      if (!editor) return reply
      const { decision } = request.params
      const id = request.body.id ?? ''
      if ((decision !== 'approve' && decision !== 'reject') || !id)
        return reply.code(400).type(HTML).send('Unknown decision')
      const changes = await decideReview(
        deps.store,
        [id],
        decision === 'approve' ? 'approved' : 'rejected',
      )
      // The purge log reaches other processes; this one drops the pages now.
      await purgeHere(changes.map((change) => ({ post: change.sourceId })))
      request.log.info({ editor: editor.email, decision, post: id }, 'review decision')
      return reply.redirect(
        `/admin/review?done=${decision}&post=${encodeURIComponent(changes[0]!.sourceId)}`,
        303,
      )
    },
  )

  app.post<{ Body: Form }>(
    '/admin/cache/purge',
    {
      // Token callers are scripts, not browsers: a forged cross-site form cannot carry the header.
      preHandler: (request, reply, done) =>
        sessions.hasAdminToken(request) ? done() : app.csrfProtection(request, reply, done),
    },
    async (request, reply) => {
      const byToken = sessions.hasAdminToken(request)
      const editor = byToken ? undefined : await editorOrLogin(request, reply)
      if (!byToken && !editor) return reply
      const route = (request.body?.route ?? '').trim()
      if (!route.startsWith('/') || route.length > 1000)
        return reply.code(400).send({ error: 'route must be a path starting with /' })
      await recordPurge(deps.store.db, [{ path: route }])
      const dropped = await purgeHere([{ path: route }])
      request.log.info({ editor: editor?.email ?? 'admin token', route, dropped }, 'cache purge')
      if (byToken) return { route, dropped }
      return reply.redirect(`/admin/review?purged=${encodeURIComponent(route)}`, 303)
    },
  )

  app.get('/admin/config', async (request, reply) => {
    if (!sessions.hasAdminToken(request) && !(await sessions.current(request)))
      return reply
        .code(401)
        .send({ error: 'log in, or send Authorization: Bearer $ALPHANODE_ADMIN_TOKEN' })
    return { settings: options.configReport?.() ?? [] }
  })

  /**
   * Drops the pages of logged purge targets from this thread, and has the process's other
   * site threads apply the log now.
   */
  async function purgeHere(targets: PurgeTarget[]): Promise<number> {
    const { pages, rules, announcePurge } = app.siteCache
    const dropped = await pages.purge(
      await purgeFor(targets, { rules, store: deps.store, reads: deps.reads }),
    )
    announcePurge()
    return dropped
  }
}

/** Where to go after login: only this site's editor pages, never another host. */
function safeNext(next: string | undefined): string {
  return next && /^\/admin\/[a-z/]*$/.test(next) ? next : '/admin/review'
}

export type { EditorSessions }
