#!/usr/bin/env python3
"""Fails unless po/LL.po translates every text of po/POTFILES.

usage: check_catalogue.py SOURCE_ROOT LL

Gathers the texts with xgettext (the keywords of po/meson.build), then
checks with msgcmp that the catalogue holds each of them, and with
msgfmt --check that none is untranslated or fuzzy and that every
translation keeps its text's printf directives.
"""
import os
import subprocess
import sys
import tempfile


def main(root, lang):
    po = os.path.join(root, 'po')
    catalogue = os.path.join(po, lang + '.po')
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'libclm.pot')
        subprocess.run(['xgettext', '--keyword=_', '--keyword=N_', '--keyword=P_:1,2',
                        '--from-code=UTF-8', '-D', root, '-f', os.path.join(po, 'POTFILES'),
                        '-o', pot], check=True)
        missing = subprocess.run(['msgcmp', '--use-untranslated', catalogue, pot],
                                 capture_output=True, text=True)
        if missing.returncode != 0:
            print('%s lacks texts of the sources:\n%s' % (catalogue, missing.stderr))
            return 1
        stats = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, catalogue],
                               capture_output=True, text=True)
        print(stats.stderr.strip())
        if stats.returncode != 0 or 'untranslated' in stats.stderr or 'fuzzy' in stats.stderr:
            print('%s: every text must be translated, none fuzzy' % catalogue)
            return 1
    return 0


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
