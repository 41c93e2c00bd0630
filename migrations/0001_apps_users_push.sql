-- Apps (tenants), tokens, users and every piece of push state, each row owned by one app.

CREATE TABLE apps (
  id            INTEGER PRIMARY KEY,
  org_name      TEXT NOT NULL,
  app_name      TEXT NOT NULL,
  uuid          TEXT NOT NULL UNIQUE,
  client_id     TEXT NOT NULL,
  client_secret TEXT NOT NULL,
  created       INTEGER NOT NULL,
  UNIQUE (org_name, app_name)
) STRICT;

CREATE TABLE users (
  id                               INTEGER PRIMARY KEY,
  app_id                           INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  username                         TEXT NOT NULL,
  uuid                             TEXT NOT NULL,
  password_hash                    TEXT,
  created                          INTEGER NOT NULL,
  modified                         INTEGER NOT NULL,
  activated                        INTEGER NOT NULL DEFAULT 1,
  nickname                         TEXT,
  notification_display_style       INTEGER,
  notification_no_disturbing       INTEGER,
  notification_no_disturbing_start INTEGER,
  notification_no_disturbing_end   INTEGER,
  device_id                        TEXT,
  device_token                     TEXT,
  notifier_name                    TEXT,
  language                         TEXT,
  template_name                    TEXT,
  UNIQUE (app_id, username)
) STRICT;

CREATE TABLE tokens (
  token      TEXT PRIMARY KEY,
  app_id     INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
  expires_at INTEGER -- epoch ms; NULL never expires
) STRICT;
CREATE INDEX tokens_app ON tokens (app_id);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE push_bindings (
  user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_id     TEXT NOT NULL,
  notifier_name TEXT NOT NULL,
  device_token  TEXT NOT NULL,
  seq           INTEGER NOT NULL, -- keeps the order bindings were first made
  PRIMARY KEY (user_id, device_id, notifier_name)
) STRICT;

CREATE TABLE notification_settings (
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  chattype        TEXT NOT NULL,
  key             TEXT NOT NULL,
  type            TEXT,
  ignore_interval TEXT,
  ignore_until    INTEGER, -- absolute expiry of ignoreDuration, epoch ms
  PRIMARY KEY (user_id, chattype, key)
) STRICT;

CREATE TABLE templates (
  app_id          INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  title_pattern   TEXT NOT NULL,
  content_pattern TEXT NOT NULL,
  create_at       INTEGER NOT NULL,
  update_at       INTEGER NOT NULL,
  PRIMARY KEY (app_id, name)
) STRICT;
