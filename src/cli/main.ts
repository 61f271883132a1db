#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 --max-old-space-size=256
// The shebang's V8 flags bound the heap: without them V8 grows it lazily to several times
// what a long import or synth run keeps alive. Only flags on the command line take effect.
// MALLOC_ARENA_MAX: glibc gives each thread that allocates its own arena, and an import's
// four threads (writer, parser, WAL checkpoints, V8's) kept 25 MB more resident in theirs
// than two arenas do, at the same speed (docs/performance/import.md).
import { enableCompileCache } from 'node:module'

// Caches compiled (and type-stripped) modules on disk: halves the start-up time of every command.
enableCompileCache()

const { Command, CommanderError } = await import('commander')
const { default: packageJson } = await import('../../package.json', { with: { type: 'json' } })
const { AppError } = await import('../errors.ts')
const { reflow } = await import('./help-text.ts')
const { registerConvert } = await import('./commands/convert.ts')
const { registerTest } = await import('./commands/test.ts')
const { registerStart } = await import('./commands/start.ts')
const { registerSynth } = await import('./commands/synth.ts')
const { registerImport } = await import('./commands/import.ts')
const { registerDb } = await import('./commands/db.ts')
const { registerSearch } = await import('./commands/search.ts')
const { registerRelated } = await import('./commands/related.ts')
const { registerServe } = await import('./commands/serve.ts')
const { registerReview } = await import('./commands/review.ts')
const { registerConfig } = await import('./commands/config.ts')
const { registerCache } = await import('./commands/cache.ts')
const { registerUser } = await import('./commands/user.ts')

const EXIT_OK = 0
const EXIT_BAD_DATA = 1
const EXIT_USAGE = 2

const USAGE_CODES: ReadonlySet<string> = new Set(['USAGE', 'SEED_OUT_OF_RANGE', 'CONFIG_INVALID'])

export function buildProgram() {
  const program = new Command('alphanode')
    .description(
      'alphanode: a programming-article archive: synthesize, convert, import and serve posts.',
    )
    .version(packageJson.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  registerConvert(program)
  registerStart(program)
  registerSynth(program)
  registerImport(program)
  registerDb(program)
  registerSearch(program)
  registerRelated(program)
  registerServe(program)
  registerReview(program)
  registerConfig(program)
  registerCache(program)
  registerUser(program)
  registerTest(program)
  const override = (command: typeof program) => {
    for (const sub of command.commands) {
      sub
        .exitOverride()
        .showHelpAfterError()
        .configureHelp({
          commandDescription: (cmd) => reflow(cmd.description()),
          subcommandDescription: (cmd) => reflow(cmd.summary() || cmd.description()),
        })
      override(sub)
    }
  }
  override(program)
  return program
}

// A reader that stops early (`alphanode synth | head`) closes the pipe: the output ends
// there, which is no failure and no reason for a stack trace.
const closedPipe = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'EPIPE'
process.stdout.on('error', (error) => {
  if (!closedPipe(error)) throw error
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK)
})

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv)
    // A command that finished with a failure (e.g. `test`) says so in process.exitCode.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK
  } catch (error) {
    if (closedPipe(error)) return EXIT_OK
    if (error instanceof CommanderError) {
      const isHelp =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      return isHelp ? EXIT_OK : EXIT_USAGE
    }
    if (error instanceof AppError) {
      process.stderr.write(`alphanode: ${error.located}\n`)
      return USAGE_CODES.has(error.code) ? EXIT_USAGE : EXIT_BAD_DATA
    }
    process.stderr.write(
      `alphanode: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`,
    )
    return EXIT_BAD_DATA
  }
}

process.exitCode = await main(process.argv)
