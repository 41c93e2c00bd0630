import { pino } from '/work/main/node_modules/pino/pino.js'
const dest = pino.destination({ dest: '/dev/null', sync: false })
for (const redact of [true, false]) {
  const log = pino({ level: 'info', ...(redact ? { redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' } } : {}) }, dest)
  for (const child of [true, false]) {
    const N = 300000
    let t = process.hrtime.bigint()
    for (let i = 0; i < N; i++) {
      const l = child ? log.child({ reqId: `req-${i.toString(36)}` }) : log
      l.info({ method: 'GET', url: '/bench/app/users/user1/notification/user/user1', app: 'bench#app', status: 200, ms: 1 }, 'request completed')
    }
    console.log('redact', redact, 'child', child, Number(process.hrtime.bigint() - t) / N / 1000, 'µs')
  }
}
dest.flushSync()
