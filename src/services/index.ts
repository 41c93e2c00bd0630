import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Db } from '../db/database.js'
import { createAppsRepo } from '../db/repositories/apps-repo.js'
import { createGroupsRepo } from '../db/repositories/groups-repo.js'
import { createPushRepo } from '../db/repositories/push-repo.js'
import { createTemplatesRepo } from '../db/repositories/templates-repo.js'
import { createTokensRepo } from '../db/repositories/tokens-repo.js'
import { createUsersRepo } from '../db/repositories/users-repo.js'
import { createControls } from '../controls/index.js'
import { createStateStore } from '../db/state.js'
import { createAccounts } from './accounts.js'
import { createConversationSettings } from './conversation-settings.js'
import { createDelivery } from './delivery.js'
import { createControlService } from './control.js'
import { createChatGroups } from './groups.js'
import { createMessaging } from './messages.js'
import { createNotificationSettings } from './notification-settings.js'
import { createTemplateService } from './templates.js'
import { createTokenIssuer } from './token.js'
import { createInspectRepo } from '../db/repositories/inspect-repo.js'
import { createInspect } from './inspect.js'
import { createUserLookup } from './users.js'

/** Everything a route may use, built once per database. */
export function createServices (db: Db, config: Config, clock: Clock) {
  const users = createUsersRepo(db)
  const push = createPushRepo(db)
  const templates = createTemplatesRepo(db)
  const groups = createGroupsRepo(db)
  const controls = createControls(config)
  const lookup = createUserLookup(users, config)
  const apps = createAppsRepo(db)
  const tokens = createTokensRepo(db)
  const state = createStateStore(db)
  const delivery = createDelivery({ config, users, push, templates, pushes: controls.pushes, presence: controls.presence })
  return {
    db,
    config,
    clock,
    apps,
    tokens,
    tokenIssuer: createTokenIssuer({ config, apps, tokens, users, lookup }),
    users,
    push,
    templates,
    templateService: createTemplateService(templates),
    groups,
    chatGroups: createChatGroups({ groups, users }),
    lookup,
    accounts: createAccounts({ db, users, push, lookup }),
    settings: createNotificationSettings({ push, lookup }),
    conversations: createConversationSettings({ lookup, push }),
    state,
    controls,
    control: createControlService({ db, config, clock, apps, state, controls }),
    delivery,
    messaging: createMessaging({ delivery, groups }),
    inspect: createInspect({ config, clock, apps, users, push, tokens, inspect: createInspectRepo(db), pushes: controls.pushes })
  }
}

export type Services = ReturnType<typeof createServices>
