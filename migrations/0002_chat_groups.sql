-- Chat groups, held only so group messages have members to push to (the vendor's minimal group API).

CREATE TABLE chat_groups (
  id           INTEGER PRIMARY KEY,
  app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  group_id     TEXT NOT NULL, -- the vendor's numeric string id
  name         TEXT NOT NULL,
  description  TEXT NOT NULL,
  public       INTEGER NOT NULL,
  maxusers     INTEGER NOT NULL,
  members_only INTEGER NOT NULL,
  allowinvites INTEGER NOT NULL,
  owner        TEXT NOT NULL, -- a username
  avatar       TEXT NOT NULL,
  custom       TEXT NOT NULL,
  created      INTEGER NOT NULL,
  UNIQUE (app_id, group_id)
) STRICT;

CREATE TABLE chat_group_members (
  group_ref INTEGER NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
  user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  seq       INTEGER NOT NULL, -- keeps the order members joined
  joined    INTEGER NOT NULL, -- epoch ms
  PRIMARY KEY (group_ref, user_id)
) STRICT;
CREATE INDEX chat_group_members_user ON chat_group_members (user_id);
