import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import t from 'tap'
import ts from 'typescript'
import { build, vendor } from './helper.js'

// No mutable state at module level in src/: two emulators in one process share nothing, not even a
// cache that happens to be correct. Caches and memories belong to one app (or its database).

const SRC = join(import.meta.dirname, '..', 'src')
const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap(e =>
  e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])

/** Constructors whose instances change after they are made. */
const MUTABLE = /^(Map|Set|WeakMap|WeakSet|Array|SharedArrayBuffer|ArrayBuffer|(Big)?(Int|Uint|Float)(8|16|32|64)(Clamped)?Array)$/

/** The module-level declarations of `file` that hold or can hold changing state, as `name (why)`. */
function mutableDeclarations (file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
  const found: string[] = []
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue
    const list = statement.declarationList
    const constant = (list.flags & ts.NodeFlags.Const) !== 0
    for (const d of list.declarations) {
      const name = d.name.getText(source)
      if (!constant) { found.push(`${name} (let/var)`); continue }
      let init = d.initializer
      while (init !== undefined && (ts.isAsExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression
      const readonlyType = d.type !== undefined && /^Readonly/.test(d.type.getText(source))
      if (init !== undefined && ts.isNewExpression(init) && MUTABLE.test(init.expression.getText(source)) && !readonlyType) found.push(`${name} (new ${init.expression.getText(source)})`)
      if (init !== undefined && ts.isArrayLiteralExpression(init) && init.elements.length === 0 && !readonlyType) found.push(`${name} (empty array)`)
    }
  }
  return found
}

t.test('no module in src/ declares mutable state at its top level', async (t) => {
  const all = files(SRC)
  t.ok(all.length > 30, `${all.length} modules read`)
  const offenders = all.flatMap(f => mutableDeclarations(f).map(d => `${relative(SRC, f)}: ${d}`))
  t.strictSame(offenders, [])
})

t.test('the check finds what it looks for', async (t) => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const dir = mkdtempSync(join(tmpdir(), 'module-state-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'x.ts')
  writeFileSync(file, [
    "let last = ''",
    'const cache = new Map<string, number>()',
    'const seen = new WeakMap() as WeakMap<object, string>',
    'const kept: object[] = []',
    'const fixed: ReadonlySet<string> = new Set([\'a\'])',
    'const limit = 3',
    'export function f (): void { let inner = 1; inner++ }'
  ].join('\n'))
  t.strictSame(mutableDeclarations(file), ['last (let/var)', 'cache (new Map)', 'seen (new WeakMap)', 'kept (empty array)'])
})

t.test('two emulators in one process, same app and user names: each answers from its own rows, cached or not', async (t) => {
  const one = await build(t)
  const two = await build(t)
  await one.register('alice')
  await two.register('alice')
  const setting = '/users/alice/notification/user/alice'
  t.equal((await vendor(one, 'PUT', setting, { type: 'NONE' })).status, 200)
  // Both read the same names over and over: app, token and user rows are cached by each.
  for (let i = 0; i < 3; i++) {
    t.equal((await vendor(one, 'GET', setting)).body.data.type, 'NONE')
    t.equal((await vendor(two, 'GET', setting)).body.data.type, 'ALL', 'the other keeps its own setting')
  }
  t.equal((await vendor(one, 'DELETE', '/users/alice')).status, 200)
  // An unknown user on a push endpoint is the vendor's 400 required_property_not_found.
  t.match(await vendor(one, 'GET', setting), { status: 400, body: { error: 'required_property_not_found' } }, 'gone from the one it was deleted from')
  t.equal((await vendor(two, 'GET', setting)).status, 200, 'still there in the other')
  t.equal((await vendor(two, 'GET', setting, undefined, one.auth)).status, 401, "one's token means nothing to the other")
  await two.register('bob')
  t.equal((await vendor(one, 'GET', '/users/bob/notification/user/bob')).status, 400)
  t.equal((await vendor(two, 'GET', '/users/bob/notification/user/bob')).status, 200)
})
