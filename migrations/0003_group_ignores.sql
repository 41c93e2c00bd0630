-- The legacy per-group push block of PUT /users/{u} (`notification_ignore_<groupId>`, the web SDK's
-- blockGroupMessages): a JSON object of group id to boolean, NULL when none was ever sent.

ALTER TABLE users ADD COLUMN group_ignores TEXT;
