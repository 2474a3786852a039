#!/usr/bin/env python3
"""Maintains the library's message catalogues, src/<module>/po/LL.po.

usage: i18n.py xgettext-args          the xgettext options (src/meson.build reads them)
       i18n.py potfiles [ROOT]        rewrites every module's po/POTFILES
       i18n.py update [ROOT] [MODULE...]  gathers the texts and merges them
                                      into the catalogues (xgettext, msgmerge)
       i18n.py stats [ROOT]           translated / total texts per module and language
       i18n.py check [ROOT]           the test: every catalogue is well formed,
                                      keeps its texts' printf conversions
                                      (msgfmt --check-format) and covers the
                                      texts its module's sources give

A module's POTFILES lists every source file of its folder; `update` runs
`potfiles` first, so a new file is never missed. `check` fails on a
catalogue that msgfmt refuses; a source file a module's POTFILES lacks
(meson's update-po target would miss its texts), a text without a translation, or a translation whose text
the sources no longer give, is reported and falls back to English.
"""
import os
import re
import subprocess
import sys
import tempfile

MODULES = ['core', 'xml', 'store', 'client', 'segment', 'discount', 'category', 'credit', 'claim',
           'offer']

# The texts xgettext gathers (src/core/core.h explains each keyword).
KEYWORDS = [
    ('clm_core__fail', 2, True),
    ('clm_core__fail_at', 5, True),
    ('clm_xml__fail', 5, True),
    ('clm_store_backend_fail', 2, True),
    ('clm_discount__trace_add', 9, True),
    ('clm_discount__trace_addn', 9, True),
    ('clm_core__tr', 1, False),
    # the validators' findings (src/discount/validate.c, src/category/validate.c)
    ('add', 6, True),
    ('mark_empty', 3, True),
    # the client validator's findings (src/client/validate.c)
    ('EMIT', 3, True),
    # the offer and contract document's labels (src/offer/document.c)
    ('row', 2, False),
    ('CLM_N_', 1, False),
]


def xgettext_args():
    args = ['--from-code=UTF-8', '--add-comments=TRANSLATORS', '--add-location=file',
            '--msgid-bugs-address=-', '--sort-by-file', '--keyword']
    for name, pos, fmt in KEYWORDS:
        args.append('--keyword=%s:%d' % (name, pos))
        if fmt:
            args.append('--flag=%s:%d:c-format' % (name, pos))
    return args


def root_of(argv, i):
    if len(argv) > i and os.path.isdir(os.path.join(argv[i], 'src')):
        return argv[i], i + 1
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__))), i


def sources(root, module):
    d = os.path.join(root, 'src', module)
    return sorted('src/%s/%s' % (module, f) for f in os.listdir(d)
                  if f.endswith('.c') or f.endswith('.h'))


def podir(root, module):
    return os.path.join(root, 'src', module, 'po')


def linguas(root, module):
    with open(os.path.join(podir(root, module), 'LINGUAS'), encoding='utf-8') as f:
        return [w for line in f if not line.startswith('#') for w in line.split()]


def write_potfiles(root, module):
    with open(os.path.join(podir(root, module), 'POTFILES'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(sources(root, module)) + '\n')


def make_pot(root, module, out):
    files = sources(root, module)
    subprocess.run(['xgettext', '--package-name=libclm-' + module, '-D', root, '-o', out]
                   + xgettext_args() + files, check=True)


def msgids(path):
    """The msgids of translated and untranslated live entries of a PO file."""
    out = subprocess.run(['msgattrib', '--no-obsolete', '--no-wrap', path], capture_output=True,
                         text=True, check=True).stdout
    done, todo = set(), set()
    for block in out.split('\n\n'):
        m = re.search(r'^msgid "(.*)"$', block, re.M)
        s = re.search(r'^msgstr "(.*)"$', block, re.M)
        if not m or not s or m.group(1) == '':
            continue
        fuzzy = re.search(r'^#,.*fuzzy', block, re.M) is not None
        (done if s.group(1) != '' and not fuzzy else todo).add(m.group(1))
    return done, todo


def undated(text):
    return re.sub(r'"POT-Creation-Date: [^"]*"\n', '', text)


def update(root, modules):
    for m in modules:
        write_potfiles(root, m)
        pot = os.path.join(podir(root, m), 'libclm-%s.pot' % m)
        make_pot(root, m, pot)
        for lang in linguas(root, m):
            po = os.path.join(podir(root, m), lang + '.po')
            if os.path.exists(po):
                with open(po, encoding='utf-8') as f:
                    before = f.read()
                subprocess.run(['msgmerge', '-q', '--previous', '-o', po, po, pot], check=True)
                with open(po, encoding='utf-8') as f:
                    after = f.read()
                # a merge that only moved the POT-Creation-Date leaves the
                # file as it was, so parallel translators' files never
                # conflict over a date
                if undated(before) == undated(after):
                    with open(po, 'w', encoding='utf-8') as f:
                        f.write(before)
            else:
                subprocess.run(['msginit', '--input', pot, '--output-file', po, '--locale', lang,
                                '--no-translator'], check=True)
        os.remove(pot)


def stats(root):
    total_done = total = 0
    for m in MODULES:
        with tempfile.TemporaryDirectory() as tmp:
            pot = os.path.join(tmp, 'm.pot')
            make_pot(root, m, pot)
            given, _ = msgids_pot(pot)
        for lang in linguas(root, m):
            done, _ = msgids(os.path.join(podir(root, m), lang + '.po'))
            n = len(given & done)
            print('%-9s %s %4d / %4d' % (m, lang, n, len(given)))
            total_done += n
            total += len(given)
    print('%-9s    %4d / %4d' % ('all', total_done, total))


def msgids_pot(pot):
    out = subprocess.run(['msgattrib', '--no-wrap', pot], capture_output=True, text=True,
                         check=True).stdout
    ids = set()
    for block in out.split('\n\n'):
        m = re.search(r'^msgid "(.*)"$', block, re.M)
        if m and m.group(1) != '':
            ids.add(m.group(1))
    return ids, None


def check(root):
    bad = 0
    for m in MODULES:
        listed = []
        with open(os.path.join(podir(root, m), 'POTFILES'), encoding='utf-8') as f:
            listed = [line.strip() for line in f if line.strip() and not line.startswith('#')]
        missing = sorted(set(sources(root, m)) - set(listed))
        if missing:
            print('note: src/%s/po/POTFILES lacks %s (tools/i18n.py potfiles)' % (m, ', '.join(missing)))
        with tempfile.TemporaryDirectory() as tmp:
            pot = os.path.join(tmp, 'm.pot')
            make_pot(root, m, pot)
            given, _ = msgids_pot(pot)
        for lang in linguas(root, m):
            po = os.path.join(podir(root, m), lang + '.po')
            r = subprocess.run(['msgfmt', '--check', '-o', os.devnull, po], capture_output=True,
                               text=True)
            if r.returncode != 0:
                print('%s: msgfmt --check fails:\n%s' % (po, r.stderr))
                bad = 1
                continue
            done, _ = msgids(po)
            stale = done - given
            print('%-9s %s %4d / %4d translated%s' % (
                m, lang, len(given & done), len(given),
                ', %d no longer in the sources' % len(stale) if stale else ''))
    return bad


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd = argv[1]
    if cmd == 'xgettext-args':
        print('\n'.join(xgettext_args()))
        return 0
    root, i = root_of(argv, 2)
    if cmd == 'potfiles':
        for m in MODULES:
            write_potfiles(root, m)
        return 0
    if cmd == 'update':
        update(root, argv[i:] or MODULES)
        return 0
    if cmd == 'stats':
        stats(root)
        return 0
    if cmd == 'check':
        return check(root)
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
