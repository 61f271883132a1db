import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const START_WORKER = fileURLToPath(new URL('./start-worker.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'alphanode-compile-cache-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// A process of its own: enabling a compile cache in the test runner would change how
// every later test in it loads modules.
function workerCacheDir(enable: boolean, env: NodeJS.ProcessEnv = {}): unknown {
  const thread = `import { getCompileCacheDir } from 'node:module'
    import { parentPort } from 'node:worker_threads'
    parentPort.postMessage({ dir: getCompileCacheDir() ?? null, seen: process.env.ALPHANODE_SEEN ?? null })`
  const script = `import { enableCompileCache, getCompileCacheDir } from 'node:module'
    ${enable ? `enableCompileCache(${JSON.stringify(dir)})` : ''}
    const { startWorker } = await import(${JSON.stringify(START_WORKER)})
    const worker = startWorker(new URL('data:text/javascript,' + encodeURIComponent(${JSON.stringify(thread)})))
    worker.once('message', (reply) => {
      console.log(JSON.stringify({ main: getCompileCacheDir() ?? null, ...reply }))
      void worker.terminate()
    })`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_COMPILE_CACHE: undefined, ...env },
  })
  expect(result.stderr).toBe('')
  return JSON.parse(result.stdout)
}

describe('startWorker', () => {
  it("gives the thread the main thread's compile cache, and the rest of its environment", () => {
    const seen = workerCacheDir(true, { ALPHANODE_SEEN: 'yes' }) as Record<string, string>
    expect(seen.main).toContain(dir)
    // Node keeps each version's cache in a folder of its own, inside the one it is given.
    expect(seen.dir).toContain(seen.main)
    expect(seen.seen).toBe('yes')
  })

  it('starts a plain thread when the main thread has no compile cache', () => {
    expect(workerCacheDir(false)).toEqual({ main: null, dir: null, seen: null })
  })
})
