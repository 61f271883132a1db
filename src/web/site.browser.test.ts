import { mkdirSync, statSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postSlug, sourceIdOf } from '../content/index.ts'
import { saveEditor } from '../store/index.ts'
import { testDatabases } from '../store/testing/test-stores.ts'
import { hashPassword } from './admin/passwords.ts'
import { launchBrowser } from './testing/browser.ts'
import { createSiteFixture, HOSTILE_ID, type SiteFixture } from './testing/site-fixture.ts'

const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots')
const databases = testDatabases()
const browser: Browser | undefined = await launchBrowser()

describe.skipIf(!browser)('the site in a real browser (Chromium)', () => {
  let site: SiteFixture
  let base: string
  let context: BrowserContext

  beforeAll(async () => {
    site = await createSiteFixture(await databases.create('sqlite'))
    await site.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(site.app.server.address() as AddressInfo).port}`
    mkdirSync(SCREENSHOTS, { recursive: true })
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await site?.close()
  })

  async function newPage(options: { width?: number; dark?: boolean } = {}): Promise<Page> {
    context = await browser!.newContext({
      viewport: { width: options.width ?? 1280, height: 900 },
      colorScheme: options.dark ? 'dark' : 'light',
    })
    const page = await context.newPage()
    // Images live on other hosts, which this machine cannot reach: fail them at once.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort())
    return page
  }

  it('home → article with the meta box lists → a Similar Post → search → a result', async () => {
    const page = await newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
    })
    await page.goto(`${base}/`)
    await expect.poll(() => page.title()).toBe('alphanode')
    const first = page.locator('.post-list .post-item h2 a').first()
    const title = (await first.textContent())!
    await first.click()
    await expect.poll(() => page.locator('h1').textContent()).toBe(title)

    const box = page.locator('section.post-meta')
    expect(await box.locator('h2').textContent()).toBe('alphanode post meta')
    expect(await box.locator('dt').allTextContents()).toContain('tools')
    const tools = box.locator('.meta-row[data-key="tools"] li')
    expect(await tools.count()).toBeGreaterThan(1)
    expect(await box.locator('.meta-row[data-key="entities"] li.meta-map').count()).toBeGreaterThan(
      0,
    )
    expect(await box.isVisible()).toBe(true)

    const similar = page.locator('.similar-posts a').first()
    const similarTitle = (await similar.textContent())!
    const href = (await similar.getAttribute('href'))!
    await similar.click()
    await page.waitForURL(`${base}${href}`)
    expect(await page.locator('h1').textContent()).toBe(similarTitle)

    const word = similarTitle.split(' ').find((w) => w.length > 5)!
    await page.fill('#site-search', word)
    await page.press('#site-search', 'Enter')
    await page.waitForURL(/\/search\?q=/)
    expect(await page.locator('.result-count').textContent()).toMatch(/\d+ articles? match/)
    expect(await page.locator('.search-results mark').count()).toBeGreaterThan(0)
    const result = page.locator('.search-results h2 a').first()
    const resultTitle = (await result.textContent())!
    await result.click()
    await expect.poll(() => page.locator('h1').textContent()).toBe(resultTitle)
    // The pages work under their own Content-Security-Policy: the stylesheet applies, nothing is refused.
    expect(violations).toEqual([])
    expect(
      await page.evaluate<string>(
        'getComputedStyle(document.querySelector(".post-meta")).borderTopStyle',
      ),
    ).toBe('solid')
    await context.close()
  })

  it('runs nothing from a post whose every field carries script', async () => {
    const page = await newPage()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    const hostile = site.posts.find((post) => sourceIdOf(post) === HOSTILE_ID)!
    for (const path of [
      `/posts/${postSlug(hostile.title, HOSTILE_ID)}`,
      '/search?q=hostile',
      '/',
    ]) {
      await page.goto(`${base}${path}`)
      // Hover everything, so an injected onmouseover would fire too.
      for (const element of await page.locator('main *').all()) {
        if (await element.isVisible()) await element.hover({ timeout: 1000, force: true })
      }
      expect(await page.evaluate('window.__xss'), path).toBeUndefined()
      const scripts = await page.locator('script:not([type="application/ld+json"])').count()
      expect(scripts, path).toBe(0)
    }
    await page.goto(`${base}/posts/${postSlug(hostile.title, HOSTILE_ID)}`)
    expect(await page.locator('.meta-row[data-key="topic"] dd').textContent()).toContain(
      '<script>window.__xss',
    )
    expect(dialogs).toEqual([])
    await context.close()
  })

  it('reads well from desktop to phone, in light and dark, with visible focus', async () => {
    const slug = postSlug(site.posts[0]!.title, sourceIdOf(site.posts[0]!)!)
    for (const [name, width, dark] of [
      ['desktop', 1280, false],
      ['phone', 390, true],
    ] as const) {
      const page = await newPage({ width, dark })
      for (const [pageName, path] of [
        ['article', `/posts/${slug}`],
        ['home', '/'],
      ]) {
        await page.goto(`${base}${path}`)
        const overflow = await page.evaluate<number>(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        )
        expect(overflow, `${pageName} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0)
        const file = join(SCREENSHOTS, `${pageName}-${name}.png`)
        await page.screenshot({ path: file, fullPage: true })
        expect(statSync(file).size).toBeGreaterThan(10_000)
      }
      const background = await page.evaluate<string>(
        'getComputedStyle(document.body).backgroundColor',
      )
      const [r, g, b] = background.match(/\d+/g)!.map(Number)
      expect((r! + g! + b!) / 3 < 128, `${name}: ${background}`).toBe(dark)
      await page.keyboard.press('Tab')
      const focus = await page.evaluate<{ text: string; outline: string; left: number }>(`(() => {
        const element = document.activeElement
        return {
          text: element.textContent,
          outline: getComputedStyle(element).outlineStyle,
          left: element.getBoundingClientRect().left,
        }
      })()`)
      expect(focus.text).toBe('Skip to content')
      expect(focus.outline).not.toBe('none')
      expect(focus.left).toBeGreaterThanOrEqual(0)
      await context.close()
    }
  })
  it('an editor logs in, approves a post from the review queue, and the post is indexable', async () => {
    await saveEditor(
      site.store,
      'editor@example.com',
      await hashPassword('a long enough passphrase'),
    )
    const page = await newPage()
    await page.goto(`${base}/admin/review`)
    await expect.poll(() => page.url()).toBe(`${base}/login?next=%2Fadmin%2Freview`)
    await page.getByLabel('Email').fill('editor@example.com')
    await page.getByLabel('Password').fill('wrong passphrase here')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong email or password.')
    await page.getByLabel('Password').fill('a long enough passphrase')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Review queue')
    const cookies = await context.cookies()
    const session = cookies.find((cookie) => cookie.name === 'alphanode_session')!
    expect(session.httpOnly).toBe(true)
    expect(session.sameSite).toBe('Strict')

    const item = page.locator('.review-item').first()
    const link = item.locator('a')
    const title = (await link.textContent())!
    const href = (await link.getAttribute('href'))!
    await page.screenshot({ path: join(SCREENSHOTS, 'review-queue.png'), fullPage: true })
    await item.getByRole('button', { name: `Approve: ${title}` }).click()
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toMatch(/approved: indexable now\.$/)
    expect(await page.locator('.review-item a', { hasText: title }).count()).toBe(0)

    await page.goto(`${base}${href}`)
    expect(await page.locator('meta[name="robots"]').count()).toBe(0)
    await page.goto(`${base}/admin/review`)
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.goto(`${base}/admin/review`)
    await expect.poll(() => page.url()).toMatch(/\/login\?next=/)
  })
  it('shows the status page with its charts and no policy violation', async () => {
    const page = await newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
    })
    for (let i = 0; i < 5; i++) await page.goto(`${base}/`)
    await page.goto(`${base}/status`)
    expect(await page.locator('h1').textContent()).toBe('Status')
    expect(await page.getByRole('status').textContent()).toMatch(/^Up/)
    expect(await page.locator('svg[role="img"]').count()).toBe(2)
    const box = await page.locator('svg[role="img"]').first().boundingBox()
    expect(box!.width).toBeGreaterThan(300)
    await page.screenshot({ path: join(SCREENSHOTS, 'status.png'), fullPage: true })
    expect(violations).toEqual([])
  })
})
