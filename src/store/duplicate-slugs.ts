import { type Kysely, sql } from 'kysely'
import { distinctSlug } from '../content/index.ts'
import { chunks } from './chunks.ts'

/**
 * Gives each post whose slug a post with a lower id also holds a distinctSlug, as the post
 * writers do when a new post's slug is taken. A first load writes without the slug index
 * (store/deferred-indexes.ts) and so leaves this to its end. The post written first keeps
 * the slug, as it would have; the only difference from writing with the index is in the
 * rare case where one post's distinctSlug is another post's own slug: here the later post
 * keeps its own, and the earlier one takes its next attempt.
 *
 * Without the index each lookup scans the posts, so this runs only once building the
 * unique index has failed: at most a few scans, against none in the usual case.
 */
export async function settleDuplicateSlugs<DB>(db: Kysely<DB>): Promise<void> {
  const { rows } = await sql<{ id: number; source_id: string; slug: string }>`
    select id, source_id, slug from posts
    where slug in (select slug from posts group by slug having count(*) > 1)
    order by id`.execute(db)
  const first = new Set<string>()
  let pending: typeof rows = []
  for (const row of rows)
    if (first.has(row.slug)) pending.push(row)
    else first.add(row.slug)
  const taken = new Set<string>()
  for (let attempt = 0; pending.length > 0; attempt++) {
    const wanted = pending.map((row) => distinctSlug(row.slug, row.source_id, attempt))
    for (const batch of chunks(wanted, 500)) {
      const { rows: holders } = await sql<{ slug: string }>`select slug from posts
        where slug in (${sql.join(batch)})`.execute(db)
      for (const holder of holders) taken.add(holder.slug)
    }
    const next: typeof pending = []
    for (const [i, row] of pending.entries()) {
      const slug = wanted[i]!
      if (taken.has(slug)) next.push(row)
      else {
        taken.add(slug)
        await sql`update posts set slug = ${slug} where id = ${row.id}`.execute(db)
      }
    }
    pending = next
  }
}
