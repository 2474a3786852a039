#!/usr/bin/env python3
"""credit_fp_test.py - the band decision on a boundary does not depend on
the compiler or the optimisation level (docs/rules.md, "Financial-standing
models", "Order of computation").

Builds tests/credit_fp_driver.c with src/credit/model_kernel.c using gcc
and clang, each at -O0 and -O2 (and -O2 -march=native where the compiler
accepts it, which may enable fused multiply-add), runs each build and
checks that all print the same band decisions (each build also checks
them against the documented bands itself). Scores must be bit-identical
across the plain -O0/-O2 builds. Exit 77 (skip) when neither compiler is
found.

Usage: credit_fp_test.py SOURCE_ROOT
"""
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    root = sys.argv[1]
    compilers = [c for c in ('gcc', 'clang') if shutil.which(c)]
    if not compilers:
        print('no gcc or clang: skipped')
        return 77
    src = [os.path.join(root, 'tests', 'credit_fp_driver.c'),
           os.path.join(root, 'src', 'credit', 'model_kernel.c')]
    outs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for cc in compilers:
            for flags in (['-O0'], ['-O2'], ['-O2', '-march=native']):
                exe = os.path.join(tmp, '%s%s' % (cc, ''.join(flags).replace('=', '')))
                cmd = [cc, '-std=c11', '-Wall', '-Werror'] + flags + [
                    '-I', os.path.join(root, 'src'), '-o', exe] + src + ['-lm']
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode != 0:
                    if '-march=native' in flags:
                        continue
                    print('build failed: %s\n%s' % (' '.join(cmd), r.stderr))
                    return 1
                r = subprocess.run([exe], capture_output=True, text=True)
                name = '%s %s' % (cc, ' '.join(flags))
                if r.returncode != 0:
                    print('%s: wrong band decision\n%s%s' % (name, r.stdout, r.stderr))
                    return 1
                outs[name] = r.stdout.splitlines()
                print('%s: %d decisions as documented' % (name, len(outs[name])))
    names = sorted(outs)
    ref = outs[names[0]]

    def decisions(lines):
        return [l.split(' score ')[0] for l in lines]
    for n in names[1:]:
        if decisions(outs[n]) != decisions(ref):
            print('band decisions differ between %s and %s' % (names[0], n))
            return 1
        if 'native' not in n and 'native' not in names[0] and outs[n] != ref:
            print('scores differ between %s and %s' % (names[0], n))
            return 1
    print('identical decisions from %d builds' % len(names))
    return 0


if __name__ == '__main__':
    sys.exit(main())
