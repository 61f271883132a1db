import { randomUUID } from 'node:crypto'
import { BroadcastChannel } from 'node:worker_threads'
import type { MetricObjectWithValues, MetricValue } from 'prom-client'

/** This site as one of several threads of one process that share its port. */
export interface SiteThread {
  /** 0 to count − 1. */
  index: number
  count: number
  /** The BroadcastChannel the process's site threads share (unique per process and start). */
  channel: string
}

export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[]

type Message =
  | { kind: 'metrics-asked'; id: string }
  | { kind: 'metrics'; id: string; metrics: MetricsJson }
  | { kind: 'purge-logged' }

export interface ThreadPeers {
  /**
   * The other threads' metrics for one scrape. A thread that does not answer within
   * `timeoutMs` (busy with a long request, or gone) is left out of this scrape only.
   */
  metricsOfOthers(timeoutMs?: number): Promise<MetricsJson[]>
  /** Tells the other threads that the purge log has grown, so they apply it now, not at their next tick. */
  announcePurge(): void
  close(): void
}

/**
 * What the site's threads tell one another. A scrape or a purge reaches one thread (the
 * kernel spreads connections over them), but it concerns them all.
 */
export function threadPeers(
  thread: SiteThread,
  own: { metrics(): Promise<MetricsJson>; purgeLogged(): void },
): ThreadPeers {
  const channel = new BroadcastChannel(thread.channel)
  // The channel must not keep a closing thread alive.
  channel.unref()
  const waiting = new Map<string, (metrics: MetricsJson) => void>()
  channel.onmessage = (event) => {
    const message = (event as { data: Message }).data
    if (message.kind === 'metrics-asked')
      // A thread that cannot collect (its run-log read failed) stays out of this scrape; the
      // asking thread stops waiting for it at its timeout.
      own.metrics().then(
        (metrics) => {
          channel.postMessage({ kind: 'metrics', id: message.id, metrics } satisfies Message)
        },
        () => {},
      )
    else if (message.kind === 'metrics') waiting.get(message.id)?.(message.metrics)
    else if (message.kind === 'purge-logged') own.purgeLogged()
  }
  return {
    metricsOfOthers(timeoutMs = 1000) {
      const others = thread.count - 1
      if (others === 0) return Promise.resolve([])
      const id = randomUUID()
      const answers: MetricsJson[] = []
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer)
          waiting.delete(id)
          resolve(answers)
        }
        const timer = setTimeout(done, timeoutMs)
        waiting.set(id, (metrics) => {
          answers.push(metrics)
          if (answers.length === others) done()
        })
        channel.postMessage({ kind: 'metrics-asked', id } satisfies Message)
      })
    },
    announcePurge() {
      channel.postMessage({ kind: 'purge-logged' } satisfies Message)
    },
    close() {
      channel.close()
    },
  }
}
