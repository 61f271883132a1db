/**
 * A post's feature numbers as bytes: ascending, each written as its gap from the one before
 * in LEB128 (seven bits a byte, the high bit set on all but the last). A synthesized post's
 * 138 features from a vocabulary of a few hundred take about one byte each, where four-byte
 * integers made the stored features of a million posts 550 MB.
 */
export function encodeFeatures(numbers: ArrayLike<number>): Uint8Array {
  const sorted = Int32Array.from(numbers).sort()
  const bytes = new Uint8Array(sorted.length * 5)
  let at = 0
  let previous = 0
  for (const number of sorted) {
    if (number < 0) throw new RangeError(`feature numbers are not negative: ${number}`)
    let gap = number - previous
    previous = number
    while (gap >= 0x80) {
      bytes[at++] = (gap & 0x7f) | 0x80
      gap >>>= 7
    }
    bytes[at++] = gap
  }
  return bytes.slice(0, at)
}

/**
 * Writes the numbers `bytes` hold into `out` from index 0 and returns how many there were.
 * `out` must have room for one number a byte.
 */
export function decodeFeatures(bytes: Uint8Array, out: Int32Array): number {
  let count = 0
  let number = 0
  let gap = 0
  let shift = 0
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at]!
    gap |= (byte & 0x7f) << shift
    if (byte & 0x80) {
      shift += 7
      continue
    }
    number += gap
    out[count++] = number
    gap = 0
    shift = 0
  }
  if (shift !== 0) throw new RangeError('stored features end inside a number')
  return count
}
