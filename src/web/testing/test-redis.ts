import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'

const DEFAULT_REDIS = 'redis://127.0.0.1:6379'

let reachable: Promise<boolean> | undefined

export function testRedisUrl(): string {
  return process.env.ALPHANODE_TEST_REDIS ?? DEFAULT_REDIS
}

/** Whether a Redis server answers PING at `url` (within two seconds). */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/**
 * Whether the Redis tests run. In CI (CI=true) or with ALPHANODE_TEST_REDIS set, Redis is
 * required and an unreachable server fails them; a laptop without Redis skips them, saying so.
 */
export async function redisAvailable(): Promise<boolean> {
  reachable ??= redisAnswers(testRedisUrl())
  if (await reachable) return true
  if (process.env.CI === 'true' || process.env.ALPHANODE_TEST_REDIS !== undefined)
    throw new Error(
      `Redis is required here (CI or ALPHANODE_TEST_REDIS) but ${testRedisUrl()} cannot be reached`,
    )
  console.warn(
    `Redis tests skipped: ${testRedisUrl()} cannot be reached (set CI=true to make this an error)`,
  )
  return false
}

/** A key namespace of its own, so tests sharing one Redis never see each other's pages. */
export const testRedisPrefix = (): string => `alphanode-test:${randomBytes(6).toString('hex')}:`
