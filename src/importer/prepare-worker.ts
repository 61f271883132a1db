import { parentPort, workerData } from 'node:worker_threads'
import { type Prepared, type PrepareSettings, prepareRecord } from './prepare-record.ts'
import type { PrepareMessage, PrepareReply } from './record-preparer.ts'

const settings = workerData as PrepareSettings

// Results go back in parts, not a whole batch at once: held until the end of a batch, 500
// records' strings outlived every young-generation collection and were copied and promoted,
// and collecting took a quarter of this thread (5.5 s of 23 s at 100,000 posts; 2.6 s so).
const REPLY_RECORDS = 25

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
      parentPort!.postMessage({ id, results, last: false } satisfies PrepareReply)
      results = []
    }
  }
  parentPort!.postMessage({ id, results, last: true } satisfies PrepareReply)
})
