-- IMAP mailbox passwords are stored sealed (AES-256-GCM) with a key kept outside the database
-- (TIERLINE_SECRET_KEY, or secret.key in the data directory). The key is not known to SQL, so
-- rows written before this migration are sealed by the app when it starts
-- (EmailChannel.sealMailboxPasswords); until then this flag says which are still plain.
ALTER TABLE email_mailboxes ADD COLUMN password_sealed boolean NOT NULL DEFAULT false;
