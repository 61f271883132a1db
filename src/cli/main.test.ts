import { describe, expect, it } from 'vitest'
import { runCli } from './testing/run-cli.ts'

describe('alphanode', () => {
  it('exits with the code a command sets, not 0', async () => {
    // `test` with a filter matching no file makes vitest fail; the CLI must pass that on.
    const result = await runCli(['test', '--no-static', 'no-such-test-file-anywhere'])
    expect(result.code).toBe(1)
  })
})
