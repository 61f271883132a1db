import type { Store } from './open-store.ts'

export interface Deploy {
  version: string
  commit: string
  node: string
  startedAt: string
}

export interface RequestMinute {
  /** ISO start of the minute. */
  minute: string
  node: string
  requests: number
  errors: number
  /** Counts per latency bucket (bounds fixed by the caller). */
  buckets: number[]
}

/** Records a start of the site. */
export async function recordDeploy(store: Store, deploy: Deploy): Promise<void> {
  await store.db
    .insertInto('deploys')
    .values({
      version: deploy.version,
      commit: deploy.commit,
      node: deploy.node,
      started_at: deploy.startedAt,
    })
    .execute()
}

export async function recentDeploys(store: Store, limit: number): Promise<Deploy[]> {
  const rows = await store.db
    .selectFrom('deploys')
    .select(['version', 'commit', 'node', 'started_at'])
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    version: row.version,
    commit: row.commit,
    node: row.node,
    startedAt: row.started_at,
  }))
}

/** Writes a node's figures for whole minutes; a minute written again is replaced. */
export async function saveRequestMinutes(store: Store, minutes: readonly RequestMinute[]) {
  if (minutes.length === 0) return
  await store.db
    .insertInto('request_minutes')
    .values(
      minutes.map((m) => ({
        minute: m.minute,
        node: m.node,
        requests: m.requests,
        errors: m.errors,
        buckets: JSON.stringify(m.buckets),
      })),
    )
    .onConflict((oc) =>
      oc.columns(['minute', 'node']).doUpdateSet((eb) => ({
        requests: eb.ref('excluded.requests'),
        errors: eb.ref('excluded.errors'),
        buckets: eb.ref('excluded.buckets'),
      })),
    )
    .execute()
}

/** Every node's figures for minutes from `since` (inclusive) to `until` (exclusive). */
export async function requestMinutes(
  store: Store,
  since: Date,
  until: Date,
): Promise<RequestMinute[]> {
  const rows = await store.db
    .selectFrom('request_minutes')
    .selectAll()
    .where('minute', '>=', since.toISOString())
    .where('minute', '<', until.toISOString())
    .orderBy('minute')
    .execute()
  return rows.map((row) => ({
    minute: row.minute,
    node: row.node,
    requests: Number(row.requests),
    errors: Number(row.errors),
    buckets: JSON.parse(row.buckets) as number[],
  }))
}

/** Drops figures older than `before`; the status page looks back a day at most. */
export async function pruneRequestMinutes(store: Store, before: Date): Promise<void> {
  await store.db.deleteFrom('request_minutes').where('minute', '<', before.toISOString()).execute()
}
