#!/usr/bin/env python3
"""Holds docs/tutorial.md to the program it teaches.

usage: check_tutorial.py TUTORIAL.md PROGRAM DATA_DIR DATABASE

In the tutorial, a fenced block right after the line
    <!-- code: PATH -->
is a piece of the file PATH (relative to the source root, the folder two
levels above TUTORIAL.md's): the pieces of one file, in the tutorial's
order and separated by one blank line, must be that file exactly. A block
right after
    <!-- output -->
is a piece of the program's standard output: the pieces, in order, must be
the output of `PROGRAM DATA_DIR DATABASE` exactly (pieces separated by one
blank line, as the program separates its parts). Every ```c block must be
a piece of a file, so no C the tutorial shows goes unchecked.
"""
import difflib
import os
import subprocess
import sys


def blocks(path):
    """(marker or None, language, text, line) for each fenced block."""
    out = []
    marker = None
    lines = open(path, encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith('<!-- ') and line.endswith(' -->'):
            marker = line[5:-4].strip()
        elif line.startswith('```'):
            lang = line[3:].strip()
            start = i + 1
            j = start
            while j < len(lines) and lines[j] != '```':
                j += 1
            if j == len(lines):
                sys.exit('%s:%d: a fenced block is not closed' % (path, i + 1))
            out.append((marker, lang, '\n'.join(lines[start:j]) + '\n', i + 1))
            marker = None
            i = j
        elif line.strip():
            marker = None
        i += 1
    return out


def same(what, got, want):
    if got == want:
        return True
    print('check_tutorial: %s differs (--- tutorial, +++ actual):' % what)
    sys.stdout.writelines(difflib.unified_diff(
        got.splitlines(True), want.splitlines(True), 'tutorial', 'actual'))
    return False


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    tutorial, program, data, database = argv[1:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(tutorial)))
    files, output, ok = {}, [], True
    for marker, lang, text, line in blocks(tutorial):
        if marker is not None and marker.startswith('code: '):
            files.setdefault(marker[6:].strip(), []).append(text)
        elif marker == 'output':
            output.append(text)
        elif lang == 'c':
            print('check_tutorial: %s:%d: a C block that is no piece of a file' % (tutorial, line))
            ok = False
    if not files or not output:
        print('check_tutorial: no code or no output blocks in %s' % tutorial)
        return 1
    for rel, pieces in files.items():
        with open(os.path.join(root, rel), encoding='utf-8') as f:
            ok = same(rel, '\n'.join(pieces), f.read()) and ok
    p = subprocess.run([program, data, database], capture_output=True, text=True)
    if p.returncode != 0:
        print('check_tutorial: %s exited with %d: %s' % (program, p.returncode, p.stderr))
        ok = False
    ok = same("the output", "\n".join(output), p.stdout) and ok
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
