import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { testDatabases } from '../../store/testing/test-stores.ts'
import { runCli, serveCli } from '../testing/run-cli.ts'

const databases = testDatabases()

const dir = mkdtempSync(join(tmpdir(), 'alphanode-config-'))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('alphanode config', () => {
  it('shows the effective configuration with passwords redacted and defaults marked', async () => {
    const env = file(
      'prod.env',
      'ALPHANODE_DB=postgres://app:s3cret@db.internal/alphanode\nALPHANODE_PORT=8080\nALPHANODE_PROT=1\n',
    )
    const result = await runCli(['config', 'show', '--env-file', env])
    expect(result.code, result.stderr).toBe(0)
    const out = result.stdout.toString()
    expect(out).toMatch(/^ALPHANODE_DB\s+postgres:\/\/app:\*\*\*@db\.internal\/alphanode$/m)
    expect(out).toMatch(/^ALPHANODE_PORT\s+8080$/m)
    expect(out).toMatch(/^ALPHANODE_LOG_LEVEL\s+info {2}\(default\)$/m)
    expect(out).toContain('warning: ALPHANODE_PROT is set but no setting reads it (a typo?)')
    expect(out + result.stderr).not.toContain('s3cret')

    const bad = await runCli([
      'config',
      'show',
      '--env-file',
      file('bad.env', 'ALPHANODE_PORT=99999\n'),
    ])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('ALPHANODE_PORT must be a port number')
  })

  it('diffs two environments: every differing setting, secrets without their values', async () => {
    const staging = file(
      'staging.env',
      'ALPHANODE_DB=postgres://app:one@db/alphanode\nALPHANODE_LOG_LEVEL=debug\nALPHANODE_PUBLIC_URL=https://staging.example.com\n',
    )
    const production = file(
      'production.env',
      'ALPHANODE_DB=postgres://app:two@db/alphanode\nALPHANODE_PUBLIC_URL=https://example.com\n',
    )
    const result = await runCli(['config', 'diff', staging, production])
    expect(result.code).toBe(1)
    const out = result.stdout.toString()
    expect(out).toContain(`ALPHANODE_LOG_LEVEL\n  ${staging}: debug\n  ${production}: info\n`)
    expect(out).toContain(`ALPHANODE_PUBLIC_URL\n  ${staging}: https://staging.example.com\n`)
    expect(out).toContain('ALPHANODE_DB\n')
    expect(out).toContain('postgres://app:***@db/alphanode (the password differs)')
    expect(out).not.toMatch(/one|two@/)
    expect(out).toContain('3 settings differ')

    const same = await runCli(['config', 'diff', production, production])
    expect(same.code).toBe(0)
    expect(same.stdout.toString()).toBe('no differences in effective configuration\n')
  })

  it('never prints a secret: session secret, admin token, Redis password', async () => {
    const env = file(
      'secrets.env',
      `ALPHANODE_SESSION_SECRET=${'x'.repeat(40)}\nALPHANODE_ADMIN_TOKEN=${'y'.repeat(40)}\nALPHANODE_REDIS=redis://:r3dispass@cache.internal:6379\n`,
    )
    const result = await runCli(['config', 'show', '--env-file', env])
    expect(result.code, result.stderr).toBe(0)
    const out = result.stdout.toString()
    expect(out).toMatch(/^ALPHANODE_SESSION_SECRET\s+\(set, hidden\)$/m)
    expect(out).toMatch(/^ALPHANODE_ADMIN_TOKEN\s+\(set, hidden\)$/m)
    expect(out).toMatch(/^ALPHANODE_REDIS\s+redis:\/\/:\*\*\*@cache\.internal:6379$/m)
    expect(out).not.toMatch(/xxxx|yyyy|r3dispass/)
  })

  it('diffs two running sites by URL, through their /admin/config', async () => {
    const database = await databases.create('sqlite')
    const token = 't'.repeat(40)
    const common = { ALPHANODE_ADMIN_TOKEN: token, ALPHANODE_DB: database.url }
    const staging = await serveCli(['serve', '--port', '0'], {
      env: { ...common, ALPHANODE_CACHE_MEMORY_MB: '16', ALPHANODE_SESSION_SECRET: 'a'.repeat(40) },
    })
    const production = await serveCli(['serve', '--port', '0'], {
      env: { ...common, ALPHANODE_SESSION_SECRET: 'b'.repeat(40) },
    })
    try {
      const result = await runCli(['config', 'diff', staging.url, production.url], {
        env: { ALPHANODE_ADMIN_TOKEN: token },
      })
      expect(result.stderr).toBe('')
      const out = result.stdout.toString()
      expect(out).toContain(
        `ALPHANODE_CACHE_MEMORY_MB\n  ${staging.url}: 16\n  ${production.url}: 64\n`,
      )
      expect(out).toContain(
        `ALPHANODE_SESSION_SECRET\n  ${staging.url}: (set, hidden) (the values differ)`,
      )
      expect(out).not.toMatch(/aaaa|bbbb/)
      expect(result.code).toBe(1)

      const refused = await runCli(['config', 'diff', staging.url, production.url], {
        env: { ALPHANODE_ADMIN_TOKEN: 'w'.repeat(40) },
      })
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('answered 401')
    } finally {
      await staging.stop()
      await production.stop()
    }
  })
})
