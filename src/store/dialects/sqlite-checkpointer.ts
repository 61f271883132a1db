import type Database from 'better-sqlite3'
import { startWorker } from '../../start-worker.ts'
import type { BackgroundCheckpoints } from '../background-checkpoints.ts'

export interface CheckpointReply {
  result?: { busy: number; log: number; checkpointed: number }
  error?: string
}

// The WAL starts again from its beginning only when a transaction begins after a checkpoint
// has copied all of it; a checkpoint running beside the writer rarely has. So every this
// many commits the writer waits for one, keeping the WAL to some hundreds of MiB.
const RESTART_EVERY_COMMITS = 32
const WORKER_HEAP = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 }

/**
 * Checkpoints a SQLite database from a second connection on a worker thread while this
 * thread writes: copying the WAL into the database file was about an eighth of a first
 * import's main thread (docs/performance/import.md), and the other core had time to spare.
 * Should the thread fail, this connection checkpoints for itself again.
 */
export function startSqliteCheckpoints(native: Database.Database): BackgroundCheckpoints {
  const autocheckpoint = native.pragma('wal_autocheckpoint', { simple: true }) as number
  const worker = startWorker(new URL('./sqlite-checkpoint-worker.ts', import.meta.url), {
    resourceLimits: WORKER_HEAP,
    workerData: { file: native.name },
  })
  native.pragma('wal_autocheckpoint = 0')
  let failed: string | undefined
  let closed = false
  let running = false
  let again = false
  let commits = 0
  let idle: Array<() => void> = []

  const settle = () => {
    running = false
    for (const resolve of idle) resolve()
    idle = []
  }
  const fail = (reason: string) => {
    if (failed !== undefined || closed) return
    failed = reason
    native.pragma(`wal_autocheckpoint = ${autocheckpoint}`)
    void worker.terminate()
    settle()
  }
  const run = () => {
    running = true
    again = false
    worker.postMessage('checkpoint')
  }
  worker.on('message', (reply: CheckpointReply) => {
    if (reply.error !== undefined) return fail(reply.error)
    if (again && failed === undefined && !closed) run()
    else settle()
  })
  worker.on('error', (error) => fail(error.message))
  worker.on('exit', (code) => fail(`the checkpoint thread stopped (exit ${code})`))

  const drained = (): Promise<void> =>
    running ? new Promise((resolve) => idle.push(resolve)) : Promise.resolve()

  return {
    committed() {
      if (failed !== undefined || closed) return
      commits++
      if (running) again = true
      else run()
    },
    async ready() {
      if (failed !== undefined || closed || commits < RESTART_EVERY_COMMITS) return
      commits = 0
      await drained()
    },
    async close() {
      await drained()
      if (failed === undefined && !closed) {
        closed = true
        native.pragma(`wal_autocheckpoint = ${autocheckpoint}`)
        const exited = new Promise((resolve) => worker.once('exit', resolve))
        worker.postMessage('close')
        await exited
      }
    },
    get failure() {
      return failed
    },
  }
}
