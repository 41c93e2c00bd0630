import { readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Config } from './config.js'

/** The HTTPS listener's certificate and key (PEM), and the file a client can trust. */
export interface Tls {
  cert: string
  key: string
  /** The certificate's file: the one given, or where the generated one was written (null: not written). */
  certFile: string | null
  generated: boolean
}

/** File name of a generated certificate in the directory it is written to. */
export const GENERATED_CERT_FILE = 'easemob-push-mock-localhost.crt'

/**
 * The names a generated certificate is valid for: the addresses a local client uses. Made with
 * `selfsigned` (a maintained library), an EC P-256 key (generated in well under 100 ms) and a
 * year's validity from the moment of start.
 */
export async function generateCertificate (): Promise<{ cert: string, key: string }> {
  // Loaded only when needed. The package is CommonJS: its `default` is `module.exports` both in Node
  // and in the esbuild bundle (which offers no named exports for it).
  const { default: selfsigned } = await import('selfsigned')
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] }
    ]
  })
  return { cert: pems.cert, key: pems.private }
}

/**
 * The certificate of `--tls-cert`/`--tls-key`, or a generated one, written into `writeDir` (when
 * given) so that clients which verify certificates can be pointed at it.
 */
export async function loadTls (config: Pick<Config, 'tlsCert' | 'tlsKey'>, writeDir: string | null): Promise<Tls> {
  if (config.tlsCert !== null && config.tlsKey !== null) {
    const [cert, key] = await Promise.all([readPem('--tls-cert', config.tlsCert), readPem('--tls-key', config.tlsKey)])
    return { cert, key, certFile: config.tlsCert, generated: false }
  }
  const { cert, key } = await generateCertificate()
  if (writeDir === null) return { cert, key, certFile: null, generated: true }
  const certFile = join(writeDir, GENERATED_CERT_FILE)
  try {
    await writeFile(certFile, cert)
  } catch (err) {
    throw new Error(`cannot write the generated certificate to ${certFile}: ${(err as Error).message}`)
  }
  return { cert, key, certFile, generated: true }
}

async function readPem (flag: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (err) {
    // Node's message names the cause and the path: `ENOENT: no such file or directory, open '…'`.
    throw new Error(`${flag}: ${(err as Error).message}`)
  }
}

/** A running HTTPS listener. */
export interface HttpsListener {
  readonly server: Server
  readonly port: number
  /** Stops accepting, then drops the connections left once the app has closed. */
  close(afterApp: Promise<void>): Promise<void>
}

/**
 * An HTTPS server that hands every request to the app's own router (`fastify.routing`), so both
 * listeners serve one app: the same routes, hooks, journal, faults and rate windows.
 */
export async function listenHttps (routing: (req: never, res: never) => void, tls: Tls, host: string, port: number): Promise<HttpsListener> {
  let server: Server
  try {
    server = createServer({ cert: tls.cert, key: tls.key }, routing as never)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen({ host, port }, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (err) {
    // A certificate and key that don't match fail in createServer; a port in use here.
    throw new Error(`cannot listen for HTTPS on ${host}:${port}: ${(err as Error).message}`)
  }
  return {
    server,
    port: (server.address() as AddressInfo).port,
    async close (afterApp) {
      const closed = new Promise<void>(resolve => server.close(() => { resolve() }))
      server.closeIdleConnections()
      await afterApp
      server.closeAllConnections()
      await closed
    }
  }
}
