// Preloaded into a measured child process (node --import): on exit, writes its wall time and
// peak resident memory (all threads) to the file named by ALPHANODE_USAGE_FILE.
import { writeFileSync } from 'node:fs'

const started = performance.now()
const file = process.env.ALPHANODE_USAGE_FILE
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    writeFileSync(
      file,
      JSON.stringify({
        wallMs: performance.now() - started,
        maxRssMb: usage.maxRSS / 1024,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      }),
    )
  })
}
