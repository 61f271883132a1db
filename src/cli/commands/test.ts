import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'

interface TestOptions {
  static: boolean
}

interface VitestSummary {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  numTotalTests: number
}

export function registerTest(program: Command): void {
  program
    .command('test')
    .summary('run the checks: type-check, lint and format, then every test')
    .description(
      'Runs tsc, Biome and Vitest (real SQLite, PostgreSQL, Redis and Chromium where a test needs them)\n' +
        'and ends with one line "tests: N passed, N failed, N skipped". Extra arguments go to Vitest.\n' +
        'With CI=true, tests that need PostgreSQL or Redis fail instead of skipping when those are down.',
    )
    .argument('[vitest-args...]', 'passed to vitest run (a file filter, -t NAME, ...)')
    .option('--no-static', 'skip the type-check and lint, run only the tests')
    .action(async (vitestArgs: string[], options: TestOptions) => {
      let failed = false
      if (options.static) {
        failed = (await run('tsc', ['--noEmit'])) !== 0 || failed
        failed = (await run('biome', ['check', '.'])) !== 0 || failed
      }
      const dir = mkdtempSync(join(tmpdir(), 'alphanode-test-'))
      const report = join(dir, 'vitest.json')
      const code = await run('vitest', [
        'run',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        ...vitestArgs,
      ])
      const summary = readSummary(report)
      rmSync(dir, { recursive: true, force: true })
      if (summary) {
        const skipped = summary.numPendingTests + summary.numTodoTests
        // A test file whose worker crashed leaves its tests neither passed nor failed.
        const unfinished =
          summary.numTotalTests - summary.numPassedTests - summary.numFailedTests - skipped
        process.stdout.write(
          `\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped${unfinished > 0 ? `, ${unfinished} did not finish` : ''}\n`,
        )
      }
      if (code !== 0 && summary?.numFailedTests === 0)
        process.stdout.write(
          `vitest exited with code ${code}: see its errors above (a test file's worker may have crashed)\n`,
        )
      if (failed || code !== 0 || !summary) process.exitCode = 1
    })
}

function readSummary(file: string): VitestSummary | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VitestSummary
  } catch {
    return undefined
  }
}

// Tools come from node_modules/.bin, which npm scripts and npx put first on PATH.
function run(tool: string, args: string[]): Promise<number> {
  process.stdout.write(`\n> ${tool} ${args.join(' ')}\n`)
  return new Promise((resolve) => {
    const child = spawn(tool, args, { stdio: 'inherit' })
    child.on('error', (error) => {
      process.stderr.write(
        `alphanode: cannot run ${tool} (${error.message}): run npm install first\n`,
      )
      resolve(127)
    })
    child.on('close', (code) => resolve(code ?? 1))
  })
}
