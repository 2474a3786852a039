"""Storage written in Python (clm/sys/store_backend.h).

Subclass Backend, implement its methods, and open a store on it with
clm.Store.custom(backend): libclm calls the methods for every store
operation and keeps its own rules (argument checks, the transaction
depth, the audit entry written with each audited change). Records cross
as clm.Record, audit entries as clm.AuditEntry. To refuse, raise a
clm.Error subclass (NotFound, Exists, Conflict...): its code goes back to
libclm; any other exception becomes a StorageError with its text. A
method that raises must change nothing. bindings/python/tests/
dict_backend.py is a complete backend that passes libclm's conformance
suite."""

from __future__ import annotations

import datetime
from typing import List, Optional

from .store import AuditEntry, Record


class Backend:
    """The callbacks of a storage backend. All are required except
    close()."""

    def get(self, kind: int, id: str) -> Optional[Record]:
        """The record (kind, id), or None."""
        raise NotImplementedError

    def put(self, record: Record) -> int:
        """version 0: insert as version 1 (Exists if present); version n:
        replace the record stored at version n with n + 1 (NotFound,
        Conflict). Returns the new version. Atomic."""
        raise NotImplementedError

    def delete(self, kind: int, id: str, version: int) -> None:
        """Deletes the record stored at `version` (NotFound, Conflict)."""
        raise NotImplementedError

    def scan(self, kind: int, client_id: Optional[str], manager: Optional[str],
             state: Optional[str], category: Optional[str],
             due_from: Optional[datetime.date], due_to: Optional[datetime.date]) -> List[Record]:
        """The records of `kind` (at least every one matching the other
        conditions; libclm filters again), in ascending byte order of id."""
        raise NotImplementedError

    def begin(self, depth: int) -> None:
        """Opens transaction level `depth` (1: outermost, n: a savepoint)."""
        raise NotImplementedError

    def commit(self, depth: int) -> None:
        """Commits level 1, or merges level n into n - 1."""
        raise NotImplementedError

    def rollback(self, depth: int) -> None:
        """Undoes everything since begin(depth), audit entries included."""
        raise NotImplementedError

    def audit_append(self, entry: AuditEntry) -> int:
        """Appends the entry; returns its seq (1, 2, 3... in order)."""
        raise NotImplementedError

    def audit_scan(self, kind: int, id: Optional[str], from_seq: int) -> List[AuditEntry]:
        """The entries matching exactly (kind 0: all; id None: all; seq >=
        from_seq), in ascending seq."""
        raise NotImplementedError

    def close(self) -> None:
        """Called once when the store is freed."""
