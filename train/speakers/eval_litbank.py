#!/usr/bin/env python3
"""Speaker accuracy on LitBank's quotations (held out: nothing is trained
on LitBank's quotation layer).

    python3 train/speakers/eval_litbank.py [--min-accuracy A] [-v]
                                           [DRAMATIS] [LITBANK-DIR]

LitBank (../shared/data/litbank) annotates ~2,000 words of 100 works:
quotations/tsv/NAME.ann holds QUOTE rows (quote id, start sentence and
token, end sentence and token) and ATTRIB rows (quote id, speaker's
coreference chain, e.g. Florence-2); coref/brat/NAME.ann holds that
chain's mentions (T rows: chain, character offsets, text) over the same
NAME.txt, which is tokenized: one sentence per line, tokens separated by
spaces.

1. Text.  The tokens are joined back into prose (no space before , . ; :
   ! ? ) 's n't 're ..., straight quotes attached to the word they open or
   close, each token's new offset remembered), and sentences into
   paragraphs: a sentence opening with a quotation mark outside a quote
   starts a paragraph (the sample keeps no paragraph breaks; a turn of
   dialogue mostly starts with its quote).  The result is analysed with
   `DRAMATIS analyze -` (default options: our own cast).
2. Gold.  Each quote's span runs from its first to its last token; its
   speaker's names are the texts of every mention of the chain (PROP and
   NOM: "Florence Linden", "my child"), joined the same way, case-folded.
3. Score.  A gold quote is found when an output quote overlaps half its
   span; it is right when the output speaker stands for the chain: the
   chain's names hold the most of the speaker's mentions (each alias,
   case-folded, weighs its mention count; its name half a mention; the
   first chain of equals), or at least a quarter of them.  (Until the
   ninth session any one shared name was enough: a character named
   "Bennet" once stood for every chain named "Bennet".)  Accuracy is over
   all gold quotes with a speaker (unfound or unattributed count wrong),
   per work and pooled.

Standard library only.  Exit 1 under --min-accuracy; 77 (skipped) when
the LitBank folder is absent.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "'s", "n't",
                   "'re", "'ll", "'ve", "'m", "'d", "'S", "’s", "’ll",
                   "’re", "’ve", "’m", "’d", "n’t", "--", "..."}
NO_SPACE_AFTER = {"(", "[", "“", "‘"}


def fold(s):
    return " ".join(s.lower().split())


def rebuild(lines):
    """Joins tokenized sentences into prose.  Returns (text, tok_at) where
    tok_at[(sentence, token)] = (start, end) in text."""
    out, tok_at = [], {}
    pos = 0
    in_quote = False
    for si, line in enumerate(lines):
        toks = line.split(" ") if line else []
        starts_quote = bool(toks) and toks[0] in ('"', "“") and not in_quote
        if si > 0:
            sep = "\n\n" if starts_quote else " "
            out.append(sep)
            pos += len(sep)
        glue = True  # no space before the first token of a line
        for ti, t in enumerate(toks):
            if t == "":
                continue
            if t == '"':
                opening = not in_quote
                in_quote = not in_quote
            elif t in ("“",):
                opening, in_quote = True, True
            elif t in ("”",):
                opening, in_quote = False, False
            else:
                opening = None
            space = not glue and t not in NO_SPACE_BEFORE and \
                opening is not False
            if space:
                out.append(" ")
                pos += 1
            tok_at[(si, ti)] = (pos, pos + len(t.encode("utf-8")))
            out.append(t)
            pos += len(t.encode("utf-8"))
            glue = opening is True or t in NO_SPACE_AFTER
        if not toks:
            continue
    return "".join(out), tok_at


def char_to_byte(s):
    """Map from character offsets of s to byte offsets (UTF-8)."""
    m, b = [], 0
    for ch in s:
        m.append(b)
        b += len(ch.encode("utf-8"))
    m.append(b)
    return m


def read_tokens(tpath):
    """A tokenized LitBank text (one sentence per line): its lines, and the
    map from each raw token's character offset to (sentence, token)."""
    with open(tpath, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    tok_of, c = {}, 0
    for si, line in enumerate(lines):
        for ti, t in enumerate(line.split(" ")):
            if t:
                tok_of[c] = (si, ti)
            c += len(t) + 1
    return lines, tok_of


def brat_mentions(apath, tok_of, text, tok_at):
    """The T rows of a brat .ann over a text rebuilt by rebuild(): for
    each, (label, byte start, byte end, folded text, tokens), offsets and
    text taken from its first and last tokens in the rebuilt text."""
    tb = text.encode("utf-8")
    with open(apath, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 3 or not p[0].startswith("T"):
                continue
            label, s, e = p[1].split(" ")[:3]
            toks = [tok_of[k] for k in range(int(s), int(e)) if k in tok_of]
            if not toks:
                continue
            a, b = tok_at.get(toks[0]), tok_at.get(toks[-1])
            if a and b:
                yield (label, a[0], b[1],
                       fold(tb[a[0]:b[1]].decode("utf-8", "replace")),
                       len(toks))


def load_work(qpath, cpath, tpath):
    lines, tok_of = read_tokens(tpath)
    text, tok_at = rebuild(lines)
    quotes, attrib = {}, {}
    with open(qpath, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "QUOTE" and len(p) >= 6:
                quotes[p[1]] = ((int(p[2]), int(p[3])), (int(p[4]),
                                                         int(p[5])))
            elif p[0] == "ATTRIB" and len(p) >= 3:
                attrib[p[1]] = p[2]
    names = {}
    for label, _, _, words, _ in brat_mentions(cpath, tok_of, text, tok_at):
        names.setdefault(label, set()).add(words)
    gold = []
    for qid, ((s0, t0), (s1, t1)) in quotes.items():
        if qid not in attrib:
            continue
        a, b = tok_at.get((s0, t0)), tok_at.get((s1, t1))
        if a is None or b is None:
            continue
        gold.append((a[0], b[1], attrib[qid]))
    gold.sort()
    return text, gold, names


SHARE = 0.25


def stands_for(c, names):
    """The chains output character c stands for: the one whose names hold
    the most of its mentions, and any holding at least SHARE of them."""
    if c is None:
        return set()
    forms = [(fold(c["name"]), 0.5)] + [(fold(x["text"]), x["count"])
                                       for x in c["aliases"]]
    total = sum(w for _, w in forms)
    out, best, top = set(), None, 0
    for chain in sorted(names):
        w = sum(n for f, n in forms if f in names[chain])
        if w > top:
            best, top = chain, w
        if w > 0 and w >= SHARE * total:
            out.add(chain)
    if best is not None:
        out.add(best)
    return out


def parse_args(doc):
    """The command line both LitBank evaluations take: [--min-accuracy A]
    [-v] [dramatis] [litbank]; doc's first line describes the script."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--min-accuracy", type=float, default=0.0)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("dramatis", nargs="?",
                    default=os.path.join(ROOT, "build", "dramatis"))
    ap.add_argument("litbank", nargs="?", default=os.path.join(
        ROOT, "..", "shared", "data", "litbank"))
    return ap.parse_args()


def main():
    a = parse_args(__doc__)
    qdir = os.path.join(a.litbank, "quotations", "tsv")
    cdir = os.path.join(a.litbank, "coref", "brat")
    if not os.path.isdir(qdir) or not os.path.isdir(cdir):
        print("SKIPPED: %s not present" % qdir)
        sys.exit(77)
    works = sorted(n[:-4] for n in os.listdir(qdir) if n.endswith(".ann"))
    tot_n = tot_ok = tot_found = 0
    rows = []
    for w in works:
        cpath = os.path.join(cdir, w + ".ann")
        tpath = os.path.join(qdir, w + ".txt")
        if not os.path.exists(cpath) or not os.path.exists(tpath):
            continue
        text, gold, names = load_work(os.path.join(qdir, w + ".ann"),
                                      cpath, tpath)
        if not gold:
            continue
        r = subprocess.run([a.dramatis, "analyze", "-"],
                           input=text.encode("utf-8"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           check=True)
        doc = json.loads(r.stdout)
        chars = {c["id"]: c for c in doc["characters"]}
        stands = {}
        out = [q for q in doc["quotes"] if q.get("parent") is None]
        n = ok = found = 0
        for gs, ge, chain in gold:
            n += 1
            best = None
            for q in out:
                ov = min(ge, q["end"]) - max(gs, q["start"])
                if ov * 2 >= ge - gs:
                    best = q
                    break
            if best is None:
                continue
            found += 1
            sp = best.get("speaker")
            if sp is not None and sp not in stands:
                stands[sp] = stands_for(chars.get(sp), names)
            right = sp is not None and chain in stands[sp]
            ok += right
            if a.verbose and not right:
                tb = text.encode("utf-8")
                print("  %s: %r gold %s %s, got %s" % (
                    w[:30], tb[gs:ge][:50].decode("utf-8", "replace"),
                    chain, sorted(names.get(chain, []))[:3],
                    chars[sp]["name"] if sp in chars else None))
        rows.append((w, n, found, ok))
        tot_n += n
        tot_ok += ok
        tot_found += found
    print("%-50s %6s %6s %7s" % ("work", "quotes", "found", "speaker"))
    for w, n, found, ok in rows:
        print("%-50s %6d %6.3f %7.3f" % (w[:50], n, found / n, ok / n))
    acc = tot_ok / tot_n if tot_n else 0.0
    print("%-50s %6d %6.3f %7.3f" % ("overall (%d works)" % len(rows), tot_n,
                                     tot_found / tot_n if tot_n else 0, acc))
    if acc < a.min_accuracy:
        print("speaker accuracy %.4f under --min-accuracy %.4f"
              % (acc, a.min_accuracy))
        sys.exit(1)


if __name__ == "__main__":
    main()
