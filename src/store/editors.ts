import { AppError } from '../errors.ts'
import type { Store } from './open-store.ts'

export interface Editor {
  id: number
  email: string
}

/** Adds an editor, or replaces the password of one that exists; answers whether it was new. */
export async function saveEditor(
  store: Store,
  email: string,
  passwordHash: string,
  now = new Date(),
) {
  const existing = await store.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst()
  if (existing) {
    await store.db
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', existing.id)
      .execute()
    // A new password ends every session the old one opened.
    await store.db.deleteFrom('sessions').where('user_id', '=', existing.id).execute()
    return { created: false }
  }
  await store.db
    .insertInto('users')
    .values({ email, password_hash: passwordHash, created_at: now.toISOString() })
    .execute()
  return { created: true }
}

export async function editorCredentials(
  store: Store,
  email: string,
): Promise<(Editor & { passwordHash: string }) | undefined> {
  const row = await store.db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst()
  return row && { id: Number(row.id), email: row.email, passwordHash: row.password_hash }
}

export async function listEditors(store: Store) {
  const rows = await store.db
    .selectFrom('users')
    .select(['email', 'created_at', 'last_login_at'])
    .orderBy('email')
    .execute()
  return rows.map((row) => ({
    email: row.email,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  }))
}

export async function removeEditor(store: Store, email: string): Promise<void> {
  const result = await store.db.deleteFrom('users').where('email', '=', email).executeTakeFirst()
  if (Number(result.numDeletedRows) === 0)
    throw new AppError('USAGE', `no editor has the email ${JSON.stringify(email)}`)
}

/** Opens a session for an editor; `tokenHash` is a hash of the cookie's secret token. */
export async function openSession(
  store: Store,
  editor: Editor,
  tokenHash: string,
  expiresAt: Date,
  now = new Date(),
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        token_hash: tokenHash,
        user_id: editor.id,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute()
    await trx
      .updateTable('users')
      .set({ last_login_at: now.toISOString() })
      .where('id', '=', editor.id)
      .execute()
    // Expired sessions of anyone go here, so the table never grows without bound.
    await trx.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute()
  })
}

/** The editor a live session belongs to, or undefined when it is unknown or expired. */
export async function sessionEditor(
  store: Store,
  tokenHash: string,
  now = new Date(),
): Promise<Editor | undefined> {
  const row = await store.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst()
  return row && { id: Number(row.id), email: row.email }
}

export async function closeSession(store: Store, tokenHash: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
}
