-- An SQLite file as libclm wrote it at schema version 4, with data in it:
-- the tables of schema 3 (see schema-v3.sql) and the audit log's
-- before_seq of schema 4: entry 3's before image is entry 2's after image
-- byte for byte, so entry 3 names entry 2 and holds no copy of it.
-- tests/store_sqlite_test.c opens it and checks it keeps every record,
-- audit entry (entry 3's before image read back from entry 2) and key and
-- reaches the current version.
CREATE TABLE clm_schema_version (version INTEGER NOT NULL);
INSERT INTO clm_schema_version VALUES (4);
CREATE TABLE clm_audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL,
  actor_user TEXT NOT NULL, actor_role TEXT NOT NULL, op TEXT NOT NULL,
  kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '', before BLOB, after BLOB, before_seq INTEGER);
CREATE INDEX clm_audit_record ON clm_audit (kind, id);
CREATE TRIGGER clm_audit_no_update BEFORE UPDATE ON clm_audit
  BEGIN SELECT RAISE(ABORT, 'clm_audit is append-only'); END;
CREATE TRIGGER clm_audit_no_delete BEFORE DELETE ON clm_audit
  BEGIN SELECT RAISE(ABORT, 'clm_audit is append-only'); END;
CREATE TABLE clm_clients (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, category TEXT, due TEXT, amount INTEGER, currency TEXT,
  body BLOB, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_clients_client ON clm_clients (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_clients_manager ON clm_clients (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_clients_state ON clm_clients (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_clients_due ON clm_clients (kind, due) WHERE due IS NOT NULL;
CREATE INDEX clm_clients_category ON clm_clients (kind, category) WHERE category IS NOT NULL;
CREATE TABLE clm_activities (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, category TEXT, due TEXT, amount INTEGER, currency TEXT,
  body BLOB, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_activities_client ON clm_activities (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_activities_manager ON clm_activities (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_activities_state ON clm_activities (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_activities_due ON clm_activities (kind, due) WHERE due IS NOT NULL;
CREATE INDEX clm_activities_category ON clm_activities (kind, category) WHERE category IS NOT NULL;
CREATE TABLE clm_policies (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, category TEXT, due TEXT, amount INTEGER, currency TEXT,
  body BLOB, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_policies_client ON clm_policies (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_policies_manager ON clm_policies (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_policies_state ON clm_policies (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_policies_due ON clm_policies (kind, due) WHERE due IS NOT NULL;
CREATE INDEX clm_policies_category ON clm_policies (kind, category) WHERE category IS NOT NULL;
CREATE TABLE clm_deals (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, category TEXT, due TEXT, amount INTEGER, currency TEXT,
  body BLOB, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_deals_client ON clm_deals (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_deals_manager ON clm_deals (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_deals_state ON clm_deals (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_deals_due ON clm_deals (kind, due) WHERE due IS NOT NULL;
CREATE INDEX clm_deals_category ON clm_deals (kind, category) WHERE category IS NOT NULL;
CREATE TABLE clm_claims (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, category TEXT, due TEXT, amount INTEGER, currency TEXT,
  body BLOB, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_claims_client ON clm_claims (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_claims_manager ON clm_claims (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_claims_state ON clm_claims (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_claims_due ON clm_claims (kind, due) WHERE due IS NOT NULL;
CREATE INDEX clm_claims_category ON clm_claims (kind, category) WHERE category IS NOT NULL;
CREATE TABLE clm_ledger (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, category TEXT, due TEXT, amount INTEGER, currency TEXT,
  body BLOB, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_ledger_client ON clm_ledger (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_ledger_manager ON clm_ledger (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_ledger_state ON clm_ledger (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_ledger_due ON clm_ledger (kind, due) WHERE due IS NOT NULL;
CREATE INDEX clm_ledger_category ON clm_ledger (kind, category) WHERE category IS NOT NULL;
INSERT INTO clm_clients (kind, id, version, client_id, manager, state, name, category, due, amount, currency, body)
  VALUES ('client', 'old-2', 3, NULL, 'sidorov', 'lost', 'Second Client', 'A', NULL, NULL, NULL, NULL);
INSERT INTO clm_claims (kind, id, version, client_id, manager, state, name, category, due, amount, currency, body)
  VALUES ('claim', 'cl-8', 1, 'old-2', 'sidorov', 'received', 'short delivery', NULL, '2025-11-05', 42000, 'RUB', CAST('defect' AS BLOB));
INSERT INTO clm_audit (seq, at, actor_user, actor_role, op, kind, id, version, note, before, after)
  VALUES (1, 1750000000, 'sidorov', 'manager', 'create', 'client', 'old-2', 1, '', NULL,
  X'434C5231010000000100000000000000050000006F6C642D32FFFFFFFF070000007369646F726F76030000006E65770D0000005365636F6E6420436C69656E74FFFFFFFF0000008000000000000000000000000000000000');
INSERT INTO clm_audit (seq, at, actor_user, actor_role, op, kind, id, version, note, before, after)
  VALUES (2, 1750086400, 'sidorov', 'head', 'update', 'client', 'old-2', 2, 'made key',
  X'434C5231010000000100000000000000050000006F6C642D32FFFFFFFF070000007369646F726F76030000006E65770D0000005365636F6E6420436C69656E74FFFFFFFF0000008000000000000000000000000000000000',
  X'434C5231010000000200000000000000050000006F6C642D32FFFFFFFF070000007369646F726F76030000006B65790D0000005365636F6E6420436C69656E7401000000410000008000000000000000000000000000000000');

INSERT INTO clm_audit (seq, at, actor_user, actor_role, op, kind, id, version, note, before, after, before_seq)
  VALUES (3, 1760000000, 'sidorov', 'head', 'update', 'client', 'old-2', 3, 'lost to a rival', NULL,
  X'434C5231010000000300000000000000050000006F6C642D32FFFFFFFF070000007369646F726F76040000006C6F73740D0000005365636F6E6420436C69656E7401000000410000008000000000000000000000000000000000',
  2);
CREATE TABLE clm_keys (kind TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
  id TEXT NOT NULL, PRIMARY KEY (kind, name, value, id)) WITHOUT ROWID;
CREATE INDEX clm_keys_record ON clm_keys (kind, id);
CREATE TRIGGER clm_clients_keys_gone AFTER DELETE ON clm_clients BEGIN
  DELETE FROM clm_keys WHERE kind = old.kind AND id = old.id; END;
CREATE TRIGGER clm_activities_keys_gone AFTER DELETE ON clm_activities BEGIN
  DELETE FROM clm_keys WHERE kind = old.kind AND id = old.id; END;
CREATE TRIGGER clm_policies_keys_gone AFTER DELETE ON clm_policies BEGIN
  DELETE FROM clm_keys WHERE kind = old.kind AND id = old.id; END;
CREATE TRIGGER clm_deals_keys_gone AFTER DELETE ON clm_deals BEGIN
  DELETE FROM clm_keys WHERE kind = old.kind AND id = old.id; END;
CREATE TRIGGER clm_claims_keys_gone AFTER DELETE ON clm_claims BEGIN
  DELETE FROM clm_keys WHERE kind = old.kind AND id = old.id; END;
CREATE TRIGGER clm_ledger_keys_gone AFTER DELETE ON clm_ledger BEGIN
  DELETE FROM clm_keys WHERE kind = old.kind AND id = old.id; END;
-- the keys of the client
INSERT INTO clm_keys (kind, name, value, id) VALUES ('client', 'id.RU.INN', '7707083893', 'old-2');
INSERT INTO clm_keys (kind, name, value, id) VALUES ('client', 'name', 'second client', 'old-2');
