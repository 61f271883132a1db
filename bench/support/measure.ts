import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface ProcessUsage {
  wallMs: number
  maxRssMb: number
  cpuMs: number
  stdout: string
}

export const PRELOAD = fileURLToPath(new URL('./report-usage.ts', import.meta.url))
export const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
// The V8 flags the CLI's shebang gives it, so a measured run is the run a user gets.
export const CLI_FLAGS = (
  readFileSync(CLI, 'utf8')
    .split('\n')[0]!
    .split(/\s+node\s+/)[1] ?? ''
)
  .split(/\s+/)
  .filter(Boolean)

/** Runs a Node script as its own process (stdout discarded unless kept) and reports its usage. */
export async function measureNode(
  args: string[],
  options: { keepStdout?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessUsage> {
  const dir = mkdtempSync(join(tmpdir(), 'alphanode-bench-'))
  const file = join(dir, 'usage.json')
  const flags = args[0] === CLI ? CLI_FLAGS : []
  const child = spawn(process.execPath, [...flags, '--import', PRELOAD, ...args], {
    stdio: ['ignore', options.keepStdout ? 'pipe' : 'ignore', 'inherit'],
    env: { ...process.env, ...options.env, ALPHANODE_USAGE_FILE: file },
  })
  let stdout = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`)
  const usage = JSON.parse(readFileSync(file, 'utf8')) as Omit<ProcessUsage, 'stdout'>
  rmSync(dir, { recursive: true, force: true })
  return { ...usage, stdout }
}
