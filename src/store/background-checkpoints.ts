/**
 * Database upkeep that a long write hands to another thread (on SQLite: copying the WAL into
 * the database file); where a dialect has none, each call does nothing.
 */
export interface BackgroundCheckpoints {
  /** After each commit: starts on what it wrote. */
  committed(): void
  /** Before each transaction: now and then waits for the upkeep to catch up. */
  ready(): Promise<void>
  /** Waits for the upkeep in flight and hands it back to the writing connection. */
  close(): Promise<void>
  /** Why the upkeep stopped, when it failed (the writer then does it itself). */
  readonly failure: string | undefined
}

export const noBackgroundCheckpoints = (): BackgroundCheckpoints => ({
  committed() {},
  ready: async () => {},
  close: async () => {},
  failure: undefined,
})
