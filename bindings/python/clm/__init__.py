"""libclm for Python: client-management business rules.

A thin binding over libclm's C API: every figure comes from the library.
Money is decimal.Decimal with a currency (clm.Money), dates are
datetime.date, enumerations are enum.Enum, errors are clm.Error subclasses
carrying the library's message, field, source and line. The library's
texts are in the calling thread's language (clm.set_lang, clm.using_lang).
"""

import decimal as _decimal

from . import _clm
from .errors import (Error, InvalidArgument, OutOfMemory, Overflow, CurrencyError,
                     ParseError, SchemaError, RangeError, NotFound, Exists, Conflict,
                     StateError, PermissionDenied, StorageError, VersionError,
                     NotSupported, LimitExceeded, BufferTooSmall, Busy)
from .errors import _make as _make_error
from .lang import Lang, set_lang, get_lang, using_lang, lang_from_name, lang_text
from .core import (Rounding, Weekday, DayKind, TermUnit, Currency, Money, Rate,
                   Calendar, div_round, muldiv_round, parse_date, add_days,
                   add_months, weekday)
from .store import RecordKind, AuditOp, Actor, Record, AuditEntry, Store
from . import discount, claim, storage, credit, segment, category, offer
from .client import (Client, ClientState, ClientText, ClientDate, ClientFlag,
                     SourceChannel, LegalType, Person, Change, ContactEntry)

_clm._set_hooks(_make_error, Money, _decimal.Decimal)

__version__ = _clm.version()


def strerror(code: int) -> str:
    """libclm's short text for an error code, in the calling thread's
    language (clm.set_lang)."""
    return _clm.strerror(code)


__all__ = [
    "Error", "InvalidArgument", "OutOfMemory", "Overflow", "CurrencyError", "ParseError",
    "SchemaError", "RangeError", "NotFound", "Exists", "Conflict", "StateError",
    "PermissionDenied", "StorageError", "VersionError", "NotSupported", "LimitExceeded",
    "BufferTooSmall", "Busy",
    "Rounding", "Weekday", "DayKind", "TermUnit", "Currency", "Money", "Rate", "Calendar",
    "div_round", "muldiv_round", "parse_date", "add_days", "add_months", "weekday",
    "RecordKind", "AuditOp", "Actor", "Record", "AuditEntry", "Store", "strerror",
    "Lang", "set_lang", "get_lang", "using_lang", "lang_from_name", "lang_text",
    "discount", "claim", "storage", "credit", "segment", "category", "offer", "Client", "ClientState", "ClientText", "ClientDate", "ClientFlag",
    "SourceChannel", "LegalType", "Person", "Change", "ContactEntry",
]
