// The floor for import: raw better-sqlite3 inserts of the same rows (identity and document)
// into one table with no index, in transactions of 500. Prints {"rows","ms"}.
import { createReadStream, rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'

const [input, file] = process.argv.slice(2) as [string, string]
rmSync(file, { force: true })
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec('create table posts (source_id text, document text)')
const insert = db.prepare('insert into posts values (?, ?)')
const insertMany = db.transaction((rows: string[]) => {
  for (const row of rows) insert.run(/"source_id":"([^"]+)"/.exec(row)?.[1] ?? '', row)
})
const started = performance.now()
let rows = 0
let batch: string[] = []
for await (const line of createInterface({
  input: createReadStream(input),
  crlfDelay: Number.POSITIVE_INFINITY,
})) {
  batch.push(line)
  if (batch.length === 500) {
    insertMany(batch)
    rows += batch.length
    batch = []
  }
}
insertMany(batch)
rows += batch.length
db.close()
process.stdout.write(JSON.stringify({ rows, ms: performance.now() - started }))
