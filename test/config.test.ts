import t, { type Test } from 'tap'
import { ConfigError, HELP, LOG_LEVELS, loadConfig, OPTIONS, parseAppSpec, type Config } from '../src/config.js'

/** The Config of a run that is not `--help`. */
function config (argv: string[], env: Record<string, string | undefined> = {}): Config {
  const result = loadConfig(argv, env)
  if (result.help) throw new Error('unexpected help')
  return result.config
}

/** The ConfigError thrown for `argv`/`env`, checked to be one line. */
function configError (t: Test, argv: string[], env: Record<string, string> = {}): string {
  let caught: unknown
  try {
    loadConfig(argv, env)
  } catch (err) {
    caught = err
  }
  t.type(caught, ConfigError, `${argv.join(' ')} ${JSON.stringify(env)} throws ConfigError`)
  const message = (caught as Error).message
  t.notMatch(message, /\n/, 'message is one line')
  t.not(message, '', 'message is not empty')
  return message
}

t.test('with no flags and no variables every setting takes its default', async (t) => {
  t.strictSame(config([]), {
    host: '127.0.0.1',
    port: 8080,
    httpsPort: null,
    tlsCert: null,
    tlsKey: null,
    dbFile: './data/easemob-push-mock.db',
    logLevel: 'info',
    apps: [],
    strictApps: false,
    autoCreateUsers: false,
    timezone: 'Asia/Shanghai',
    tokenTtl: 5184000,
    bodyLimit: 1048576,
    controls: true,
    journalSize: 1000,
    rateLimits: false,
    seeds: [],
    pushLogSize: 50000,
    pushCallback: null
  })
})

t.test('each valued flag and its variable set the same field, and the flag wins', async (t) => {
  const cases: Array<[flag: string, envVar: string, flagValue: string, envValue: string, field: keyof Config, fromFlag: unknown, fromEnv: unknown]> = [
    ['port', 'PORT', '9000', '9100', 'port', 9000, 9100],
    ['host', 'HOST', '0.0.0.0', '::1', 'host', '0.0.0.0', '::1'],
    ['db', 'DB_FILE', ':memory:', '/tmp/x.db', 'dbFile', ':memory:', '/tmp/x.db'],
    ['log-level', 'LOG_LEVEL', 'debug', 'silent', 'logLevel', 'debug', 'silent'],
    ['timezone', 'PUSH_TIMEZONE', 'Europe/London', 'America/New_York', 'timezone', 'Europe/London', 'America/New_York'],
    ['token-ttl', 'TOKEN_TTL', '0', '3600', 'tokenTtl', 0, 3600],
    ['body-limit', 'BODY_LIMIT', '2048', '4096', 'bodyLimit', 2048, 4096],
    ['journal-size', 'JOURNAL_SIZE', '0', '50', 'journalSize', 0, 50],
    ['push-log-size', 'PUSH_LOG_SIZE', '0', '7', 'pushLogSize', 0, 7],
    ['https-port', 'HTTPS_PORT', '8443', '9443', 'httpsPort', 8443, 9443],
    ['push-callback', 'PUSH_CALLBACK', 'http://127.0.0.1:9/cb', 'https://example.test/hook', 'pushCallback', 'http://127.0.0.1:9/cb', 'https://example.test/hook']
  ]
  for (const [flag, envVar, flagValue, envValue, field, fromFlag, fromEnv] of cases) {
    t.equal(config([`--${flag}`, flagValue])[field], fromFlag, `--${flag}`)
    t.equal(config([`--${flag}=${flagValue}`])[field], fromFlag, `--${flag}=`)
    t.equal(config([], { [envVar]: envValue })[field], fromEnv, envVar)
    t.equal(config([`--${flag}`, flagValue], { [envVar]: envValue })[field], fromFlag, `--${flag} beats ${envVar}`)
  }
})

t.test('HTTPS: a port, then both certificate files or neither', async (t) => {
  t.strictSame(pickHttps(config(['--https-port', '0'])), { httpsPort: 0, tlsCert: null, tlsKey: null })
  t.strictSame(pickHttps(config(['--https-port', '0', '--port', '0'])), { httpsPort: 0, tlsCert: null, tlsKey: null }, 'both free ports')
  t.strictSame(pickHttps(config(['--https-port', '8443', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'])), { httpsPort: 8443, tlsCert: 'c.pem', tlsKey: 'k.pem' })
  t.strictSame(pickHttps(config([], { HTTPS_PORT: '8443', TLS_CERT: 'c.pem', TLS_KEY: 'k.pem' })), { httpsPort: 8443, tlsCert: 'c.pem', tlsKey: 'k.pem' })
  t.strictSame(pickHttps(config(['--tls-cert', 'f.pem'], { HTTPS_PORT: '1', TLS_CERT: 'e.pem', TLS_KEY: 'k.pem' })), { httpsPort: 1, tlsCert: 'f.pem', tlsKey: 'k.pem' }, 'a flag beats its variable')
  t.equal(configError(t, ['--https-port', '0', '--tls-cert', 'c.pem']), '--tls-cert and --tls-key go together: give both, or neither for a self-signed certificate')
  t.equal(configError(t, [], { HTTPS_PORT: '0', TLS_KEY: 'k.pem' }), '--tls-cert and --tls-key go together: give both, or neither for a self-signed certificate')
  t.equal(configError(t, ['--tls-cert', 'c.pem', '--tls-key', 'k.pem']), '--tls-cert and --tls-key need --https-port')
  t.equal(configError(t, ['--https-port', '8080']), '--https-port must differ from --port, both are 8080')
  t.equal(configError(t, ['--https-port', '65536']), '--https-port must be an integer from 0 to 65535, got "65536"')
})

const pickHttps = (c: Config) => ({ httpsPort: c.httpsPort, tlsCert: c.tlsCert, tlsKey: c.tlsKey })

t.test('an empty or unset variable falls back to the default', async (t) => {
  t.equal(config([], { PORT: '' }).port, 8080)
  t.equal(config([], { HOST: undefined }).host, '127.0.0.1')
  t.equal(config([], { LOG_LEVEL: '' }).logLevel, 'info')
})

t.test('variables other than the known ones are ignored', async (t) => {
  t.strictSame(config([], { port: '1', STRICT_APPS: '1', AUTO_CREATE_USERS: 'true', HELP: '1' }), config([]))
})

t.test('each boolean flag changes its own field and no other', async (t) => {
  const defaults = config([])
  const cases: Array<[string, Partial<Config>]> = [
    ['--strict-apps', { strictApps: true }],
    ['--auto-create-users', { autoCreateUsers: true }],
    ['--rate-limits', { rateLimits: true }],
    ['--no-controls', { controls: false }]
  ]
  for (const [flag, changed] of cases) {
    t.strictSame(config([flag]), { ...defaults, ...changed }, flag)
  }
})

t.test('--seed may be repeated and wins over SEED_FILE, which names one file', async (t) => {
  t.strictSame(config(['--seed', 'a.json', '--seed', 'b.json']).seeds, ['a.json', 'b.json'])
  t.strictSame(config(['--seed', 'a.json'], { SEED_FILE: 'env.json' }).seeds, ['a.json'])
  t.strictSame(config([], { SEED_FILE: 'env.json' }).seeds, ['env.json'])
  t.strictSame(config([], { SEED_FILE: 'a.json,b.json' }).seeds, ['a.json,b.json'], 'no splitting')
  t.strictSame(config([], { SEED_FILE: '' }).seeds, [])
})

t.test('every log level is accepted', async (t) => {
  for (const level of LOG_LEVELS) t.equal(config(['--log-level', level]).logLevel, level)
})

t.test('port, token-ttl and body-limit accept their bounds', async (t) => {
  const cases: Array<[string[], keyof Config, number]> = [
    [['--port', '0'], 'port', 0],
    [['--port', '65535'], 'port', 65535],
    [['--token-ttl', '0'], 'tokenTtl', 0],
    [['--token-ttl', String(2 ** 31)], 'tokenTtl', 2 ** 31],
    [['--body-limit', '1'], 'bodyLimit', 1],
    [['--body-limit', String(2 ** 30)], 'bodyLimit', 2 ** 30],
    [['--journal-size', '0'], 'journalSize', 0],
    [['--journal-size', '1000000'], 'journalSize', 1_000_000]
  ]
  for (const [argv, field, expected] of cases) t.equal(config(argv)[field], expected, argv.join(' '))
})

t.test('a time zone is returned in its canonical spelling', async (t) => {
  t.equal(config(['--timezone', 'asia/shanghai']).timezone, 'Asia/Shanghai')
  t.equal(config(['--timezone', 'UTC']).timezone, 'UTC')
})

t.test('--app may be repeated and wins over EASEMOB_APPS', async (t) => {
  const argv = ['--app', 'hx#demo:YXA6id:YXA6secret', '--app', 'org-2#app_2:id2:se:cr:et']
  const expected = [
    { org: 'hx', app: 'demo', clientId: 'YXA6id', clientSecret: 'YXA6secret' },
    { org: 'org-2', app: 'app_2', clientId: 'id2', clientSecret: 'se:cr:et' }
  ]
  t.strictSame(config(argv).apps, expected)
  t.strictSame(config(argv, { EASEMOB_APPS: 'other#app:a:b' }).apps, expected)
})

t.test('EASEMOB_APPS is a comma-separated list, blanks skipped', async (t) => {
  t.strictSame(config([], { EASEMOB_APPS: ' hx#demo:id:secret , ,o#a:c:s,' }).apps, [
    { org: 'hx', app: 'demo', clientId: 'id', clientSecret: 'secret' },
    { org: 'o', app: 'a', clientId: 'c', clientSecret: 's' }
  ])
  t.strictSame(config([], { EASEMOB_APPS: '' }).apps, [])
})

t.test('--help returns help and nothing else, whatever else is wrong', async (t) => {
  t.strictSame(loadConfig(['--help'], {}), { help: true })
  t.strictSame(loadConfig(['--port', '70000', '--help'], { LOG_LEVEL: 'loud' }), { help: true })
})

t.test('HELP lists every flag with its variable and default', async (t) => {
  const flags = ['port', 'https-port', 'tls-cert', 'tls-key', 'host', 'db', 'log-level', 'app', 'strict-apps', 'auto-create-users', 'timezone',
    'token-ttl', 'body-limit', 'seed', 'journal-size', 'push-log-size', 'push-callback', 'rate-limits', 'no-controls', 'help']
  t.strictSame([...OPTIONS.map(o => o.flag)].sort(), [...flags].sort())
  t.match(HELP, /^Usage: easemob-push-mock/)
  for (const o of OPTIONS) {
    const line = HELP.split('\n').find(l => l.trimStart().startsWith(`--${o.flag} `) || l.trim() === `--${o.flag}`)
    t.ok(line, `--${o.flag} has a line`)
    if (o.value !== undefined) t.ok(line?.includes(`--${o.flag} ${o.value}`), `--${o.flag} shows ${o.value}`)
    if (o.flag === 'help') {
      t.notOk(line?.includes('(default:'), '--help shows no default')
      continue
    }
    t.ok(line?.includes(o.env === undefined ? '[flag only]' : `[${o.env}]`), `--${o.flag} names its variable or says it has none`)
    t.ok(line?.includes(`(default: ${o.fallback === '' ? 'none' : o.fallback})`), `--${o.flag} shows its default`)
  }
  t.match(HELP, /--port N +.*\[PORT\] \(default: 8080\)/)
  t.match(HELP, /--strict-apps +unknown apps.*\[flag only\] \(default: off\)/)
  t.match(HELP, /--app org#app:id:secret +.*\[EASEMOB_APPS\] \(default: none\)/)
  t.match(HELP, /API docs at \/docs/)
})

t.test('bad arguments throw a one-line ConfigError', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['--nope'], /nope/],
    [['-x'], /-x/],
    [['positional'], /positional/],
    [['--port'], /port/],
    [['--strict-apps=yes'], /strict-apps/],
    [['--no-controls=1'], /no-controls/],
    [['--port', '-1'], /port/] // node's message runs over several lines; only the first is kept
  ]
  for (const [argv, pattern] of cases) {
    t.match(configError(t, argv), pattern, argv.join(' '))
  }
})

t.test('bad values throw a one-line ConfigError naming the flag', async (t) => {
  const cases: Array<[string[], Record<string, string>, RegExp]> = [
    [['--port', '70000'], {}, /^--port must be an integer from 0 to 65535, got "70000"$/],
    [['--port', 'abc'], {}, /--port .*"abc"/],
    [['--port=-1'], {}, /--port .*"-1"/],
    [['--port', '80.5'], {}, /--port/],
    [['--port', ''], {}, /--port .*""/],
    [[], { PORT: '65536' }, /--port .*"65536"/],
    [['--token-ttl', String(2 ** 31 + 1)], {}, /--token-ttl/],
    [['--token-ttl', '1e3'], {}, /--token-ttl/],
    [['--body-limit', '0'], {}, /^--body-limit must be an integer from 1 to 1073741824, got "0"$/],
    [['--push-callback', 'ftp://host/x'], {}, /^--push-callback must be an http\(s\) URL, got "ftp:\/\/host\/x"$/],
    [['--push-callback', 'not a url'], {}, /^--push-callback must be an http\(s\) URL, got "not a url"$/],
    [[], { PUSH_LOG_SIZE: '-1' }, /--push-log-size/],
    [[], { BODY_LIMIT: 'lots' }, /--body-limit/],
    [['--journal-size', '1000001'], {}, /^--journal-size must be an integer from 0 to 1000000, got "1000001"$/],
    [[], { JOURNAL_SIZE: 'many' }, /--journal-size/],
    [['--log-level', 'loud'], {}, /^--log-level must be one of fatal, error, warn, info, debug, trace, silent, got "loud"$/],
    [['--log-level', 'INFO'], {}, /--log-level/],
    [[], { LOG_LEVEL: 'verbose' }, /--log-level .*"verbose"/],
    [['--timezone', 'Mars/Olympus'], {}, /^--timezone must be an IANA time zone such as Asia\/Shanghai, got "Mars\/Olympus"$/],
    [[], { PUSH_TIMEZONE: 'Not/AZone' }, /--timezone/],
    [['--host', ''], {}, /^--host must not be empty$/],
    [['--db', ''], {}, /^--db must not be empty$/],
    [['--app', 'hxdemo'], {}, /^--app must look like org#app:clientId:clientSecret, got "hxdemo"$/],
    [['--app', 'hx#demo'], {}, /--app must look like/],
    [['--app', 'hx#demo:id'], {}, /^--app must look like org#app:clientId:clientSecret, got "hx#demo:…"$/],
    [['--app', 'hx#demo:id:'], {}, /--app must look like/],
    [['--app', '#demo:id:secret'], {}, /--app must look like/],
    [['--app', 'hx#:id:secret'], {}, /--app must look like/],
    [['--app', 'hx#de#mo:id:secret'], {}, /--app must look like/],
    [[], { EASEMOB_APPS: 'hx#demo:id:secret,broken' }, /--app must look like.*"broken"/],
    [['--app', 'my org#demo:id:secret'], {}, /^--app org and app names take letters, digits, "_" and "-", got "my org#demo"$/],
    [['--app', 'hx#de.mo:id:secret'], {}, /--app org and app names .*"hx#de\.mo"/],
    [['--app', 'hx/x#demo:id:secret'], {}, /--app org and app names/]
  ]
  for (const [argv, env, pattern] of cases) {
    t.match(configError(t, argv, env), pattern, `${argv.join(' ')} ${JSON.stringify(env)}`)
  }
})

t.test('parseAppSpec splits an appkey spec; the secret may contain colons', async (t) => {
  t.strictSame(parseAppSpec('a-1#b_2:YXA6:x:y'), { org: 'a-1', app: 'b_2', clientId: 'YXA6', clientSecret: 'x:y' })
  t.throws(() => parseAppSpec('a#b::secret'), ConfigError)
})

t.test('ConfigError is an Error named ConfigError', async (t) => {
  const err = new ConfigError('bad')
  t.type(err, Error)
  t.equal(err.name, 'ConfigError')
  t.equal(err.message, 'bad')
})
