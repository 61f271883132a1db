import { describe, expect, it } from 'vitest'
import { decodeFeatures, encodeFeatures } from './feature-codec.ts'

const decoded = (bytes: Uint8Array) => {
  const out = new Int32Array(bytes.length)
  return [...out.subarray(0, decodeFeatures(bytes, out))]
}

describe('stored feature numbers', () => {
  it('come back ascending, whatever order they went in, across every byte length', () => {
    const numbers = [300, 1, 0, 127, 128, 16_383, 16_384, 2_097_152, 2 ** 31 - 1, 5]
    expect(decoded(encodeFeatures(numbers))).toEqual([...numbers].sort((a, b) => a - b))
    expect(decoded(encodeFeatures([]))).toEqual([])
  })

  it('take a byte a number when the gaps are small', () => {
    const dense = Array.from({ length: 138 }, (_, i) => i * 5 + 1)
    expect(encodeFeatures(dense).length).toBe(138)
  })

  it('refuse what they cannot hold, and bytes cut inside a number', () => {
    expect(() => encodeFeatures([-1])).toThrow(/not negative/)
    expect(() => decoded(Uint8Array.of(5, 0x81))).toThrow(/inside a number/)
  })
})
