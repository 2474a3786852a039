"""A complete storage backend in Python over dicts: the custom-storage
example of the binding, run through libclm's conformance suite by
test_storage.py. Transactions keep a snapshot per level."""

import copy

import clm
from clm.storage import Backend


def _key(kind, id):
    return (kind, id.encode("utf-8"))


class DictBackend(Backend):
    def __init__(self):
        self.records = {}      # (kind, id bytes) -> Record
        self.log = []          # AuditEntry, seq = index + 1
        self.levels = []       # snapshots taken at each begin
        self.closed = False

    def _snapshot(self):
        return (dict(self.records), len(self.log))

    def get(self, kind, id):
        r = self.records.get(_key(kind, id))
        return copy.copy(r) if r is not None else None

    def put(self, record):
        k = _key(int(record.kind), record.id)
        cur = self.records.get(k)
        if record.version == 0:
            if cur is not None:
                raise clm.Exists(f"{record.id} exists")
        elif cur is None:
            raise clm.NotFound(f"no {record.id}")
        elif cur.version != record.version:
            raise clm.Conflict(f"{record.id} is at version {cur.version}, not {record.version}")
        stored = copy.copy(record)
        stored.version = record.version + 1
        self.records[k] = stored
        return stored.version

    def delete(self, kind, id, version):
        k = _key(kind, id)
        cur = self.records.get(k)
        if cur is None:
            raise clm.NotFound(f"no {id}")
        if cur.version != version:
            raise clm.Conflict(f"{id} is at version {cur.version}, not {version}")
        del self.records[k]

    def scan(self, kind, client_id, manager, state, category, due_from, due_to):
        # Only the kind: libclm applies the other conditions again.
        return [copy.copy(r) for k, r in sorted(self.records.items()) if k[0] == kind]

    def begin(self, depth):
        assert depth == len(self.levels) + 1
        self.levels.append(self._snapshot())

    def commit(self, depth):
        self.levels.pop()

    def rollback(self, depth):
        records, nlog = self.levels.pop()
        self.records = records
        del self.log[nlog:]

    def audit_append(self, entry):
        entry.seq = len(self.log) + 1
        self.log.append(entry)
        return entry.seq

    def audit_scan(self, kind, id, from_seq):
        return [e for e in self.log
                if (kind == 0 or int(e.kind) == kind) and (id is None or e.id == id)
                and e.seq >= from_seq]

    def close(self):
        self.closed = True
