import { join } from 'node:path'
import t from 'tap'
import { findPackageRoot, PACKAGE_ROOT } from '../src/package-root.js'

const ROOT = join(import.meta.dirname, '..')

t.test('findPackageRoot: the nearest folder with a package.json, else the filesystem root', async (t) => {
  t.equal(PACKAGE_ROOT, ROOT)
  t.equal(findPackageRoot(join(ROOT, 'src', 'db')), ROOT, 'from src/db, as from dist/db')
  t.equal(findPackageRoot(ROOT), ROOT, 'from the package folder itself, as from the bundled dist/server.js one level down')
  const dir = t.testdir({ inner: { deeper: {} }, 'package.json': '{}' })
  t.equal(findPackageRoot(join(dir, 'inner', 'deeper')), dir)
  t.equal(findPackageRoot('/'), '/', 'nothing above: the root')
})
