"""One exception class per libclm error code, all under clm.Error."""

from __future__ import annotations

from typing import Dict, Optional, Type

from . import _clm


class Error(Exception):
    """A libclm call failed: clm_error_last()'s code, message, field, source
    and line (0 when the error has no line)."""

    code: int = 0

    def __init__(self, message: str, field: Optional[str] = None,
                 source: Optional[str] = None, line: int = 0,
                 code: Optional[int] = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.field = field
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = []
        if self.source:
            where.append(self.source + (f":{self.line}" if self.line else ""))
        elif self.line:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{self.message} ({', '.join(where)})" if where else self.message

    def to_dict(self) -> dict:
        return {"code": self.code, "name": type(self).__name__, "message": self.message,
                "field": self.field, "source": self.source, "line": self.line}


class InvalidArgument(Error, ValueError):
    """CLM_EINVAL: invalid argument (out of domain, misuse)."""
    code = _clm.CLM_EINVAL


class OutOfMemory(Error, MemoryError):
    """CLM_ENOMEM: the allocator returned NULL."""
    code = _clm.CLM_ENOMEM


class Overflow(Error, ArithmeticError):
    """CLM_EOVERFLOW: an arithmetic result does not fit its type."""
    code = _clm.CLM_EOVERFLOW


class CurrencyError(Error, ValueError):
    """CLM_ECURRENCY: unknown currency, or two currencies mixed."""
    code = _clm.CLM_ECURRENCY


class ParseError(Error, ValueError):
    """CLM_EPARSE: text or XML that does not parse."""
    code = _clm.CLM_EPARSE


class SchemaError(Error, ValueError):
    """CLM_ESCHEMA: XML that parses but breaks its schema."""
    code = _clm.CLM_ESCHEMA


class RangeError(Error, ValueError):
    """CLM_ERANGE: a value outside the range the object covers."""
    code = _clm.CLM_ERANGE


class NotFound(Error, LookupError):
    """CLM_ENOTFOUND: no record or entry with that key."""
    code = _clm.CLM_ENOTFOUND


class Exists(Error):
    """CLM_EEXISTS: a record with that key exists already."""
    code = _clm.CLM_EEXISTS


class Conflict(Error):
    """CLM_ECONFLICT: optimistic-concurrency conflict (stale version)."""
    code = _clm.CLM_ECONFLICT


class StateError(Error):
    """CLM_ESTATE: transition not allowed from the current state."""
    code = _clm.CLM_ESTATE


class PermissionDenied(Error):
    """CLM_EPERM: the acting role lacks the authority."""
    code = _clm.CLM_EPERM


class StorageError(Error):
    """CLM_EIO: storage or file I/O failed."""
    code = _clm.CLM_EIO


class VersionError(Error):
    """CLM_EVERSION: struct or backend version not supported."""
    code = _clm.CLM_EVERSION


class NotSupported(Error):
    """CLM_ENOTSUP: operation not supported by this backend or build."""
    code = _clm.CLM_ENOTSUP


class LimitExceeded(Error, ValueError):
    """CLM_ELIMIT: input larger than the configured limit."""
    code = _clm.CLM_ELIMIT


class BufferTooSmall(Error):
    """CLM_EBUFSIZE: a buffer too small (never expected from the binding)."""
    code = _clm.CLM_EBUFSIZE


class Busy(Error):
    """CLM_EBUSY: resource busy (locked database, open scan)."""
    code = _clm.CLM_EBUSY


BY_CODE: Dict[int, Type[Error]] = {
    cls.code: cls for cls in (
        InvalidArgument, OutOfMemory, Overflow, CurrencyError, ParseError,
        SchemaError, RangeError, NotFound, Exists, Conflict, StateError,
        PermissionDenied, StorageError, VersionError, NotSupported,
        LimitExceeded, BufferTooSmall, Busy)
}


def _make(code: int, message: str, field: Optional[str], source: Optional[str],
          line: int) -> Error:
    cls = BY_CODE.get(code, Error)
    return cls(message, field, source, line, code=code)
