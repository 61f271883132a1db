import { createInterface } from 'node:readline'
import type { Command } from 'commander'
import { AppError } from '../../errors.ts'
import { commandContext, DB_OPTION_HELP, withStore } from '../context.ts'

const write = (text: string) => process.stdout.write(`${text}\n`)
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** A password from a prompt that echoes nothing, or the first line of piped input. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin })
    for await (const line of lines) return line
    return ''
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      const prompt = createInterface({
        input: process.stdin,
        output: process.stderr,
        terminal: true,
      })
      // Echo nothing of what is typed.
      ;(prompt as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (
        text,
      ) => {
        if (text.startsWith(question)) process.stderr.write(question)
      }
      prompt.question(question, (answer) => {
        prompt.close()
        process.stderr.write('\n')
        resolve(answer)
      })
    })
  const first = await ask('Password: ')
  if ((await ask('Again: ')) !== first) throw new AppError('USAGE', 'the two passwords differ')
  return first
}

export function registerUser(program: Command): void {
  const user = program
    .command('user')
    .summary('editors who may log in to review posts and purge the cache')
    .description(
      'Passwords are stored as scrypt hashes. Editors log in at /login; the review queue is at\n' +
        '/admin/review. Set ALPHANODE_SESSION_SECRET (32+ characters) so logins survive restarts\n' +
        'and hold on every web node.',
    )
  user
    .command('add')
    .description(
      'add an editor, or set a new password for one (ending their sessions); the password is\n' +
        'asked for, or read from the first line of standard input when it is piped',
    )
    .argument('<email>', "the editor's email, their login name")
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (email: string, options: { db?: string }) => {
      const { config, log } = await commandContext()
      const normalized = email.trim().toLowerCase()
      if (!EMAIL.test(normalized))
        throw new AppError('USAGE', `${JSON.stringify(email)} is not an email address`)
      const { hashPassword, MIN_PASSWORD_LENGTH } = await import('../../web/admin/passwords.ts')
      const password = await readPassword()
      if (password.length < MIN_PASSWORD_LENGTH)
        throw new AppError(
          'USAGE',
          `a password needs at least ${MIN_PASSWORD_LENGTH} characters (a passphrase is best)`,
        )
      const hash = await hashPassword(password)
      const { saveEditor } = await import('../../store/index.ts')
      const { created } = await withStore(options.db ?? config.databaseUrl, log, (store) =>
        saveEditor(store, normalized, hash),
      )
      write(created ? `${normalized}: added` : `${normalized}: password changed, sessions ended`)
      log.info({ email: normalized, created }, 'editor saved')
    })
  user
    .command('list')
    .description('every editor, with when they last logged in')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (options: { db?: string }) => {
      const { config, log } = await commandContext()
      const { listEditors } = await import('../../store/index.ts')
      const editors = await withStore(options.db ?? config.databaseUrl, log, listEditors)
      for (const editor of editors)
        write(
          `${editor.email}  added ${editor.createdAt}  last login ${editor.lastLoginAt ?? 'never'}`,
        )
      write(`${editors.length} ${editors.length === 1 ? 'editor' : 'editors'}`)
    })
  user
    .command('remove')
    .description('remove an editor and end their sessions')
    .argument('<email>')
    .option('--db <url>', DB_OPTION_HELP)
    .action(async (email: string, options: { db?: string }) => {
      const { config, log } = await commandContext()
      const { removeEditor } = await import('../../store/index.ts')
      await withStore(options.db ?? config.databaseUrl, log, (store) =>
        removeEditor(store, email.trim().toLowerCase()),
      )
      write(`${email}: removed`)
    })
}
