/**
 * The one error type. Every failure leaves the emulator as the vendor's flat error body
 * `{error, exception, timestamp, duration, error_description}` (easemob-reference.md §2.1).
 */
export class VendorError extends Error {
  readonly statusCode: number
  readonly error: string
  readonly exception: string
  readonly description: string
  readonly headers: Record<string, string>
  /** The numeric `error_code` a few newer errors carry (message send: 14007). */
  readonly errorCode: number | undefined

  constructor (statusCode: number, error: string, exception: string, description: string,
    headers: Record<string, string> = {}, errorCode?: number) {
    super(description)
    this.name = 'VendorError'
    this.statusCode = statusCode
    this.error = error
    this.exception = exception
    this.description = description
    this.headers = headers
    this.errorCode = errorCode
  }

  /** The vendor's body; `duration` is 0 in every recorded error response (§2.1). */
  toBody (now: number): VendorErrorBody {
    // Set in order rather than spread in the middle, V8's slow path (see http/envelope.ts).
    const body: VendorErrorBody = { error: this.error, exception: this.exception, timestamp: now, duration: 0 } as VendorErrorBody
    if (this.errorCode !== undefined) body.error_code = this.errorCode
    body.error_description = this.description
    return body
  }
}

export interface VendorErrorBody {
  error: string
  exception: string
  timestamp: number
  duration: number
  error_code?: number
  error_description: string
}

// Factories are named after the vendor's `error` codes; statuses and strings from easemob-reference.md §2.3.

export const illegalArgument = (description: string): VendorError =>
  new VendorError(400, 'illegal_argument', 'java.lang.IllegalArgumentException', description)

/** The push pages' wording for a bad field value (push_error.md, §1.12). */
export const invalidParameter = (field: string): VendorError =>
  new VendorError(400, 'illegal_argument', 'IllegalArgumentException', `parameters is invalid : ${field}`)

export const jsonParse = (description: string): VendorError =>
  new VendorError(400, 'json_parse', 'com.fasterxml.jackson.core.JsonParseException', description)

export const invalidGrant = (description: string, statusCode = 400): VendorError =>
  new VendorError(statusCode, 'invalid_grant', 'org.apache.usergrid.management.exceptions.InvalidGrantException', description)

export const duplicateUniqueProperty = (description: string): VendorError =>
  new VendorError(400, 'duplicate_unique_property_exists', 'org.apache.usergrid.persistence.exceptions.DuplicateUniquePropertyExistsException', description)

/** Unknown user on a push endpoint (push_error.md: 400, "用户不存在"). */
export const requiredPropertyNotFound = (): VendorError =>
  new VendorError(400, 'required_property_not_found', 'org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException', 'Entity user requires a property named username')

export const entityNotFound = (description: string): VendorError =>
  new VendorError(400, 'entity_not_found', 'EntityNotFoundException', description)

export const serviceResourceNotFound = (): VendorError =>
  new VendorError(404, 'service_resource_not_found', 'UserNotFoundException', 'Service resource not found')

export const applicationNotFound = (org: string, app: string, rest: string): VendorError =>
  new VendorError(404, 'organization_application_not_found', 'OrganizationApplicationNotFoundException',
    `Could not find application for ${org}/${app} from URI: ${org}/${app}/${rest}`)

export const unauthorized = (description = 'Unable to authenticate (OAuth)'): VendorError =>
  new VendorError(401, 'unauthorized', 'EasemobSecurityException', description)

export const expiredToken = (): VendorError => unauthorized('Unable to authenticate due to expired access token')

export const badAccessToken = (description = 'Unable to authenticate due to corrupt access token'): VendorError =>
  new VendorError(401, 'auth_bad_access_token', 'EasemobSecurityException', description)

/** A user token used on another user's resource (AUTOTEST's Shiro message). */
export const noPermission = (method: string, appUuid: string, path: string): VendorError =>
  new VendorError(401, 'unauthorized', 'org.apache.shiro.authz.UnauthorizedException',
    `Subject does not have permission [applications:${method.toLowerCase()}:${appUuid}:${path}]`)

/** Wrong path (push_error.md: 404 "url is invalid"). */
export const urlInvalid = (): VendorError =>
  new VendorError(404, 'web_application', 'javax.ws.rs.NotFoundException', 'url is invalid')

export const methodNotAllowed = (allow: string[]): VendorError =>
  new VendorError(405, 'unsupported_service_operation', 'UnsupportedServiceOperationException',
    'Service operation not supported', { allow: allow.join(', ') })

export const payloadTooLarge = (limit: number): VendorError =>
  new VendorError(413, 'request_entity_too_large', 'RequestEntityTooLargeException', `Request body is larger than ${limit} bytes`)

export const unsupportedMediaType = (): VendorError =>
  new VendorError(415, 'web_application', 'javax.ws.rs.WebApplicationException', 'Unsupported Media Type')

export const reachLimit = (): VendorError =>
  new VendorError(429, 'reach_limit', 'ReachLimitException', 'This request has reached api limit')

/** Message send (message_single.md): one code for every bad field, with the vendor's wording. */
export const messageSendError = (description: string, statusCode = 400): VendorError =>
  new VendorError(statusCode, 'message_send_error', 'MessageSendException', description)

/** The one message-send failure the vendor documents with a numeric code. */
export const messageTooLarge = (): VendorError =>
  new VendorError(400, 'message_send_error', 'MessageSendException', 'message is too large', {}, 14007)

export const invalidRequestBody = (): VendorError =>
  new VendorError(400, 'invalid_request_body', 'InvalidRequestBodyException', 'Request body is invalid. Please check body is correct.')

// The group service's errors (group_create.md, group_member.md; exceptions from recorded responses).
const GROUP_EXCEPTIONS = 'com.easemob.group.exception.'

export const groupInvalidParameter = (description: string): VendorError =>
  new VendorError(400, 'invalid_parameter', `${GROUP_EXCEPTIONS}InvalidParameterException`, description)

export const groupNotFound = (groupId: string): VendorError =>
  new VendorError(404, 'resource_not_found', `${GROUP_EXCEPTIONS}ResourceNotFoundException`, `grpID ${groupId} does not exist!`)

/** Listing members of an unknown group answers in the older service's words (group_member.md). */
export const groupNotFoundForList = (groupId: string): VendorError =>
  new VendorError(404, 'service_resource_not_found', `${GROUP_EXCEPTIONS}ServiceResourceNotFoundException`, `do not find this group:${groupId}`)

export const groupUserNotFound = (username: string): VendorError =>
  new VendorError(404, 'resource_not_found', `${GROUP_EXCEPTIONS}ResourceNotFoundException`, `username ${username} doesn't exist!`)

export const groupForbidden = (description: string): VendorError =>
  new VendorError(403, 'forbidden_op', `${GROUP_EXCEPTIONS}ForbiddenOpException`, description)

export const groupExceedLimit = (description: string): VendorError =>
  new VendorError(403, 'exceed_limit', `${GROUP_EXCEPTIONS}ExceedLimitException`, description)

/** A request that reaches the emulator while it shuts down (the same body a 503 fault rule gives). */
export const serviceUnavailable = (): VendorError =>
  new VendorError(503, 'service_unavailable', 'WebApplicationException', 'Service Unavailable')

export const internalError = (): VendorError =>
  new VendorError(500, 'internal_server_error', 'InternalServerErrorException', 'Internal server error')

/** `asserts`-style rule check, so handlers read like the vendor's error tables. */
export function check (condition: unknown, fail: () => VendorError): asserts condition {
  if (!condition) throw fail()
}
