import { STATUS_CODES } from 'node:http'
import {
  VendorError, illegalArgument, internalError, payloadTooLarge, reachLimit, unauthorized, unsupportedMediaType, urlInvalid
} from '../http/vendor-error.js'

/** The vendor's error body for a status a fault rule answers with (easemob-reference.md §2.2, §2.3). */
export function errorForStatus (status: number, bodyLimit: number): VendorError {
  switch (status) {
    case 400: return illegalArgument('this is an invalid request.')
    case 401: return unauthorized()
    case 403: return new VendorError(403, 'forbidden_op', 'EasemobForbiddenOpException', 'forbidden operation')
    case 404: return urlInvalid()
    case 413: return payloadTooLarge(bodyLimit)
    case 415: return unsupportedMediaType()
    case 429: return reachLimit()
    case 500: return internalError()
  }
  const phrase = STATUS_CODES[status] ?? 'Error'
  return new VendorError(status, phrase.toLowerCase().replace(/[^a-z]+/g, '_'), 'WebApplicationException', phrase)
}
