#!/usr/bin/env python3
"""Checks that libclm's exports, its headers and its version script agree.

usage: symbols.py LIBCLM.so VERSION_SCRIPT INCLUDE_DIR [INCLUDE_DIR ...]

- every symbol the shared library exports starts with clm_;
- every exported symbol is declared CLM_API in a public header;
- every function declared CLM_API in a public header is exported;
- the version script exports clm_* and hides everything else.
"""
import pathlib
import re
import subprocess
import sys


def exported(lib):
    out = subprocess.run(['nm', '-D', '--defined-only', '--extern-only', lib],
                         check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        kind, name = parts[1], parts[2]
        if kind == 'A':  # version node (LIBCLM_0)
            continue
        names.add(name.split('@')[0])
    return names


def declared(include_dirs):
    names = {}
    headers = []
    for d in include_dirs:
        headers += sorted(pathlib.Path(d).rglob('*.h'))
    for header in headers:
        text = header.read_text()
        text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
        text = re.sub(r'//[^\n]*', ' ', text)
        for m in re.finditer(r'CLM_API\b([^;{]*?)\b(clm_\w+)\s*\(', text):
            names[m.group(2)] = header.name
    return names


def main(argv):
    lib, script = argv[1:3]
    include_dirs = argv[3:]
    errors = []
    exp = exported(lib)
    decl = declared(include_dirs)
    for name in sorted(exp):
        if not name.startswith('clm_'):
            errors.append('exported symbol without the clm_ prefix: %s' % name)
        elif name not in decl:
            errors.append('exported but declared CLM_API in no public header: %s' % name)
    for name, header in sorted(decl.items()):
        if name not in exp:
            errors.append('declared CLM_API in %s but not exported: %s' % (header, name))
    vs = pathlib.Path(script).read_text()
    vs = re.sub(r'/\*.*?\*/', ' ', vs, flags=re.S)
    if not re.search(r'global:\s*clm_\*;', vs) or not re.search(r'local:\s*\*;', vs):
        errors.append('%s must export clm_* and hide the rest' % script)
    for e in errors:
        print('symbols: ' + e)
    print('symbols: %d exported, %d declared, %d problem(s)' % (len(exp), len(decl), len(errors)))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
