import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { CLI, runCli } from './testing/run-cli.ts'

describe('alphanode', () => {
  it('exits with the code a command sets, not 0', async () => {
    // `test` with a filter matching no file makes vitest fail; the CLI must pass that on.
    const result = await runCli(['test', '--no-static', 'no-such-test-file-anywhere'])
    expect(result.code).toBe(1)
  })
})

describe('output to a pipe its reader closes early', () => {
  it('ends quietly with exit 0, for a command and for help', async () => {
    for (const args of [
      ['synth', '--count', '5000'],
      ['cache', '--help'],
    ]) {
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
      // Like `| head -c 0`: the reader is gone before the first write.
      child.stdout.destroy()
      const code = await new Promise((resolve) => child.on('close', resolve))
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' })
    }
  })
})
