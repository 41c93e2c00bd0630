import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { startMockServer, type MockServer } from '../../src/mock-server.js'
import { buildUi } from '../built-tree.js'

/**
 * The UI in a real browser (Debian's chromium, driven by playwright-core; nothing is downloaded)
 * against a real listening emulator: every page opens, a change made in a page is checked through
 * the API, a change made through the API shows in an open page within a second, and the phone view.
 */

const ROOT = join(import.meta.dirname, '..', '..')
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']
// 23:10 in Shanghai, inside alice's 22:00–07:30 window.
const NOW = Date.UTC(2026, 2, 18, 15, 10)
const ORG = 'demo'
const APP = 'app'

// The browser's start, 10,000 users and a dozen pages on a machine others share.
t.setTimeout(120_000)

if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM)`)

// The pages as the sources stand, where the server looks for them (what `npm run build` writes).
await buildUi(join(ROOT, 'dist', 'ui', 'assets'))

const users = Array.from({ length: 10_000 }, (_, i) => ({ username: `user${String(i).padStart(5, '0')}` }))
const server: MockServer = await startMockServer({
  appKey: `${ORG}#${APP}`,
  now: NOW,
  seed: {
    appKey: `${ORG}#${APP}`,
    clientId: 'mock-client-id',
    clientSecret: 'mock-client-secret',
    users: [
      {
        username: 'alice',
        nickname: 'Alice',
        bindings: [{ device_id: 'alice-phone', device_token: 'tok-a', notifier_name: 'com.example.demo.apns.production' }],
        settings: [{ chattype: 'user', key: 'alice', type: 'ALL', ignoreInterval: '22:00-07:30' }]
      },
      { username: 'bob', bindings: [{ device_id: 'bob-phone', device_token: 'tok-b', notifier_name: 'fcm' }] },
      ...users
    ],
    templates: [{ name: 'welcome', title_pattern: 'Hello {0}', content_pattern: '{$msg}' }]
  }
})
const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
// One context a view: a page each test, which is quicker than a context each.
const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } })
const phone = await browser.newContext({ viewport: { width: 390, height: 844 } })
t.teardown(async () => {
  await browser.close()
  await server.close()
})

let token = ''
async function api (method: string, path: string, body?: unknown): Promise<{ status: number, body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (!path.startsWith('/_mock') && token !== '') headers.authorization = `Bearer ${token}`
  const res = await fetch(server.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: res.status, body: await res.json() }
}
token = (await api('POST', `/${ORG}/${APP}/token`, { grant_type: 'client_credentials', client_id: 'mock-client-id', client_secret: 'mock-client-secret' })).body.access_token
const vendor = async (method: string, rest: string, body?: unknown) => await api(method, `/${ORG}/${APP}${rest}`, body)

/** A fresh page at a route (closed when test `t` ends), once the UI says it is ready; anything fetched from elsewhere is noted. */
async function open (t: Test, route: string, context: BrowserContext = desktop): Promise<{ page: Page, outside: string[], errors: string[], ms: number }> {
  const page = await context.newPage()
  const outside: string[] = []
  const errors: string[] = []
  page.on('request', req => { if (!req.url().startsWith(server.url)) outside.push(req.url()) })
  page.on('pageerror', err => { errors.push(err.message) })
  page.on('console', msg => { if (msg.type() === 'error') errors.push(msg.text()) })
  const started = performance.now()
  await page.goto(`${server.url}/_mock/ui/#${route}`)
  await page.waitForSelector('body[data-ready] main h1')
  const ms = performance.now() - started
  // Closed with its test: each open page holds one of the browser's six connections to the server.
  t.teardown(async () => { await page.close() })
  return { page, outside, errors, ms }
}

/** Within a second. */
const SOON = { timeout: 1000 }

t.test('GET / leads to the overview, usable within a second', async (t) => {
  const context = await browser.newContext()
  t.teardown(async () => { await context.close() })
  const page = await context.newPage()
  await page.goto(server.url + '/')
  await page.waitForSelector('body[data-ready] main h1')
  t.equal(new URL(page.url()).pathname, '/_mock/ui/')
  t.equal(await page.textContent('main h1'), 'Overview')
  // From the start of the navigation (the redirect included) to the page drawn with its data.
  const ready = await page.evaluate("performance.getEntriesByName('ui-ready')[0].startTime") as number
  t.ok(ready < 1000, `usable ${Math.round(ready)} ms after the navigation began`)
})

t.test('every page opens, with nothing from the network and no script error', async (t) => {
  const pages: Array<[string, string]> = [
    ['/', 'Overview'], ['/users', 'Users'], ['/user/alice', 'alice'], ['/pushes', 'Pushes'], ['/send', 'Send a message'],
    ['/requests', 'Requests'], ['/templates', 'Templates'], ['/faults', 'Faults'], ['/coverage', 'Coverage']
  ]
  const { page, outside, errors } = await open(t, '/')
  for (const [route, title] of pages) {
    await page.goto(`${server.url}/_mock/ui/#${route}`)
    await page.waitForFunction(`document.querySelector('main h1')?.textContent === ${JSON.stringify(title)}`)
    t.equal(await page.textContent('main h1'), title, route)
    t.strictSame(outside, [], `${route}: nothing fetched from elsewhere`)
    t.strictSame(errors, [], `${route}: no errors`)
    // Every control has a name a screen reader can say.
    const unnamed = await page.$$eval('main input, main select, main textarea, main button', els => els
      .filter(el => (el.closest('label') === null && el.getAttribute('aria-label') === null && (el.textContent ?? '').trim() === ''))
      .map(el => el.outerHTML))
    t.strictSame(unnamed, [], `${route}: every control is labelled`)
  }
})

t.test('overview: counts per app, the clock moved from the page and from the API', async (t) => {
  const { page } = await open(t, '/')
  t.match(await page.textContent('main table tbody'), /demo#app\s*10002\s*2\s*1\s*0/)
  t.equal(await page.textContent('#setting-timezone'), 'Asia/Shanghai', 'the server\'s settings')
  t.equal(await page.textContent('#setting-pushCallback'), 'none')
  await page.getByRole('button', { name: '+1 hour' }).click()
  await page.waitForSelector(`#clock-now[datetime="${new Date(NOW + 3_600_000).toISOString()}"]`)
  t.equal((await api('GET', '/_mock/clock')).body.now, NOW + 3_600_000, 'the button moved the emulator clock')
  await api('PUT', '/_mock/clock', { now: '2026-05-01T00:00:00Z' })
  await page.waitForSelector('#clock-now[datetime="2026-05-01T00:00:00.000Z"]', SOON)
  t.pass('a clock change through the API shows within a second')
  await api('PUT', '/_mock/clock', { now: NOW })
})

t.test('users: searched and paged on the server among 10,000', async (t) => {
  const { page, ms } = await open(t, '/users')
  t.ok(ms < 1000, `the list opens in ${Math.round(ms)} ms`)
  t.match(await page.textContent('main h2'), '10002 users')
  await page.getByRole('button', { name: 'Next →' }).click()
  await page.waitForSelector('text=26–50 of 10002')
  await page.getByRole('searchbox', { name: 'Search' }).fill('user0999')
  await page.keyboard.press('Enter')
  await page.waitForSelector('text=10 users matching “user0999”')
  await page.getByRole('link', { name: 'user09990' }).click()
  await page.waitForSelector('main h1:text("user09990")')
  t.pass('the keyboard reaches a user')
})

t.test('a user: the DND picture, forms through the vendor API and their errors, API changes live', async (t) => {
  const { page } = await open(t, '/user/alice')
  const label = await page.getAttribute('#dnd svg', 'aria-label')
  t.match(label, 'ignoreInterval 22:00–07:30')
  t.match(label, 'Now 23:10')
  t.equal(await page.textContent('#dnd-now'), 'do not disturb now')
  t.equal(await page.textContent('#ignore-left'), 'ignoreDuration: not set')

  const appWide = page.getByRole('form', { name: 'Change the app-wide setting' })
  await appWide.getByLabel('ignoreInterval').fill('25:00-01:00')
  await appWide.getByRole('button', { name: 'Save' }).click()
  const direct = await vendor('PUT', '/users/alice/notification/user/alice', { ignoreInterval: '25:00-01:00' })
  const alert = await page.waitForSelector('main [role=alert]')
  t.match(await alert.textContent(), direct.body.error_description as string, 'the vendor\'s error text')

  await appWide.getByLabel('ignoreInterval').fill('09:00-10:00')
  await appWide.getByLabel('ignoreDuration').fill('5400000')
  await appWide.getByRole('button', { name: 'Save' }).click()
  await page.waitForSelector('#ignore-left:text("1h 30m left")')
  const stored = await vendor('GET', '/users/alice/notification/user/alice')
  t.match(stored.body.data, { ignoreInterval: '09:00-10:00', ignoreDuration: NOW + 5_400_000 }, 'saved through the vendor API')
  t.equal(await page.textContent('#dnd-now'), 'do not disturb now', 'ignoreDuration holds now')

  await vendor('PUT', '/users/alice/push/binding', { device_id: 'tablet-9', device_token: 'tok-t', notifier_name: 'fcm' })
  await page.waitForSelector('main td:text("tablet-9")', SOON)
  t.pass('a binding made through the API shows within a second')

  await page.getByLabel('Push nickname').fill('Typing…')
  await vendor('PUT', '/users/alice/push/binding', { device_id: 'tablet-9', device_token: '', notifier_name: 'fcm' })
  await page.waitForSelector('main .stale', SOON)
  t.equal(await page.getByLabel('Push nickname').inputValue(), 'Typing…', 'a change elsewhere is offered, not drawn over what is typed')
  await page.getByRole('button', { name: 'Show the latest' }).click()
  await page.waitForSelector('main td:text("tablet-9")', { state: 'detached' })
  await vendor('PUT', '/users/alice/notification/user/alice', { ignoreInterval: '22:00-07:30', ignoreDuration: 0 })
})

t.test('pushes: a live feed, phone-like notifications, skipped reasons and the decision trace', async (t) => {
  const { page } = await open(t, '/pushes')
  const sent = await vendor('POST', '/messages/users', { from: 'bob', to: ['alice', 'bob', 'nobody'], type: 'txt', body: { msg: '会议改到明天' } })
  await page.waitForSelector('#feed .notification:not(.skipped)', SOON)
  t.pass('a push sent through the API shows within a second')
  t.equal(await page.textContent('#feed .notification:not(.skipped) .note-title'), '您有一条新消息', 'the default banner for display style 0')
  t.equal(await page.textContent('#feed .skipped .note-title'), 'no user exist')
  await page.click('#feed .skipped')
  await page.waitForSelector('#trace .steps')
  t.equal(await page.textContent('#trace .stop'), '✕user exists stopped it: no user exist')
  await page.click('#feed .notification:not(.skipped)')
  await page.waitForSelector('#trace li:has-text("device filter")')
  t.equal(await page.locator('#trace .pass').count(), 7, 'each rule passed')
  await page.click('#feed .skipped:has-text("user ignore push")')
  await page.waitForSelector('#trace .stop:has-text("do not disturb")')
  t.equal(await page.textContent('#trace .stop'), '✕do not disturb stopped it: inside the app-wide ignoreInterval 22:00-07:30 (Asia/Shanghai)')
  t.equal(await page.locator('#trace .pass').count(), 3, 'the rules before it passed')

  await page.getByLabel('User', { exact: true }).fill('bob')
  await page.getByLabel('User', { exact: true }).press('Enter')
  await page.waitForFunction("document.querySelectorAll('#feed .skipped').length === 0")
  t.match(page.url(), 'to=bob')
  t.equal(sent.status, 200)
})

t.test('send: the vendor send API from a form', async (t) => {
  const { page } = await open(t, '/send')
  await page.getByLabel('Recipients').fill('bob')
  await page.getByLabel('Text').fill('from the page')
  await page.getByRole('button', { name: 'Send' }).click()
  await page.waitForSelector('main .status.ok')
  const answer = JSON.parse(await page.textContent('#send-answer') as string)
  const pushes = server.pushes({ msg_id: answer.data.bob })
  t.match(pushes, [{ to: 'bob', outcome: 'delivered' }], 'the push is there')
})

t.test('requests: the journal, live, with pretty bodies and filters', async (t) => {
  const { page } = await open(t, '/requests')
  await vendor('GET', '/users/user00042')
  await page.waitForSelector(`#journal code:text("/${ORG}/${APP}/users/user00042")`, SOON)
  t.pass('a read through the API shows within a second')
  await vendor('PUT', '/users/bob', { nickname: 'Bobby' })
  const entry = page.locator('#journal li', { hasText: `/${ORG}/${APP}/users/bob` }).first()
  await entry.waitFor(SOON)
  await entry.locator('summary').click()
  t.match(await entry.locator('pre').first().textContent(), '{\n  "nickname": "Bobby"\n}')
  await page.getByLabel('Method').selectOption('PUT')
  await page.getByRole('button', { name: 'Filter' }).click()
  await page.waitForFunction("[...document.querySelectorAll('#journal .method')].every(m => m.textContent === 'PUT')")
  t.pass('filtered by method')
})

t.test('templates and faults: made and removed from the page, checked through the API', async (t) => {
  const { page } = await open(t, '/templates')
  await page.getByLabel('name').fill('order')
  await page.getByLabel('title_pattern').fill('订单 {0}')
  await page.getByLabel('content_pattern').fill('{$msg}')
  await page.getByRole('button', { name: 'Create' }).click()
  await page.waitForSelector('main td:text("order")')
  t.match((await vendor('GET', '/notification/template/order')).body.data, { name: 'order', title_pattern: '订单 {0}' })
  await page.getByRole('button', { name: 'Edit order' }).click()
  await page.getByLabel('content_pattern').fill('{$fromNickname}')
  await page.getByRole('button', { name: 'Save changes' }).click()
  await page.waitForSelector('main td:text("{$fromNickname}")')
  t.equal((await vendor('GET', '/notification/template/order')).body.data.content_pattern, '{$fromNickname}')
  await page.getByRole('button', { name: 'Delete order' }).click()
  await page.waitForSelector('main td:text("order")', { state: 'detached' })
  t.strictSame((await api('GET', `/_mock/templates?app=${encodeURIComponent(`${ORG}#${APP}`)}`)).body.templates.map((x: any) => x.name), ['welcome'], 'deleted')

  const faults = (await open(t, '/faults')).page
  await faults.getByLabel('Path').fill('/*/*/users/*')
  await faults.getByLabel('Status').fill('503')
  await faults.getByRole('button', { name: 'Add' }).click()
  await faults.waitForSelector('main td:text("any /*/*/users/* in demo#app")')
  const rules = (await api('GET', '/_mock/faults')).body.faults
  t.match(rules, [{ match: { path: '/*/*/users/*', app: 'demo#app' }, status: 503 }])
  await faults.getByRole('button', { name: `Remove fault ${rules[0].id as number}` }).click()
  await faults.waitForSelector('main td:text("any /*/*/users/* in demo#app")', { state: 'detached' })
  t.strictSame((await api('GET', '/_mock/faults')).body.faults, [])
})

t.test('coverage: tried and untried documented outcomes', async (t) => {
  const { page } = await open(t, '/coverage')
  const report = (await api('GET', `/_mock/coverage?app=${encodeURIComponent(`${ORG}#${APP}`)}`)).body
  t.equal(await page.locator('#coverage .chip.tried').count(), report.operations.flatMap((o: any) => o.outcomes).filter((x: any) => x.documented && x.count > 0).length)
  t.equal(await page.locator('#coverage .chip.untried').count(), report.summary.unseen)
})

t.test('the phone view (390 px): no sideways scrolling, the menu and the DND picture fit', async (t) => {
  for (const route of ['/', '/user/alice', '/pushes', '/requests']) {
    const { page } = await open(t, route, phone)
    const width = await page.evaluate('document.documentElement.scrollWidth') as number
    t.ok(width <= 390, `${route}: ${width} px wide`)
    t.ok(await page.getByRole('link', { name: 'Pushes' }).isVisible(), `${route}: the menu shows`)
    if (route === '/user/alice') t.ok(((await page.locator('#dnd svg').boundingBox())?.width ?? 999) <= 390, 'the picture fits')
  }
})
