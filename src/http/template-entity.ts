import type { TemplateRow } from '../db/repositories/templates-repo.js'

/** The vendor's template object: camelCase times beside snake_case patterns, as its examples show. */
export function toTemplateEntity (t: TemplateRow) {
  return {
    name: t.name,
    createAt: t.create_at,
    updateAt: t.update_at,
    title_pattern: t.title_pattern,
    content_pattern: t.content_pattern
  }
}
