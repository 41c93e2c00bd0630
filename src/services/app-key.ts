import type { AppRow, AppsRepo } from '../db/repositories/apps-repo.js'
import { VendorError, check, illegalArgument } from '../http/vendor-error.js'
import { APP_KEY } from '../domain/app-key.js'

const appNotFound = (appKey: string) => () => new VendorError(404, 'organization_application_not_found',
  'OrganizationApplicationNotFoundException', `no app ${appKey}`)

/** `org#app` as the controls take it, read into its parts and found, with their two errors. */
export function createAppFinder (apps: AppsRepo) {
  const splitKey = (appKey: string): [string, string] => {
    const m = APP_KEY.exec(appKey)
    check(m !== null, () => illegalArgument(`app must look like org#app, got "${appKey}"`))
    return [m[1] as string, m[2] as string]
  }
  return {
    splitKey,
    findApp (appKey: string): AppRow {
      const found = apps.find(...splitKey(appKey))
      check(found !== undefined, appNotFound(appKey))
      return found
    }
  }
}
