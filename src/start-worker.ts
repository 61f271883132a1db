import { getCompileCacheDir } from 'node:module'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * A worker thread that loads its modules from this process's compile cache, when the main
 * thread enabled one (the CLI does). `module.enableCompileCache()` applies to the calling
 * thread only; a thread started without it strips the types of each TypeScript module it
 * loads, and the type stripper stays resident in the thread: an import's peak went from
 * 248 to 243 MB with its two threads started here (README, Memory). The directory reaches
 * the thread the way Node's documentation gives: `NODE_COMPILE_CACHE` in its environment.
 */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  const cache = getCompileCacheDir()
  // SHARE_ENV gives the thread this thread's own environment, where the variable is not set.
  if (cache === undefined || typeof options.env === 'symbol') return new Worker(url, options)
  // What a thread gets by default, a copy of this environment, with the one variable added.
  const env = options.env ?? process.env
  return new Worker(url, { ...options, env: { ...env, NODE_COMPILE_CACHE: cache } })
}
