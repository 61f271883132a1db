import { parentPort, workerData } from 'node:worker_threads'
import { type Prepared, prepareRecord } from './prepare-record.ts'
import type { PrepareMessage, PrepareReply, PreparerData } from './record-preparer.ts'

const { settings, replies, posted } = workerData as PreparerData

// Results go back in parts, not a whole batch at once: held until the end of a batch, 500
// records' strings outlived every young-generation collection and were copied and promoted.
// A part stays under the 100 KB above which V8 deserializes a message straight into its old
// generation (about 7.4 KB a record as sent).
const REPLY_RECORDS = 8

const reply = (message: PrepareReply) => {
  replies.postMessage(message)
  // After the post: a count the importer sees moved means the part is in the channel.
  Atomics.add(posted, 0, 1)
  Atomics.notify(posted, 0)
}

parentPort!.on('message', ({ id, bytes, ends, formats, fingerprints }: PrepareMessage) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let results: Prepared[] = []
  for (const [i, format] of formats.entries()) {
    results.push(
      prepareRecord(
        {
          bytes: buffer.subarray(i === 0 ? 0 : ends[i - 1], ends[i]),
          format,
          sourceFingerprint: fingerprints[i],
        },
        settings,
      ),
    )
    if (results.length === REPLY_RECORDS && i < formats.length - 1) {
      reply({ id, results, last: false })
      results = []
    }
  }
  reply({ id, results, last: true })
})
