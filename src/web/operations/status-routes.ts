import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Store } from '../../store/index.ts'
import type { SiteContext } from '../views/layout.ts'
import { statusPage } from '../views/status-page.ts'
import type { RequestStats } from './request-stats.ts'
import { statusReport } from './status-report.ts'

/**
 * `/status`: a page to read at 3 a.m. (is it up, is it slow, are jobs failing, did the last
 * deploy change anything), and `/status.json` for scripts. Both answer 503 when the site is
 * down, so a monitor can watch either.
 */
export function statusRoutes(
  app: FastifyInstance,
  deps: { store: Store; stats: RequestStats; site: SiteContext; log: Logger },
): void {
  app.get('/status', async (_request, reply) => {
    const report = await statusReport(deps.store, deps.stats, deps.log)
    reply.code(report.verdict.level === 'down' ? 503 : 200).type('text/html; charset=utf-8')
    return statusPage(deps.site, report)
  })
  app.get('/status.json', async (_request, reply) => {
    const report = await statusReport(deps.store, deps.stats, deps.log)
    reply.code(report.verdict.level === 'down' ? 503 : 200)
    return report
  })
}
