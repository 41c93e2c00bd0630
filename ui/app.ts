/*
 * The emulator's web UI: one page per hash route, read and written only through the vendor API
 * and /_mock, kept current by the server's event stream (GET /_mock/events).
 */

type Json = any
interface Res { status: number, body: Json }
type Child = Node | string | null | undefined | false
type Attrs = Record<string, string | number | boolean | EventListener | undefined>

const main = document.getElementById('main') as HTMLElement
const appSelect = document.getElementById('app') as HTMLSelectElement
const liveDot = document.getElementById('live') as HTMLElement

/** An element with attributes (`on…` are listeners) and children. */
function h (tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v)
    else el.setAttribute(k, v === true ? '' : String(v))
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c)
  return el
}

const svgNs = 'http://www.w3.org/2000/svg'
function s (tag: string, attrs: Record<string, string | number>, ...children: Array<Node | string>): SVGElement {
  const el = document.createElementNS(svgNs, tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v))
  el.append(...children)
  return el
}

async function api (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const init: RequestInit = { method, headers: { ...headers } }
  if (body !== undefined) {
    init.body = JSON.stringify(body)
    ;(init.headers as Record<string, string>)['content-type'] = 'application/json'
  }
  const res = await fetch(path, init)
  const text = await res.text()
  let parsed: Json = text
  try { parsed = text === '' ? null : JSON.parse(text) } catch { /* not JSON: keep the text */ }
  return { status: res.status, body: parsed }
}

const tokens = new Map<string, string>()
/** The vendor API for the chosen app, with an app token from POST /_mock/token. */
async function vendor (method: string, rest: string, body?: unknown): Promise<Res> {
  const appKey = currentApp()
  const [org, name] = appKey.split('#') as [string, string]
  for (let attempt = 0; attempt < 2; attempt++) {
    let token = tokens.get(appKey)
    if (token === undefined) {
      const t = await api('POST', `/_mock/token?app=${encodeURIComponent(appKey)}`)
      token = t.body.access_token as string
      tokens.set(appKey, token)
    }
    const res = await api(method, `/${encodeURIComponent(org)}/${encodeURIComponent(name)}${rest}`, body, { authorization: `Bearer ${token}` })
    if (res.status !== 401) return res
    tokens.delete(appKey)
  }
  return await api(method, `/${org}/${name}${rest}`, body)
}

/** The vendor's words for a failure, or the body. */
function errorText (res: Res): string {
  const b = res.body
  if (b !== null && typeof b === 'object' && typeof b.error_description === 'string') return `${res.status} ${String(b.error)}: ${b.error_description}`
  return `${res.status} ${typeof b === 'string' ? b : JSON.stringify(b)}`
}

/** A form's status line: the vendor's error text on failure, "Saved" on success. */
function outcome (el: HTMLElement, res: Res, ok = 'Saved'): boolean {
  const good = res.status < 300
  el.textContent = good ? ok : errorText(res)
  el.className = good ? 'status ok' : 'status error'
  el.setAttribute('role', good ? 'status' : 'alert')
  return good
}

/** A page that failed to load says so rather than staying blank. */
function fail (err: unknown): void {
  render(h('p', { class: 'status error', role: 'alert' }, `The page failed: ${String(err)}`))
}

const pretty = (v: unknown): string => JSON.stringify(v, null, 2)
const enc = encodeURIComponent
const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('.000Z', 'Z')
const esc = (v: string): string => v.replace(/[^\w.-]/g, c => `-${c.charCodeAt(0)}`)

let appKeys: string[] = []
function currentApp (): string {
  return appSelect.value !== '' ? appSelect.value : (appKeys[0] ?? '')
}

async function loadApps (): Promise<void> {
  const res = await api('GET', '/_mock/apps')
  appKeys = (res.body.apps as Json[]).map(a => a.appKey as string)
  const keep = appSelect.value !== '' ? appSelect.value : localStorage.getItem('app')
  appSelect.replaceChildren(...appKeys.map(k => h('option', { value: k }, k)))
  if (keep !== null && appKeys.includes(keep)) appSelect.value = keep
}
appSelect.addEventListener('change', () => {
  localStorage.setItem('app', appSelect.value)
  route().catch(fail)
})

/* A field with its label. */
function field (label: string, input: HTMLElement, hint?: string): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), input, hint === undefined ? null : h('small', {}, hint))
}
const input = (name: string, value = '', attrs: Attrs = {}): HTMLInputElement =>
  h('input', { name, value, autocomplete: 'off', ...attrs }) as HTMLInputElement
function select (name: string, options: string[], value = ''): HTMLSelectElement {
  const el = h('select', { name }, ...options.map(o => h('option', { value: o }, o === '' ? '(any)' : o))) as HTMLSelectElement
  el.value = value
  return el
}
function form (title: string, fields: HTMLElement[], submit: string, act: (status: HTMLElement) => Promise<void>): HTMLElement {
  const status = h('p', { class: 'status', 'aria-live': 'polite' })
  const f = h('form', { 'aria-label': title }, h('h3', {}, title), ...fields, h('div', { class: 'row' }, h('button', { type: 'submit' }, submit), status))
  f.addEventListener('submit', e => {
    e.preventDefault()
    act(status).catch(fail)
  })
  return f
}
const card = (title: string, ...children: Child[]): HTMLElement => h('section', { class: 'card' }, h('h2', {}, title), ...children)
function table (heads: string[], rows: Array<Array<Node | string>>, caption?: string): HTMLElement {
  return h('div', { class: 'scroll' }, h('table', {},
    caption === undefined ? null : h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...heads.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...rows.map(r => h('tr', {}, ...r.map(c => h('td', {}, c)))))))
}

/* ---------- live updates ---------- */

type Listener = (type: string, data: Json) => void
let pageListener: Listener | undefined
let pending: number | undefined
/** Whether a form on the page holds something typed: a live refresh would throw it away. */
let dirty = false
main.addEventListener('input', () => { dirty = true })

/** Draws a page afresh. */
function render (...nodes: Child[]): void {
  dirty = false
  main.replaceChildren(...nodes.filter((n): n is Node | string => n !== null && n !== undefined && n !== false))
}

/**
 * Calls `refresh` at most every 150 ms while events keep coming. A page whose refresh redraws its
 * forms (`guard`) offers the change instead of drawing over what is being typed.
 */
function soon (refresh: () => Promise<void>, guard = true): void {
  if (pending !== undefined) return
  pending = window.setTimeout(() => {
    pending = undefined
    if (!guard || !dirty) {
      refresh().catch(fail)
      return
    }
    if (main.querySelector('.stale') !== null) return
    main.prepend(h('p', { class: 'stale', role: 'status' }, 'Changed elsewhere. ',
      h('button', { type: 'button', class: 'small', onclick: () => { refresh().catch(fail) } }, 'Show the latest')))
  }, 150)
}
function connect (): void {
  const events = new EventSource('/_mock/events')
  events.addEventListener('open', () => { liveDot.className = 'live on'; liveDot.title = 'Live updates: connected' })
  events.addEventListener('error', () => { liveDot.className = 'live'; liveDot.title = 'Live updates: reconnecting' })
  for (const type of ['request', 'push']) {
    events.addEventListener(type, e => pageListener?.(type, JSON.parse((e as MessageEvent<string>).data)))
  }
}
/** Changes: any request but a read. */
const isChange = (type: string, d: Json): boolean => type === 'request' && d.method !== 'GET'

/* ---------- pages ---------- */

const SETTINGS: Record<string, string> = {
  timezone: 'Do-not-disturb time zone',
  tokenTtl: 'Token lifetime (s, 0 = never expires)',
  strictApps: 'Strict apps',
  autoCreateUsers: 'Create unknown users',
  rateLimits: 'Rate limits',
  bodyLimit: 'Body limit (bytes)',
  journalSize: 'Journal size',
  pushLogSize: 'Push log size',
  pushCallback: 'Push callback',
  database: 'Database'
}
const settingText = (v: unknown): string => v === null ? 'none' : typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v)

async function overview (reload = false): Promise<void> {
  if (reload) await loadApps()
  const res = await api('GET', '/_mock/overview')
  const o = res.body
  const clockStatus = h('p', { class: 'status', 'aria-live': 'polite' })
  const move = (method: string, path: string, body?: unknown) => async () => {
    const r = await api(method, path, body)
    if (outcome(clockStatus, r, 'Clock changed')) await overview(true)
  }
  const c = o.clock
  render(
    h('h1', {}, 'Overview'),
    card('Apps', table(['App', 'Users', 'Bindings', 'Templates', 'Groups', 'Created'],
      (o.apps as Json[]).map(a => [a.appKey, String(a.counts.users), String(a.counts.bindings), String(a.counts.templates), String(a.counts.groups), time(a.created)]))),
    card('Clock',
      h('p', { class: 'clock' }, h('time', { id: 'clock-now', datetime: c.iso }, time(c.now)), ' ', h('span', { class: c.frozen ? 'badge warn' : 'badge' }, c.frozen ? 'frozen' : 'real time')),
      h('div', { class: 'row' },
        h('button', { type: 'button', onclick: move('PUT', '/_mock/clock', { now: c.now }) }, 'Freeze'),
        h('button', { type: 'button', onclick: move('POST', '/_mock/clock/advance', { ms: 3_600_000 }) }, '+1 hour'),
        h('button', { type: 'button', onclick: move('POST', '/_mock/clock/advance', { ms: 86_400_000 }) }, '+1 day'),
        h('button', { type: 'button', onclick: move('DELETE', '/_mock/clock') }, 'Real time')),
      clockStatus),
    card('Server',
      h('dl', {},
        ...Object.entries(SETTINGS).flatMap(([key, label]) => [h('dt', {}, label), h('dd', { id: `setting-${key}` }, settingText(o.settings[key]))]),
        h('dt', {}, 'API reference'), h('dd', {}, h('a', { href: '/docs' }, '/docs'), ' · ', h('a', { href: '/openapi.json' }, '/openapi.json')))))
  pageListener = (type, d) => { if (isChange(type, d)) soon(async () => await overview(true)) }
}

const PAGE = 25
async function users (params: URLSearchParams): Promise<void> {
  const q = params.get('q') ?? ''
  const offset = Number(params.get('offset') ?? 0)
  const res = await api('GET', `/_mock/users?app=${enc(currentApp())}&q=${enc(q)}&offset=${offset}&limit=${PAGE}`)
  const b = res.body
  const search = input('q', q, { type: 'search', placeholder: 'username or nickname', id: 'user-search' })
  const go = (o: number, query = search.value): void => { location.hash = `#/users?q=${enc(query)}&offset=${o}` }
  const f = h('form', { role: 'search', 'aria-label': 'Search users' }, field('Search', search), h('button', { type: 'submit' }, 'Search'))
  f.addEventListener('submit', e => { e.preventDefault(); go(0) })
  const list: Json[] = b.users ?? []
  render(
    h('h1', {}, 'Users'),
    f,
    res.status !== 200
      ? h('p', { class: 'status error', role: 'alert' }, errorText(res))
      : card(`${b.total as number} users${q === '' ? '' : ` matching “${q}”`}`,
        table(['Username', 'Nickname', 'Bindings', 'Created'], list.map(u => [
          h('a', { href: `#/user/${enc(u.username)}` }, u.username), u.nickname ?? '', String(u.bindings), time(u.created)])),
        h('nav', { class: 'row pager', 'aria-label': 'Pages of users' },
          h('button', { type: 'button', disabled: offset === 0, onclick: () => go(Math.max(0, offset - PAGE), q) }, '← Previous'),
          h('span', {}, list.length === 0 ? 'none' : `${offset + 1}–${offset + list.length} of ${b.total as number}`),
          h('button', { type: 'button', disabled: offset + PAGE >= b.total, onclick: () => go(offset + PAGE, q) }, 'Next →'))))
  pageListener = (type, d) => { if (isChange(type, d)) soon(async () => await users(params)) }
}

const hm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
function left (ms: number): string {
  const m = Math.ceil(ms / 60_000)
  const d = Math.floor(m / 1440)
  return `${d > 0 ? `${d}d ` : ''}${Math.floor((m % 1440) / 60)}h ${m % 60}m`
}

/** The 24-hour do-not-disturb picture: a row per window, hour ticks, and the emulator clock's now. */
function dndPicture (dnd: Json): HTMLElement {
  // Drawn at the width it is shown at, so that its labels stay legible on a phone.
  const W = Math.max(300, Math.min(1180, main.clientWidth - 64))
  const LABEL = 104
  const x = (minute: number): number => LABEL + (minute / 1440) * (W - LABEL - 8)
  const windows = dnd.windows as Json[]
  const rows = Math.max(1, windows.length)
  const height = 12 + rows * 26 + 20
  const parts: SVGElement[] = [s('rect', { class: 'day', x: x(0), y: 6, width: x(1440) - x(0), height: rows * 26 })]
  windows.forEach((w, i) => {
    const y = 10 + i * 26
    parts.push(s('text', { class: 'row-label', x: 0, y: y + 14 }, w.source))
    for (const st of w.stretches as Json[]) {
      parts.push(s('rect', { class: `dnd-window${w.source === 'ignoreDuration' ? ' duration' : ''}`, x: x(st.from), y, width: x(st.to) - x(st.from), height: 18, rx: 3 },
        s('title', {}, w.source === 'ignoreDuration' ? `ignoreDuration until ${time(dnd.ignoreUntil)}` : `${w.source as string} ${hm(w.start)}–${hm(w.end)}`)))
    }
  })
  if (windows.length === 0) parts.push(s('text', { class: 'row-label', x: 0, y: 24 }, 'no window'))
  const step = W < 600 ? 6 : 3
  for (let hour = 0; hour <= 24; hour += step) {
    parts.push(s('line', { class: 'tick', x1: x(hour * 60), x2: x(hour * 60), y1: 6, y2: height - 18 }))
    parts.push(s('text', { class: 'tick-label', x: x(hour * 60), y: height - 4, 'text-anchor': hour === 24 ? 'end' : hour === 0 ? 'start' : 'middle' }, `${hour}:00`))
  }
  const nowX = x(dnd.minute)
  parts.push(s('g', { class: 'now' }, s('line', { x1: nowX, x2: nowX, y1: 2, y2: height - 18 }), s('circle', { cx: nowX, cy: 4, r: 4 }), s('title', {}, `now ${hm(dnd.minute)}`)))
  const daily = windows.filter(w => w.source !== 'ignoreDuration')
  const quiet = windows.some(w => (w.stretches as Json[]).some(st => dnd.minute >= st.from && dnd.minute < st.to))
  const summary = daily.length === 0
    ? 'No daily do-not-disturb window.'
    : daily.map(w => `${w.source as string} ${hm(w.start)}–${hm(w.end)}${w.start === w.end ? ' (all day)' : ''}`).join('; ') + '.'
  const svg = s('svg', { viewBox: `0 0 ${W} ${height}`, width: W, height, class: 'dnd', role: 'img', 'aria-label': `Do-not-disturb day in ${dnd.timeZone as string}: ${summary} Now ${hm(dnd.minute)}.` }, ...parts)
  return h('figure', { class: 'dnd-figure', id: 'dnd' }, svg,
    h('figcaption', {},
      h('span', {}, `${summary} Time zone ${dnd.timeZone as string}; now ${hm(dnd.minute)} on the emulator clock.`),
      h('span', { class: quiet ? 'badge warn' : 'badge', id: 'dnd-now' }, quiet ? 'do not disturb now' : 'pushes reach the phone now'),
      dnd.ignoreUntil === null
        ? h('span', { id: 'ignore-left' }, 'ignoreDuration: not set')
        : h('span', { id: 'ignore-left', class: 'badge warn' }, `ignoreDuration: ${left(dnd.remainingMs)} left (until ${time(dnd.ignoreUntil)})`)))
}

const TYPES = ['', 'DEFAULT', 'ALL', 'AT', 'NONE']
/** The body of a notification setting PUT from its form's fields: only those given. */
function settingBody (type: string, interval: string, duration: string): Json {
  const body: Json = {}
  if (type !== '') body.type = type
  if (interval !== '') body.ignoreInterval = interval
  if (duration !== '') body.ignoreDuration = Number.isNaN(Number(duration)) ? duration : Number(duration)
  return body
}

async function user (name: string): Promise<void> {
  const appKey = currentApp()
  const res = await api('GET', `/_mock/users/${appKey.split('#').map(enc).join('/')}/${enc(name)}`)
  if (res.status !== 200) {
    render(h('h1', {}, name), h('p', { class: 'status error', role: 'alert' }, errorText(res)), h('a', { href: '#/users' }, '← Users'))
    pageListener = undefined
    return
  }
  const u = res.body
  const path = `/users/${enc(name)}`
  const refresh = async (): Promise<void> => await user(name)
  const save = (method: string, rest: string, body: () => unknown) => async (status: HTMLElement) => {
    if (outcome(status, await vendor(method, rest, body()))) await refresh()
  }
  const appWide = (u.settings as Json[]).find(x => x.appWide)
  const conversations = (u.settings as Json[]).filter(x => !x.appWide)

  const nickname = input('nickname', u.entity.nickname ?? '')
  const style = select('notification_display_style', ['0', '1'], String(u.displayStyle ?? 0))
  const dev = { id: input('device_id'), notifier: input('notifier_name'), token: input('device_token') }
  const wide = { type: select('type', TYPES, appWide?.type ?? ''), interval: input('ignoreInterval', appWide?.ignoreInterval ?? '', { placeholder: 'HH:MM-HH:MM' }), duration: input('ignoreDuration', '', { placeholder: 'ms, 0 clears', inputmode: 'numeric' }) }
  const conv = { chattype: select('chattype', ['user', 'chatgroup'], 'user'), key: input('key', '', { placeholder: 'username or group id' }), type: select('type', TYPES), interval: input('ignoreInterval', '', { placeholder: 'HH:MM-HH:MM' }), duration: input('ignoreDuration', '', { placeholder: 'ms, 0 clears', inputmode: 'numeric' }) }

  render(
    h('p', {}, h('a', { href: '#/users' }, '← Users')),
    h('h1', {}, name),
    card('Do not disturb today', dndPicture(u.dnd)),
    h('div', { class: 'grid' },
      card('Entity', h('pre', { class: 'json' }, pretty(u.entity)),
        form('Nickname and display style', [field('Push nickname', nickname), field('Display style', style, '0: the default banner, 1: sender and message')], 'Save',
          save('PUT', path, () => ({ nickname: nickname.value, notification_display_style: Number(style.value) })))),
      card('Bound devices',
        table(['Device', 'Notifier', 'Token', ''], (u.bindings as Json[]).map(b => [b.device_id, b.notifier_name, h('code', {}, b.device_token),
          h('button', { type: 'button', class: 'small', 'aria-label': `Unbind ${b.notifier_name as string} ${b.device_id as string}`, onclick: async () => { await vendor('PUT', `${path}/push/binding`, { device_id: b.device_id, notifier_name: b.notifier_name, device_token: '' }); await refresh() } }, 'Unbind')])),
        form('Bind a device', [field('device_id', dev.id), field('notifier_name', dev.notifier), field('device_token', dev.token)], 'Bind',
          save('PUT', `${path}/push/binding`, () => ({ device_id: dev.id.value, notifier_name: dev.notifier.value, device_token: dev.token.value })))),
      card('App-wide setting',
        h('pre', { class: 'json', id: 'app-wide' }, appWide === undefined ? 'not set' : pretty({ type: appWide.type, ignoreInterval: appWide.ignoreInterval, ignoreDuration: appWide.ignoreDuration })),
        form('Change the app-wide setting', [field('type', wide.type), field('ignoreInterval', wide.interval), field('ignoreDuration', wide.duration)], 'Save',
          save('PUT', `${path}/notification/user/${enc(name)}`, () => settingBody(wide.type.value, wide.interval.value, wide.duration.value)))),
      card('Conversation settings',
        table(['Conversation', 'type', 'ignoreInterval', 'ignoreDuration'], conversations.map(c => [`${c.chattype as string} ${c.key as string}`, c.type ?? '', c.ignoreInterval ?? '', c.ignoreDuration === 0 ? '0' : time(c.ignoreDuration)])),
        form('Change a conversation setting', [field('Conversation type', conv.chattype), field('Conversation', conv.key), field('type', conv.type), field('ignoreInterval', conv.interval), field('ignoreDuration', conv.duration)], 'Save',
          async status => {
            const res = await vendor('PUT', `${path}/notification/${conv.chattype.value}/${enc(conv.key.value)}`, settingBody(conv.type.value, conv.interval.value, conv.duration.value))
            if (outcome(status, res)) await refresh()
          }))))
  pageListener = (type, d) => { if (isChange(type, d)) soon(refresh) }
}

async function pushes (params: URLSearchParams): Promise<void> {
  const appKey = currentApp()
  const to = input('to', params.get('to') ?? '', { placeholder: 'username' })
  const out = select('outcome', ['', 'delivered', 'skipped'], params.get('outcome') ?? '')
  const msg = input('msg_id', params.get('msg_id') ?? '', { placeholder: 'message id' })
  const filters = h('form', { class: 'filters', 'aria-label': 'Filter pushes' }, field('User', to), field('Outcome', out), field('Message', msg), h('button', { type: 'submit' }, 'Filter'))
  filters.addEventListener('submit', e => {
    e.preventDefault()
    location.hash = `#/pushes?to=${enc(to.value)}&outcome=${out.value}&msg_id=${enc(msg.value)}`
  })
  const feed = h('ol', { class: 'feed', id: 'feed', 'aria-live': 'polite' })
  const detail = h('div', { id: 'trace' })
  const load = async (): Promise<void> => {
    const q = new URLSearchParams({ app: appKey })
    if (to.value !== '') q.set('to', to.value)
    if (out.value !== '') q.set('outcome', out.value)
    if (msg.value !== '') q.set('msg_id', msg.value)
    const res = await api('GET', `/_mock/pushes?${q}`)
    const list = (res.body.pushes as Json[]).slice(-200).reverse()
    feed.replaceChildren(...list.map(p => h('li', {}, pushCard(p, detail))))
    if (list.length === 0) feed.append(h('li', { class: 'empty' }, 'No pushes yet. Send a message from the Send page or your code.'))
  }
  render(h('h1', {}, 'Pushes'), filters, h('div', { class: 'split' }, feed, detail))
  await load()
  pageListener = type => { if (type === 'push') soon(load, false) }
}

function pushCard (p: Json, detail: HTMLElement): HTMLElement {
  const open = (): void => { showTrace(p, detail).catch(fail) }
  const device = p.device_id === null ? 'no device' : `${p.notifier_name as string} · ${p.device_id as string}`
  if (p.outcome === 'delivered') {
    return h('button', { type: 'button', class: 'notification', onclick: open, 'aria-label': `Delivered to ${p.to as string}: ${p.title as string}, ${p.content as string}. Show the decision trace` },
      h('span', { class: 'note-head' }, h('span', { class: 'app-icon', 'aria-hidden': 'true' }, '环'), h('span', {}, `${p.to as string} · ${device}`), h('time', {}, time(p.time).slice(11, 19))),
      h('strong', { class: 'note-title' }, p.title), h('span', { class: 'note-content' }, p.content))
  }
  return h('button', { type: 'button', class: 'notification skipped', onclick: open, 'aria-label': `Skipped for ${p.to as string}: ${p.reason as string}. Show the decision trace` },
    h('span', { class: 'note-head' }, h('span', { class: 'badge warn' }, 'skipped'), h('span', {}, `${p.to as string} · ${device}`), h('time', {}, time(p.time).slice(11, 19))),
    h('strong', { class: 'note-title' }, p.reason), h('span', { class: 'note-content' }, `message ${p.msg_id as string} from ${p.from as string}`))
}

async function showTrace (p: Json, detail: HTMLElement): Promise<void> {
  const res = await api('GET', `/_mock/pushes/trace?app=${enc(p.app)}&msg_id=${enc(p.msg_id)}&to=${enc(p.to)}`)
  const mine = (res.body.pushes as Json[]).find(x => x.device_id === p.device_id) ?? res.body.pushes[0]
  detail.replaceChildren(h('section', { class: 'card trace', 'aria-label': 'Decision trace', tabindex: -1 },
    h('h2', {}, `Why: ${p.to as string}`),
    h('p', {}, `Message ${p.msg_id as string} from ${p.from as string}, ${p.outcome as string}${p.reason === null ? '' : ` (${p.reason as string})`}`),
    h('ol', { class: 'steps' }, ...(mine.trace as Json[]).map(step =>
      h('li', { class: step.passed ? 'pass' : 'stop' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, step.passed ? '✓' : '✕'),
        h('strong', {}, step.rule), ' ', h('span', { class: 'sr' }, step.passed ? 'passed: ' : 'stopped it: '), step.detail)))))
  ;(detail.firstElementChild as HTMLElement).focus()
}

async function send (): Promise<void> {
  const kind = select('target_type', ['users', 'chatgroups'], 'users')
  const from = input('from', 'admin')
  const to = input('to', '', { placeholder: 'comma-separated usernames or group ids', required: true })
  const type = select('type', ['txt', 'img', 'audio', 'video', 'file', 'loc', 'custom', 'cmd'], 'txt')
  const msg = input('msg', '您好', { placeholder: 'text' })
  const ext = h('textarea', { name: 'ext', rows: 4, placeholder: '{"em_push_ext": {"title": "…"}}' }) as HTMLTextAreaElement
  const answer = h('pre', { class: 'json', id: 'send-answer' })
  render(h('h1', {}, 'Send a message'),
    form('Message', [field('To', kind), field('from', from), field('Recipients', to), field('type', type), field('Text', msg, 'the body: msg for txt, action for cmd'), field('ext (JSON)', ext)], 'Send', async status => {
      let extValue: Json
      try { extValue = ext.value.trim() === '' ? undefined : JSON.parse(ext.value) } catch { status.textContent = 'ext is not JSON'; status.className = 'status error'; return }
      const body: Json = { from: from.value, to: to.value.split(',').map(x => x.trim()).filter(x => x !== ''), type: type.value, body: type.value === 'cmd' ? { action: msg.value } : { msg: msg.value } }
      if (extValue !== undefined) body.ext = extValue
      const res = await vendor('POST', `/messages/${kind.value}`, body)
      outcome(status, res, 'Sent: see Pushes')
      answer.textContent = pretty(res.body)
    }), answer)
  pageListener = undefined
}

async function requests (params: URLSearchParams): Promise<void> {
  const method = select('method', ['', 'GET', 'POST', 'PUT', 'DELETE'], params.get('method') ?? '')
  const path = input('path', params.get('path') ?? '', { placeholder: '/org/app/users/*' })
  const status = input('status', params.get('status') ?? '', { placeholder: '404', inputmode: 'numeric' })
  const filters = h('form', { class: 'filters', 'aria-label': 'Filter requests' }, field('Method', method), field('Path', path), field('Status', status), h('button', { type: 'submit' }, 'Filter'))
  filters.addEventListener('submit', e => {
    e.preventDefault()
    location.hash = `#/requests?method=${method.value}&path=${enc(path.value)}&status=${enc(status.value)}`
  })
  const list = h('ol', { class: 'journal', id: 'journal' })
  const note = h('p', { class: 'status', role: 'status' })
  const load = async (): Promise<void> => {
    const q = new URLSearchParams({ app: currentApp() })
    if (method.value !== '') q.set('method', method.value)
    if (path.value !== '') q.set('path', path.value)
    if (status.value !== '') q.set('status', status.value)
    const res = await api('GET', `/_mock/requests?${q}`)
    if (res.status !== 200) { outcome(note, res); return }
    note.textContent = ''
    const entries = (res.body.requests as Json[]).slice(-200).reverse()
    list.replaceChildren(...entries.map(e => h('li', {}, h('details', {},
      h('summary', {}, h('span', { class: `method m-${e.method as string}` }, e.method), ' ', h('span', { class: e.status >= 400 ? 'code bad' : 'code' }, String(e.status)), ' ', h('code', {}, e.path), ' ', h('time', {}, time(e.time).slice(11, 19))),
      h('div', { class: 'bodies' }, h('div', {}, h('h3', {}, 'Request'), h('pre', { class: 'json' }, pretty(e.requestBody))), h('div', {}, h('h3', {}, 'Response'), h('pre', { class: 'json' }, pretty(e.responseBody))))))))
  }
  render(h('h1', {}, 'Requests'), filters, note, list)
  await load()
  pageListener = (type, d) => { if (type === 'request' && d.vendor === true) soon(load, false) }
}

async function templates (): Promise<void> {
  const res = await api('GET', `/_mock/templates?app=${enc(currentApp())}`)
  const name = input('name', '', { pattern: '[A-Za-z0-9]{1,64}', required: true })
  const title = input('title_pattern', '', { placeholder: '{0} 来消息了' })
  const content = input('content_pattern', '', { placeholder: '{$fromNickname}: {$msg}' })
  const refresh = async (): Promise<void> => await templates()
  const edit = (t: Json) => (): void => { dirty = true; name.value = t.name; title.value = t.title_pattern; content.value = t.content_pattern; name.focus() }
  const status = h('p', { class: 'status', 'aria-live': 'polite' })
  render(h('h1', {}, 'Templates'),
    card('Templates', table(['Name', 'Title pattern', 'Content pattern', 'Updated', ''], (res.body.templates as Json[]).map(t => [t.name, t.title_pattern, t.content_pattern, time(t.update_at),
      h('span', { class: 'row' }, h('button', { type: 'button', class: 'small', onclick: edit(t), 'aria-label': `Edit ${t.name as string}` }, 'Edit'),
        h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete ${t.name as string}`, onclick: async () => { if (outcome(status, await vendor('DELETE', `/notification/template/${enc(t.name)}`), 'Deleted')) await refresh() } }, 'Delete'))])), status),
    h('div', { class: 'grid' },
      form('Create a template', [field('name', name), field('title_pattern', title), field('content_pattern', content)], 'Create', async st => {
        if (outcome(st, await vendor('POST', '/notification/template', { name: name.value, title_pattern: title.value, content_pattern: content.value }), 'Created')) await refresh()
      }),
      h('p', { class: 'hint' }, 'To edit, press Edit on a row, change the patterns and press ',
        h('button', { type: 'button', onclick: async () => { if (outcome(status, await vendor('PUT', `/notification/template/${enc(name.value)}`, { title_pattern: title.value, content_pattern: content.value }))) await refresh() } }, 'Save changes'))))
  pageListener = (type, d) => { if (isChange(type, d)) soon(refresh) }
}

async function faults (): Promise<void> {
  const res = await api('GET', '/_mock/faults')
  const method = select('method', ['', 'GET', 'POST', 'PUT', 'DELETE'])
  const path = input('path', '', { placeholder: '/*/*/users/**' })
  const status = input('status', '503', { inputmode: 'numeric' })
  const delay = input('delayMs', '', { inputmode: 'numeric', placeholder: '0' })
  const times = input('times', '', { inputmode: 'numeric', placeholder: 'always' })
  const note = h('p', { class: 'status', 'aria-live': 'polite' })
  const refresh = async (): Promise<void> => await faults()
  render(h('h1', {}, 'Faults'),
    card('Fault rules', table(['#', 'Match', 'Status', 'Delay', 'Times left', 'Hits', ''], (res.body.faults as Json[]).map(f => [String(f.id),
      `${f.match.method ?? 'any'} ${f.match.path ?? '**'}${f.match.app === undefined ? '' : ` in ${f.match.app as string}`}`, String(f.status ?? '—'), `${f.delayMs as number} ms`, String(f.times ?? 'always'), String(f.hits),
      h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove fault ${f.id as number}`, onclick: async () => { if (outcome(note, await api('DELETE', `/_mock/faults/${f.id as number}`), 'Removed')) await refresh() } }, 'Remove')])), note),
    form('Add a fault', [field('Method', method), field('Path', path, '* is one segment, ** any rest'), field('Status', status), field('Delay (ms)', delay), field('Times', times)], 'Add', async st => {
      const body: Json = { match: { app: currentApp() } }
      if (method.value !== '') body.match.method = method.value
      if (path.value !== '') body.match.path = path.value
      if (status.value !== '') body.status = Number(status.value)
      if (delay.value !== '') body.delayMs = Number(delay.value)
      if (times.value !== '') body.times = Number(times.value)
      if (outcome(st, await api('POST', '/_mock/faults', body), 'Added')) await refresh()
    }))
  pageListener = (type, d) => { if (isChange(type, d) && !d.vendor) soon(refresh) }
}

async function coverage (): Promise<void> {
  const res = await api('GET', `/_mock/coverage?app=${enc(currentApp())}`)
  const r = res.body
  const sum = r.summary
  const pct = sum.outcomes === 0 ? 0 : Math.round((sum.seen / sum.outcomes) * 100)
  render(h('h1', {}, 'Coverage'),
    card(`${sum.seen as number} of ${sum.outcomes as number} documented outcomes tried (${pct}%)`,
      h('div', { class: 'meter', role: 'img', 'aria-label': `${pct}% of documented outcomes tried` }, h('span', { style: `width:${pct}%` })),
      h('p', { class: 'legend' }, h('span', { class: 'chip tried' }, 'tried'), ' ', h('span', { class: 'chip untried' }, 'untried'), ' ', h('span', { class: 'chip extra' }, 'seen, not documented'))),
    h('div', { class: 'ops', id: 'coverage' }, ...(r.operations as Json[]).map(o => h('section', { class: 'op' },
      h('h3', {}, h('span', { class: `method m-${o.method as string}` }, o.method), ' ', h('code', {}, o.path)),
      h('ul', { class: 'chips' }, ...(o.outcomes as Json[]).map(x => h('li', { class: `chip ${!x.documented ? 'extra' : x.count > 0 ? 'tried' : 'untried'}`, title: `${x.count as number} times` },
        `${x.outcome as string}${x.count > 0 ? ` ×${x.count as number}` : ''}`)))))))
  pageListener = (type, d) => { if (type === 'request' && d.vendor === true) soon(coverage, false) }
}

/* ---------- routing ---------- */

async function route (): Promise<void> {
  const [path = '/', query = ''] = location.hash.replace(/^#/, '').split('?')
  const params = new URLSearchParams(query)
  const [, page = '', arg] = path.split('/')
  for (const a of document.querySelectorAll('nav a')) {
    const target = (a.getAttribute('href') ?? '').slice(2)
    if (target === page || (page === 'user' && target === 'users')) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
  pageListener = undefined
  if (appKeys.length === 0 && page !== '') {
    render(h('h1', {}, 'No apps yet'), h('p', {}, 'Create one with POST /_mock/apps or by asking for a token.'))
    return
  }
  document.body.dataset.page = esc(page === '' ? 'overview' : page)
  switch (page) {
    case 'users': return await users(params)
    case 'user': return await user(decodeURIComponent(arg ?? ''))
    case 'pushes': return await pushes(params)
    case 'send': return await send()
    case 'requests': return await requests(params)
    case 'templates': return await templates()
    case 'faults': return await faults()
    case 'coverage': return await coverage()
    default: return await overview()
  }
}

window.addEventListener('hashchange', () => { route().then(() => main.focus({ preventScroll: true }), fail) })
await loadApps()
connect()
await route()
document.body.dataset.ready = 'true'
performance.mark('ui-ready')
