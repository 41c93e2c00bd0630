import type { TemplateRow, TemplatesRepo } from '../db/repositories/templates-repo.js'
import { isValidTemplateName } from '../domain/template-name.js'
import { check, duplicateUniqueProperty, entityNotFound, invalidParameter } from '../http/vendor-error.js'

const notExist = (name: string) => () => entityNotFound(`${name} template is not exist`)

/** Push templates (push doc §创建/查询/删除离线推送模板; modify from push_error.md). */
export function createTemplateService (templates: TemplatesRepo) {
  return {
    /** A new template: the name 1–64 letters or digits, and not taken. */
    create (appId: number, t: Pick<TemplateRow, 'name' | 'title_pattern' | 'content_pattern'>, now: number): TemplateRow {
      check(isValidTemplateName(t.name), () => invalidParameter('name'))
      const created = templates.create(appId, { name: t.name, title_pattern: t.title_pattern, content_pattern: t.content_pattern }, now)
      check(created !== undefined, () => duplicateUniqueProperty(`template ${t.name} already exists`))
      return created
    },
    find (appId: number, name: string): TemplateRow {
      const found = templates.find(appId, name)
      check(found !== undefined, notExist(name))
      return found
    },
    /** New patterns for a template; `updateAt` moves. */
    update (appId: number, name: string, patterns: Pick<TemplateRow, 'title_pattern' | 'content_pattern'>, now: number): TemplateRow {
      const updated = templates.update(appId, name, patterns, now)
      check(updated !== undefined, notExist(name))
      return updated
    },
    remove (appId: number, name: string): TemplateRow {
      const removed = templates.remove(appId, name)
      check(removed !== undefined, notExist(name))
      return removed
    }
  }
}

export type TemplateService = ReturnType<typeof createTemplateService>
