#!/usr/bin/env python3
"""check_layers.py - hold libclm's sources to the house plan.

Reads every #include "..." in src/ and include/clm/ and fails, naming the
file and line, when
  * a file includes another module's private header (anything in another
    module's folder except that layer's declared library header below), or
  * a module includes a module of the same or a higher layer (dependencies
    point down only, so no two modules can need each other).

Usage: check_layers.py [ROOT]   (ROOT defaults to the project root)
Exit status: 0 clean, 1 violations found, 2 usage or unknown file.

The one table of layers (docs/architecture.md shows the same):
"""
import os
import re
import sys

# module -> layer; a module may include modules of strictly lower layers.
LAYERS = {
    'core': 0,
    'xml': 1, 'store': 1,
    'client': 2, 'segment': 2,
    # discount reads client facts in the client module's vocabulary
    # (clm/idcheck.h legal types), so it sits above client
    'category': 3, 'discount': 3, 'credit': 3, 'claim': 3,
    'offer': 4,
}

# The private headers a lower layer declares for the modules above it.
LIBRARY_HEADERS = {
    'core/core.h': 'core',
    'xml/xml_reader.h': 'xml',
    'store/store_op.h': 'store',
}

# Public header (include/clm/<name>) -> module. A name not listed here falls
# to the first prefix in PUBLIC_PREFIXES that matches it.
PUBLIC = {
    'actor.h': 'core', 'alloc.h': 'core', 'calendar.h': 'core',
    'common.h': 'core', 'date.h': 'core', 'error.h': 'core',
    'money.h': 'core', 'rate.h': 'core', 'version.h': 'core',
    'format.h': 'core', 'version.h.in': 'core', 'lang.h': 'core',
    'xml.h': 'xml',
    'store.h': 'store', 'store_keys.h': 'store', 'sys/store_backend.h': 'store',
    'contact.h': 'client', 'delegation.h': 'client', 'idcheck.h': 'client',
    'task.h': 'client',
    'segment.h': 'segment',
    'clm.h': None,  # the umbrella: includes everything, included by nothing
}
PUBLIC_PREFIXES = ['client', 'category', 'discount', 'price', 'credit',
                   'claim', 'offer', 'contract', 'segment']
PREFIX_MODULE = {'price': 'discount', 'contract': 'offer'}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def public_module(name):
    if name in PUBLIC:
        return PUBLIC[name]
    base = os.path.basename(name)
    for p in PUBLIC_PREFIXES:
        if base.startswith(p):
            return PREFIX_MODULE.get(p, p)
    return 'unknown'


def file_module(rel):
    """Module of a file given relative to the root, or None if unchecked."""
    parts = rel.split('/')
    if parts[0] == 'src' and len(parts) >= 3:
        return parts[1]
    if parts[0] == 'include' and parts[1] == 'clm':
        return public_module('/'.join(parts[2:]))
    return None


def check(root):
    errors = []
    for top in ('src', os.path.join('include', 'clm')):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for n in sorted(names):
                if not n.endswith(('.c', '.h', '.h.in')):
                    continue
                path = os.path.join(dirpath, n)
                rel = os.path.relpath(path, root).replace(os.sep, '/')
                mod = file_module(rel)
                if mod is None and rel.startswith('src/'):
                    errors.append('%s: a source outside any module folder' % rel)
                    continue
                if mod == 'unknown':
                    errors.append('%s: public header with no module in '
                                  'tools/check_layers.py PUBLIC' % rel)
                    continue
                if mod is not None and mod not in LAYERS:
                    errors.append('%s: module %r has no layer in '
                                  'tools/check_layers.py LAYERS' % (rel, mod))
                    continue
                with open(path, encoding='utf-8') as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if m:
                            err = judge(rel, mod, m.group(1), root)
                            if err:
                                errors.append('%s:%d: %s' % (rel, lineno, err))
    return errors


def judge(rel, mod, inc, root):
    if mod is None:  # the umbrella header
        return None
    if rel.startswith('include/') and not inc.startswith('clm/'):
        # public headers include their siblings by relative name
        inc = 'clm/' + os.path.normpath(os.path.join(os.path.dirname(rel)[len('include/clm/'):], inc)).replace(os.sep, '/').lstrip('./')
    if inc.startswith('clm/'):
        target = public_module(inc[4:])
        what = 'public header %s' % inc
    elif inc in LIBRARY_HEADERS:
        target = LIBRARY_HEADERS[inc]
        what = 'library header src/%s' % inc
    else:
        here = os.path.dirname(rel)
        if rel.startswith('src/') and os.path.exists(os.path.join(root, here, inc)):
            resolved = os.path.normpath(os.path.join(here, inc)).replace(os.sep, '/')
        else:
            resolved = 'src/' + inc
        tmod = file_module(resolved)
        if tmod != mod:
            return ('includes %s, a private header of module %s; use its '
                    'public header' % (inc, tmod or '?'))
        return None
    if target == 'unknown':
        return '%s belongs to no module in tools/check_layers.py' % inc
    if target is None or target == mod:
        return None if target == mod else '%s is the umbrella header' % inc
    if LAYERS[target] >= LAYERS[mod]:
        return ('%s (layer %d) includes %s of %s (layer %d): dependencies '
                'point down only' % (mod, LAYERS[mod], what, target, LAYERS[target]))
    return None


def main():
    if len(sys.argv) > 2:
        print('usage: check_layers.py [ROOT]', file=sys.stderr)
        return 2
    root = sys.argv[1] if len(sys.argv) == 2 else os.path.join(os.path.dirname(__file__), '..')
    errors = check(root)
    for e in errors:
        print(e)
    if errors:
        print('check_layers: %d violation(s) of the layers in tools/check_layers.py' % len(errors))
        return 1
    print('check_layers: clean')
    return 0


if __name__ == '__main__':
    sys.exit(main())
