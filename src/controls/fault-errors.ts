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
  // (Not `import … from 'node:http'`: as an ES module import it reads every export, which loads
  // undici, ≈ 30 ms of every start on Node 24.22.)
  const phrase = process.getBuiltinModule('node:http').STATUS_CODES[status] ?? 'Error'
  return new VendorError(status, phrase.toLowerCase().replace(/[^a-z]+/g, '_'), 'WebApplicationException', phrase)
}
