import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FeatureBatch } from './feature-reading.ts'

export interface SpilledPost {
  id: number
  findable: boolean
  features: string[]
}

/**
 * Every post's features, numbered and written to a temporary file as they are counted, then
 * read back in order. Vectors need the whole archive's frequencies first; reading the posts
 * again meant parsing every document and extracting its words twice, which was most of a
 * rebuild at a million posts. The file holds four bytes a feature (some 550 MB at a
 * million synthesized posts) and is removed by `close`.
 */
export class FeatureSpill {
  private readonly names: string[] = []
  private readonly numbers = new Map<string, number>()
  private frequencies = new Int32Array(1024)
  private readonly ids: number[] = []
  private readonly lengths: number[] = []
  private readonly findable: boolean[] = []
  private buffer: Int32Array
  private used = 0
  private readonly dir: string
  private readonly fd: number
  /** The temporary file. */
  readonly path: string

  /** `bufferLength`: features held in memory between writes (tests make it small). */
  constructor(bufferLength = 1 << 18) {
    this.buffer = new Int32Array(bufferLength)
    this.dir = mkdtempSync(join(tmpdir(), 'alphanode-related-'))
    this.path = join(this.dir, 'features.bin')
    this.fd = openSync(this.path, 'w+')
  }

  get size(): number {
    return this.ids.length
  }

  /** Adds posts whose features are numbered by the batch (see readFeatureBatch). */
  addBatch(batch: FeatureBatch): void {
    const numbers = batch.names.map((name) => this.numberOf(name))
    let at = 0
    for (const [p, length] of batch.lengths.entries()) {
      this.ids.push(batch.ids[p]!)
      this.findable.push(batch.findable[p] === 1)
      this.lengths.push(length)
      if (this.used + length > this.buffer.length) this.flush(length)
      for (let f = 0; f < length; f++) {
        const number = numbers[batch.numbers[at++]!]!
        this.frequencies[number]!++
        this.buffer[this.used++] = number
      }
    }
  }

  private numberOf(feature: string): number {
    let number = this.numbers.get(feature)
    if (number === undefined) {
      number = this.names.length
      this.numbers.set(feature, number)
      this.names.push(feature)
      if (number >= this.frequencies.length) {
        const bigger = new Int32Array(this.frequencies.length * 2)
        bigger.set(this.frequencies)
        this.frequencies = bigger
      }
    }
    return number
  }

  /** How many posts have each feature. */
  documentFrequencies(): Map<string, number> {
    return new Map(this.names.map((name, number) => [name, this.frequencies[number]!]))
  }

  /** The posts in the order they were added, each with its features. */
  *replay(): Generator<SpilledPost> {
    this.flush(0)
    let position = 0
    let start = 0
    let end = 0
    for (const [at, length] of this.lengths.entries()) {
      if (end - start < length) {
        // Keep the unread tail, then fill the rest of the buffer from the file.
        this.buffer.copyWithin(0, start, end)
        end -= start
        start = 0
        if (length > this.buffer.length) this.grow(length)
        const bytes = readSync(this.fd, this.buffer, {
          offset: end * 4,
          length: (this.buffer.length - end) * 4,
          position,
        })
        position += bytes
        end += bytes / 4
      }
      const features = new Array<string>(length)
      for (let f = 0; f < length; f++) features[f] = this.names[this.buffer[start + f]!]!
      start += length
      yield { id: this.ids[at]!, findable: this.findable[at]!, features }
    }
  }

  close(): void {
    closeSync(this.fd)
    rmSync(this.dir, { recursive: true, force: true })
  }

  private flush(room: number): void {
    writeSync(this.fd, this.buffer, 0, this.used * 4)
    this.used = 0
    if (room > this.buffer.length) this.grow(room)
  }

  private grow(length: number): void {
    const bigger = new Int32Array(Math.max(length, this.buffer.length * 2))
    bigger.set(this.buffer)
    this.buffer = bigger
  }
}
