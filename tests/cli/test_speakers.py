#!/usr/bin/env python3
"""Speakers and addressees: golden stories, output invariants, PDNC scores.

Each tests/golden-speakers/NAME.json was written by reading the story, not
by copying the program's output: for every quote (named by the start of
its text, in order) the speaker a careful reader gives it (an alias text
of the character, or null) and its addressees.  The script prints every
quote the program gets wrong and gates each story at the number of right
speakers and right top addressees the attribution stage honestly reaches
today (GATES; raise them as it improves).  Goldens for stories in
../shared/samples are skipped (and say so) when ../shared is absent.

Every output is also checked for invariants: one attribution per quote,
addressees never include the speaker, cue spans in range, interactions
sorted with a < b and weight = quotes + co_occurrences, and the
characters' quotes_spoken / quotes_addressed equal to the counts.

Then `dramatis eval speakers ../shared/data/pdnc` runs (when present) and is
gated at what speaker.c reaches today, below the issue's targets, which
are printed beside it; and one scene of A Handful of Dust is checked
quote by quote (stale salience, see pdnc_stale).

argv[1] is the dramatis binary; run from the repository root.  Exits 77
only when nothing could run.
"""
import glob
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import (DRAMATIS, analyze_ok, check, finish,  # noqa: E402
                    load_golden, run_eval, skip)

CORPUS = os.path.join("..", "shared", "data", "pdnc")
# Right speakers / right top addressees (of quotes with gold addressees)
# per golden story, as reached today.
GATES = {"lanterns.json": (33, 28), "netherfield-ball.json": (30, 25),
         "greenwood.json": (18, 16)}
# PDNC, overall (the speech-verb lexicon is learned from these novels; see
# train/speakers/loo.py for the held-out numbers).
PDNC_GATE = {"accuracy": 0.80, "addressee": 0.80}
TARGET = {"accuracy": 0.85, "addressee": 0.75}


def names_of(c):
    return {c["name"]} | {a["text"] for a in c["aliases"]}


def invariants(doc, text, what):
    chars = doc["characters"]
    ids = {c["id"]: i for i, c in enumerate(chars)}
    spoken = [0] * len(chars)
    addressed = [0] * len(chars)
    for q in doc["quotes"]:
        for key in ("speaker", "speaker_score", "addressees", "attribution",
                    "cue"):
            check(key in q, "%s: %s has %s" % (what, q["id"], key))
        sp = q.get("speaker")
        kind = q.get("attribution")
        check(kind in ("none", "explicit", "anaphoric", "implicit"),
              "%s: %s attribution %r" % (what, q["id"], kind))
        check((sp is None) == (kind == "none"),
              "%s: %s speaker iff attributed" % (what, q["id"]))
        if sp is not None:
            check(sp in ids, "%s: %s speaker is a character" % (what, q["id"]))
            spoken[ids[sp]] += 1
            sc = q.get("speaker_score")
            check(sc is not None and 0 <= sc <= 1,
                  "%s: %s score in 0..1" % (what, q["id"]))
        if q.get("parent") is not None:
            check(sp is None, "%s: nested %s has no speaker" % (what, q["id"]))
        for a in q.get("addressees", []):
            check(a in ids and a != sp,
                  "%s: %s addressee %s" % (what, q["id"], a))
            if a in ids:
                addressed[ids[a]] += 1
        cue = q.get("cue")
        if cue:
            check(0 <= cue["start"] < cue["end"] <= len(text),
                  "%s: %s cue span" % (what, q["id"]))
            want = text[cue["start"]:cue["end"]].decode("utf-8", "replace")
            check(cue.get("text") == want,
                  "%s: %s cue text is its span" % (what, q["id"]))
    for i, c in enumerate(chars):
        check(c["quotes_spoken"] == spoken[i],
              "%s: %s quotes_spoken" % (what, c["name"]))
        check(c["quotes_addressed"] == addressed[i],
              "%s: %s quotes_addressed" % (what, c["name"]))
    prev = None
    for x in doc["interactions"]:
        a, b = ids.get(x["a"]), ids.get(x["b"])
        check(a is not None and b is not None and a < b,
              "%s: interaction pair %r" % (what, x))
        if a is not None and b is not None:
            check(prev is None or prev < (a, b),
                  "%s: interactions sorted" % what)
            prev = (a, b)
        check(x["weight"] == x["quotes"] + x["co_occurrences"],
              "%s: interaction weight" % what)


def golden(path):
    loaded = load_golden(path)
    if loaded is None:
        return False
    want, name = loaded
    src = want["file"]
    extra = []
    if "min_mentions" in want:
        extra += ["--min-mentions", str(want["min_mentions"])]
    doc = analyze_ok(src, name, extra)
    if doc is None:
        return True
    text = open(src, "rb").read()
    invariants(doc, text, name)
    chars = {c["id"]: c for c in doc["characters"]}
    quotes = doc["quotes"]
    k = 0
    right = right_addr = n_addr = 0
    for w in want["quotes"]:
        while k < len(quotes) and not quotes[k]["text"].startswith(w["text"]):
            k += 1
        check(k < len(quotes), "%s: quote %r found" % (name, w["text"]))
        if k >= len(quotes):
            k = 0
            continue
        q = quotes[k]
        k += 1
        sp = q["speaker"]
        got = chars[sp]["name"] if sp else None
        if w["speaker"] is None:
            ok = sp is None
        else:
            ok = sp is not None and w["speaker"] in names_of(chars[sp])
        right += ok
        addr = [chars[a] for a in q["addressees"]]
        if w["addressees"]:
            n_addr += 1
            top_ok = bool(addr) and any(g in names_of(addr[0])
                                        for g in w["addressees"])
            right_addr += top_ok
        else:
            top_ok = True
        if not ok or not top_ok:
            print("  %s %s %-32r speaker %s (want %s), addressees %s "
                  "(want %s)" % (name, q["id"], w["text"][:32], got,
                                 w["speaker"], [c["name"] for c in addr],
                                 w["addressees"]))
    gs, ga = GATES.get(name, (len(want["quotes"]), n_addr))
    print("%s: %d/%d speakers right (gate %d), %d/%d top addressees "
          "(gate %d)" % (name, right, len(want["quotes"]), gs, right_addr,
                         n_addr, ga))
    check(right >= gs, "%s: %d speakers right, gate %d" % (name, right, gs))
    check(right_addr >= ga, "%s: %d addressees right, gate %d" %
          (name, right_addr, ga))
    return True


def write_fixture(tmp, text, characters, quotes):
    """A PDNC-layout novel "Fixture" in tmp: novel_text.txt, the
    characters.tsv rows after its header, and quotes.tsv rows (quote_id,
    part, start, end, speaker, addressees, type, cue) after its header.
    Returns the novel's folder."""
    novel = os.path.join(tmp, "Fixture")
    os.makedirs(novel)
    with open(os.path.join(novel, "novel_text.txt"), "w",
              encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(novel, "characters.tsv"), "w",
              encoding="utf-8") as f:
        f.write("id\tname\tgender\tcategory\taliases\n" + characters)
    with open(os.path.join(novel, "quotes.tsv"), "w",
              encoding="utf-8") as f:
        f.write("\n".join(["quote_id\tpart\tstart\tend\tspeaker\t"
                           "addressees\ttype\tcue"] + quotes) + "\n")
    return novel


def fixture_row(args):
    """`dramatis eval ARGS` on a fixture folder: the split rows of the
    novel "Fixture" (a list), or None when the run failed (reported)."""
    out = run_eval(args)
    if out is None:
        return None
    return [l.split() for l in out.splitlines() if l.startswith("Fixture")]


def fixture_aliases(novel):
    """Our characters in a fixture novel: {name: {alias: count}}, or None
    when the analysis failed (reported)."""
    doc = analyze_ok(os.path.join(novel, "novel_text.txt"), "fixture", [])
    if doc is None:
        return None
    return {c["name"]: {a["text"]: a["count"] for a in c["aliases"]}
            for c in doc["characters"]}


def eval_matching():
    """`eval speakers` on a PDNC-layout fixture of its own: a predicted
    character stands for the gold character holding the most of its
    mentions, or a quarter of them -- not for every gold character that
    shares one alias.  The gold gives both quotes to Jane Bennet, listing
    "Bennet" among her aliases, and lists a second, minor "Mrs. Bennet"
    (as PDNC lists a second "Mr. Crawford").  Our Mr. Bennet, called
    "Bennet" once in 4 mentions, takes the first quote: wrong (one shared
    alias made it right until the ninth session).  Our Mrs. Jane Bennet
    takes the second: most of her mentions are the minor "Mrs. Bennet"'s
    name, but Jane Bennet's names hold more than a quarter: right."""
    text = ('Mr. Bennet sat in the library with his books. Bennet liked '
            'them. Mrs. Bennet came in at noon.\n\n'
            '"My dear," said Mr. Bennet, "you are early."\n\n'
            '"I am," said Mrs. Bennet.\n\n'
            'Mr. Bennet smiled at Mrs. Bennet. Mrs. Bennet smiled back. '
            'Mrs. Jane Bennet was her name.\n')
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for i, q in enumerate(["My dear,", "I am,"]):
            at = text.index('"' + q) + 1
            rows.append("Q%d\t0\t%d\t%d\tJane Bennet\tMr. Bennet\t"
                        "Explicit\tsaid" % (i, at, at + len(q)))
        novel = write_fixture(
            tmp, text,
            "0\tMr. Bennet\tM\tmajor\tMr. Bennet\n"
            "1\tJane Bennet\tF\tmajor\tBennet;Mrs. Jane Bennet\n"
            "2\tMrs. Bennet\tF\tminor\tMrs. Bennet\n", rows)
        names = fixture_aliases(novel)
        if names is None:
            return
        check(names.get("Mr. Bennet", {}).get("Bennet") == 1,
              "fixture: our Mr. Bennet is called Bennet once (%r)" % names)
        check(names.get("Mrs. Jane Bennet", {}).get("Mrs. Bennet", 0) >= 3,
              "fixture: our Mrs. Bennet keeps her name (%r)" % names)
        row = fixture_row(["speakers", tmp])
        if row is None:
            return
        check(len(row) == 1 and row[0][3] == "0.5000",
              "fixture: one of two speakers right (%r)" % row)


def eval_name_match():
    """A predicted character also stands for the gold character of its own
    name: PDNC lists a minor "Reggie" beside Reggie St Cloud (and "Miss
    Steele" under Lucy Steele, though the one so called is her sister
    Anne).  Our Reggie St Cloud, called "Reggie" 7 times in 8, is named
    Reggie St Cloud: his quote is right (under a quarter of his mentions
    are Reggie St Cloud's names, so it was wrong until the eleventh
    session)."""
    text = ('Reggie St Cloud came to lunch with Tony Last. Reggie ate. '
            'Reggie drank. Reggie talked. Reggie smoked. Reggie sighed. '
            'Reggie frowned. Tony listened.\n\n'
            '"It is about money," said Reggie.\n')
    with tempfile.TemporaryDirectory() as tmp:
        q = "It is about money,"
        at = text.index('"' + q) + 1
        novel = write_fixture(
            tmp, text,
            "0\tTony Last\tM\tmajor\tTony\n"
            "1\tReggie\tX\tminor\tReggie\n"
            "2\tReggie St Cloud\tM\tintermediate\tReggie St Cloud\n",
            ["Q0\t0\t%d\t%d\tReggie St Cloud\tTony Last\tExplicit\t"
             "said Reggie" % (at, at + len(q))])
        names = fixture_aliases(novel)
        if names is None:
            return
        check(names.get("Reggie St Cloud", {}).get("Reggie") == 7,
              "name fixture: our Reggie St Cloud is called Reggie 7 times "
              "(%r)" % names)
        row = fixture_row(["speakers", tmp])
        if row is None:
            return
        check(len(row) == 1 and row[0][3] == "1.0000",
              "name fixture: the speaker is right (%r)" % row)


def eval_qualified():
    """PDNC splits one person between two narrative frames under names
    the text never writes ("Christopher Robin - Story" and "Christopher
    Robin - External"): the name before " - " is one more gold alias, so
    our one Christopher Robin stands for both (until the twelfth session
    neither matched, and both quotes counted wrong).  `eval characters`
    finds both (recall 2/2, was 0/2)."""
    text = ('Christopher Robin sat by the fire with Pooh. Christopher '
            'Robin listened. Pooh listened.\n\n'
            '"Tell me a story," said Christopher Robin.\n\n'
            'Once upon a time Christopher Robin went into the forest.\n\n'
            '"Hallo, Pooh," said Christopher Robin.\n')
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for i, (q, who) in enumerate([("Tell me a story,", "External"),
                                      ("Hallo, Pooh,", "Story")]):
            at = text.index('"' + q) + 1
            rows.append("Q%d\t0\t%d\t%d\tChristopher Robin - %s\tPooh\t"
                        "Explicit\tsaid" % (i, at, at + len(q), who))
        write_fixture(
            tmp, text,
            "0\tPooh\tM\tmajor\tPooh\n"
            "1\tChristopher Robin - External\tM\tintermediate\t"
            "Christopher Robin - External\n"
            "2\tChristopher Robin - Story\tM\tmajor\t"
            "Christopher Robin - Story\n", rows)
        row = fixture_row(["speakers", tmp])
        if row is None:
            return
        check(len(row) == 1 and row[0][3] == "1.0000",
              "qualified fixture: both speakers right (%r)" % row)
        # Given the gold cast (--cast), the qualified names' unqualified
        # form is an alias of the cast too, or no line would match the
        # text (the thirteenth session: Winnie-the-Pooh 0.76 -> 0.86).
        row = fixture_row(["speakers", "--cast", tmp])
        if row is None:
            return
        check(len(row) == 1 and row[0][3] == "1.0000",
              "qualified fixture: both speakers right with --cast (%r)"
              % row)
        row = fixture_row(["characters", tmp])
        if row is None:
            return
        check(len(row) == 1 and row[0][1:4] == ["3", "3", "1.0000"],
              "qualified fixture: all three characters found (%r)" % row)


def pdnc():
    if not os.path.isdir(CORPUS):
        print("SKIPPED: ../shared/data/pdnc not present")
        return False
    out = run_eval(["speakers", "--min-accuracy", str(PDNC_GATE["accuracy"]),
                    "--min-addressee", str(PDNC_GATE["addressee"]), CORPUS])
    if out is None:
        return True
    print("gate: accuracy %.2f, addressee %.2f (issue targets %.2f, %.2f)" %
          (PDNC_GATE["accuracy"], PDNC_GATE["addressee"], TARGET["accuracy"],
           TARGET["addressee"]))
    # Usage errors.
    code = subprocess.run([DRAMATIS, "eval", "speakers"],
                          stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE).returncode
    check(code == 2, "eval speakers without DIR exits 2 (got %d)" % code)
    code = subprocess.run([DRAMATIS, "eval", "speakers", "--min-accuracy",
                           "2", CORPUS], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE).returncode
    check(code == 2, "bad --min-accuracy exits 2 (got %d)" % code)
    return True


def pdnc_stale():
    """A salience name not renewed for ten paragraphs is no candidate of an
    unmarked turn: in A Handful of Dust's palmistry scene (a long talk
    between Brenda and Mrs Northcote), Tony, last named in narration
    long before, had taken Brenda's three unmarked questions."""
    novel = os.path.join(CORPUS, "AHandfulOfDust", "novel_text.txt")
    if not os.path.exists(novel):
        print("SKIPPED: %s not present" % novel)
        return
    doc = analyze_ok(novel, "A Handful of Dust")
    if doc is None:
        return
    chars = {c["id"]: c for c in doc["characters"]}
    qs = doc["quotes"]
    at = [i for i, q in enumerate(qs)
          if q["text"].startswith("Isn't there anything about love?")]
    check(len(at) == 1, "A Handful of Dust: the palmist's scene found")
    for i in at and (at[0] - 2, at[0], at[0] + 2) or ():
        sp = chars.get(qs[i]["speaker"])
        check(sp is not None and "Brenda" in names_of(sp),
              "A Handful of Dust: %r is Brenda's (got %s)" %
              (qs[i]["text"][:40], sp["name"] if sp else None))


def main():
    ran = False
    for path in sorted(glob.glob(os.path.join("tests", "golden-speakers",
                                              "*.json"))):
        ran = golden(path) or ran
    eval_matching()
    eval_name_match()
    eval_qualified()
    ran = True
    ran = pdnc() or ran
    pdnc_stale()
    if not ran:
        skip("no golden story and no PDNC corpus present")
    finish()


if __name__ == "__main__":
    main()
