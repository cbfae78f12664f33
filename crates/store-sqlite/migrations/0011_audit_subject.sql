-- Whom or what an audit record about no child concerns, in words: the account created, disabled
-- or enabled, the username a sign-in tried. Empty (NULL) for events about a child.
ALTER TABLE audit_event ADD COLUMN subject TEXT;
