import { parentPort, workerData } from 'node:worker_threads'
import { type PrepareSettings, prepareRecord } from './prepare-record.ts'
import type { PrepareMessage } from './record-preparer.ts'

const settings = workerData as PrepareSettings

parentPort!.on('message', ({ id, bytes, ends, formats, fingerprints }: PrepareMessage) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const results = formats.map((format, i) =>
    prepareRecord(
      {
        bytes: buffer.subarray(i === 0 ? 0 : ends[i - 1], ends[i]),
        format,
        sourceFingerprint: fingerprints[i],
      },
      settings,
    ),
  )
  parentPort!.postMessage({ id, results })
})
