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
// The environment and V8 flags the CLI's shebang (`env -S VAR=value node --flag`) gives it,
// so a measured run is the run a user gets.
const [SHEBANG_ENV = '', SHEBANG_FLAGS = ''] = readFileSync(CLI, 'utf8')
  .split('\n')[0]!
  .replace(/^#!\S+\s+-S\s+/, '')
  .split(/(?:^|\s+)node(?:\s+|$)/)
const words = (text: string) => text.split(/\s+/).filter(Boolean)
export const CLI_FLAGS = words(SHEBANG_FLAGS)
export const CLI_ENV: Record<string, string> = Object.fromEntries(
  words(SHEBANG_ENV).map((word) => [
    word.slice(0, word.indexOf('=')),
    word.slice(word.indexOf('=') + 1),
  ]),
)

/** Runs a Node script as its own process (stdout discarded unless kept) and reports its usage. */
export async function measureNode(
  args: string[],
  options: { keepStdout?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessUsage> {
  const dir = mkdtempSync(join(tmpdir(), 'alphanode-bench-'))
  const file = join(dir, 'usage.json')
  const cli = args[0] === CLI
  const child = spawn(process.execPath, [...(cli ? CLI_FLAGS : []), '--import', PRELOAD, ...args], {
    stdio: ['ignore', options.keepStdout ? 'pipe' : 'ignore', 'inherit'],
    env: { ...process.env, ...(cli ? CLI_ENV : {}), ...options.env, ALPHANODE_USAGE_FILE: file },
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
