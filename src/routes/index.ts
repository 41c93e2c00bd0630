import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { createAuthHook } from '../http/auth.js'
import type { Services } from '../services/index.js'
import { chatGroupRoutes } from './chatgroups.js'
import { controlDeliveryRoutes } from './control-delivery.js'
import { controlInspectRoutes } from './control-inspect.js'
import { controlObserveRoutes } from './control-observe.js'
import { controlRoutes } from './control.js'
import { conversationSettingRoutes } from './conversation-settings.js'
import { messageRoutes } from './messages.js'
import { notificationSettingRoutes } from './notification-settings.js'
import { pushBindingRoutes } from './push-binding.js'
import { pushNicknameRoutes } from './push-nickname.js'
import { templateRoutes } from './templates.js'
import { tokenRoutes } from './token.js'
import { userPreferenceRoutes } from './user-preferences.js'
import { userRoutes } from './users.js'
import { uiPlugin } from '../ui/plugin.js'

/**
 * Every route plugin with its dependencies, explicitly: token (no bearer), vendor (bearer), controls.
 * Vendor handlers are plain functions that return the envelope (or throw a VendorError): the
 * database calls are synchronous, so an async handler would only add a promise and a microtask to
 * every request. Fastify sends a returned value and answers a throw as it does a rejection.
 */
export const registerRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  await app.register(tokenRoutes, s)
  await app.register(async (vendor) => {
    // The bearer check is each route's own first onRequest hook, so it knows the route it guards.
    const authFor = createAuthHook(s)
    vendor.addHook('onRoute', (route) => {
      // (No vendor route has an onRequest hook of its own today; one would run after this.)
      const own = [route.onRequest].flat().filter(hook => hook !== undefined)
      route.onRequest = [authFor(route.url), ...own]
    })
    await vendor.register(userRoutes, s)
    await vendor.register(pushBindingRoutes, s)
    await vendor.register(notificationSettingRoutes, s)
    await vendor.register(conversationSettingRoutes, s)
    await vendor.register(userPreferenceRoutes, s)
    await vendor.register(templateRoutes, s)
    await vendor.register(pushNicknameRoutes, s)
    await vendor.register(messageRoutes, s)
    await vendor.register(chatGroupRoutes, s)
  })
  if (s.config.controls) {
    await app.register(controlRoutes, s)
    await app.register(controlObserveRoutes, s)
    await app.register(controlDeliveryRoutes, s)
    await app.register(controlInspectRoutes, s)
    await app.register(uiPlugin, { services: s })
  }
}
