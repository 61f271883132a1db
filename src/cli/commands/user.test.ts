import { describe, expect, it } from 'vitest'
import { testDatabases } from '../../store/testing/test-stores.ts'
import { runCli } from '../testing/run-cli.ts'

const databases = testDatabases()

describe('alphanode user', () => {
  it('adds an editor from a piped password, lists, changes the password, removes', async () => {
    const { url } = await databases.create('sqlite')
    const add = (email: string, password: string) =>
      runCli(['user', 'add', email, '--db', url], { input: `${password}\n` })

    const added = await add('Editor@Example.com', 'a long enough passphrase')
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout.toString()).toBe('editor@example.com: added\n')
    expect(added.stderr).not.toContain('passphrase')

    const short = await add('other@example.com', 'short')
    expect(short.code).toBe(2)
    expect(short.stderr).toContain('a password needs at least 12 characters')
    const bad = await add('not-an-email', 'a long enough passphrase')
    expect(bad.code).toBe(2)

    const changed = await add('editor@example.com', 'another long passphrase')
    expect(changed.stdout.toString()).toBe('editor@example.com: password changed, sessions ended\n')

    const listed = await runCli(['user', 'list', '--db', url])
    expect(listed.stdout.toString()).toMatch(
      /^editor@example\.com {2}added \S+ {2}last login never\n1 editor\n$/,
    )

    expect((await runCli(['user', 'remove', 'editor@example.com', '--db', url])).code).toBe(0)
    const gone = await runCli(['user', 'remove', 'editor@example.com', '--db', url])
    expect(gone.code).toBe(2)
    expect(gone.stderr).toContain('no editor has the email "editor@example.com"')
  })
})
