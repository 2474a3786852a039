"""The language of the texts libclm writes (clm/lang.h).

Error messages, explanations, approval reasons, findings, notices and
documents are written in the calling thread's language, English unless
the thread chose another; a text with no translation stays English::

    clm.set_lang("ru")                 # this thread only
    try:
        clm.Money.parse("12,3.4 RUB")
    except clm.ParseError as e:
        print(e.message)               # in Russian

    with clm.using_lang(clm.Lang.RU):  # for a few calls, then back
        text = clm.strerror(clm.NotFound.code)   # "не найдено"

The language belongs to the operating-system thread, as in C: each Python
thread has its own (a new one starts in English), and asyncio tasks on one
thread share it. The process locale plays no part.
"""

from __future__ import annotations

import contextlib
import enum
from typing import Iterator, Optional, Union

from . import _clm


class Lang(enum.IntEnum):
    """The languages libclm writes its texts in (clm_lang)."""
    EN = _clm.CLM_LANG_EN
    RU = _clm.CLM_LANG_RU

    @property
    def code(self) -> str:
        """The ISO 639-1 code: "en", "ru" (clm_lang_name)."""
        return _clm.lang_name(int(self))


def lang_from_name(name: str) -> Lang:
    """The language a name stands for: "ru", "RU", "ru_RU.UTF-8", "en-GB"
    (clm_lang_from_name). Raises clm.NotFound for a language libclm does
    not write."""
    return Lang(_clm.lang_from_name(name))


def _as_lang(lang: Union[Lang, str, int]) -> int:
    if isinstance(lang, str):
        return int(lang_from_name(lang))
    if isinstance(lang, bool) or not isinstance(lang, int):
        raise TypeError("a language is a clm.Lang or its name")
    return int(lang)


def set_lang(lang: Union[Lang, str]) -> None:
    """Sets the calling thread's language (clm_lang_set): a clm.Lang or a
    name lang_from_name() reads. Raises clm.InvalidArgument (not a
    language) or clm.NotFound (a name of no language libclm writes); the
    language is then unchanged."""
    _clm.lang_set(_as_lang(lang))


def get_lang() -> Lang:
    """The calling thread's language (clm_lang_get)."""
    return Lang(_clm.lang_get())


@contextlib.contextmanager
def using_lang(lang: Union[Lang, str]) -> Iterator[Lang]:
    """Sets the calling thread's language for the block and puts the
    previous one back after it, also when the block raises."""
    before = _clm.lang_get()
    _clm.lang_set(_as_lang(lang))
    try:
        yield Lang(_clm.lang_get())
    finally:
        _clm.lang_set(before)


def lang_text(msgid: str, lang: Optional[Union[Lang, str]] = None) -> str:
    """The translation of one of libclm's own texts, given by its English
    original (clm_lang_text), into `lang` (the thread's language when
    None); the English text itself when there is no translation."""
    return _clm.lang_text(_clm.lang_get() if lang is None else _as_lang(lang), msgid)
