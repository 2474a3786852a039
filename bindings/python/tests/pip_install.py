"""`pip install .` of the clm package, as bindings/README.md says: a fresh
virtual environment made from this interpreter (Debian's /usr/bin/python3
in the default build) that sees the system's packages, pip without an
index and without build isolation (Debian's python3-mesonpy is the build
backend), then the installed package imported from outside the source.

The source is copied first (without build folders): meson-python writes
into the folder it builds. Skipped (exit 77) when venv, ensurepip or
mesonpy is missing, unless CLM_TEST_PIP_REQUIRED=1 (CI, where
scripts/install-deps.sh installs them), which makes that a failure."""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.environ.get("CLM_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))

CHECK = r"""
import array, datetime, os, sys
import clm
from clm import discount as d
here = os.path.dirname(clm.__file__)
assert here.startswith(sys.prefix), (here, sys.prefix)
for f in ("_clm.pyi", "py.typed"):
    assert os.path.exists(os.path.join(here, f)), f
assert str(clm.Money("1500", "RUB")) == "1500.00 RUB"
e = d.Policy.load(sys.argv[1]).compile()
r = e.price_columns(d.Document("RUB", datetime.date(2026, 2, 10), []), lines_per_document=2,
                    products=["A", "B"], quantity_thousandths=array.array("q", [1000, 2500]),
                    unit_price_minor=[10000, 400])
assert list(r.column("net")) == [10000, 1000], list(r.column("net"))
print("pip_install: clm", clm.__version__, "from", here)
"""


def missing():
    return [m for m in ("venv", "ensurepip", "mesonpy") if importlib.util.find_spec(m) is None]


def ignore_top(src, names):
    """The source without build folders, hidden entries or caches."""
    if os.path.samefile(src, ROOT):
        return [n for n in names if n.startswith((".", "build"))]
    return [n for n in names if n == "__pycache__"]


def run(cmd, **kw):
    print("+", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if p.returncode != 0:
        print(p.stdout)
        raise SystemExit(f"pip_install: exit status {p.returncode}")
    return p.stdout


def main():
    gone = missing()
    if gone:
        why = f"pip_install: {sys.executable} lacks {', '.join(gone)} (python3-venv, python3-mesonpy)"
        if os.environ.get("CLM_TEST_PIP_REQUIRED") == "1":
            print(why + "; CLM_TEST_PIP_REQUIRED=1 makes that a failure")
            return 1
        print(why + ": skipped")
        return 77
    with tempfile.TemporaryDirectory(prefix="clm-pip-") as tmp:
        src, venv = os.path.join(tmp, "src"), os.path.join(tmp, "venv")
        shutil.copytree(ROOT, src, ignore=ignore_top, symlinks=True)
        run([sys.executable, "-m", "venv", "--system-site-packages", venv])
        env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
        env.pop("PYTHONPATH", None)   # the build folder's package is not the one installed
        env.pop("LD_PRELOAD", None)
        out = run([os.path.join(venv, "bin", "pip"), "install", "--no-build-isolation",
                   "--no-index", "--no-cache-dir", "."], cwd=src, env=env)
        print(out.strip().splitlines()[-1])
        print(run([os.path.join(venv, "bin", "python"), "-c", CHECK,
                   os.path.join(ROOT, "examples", "data", "loyalty-policy.xml")],
                  cwd=tmp, env=env).strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
