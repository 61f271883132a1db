import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const CLI = fileURLToPath(new URL('../main.ts', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: Buffer
  stderr: string
}

/** Runs the real `alphanode` CLI in a child process on this Node (the project's pinned one). */
export function runCli(
  args: string[],
  options: { input?: string | Uint8Array; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }),
    )
    child.stdin.end(options.input ?? '')
  })
}

export interface ServingCli {
  /** The site's address, as the CLI printed it. */
  url: string
  /** Everything printed on stdout up to and including the address. */
  stdout: string
  /** Sends SIGTERM and waits for the process to end. */
  stop(): Promise<CliResult>
  /** Settles when the process ends by itself. */
  ended: Promise<CliResult>
}

/**
 * Starts a CLI command that serves the site (`serve`, `start`) and waits until it listens;
 * `script` runs another program that serves as `serve` does, with `args` as its arguments.
 */
export function serveCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; script?: string } = {},
): Promise<ServingCli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.script ?? CLI, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    const ended = new Promise<CliResult>((done) =>
      child.on('close', (code) =>
        done({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }),
      ),
    )
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(`no "Serving … at URL" within the time limit; stderr: ${Buffer.concat(err)}`),
      )
    }, options.timeoutMs ?? 50_000)
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk)
      const stdout = Buffer.concat(out).toString()
      const match = / at (http:\/\/\S+?)\/? \(Ctrl-C stops\)/.exec(stdout)
      if (!match) return
      clearTimeout(timer)
      resolve({
        url: match[1]!,
        stdout,
        ended,
        stop: () => {
          child.kill('SIGTERM')
          return ended
        },
      })
    })
    ended.then((result) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${result.code} before serving: ${result.stderr}`))
    })
  })
}
