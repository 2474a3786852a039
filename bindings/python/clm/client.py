"""Clients (clm/client.h, clm/client_store.h): the record with its
lifecycle, fields, persons, categories and history, validated and stored
by libclm. Every change names its actor and is kept in the history."""

from __future__ import annotations

import datetime
import enum
from typing import Dict, Iterator, List, Optional, Tuple

from . import _clm
from .store import Actor, Store


def _enum(name: str, names: Dict[str, int], doc: str) -> type:
    # libclm names the unset value "" (an unknown source channel).
    e = enum.IntEnum(name, {(k.upper().replace("-", "_") or "UNKNOWN"): v for k, v in names.items()})
    e.__doc__ = doc
    return e


ClientState = _enum("ClientState", _clm.CLIENT_STATE_NAMES, "A client's lifecycle state.")
ClientText = _enum("ClientText", _clm.CLIENT_TEXT_NAMES, "A client's text fields.")
ClientDate = _enum("ClientDate", _clm.CLIENT_DATE_NAMES, "A client's dates.")
ClientFlag = _enum("ClientFlag", _clm.CLIENT_FLAG_NAMES, "A client's flags.")
SourceChannel = _enum("SourceChannel", _clm.SOURCE_CHANNEL_NAMES, "Where a client came from.")
LegalType = _enum("LegalType", _clm.LEGAL_TYPE_NAMES, "A client's legal type.")


class Person:
    __slots__ = ("name", "position", "phone", "email")

    def __init__(self, name: str, position: Optional[str] = None, phone: Optional[str] = None,
                 email: Optional[str] = None) -> None:
        self.name, self.position, self.phone, self.email = name, position, phone, email

    def to_dict(self) -> dict:
        return {s: getattr(self, s) for s in self.__slots__}

    def __repr__(self) -> str:
        return f"Person({self.name!r}, position={self.position!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Person) and self.to_dict() == other.to_dict()


class Change:
    """One history entry (clm_client_change)."""

    __slots__ = ("actor", "field", "old_value", "new_value", "reason")

    def __init__(self, t: tuple) -> None:
        user, role, at, self.field, self.old_value, self.new_value, self.reason = t
        self.actor = Actor(user, role, at)

    def to_dict(self) -> dict:
        return {"actor": self.actor.to_dict(), "field": self.field, "old": self.old_value,
                "new": self.new_value, "reason": self.reason}

    def __repr__(self) -> str:
        return (f"Change({self.field}: {self.old_value!r} -> {self.new_value!r} "
                f"by {self.actor.user!r})")


class Client:
    """A client (clm_client). Create with Client(actor, id, legal_type,
    name); every setter takes the acting Actor and records a history
    entry; a refused change raises and changes nothing."""

    def __init__(self, actor: Optional[Actor] = None, id: Optional[str] = None,
                 legal_type: LegalType = LegalType.LEGAL_ENTITY, name: Optional[str] = None,
                 *, _handle: object = None) -> None:
        if _handle is None:
            if actor is None or id is None or name is None:
                raise TypeError("Client(actor, id, legal_type, name)")
            _handle = _clm.client_new(actor, id, int(legal_type), name)
        self._h = _handle

    # ---- reading
    def _get(self) -> tuple:
        return _clm.client_get(self._h)

    @property
    def id(self) -> str:
        return self._get()[0]

    @property
    def legal_type(self) -> LegalType:
        return LegalType(self._get()[1])

    @property
    def state(self) -> ClientState:
        return ClientState(self._get()[2])

    @property
    def source(self) -> SourceChannel:
        return SourceChannel(self._get()[3])

    @property
    def manager(self) -> Optional[str]:
        return self._get()[4]

    @property
    def lost_to(self) -> Optional[str]:
        return self._get()[5]

    @property
    def stored_version(self) -> int:
        return self._get()[6]

    @property
    def texts(self) -> Dict[str, Optional[str]]:
        return dict(self._get()[7])

    @property
    def name(self) -> Optional[str]:
        return self._get()[7]["name"]

    def text(self, field: ClientText) -> Optional[str]:
        return self._get()[7][_clm_name(ClientText, field)]

    def date(self, field: ClientDate) -> Optional[datetime.date]:
        return self._get()[8][_clm_name(ClientDate, field)]

    def flag(self, field: ClientFlag) -> bool:
        return self._get()[9][_clm_name(ClientFlag, field)]

    @property
    def categories(self) -> List[str]:
        return list(self._get()[10])

    @property
    def tax_ids(self) -> List[Tuple[str, str, str]]:
        return list(self._get()[11])

    @property
    def persons(self) -> List[Person]:
        return [Person(*t) for t in self._get()[12]]

    @property
    def decision_maker(self) -> Optional[int]:
        return self._get()[13]

    def history(self) -> Iterator[Change]:
        return (Change(t) for t in _clm.client_history(self._h))

    def to_dict(self) -> dict:
        (id, lt, state, source, manager, lost_to, version, texts, dates, flags, cats, ids,
         persons, dm) = self._get()
        return {"id": id, "legal_type": LegalType(lt).name.lower(),
                "state": ClientState(state).name.lower(),
                "source": SourceChannel(source).name.lower(), "manager": manager,
                "lost_to": lost_to, "stored_version": version, "texts": texts,
                "dates": {k: v.isoformat() if v else None for k, v in dates.items()},
                "flags": flags, "categories": cats,
                "tax_ids": [list(t) for t in ids],
                "persons": [Person(*p).to_dict() for p in persons], "decision_maker": dm}

    def __repr__(self) -> str:
        if self._h.closed:
            return "<clm.Client (closed)>"
        t = self._get()
        return f"<clm.Client {t[0]!r} {t[7]['name']!r} {ClientState(t[2]).name.lower()}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Client) and _clm.client_equal(self._h, other._h)

    def copy(self) -> "Client":
        return Client(_handle=_clm.client_dup(self._h))

    def close(self) -> None:
        self._h.close()

    # ---- changes
    def set(self, actor: Actor, **texts: Optional[str]) -> None:
        """Sets text fields by name: c.set(actor, email="...", phone="...").
        Each is its own act (use the C API's edits for one act)."""
        for name, value in texts.items():
            field = ClientText[name.upper()]
            _clm.client_set_text(self._h, actor, int(field), value)

    def set_text(self, actor: Actor, field: ClientText, value: Optional[str]) -> None:
        _clm.client_set_text(self._h, actor, int(field), value)

    def set_date(self, actor: Actor, field: ClientDate, value: Optional[datetime.date]) -> None:
        _clm.client_set_date(self._h, actor, int(field), value)

    def set_flag(self, actor: Actor, field: ClientFlag, value: bool) -> None:
        _clm.client_set_flag(self._h, actor, int(field), value)

    def set_source(self, actor: Actor, channel: SourceChannel) -> None:
        _clm.client_set_source(self._h, actor, int(channel))

    def set_legal_type(self, actor: Actor, legal_type: LegalType) -> None:
        _clm.client_set_legal_type(self._h, actor, int(legal_type))

    def set_state(self, actor: Actor, state: ClientState, lost_to: Optional[str] = None) -> None:
        """A lifecycle transition; StateError if the table forbids it."""
        _clm.client_set_state(self._h, actor, int(state), lost_to)

    def reassign(self, actor: Actor, manager: str) -> None:
        _clm.client_reassign(self._h, actor, manager)

    def set_tax_id(self, actor: Actor, country: str, kind: str, value: Optional[str]) -> None:
        """Sets (None: removes) an identifier, checked by the built-in
        validators (INN, OGRN... for "RU")."""
        _clm.client_set_taxid(self._h, actor, country, kind, value)

    def add_person(self, actor: Actor, person: Person) -> None:
        _clm.client_person_add(self._h, actor, person.name, person.position, person.phone,
                               person.email)

    def set_decision_maker(self, actor: Actor, index: Optional[int]) -> None:
        _clm.client_set_decision_maker(self._h, actor, -1 if index is None else index)

    def add_category(self, actor: Actor, category: str, reason: Optional[str] = None) -> None:
        _clm.client_category(self._h, actor, True, category, reason)

    def remove_category(self, actor: Actor, category: str, reason: Optional[str] = None) -> None:
        _clm.client_category(self._h, actor, False, category, reason)

    # ---- rules
    def validate(self, *, home_country: Optional[str] = "RU", require_contact: bool = True) -> None:
        """Raises the first problem libclm finds with every problem in the
        message (clm_client_validate); returns None for a valid client."""
        _clm.client_validate(self._h, home_country, require_contact)

    def is_inactive(self, on: datetime.date, threshold_days: int) -> bool:
        return _clm.client_is_inactive(self._h, on, threshold_days)

    @staticmethod
    def state_allowed(frm: ClientState, to: ClientState) -> bool:
        """Whether the lifecycle table allows frm -> to."""
        return _clm.client_state_allowed(int(frm), int(to))

    # ---- storage
    def save(self, store: Store, actor: Actor, note: Optional[str] = None) -> int:
        """Saves the client (audited); returns the stored version."""
        return _clm.client_store_save(store._h, self._h, actor, note)

    @classmethod
    def load(cls, store: Store, client_id: str) -> "Client":
        return cls(_handle=_clm.client_store_load(store._h, client_id))

    @staticmethod
    def delete(store: Store, actor: Actor, client_id: str, version: int,
               note: Optional[str] = None) -> None:
        _clm.client_store_delete(store._h, actor, client_id, version, note)

    @classmethod
    def scan(cls, store: Store, *, manager: Optional[str] = None,
             state: Optional[ClientState] = None,
             category: Optional[str] = None) -> Iterator["Client"]:
        hs = _clm.client_store_scan(store._h, manager, int(state) if state else 0, category)
        return (cls(_handle=h) for h in hs)


_KEYS = {name: {v: k for k, v in getattr(_clm, table).items()}
         for name, table in (("ClientText", "CLIENT_TEXT_NAMES"),
                             ("ClientDate", "CLIENT_DATE_NAMES"),
                             ("ClientFlag", "CLIENT_FLAG_NAMES"))}


def _clm_name(e: type, v: object) -> str:
    """libclm's own name of an enumerated field (the key of client_get's dicts)."""
    return _KEYS[e.__name__][int(e(v))]


class ContactEntry:
    """A contact-log entry (clm_contact_entry): a call, meeting, letter...
    `direction` and `channel` are libclm's names ("outgoing", "call");
    `at` is an aware datetime or epoch seconds."""

    __slots__ = ("direction", "channel", "at", "client_id", "manager", "purpose", "result",
                 "next_action", "next_due", "entry_id", "version")

    def __init__(self, *, direction: str, channel: str, at: object, client_id: str,
                 manager: str, purpose: Optional[str] = None, result: Optional[str] = None,
                 next_action: Optional[str] = None, next_due: Optional[datetime.date] = None,
                 entry_id: Optional[str] = None, version: int = 0) -> None:
        self.direction, self.channel, self.at = direction, channel, at
        self.client_id, self.manager = client_id, manager
        self.purpose, self.result = purpose, result
        self.next_action, self.next_due = next_action, next_due
        self.entry_id, self.version = entry_id, version

    @property
    def _clm_seconds(self) -> int:
        return Actor("", "", self.at)._clm_seconds  # type: ignore[arg-type]

    def save(self, store: Store, actor: Actor, entry_id: Optional[str] = None,
             note: Optional[str] = None) -> int:
        """Stores the entry (audited): version 0 creates it, the stored
        version corrects it; returns the new version."""
        eid = entry_id or self.entry_id
        if eid is None:
            raise ValueError("an entry needs an id")
        self.version = _clm.contact_save(store._h, actor, eid, self.version, self, note)
        self.entry_id = eid
        return self.version

    @classmethod
    def scan(cls, store: Store, *, client_id: Optional[str] = None,
             manager: Optional[str] = None, due_from: Optional[datetime.date] = None,
             due_to: Optional[datetime.date] = None) -> Iterator["ContactEntry"]:
        rows = _clm.contact_scan(store._h, client_id, manager, due_from, due_to)
        return (cls(entry_id=eid, version=v, direction=d, channel=ch, at=at, client_id=c,
                    manager=m, purpose=p, result=r, next_action=na, next_due=nd)
                for eid, v, d, ch, at, c, m, p, r, na, nd in rows)

    def to_dict(self) -> dict:
        out = {s: getattr(self, s) for s in self.__slots__}
        out["at"] = Actor("", "", self.at).moment.isoformat()  # type: ignore[arg-type]
        out["next_due"] = self.next_due.isoformat() if self.next_due else None
        return out

    def __repr__(self) -> str:
        return (f"ContactEntry({self.entry_id!r}, {self.direction} {self.channel} with "
                f"{self.client_id!r} by {self.manager!r}, next due {self.next_due})")
