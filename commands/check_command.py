#!/usr/bin/env python3
"""Checks an installed command's promises: --version and --help exit 0,
--version names the program and libclm's version, --help lists the exit
statuses, and the man page documents the same statuses (so neither can
drift from the other), and the man page renders without a groff warning.

    check_command.py PROGRAM MANPAGE
"""
import os
import re
import shutil
import subprocess
import sys

prog, man = sys.argv[1], sys.argv[2]
name = os.path.basename(prog)
failures = []

v = subprocess.run([prog, '--version'], capture_output=True, text=True)
if v.returncode != 0 or not re.fullmatch(re.escape(name) + r' \(libclm\) \d+\.\d+\.\d+\n', v.stdout):
    failures.append('--version: status %d, output %r' % (v.returncode, v.stdout))

h = subprocess.run([prog, '--help'], capture_output=True, text=True)
if h.returncode != 0:
    failures.append('--help: status %d' % h.returncode)
help_codes = set()
if 'exit status:' in h.stdout:
    for line in h.stdout.split('exit status:', 1)[1].splitlines():
        m = re.match(r'\s+(\d+)\s', line)
        if m:
            help_codes.add(int(m.group(1)))
if not help_codes:
    failures.append('--help lists no exit status')

text = open(man, encoding='utf-8').read()
if '.SH "EXIT STATUS"' not in text and '.SH EXIT STATUS' not in text:
    failures.append('%s: no EXIT STATUS section' % man)
else:
    section = re.split(r'\.SH "?EXIT STATUS"?\n', text, maxsplit=1)[1].split('\n.SH', 1)[0]
    man_codes = {int(m) for m in re.findall(r'^\.TP\n\.B (\d+)$', section, re.M)}
    if man_codes != help_codes:
        failures.append('exit statuses differ: --help %s, man page %s'
                        % (sorted(help_codes), sorted(man_codes)))
if ('.TH ' + name.upper() + ' ') not in text:
    failures.append('%s: .TH does not name %s' % (man, name.upper()))

groff = shutil.which('groff')
if groff:
    r = subprocess.run([groff, '-man', '-ww', '-z', man], capture_output=True, text=True)
    if r.returncode != 0 or r.stderr.strip():
        failures.append('groff: ' + r.stderr.strip())

for f in failures:
    print('%s: %s' % (name, f), file=sys.stderr)
sys.exit(1 if failures else 0)
