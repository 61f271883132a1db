/**
 * A gate that opens at most once per `intervalMs`: for warnings about an outage, which
 * should say so without flooding the log they are diagnosed from.
 */
export function oncePer(intervalMs: number): () => boolean {
  let last = Number.NEGATIVE_INFINITY
  return () => {
    const now = Date.now()
    if (now - last < intervalMs) return false
    last = now
    return true
  }
}
