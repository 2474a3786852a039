"""same_output.py C_PROGRAM SCRIPT -- ARGS...: runs the C example and its
twin in the binding's language (SCRIPT: a .py runs under this interpreter,
a .lua under $CLM_LUA) with the same arguments, and fails unless both exit
with the same status and print the same standard output."""

import os
import subprocess
import sys


def main(argv):
    sep = argv.index("--")
    c_prog, script, args = argv[1], argv[2], argv[sep + 1:]
    runner = [sys.executable] if script.endswith(".py") else [os.environ["CLM_LUA"]]
    c = subprocess.run([c_prog] + args, capture_output=True, text=True)
    b = subprocess.run(runner + [script] + args, capture_output=True, text=True)
    if c.returncode != b.returncode:
        print(f"exit status: C {c.returncode}, binding {b.returncode}\n{c.stderr}{b.stderr}")
        return 1
    if c.stdout != b.stdout:
        print("outputs differ:\n--- C\n" + c.stdout + "--- binding\n" + b.stdout)
        return 1
    print(b.stdout, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
