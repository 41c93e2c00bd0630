/** Push nicknames: at most 100 characters of any script (push doc §设置离线推送时显示的昵称). */
export const NICKNAME_MAX_CHARS = 100

export function isValidNickname (nickname: string): boolean {
  return [...nickname].length <= NICKNAME_MAX_CHARS
}
