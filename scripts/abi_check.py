"""scripts/abi-check.sh's compiler runs: every source of the library and
of the public headers' stand-alone checks (tests/headers) in a build's
compile_commands.json compiled again with its own command, its output,
dependency file and target dropped and -mx32 -Werror added.
   python3 scripts/abi_check.py COMPILE_COMMANDS.json OUT_DIR JOBS"""
import json
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def commands(db, outdir):
    cmds = []
    for i, e in enumerate(json.load(open(db))):
        target = e.get("output", "")
        if not (target.startswith("libclm.so") or target.startswith("tests/headers/")):
            continue
        args, out, skip = shlex.split(e["command"]), [], False
        for a in args:
            if skip:
                skip = False
            elif a in ("-o", "-MQ", "-MF"):
                skip = True
            elif a != "-MD":
                out.append(a)
        if out[0].endswith("ccache"):
            out = out[1:]
        out[0] = "gcc"
        out += ["-mx32", "-Werror", "-o", "%s/%d.o" % (outdir, i)]
        cmds.append((e["directory"], e["file"], out))
    return cmds


def main():
    db, outdir, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cmds = commands(db, outdir)
    if not cmds:
        sys.exit("abi-check: no library source in " + db + " (an old meson?)")

    def run(c):
        return c[1], subprocess.run(c[2], cwd=c[0], capture_output=True, text=True)

    failed = 0
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as ex:
        for f, r in ex.map(run, cmds):
            if r.returncode != 0:
                failed += 1
                sys.stderr.write("abi-check: %s:\n%s" % (f, r.stderr))
    if failed:
        sys.exit("abi-check: %d of %d sources do not compile for x32 (above)"
                 % (failed, len(cmds)))
    print("abi-check: %d sources (the library, the headers alone) compile for x32 (-mx32, -Werror)" % len(cmds))


if __name__ == "__main__":
    main()
