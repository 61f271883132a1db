import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { testDatabases } from '../store/testing/test-stores.ts'
import { startSiteInstance } from './site-instance.ts'
import { requestArrived } from './testing/hanging-route.ts'
import { rulesWithTestRoute } from './testing/test-route-rules.ts'

const databases = testDatabases()
const dir = mkdtempSync(join(tmpdir(), 'alphanode-site-instance-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a site thread', () => {
  it('closes within its wait when a request never ends, cutting that connection', async () => {
    const database = await databases.create('sqlite')
    await (await database.open()).close()
    const rulesFile = rulesWithTestRoute(dir, '/test/hang')
    const config = loadConfig({})
    const warnings: string[] = []
    const log = pino(
      { level: 'warn' },
      { write: (line: string) => warnings.push(JSON.parse(line).msg) },
    )
    const site = await startSiteInstance(
      {
        thread: { index: 0, count: 1, channel: 'alphanode:test' },
        config: { ...config, cache: { ...config.cache, rulesFile } },
        databaseUrl: database.url,
        host: '127.0.0.1',
        port: 0,
        publicUrl: 'http://127.0.0.1',
        build: { version: 'test', commit: 'test' },
        sessionSecret: 'a session secret of thirty-two characters',
        logLevel: 'warn',
        pageCacheBytes: 0,
        databaseCacheMiB: 2,
        routesModule: new URL('./testing/hanging-route.ts', import.meta.url).href,
      },
      log,
      { closeTimeoutMs: 300 },
    )
    const answered = new Promise<string>((resolve) => {
      const sent = request(`http://${site.address}/test/hang`, { agent: false }, () =>
        resolve('answered'),
      )
      sent.on('error', (error: NodeJS.ErrnoException) => resolve(String(error.code)))
      sent.end()
    })
    await requestArrived
    const started = Date.now()
    await site.close()
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(await answered).toBe('ECONNRESET')
    expect(warnings).toContain(
      'requests still running after the shutdown wait; closing their connections',
    )
  })
})
