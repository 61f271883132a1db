// The floor for NDJSON output: JSON.stringify of already-built posts, written to /dev/null.
// Prints {"posts","ms","bytes"} for the timed part only.
import { openSync, writeSync } from 'node:fs'
import { synthesizePost } from '../../src/synth/index.ts'

const count = Number(process.argv[2])
const posts = Array.from({ length: count }, (_, seed) => synthesizePost(seed))
const out = openSync('/dev/null', 'w')
const started = performance.now()
let bytes = 0
let batch: string[] = []
for (const post of posts) {
  batch.push(`${JSON.stringify(post)}\n`)
  if (batch.length === 200) {
    const text = batch.join('')
    bytes += Buffer.byteLength(text)
    writeSync(out, text)
    batch = []
  }
}
if (batch.length > 0) writeSync(out, batch.join(''))
process.stdout.write(JSON.stringify({ posts: count, ms: performance.now() - started, bytes }))
