#!/usr/bin/env python3
"""Pronoun mentions against LitBank's coreference chains.

    python3 train/speakers/eval_litbank_coref.py [--min-accuracy A] [-v]
                                                 [DRAMATIS] [LITBANK-DIR]

The speakers stage emits a pronoun mention for each personal pronoun it
reads (JSON `mentions`, kind `pronoun`, with --mentions): a narration
he/she/him/his/her/... is taken for the first name of its gender in the
salience list, a pronoun cue's own "he" or "she" for the speaker decided
for its quote, I/me/my inside a quote for the quote's speaker and in
narration for the narrator.  LitBank (../shared/data/litbank/coref/brat)
links pronouns to chains (T rows whose label is the chain, e.g.
Sir_Walter_Elliot-0) over 100 works of ~2,000 words each; nothing is
trained on it.

1. Text: each work's tokenized NAME.txt is joined back into prose as
   eval_litbank.py does (paragraphs before sentences that open a quote)
   and analysed with `DRAMATIS analyze --mentions -`.
2. Gold: every chain mention whose text is a personal pronoun of the
   third person singular (he, him, his, himself, she, her, hers, herself)
   or of the first (I, me, my, myself, mine), in a chain that has at
   least one other, non-pronoun mention (a name or a description: the
   chain's names, case-folded, as eval_litbank.py collects them).
3. Score: a gold pronoun is found when an output pronoun mention starts
   at its byte; it is right when the mention's character stands for the
   chain (eval_litbank.stands_for: the chain whose names hold the most of
   the character's mentions, or at least a quarter of them).  Accuracy is
   over all gold pronouns (unfound count wrong) and over the found ones,
   for each person and pooled.

Standard library only.  Exit 1 under --min-accuracy (pooled, over all);
77 (skipped) when the LitBank folder is absent.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_litbank import (brat_mentions, parse_args,  # noqa: E402
                          read_tokens, rebuild, stands_for)

THIRD = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
FIRST = {"i", "me", "my", "myself", "mine"}
ENTITY = ("PROP_", "NOM_", "PRON_")


def load(tpath, apath):
    """(text, gold, names): gold = [(byte, person, chain)], names =
    {chain: set of folded non-pronoun mention texts}."""
    lines, tok_of = read_tokens(tpath)
    text, tok_at = rebuild(lines)
    gold, names = [], {}
    for label, a, _, words, n in brat_mentions(apath, tok_of, text, tok_at):
        if label.startswith(ENTITY) or label in ("cop", "appos"):
            continue
        if words in THIRD or words in FIRST:
            if n == 1:
                gold.append((a, "third" if words in THIRD else "first",
                             label))
        else:
            names.setdefault(label, set()).add(words)
    gold = [g for g in gold if g[2] in names]
    return text, gold, names


def main():
    a = parse_args(__doc__)
    cdir = os.path.join(a.litbank, "coref", "brat")
    if not os.path.isdir(cdir):
        print("SKIPPED: %s not present" % cdir)
        sys.exit(77)
    works = sorted(n[:-4] for n in os.listdir(cdir) if n.endswith(".ann"))
    tot = {"first": [0, 0, 0], "third": [0, 0, 0]}  # gold, found, right
    n_works = 0
    for w in works:
        tpath = os.path.join(cdir, w + ".txt")
        if not os.path.exists(tpath):
            continue
        text, gold, names = load(tpath, os.path.join(cdir, w + ".ann"))
        if not gold:
            continue
        n_works += 1
        r = subprocess.run([a.dramatis, "analyze", "--mentions", "-"],
                           input=text.encode("utf-8"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           check=True)
        doc = json.loads(r.stdout)
        chars = {c["id"]: c for c in doc["characters"]}
        at = {m["start"]: m for m in doc.get("mentions", [])
              if m["kind"] == "pronoun"}
        stands = {}
        for b, person, chain in gold:
            t = tot[person]
            t[0] += 1
            m = at.get(b)
            if m is None:
                continue
            t[1] += 1
            c = m["character"]
            if c not in stands:
                stands[c] = stands_for(chars.get(c), names)
            ok = chain in stands[c]
            t[2] += ok
            if a.verbose and not ok:
                tb = text.encode("utf-8")
                print("  %s: %r gold %s, got %s" % (
                    w[:30], tb[max(0, b - 40):b + 10].decode(
                        "utf-8", "replace"), chain,
                    chars[c]["name"] if c in chars else None))
    print("%-8s %7s %7s %9s %9s" % ("person", "gold", "found", "accuracy",
                                    "of found"))
    g = f = ok = 0
    for person in ("third", "first"):
        t = tot[person]
        g, f, ok = g + t[0], f + t[1], ok + t[2]
        print("%-8s %7d %7.3f %9.3f %9.3f" % (
            person, t[0], t[1] / t[0] if t[0] else 0,
            t[2] / t[0] if t[0] else 0, t[2] / t[1] if t[1] else 0))
    acc = ok / g if g else 0.0
    print("%-8s %7d %7.3f %9.3f %9.3f   (%d works)" % (
        "overall", g, f / g if g else 0, acc, ok / f if f else 0, n_works))
    if acc < a.min_accuracy:
        print("pronoun accuracy %.4f under --min-accuracy %.4f"
              % (acc, a.min_accuracy))
        sys.exit(1)


if __name__ == "__main__":
    main()
