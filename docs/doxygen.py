#!/usr/bin/env python3
"""Builds the API reference and treats doxygen's warnings as errors.

    doxygen.py DOXYGEN DOXYFILE OUTDIR SRCDIR BUILDDIR BASELINE STAMP

Runs doxygen, reads its warning log, and fails (status 1, each warning on
stderr) on every warning except the undocumented struct members and
structs that BASELINE lists, which were undocumented when the reference
was first built; a public function, type or macro without documentation,
a new undocumented member, or a broken doc command fails. A baseline entry
that no longer occurs is reported so that it can be deleted: the list only
shrinks. Warnings are compared without line numbers, which move with
every edit.
"""
import os
import re
import subprocess
import sys

doxygen, doxyfile, outdir, srcdir, builddir, baseline_path, stamp = sys.argv[1:8]
os.makedirs(outdir, exist_ok=True)
log = os.path.join(outdir, 'warnings.txt')
if os.path.exists(log):
    os.remove(log)
r = subprocess.run([doxygen, doxyfile], capture_output=True, text=True)
if r.returncode != 0:
    sys.stderr.write(r.stdout + r.stderr)
    sys.exit('doxygen failed with status %d' % r.returncode)


def normal(path):
    for root in (srcdir, builddir):
        root = os.path.realpath(root) + os.sep
        if os.path.realpath(path).startswith(root):
            return os.path.relpath(os.path.realpath(path), root)
    return path


warnings = []
text = open(log, encoding='utf-8', errors='replace').read() if os.path.exists(log) else ''
for line in text.splitlines():
    m = re.match(r'^(/[^:]+):(\d+): (.*)$', line)
    if m:
        warnings.append('%s: %s' % (normal(m.group(1)), m.group(3).strip()))
    elif line.strip() and warnings:
        warnings[-1] += ' ' + line.strip()
    elif line.strip():
        warnings.append(line.strip())

baseline = set()
for line in open(baseline_path, encoding='utf-8'):
    line = line.strip()
    if line and not line.startswith('#'):
        baseline.add(line)
tolerated = re.compile(r'warning: (Member \S+ \(variable\) of struct \S+|Compound \S+) is not documented\.$')

errors = [w for w in warnings if w not in baseline or not tolerated.search(w)]
stale = sorted(baseline - set(warnings))
for w in errors:
    print('error: ' + w, file=sys.stderr)
if stale:
    print('docs: %d entries of %s are documented now; delete them there:'
          % (len(stale), os.path.relpath(baseline_path, srcdir)), file=sys.stderr)
    for w in stale:
        print('  ' + w, file=sys.stderr)
if errors:
    sys.exit('docs: %d doxygen warning(s); document the public API (docs/doxygen.py says why)' % len(errors))
with open(stamp, 'w') as f:
    f.write('%d warnings, all in the baseline\n' % len(warnings))
print('docs: reference built; %d undocumented structs and struct members left in %s'
      % (len(warnings), os.path.relpath(baseline_path, srcdir)))
