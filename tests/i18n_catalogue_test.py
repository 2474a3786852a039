#!/usr/bin/env python3
"""The library's message catalogues (src/<module>/po/LL.po) as built.

usage: i18n_catalogue_test.py SOURCE_ROOT [LIBCLM.so]

1. tools/gen_catalogue.py refuses a translation whose printf conversions
   differ from its msgid's (a missing, an extra, a reordered or a changed
   conversion), and accepts one that keeps them (also reordered by
   numbered conversions);
2. with the shared library: clm_lang_text() finds every translation of
   every catalogue, so the compiled table is sorted the way the lookup
   searches it, and gives a text no catalogue has back unchanged;
3. with gettext's tools: msgfmt --check accepts every catalogue
   (tools/i18n.py check), and the translated / total counts are printed.
"""
import ctypes
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = sys.argv[1]
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import gen_catalogue  # noqa: E402

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def generate(entries):
    with tempfile.TemporaryDirectory() as tmp:
        po = os.path.join(tmp, 'ru.po')
        with open(po, 'w', encoding='utf-8') as f:
            f.write(HEADER)
            for flags, msgid, msgstr in entries:
                if flags:
                    f.write('#, %s\n' % flags)
                f.write('msgid "%s"\nmsgstr "%s"\n\n' % (msgid, msgstr))
        out = os.path.join(tmp, 'c.c')
        p = subprocess.run([sys.executable, os.path.join(ROOT, 'tools/gen_catalogue.py'), out,
                            '--pri', 'PRId64="l" "d"', po], capture_output=True, text=True)
        return p.returncode, p.stderr


def main():
    failures = 0
    bad = [
        ('c-format', 'line %zu: %s', 'строка %s'),              # one missing
        ('c-format', 'line %zu', 'строка %zu %s'),               # one extra
        ('c-format', 'line %zu of %s', 'из %s строка %zu'),      # reordered
        ('c-format', 'amount %d', 'сумма %s'),                   # changed type
        ('c-format', 'got %<PRId64>', 'задано %d'),              # a macro dropped
        ('', 'a text %s', 'текст'),                              # unflagged, but a format
    ]
    for e in bad:
        rc, err = generate([e])
        if rc == 0 or 'conversions differ' not in err:
            print('FAIL: accepted %r -> %r' % (e[1], e[2]))
            failures += 1
    good = [
        ('c-format', 'line %zu of %s', 'из %2$s строка %1$zu'),
        ('c-format', 'got %<PRId64>, %.*s', 'задано %<PRId64>, %.*s'),
        ('c-format', 'split over %zu line%s', 'по строкам: %zu%.0s'),
        ('', 'probability 50 %', 'вероятность 50 %'),               # no format
        ('no-c-format', 'a %d text', 'текст'),
        ('fuzzy, c-format', 'a %d thing', 'вещь'),                  # fuzzy: left out
    ]
    for e in good:
        rc, err = generate([e])
        if rc != 0:
            print('FAIL: refused %r -> %r: %s' % (e[1], e[2], err))
            failures += 1

    catalogues = sorted(os.path.join(ROOT, 'src', m, 'po', 'ru.po')
                        for m in os.listdir(os.path.join(ROOT, 'src'))
                        if os.path.exists(os.path.join(ROOT, 'src', m, 'po', 'ru.po')))
    if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
        lib = ctypes.CDLL(sys.argv[2])
        lib.clm_lang_text.restype = ctypes.c_char_p
        lib.clm_lang_text.argtypes = [ctypes.c_int, ctypes.c_char_p]
        n = 0
        for po in catalogues:
            for msgid, msgstr, flags, line in gen_catalogue.parse_po(po):
                if msgid == '' or msgstr == '' or 'fuzzy' in flags or '%<' in msgid:
                    continue
                got = lib.clm_lang_text(1, msgid.encode('utf-8'))
                n += 1
                if got is None or got.decode('utf-8') != msgstr:
                    print('FAIL: %s:%d: clm_lang_text(RU, %r) = %r' % (po, line, msgid, got))
                    failures += 1
        missing = b'no catalogue has this text'
        if lib.clm_lang_text(1, missing) != missing:
            print('FAIL: a text no catalogue has came back changed')
            failures += 1
        print('clm_lang_text found %d translations' % n)
    if shutil.which('msgfmt') and shutil.which('xgettext') and shutil.which('msgattrib'):
        if subprocess.run([sys.executable, os.path.join(ROOT, 'tools/i18n.py'), 'check', ROOT]).returncode:
            failures += 1
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
