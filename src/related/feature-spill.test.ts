import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FeatureSpill } from './feature-spill.ts'

describe('FeatureSpill', () => {
  it('gives back every post with its features in order, across buffer refills and posts larger than the buffer', () => {
    const posts = Array.from({ length: 300 }, (_, i) => ({
      id: i * 3 + 1,
      findable: i % 4 !== 0,
      features: Array.from(
        { length: i === 150 ? 40 : i % 9 },
        (_, f) => `kind:${(i * f) % 23}-${f}`,
      ),
    }))
    const spill = new FeatureSpill(16)
    // In batches of seven, each numbering its features its own way, as the reading threads do.
    for (let at = 0; at < posts.length; at += 7) {
      const batch = posts.slice(at, at + 7)
      const names = [...new Set(batch.flatMap((post) => post.features))].reverse()
      spill.addBatch({
        ids: Int32Array.from(batch, (post) => post.id),
        findable: Uint8Array.from(batch, (post) => (post.findable ? 1 : 0)),
        lengths: Int32Array.from(batch, (post) => post.features.length),
        numbers: Int32Array.from(
          batch.flatMap((post) => post.features.map((f) => names.indexOf(f))),
        ),
        names,
      })
    }
    expect(spill.size).toBe(300)
    expect(spill.documentFrequencies().get('kind:0-0')).toBe(
      posts.filter((post) => post.features.includes('kind:0-0')).length,
    )
    expect([...spill.replay()]).toEqual(posts)
    expect(existsSync(spill.path)).toBe(true)
    spill.close()
    expect(existsSync(spill.path)).toBe(false)
  })
})
