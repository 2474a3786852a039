#!/usr/bin/env python3
"""Runs an example program and checks its exit status and output.

usage: check_output.py PROGRAM [--status N] [--expect TEXT]... [--expect-err TEXT]... -- ARGS...
Each --expect must occur in stdout, each --expect-err in stderr.
"""
import subprocess
import sys


def main(argv):
    prog = argv[1]
    status = 0
    expect, expect_err = [], []
    i = 2
    while i < len(argv) and argv[i] != '--':
        if argv[i] == '--status':
            status = int(argv[i + 1])
        elif argv[i] == '--expect':
            expect.append(argv[i + 1])
        elif argv[i] == '--expect-err':
            expect_err.append(argv[i + 1])
        else:
            sys.exit('check_output: unknown option %s' % argv[i])
        i += 2
    args = argv[i + 1:]
    p = subprocess.run([prog] + args, capture_output=True, text=True)
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    ok = True
    if p.returncode != status:
        print('check_output: exit status %d, expected %d' % (p.returncode, status))
        ok = False
    for e in expect:
        if e not in p.stdout:
            print('check_output: stdout lacks %r' % e)
            ok = False
    for e in expect_err:
        if e not in p.stderr:
            print('check_output: stderr lacks %r' % e)
            ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
