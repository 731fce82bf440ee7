"""Shared helpers for the CLI tests (standard library only).

Every test script takes the path of the dramatis binary as argv[1] and runs
from the repository root.  Scripts print "N passed, M failed" at the end and
exit 1 on any failure, or 77 when a test is skipped (ctest SKIP_RETURN_CODE).
"""
import json
import os
import subprocess
import sys

DRAMATIS = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/dramatis"
SHARED = os.path.join("..", "shared")

_passed = 0
_failed = 0


def check(cond, what):
    global _passed, _failed
    if cond:
        _passed += 1
    else:
        _failed += 1
        print("FAIL:", what)


def run(args, stdin=None, **kw):
    """Runs dramatis with args; returns (code, stdout bytes, stderr str)."""
    p = subprocess.run([DRAMATIS] + list(args), input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=kw.pop("timeout", 300), **kw)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def check_doc(doc, text, what):
    """Checks one parsed JSON document against the bytes it came from:
    schema fields, every span in range, quote texts equal to their spans."""
    for key in ("schema", "dramatis", "document", "notes", "tags", "chapters",
                "scenes", "characters", "quotes", "interactions"):
        check(key in doc, "%s: top-level key %s" % (what, key))
    check(doc.get("document", {}).get("bytes") == len(text),
          "%s: document.bytes" % what)
    n = len(text)

    def span_ok(o):
        return 0 <= o["start"] <= o["end"] <= n

    for layer in ("notes", "tags", "chapters", "scenes", "quotes"):
        for o in doc.get(layer, []):
            check(span_ok(o), "%s: %s span in range: %r" % (what, layer, o))
    for q in doc.get("quotes", []):
        want = text[q["start"]:q["end"]].decode("utf-8", "replace")
        check(q["text"] == want, "%s: quote text equals its span %s" %
              (what, q["id"]))
    for nt in doc.get("notes", []):
        want = text[nt["start"]:nt["end"]].decode("utf-8", "replace")
        check(nt["text"] == want, "%s: note text equals its span" % what)


def analyze_ok(path_or_bytes, what, extra=()):
    """Analyses a file (path) or bytes (via stdin); checks exit 0 and the
    JSON; returns the parsed document."""
    if isinstance(path_or_bytes, bytes):
        code, out, err = run(["analyze"] + list(extra) + ["-"],
                             stdin=path_or_bytes)
        text = path_or_bytes
    else:
        code, out, err = run(["analyze"] + list(extra) + [path_or_bytes])
        with open(path_or_bytes, "rb") as f:
            text = f.read()
    check(code == 0, "%s: exit 0 (got %d: %s)" % (what, code, err.strip()))
    try:
        doc = json.loads(out)
    except ValueError as e:
        check(False, "%s: output parses as JSON (%s)" % (what, e))
        return None
    check_doc(doc, text, what)
    return doc


def run_eval(args):
    """Runs `dramatis eval ARGS...`, echoes its output, checks it exited 0;
    returns its standard output as text (None if it timed out)."""
    cmd = [DRAMATIS, "eval"] + list(args)
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=600)
    except subprocess.TimeoutExpired:
        check(False, "%s timed out" % " ".join(cmd))
        return None
    out = r.stdout.decode("utf-8", "replace")
    sys.stdout.write(out)
    sys.stderr.write(r.stderr.decode("utf-8", "replace"))
    check(r.returncode == 0, "%s exited %d" % (" ".join(cmd), r.returncode))
    return out


def run_gate(script, gate, data):
    """Runs the evaluation script (train/...) with --min-accuracy gate on
    this binary and the data folder, echoes the end of its output, and
    checks it exited 0 with an overall row."""
    r = subprocess.run([sys.executable, script, "--min-accuracy", str(gate),
                        DRAMATIS, data],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=600)
    print(r.stdout[-1500:])
    check(r.returncode == 0 and "overall" in r.stdout,
          "%s at or above %s" % (script, gate))


def load_golden(path):
    """Reads a golden JSON file; returns (want, name), or None after printing
    SKIPPED when the story it names (want["file"]) is not present."""
    with open(path, encoding="utf-8") as f:
        want = json.load(f)
    name = os.path.basename(path)
    if not os.path.exists(want["file"]):
        print("SKIPPED: %s (%s not present)" % (name, want["file"]))
        return None
    return want, name


def finish():
    print("%d passed, %d failed" % (_passed, _failed))
    sys.exit(1 if _failed else 0)


def skip(reason):
    print("SKIPPED:", reason)
    sys.exit(77)
