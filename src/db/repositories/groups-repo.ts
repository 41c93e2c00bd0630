import { transaction, type Db } from '../database.js'

/** What a group holds when its creator names no limit (group_create.md). */
export const DEFAULT_MAXUSERS = 200

export interface GroupRow {
  id: number
  app_id: number
  group_id: string
  name: string
  description: string
  public: number
  maxusers: number
  members_only: number
  allowinvites: number
  owner: string
  avatar: string
  custom: string
  created: number
}

export type NewGroup = Omit<GroupRow, 'id' | 'app_id' | 'group_id' | 'created'>

export interface Member { user_id: number, username: string, joined: number }

export interface MemberParams { group: number, user: number, joined: number }

/** Adds a member after the group's last one; a member already there stays as they were. */
export const ADD_MEMBER = `INSERT INTO chat_group_members (group_ref, user_id, seq, joined)
  VALUES (@group, @user, (SELECT COALESCE(MAX(seq), 0) + 1 FROM chat_group_members WHERE group_ref = @group), @joined)
  ON CONFLICT DO NOTHING`

/** Chat groups and their members (users of the same app), in the order they joined. */
export function createGroupsRepo (db: Db) {
  const byId = db.prepare<[number, string], GroupRow>('SELECT * FROM chat_groups WHERE app_id = ? AND group_id = ?')
  const insert = db.prepare<[number, string, string, string, number, number, number, number, string, string, string, number]>(
    `INSERT INTO chat_groups (app_id, group_id, name, description, public, maxusers, members_only, allowinvites, owner, avatar, custom, created)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const remove = db.prepare<[number]>('DELETE FROM chat_groups WHERE id = ?')
  const members = db.prepare<[number], Member>(
    `SELECT m.user_id, u.username, m.joined FROM chat_group_members m JOIN users u ON u.id = m.user_id
     WHERE m.group_ref = ? ORDER BY m.seq`)
  const addMember = db.prepare<[MemberParams]>(ADD_MEMBER)
  const removeMember = db.prepare<[number, number]>('DELETE FROM chat_group_members WHERE group_ref = ? AND user_id = ?')

  const find = (appId: number, groupId: string): GroupRow | undefined => byId.get(appId, groupId)
  return {
    find,
    /** Creates a group with a fresh id (the vendor's are numeric strings) and its first members. */
    create: transaction(db, (appId: number, g: NewGroup, memberIds: readonly number[], now: number, pickId: () => string): GroupRow => {
      let groupId = pickId()
      while (find(appId, groupId) !== undefined) groupId = pickId()
      insert.run(appId, groupId, g.name, g.description, g.public, g.maxusers, g.members_only, g.allowinvites, g.owner, g.avatar, g.custom, now)
      const row = find(appId, groupId) as GroupRow
      for (const id of memberIds) addMember.run({ group: row.id, user: id, joined: now })
      return row
    }),
    remove: (group: GroupRow): void => { remove.run(group.id) },
    members: (group: GroupRow): Member[] => members.all(group.id),
    /** Adds users; answers which of them were not members before. */
    addMembers: transaction(db, (group: GroupRow, userIds: readonly number[], now: number): number[] =>
      userIds.filter(id => addMember.run({ group: group.id, user: id, joined: now }).changes > 0)),
    /** Removes users; answers which of them were members. */
    removeMembers: transaction(db, (group: GroupRow, userIds: readonly number[]): number[] =>
      userIds.filter(id => removeMember.run(group.id, id).changes > 0))
  }
}

export type GroupsRepo = ReturnType<typeof createGroupsRepo>
