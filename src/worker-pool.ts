import type { Worker } from 'node:worker_threads'

export interface InOrderOptions<Job> {
  /** The pool's threads; they are terminated when the caller stops iterating, however it stops. */
  workers: Worker[]
  /** Jobs are numbered 0 .. total - 1. */
  total: number
  /** Job `id`'s message; the worker answers with its result and the same `id`. */
  job: (id: number) => Job
  /** Results done but not yet taken, at most (default three per worker): bounds memory. */
  ahead?: number
}

/**
 * Runs numbered jobs on worker threads and yields their results in job order. Each worker
 * keeps one job running and one queued, so none idles while the caller works on a result;
 * no more than `ahead` results wait, whatever the total. A worker's error ends the iteration
 * with that error.
 */
export async function* inOrderOnWorkers<Job extends object, Result extends { id: number }>(
  options: InOrderOptions<Job>,
): AsyncGenerator<Result> {
  const { workers, total } = options
  const ahead = options.ahead ?? workers.length * 3
  const outstanding = new Map<Worker, number>(workers.map((worker) => [worker, 0]))
  const finished = new Map<number, Result>()
  let failure: Error | undefined
  let wake: (() => void) | undefined
  let nextToSend = 0
  let taken = 0
  const topUp = () => {
    for (const worker of workers)
      while (outstanding.get(worker)! < 2 && nextToSend < total && nextToSend - taken < ahead) {
        const id = nextToSend++
        worker.postMessage({ id, ...options.job(id) })
        outstanding.set(worker, outstanding.get(worker)! + 1)
      }
  }
  try {
    for (const worker of workers) {
      worker.on('message', (result: Result) => {
        outstanding.set(worker, outstanding.get(worker)! - 1)
        finished.set(result.id, result)
        wake?.()
      })
      worker.on('error', (error) => {
        failure = error
        wake?.()
      })
    }
    topUp()
    for (let id = 0; id < total; id++) {
      while (!finished.has(id)) {
        if (failure) throw failure
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      const result = finished.get(id)!
      finished.delete(id)
      yield result
      taken++
      topUp()
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}
