/**
 * Org and app names: letters, digits, `_` and `-` (the vendor's console rule). `org#app` is the
 * appkey form; an app under any other name could never be configured, exported, reset or removed.
 */
export const APP_NAME = /^[A-Za-z0-9_-]+$/

/** `org#app`, the appkey form of the vendor's console, with the two names captured. */
export const APP_KEY = /^([A-Za-z0-9_-]+)#([A-Za-z0-9_-]+)$/
