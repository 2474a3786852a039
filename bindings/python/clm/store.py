"""Stores (memory, SQLite, PostgreSQL), records, scans, transactions and
the audit log (clm/store.h)."""

from __future__ import annotations

import contextlib
import datetime
import enum
from typing import Iterator, List, Optional, Union

from . import _clm
from .core import Money

RecordKind = enum.IntEnum("RecordKind", {name.upper(): value
                                         for name, value in _clm.RECORD_KIND_NAMES.items()})
RecordKind.__doc__ = "What a record is (clm_record_kind)."


class AuditOp(enum.IntEnum):
    """What an audit entry records (clm_audit_op)."""
    CREATE = _clm.CLM_AUDIT_CREATE
    UPDATE = _clm.CLM_AUDIT_UPDATE
    DELETE = _clm.CLM_AUDIT_DELETE


class Actor:
    """Who acts, in which role, when (clm_actor). `at` is an aware
    datetime or a count of seconds since 1970-01-01T00:00:00Z."""

    __slots__ = ("user", "role", "at")

    def __init__(self, user: str, role: str, at: Union[datetime.datetime, int] = 0) -> None:
        if isinstance(at, datetime.datetime) and at.tzinfo is None:
            raise ValueError("Actor.at must be an aware datetime (a moment), or seconds")
        self.user = user
        self.role = role
        self.at = at

    @property
    def _clm_seconds(self) -> int:
        if isinstance(self.at, datetime.datetime):
            epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
            return (self.at - epoch) // datetime.timedelta(seconds=1)
        return int(self.at)

    @property
    def moment(self) -> datetime.datetime:
        return datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
            datetime.timedelta(seconds=self._clm_seconds)

    def __repr__(self) -> str:
        return f"Actor({self.user!r}, {self.role!r}, {self.moment.isoformat()})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Actor) and (self.user, self.role, self._clm_seconds) == \
            (other.user, other.role, other._clm_seconds)

    def to_dict(self) -> dict:
        return {"user": self.user, "role": self.role, "at": self.moment.isoformat()}


class Record:
    """A stored record (clm_record): a kind, an id, a version, the indexed
    fields and an opaque body."""

    __slots__ = ("kind", "id", "version", "client_id", "manager", "state", "name",
                 "category", "due", "amount", "body")

    def __init__(self, kind: RecordKind, id: str, version: int = 0, *,
                 client_id: Optional[str] = None, manager: Optional[str] = None,
                 state: Optional[str] = None, name: Optional[str] = None,
                 category: Optional[str] = None, due: Optional[datetime.date] = None,
                 amount: Optional[Money] = None, body: bytes = b"") -> None:
        self.kind = RecordKind(kind)
        self.id = id
        self.version = version
        self.client_id = client_id
        self.manager = manager
        self.state = state
        self.name = name
        self.category = category
        self.due = due
        self.amount = amount
        self.body = bytes(body)

    @classmethod
    def _from_c(cls, t: tuple) -> "Record":
        kind, id, version, client_id, manager, state, name, category, due, amount, body = t
        return cls(RecordKind(kind), id, version, client_id=client_id, manager=manager,
                   state=state, name=name, category=category, due=due, amount=amount,
                   body=body)

    def check(self) -> None:
        """Raises the error clm_record_check() finds, if any."""
        _clm.record_check(self)

    def to_dict(self) -> dict:
        return {"kind": self.kind.name.lower(), "id": self.id, "version": self.version,
                "client_id": self.client_id, "manager": self.manager, "state": self.state,
                "name": self.name, "category": self.category,
                "due": self.due.isoformat() if self.due else None,
                "amount": self.amount.to_dict() if self.amount else None,
                "body_len": len(self.body)}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and all(
            getattr(self, s) == getattr(other, s) for s in self.__slots__)

    def __repr__(self) -> str:
        fields = [f"{s}={getattr(self, s)!r}" for s in self.__slots__[3:-1]
                  if getattr(self, s) is not None]
        body = f", body=<{len(self.body)} bytes>" if self.body else ""
        return (f"Record({self.kind.name}, {self.id!r}, version={self.version}"
                f"{', ' if fields else ''}{', '.join(fields)}{body})")


class AuditEntry:
    """One entry of a store's audit log (clm_audit_entry)."""

    __slots__ = ("seq", "actor", "op", "kind", "id", "version", "note", "before", "after")

    def __init__(self, t: tuple) -> None:
        seq, (user, role, at), op, kind, id, version, note, before, after = t
        self.seq = seq
        self.actor = Actor(user, role, at)
        self.op = AuditOp(op)
        self.kind = RecordKind(kind)
        self.id = id
        self.version = version
        self.note = note
        self.before = Record._from_c(before) if before is not None else None
        self.after = Record._from_c(after) if after is not None else None

    def to_dict(self) -> dict:
        return {"seq": self.seq, "actor": self.actor.to_dict(), "op": self.op.name.lower(),
                "kind": self.kind.name.lower(), "id": self.id, "version": self.version,
                "note": self.note,
                "before": self.before.to_dict() if self.before else None,
                "after": self.after.to_dict() if self.after else None}

    def __repr__(self) -> str:
        return (f"AuditEntry(seq={self.seq}, {self.op.name}, {self.kind.name} {self.id!r} "
                f"v{self.version}, by {self.actor.user!r} as {self.actor.role!r})")


class Store:
    """A store handle (clm_store). Open one with Store.memory(),
    Store.sqlite(path) or Store.postgres(conninfo); close it with close()
    or a `with` block. Calls release the GIL; threads sharing one Store
    take turns (a handle is used by one thread at a time)."""

    def __init__(self, handle: object) -> None:
        self._h = handle

    @classmethod
    def memory(cls) -> "Store":
        return cls(_clm.store_open_memory())

    @classmethod
    def sqlite(cls, path: str, *, busy_timeout_ms: int = 5000, must_exist: bool = False) -> "Store":
        return cls(_clm.store_open_sqlite(path, busy_timeout_ms, must_exist))

    @classmethod
    def postgres(cls, conninfo: str) -> "Store":
        return cls(_clm.store_open_postgres(conninfo))

    @classmethod
    def custom(cls, backend: object) -> "Store":
        """A store over a backend written in Python (clm.storage.Backend)."""
        return cls(_clm.store_open_python(backend))

    def close(self) -> None:
        """Closes the handle (idempotent); an open transaction is rolled back."""
        self._h.close()

    @property
    def closed(self) -> bool:
        return self._h.closed

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<clm.Store (closed)>" if self.closed else f"<clm.Store depth={self.depth}>"

    # ---- reading

    def get(self, kind: RecordKind, id: str) -> Record:
        """The record; NotFound if there is none."""
        return Record._from_c(_clm.store_get(self._h, int(kind), id))

    def find(self, kind: RecordKind, id: str) -> Optional[Record]:
        """The record, or None."""
        from .errors import NotFound
        try:
            return self.get(kind, id)
        except NotFound:
            return None

    def scan(self, kind: RecordKind, *, client_id: Optional[str] = None,
             manager: Optional[str] = None, state: Optional[str] = None,
             category: Optional[str] = None, due_from: Optional[datetime.date] = None,
             due_to: Optional[datetime.date] = None) -> Iterator[Record]:
        """The records of `kind` matching every condition given, in byte
        order of id. The scan runs (without the GIL) before the first
        record is yielded, so the loop may write to the store."""
        rows = _clm.store_scan(self._h, int(kind), client_id, manager, state, category,
                               due_from, due_to)
        return (Record._from_c(t) for t in rows)

    def count(self, kind: RecordKind, *, client_id: Optional[str] = None,
              manager: Optional[str] = None, state: Optional[str] = None,
              category: Optional[str] = None, due_from: Optional[datetime.date] = None,
              due_to: Optional[datetime.date] = None) -> int:
        return _clm.store_count(self._h, int(kind), client_id, manager, state, category,
                                due_from, due_to)

    # ---- writing

    def put(self, record: Record, *, actor: Optional[Actor] = None,
            note: Optional[str] = None) -> int:
        """Creates (version 0) or replaces (the stored version) a record;
        returns its new version. With an actor the write is audited."""
        if actor is None and note is not None:
            raise ValueError("an audit note needs an actor")
        return _clm.store_put(self._h, record, actor, note)

    def delete(self, kind: RecordKind, id: str, version: int, *,
               actor: Optional[Actor] = None, note: Optional[str] = None) -> None:
        if actor is None and note is not None:
            raise ValueError("an audit note needs an actor")
        _clm.store_delete(self._h, int(kind), id, version, actor, note)

    # ---- transactions

    def begin(self) -> None:
        _clm.store_begin(self._h)

    def commit(self) -> None:
        _clm.store_commit(self._h)

    def rollback(self) -> None:
        _clm.store_rollback(self._h)

    @property
    def depth(self) -> int:
        """How many transactions are open (nested levels)."""
        return _clm.store_depth(self._h)

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        """`with store.transaction():` commits at the end of the block, or
        rolls back if it raises. Transactions nest."""
        self.begin()
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        self.commit()

    # ---- audit

    def audit(self, kind: Optional[RecordKind] = None, id: Optional[str] = None,
              from_seq: int = 0) -> Iterator[AuditEntry]:
        """The audit log, oldest first; optionally one kind, one record."""
        rows = _clm.store_audit(self._h, int(kind) if kind is not None else 0, id, from_seq)
        return (AuditEntry(t) for t in rows)
