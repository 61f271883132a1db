import { readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import type { Command } from 'commander'
import type { Setting } from '../../config-report.ts'
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

const isUrl = (source: string) => /^https?:\/\//.test(source)

/** A running site's effective configuration, secrets redacted, from its /admin/config. */
async function runningSettings(base: string, token: string | undefined): Promise<Setting[]> {
  if (!token)
    throw new AppError(
      'USAGE',
      'comparing running sites needs ALPHANODE_ADMIN_TOKEN, the token the sites were started with',
    )
  const url = `${base.replace(/\/+$/, '')}/admin/config`
  let response: Response
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    throw new AppError('IO', `cannot reach ${url}: ${(error as Error).message}`, { cause: error })
  }
  if (!response.ok)
    throw new AppError(
      'IO',
      `${url} answered ${response.status}${response.status === 401 ? ' (is ALPHANODE_ADMIN_TOKEN the one this site runs with?)' : ''}`,
    )
  return ((await response.json()) as { settings: Setting[] }).settings
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
      'list every setting whose effective value differs between two environments (staging\n' +
        "and production, say), each an environment file or a running site's URL (read from its\n" +
        '/admin/config with $ALPHANODE_ADMIN_TOKEN); exit 0 when none differs, 1 when some do',
    )
    .argument('<a>', 'first environment file, or https://staging.example.com')
    .argument('<b>', 'second environment file, or https://www.example.com')
    .action(async (a: string, b: string) => {
      const { diffSettingLists, effectiveSettings, unknownVariables } = await import(
        '../../config-report.ts'
      )
      const { loadConfig } = await import('../../config.ts')
      const token = loadConfig().auth.adminToken
      const settingsOf = async (source: string) => {
        if (isUrl(source)) return runningSettings(source, token)
        const env = envFile(source)
        for (const name of unknownVariables(env))
          write(`warning: ${source} sets ${name}, which no setting reads (a typo?)`)
        return effectiveSettings(env)
      }
      const differences = diffSettingLists(await settingsOf(a), await settingsOf(b))
      for (const difference of differences)
        write(`${difference.variable}\n  ${a}: ${difference.a}\n  ${b}: ${difference.b}`)
      write(
        differences.length === 0
          ? 'no differences in effective configuration'
          : `${differences.length} ${differences.length === 1 ? 'setting differs' : 'settings differ'}`,
      )
      if (differences.length > 0) process.exitCode = 1
    })
}
