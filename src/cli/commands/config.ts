import { readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import type { Command } from 'commander'
import { AppError } from '../../errors.ts'

const write = (text: string) => process.stdout.write(`${text}\n`)

function envFile(path: string): NodeJS.ProcessEnv {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new AppError('IO', `cannot read ${path}: ${(error as Error).message}`, { cause: error })
  }
  return parseEnv(text)
}

export function registerConfig(program: Command): void {
  const config = program
    .command('config')
    .summary('the effective configuration: show it, or compare two environments')
    .description(
      'Configuration comes only from ALPHANODE_* environment variables. Passwords in database\n' +
        'URLs are never printed. An environment file has KEY=VALUE lines (as for `node --env-file`).',
    )
  config
    .command('show')
    .description('print every setting, its value, and whether it is set or the default')
    .option('--env-file <path>', 'read this environment file instead of the process environment')
    .action(async (options: { envFile?: string }) => {
      const { effectiveSettings, unknownVariables } = await import('../../config-report.ts')
      const env = options.envFile ? envFile(options.envFile) : process.env
      const settings = effectiveSettings(env)
      const width = Math.max(...settings.map((setting) => setting.variable.length))
      for (const setting of settings)
        write(
          `${setting.variable.padEnd(width)}  ${setting.shown}${setting.set ? '' : '  (default)'}`,
        )
      for (const name of unknownVariables(env))
        write(`warning: ${name} is set but no setting reads it (a typo?)`)
    })
  config
    .command('diff')
    .description(
      'list every setting whose effective value differs between two environment files\n' +
        '(staging and production, say); exit 0 when none does, 1 when some do',
    )
    .argument('<a>', 'first environment file')
    .argument('<b>', 'second environment file')
    .action(async (a: string, b: string) => {
      const { diffSettings, unknownVariables } = await import('../../config-report.ts')
      const left = envFile(a)
      const right = envFile(b)
      const differences = diffSettings(left, right)
      for (const difference of differences)
        write(`${difference.variable}\n  ${a}: ${difference.a}\n  ${b}: ${difference.b}`)
      for (const [file, env] of [
        [a, left],
        [b, right],
      ] as const)
        for (const name of unknownVariables(env))
          write(`warning: ${file} sets ${name}, which no setting reads (a typo?)`)
      write(
        differences.length === 0
          ? 'no differences in effective configuration'
          : `${differences.length} ${differences.length === 1 ? 'setting differs' : 'settings differ'}`,
      )
      if (differences.length > 0) process.exitCode = 1
    })
}
