import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import { createAppsRepo } from '../db/repositories/apps-repo.js'
import { createPushRepo } from '../db/repositories/push-repo.js'
import { createTemplatesRepo } from '../db/repositories/templates-repo.js'
import { createTokensRepo } from '../db/repositories/tokens-repo.js'
import { createUsersRepo } from '../db/repositories/users-repo.js'
import { createControls } from '../controls/index.js'
import { createStateStore } from '../db/state.js'
import { createUserLookup } from './users.js'

/** Everything a route may use, built once per database. */
export function createServices (db: Db, config: Config, clock: Clock) {
  const users = createUsersRepo(db)
  return {
    db,
    config,
    clock,
    apps: createAppsRepo(db),
    tokens: createTokensRepo(db),
    users,
    push: createPushRepo(db),
    templates: createTemplatesRepo(db),
    lookup: createUserLookup(users, config),
    state: createStateStore(db),
    controls: createControls(config)
  }
}

export type Services = ReturnType<typeof createServices>
