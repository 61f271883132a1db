import { parentPort, workerData } from 'node:worker_threads'
import { prepareRecord } from './prepare-record.ts'
import type { PrepareMessage } from './record-preparer.ts'

const { reviewAllGenerated } = workerData as { reviewAllGenerated: boolean }

parentPort!.on('message', ({ id, bytes, ends, formats, fingerprints }: PrepareMessage) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const results = formats.map((format, i) =>
    prepareRecord(
      {
        bytes: buffer.subarray(i === 0 ? 0 : ends[i - 1], ends[i]),
        format,
        sourceFingerprint: fingerprints[i]!,
      },
      reviewAllGenerated,
    ),
  )
  parentPort!.postMessage({ id, results })
})
