import t from 'tap'
import { T0 } from '../helper.js'
import { outcome, services } from './services.js'

/** `services.templateService`: push templates and their vendor errors. */

const notExist = (name: string) => ({ status: 400, error: 'entity_not_found', description: `${name} template is not exist` })
const tpl = (name: string) => ({ name, title_pattern: 'T {0}', content_pattern: 'C {0}' })

t.test('a template through its life, each step answered or refused', async (t) => {
  const h = services(t)
  const s = h.s.templateService
  const steps: Array<[label: string, run: () => unknown, expected: unknown]> = [
    ['create', () => s.create(h.appId, tpl('welcome'), T0).name, { ok: 'welcome' }],
    ['create again', () => s.create(h.appId, tpl('welcome'), T0), { status: 400, error: 'duplicate_unique_property_exists', description: 'template welcome already exists' }],
    ['create a bad name', () => s.create(h.appId, tpl('bad_name'), T0), { status: 400, error: 'illegal_argument', description: 'parameters is invalid : name' }],
    ['create a long name', () => s.create(h.appId, tpl('a'.repeat(65)), T0), { status: 400, error: 'illegal_argument', description: 'parameters is invalid : name' }],
    ['find', () => s.find(h.appId, 'welcome').title_pattern, { ok: 'T {0}' }],
    ['find another case', () => s.find(h.appId, 'Welcome'), notExist('Welcome')],
    ['update', () => { const u = s.update(h.appId, 'welcome', { title_pattern: 'new', content_pattern: 'c' }, T0 + 5); return [u.title_pattern, u.create_at, u.update_at] }, { ok: ['new', T0, T0 + 5] }],
    ['update a missing one', () => s.update(h.appId, 'nope', { title_pattern: '', content_pattern: '' }, T0), notExist('nope')],
    ['remove', () => s.remove(h.appId, 'welcome').name, { ok: 'welcome' }],
    ['remove again', () => s.remove(h.appId, 'welcome'), notExist('welcome')],
    ['find after removal', () => s.find(h.appId, 'welcome'), notExist('welcome')]
  ]
  for (const [label, run, expected] of steps) t.strictSame(outcome(run), expected, label)
})
