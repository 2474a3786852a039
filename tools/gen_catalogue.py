#!/usr/bin/env python3
"""Compiles the library's message catalogues (src/<module>/po/LL.po, gettext
PO files) into one C file of tables sorted by msgid, which core looks up by
binary search (src/core/lang.c, clm_lang_text).

usage: gen_catalogue.py OUTPUT.c [--pri NAME=EXPANSION]... DIR/LL.po...

(LL, the language, is the file's name: src/discount/po/ru.po is Russian.)

Why at build time: the language is the caller's choice per thread, while
gettext() follows the process's locale and needs the catalogues installed
and the locale generated. The PO files stay the one copy of the texts, so
translators keep their tools (msgmerge, poedit, msgfmt --check).

What goes in: every entry with a non-empty translation that is not fuzzy
and not obsolete; the header entry and untranslated entries stay out (the
English text is the fallback). The build fails, naming the file and line,
when
  * a translation's printf conversions differ from its msgid's (count,
    argument order, types: the c-format check msgfmt --check-format makes)
    in an entry flagged c-format, or in one not flagged no-c-format whose
    msgid reads as a format, or
  * a msgid appears twice with different translations, or
  * the PO file does not parse (plural forms and contexts are refused: the
    library's texts use neither).

The inttypes.h macros in a msgid (xgettext writes "%" PRId64 as
"%<PRId64>") are written back as the macro in C; --pri gives each one's
expansion on the target (meson: cc.get_define), which the sort order
needs, since the table is sorted by the strings the compiler will see.
"""
import os
import re
import sys


class Bad(Exception):
    pass


ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', 'a': '\a', 'b': '\b',
           'f': '\f', 'v': '\v', '?': '?', "'": "'"}


def unquote(s, where):
    """The value of one PO string literal (without its quotes)."""
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c != '\\':
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= len(s):
            raise Bad('%s: a backslash ends the string' % where)
        c = s[i]
        if c in ESCAPES:
            out.append(ESCAPES[c])
            i += 1
        elif c in '01234567':
            j = i
            while j < len(s) and j < i + 3 and s[j] in '01234567':
                j += 1
            out.append(chr(int(s[i:j], 8)))
            i = j
        else:
            raise Bad('%s: unknown escape \\%s' % (where, c))
    return ''.join(out)


def parse_po(path):
    """[(msgid, msgstr, flags, line)] of the file's live entries. Entries
    are separated by blank lines, as msgmerge and xgettext write them."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    entries = []
    block = []
    for n, raw in enumerate(lines + [''], 1):
        if raw.strip() != '':
            block.append((n, raw.strip()))
            continue
        if not block:
            continue
        cur = {}
        flags = set()
        field = None
        obsolete = False
        first = block[0][0]
        for ln, line in block:
            where = '%s:%d' % (path, ln)
            if line.startswith('#~'):
                obsolete = True
                continue
            if line.startswith('#,'):
                flags |= {x.strip() for x in line[2:].split(',')}
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'^(msgid|msgstr|msgctxt|msgid_plural|msgstr\[\d+\])\s+"(.*)"$', line)
            if m:
                key = m.group(1)
                if key not in ('msgid', 'msgstr'):
                    raise Bad("%s: %s is not used by the library's catalogues" % (where, key))
                if key in cur:
                    raise Bad('%s: a second %s in one entry (entries are separated by a blank line)'
                              % (where, key))
                cur[key] = unquote(m.group(2), where)
                field = key
                continue
            m = re.match(r'^"(.*)"$', line)
            if m and field is not None:
                cur[field] += unquote(m.group(1), where)
                continue
            raise Bad('%s: cannot read %r' % (where, line))
        block = []
        if obsolete or not cur:
            continue
        if 'msgid' not in cur or 'msgstr' not in cur:
            raise Bad('%s:%d: an entry without msgid or msgstr' % (path, first))
        entries.append((cur['msgid'], cur['msgstr'], flags, first))
    return entries


# One printf conversion: %[n$][flags][width][.precision][length]conversion,
# or an inttypes.h macro as xgettext writes it (%<PRId64>).
CONV = re.compile(r"%(?:(\d+)\$)?([-+ #0']*)(\*(?:\d+\$)?|\d+)?(?:\.(\*(?:\d+\$)?|\d*))?"
                  r"(hh|h|ll|l|L|q|j|z|Z|t)?([diouxXeEfFgGaAcspn%]|<PRI[a-zA-Z0-9]+>)")

CLASS = {'d': 'i', 'i': 'i', 'o': 'u', 'u': 'u', 'x': 'u', 'X': 'u', 'e': 'f', 'E': 'f',
         'f': 'f', 'F': 'f', 'g': 'f', 'G': 'f', 'a': 'f', 'A': 'f', 'c': 'c', 's': 's',
         'p': 'p', 'n': 'n'}


def conversions(text, where):
    """{argument number: type} of a printf format; Bad if it mixes
    numbered and plain conversions or gives one argument two types."""
    args = {}
    nextarg = 1
    numbered = None
    i = 0
    while True:
        i = text.find('%', i)
        if i < 0:
            break
        m = CONV.match(text, i)
        if m is None:
            raise Bad('%s: a %% that starts no conversion at character %d of %r' % (where, i + 1, text))
        i = m.end()
        conv = m.group(6)
        if conv == '%':
            continue
        if conv.startswith('<'):
            name = conv[1:-1]
            letter = name[3]
            kind = CLASS.get(letter, '?') + name[4:]
        else:
            kind = (m.group(5) or '') + CLASS[conv]
        pos = m.group(1)
        items = []
        for star in (m.group(3), m.group(4)):
            if star is not None and star.startswith('*'):
                items.append((star[1:-1] if star.endswith('$') else None, 'int'))
        items.append((pos, kind))
        for p, k in items:
            is_num = p is not None
            if numbered is None:
                numbered = is_num
            elif numbered != is_num:
                raise Bad('%s: numbered and plain conversions mixed in %r' % (where, text))
            if p is None:
                p = nextarg
                nextarg += 1
            p = int(p)
            if args.get(p, k) != k:
                raise Bad('%s: argument %d has two types in %r' % (where, p, text))
            args[p] = k
    return args


def is_format(text):
    """True if every % of text starts a conversion (a text like "50 %)" is
    no format: it is never given to printf as one)."""
    try:
        conversions(text, '')
        return '%' in text
    except Bad:
        return False


def check_format(msgid, msgstr, where):
    a = conversions(msgid, where + ' (msgid)')
    b = conversions(msgstr, where + ' (msgstr)')
    if a != b:
        raise Bad('%s: the translation\'s printf conversions differ from its msgid\'s\n'
                  '  msgid  %r: %s\n  msgstr %r: %s' % (where, msgid, sorted(a.items()), msgstr,
                                                         sorted(b.items())))


PRI = re.compile(r'%<(PRI[a-zA-Z0-9]+)>')


def c_literal(text):
    """text as C string literal pieces, with %<PRIx> written as the macro."""
    parts = []
    pos = 0
    for m in PRI.finditer(text):
        parts.append(('s', text[pos:m.start()] + '%'))
        parts.append(('m', m.group(1)))
        pos = m.end()
    parts.append(('s', text[pos:]))
    out = []
    for kind, v in parts:
        if kind == 'm':
            out.append(v)
            continue
        b = v.encode('utf-8')
        s = ['"']
        for byte in b:
            c = chr(byte)
            if c == '"' or c == '\\':
                s.append('\\' + c)
            elif byte < 0x20 or byte == 0x7f:
                s.append('\\%03o' % byte)
            elif c == '?':
                s.append('\\?')  # no trigraphs (C11 has them)
            elif byte >= 0x80:
                s.append('\\%03o' % byte)
            else:
                s.append(c)
        s.append('"')
        out.append(''.join(s))
    return ' '.join(x for x in out if x != '""') or '""'


def expand(text, pri, where):
    """The string the compiler sees for text (the sort key)."""
    def sub(m):
        if m.group(1) not in pri:
            raise Bad('%s: %s has no expansion (gen_catalogue.py --pri)' % (where, m.group(1)))
        return '%' + pri[m.group(1)]
    return PRI.sub(sub, text)


def c_get_define(value):
    """The string a meson cc.get_define() of an inttypes.h macro gives:
    string literals, e.g. '"l" "d"'."""
    return ''.join(re.findall(r'"([^"]*)"', value))


LANGS = ['en', 'ru']  # the order of clm_lang (include/clm/lang.h)


def main(argv):
    if len(argv) < 2:
        raise Bad(__doc__)
    out = argv[1]
    pri = {}
    files = []
    i = 2
    while i < len(argv):
        if argv[i] == '--pri':
            name, _, value = argv[i + 1].partition('=')
            pri[name] = c_get_define(value)
            i += 2
            continue
        path = argv[i]
        lang = os.path.basename(path)[:-3] if path.endswith('.po') else ''
        if lang not in LANGS[1:]:
            raise Bad('%s: expected a catalogue LL.po with LL one of %s' % (path, ', '.join(LANGS[1:])))
        files.append((lang, path))
        i += 1
    tables = {lang: {} for lang in LANGS}
    for lang, path in files:
        for msgid, msgstr, flags, line in parse_po(path):
            where = '%s:%d' % (path, line)
            if msgid == '' or msgstr == '' or 'fuzzy' in flags:
                continue
            if 'c-format' in flags:
                check_format(msgid, msgstr, where)
            elif 'no-c-format' not in flags and is_format(msgid):
                # xgettext flags what looks like a format; a text that is
                # one without the flag is checked all the same
                check_format(msgid, msgstr, where)
            key = expand(msgid, pri, where)
            prev = tables[lang].get(key)
            if prev is not None and prev[1] != msgstr:
                raise Bad('%s: %r is translated twice, differently (first at %s)' % (where, msgid, prev[2]))
            tables[lang][key] = (msgid, msgstr, where)
    lines = ['/* Generated by tools/gen_catalogue.py from the catalogues src/MODULE/po/LL.po: do not edit. */',
             '#include <inttypes.h>', '', '#include "clm/lang.h"', '#include "core/core.h"', '']
    for lang in LANGS[1:]:
        entries = sorted(tables[lang].items(), key=lambda kv: kv[0].encode('utf-8'))
        lines.append('static const clm_core__msg msgs_%s[] = {' % lang)
        for _, (msgid, msgstr, _) in entries:
            lines.append('    { %s,\n      %s },' % (c_literal(msgid), c_literal(msgstr)))
        if not entries:
            lines.append('    { "", "" },')
        lines.append('};')
        lines.append('')
    lines.append('const clm_core__catalogue clm_core__catalogues[CLM_LANG_COUNT] = {')
    lines.append('    { NULL, 0 },')
    for lang in LANGS[1:]:
        lines.append('    { msgs_%s, %d },' % (lang, len(tables[lang])))
    lines.append('};')
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv))
    except Bad as e:
        sys.stderr.write('gen_catalogue.py: %s\n' % e)
        sys.exit(1)
