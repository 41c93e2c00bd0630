/** Template names: 1–64 characters of `A-Z a-z 0-9` (ZH-NEW push_template_create.md). */
export function isValidTemplateName (name: string): boolean {
  return /^[A-Za-z0-9]{1,64}$/.test(name)
}
