"""The Python binding (bindings/python) against the shared library.

The binding loads BUILD/libdramatis.so (beside the CLI given as argv[1])
through DRAMATIS_LIB and must agree with the CLI byte for byte: analyze()
is the CLI's JSON, render() its HTML/CSV/GraphML/GEXF; quotes() and
characters() are flat rows; refused input raises DramatisError with the
CLI's message and offset.  The package installs with pip from the
repository (no index, no build isolation: Debian's pip and setuptools) and
then finds a library copied next to it.  Under a sanitizer build the script
re-runs itself with the ASan/UBSan runtimes preloaded, so the library is
checked by them through ctypes too.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import DRAMATIS, SHARED, check, finish, run, skip  # noqa: E402

BUILD = os.path.dirname(DRAMATIS)
LIB = os.path.join(BUILD, "libdramatis.so")
BINDING = os.path.abspath(os.path.join("bindings", "python"))
if not os.path.exists(LIB):
    skip("%s not built (target dramatis_shared)" % LIB)

if os.environ.get("DR_SANITIZED") and "DR_PY_PRELOADED" not in os.environ:
    # A sanitized library can only be loaded into a process that starts
    # with the sanitizer runtimes.
    libs = []
    for name in ("libasan.so", "libubsan.so"):
        p = subprocess.run(["gcc", "-print-file-name=" + name],
                           stdout=subprocess.PIPE).stdout.decode().strip()
        if os.path.isabs(p):
            libs.append(os.path.realpath(p))
    if len(libs) != 2:
        skip("sanitizer runtimes not found for LD_PRELOAD")
    env = dict(os.environ, DR_PY_PRELOADED="1", LD_PRELOAD=" ".join(libs),
               ASAN_OPTIONS="detect_leaks=0:abort_on_error=0")
    r = subprocess.run([sys.executable] + sys.argv, env=env)
    sys.exit(r.returncode)

os.environ["DRAMATIS_LIB"] = LIB
sys.path.insert(0, BINDING)
import dramatis  # noqa: E402

check(os.path.samefile(dramatis.library_path, LIB), "loads DRAMATIS_LIB")
check(dramatis.version() == run(["--version"])[1].decode().split()[1],
      "library version is the CLI's")

SAMPLES = ["samples/lanterns.txt"]
for extra in ("netherfield-ball.txt", "greenwood.txt"):
    p = os.path.join(SHARED, "samples", extra)
    if os.path.exists(p):
        SAMPLES.append(p)

for path in SAMPLES:
    rc, out, err = run(["analyze", "--mentions", path])
    want = json.loads(out)
    got = dramatis.analyze(path, mentions=True)
    check(got == want, "%s: analyze() equals the CLI's JSON" % path)
    with open(path, "rb") as f:
        data = f.read()
    from_bytes = dramatis.analyze(data)
    from_str = dramatis.analyze(data.decode("utf-8"))
    check(from_bytes["document"]["source"] is None, "%s: bytes have no "
          "source" % path)
    for k in ("quotes", "characters", "interactions", "notes", "tags"):
        check(from_bytes[k] == want[k] and from_str[k] == want[k],
              "%s: %s the same from a path, str and bytes" % (path, k))
    check(dramatis.doc_text(path) == data, "%s: doc_text is the file" % path)
    for fmt in ("html", "csv", "graphml", "gexf"):
        rc, out, err = run(["analyze", "--format", fmt, path])
        check(dramatis.render(path, fmt).encode("utf-8") == out,
              "%s: render(%s) equals the CLI's" % (path, fmt))

    qs, cs = dramatis.quotes(got), dramatis.characters(got)
    flat = (str, int, float, bool, type(None))
    check(len(qs) == len(want["quotes"]) and len(cs) ==
          len(want["characters"]), "%s: a row per quote and character" % path)
    check(all(isinstance(v, flat) for row in qs + cs for v in row.values()),
          "%s: rows hold scalars only" % path)
    check(len({tuple(sorted(r)) for r in qs}) <= 1 and
          len({tuple(sorted(r)) for r in cs}) <= 1,
          "%s: every row has the same columns" % path)
    names = {c["id"]: c["name"] for c in want["characters"]}
    check(all(r["speaker_name"] == names.get(r["speaker"]) for r in qs),
          "%s: speaker names" % path)
    check(all(r["text"] == q["text"] and r["start"] == q["start"]
              for r, q in zip(qs, want["quotes"])), "%s: quote rows" % path)
    check([r["name"] for r in cs] == [c["name"] for c in want["characters"]],
          "%s: character rows in order" % path)
    xs = dramatis.interactions(got)
    check(all(x["a_name"] == names[x["a"]] for x in xs),
          "%s: interaction names" % path)

# Options reach the library.
few = dramatis.analyze(SAMPLES[0], min_mentions=100)
check(few["characters"] == [], "min_mentions=100 leaves no characters")
named = dramatis.analyze(b'"Hi," said Ann.', source="x.txt")
check(named["document"]["source"] == "x.txt", "source option")
try:
    dramatis.analyze(SAMPLES[0], bogus=1)
    check(False, "an unknown option raises TypeError")
except TypeError:
    check(True, "")

# Refused input: the CLI's message and offset.
tmp = tempfile.mkdtemp(prefix="dramatis-python-")
for name, data in (("binary", b"\x00\x01\x02\x03" * 64),
                   ("bad-utf8", b"Hello \"there\" \x81\x8d\x8f\x90 end\n")):
    p = os.path.join(tmp, name)
    with open(p, "wb") as f:
        f.write(data)
    rc, out, err = run(["analyze", p])
    try:
        dramatis.analyze(data)
        check(rc == 0, "%s: analyze() raises like the CLI (exit %d)" %
              (name, rc))
    except dramatis.DramatisError as e:
        check(rc != 0 and ":%d: %s" % (e.offset, e.message) in err,
              "%s: DramatisError %r matches the CLI's %r" % (name, e, err))
        check(e.status < 0, "%s: a negative status" % name)
lossy = dramatis.analyze(b'"Caf\xff," said Ann.\n', lossy=True)
check(lossy["quotes"] and "\ufffd" in lossy["quotes"][0]["text"],
      "lossy=True analyses invalid UTF-8")

# Installable with pip from the repository, then finds a library copied
# next to the package.  Debian's own python3 (its pip and setuptools) when
# present, else this interpreter.
py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else \
    sys.executable
target = os.path.join(tmp, "site")
src = os.path.join(tmp, "src")
shutil.copytree(BINDING, src)
shutil.copy(LIB, os.path.join(src, "dramatis", "libdramatis.so"))
r = subprocess.run([py, "-m", "pip", "install", "--quiet", "--no-index",
                    "--no-build-isolation", "--no-deps", "--target", target,
                    src], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
log = r.stdout.decode("utf-8", "replace")
if r.returncode != 0 and ("No module named pip" in log or
                          "wheel" in log.lower()):
    print("SKIPPED: pip install (%s lacks pip or wheel): %s" %
          (py, log.strip()[-200:]))
else:
    check(r.returncode == 0, "pip install from the repository: %s" % log)
    env = {k: v for k, v in os.environ.items() if k != "DRAMATIS_LIB"}
    env["PYTHONPATH"] = target
    code = ("import dramatis, os; d = dramatis.analyze(%r); "
            "print(os.path.dirname(dramatis.library_path) == "
            "os.path.dirname(dramatis.__file__), len(d['quotes']))"
            % os.path.abspath(SAMPLES[0]))
    r = subprocess.run([py, "-c", code], env=env, cwd=tmp,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = r.stdout.decode("utf-8", "replace").split()
    want_q = str(len(dramatis.analyze(SAMPLES[0])["quotes"]))
    check(r.returncode == 0 and out == ["True", want_q],
          "installed package uses the library next to it: %r" % out)
finish()
