#!/usr/bin/env python3
"""The include-graph check must fail on a planted reach-in and on an upward
include, naming file and line, and pass on a tree that keeps the plan."""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools', 'check_layers.py')


def tree(files):
    d = tempfile.mkdtemp(prefix='clm-layers-')
    atexit.register(shutil.rmtree, d, True)
    for rel, text in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)
    return d


def run(root):
    r = subprocess.run([sys.executable, TOOL, root], capture_output=True, text=True)
    return r.returncode, r.stdout


CLEAN = {
    'include/clm/common.h': '',
    'include/clm/client.h': '#include "common.h"\n',
    'src/core/core.h': '',
    'src/client/client_internal.h': '#include "core/core.h"\n',
    'src/client/client.c': '#include "clm/client.h"\n#include "client_internal.h"\n',
    'src/store/store.c': '#include "core/core.h"\n#include "clm/common.h"\n',
}


class Layers(unittest.TestCase):
    def test_clean_tree_passes(self):
        code, out = run(tree(CLEAN))
        self.assertEqual(code, 0, out)

    def test_reach_into_private_header_fails_with_file_and_line(self):
        files = dict(CLEAN)
        files['src/store/client_adapter.c'] = '/* x */\n#include "client/client_internal.h"\n'
        code, out = run(tree(files))
        self.assertEqual(code, 1, out)
        self.assertIn('src/store/client_adapter.c:2:', out)
        self.assertIn('private header of module client', out)

    def test_lower_layer_including_higher_public_header_fails(self):
        files = dict(CLEAN)
        files['src/core/money.c'] = '#include "clm/client.h"\n'
        code, out = run(tree(files))
        self.assertEqual(code, 1, out)
        self.assertIn('src/core/money.c:1:', out)
        self.assertIn('point down only', out)

    def test_same_layer_modules_may_not_include_each_other(self):
        files = dict(CLEAN)
        files['include/clm/segment.h'] = '#include "client.h"\n'
        code, out = run(tree(files))
        self.assertEqual(code, 1, out)
        self.assertIn('include/clm/segment.h:1:', out)

    def test_unknown_module_is_an_error(self):
        files = dict(CLEAN)
        files['src/widgets/w.c'] = '#include "core/core.h"\n'
        code, out = run(tree(files))
        self.assertEqual(code, 1, out)
        self.assertIn("module 'widgets' has no layer", out)

    def test_the_real_tree_keeps_the_plan(self):
        code, out = run(os.path.join(os.path.dirname(TOOL), '..'))
        self.assertEqual(code, 0, out)


    def test_readme_architecture_shows_the_same_layers(self):
        # README's "Architecture" line `core <- xml, store <- ...` and its
        # table must say what the script enforces.
        import importlib.util
        spec = importlib.util.spec_from_file_location('check_layers', TOOL)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        want = {}
        for name, layer in mod.LAYERS.items():
            want.setdefault(layer, set()).add(name)
        readme = os.path.join(os.path.dirname(TOOL), '..', 'README.md')
        with open(readme, encoding='utf-8') as f:
            text = f.read()
        self.assertIn('## Architecture', text)
        section = text.split('## Architecture', 1)[1].split('\n## ', 1)[0]
        line = [l for l in section.splitlines() if l.startswith('core ') and '<-' in l]
        self.assertEqual(len(line), 1, 'README Architecture needs one `core <- ...` line')
        got = {i: {m.strip() for m in part.split(',')}
               for i, part in enumerate(line[0].split('<-'))}
        self.assertEqual(got, want, 'README Architecture line differs from LAYERS')
        rows = {}
        for l in section.splitlines():
            cells = [c.strip() for c in l.strip().strip('|').split('|')]
            if len(cells) == 3 and cells[0].isdigit():
                rows[cells[1].strip('`')] = int(cells[0])
        self.assertEqual(rows, mod.LAYERS, 'README Architecture table differs from LAYERS')


if __name__ == '__main__':
    unittest.main()
