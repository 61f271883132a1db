import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

export const CHROMIUM = process.env.ALPHANODE_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Debian's Chromium under playwright-core, or undefined when it is not installed and the
 * tests may be skipped: in CI (CI=true) a missing browser is an error, not a skip.
 */
export async function launchBrowser(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI === 'true')
      throw new Error(`the browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`)
    console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`)
    return undefined
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // The machine has no network beyond its registries: background services would only fail.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}
