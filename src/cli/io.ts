import { readFile } from 'node:fs/promises'
import { AppError } from '../errors.ts'
import { openSink } from './output-sink.ts'

export const STDIN = '-'

/** Reads a whole file, or stdin for `-`, as bytes. */
export async function readInput(file: string): Promise<Uint8Array> {
  if (file === STDIN) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  try {
    return await readFile(file)
  } catch (error) {
    throw new AppError(
      'IO',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        cause: error,
      },
    )
  }
}

/** Writes the whole output at once, so a failure leaves the target as it was. */
export async function writeOutput(target: string | undefined, text: string): Promise<void> {
  const sink = await openSink(target)
  try {
    await sink.write(Buffer.from(text))
    await sink.close()
  } catch (error) {
    await sink.abort()
    throw error
  }
}
