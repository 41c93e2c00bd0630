import type { GroupRow, Member } from '../db/repositories/groups-repo.js'
import type { Removal } from '../domain/group.js'

/** One group as the detail API shows it (group_manage.md 获取群组详情): members, then the owner. */
export function toGroupEntity (g: GroupRow, members: Member[]) {
  const others = members.filter(m => m.username !== g.owner)
  return {
    id: g.group_id,
    name: g.name,
    avatar: g.avatar,
    description: g.description,
    membersonly: g.members_only === 1,
    allowinvites: g.allowinvites === 1,
    maxusers: g.maxusers,
    owner: g.owner,
    created: g.created,
    custom: g.custom,
    mute: false,
    affiliations_count: members.length,
    disabled: false,
    affiliations: [...others.map(m => ({ member: m.username })), { owner: g.owner }],
    public: g.public === 1
  }
}

/** A member list's entries: `owner` or `member`, with `joined_time` when asked for (group_member.md). */
export function toMemberEntries (page: Member[], owner: string, withTime: boolean) {
  return page.map(m => ({
    [m.username === owner ? 'owner' : 'member']: m.username,
    ...(withTime ? { joined_time: m.joined } : {})
  }))
}

/** A batch removal's answer: one entry per name; a failure says why (group_member.md 批量移除群组成员). */
export function toRemovalEntries (results: Array<Removal<Member>>, groupId: string) {
  return results.map(r => {
    // `reason` sits between the others, so it is set in order (http/envelope.ts on spreads).
    const entry: Record<string, unknown> = { result: r.member !== undefined, action: 'remove_member' }
    if (r.member === undefined) entry.reason = r.reason
    entry.user = r.member?.username ?? r.raw
    entry.groupid = groupId
    return entry
  })
}
