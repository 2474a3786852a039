-- An SQLite file as libclm wrote it at schema version 1 (the layout that
-- src/store/sqlite.c's migrate_0_to_1 creates; typed here by hand so that a
-- change to a shipped migration shows), with data in it.
-- tests/store_sqlite_test.c builds a file from this script, opens it with
-- clm_store_open_sqlite() and checks that it migrates to the current
-- version and keeps every record and audit entry.
-- The audit images are clm_record_encode() output (record encoding 1).
CREATE TABLE clm_schema_version (version INTEGER NOT NULL);
INSERT INTO clm_schema_version VALUES (1);
CREATE TABLE clm_audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL,
  actor_user TEXT NOT NULL, actor_role TEXT NOT NULL, op TEXT NOT NULL,
  kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
  before BLOB, after BLOB);
CREATE INDEX clm_audit_record ON clm_audit (kind, id);
CREATE TABLE clm_clients (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, due TEXT, amount INTEGER, currency TEXT, body BLOB,
  PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_clients_client ON clm_clients (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_clients_manager ON clm_clients (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_clients_state ON clm_clients (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_clients_due ON clm_clients (kind, due) WHERE due IS NOT NULL;
CREATE TABLE clm_activities (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, due TEXT, amount INTEGER, currency TEXT, body BLOB,
  PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_activities_client ON clm_activities (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_activities_manager ON clm_activities (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_activities_state ON clm_activities (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_activities_due ON clm_activities (kind, due) WHERE due IS NOT NULL;
CREATE TABLE clm_policies (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, due TEXT, amount INTEGER, currency TEXT, body BLOB,
  PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_policies_client ON clm_policies (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_policies_manager ON clm_policies (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_policies_state ON clm_policies (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_policies_due ON clm_policies (kind, due) WHERE due IS NOT NULL;
CREATE TABLE clm_deals (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, due TEXT, amount INTEGER, currency TEXT, body BLOB,
  PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_deals_client ON clm_deals (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_deals_manager ON clm_deals (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_deals_state ON clm_deals (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_deals_due ON clm_deals (kind, due) WHERE due IS NOT NULL;
CREATE TABLE clm_claims (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, due TEXT, amount INTEGER, currency TEXT, body BLOB,
  PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_claims_client ON clm_claims (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_claims_manager ON clm_claims (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_claims_state ON clm_claims (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_claims_due ON clm_claims (kind, due) WHERE due IS NOT NULL;
CREATE TABLE clm_ledger (kind TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1), client_id TEXT, manager TEXT,
  state TEXT, name TEXT, due TEXT, amount INTEGER, currency TEXT, body BLOB,
  PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE INDEX clm_ledger_client ON clm_ledger (kind, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX clm_ledger_manager ON clm_ledger (kind, manager) WHERE manager IS NOT NULL;
CREATE INDEX clm_ledger_state ON clm_ledger (kind, state) WHERE state IS NOT NULL;
CREATE INDEX clm_ledger_due ON clm_ledger (kind, due) WHERE due IS NOT NULL;
-- the data: a client at version 4 (2 and 3 were written unaudited), a claim
INSERT INTO clm_clients (kind, id, version, client_id, manager, state, name, due, amount, currency, body)
  VALUES ('client', 'old-1', 4, NULL, 'petrov', 'regular', 'Old Client', '2024-12-31', 150000, 'RUB', CAST('fourth' AS BLOB));
INSERT INTO clm_claims (kind, id, version, client_id, manager, state, name, due, amount, currency, body)
  VALUES ('claim', 'cl-7', 2, 'old-1', 'petrov', 'received', 'late delivery', '2025-03-14', 1500000, 'RUB', NULL);
INSERT INTO clm_audit (seq, at, actor_user, actor_role, op, kind, id, version, before, after)
  VALUES (1, 1700000000, 'petrov', 'manager', 'create', 'client', 'old-1', 1, NULL,
  X'434C5231010000000100000000000000050000006F6C642D31FFFFFFFF06000000706574726F76030000006E65770A0000004F6C6420436C69656E74FFFFFFFF0000008000000000000000000000000000000000');
INSERT INTO clm_audit (seq, at, actor_user, actor_role, op, kind, id, version, before, after)
  VALUES (2, 1700086400, 'petrov', 'manager', 'update', 'client', 'old-1', 4,
  X'434C5231010000000100000000000000050000006F6C642D31FFFFFFFF06000000706574726F76030000006E65770A0000004F6C6420436C69656E74FFFFFFFF0000008000000000000000000000000000000000',
  X'434C5231010000000400000000000000050000006F6C642D31FFFFFFFF06000000706574726F7607000000726567756C61720A0000004F6C6420436C69656E74FFFFFFFF784E0000F0490200000000005255420006000000666F75727468');
