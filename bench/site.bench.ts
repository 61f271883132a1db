import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { CLI_FLAGS, PRELOAD } from './support/measure.ts'
import { preparedDatabase } from './support/prepared-database.ts'
import type { Benchmark } from './types.ts'

const SERVER = fileURLToPath(new URL('./support/site-server.ts', import.meta.url))
const CONNECTIONS = 50
const SECONDS = 10

interface Load {
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
}

async function load(base: string, paths: readonly string[]): Promise<Load> {
  let next = 0
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }),
      },
    ],
  })
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  }
}

export const siteBenchmark: Benchmark = {
  name: 'site',
  async run({ scale }) {
    const url = await preparedDatabase(scale, { related: true })
    const dir = mkdtempSync(join(tmpdir(), 'alphanode-bench-'))
    const usageFile = join(dir, 'usage.json')
    // The server runs as `alphanode serve` does: its own process, with the CLI's V8 flags.
    const server = spawn(process.execPath, [...CLI_FLAGS, '--import', PRELOAD, SERVER, url], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ALPHANODE_USAGE_FILE: usageFile },
    })
    const exited = new Promise((resolve) => server.on('close', resolve))
    const ready = await new Promise<{ port: number; paths: string[]; floorBytes: number }>(
      (resolve, reject) => {
        let out = ''
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))))
        })
        server.on('close', (code) => reject(new Error(`site server exited with ${code}`)))
      },
    )
    const base = `http://127.0.0.1:${ready.port}`
    try {
      await load(base, ready.paths.slice(0, 200)) // warm-up: JIT, statement caches
      const floor = await load(base, ['/bench/floor'])
      const articles = await load(base, ready.paths)
      server.kill('SIGTERM')
      await exited
      const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssMb: number }
      const label = `${scale.toLocaleString('en')} posts, ${CONNECTIONS} connections`
      const floorName = `fixed ${ready.floorBytes.toLocaleString('en')}-byte string, same server`
      return [
        {
          name: `article pages uncached, requests/s (${label})`,
          figure: articles.requestsPerSecond,
          unit: 'req/s',
          baselineName: floorName,
          baseline: floor.requestsPerSecond,
          goal: { ratioAtLeast: 0.4 },
          notes: `${ready.paths.length.toLocaleString('en')} distinct articles; errors ${articles.errors}`,
        },
        {
          name: `article pages uncached, p99 latency (${label})`,
          figure: articles.p99,
          unit: 'ms',
          baselineName: `${floorName}, p99`,
          baseline: floor.p99,
          goal: { atMost: 15 },
          notes: `p50 ${articles.p50} ms (floor p50 ${floor.p50} ms)`,
        },
        {
          name: `site server peak memory (${label})`,
          figure: usage.maxRssMb,
          unit: 'MB',
          goal: { atMost: 300 },
        },
      ]
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
