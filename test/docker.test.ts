import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises'
import { request as httpsRequest } from 'node:https'
import { createServer } from 'node:net'
import { dirname, join, posix } from 'node:path'
import t, { type Test } from 'tap'
import { parse as parseYaml } from 'yaml'
import { cleanEnv, ROOT, run, tempDir } from './built-tree.js'

/**
 * docker/Dockerfile, .dockerignore and docker/docker-compose.yml, tested without a Docker engine:
 * the build stage is replayed on a copy of what it COPYs, the runtime stage is assembled from only
 * what it COPYs out of that, and the image's own entrypoint and HEALTHCHECK run against it.
 */

t.setTimeout(240_000)

interface Instruction { name: string, args: string }
interface Stage { name: string, from: string, instructions: Instruction[] }

/** The Dockerfile as stages of instructions: comments dropped, continuation lines joined. */
function parseDockerfile (text: string): { args: Record<string, string>, stages: Stage[] } {
  const lines: string[] = []
  let pending = ''
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw)) continue
    const continued = raw.endsWith('\\')
    pending += (pending === '' ? '' : ' ') + (continued ? raw.slice(0, -1) : raw).trim()
    if (!continued) {
      if (pending !== '') lines.push(pending)
      pending = ''
    }
  }
  const args: Record<string, string> = {}
  const stages: Stage[] = []
  for (const line of lines) {
    const [, name = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? []
    const instruction = { name: name.toUpperCase(), args: rest }
    if (instruction.name === 'FROM') {
      const [, from = '', stage = ''] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? []
      stages.push({ name: stage, from, instructions: [] })
    } else if (stages.length === 0 && instruction.name === 'ARG') {
      const [key = '', value = ''] = rest.split('=')
      args[key] = value
    } else {
      stages.at(-1)?.instructions.push(instruction)
    }
  }
  return { args, stages }
}

const all = (stage: Stage, name: string): string[] => stage.instructions.filter(i => i.name === name).map(i => i.args)
const one = (stage: Stage, name: string): string => all(stage, name).at(-1) ?? ''

/** `ENV A=1 B=2` lines as one record. */
function envOf (stage: Stage): Record<string, string> {
  return Object.fromEntries(all(stage, 'ENV').flatMap(line => line.split(/\s+/).map(pair => pair.split('=') as [string, string])))
}

/** `COPY [--from=x] src... dest` */
function copies (stage: Stage): Array<{ from: string | undefined, sources: string[], dest: string }> {
  return all(stage, 'COPY').map(line => {
    const words = line.split(/\s+/)
    const from = words.find(w => w.startsWith('--from='))?.slice(7)
    const paths = words.filter(w => !w.startsWith('--'))
    return { from, sources: paths.slice(0, -1), dest: paths.at(-1) as string }
  })
}

/** The exec form of HEALTHCHECK's CMD. */
function healthcheckCommand (stage: Stage): string[] {
  const line = one(stage, 'HEALTHCHECK')
  return JSON.parse(line.slice(line.indexOf('CMD ') + 4)) as string[]
}

/** A .dockerignore pattern as a RegExp over context-relative paths (Go's filepath.Match plus `**`). */
function ignoreMatcher (patterns: string[]): (path: string) => boolean {
  const toRegExp = (p: string) => p.split('**/').map(part => part.replace(/[.+^${}()|[\]]/g, '\\$&').replace(/\*/g, '[^/]*')).join('(?:.*/)?')
  const regexps = patterns.map(p => new RegExp(`^${toRegExp(p)}(?:/.*)?$`))
  return (path) => regexps.some(r => r.test(path))
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

const dockerfileText = await readFile(join(ROOT, 'docker', 'Dockerfile'), 'utf8')
const dockerfile = parseDockerfile(dockerfileText)
const build = dockerfile.stages.find(s => s.name === 'build') as Stage
const runtime = dockerfile.stages.at(-1) as Stage
const imageEnv = envOf(runtime)
const ignored = ignoreMatcher((await readFile(join(ROOT, '.dockerignore'), 'utf8')).split('\n').map(l => l.trim()).filter(l => l !== '' && !l.startsWith('#')))

t.test('two stages on the same slim Node LTS image; the build stage compiles the addon and prunes', async (t) => {
  const image = '$' + '{NODE_IMAGE}'
  t.strictSame(dockerfile.stages.map(s => [s.name, s.from]), [['build', image], ['runtime', image]])
  const [, major] = /^node:(\d+)-bookworm-slim$/.exec(dockerfile.args.NODE_IMAGE ?? '') ?? []
  t.ok(Number(major) >= 22 && Number(major) % 2 === 0, `an LTS line (even major, 22 or later): ${dockerfile.args.NODE_IMAGE}`)

  const runs = all(build, 'RUN').join('\n')
  t.match(runs, /apt-get install -y --no-install-recommends python3 make g\+\+/)
  t.match(envOf(build), { npm_config_build_from_source: 'true' }, 'better-sqlite3 is compiled, not downloaded')
  const steps = ['npm ci --ignore-scripts', 'npm rebuild better-sqlite3', 'npm run build', 'npm prune --omit=dev --ignore-scripts']
  const at = steps.map(s => runs.indexOf(s))
  t.ok(at.every(i => i >= 0), 'every step is there')
  t.strictSame([...at].sort((a, b) => a - b), at, 'in this order: dev dependencies are present for the build, gone after it')
  t.match(runs, /require\('better-sqlite3'\)/, 'the pruned install still loads the addon')
})

t.test('the runtime stage: non-root, HOST 0.0.0.0, the database in the volume, the port exposed, a node healthcheck', async (t) => {
  t.equal(one(runtime, 'USER'), 'node')
  t.equal(imageEnv.HOST, '0.0.0.0')
  t.equal(imageEnv.DB_FILE, '/data/easemob-push-mock.db')
  t.strictSame(JSON.parse(one(runtime, 'VOLUME')), [posix.dirname(imageEnv.DB_FILE as string)], 'DB_FILE is inside the volume')
  t.strictSame(one(runtime, 'EXPOSE').split(/\s+/), [imageEnv.PORT, imageEnv.HTTPS_PORT], 'HTTP and HTTPS ports exposed')
  t.equal(imageEnv.HTTPS_PORT, '8443')
  t.equal(healthcheckCommand(runtime)[0], 'node')
  const instructions = dockerfile.stages.flatMap(s => s.instructions.map(i => `${i.name} ${i.args}`)).join('\n')
  t.notMatch(instructions, /curl|wget/, 'no curl or wget in any instruction')
  t.ok(copies(runtime).every(c => c.from === 'build'), 'the runtime stage copies only from the build stage')
  t.match(all(runtime, 'RUN').join('\n'), /chown node:node \/data/, 'the volume is writable by the server')
})

t.test('.dockerignore keeps what the build copies and leaves out the rest', async (t) => {
  for (const c of copies(build)) {
    for (const source of c.sources) {
      t.ok(existsSync(join(ROOT, source)), `${source} is in the repository`)
      t.notOk(ignored(source), `${source} reaches the build context`)
    }
  }
  for (const path of ['node_modules', 'src/x/node_modules', 'dist', '.git', '.tap', 'data', 'mock.db', 'test/app.test.ts']) {
    t.ok(ignored(path), `${path} stays out of the context`)
  }
})

interface Server { child: ChildProcess, output: () => string, exited: Promise<number | null> }

/** Starts a command and waits until it prints its startup summary. */
async function startServer (t: Test, command: string[], cwd: string, env: Record<string, string>): Promise<Server> {
  const [program = '', ...args] = command
  // `node` in the image is this test's node.
  const child = spawn(program === 'node' ? process.execPath : program, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += String(d) })
  child.stderr.on('data', (d: Buffer) => { out += String(d) })
  const exited = new Promise<number | null>(resolve => child.once('exit', resolve))
  await Promise.race([
    new Promise<void>(resolve => {
      child.stdout.on('data', () => { if (out.includes(' ready at ')) resolve() })
    }),
    exited.then(code => { throw new Error(`exited ${code}: ${out}`) })
  ])
  return { child, output: () => out, exited }
}

t.test('the image replayed on a built tree: its entrypoint serves, its HEALTHCHECK passes, then fails once the server is down', async (t) => {
  const dir = await tempDir(t, 'docker')
  // The build stage: WORKDIR /app gets what it COPYs from the context, then its RUN steps.
  t.equal(one(build, 'WORKDIR'), '/app')
  const app = join(dir, 'build')
  for (const c of copies(build)) {
    for (const source of c.sources) {
      await cp(join(ROOT, source), join(app, c.dest.endsWith('/') ? join(c.dest, source) : c.dest), { recursive: true })
    }
  }
  // `npm ci` and `npm prune` are not replayed: the repository's own installed dependencies stand in.
  await symlink(await realpath(join(ROOT, 'node_modules')), join(app, 'node_modules'))
  await run('npm', ['run', 'build'], { cwd: app, env: cleanEnv() })

  // The runtime stage: only what it COPYs from the build stage.
  t.equal(one(runtime, 'WORKDIR'), '/app')
  const image = join(dir, 'image')
  await mkdir(image)
  for (const c of copies(runtime)) {
    for (const source of c.sources) {
      const inBuild = join(app, posix.relative('/app', source))
      t.ok(existsSync(inBuild), `${source} is produced by the build stage`)
      await cp(inBuild, join(image, c.dest), { recursive: true })
    }
  }
  t.notOk(existsSync(join(image, 'src')), 'no sources in the image')

  const entrypoint = JSON.parse(one(runtime, 'ENTRYPOINT')) as string[]
  t.strictSame(entrypoint, ['node', 'dist/server.js'])
  t.equal(one(runtime, 'CMD'), '', 'no CMD: `docker run IMAGE --flag` appends flags')
  const data = join(dir, 'data')
  await mkdir(data)
  const env = cleanEnv({ ...imageEnv, PORT: String(await freePort()), HTTPS_PORT: String(await freePort()), DB_FILE: join(data, 'easemob-push-mock.db'), EASEMOB_APPS: 'demo#app:id:secret' })

  const server = await startServer(t, entrypoint, image, env)
  const summary = server.output().split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, any>).find(r => r.url !== undefined)
  t.match(summary, { apps: ['demo#app'], db: env.DB_FILE, docs: `http://127.0.0.1:${env.PORT}/docs` }, 'listens on 0.0.0.0; reachable on the loopback')
  const ready = await fetch(`http://127.0.0.1:${env.PORT}/_mock/ready`)
  t.equal(ready.status, 200, 'migrations and all are there')
  t.equal((await fetch(`http://127.0.0.1:${env.PORT}/_mock/ui/`)).status, 200, 'the web UI is built into the image')
  t.ok(existsSync(env.DB_FILE as string), 'the database is created in the volume')
  // HTTPS on the image's second port, its generated certificate in the volume, trusted by Node's client.
  t.match(summary, { httpsUrl: `https://127.0.0.1:${env.HTTPS_PORT}`, tlsCert: join(data, 'easemob-push-mock-localhost.crt') })
  const ca = await readFile(join(data, 'easemob-push-mock-localhost.crt'), 'utf8')
  const status = await new Promise<number | undefined>((resolve, reject) => {
    httpsRequest(`https://localhost:${env.HTTPS_PORT}/_mock/ready`, { ca }, (res) => { res.resume(); resolve(res.statusCode) }).on('error', reject).end()
  })
  t.equal(status, 200, 'the HTTPS port serves, with the certificate written to the volume')

  const [program = '', ...args] = healthcheckCommand(runtime)
  t.equal(program, 'node')
  const check = () => run(process.execPath, args, { cwd: image, env }).then(() => 0, (err: { code: number }) => err.code)
  t.equal(await check(), 0, 'healthy while the server runs')

  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0, 'SIGTERM (docker stop) exits 0')
  t.equal(await check(), 1, 'unhealthy once it is down')

  // Flags after the image name are appended to the entrypoint; without controls there is no health route.
  const bare = await startServer(t, [...entrypoint, '--no-controls'], image, env)
  t.equal(await check(), 1, 'with --no-controls the check fails (the README says to turn it off)')
  bare.child.kill('SIGTERM')
  t.equal(await bare.exited, 0)
})

const COMPOSE = join(ROOT, 'docker', 'docker-compose.yml')
const hasCompose = await run('docker-compose', ['version']).then(() => true, () => false)

/** `docker-compose config`: the real parser validates the file and prints it normalized. */
async function composeConfig (file: string): Promise<Record<string, any>> {
  const { stdout } = await run('docker-compose', ['-f', file, 'config'], { cwd: dirname(file), env: cleanEnv() })
  return parseYaml(stdout) as Record<string, any>
}

t.test('docker-compose.yml passes docker-compose and agrees with the Dockerfile', {
  skip: !hasCompose && process.env.CI === undefined ? 'docker-compose is not installed (apt-get install docker-compose; .ci/run installs it)' : false
}, async (t) => {
  t.ok(hasCompose, 'docker-compose is installed (CI must have it)')
  const config = await composeConfig(COMPOSE)
  const service = config.services['easemob-push-mock']
  t.match(service.build, { context: ROOT, dockerfile: 'docker/Dockerfile' })
  t.strictSame(service.healthcheck.test, ['CMD', ...healthcheckCommand(runtime)], 'the same node check as the image, not curl')
  t.strictSame(service.volumes, [`easemob-push-mock-data:${posix.dirname(imageEnv.DB_FILE as string)}:rw`], 'the named volume holds DB_FILE')
  t.ok('easemob-push-mock-data' in config.volumes, 'the volume is declared')
  t.match(service.ports, [{ target: Number(imageEnv.PORT), published: Number(imageEnv.PORT) }, { target: Number(imageEnv.HTTPS_PORT), published: Number(imageEnv.HTTPS_PORT) }])
  t.match(service.environment.EASEMOB_APPS, /^[^#:]+#[^#:]+:[^:]+:.+$/)

  // The commented example service, uncommented, is valid and waits for the healthcheck.
  const text = await readFile(COMPOSE, 'utf8')
  const dir = await tempDir(t, 'compose')
  const example = text.replace(/^ {2}# ?(app:\n(?:^ {2}# .*\n)+)/m, (_m, block: string) => `  ${block.replace(/^ {2}# /gm, '  ')}`)
  t.not(example, text, 'the example service is there')
  await mkdir(join(dir, 'docker'))
  await writeFile(join(dir, 'docker', 'docker-compose.yml'), example)
  const withApp = await composeConfig(join(dir, 'docker', 'docker-compose.yml'))
  t.strictSame(withApp.services.app.depends_on, { 'easemob-push-mock': { condition: 'service_healthy' } })
  t.equal(withApp.services.app.environment.EASEMOB_BASE_URL, `http://easemob-push-mock:${imageEnv.PORT}`)

  // And the parser is a real validator: a misspelt condition is refused.
  await writeFile(join(dir, 'docker', 'docker-compose.yml'), example.replace('service_healthy', 'service_healty'))
  const refused = await composeConfig(join(dir, 'docker', 'docker-compose.yml')).then(() => '', (err: { stderr: string }) => err.stderr)
  t.match(refused, /service_healty/)
})
