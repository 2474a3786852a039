#!/usr/bin/env python3
"""Feeds category-check clients files that it must refuse, each with the
file, the true line number and the reason on stderr and exit status 1:
a line longer than a clients line may be, a large file whose bad line
comes after megabytes of good ones, a directory, bytes that are not UTF-8,
a control character; and checks a good file with long comment lines still
reads.

usage: category_check_bad_input.py CATEGORY_CHECK POLICY.xml CLIENTS.txt
"""
import os
import subprocess
import sys
import tempfile

GOOD_ROW = 'C-1;legal_entity;RU-MOW;active;low;2020-01-01;2025-12-01;1000.00' + ';100.00' * 12


def run(prog, policy, path):
    p = subprocess.run([prog, policy, path], capture_output=True)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


def main(argv):
    prog, policy, sample = argv[1:4]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        def case(name, content, status, expect_err, expect_out=None):
            path = os.path.join(tmp, name)
            if content is not None:
                with open(path, 'wb') as f:
                    f.write(content)
            else:
                os.mkdir(path)
            rc, out, err = run(prog, policy, path)
            ok = rc == status and all(e.replace('PATH', path) in err for e in expect_err)
            if expect_out is not None:
                ok = ok and expect_out in out
            # a refused file prints nothing on stdout and never echoes bad bytes
            if status != 0 and out:
                ok = False
            print('%s %s: exit %d\n  stderr: %s' % ('ok  ' if ok else 'FAIL', name, rc, err.strip()))
            if not ok:
                failures.append(name)

        head = b'as_of;2026-01-01\n'
        case('long-line', head + b'C-1;' + b'x' * 4000 + b'\n', 1,
             ['PATH:2: line too long: 4004 bytes, at most 1023'])
        # 4 MB of comment lines, then a bad row: the line number is exact
        case('huge', head + (b'#' + b'c' * 999 + b'\n') * 4000 + b'C-1;bad\n', 1,
             ['PATH:4002: wrong number of fields: 2 fields, expected 20'])
        case('directory', None, 1, ['PATH: cannot read: Is a directory'])
        case('not-utf8', head + GOOD_ROW.replace('C-1', 'C-\xff1').encode('latin-1') + b'\n', 1,
             ['PATH:2: bad text: byte 3 (0xFF) is not UTF-8'])
        case('overlong-utf8', head + GOOD_ROW.replace('C-1', 'C-').encode() + b'\xc0\xaf\n', 1,
             ['PATH:2: bad text:', 'is not UTF-8'])
        case('control', head + GOOD_ROW.replace('C-1', 'C-\x071').encode() + b'\n', 1,
             ['PATH:2: bad text: byte 3 is a control character (0x07)'])
        case('empty', b'', 1, ['PATH:0: no as_of line'])
        good = open(sample, 'rb').read()
        case('long-comments', (b'#' + b'c' * 1000 + b'\n') * 3 + good, 0, [], 'C-010')
        case('utf8-id', head + GOOD_ROW.replace('C-1', 'К-1').encode() + b'\n', 0, [], 'К-1')
    if failures:
        print('failed: ' + ', '.join(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
