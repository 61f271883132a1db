import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { openStore } from '../src/store/index.ts'
import { redisAnswers } from '../src/web/testing/test-redis.ts'
import { CLI_ENV, CLI_FLAGS, PRELOAD } from './support/measure.ts'
import { preparedDatabase } from './support/prepared-database.ts'
import type { Benchmark, BenchResult } from './types.ts'

const SERVER = fileURLToPath(new URL('./support/site-server.ts', import.meta.url))
const CONNECTIONS = 50
const SECONDS = 10
const SAMPLE = 2000

/**
 * Article paths spread evenly over the archive, so requests touch cold and warm pages alike.
 * Chosen here, not in the server: the scan would fill the server's page cache and count in
 * its peak memory.
 */
async function samplePaths(url: string): Promise<string[]> {
  const store = openStore(url, { readonly: true })
  try {
    const { n } = await store.db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const step = Math.max(1, Math.floor(Number(n) / SAMPLE))
    const rows = await store.db
      .selectFrom('posts')
      .select('slug')
      .where((eb) => eb(eb('id', '%', step), '=', 0))
      .where('review_state', '!=', 'rejected')
      .limit(SAMPLE)
      .execute()
    return rows.map((row) => `/posts/${row.slug}`)
  } finally {
    await store.close()
  }
}

interface Load {
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
  /** The server's CPU time (all its threads) per request answered, when Linux tells it. */
  cpuMicrosPerRequest?: number
  /** The part of it spent in the kernel: socket writes and SQLite's file reads. */
  kernelMicrosPerRequest?: number
  /** Bytes the server had to fetch from storage during the load, when Linux tells it. */
  diskReadBytes?: number
}

/**
 * CPU time a process has used (every thread), from Linux's /proc, in µs: user and kernel.
 * On a machine shared with the load generator, throughput moves with whatever else runs;
 * the server's own CPU per page moves less, and says whether the server got cheaper.
 */
function processCpuMicros(pid: number | undefined): { user: number; kernel: number } | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // utime and stime, fields 14 and 15 of stat, in clock ticks of 10 ms.
    return { user: Number(fields[11]) * 10_000, kernel: Number(fields[12]) * 10_000 }
  } catch {
    return undefined
  }
}

/**
 * Bytes a process has made Linux fetch from storage (`read_bytes` of /proc's io), so a figure
 * says when the disk, not the site, was measured: reads served from the page cache do not count.
 */
function processDiskReadBytes(pid: number | undefined): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/io`, 'utf8').match(/^read_bytes: (\d+)$/m)
    return line ? Number(line[1]) : undefined
  } catch {
    return undefined
  }
}

async function load(base: string, paths: readonly string[], pid?: number): Promise<Load> {
  let next = 0
  const cpuBefore = processCpuMicros(pid)
  const diskBefore = processDiskReadBytes(pid)
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
  const cpuAfter = processCpuMicros(pid)
  const diskAfter = processDiskReadBytes(pid)
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    ...(cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
      ? {}
      : {
          cpuMicrosPerRequest:
            (cpuAfter.user + cpuAfter.kernel - cpuBefore.user - cpuBefore.kernel) /
            result.requests.total,
          kernelMicrosPerRequest: (cpuAfter.kernel - cpuBefore.kernel) / result.requests.total,
        }),
    ...(diskBefore === undefined || diskAfter === undefined
      ? {}
      : { diskReadBytes: diskAfter - diskBefore }),
  }
}

const diskNote = (served: Served) =>
  served.articles.diskReadBytes === undefined
    ? ''
    : `; read from disk during the load: ${(served.articles.diskReadBytes / 1e6).toFixed(1)} MB`

const cpuNote = (served: Served) =>
  served.articles.cpuMicrosPerRequest === undefined
    ? ''
    : `; server CPU ${Math.round(served.articles.cpuMicrosPerRequest)} µs a page, ${Math.round(served.articles.kernelMicrosPerRequest ?? 0)} of them in the kernel (floor ${Math.round(served.floor.cpuMicrosPerRequest ?? 0)} µs, ${Math.round(served.floor.kernelMicrosPerRequest ?? 0)} in the kernel)`

interface Served {
  floor: Load
  articles: Load
  floorBytes: number
  paths: number
  maxRssMb: number
}

type Mode = 'uncached' | 'memory' | 'redis'

/** Starts the site in its own process, as `alphanode serve` runs, and loads it. */
async function serveAndLoad(
  url: string,
  paths: readonly string[],
  mode: Mode,
  redisUrl: string,
  threads?: number,
): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'alphanode-bench-'))
  const usageFile = join(dir, 'usage.json')
  const pathsFile = join(dir, 'paths.json')
  writeFileSync(pathsFile, JSON.stringify(paths))
  const server = spawn(
    process.execPath,
    [
      ...CLI_FLAGS,
      '--import',
      PRELOAD,
      SERVER,
      url,
      pathsFile,
      mode,
      redisUrl,
      ...(threads ? [String(threads)] : []),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...CLI_ENV, ALPHANODE_USAGE_FILE: usageFile },
    },
  )
  const exited = new Promise((resolve) => server.on('close', resolve))
  try {
    const ready = await new Promise<{ port: number }>((resolve, reject) => {
      let out = ''
      server.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))))
      })
      server.on('close', (code) => reject(new Error(`site server exited with ${code}`)))
    })
    const base = `http://127.0.0.1:${ready.port}`
    const floorBytes = (await (await fetch(`${base}/bench/floor`)).arrayBuffer()).byteLength
    // Warm-up: JIT, statement caches, every article read once, and in the cached modes every
    // page stored once. Reading each article once puts the file pages the load reads in the
    // operating system's cache, as on a server that has been up a while: otherwise the first
    // pass over a cold file is measured as disk reads (p99 79 and 49 ms against 23 and 29 ms
    // with every article read once, on these machines' virtual disks; README, Benchmarks).
    await load(base, paths)
    const floor = await load(base, ['/bench/floor'], server.pid)
    const articles = await load(base, paths, server.pid)
    server.kill('SIGTERM')
    await exited
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssMb: number }
    return {
      floor,
      articles,
      floorBytes,
      paths: paths.length,
      maxRssMb: usage.maxRssMb,
    }
  } finally {
    if (server.exitCode === null) server.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}

export const siteBenchmark: Benchmark = {
  name: 'site',
  async run({ scale }) {
    const url = await preparedDatabase(scale, { related: true })
    const paths = await samplePaths(url)
    const redisUrl = process.env.ALPHANODE_TEST_REDIS ?? 'redis://127.0.0.1:6379'
    const label = `${scale.toLocaleString('en')} posts, ${CONNECTIONS} connections`
    const floorName = (served: Served) =>
      `fixed ${served.floorBytes.toLocaleString('en')}-byte string, same server`

    const uncached = await serveAndLoad(url, paths, 'uncached', redisUrl)
    const results: BenchResult[] = [
      {
        name: `article pages uncached, requests/s (${label})`,
        figure: uncached.articles.requestsPerSecond,
        unit: 'req/s',
        baselineName: floorName(uncached),
        baseline: uncached.floor.requestsPerSecond,
        goal: { ratioAtLeast: 0.4 },
        notes: `${uncached.paths.toLocaleString('en')} distinct articles, rendered every time; errors ${uncached.articles.errors}${cpuNote(uncached)}${diskNote(uncached)}`,
      },
      {
        name: `article pages uncached, p99 latency (${label})`,
        figure: uncached.articles.p99,
        unit: 'ms',
        baselineName: `${floorName(uncached)}, p99`,
        baseline: uncached.floor.p99,
        goal: { atMost: 15 },
        notes: `p50 ${uncached.articles.p50} ms (floor p50 ${uncached.floor.p50} ms)`,
      },
      {
        name: `site server peak memory, uncached (${label})`,
        figure: uncached.maxRssMb,
        unit: 'MB',
        goal: { atMost: 300 },
      },
    ]
    const single = await serveAndLoad(url, paths, 'uncached', redisUrl, 1)
    results.push({
      name: `article pages uncached, one site thread, requests/s (${label})`,
      figure: single.articles.requestsPerSecond,
      unit: 'req/s',
      baselineName: 'the same with the default threads, previous run',
      baseline: uncached.articles.requestsPerSecond,
      notes: `p99 ${single.articles.p99} ms; ${Math.round(single.maxRssMb)} MB; against its own floor ${(single.articles.requestsPerSecond / single.floor.requestsPerSecond).toFixed(2)}${cpuNote(single)}${diskNote(single)}`,
    })

    const memory = await serveAndLoad(url, paths, 'memory', redisUrl)
    results.push(
      {
        name: `article pages cached in memory, requests/s (${label})`,
        figure: memory.articles.requestsPerSecond,
        unit: 'req/s',
        baselineName: floorName(memory),
        baseline: memory.floor.requestsPerSecond,
        goal: { ratioAtLeast: 0.85 },
        notes: `p50 ${memory.articles.p50} ms, p99 ${memory.articles.p99} ms; errors ${memory.articles.errors}${cpuNote(memory)}`,
      },
      {
        name: `site server peak memory, 64 MB page cache (${label})`,
        figure: memory.maxRssMb,
        unit: 'MB',
        goal: { atMost: 300 },
      },
    )

    if (!(await redisAnswers(redisUrl))) {
      process.stdout.write(`  (Redis-backed hits skipped: ${redisUrl} cannot be reached)\n`)
      return results
    }
    const redis = await serveAndLoad(url, paths, 'redis', redisUrl)
    const costMicros =
      1e6 / redis.articles.requestsPerSecond - 1e6 / memory.articles.requestsPerSecond
    results.push({
      name: `article pages cached in Redis only, requests/s (${label})`,
      figure: redis.articles.requestsPerSecond,
      unit: 'req/s',
      baselineName: 'the same pages cached in memory, previous run',
      baseline: memory.articles.requestsPerSecond,
      notes: `a Redis hit costs about ${Math.round(costMicros)} µs of server time more than a memory hit; p50 ${redis.articles.p50} ms, p99 ${redis.articles.p99} ms; errors ${redis.articles.errors}`,
    })
    return results
  },
}
