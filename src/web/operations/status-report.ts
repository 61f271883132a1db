import type { Logger } from 'pino'
import { type Deploy, recentDeploys, type Store } from '../../store/index.ts'
import { checkReadiness, type Readiness } from './health.ts'
import { type Figures, figuresOf, type RequestStats } from './request-stats.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

// Above these the page says so in its first line.
export const LIMITS = { errorRate: 0.01, p95Ms: 500 }

export interface MinutePoint {
  minute: string
  requests: number
  p95: number | undefined
  errorRate: number
}

export interface ImportRunSummary {
  id: number
  status: string
  startedAt: string
  finishedAt: string | null
  records: number
  quarantined: number
  error: string | null
}

export interface StatusReport {
  generatedAt: string
  verdict: { level: 'ok' | 'warning' | 'down'; reasons: string[] }
  readiness: Readiness
  last5: Figures
  last60: Figures
  /** The last 60 minutes, oldest first, a point per minute (0 requests where none came). */
  series: MinutePoint[]
  deploy?: Deploy & { before: Figures; after: Figures }
  deploys: Deploy[]
  imports: { recent: ImportRunSummary[]; failedLastDay: number }
}

/** Everything /status shows, read from the database so every node tells the same story. */
export async function statusReport(
  store: Store,
  stats: RequestStats,
  log: Logger,
  now = new Date(),
): Promise<StatusReport> {
  await stats.flush()
  const readiness = await checkReadiness(store, log)
  const hourAgo = new Date(now.getTime() - HOUR)
  const [minutes, deploys] =
    readiness.checks.database === 'ok'
      ? await Promise.all([stats.minutes(hourAgo), recentDeploys(store, 5)])
      : [[], []]
  const last60 = figuresOf(minutes)
  const last5 = figuresOf(minutes.filter((m) => Date.parse(m.minute) >= now.getTime() - 5 * MINUTE))

  const series: MinutePoint[] = []
  const start = hourAgo.getTime() - (hourAgo.getTime() % MINUTE) + MINUTE
  for (let t = start; t <= now.getTime(); t += MINUTE) {
    const key = new Date(t).toISOString()
    const figures = figuresOf(minutes.filter((m) => m.minute === key))
    series.push({
      minute: key,
      requests: figures.requests,
      p95: figures.p95,
      errorRate: figures.errorRate,
    })
  }

  let deploy: StatusReport['deploy']
  const latest = deploys[0]
  if (latest) {
    const at = Date.parse(latest.startedAt)
    const around = await stats.minutes(
      new Date(at - HOUR),
      new Date(Math.min(at + HOUR, now.getTime() + MINUTE)),
    )
    const deployMinute = at - (at % MINUTE)
    deploy = {
      ...latest,
      // The minute the deploy happened in is left out of both: it mixes old and new.
      before: figuresOf(around.filter((m) => Date.parse(m.minute) < deployMinute)),
      after: figuresOf(around.filter((m) => Date.parse(m.minute) > deployMinute)),
    }
  }

  const imports =
    readiness.checks.database === 'ok'
      ? await importRuns(store, now)
      : { recent: [], failedLastDay: 0 }

  const reasons: string[] = []
  let level: StatusReport['verdict']['level'] = 'ok'
  if (!readiness.ready) {
    level = 'down'
    reasons.push(
      `database ${readiness.checks.database}${readiness.checks.migrations ? `, migrations ${readiness.checks.migrations}` : ''}`,
    )
  }
  const warn = (reason: string) => {
    if (level === 'ok') level = 'warning'
    reasons.push(reason)
  }
  if (last5.errorRate > LIMITS.errorRate)
    warn(`${percent(last5.errorRate)} of requests failed in the last 5 minutes`)
  if (last5.p95 !== undefined && last5.p95 > LIMITS.p95Ms)
    warn(`p95 latency ${last5.p95} ms in the last 5 minutes`)
  if (imports.failedLastDay > 0)
    warn(
      `${imports.failedLastDay} import ${imports.failedLastDay === 1 ? 'run' : 'runs'} did not succeed in the last day`,
    )
  if (
    deploy &&
    deploy.after.requests > 0 &&
    deploy.after.errorRate > Math.max(LIMITS.errorRate, deploy.before.errorRate * 2)
  )
    warn(
      `the error rate rose after the last deploy (${percent(deploy.before.errorRate)} → ${percent(deploy.after.errorRate)})`,
    )

  return {
    generatedAt: now.toISOString(),
    verdict: { level, reasons },
    readiness,
    last5,
    last60,
    series,
    deploy,
    deploys,
    imports,
  }
}

export const percent = (rate: number) =>
  `${(rate * 100).toFixed(rate > 0 && rate < 0.001 ? 3 : 1)}%`

async function importRuns(store: Store, now: Date) {
  const rows = await store.db
    .selectFrom('import_runs')
    .select(['id', 'status', 'started_at', 'finished_at', 'records', 'quarantined', 'error'])
    .orderBy('started_at', 'desc')
    .limit(5)
    .execute()
  const failed = await store.db
    .selectFrom('import_runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['failed', 'partial', 'interrupted'])
    .where('started_at', '>=', new Date(now.getTime() - 24 * HOUR).toISOString())
    .executeTakeFirstOrThrow()
  return {
    recent: rows.map((row) => ({
      id: Number(row.id),
      status: row.status,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      records: Number(row.records),
      quarantined: Number(row.quarantined),
      error: row.error,
    })),
    failedLastDay: Number(failed.n),
  }
}
