import { randomBytes } from 'node:crypto'
import type { Db } from '../database.js'
import { createRowCache, invalidateRowCaches } from '../row-cache.js'

export interface TokenRow {
  token: string
  app_id: number
  user_id: number | null
  expires_at: number | null
  username: string | null
}

/** Opaque bearer tokens with their expiry; a user token also names its user. */
export function createTokensRepo (db: Db) {
  const insert = db.prepare<[string, number, number | null, number | null]>(
    'INSERT INTO tokens (token, app_id, user_id, expires_at) VALUES (?, ?, ?, ?)')
  const byToken = db.prepare<[string], TokenRow>(
    `SELECT t.token, t.app_id, t.user_id, t.expires_at, u.username
       FROM tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.token = ?`)
  const purge = db.prepare<[number]>('DELETE FROM tokens WHERE expires_at IS NOT NULL AND expires_at <= ?')
  // Every vendor request looks its token up: found rows are kept (db/row-cache.ts), and the
  // expiry is still checked against the request's instant each time.
  const cache = createRowCache<TokenRow>(db)
  const tokenKey = (token: string): string => token
  const loadToken = (token: string): TokenRow | undefined => byToken.get(token)

  return {
    /** Issues a token shaped like the vendor's (`YWMt` prefix, base64url). */
    issue (appId: number, userId: number | null, expiresAt: number | null): string {
      const token = `YWMt${randomBytes(48).toString('base64url')}`
      insert.run(token, appId, userId, expiresAt)
      return token
    },
    find: (token: string): TokenRow | undefined => cache.find(token, '', tokenKey, loadToken),
    /** Drops tokens that expired before `now`, so a long run doesn't keep every token it ever issued. */
    purgeExpired: (now: number): number => {
      invalidateRowCaches(db)
      return purge.run(now).changes
    }
  }
}

export type TokensRepo = ReturnType<typeof createTokensRepo>
