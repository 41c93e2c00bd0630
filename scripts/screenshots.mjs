// Writes a PNG of each UI page, light and dark, desktop (1280×800) and phone (390 px wide), to
// screenshots/ (git ignores it), from an emulator with demo data. Needs `npm run build` and Debian's
// chromium (with fonts-noto-cjk for the Chinese push titles); no browser is downloaded.
//   node scripts/screenshots.mjs [OUT] [--docs]   (--docs also writes the README's two pictures to docs/)
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startMockServer } from '../dist/index.js'

const root = join(import.meta.dirname, '..')
const args = process.argv.slice(2)
const out = args.find(a => !a.startsWith('--')) ?? join(root, 'screenshots')
mkdirSync(out, { recursive: true })

// 23:10 in Shanghai: alice is inside her 22:00–07:30 window.
const server = await startMockServer({ seed: join(root, 'examples', 'seed.json'), appKey: 'demo#app', clientId: 'demo-client-id', clientSecret: 'demo-client-secret', now: '2026-03-18T15:10:00Z' })
const call = async (method, path, body, token) => {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return await res.json()
}
const { access_token: token } = await call('POST', '/demo/app/token', { grant_type: 'client_credentials', client_id: 'demo-client-id', client_secret: 'demo-client-secret' })
const vendor = (method, rest, body) => call(method, `/demo/app${rest}`, body, token)
await vendor('POST', '/users', Array.from({ length: 40 }, (_, i) => ({ username: `user${String(i).padStart(2, '0')}`, password: 'pw' })))
await vendor('PUT', '/users/bob/push/binding', { device_id: 'bob-pixel', notifier_name: 'fcm', device_token: 'fcm-token-of-bob' })
await vendor('PUT', '/users/bob', { notification_display_style: 1 })
await vendor('PUT', '/users/alice/notification/user/alice', { ignoreDuration: 7_200_000 })
await vendor('POST', '/notification/template', { name: 'order', title_pattern: '订单 {0} 已发货', content_pattern: '{$fromNickname}: {$msg}' })
await vendor('POST', '/messages/users', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: '晚上好，今天的会议改到明天了' } })
await vendor('POST', '/messages/users', { from: 'bob', to: ['alice', 'carol'], type: 'txt', body: { msg: 'See you tomorrow' } })
await vendor('POST', '/messages/users', { from: 'admin', to: ['alice', 'bob'], type: 'txt', body: { msg: 'Your parcel is on its way' }, ext: { em_force_notification: true, em_push_template: { name: 'order', title_args: ['A1024'] } } })
await vendor('PUT', '/users/user03/notification/user/user03', { type: 'ALL' })
await call('POST', '/_mock/faults', { match: { method: 'PUT', path: '/*/*/users/*/push/binding' }, status: 503, times: 2 })

const pages = ['', 'users', 'user/alice', 'pushes', 'send', 'requests', 'templates', 'faults', 'coverage']
// playwright-core starts the browser on a fresh profile of its own (its --user-data-dir) each launch.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
})
try {
  for (const scheme of ['light', 'dark']) {
    for (const [device, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 })
      const page = await context.newPage()
      for (const name of pages) {
        await page.goto(`${server.url}/_mock/ui/#/${name}`)
        await page.waitForSelector('body[data-ready] main h1')
        if (name === 'pushes') await page.click('#feed li:nth-child(2) button')
        if (name === 'pushes') await page.waitForSelector('#trace .steps')
        await page.screenshot({ path: join(out, `${(name || 'overview').replace('/', '-')}-${device}-${scheme}.png`), fullPage: device === 'phone' })
      }
      await context.close()
    }
  }
  if (args.includes('--docs')) {
    // The README's pictures: the pushes feed with a trace open, and a user's do-not-disturb day.
    const context = await browser.newContext({ viewport: { width: 1100, height: 640 }, colorScheme: 'light' })
    const page = await context.newPage()
    await page.goto(`${server.url}/_mock/ui/#/pushes`)
    await page.waitForSelector('body[data-ready] #feed li')
    await page.click('#feed li:nth-child(4) button')
    await page.waitForSelector('#trace .steps')
    await page.locator('main .split').screenshot({ path: join(root, 'docs', 'ui-pushes.png') })
    await page.goto(`${server.url}/_mock/ui/#/user/alice`)
    await page.waitForSelector('#dnd')
    await page.locator('main .card').first().screenshot({ path: join(root, 'docs', 'ui-dnd.png') })
    await context.close()
  }
} finally {
  await browser.close()
  await server.close()
}
console.log(`screenshots in ${out}`)
