import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Writable } from 'node:stream'
import { AppError } from '../errors.ts'

export interface OutputSink {
  /** Resolves when the bytes are written (the caller may then reuse or free them). */
  write(bytes: Uint8Array): Promise<void>
  /** Finishes the output (for a file: renames it into place). */
  close(): Promise<void>
  /** Gives up: a file target is left as it was. */
  abort(): Promise<void>
}

/** Streams to stdout, or to a file written under a temporary name and renamed when complete. */
export async function openSink(target: string | undefined): Promise<OutputSink> {
  if (target === undefined || target === '-')
    return streamSink(
      process.stdout,
      async () => {},
      async () => {},
    )
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.partial`)
  const stream = createWriteStream(temporary)
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', (error) =>
      reject(new AppError('IO', `cannot write ${target}: ${error.message}`, { cause: error })),
    )
  })
  const finish = () =>
    new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    )
  return streamSink(
    stream,
    async () => {
      try {
        await finish()
        await rename(temporary, target)
      } catch (error) {
        await rm(temporary, { force: true })
        throw new AppError(
          'IO',
          `cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          { cause: error },
        )
      }
    },
    async () => {
      stream.destroy()
      await rm(temporary, { force: true })
    },
  )
}

function streamSink(
  stream: Writable,
  close: () => Promise<void>,
  abort: () => Promise<void>,
): OutputSink {
  let failure: Error | undefined
  stream.on('error', (error: Error) => {
    failure = error
  })
  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure)
        stream.write(bytes, (error) => (error ? reject(error) : resolve()))
      }),
    close,
    abort,
  }
}
