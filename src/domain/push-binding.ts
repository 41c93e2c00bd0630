/**
 * What one `PUT …/push/binding` does (push doc §绑定和解绑推送信息): an empty `notifier_name` drops
 * every binding of the device, an empty `device_token` drops that one binding, anything else binds.
 */
export type BindingAction = 'unbind_device' | 'unbind_one' | 'bind'

export function bindingAction (b: { device_token: string, notifier_name: string }): BindingAction {
  if (b.notifier_name === '') return 'unbind_device'
  if (b.device_token === '') return 'unbind_one'
  return 'bind'
}
