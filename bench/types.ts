export interface Goal {
  /** figure / baseline must be at least this. */
  ratioAtLeast?: number
  atMost?: number
  atLeast?: number
}

export interface BenchResult {
  name: string
  figure: number
  unit: string
  baselineName?: string
  baseline?: number
  goal?: Goal
  notes?: string
}

export interface Benchmark {
  name: string
  run(options: { scale: number }): Promise<BenchResult[]>
}
