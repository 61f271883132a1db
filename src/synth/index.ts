/** The content synthesizer: one seed, one realistic article. */
export { createRandom, type Random } from './random.ts'
export type { RenderedChunk, SynthFormat } from './render-chunk.ts'
export { type ChunkSink, type SynthRangeOptions, synthRange } from './synth-range.ts'
export { MAX_SEED, synthesizeNdjsonLine, synthesizePost } from './synthesize-post.ts'
