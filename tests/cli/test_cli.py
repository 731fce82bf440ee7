"""The dramatis command line: usage, formats, ingestion and bad input.

Bad input must give one line "dramatis: FILE:BYTE: message" on stderr, no
JSON on stdout, and the contract's exit code (2 usage, 3 input, 4 I/O,
5 resource limit).
"""
import json
import os
import re
import stat
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import analyze_ok, check, finish, run  # noqa: E402

SAMPLE = "samples/lanterns.txt"
ERR_RE = re.compile(r"^dramatis: .+:\d+: .+\n$")


def expect_error(args, code, pattern, what, stdin=None):
    rc, out, err = run(args, stdin=stdin)
    check(rc == code, "%s: exit %d (got %d)" % (what, code, rc))
    check(out == b"", "%s: nothing on stdout" % what)
    check(ERR_RE.match(err) is not None, "%s: one error line: %r" % (what, err))
    check(re.search(pattern, err) is not None,
          "%s: message matches %r: %r" % (what, pattern, err))


tmp = tempfile.mkdtemp(prefix="dramatis-cli-")


def write(name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


# --- help, version, usage errors -------------------------------------------
rc, out, err = run(["--help"])
check(rc == 0 and b"analyze" in out and b"text" in out, "--help")
rc, out, err = run(["--version"])
check(rc == 0 and re.match(rb"^dramatis \d+\.\d+\.\d+\n$", out), "--version")
rc, out, err = run([])
check(rc == 2, "no arguments: exit 2")
rc, out, err = run(["frobnicate"])
check(rc == 2 and "unknown command" in err, "unknown command: exit 2")
rc, out, err = run(["analyze"])
check(rc == 2, "analyze without files: exit 2")
rc, out, err = run(["analyze", "--format", "yaml", SAMPLE])
check(rc == 2 and "unknown format" in err, "unknown format: exit 2")
rc, out, err = run(["analyze", "--bogus", SAMPLE])
check(rc == 2, "unknown option: exit 2")
rc, out, err = run(["analyze", "--max-bytes", "zero", SAMPLE])
check(rc == 2, "bad --max-bytes: exit 2")

# --- normal runs -------------------------------------------------------------
doc = analyze_ok(SAMPLE, "sample")
check(doc is not None and doc["schema"] == 1, "schema is 1")
check(doc is not None and doc["document"]["source"] == SAMPLE, "source")
check(doc is not None and 450 < doc["document"]["words"] < 600,
      "words counted (story words, not notes)")
rc, out, err = run(["analyze", "--format", "text", SAMPLE])
check(rc == 0 and b"words:" in out and b"quotes:" in out
      and b"chapters:" in out and b"tags:" in out, "text summary")
check(re.search(rb"characters: \d+ .*\((M|F|N|U), \d+ quotes\)", out)
      is not None, "text summary lists characters with gender and quotes")
with open(SAMPLE, "rb") as f:
    sample = f.read()
doc = analyze_ok(sample, "stdin")
check(doc is not None and doc["document"]["source"] == "-", "stdin source")
outpath = os.path.join(tmp, "out.json")
rc, out, err = run(["analyze", "-o", outpath, SAMPLE])
check(rc == 0 and out == b"", "-o writes nothing to stdout")
with open(outpath, "rb") as f:
    check(json.loads(f.read())["schema"] == 1, "-o file holds the JSON")
rc, out, err = run(["analyze", "--pretty", SAMPLE])
check(rc == 0 and out.count(b"\n") > 20 and json.loads(out)["schema"] == 1,
      "--pretty is indented JSON")
# Two files: one JSON object per line.
rc, out, err = run(["analyze", SAMPLE, SAMPLE])
lines = out.splitlines()
check(rc == 0 and len(lines) == 2 and all(json.loads(x) for x in lines),
      "two files give two JSON lines")

# --- text command: exactly the bytes offsets refer to -----------------------
rc, out, err = run(["text", SAMPLE])
check(rc == 0 and out == sample, "text prints the input bytes")
for name, data in [("crlf", sample.replace(b"\n", b"\r\n")),
                   ("cr", sample.replace(b"\n", b"\r")),
                   ("bom", b"\xef\xbb\xbf" + sample)]:
    p = write(name + ".txt", data)
    rc, out, err = run(["text", p])
    check(rc == 0 and out == data, "text keeps %s bytes" % name)
    d = analyze_ok(p, name)
    base = analyze_ok(SAMPLE, "base")
    if d and base:
        check(len(d["quotes"]) == len(base["quotes"]),
              "%s: same quotes as LF (%d vs %d)" %
              (name, len(d["quotes"]), len(base["quotes"])))
        check(d["document"]["words"] == base["document"]["words"],
              "%s: same words as LF" % name)

# --- odd but valid input ----------------------------------------------------
d = analyze_ok(write("empty.txt", b""), "empty file")
check(d is not None and d["document"]["words"] == 0 and d["quotes"] == [],
      "empty file: no words, no quotes")
# Stray NUL bytes in a text are data; only a NUL-heavy file is binary.
d = analyze_ok(write("nul.txt", sample[:900] + b"\x00" + sample[900:1800] +
                     b"\x00" + sample[1800:]), "stray NUL bytes")
d = analyze_ok(write("nul2.txt", b'She said "hi\x00there" and left.\n' * 3),
               "NUL bytes with --allow-binary", extra=["--allow-binary"])
d = analyze_ok(write("ws.txt", b" \n\t\n\r\n  \n"), "only white space")
big = (b"word " * 10_000_000)[:50 * 1024 * 1024]
d = analyze_ok(write("line.txt", big), "50 MB single line")
check(d is not None and d["document"]["words"] > 10_000_000 - 10,
      "50 MB single line: words counted")
os.remove(os.path.join(tmp, "line.txt"))

# --- bad input ----------------------------------------------------------------
bad = write("bad.txt", b"Hello \"w\xffrld\" there.\n")
expect_error(["analyze", bad], 3, r"bad\.txt:8: invalid UTF-8$", "invalid UTF-8")
expect_error(["text", bad], 3, r":8: invalid UTF-8$", "text: invalid UTF-8")
trunc = write("trunc.txt", b"ends in \xe2\x80")
expect_error(["analyze", trunc], 3, r":8: invalid UTF-8$", "truncated UTF-8")
overlong = write("overlong.txt", b"ab\xc0\xaf")
expect_error(["analyze", overlong], 3, r":2: invalid UTF-8$", "overlong UTF-8")
d = analyze_ok(bad, "--lossy", extra=["--lossy"])
binf = write("bin.dat", bytes(range(256)) * 64)
expect_error(["analyze", binf], 3, r"bin\.dat:0: binary file", "binary file")
utf16 = write("utf16.txt", "Hello there".encode("utf-16-le"))
expect_error(["analyze", utf16], 3, r"binary file", "UTF-16 file")
expect_error(["analyze", tmp], 4, r"is a directory$", "directory")
expect_error(["analyze", os.path.join(tmp, "missing.txt")], 4,
             r"missing\.txt:0: No such file", "missing file")
expect_error(["analyze", "--max-bytes", "10", SAMPLE], 5, r"over the limit",
             "--max-bytes")
expect_error(["analyze", "--max-bytes", "10", "-"], 5, r"over the limit",
             "--max-bytes on stdin", stdin=sample)
huge = os.path.join(tmp, "huge.txt")
with open(huge, "wb") as f:  # sparse: 2 GiB on paper, no disk used
    f.truncate(2 * 1024 ** 3)
expect_error(["analyze", huge], 5, r"huge\.txt:\d+: file is 2147483648 bytes",
             "2 GB file")
os.remove(huge)

unreadable = write("secret.txt", b"text")
os.chmod(unreadable, 0)
if os.geteuid() == 0:
    # root reads anything: drop to an unprivileged user for this case.
    os.chmod(tmp, 0o755)
    import subprocess
    from common import DRAMATIS
    p = subprocess.run([DRAMATIS, "analyze", unreadable],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       preexec_fn=lambda: (os.setgid(65534), os.setuid(65534)))
    check(p.returncode == 4, "unreadable file: exit 4 (got %d)" % p.returncode)
    check(b"Permission denied" in p.stderr, "unreadable: says why")
else:
    expect_error(["analyze", unreadable], 4, r"Permission denied$",
                 "unreadable file")
os.chmod(unreadable, stat.S_IRUSR | stat.S_IWUSR)

# A bad file among good ones: the good ones are written, the exit says not.
rc, out, err = run(["analyze", SAMPLE, bad, SAMPLE])
check(rc == 3, "mixed run exits 3 (got %d)" % rc)
check(len(out.splitlines()) == 2, "mixed run writes the two good documents")
check(err.count("\n") == 1 and "bad.txt:8:" in err, "mixed run: one error")

finish()
