import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const LOG = fileURLToPath(new URL('./log.ts', import.meta.url))

describe('createLogger', () => {
  it('writes JSON lines to stderr with secrets and cookies redacted', () => {
    const script = `const { createLogger } = await import(${JSON.stringify(LOG)});
      const log = createLogger({ logLevel: 'info' });
      log.info({ password: 'hunter2', databaseUrl: 'postgres://u:pw@h/d', req: { headers: { cookie: 'session=abc', authorization: 'Bearer t' } }, rows: 3 }, 'hello');
      log.flush();`
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    })
    expect(result.stdout).toBe('')
    const entry = JSON.parse(result.stderr.trim())
    expect(entry).toMatchObject({
      msg: 'hello',
      rows: 3,
      password: '[redacted]',
      databaseUrl: '[redacted]',
    })
    expect(entry.req.headers).toEqual({ cookie: '[redacted]', authorization: '[redacted]' })
    expect(result.stderr).not.toMatch(/hunter2|pw@|session=abc|Bearer/)
  })
})
