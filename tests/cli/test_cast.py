#!/usr/bin/env python3
"""A known cast: `dramatis analyze --cast FILE` and `eval speakers --cast`.

The cast files in tests/fixtures/cast were written by reading each story.
With a cast, the characters must be exactly the cast members the story
names (with the genders given), and the speakers of the golden stories
(tests/golden-speakers, written by reading) are gated at what the
attribution stage reaches with that cast today.  A malformed or missing
cast file is refused with the contract's one-line error and exit code.
On PDNC (when ../shared is present) `eval speakers --cast` gives each
novel its gold cast (characters.tsv) and is gated at today's score.

argv[1] is the dramatis binary; run from the repository root.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import (analyze_ok, check, finish, load_golden,  # noqa: E402
                    run, run_eval)

CASTS = "tests/fixtures/cast"
# Right speakers per golden story with its cast, as reached today.
GATES = {"lanterns": 33, "netherfield-ball": 30}
PDNC = os.path.join("..", "shared", "data", "pdnc")
PDNC_GATE = 0.775  # overall speaker accuracy with the gold cast, today 0.7789


def cast_lines(path):
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            name, aliases, gender = [f.strip() for f in line.split("|")]
            out.append((name, [a.strip() for a in aliases.split(";")
                               if a.strip()], gender))
    return out


def story(name):
    path = os.path.join("tests/golden-speakers", name + ".json")
    loaded = load_golden(path)
    if loaded is None:
        return
    want, _ = loaded
    cast = os.path.join(CASTS, name + ".cast")
    doc = analyze_ok(want["file"], name + " --cast", ["--cast", cast])
    if doc is None:
        return
    # A cast name's aliases, and the last words of its names of several
    # words (cast.c derives "Bennet" from "Elizabeth Bennet").
    given = {}
    for n, a, g in cast_lines(cast):
        names = set(a) | {n}
        names |= {x.split()[-1] for x in names if len(x.split()) > 1}
        given[n] = (names, g)
    chars = {c["id"]: c for c in doc["characters"]}
    for c in doc["characters"]:
        check(c["name"] in given, "%s: %s is a cast member" % (name, c["name"]))
        if c["name"] in given:
            names, g = given[c["name"]]
            check(c["gender"] == g, "%s: %s gender %s" % (name, c["name"], g))
            check({a["text"] for a in c["aliases"]} <= names,
                  "%s: %s aliases from the cast" % (name, c["name"]))
    check(len(doc["characters"]) == len(given),
          "%s: every cast member is named (%d of %d)" %
          (name, len(doc["characters"]), len(given)))
    quotes = doc["quotes"]
    k = right = 0
    for w in want["quotes"]:
        while k < len(quotes) and not quotes[k]["text"].startswith(w["text"]):
            k += 1
        if k >= len(quotes):
            check(False, "%s: quote %r found" % (name, w["text"]))
            k = 0
            continue
        sp = quotes[k].get("speaker")
        got = chars[sp] if sp else None
        names = ({got["name"]} | {a["text"] for a in got["aliases"]}
                 if got else set())
        if (w["speaker"] is None and got is None) or w["speaker"] in names:
            right += 1
        else:
            print("  %s: %r: want %s, got %s" % (name, w["text"][:40],
                                                 w["speaker"],
                                                 got["name"] if got else None))
    print("%s with --cast: %d/%d speakers right" % (name, right,
                                                   len(want["quotes"])))
    check(right >= GATES[name], "%s: %d >= %d right speakers" %
          (name, right, GATES[name]))


def errors():
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "bad.cast")
        with open(bad, "w") as f:
            f.write("Jo | Josephine | F\nLaurie | | Q\n")
        code, out, err = run(["analyze", "--cast", bad, "samples/lanterns.txt"])
        check(code == 3, "bad gender: exit 3 (got %d)" % code)
        check(err.strip() == "dramatis: %s:19: gender must be M, F, N or U"
              % bad, "bad gender: message (%r)" % err.strip())
        check(out == b"", "bad cast: no output")
        code, _, err = run(["analyze", "--cast", os.path.join(tmp, "none"),
                            "samples/lanterns.txt"])
        check(code == 4 and "No such file" in err,
              "missing cast: exit 4 (got %d: %s)" % (code, err.strip()))
        code, _, err = run(["analyze", "--cast"])
        check(code == 2, "--cast without a file: exit 2 (got %d)" % code)
        # `text` takes the option too, and prints the same text.
        code, out, _ = run(["text", "--cast", CASTS + "/lanterns.cast",
                            "samples/lanterns.txt"])
        check(code == 0 and out == open("samples/lanterns.txt", "rb").read(),
              "text --cast prints the document text")


def pdnc():
    if not os.path.isdir(PDNC):
        print("SKIPPED: eval speakers --cast (%s not present)" % PDNC)
        return
    out = run_eval(["speakers", "--cast", "--min-accuracy", str(PDNC_GATE),
                    PDNC])
    if out is not None:
        row = [l for l in out.splitlines() if l.startswith("overall")]
        check(len(row) == 1, "eval speakers --cast prints the overall row")


story("lanterns")
story("netherfield-ball")
errors()
pdnc()
finish()
