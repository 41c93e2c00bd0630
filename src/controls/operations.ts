/**
 * Every vendor operation and the outcomes its documentation names, the catalogue behind
 * `GET /_mock/coverage`. An outcome is `<status> <error>` or `200 ok`.
 */
const AUTH = ['401 unauthorized', '401 auth_bad_access_token', '404 organization_application_not_found', '429 reach_limit']
const BODY = ['400 json_parse', '400 illegal_argument', '413 request_entity_too_large', '415 web_application']
const PUSH_USER = ['400 required_property_not_found']
const SEND = ['400 json_parse', '400 invalid_request_body', '400 message_send_error', '413 request_entity_too_large', '415 web_application']
const GROUP_BODY = ['400 json_parse', '400 invalid_parameter', '413 request_entity_too_large', '415 web_application']

export const OPERATIONS: Record<string, string[]> = {
  'POST /:org_name/:app_name/token': ['200 ok', '400 illegal_argument', '400 invalid_grant', '404 invalid_grant',
    '404 organization_application_not_found', '401 unauthorized', '401 auth_bad_access_token', '400 json_parse', '429 reach_limit'],
  'POST /:org_name/:app_name/users': ['200 ok', ...AUTH, ...BODY, '400 duplicate_unique_property_exists'],
  'GET /:org_name/:app_name/users/:username': ['200 ok', ...AUTH, '404 service_resource_not_found'],
  'PUT /:org_name/:app_name/users/:username': ['200 ok', ...AUTH, ...BODY, ...PUSH_USER],
  'DELETE /:org_name/:app_name/users/:username': ['200 ok', ...AUTH, '404 service_resource_not_found'],
  'PUT /:org_name/:app_name/users/:username/push/binding': ['200 ok', ...AUTH, ...BODY, ...PUSH_USER],
  'GET /:org_name/:app_name/users/:username/push/binding': ['200 ok', ...AUTH, ...PUSH_USER],
  'PUT /:org_name/:app_name/users/:username/notification/:chattype/:key': ['200 ok', ...AUTH, ...BODY, ...PUSH_USER, '404 web_application'],
  'GET /:org_name/:app_name/users/:username/notification/:chattype/:key': ['200 ok', ...AUTH, ...PUSH_USER, '404 web_application'],
  'GET /:org_name/:app_name/users/:username/notification': ['200 ok', ...AUTH, ...PUSH_USER, '400 illegal_argument'],
  'GET /:org_name/:app_name/users/:username/notification/mute/type': ['200 ok', ...AUTH, ...PUSH_USER, '400 illegal_argument'],
  'PUT /:org_name/:app_name/users/:username/notification/language': ['200 ok', ...AUTH, ...BODY, ...PUSH_USER],
  'GET /:org_name/:app_name/users/:username/notification/language': ['200 ok', ...AUTH, ...PUSH_USER],
  'PUT /:org_name/:app_name/users/:username/notification/template': ['200 ok', ...AUTH, ...BODY, ...PUSH_USER],
  'GET /:org_name/:app_name/users/:username/notification/template': ['200 ok', ...AUTH, ...PUSH_USER],
  'POST /:org_name/:app_name/notification/template': ['200 ok', ...AUTH, ...BODY, '400 duplicate_unique_property_exists'],
  'GET /:org_name/:app_name/notification/template/:name': ['200 ok', ...AUTH, '400 entity_not_found'],
  'PUT /:org_name/:app_name/notification/template/:name': ['200 ok', ...AUTH, ...BODY, '400 entity_not_found'],
  'DELETE /:org_name/:app_name/notification/template/:name': ['200 ok', ...AUTH, '400 entity_not_found'],
  'PUT /:org_name/:app_name/push/nickname': ['200 ok', ...AUTH, ...BODY, ...PUSH_USER],
  'POST /:org_name/:app_name/messages/users': ['200 ok', ...AUTH, ...SEND],
  'POST /:org_name/:app_name/messages/chatgroups': ['200 ok', ...AUTH, ...SEND],
  'POST /:org_name/:app_name/chatgroups': ['200 ok', ...AUTH, ...GROUP_BODY, '403 exceed_limit', '404 resource_not_found'],
  'GET /:org_name/:app_name/chatgroups/:group_id': ['200 ok', ...AUTH, '404 resource_not_found'],
  'DELETE /:org_name/:app_name/chatgroups/:group_id': ['200 ok', ...AUTH, '404 resource_not_found'],
  'GET /:org_name/:app_name/chatgroups/:group_id/users': ['200 ok', ...AUTH, '404 service_resource_not_found'],
  'POST /:org_name/:app_name/chatgroups/:group_id/users/:username': ['200 ok', ...AUTH, '403 forbidden_op', '403 exceed_limit', '404 resource_not_found'],
  'POST /:org_name/:app_name/chatgroups/:group_id/users': ['200 ok', ...AUTH, ...GROUP_BODY, '403 forbidden_op', '403 exceed_limit', '404 resource_not_found'],
  'DELETE /:org_name/:app_name/chatgroups/:group_id/users/:username': ['200 ok', ...AUTH, '400 invalid_parameter', '403 forbidden_op', '404 resource_not_found']
}

/** `/:org_name/x` → `/{org_name}/x`, the form the vendor's pages and OpenAPI use. */
export function displayRoute (route: string): string {
  return route.replace(/:([A-Za-z_]+)/g, '{$1}')
}

export function createCoverage () {
  // app → "METHOD route" → outcome → count
  const seen = new Map<string, Map<string, Map<string, number>>>()
  return {
    count (app: string, method: string, route: string, outcome: string): void {
      const operation = `${method} ${route}`
      if (OPERATIONS[operation] === undefined) return
      let ops = seen.get(app)
      if (ops === undefined) seen.set(app, ops = new Map())
      let outcomes = ops.get(operation)
      if (outcomes === undefined) ops.set(operation, outcomes = new Map())
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    },
    /** Every operation and documented outcome with its count for one app (or all apps together). */
    report (app?: string) {
      const apps = app === undefined ? [...seen.values()] : [seen.get(app) ?? new Map<string, Map<string, number>>()]
      const operations = Object.entries(OPERATIONS).map(([operation, documented]) => {
        const [method, route] = operation.split(' ') as [string, string]
        const counts = new Map<string, number>()
        for (const ops of apps) {
          for (const [outcome, n] of ops.get(operation) ?? []) counts.set(outcome, (counts.get(outcome) ?? 0) + n)
        }
        const outcomes = documented.map(outcome => ({ outcome, documented: true, count: counts.get(outcome) ?? 0 }))
        for (const [outcome, n] of counts) {
          if (!documented.includes(outcome)) outcomes.push({ outcome, documented: false, count: n })
        }
        return { method, path: displayRoute(route), outcomes }
      })
      const all = operations.flatMap(o => o.outcomes.filter(x => x.documented))
      const hit = all.filter(x => x.count > 0).length
      return { operations, summary: { outcomes: all.length, seen: hit, unseen: all.length - hit } }
    },
    clear (app?: string): void {
      if (app === undefined) seen.clear()
      else seen.delete(app)
    }
  }
}

export type Coverage = ReturnType<typeof createCoverage>
