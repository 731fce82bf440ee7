#!/usr/bin/env python3
"""Learns the speech-verb lexicon of src/speaker.c from PDNC cues.

    python3 train/speakers/gen_verbs.py ../shared/data/pdnc src/speaker_verbs.inc

Source: the 20 PDNC novels (quotes.tsv: the `cue` column of Explicit and
Anaphoric quotes, e.g. "said his lady to him", "returned she"; and
novel_text.txt for how often each word occurs at all).  Standard library
only; the output is deterministic.

1. Cue words.  Each distinct quote's cue is split into words; names (words
   the novel mostly capitalises) and pronouns are set aside, the rest are
   lower-cased and counted per novel (`cue`), and counted again (`adj`) when
   next to a subject pronoun or a name ("she said", "said Tony",
   "Elizabeth's voice"; not "the girl said", "his lady").
2. Text words.  Every lower-case word of novel_text.txt is counted per novel
   (`text`).
3. A word is a speech verb *of a novel* when it is in at least MIN_CUES of
   that novel's cues, next to its subject in at least half of them (and
   MIN_CUES times), and at least MIN_RATIO of its occurrences in the text
   are cue words there ("said" and "replied" nearly always are; "his",
   "lady", "then" almost never).
4. Present-tense forms are derived from each learned past form (asked ->
   asks, ask; replied -> replies; a small table for strong verbs: said ->
   says) so that stories in the present tense are read too, and present
   participles (added -> adding, said -> saying) for narration that runs
   into the quote ("..., adding, "..."").
5. Person nouns.  In cues whose subject is a noun phrase ("said his lady",
   "cried her mother", "the old man muttered"), the last lower-case word
   after a determiner (the, a, an, his, her, my, your, our, their) opening
   the cue or right after a verb, and before the cue's end, a verb or an
   adverb, is a person noun of that novel; the
   gold speaker's gender (characters.tsv) sets the bit of that novel in its
   male or female mask (or both, or neither for U/X).  speaker.c takes a
   noun when SPK_MIN_NOVELS novels use it and reads its gender from the
   masks (held-out novel dropped as for verbs).
6. The table lists every word that is a speech verb of at least one novel,
   with the mask of those novels (bit i = spk_novels[i]).  speaker.c takes
   a word when at least SPK_MIN_NOVELS novels support it, after dropping
   the held-out novel's bit under -DDRP_SPEAKERS_HOLDOUT=i, so
   leave-one-novel-out scores never see the evaluated novel's cues
   (train/speakers/loo.py).
"""
import collections
import csv
import os
import re
import sys

MIN_CUES = 2
MIN_RATIO = 0.12
SUBJECTS = {"i", "he", "she", "we", "they", "you"}
PRONOUNS = {"i", "he", "she", "it", "we", "they", "you", "him", "her",
            "me", "us", "them", "his", "hers", "its", "my", "our", "their",
            "your"}
PARTICIPLE = {"said": "saying", "began": "beginning", "spoke": "speaking",
              "broke": "breaking", "thought": "thinking", "went": "going",
              "told": "telling", "cried": "crying", "replied": "replying"}
IRREGULAR = {"said": ["says", "say"], "began": ["begins", "begin"],
             "broke": ["breaks"], "spoke": ["speaks", "speak"],
             "thought": ["thinks", "think"], "went": ["goes"],
             "took": ["takes"], "sang": ["sings"], "shook": ["shakes"],
             "drew": ["draws"], "gave": ["gives"], "kept": ["keeps"],
             "sprang": ["springs"], "sank": ["sinks"], "told": ["tells", "tell"],
             "wrote": ["writes"], "swore": ["swears"], "burst": ["bursts"]}
FUNCTION = {"and", "of", "in", "on", "at", "as", "but", "by", "for", "from",
            "into", "upon", "up", "out", "then", "that", "this", "which",
            "who", "when", "where", "was", "had", "could", "not", "or",
            "only", "like", "after", "again", "less", "one", "other",
            "with", "to", "is", "were", "has", "would", "so", "if",
            "while", "without", "before", "than", "still", "once",
            "first", "own", "same", "latter", "former", "rest", "two",
            "three", "moment", "last", "came", "went", "rose", "say"}
# Nouns whose possessor is the speaker ("his voice", "her words").
SPEECH_NOUNS = {"voice", "words", "tone", "reply", "answer", "remark",
                "whisper", "murmur", "exclamation", "question", "retort"}
DETERMINERS = {"the", "a", "an", "his", "her", "my", "your", "our", "their"}
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus, out = sys.argv[1], sys.argv[2]
    novels = sorted(n for n in os.listdir(corpus)
                    if os.path.isfile(os.path.join(corpus, n, "quotes.tsv")))
    masks = collections.defaultdict(int)
    stats = {}
    nouns = {}  # word -> [novel mask, male mask, female mask, role mask]
    for i, name in enumerate(novels):
        cue, adj = collections.Counter(), collections.Counter()
        cues, seen, spk = [], set(), []
        with open(os.path.join(corpus, name, "quotes.tsv"),
                  encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t",
                                      quoting=csv.QUOTE_NONE):
                if row["quote_id"] in seen:
                    continue
                seen.add(row["quote_id"])
                if row["type"] not in ("Explicit", "Anaphoric"):
                    continue
                cues.append(WORD.findall(row["cue"] or ""))
                spk.append(row["speaker"])
        gender = {}
        with open(os.path.join(corpus, name, "characters.tsv"),
                  encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t",
                                      quoting=csv.QUOTE_NONE):
                gender[row["name"]] = row["gender"]
        with open(os.path.join(corpus, name, "novel_text.txt"),
                  encoding="utf-8", errors="replace") as f:
            raw = collections.Counter(WORD.findall(f.read()))
        text = collections.Counter()
        for w, c in raw.items():
            text[w.lower()] += c
        for ws in cues:
            kinds = []  # 's' subject (pronoun or name), 'w' word, '' other
            for w in ws:
                lw = w.lower()
                if lw in SUBJECTS:
                    kinds.append("s")
                elif lw in PRONOUNS:
                    kinds.append("")
                elif w[0].isupper() and raw[w] > raw[lw]:
                    kinds.append("s")  # a name: mostly capitalised
                else:
                    kinds.append("w")
            words, adjw = set(), set()
            for k, w in enumerate(ws):
                if kinds[k] != "w":
                    continue
                words.add(w.lower())
                if (k > 0 and kinds[k - 1] == "s") or \
                        (k + 1 < len(ws) and kinds[k + 1] == "s"):
                    adjw.add(w.lower())
            cue.update(words)
            adj.update(adjw)
        for w, c in cue.items():
            if c >= MIN_CUES and c >= MIN_RATIO * text[w] and \
                    adj[w] >= MIN_CUES and 2 * adj[w] >= c:
                masks[w] |= 1 << i
                stats.setdefault(w, []).append(c)
        # Person nouns: after a determiner and at most two adjectives, the
        # last word before the cue ends, a verb of this novel, or an -ly
        # adverb ("said the old man", "her mother cried").  With "the",
        # count whether the speaker is a role with no name of its own (The
        # Policeman, The Croupier: the noun is in the speaker's name) or a
        # named character (the old man = Mr. Emerson).
        role_n = collections.Counter()
        named_n = collections.Counter()
        for ws, who in zip(cues, spk):
            lw = [w.lower() for w in ws]
            for k, w in enumerate(lw):
                if w not in DETERMINERS or (k > 0 and not (
                        masks.get(lw[k - 1], 0) >> i) & 1):
                    continue  # next to its verb: "said the man", "the
                    # man said"; not "turning her head"
                for j in range(k + 1, min(k + 4, len(ws))):
                    x = lw[j]
                    if not ws[j].islower() or x in PRONOUNS or \
                            x in DETERMINERS or x in FUNCTION or \
                            (masks.get(x, 0) >> i) & 1 or \
                            x.endswith(("ly", "ing", "ed")):
                        break
                    nxt = lw[j + 1] if j + 1 < len(ws) else ""
                    if nxt == "" or (masks.get(nxt, 0) >> i) & 1 or \
                            nxt.endswith("ly") or nxt in FUNCTION:
                        e = nouns.setdefault(x, [0, 0, 0, 0])
                        e[0] |= 1 << i
                        if w == "the":
                            lwho = who.lower()
                            if x in lwho.split() or \
                                    lwho.startswith(("the ", "a ")):
                                role_n[x] += 1
                            else:
                                named_n[x] += 1
                        g = gender.get(who, "")
                        if g == "M":
                            e[1] |= 1 << i
                        elif g == "F":
                            e[2] |= 1 << i
                        break
                break
        for x in role_n:
            if role_n[x] > named_n[x]:
                nouns[x][3] |= 1 << i
    # Present-tense forms of each learned past form (stories in the present
    # tense: "I say", "he asks"), with the same masks.  Regular verbs by
    # rule; the strong verbs among the learned words by a morphology table.
    derived = {}
    for w in list(masks):
        forms = []
        if w in IRREGULAR:
            forms = IRREGULAR[w]
        elif w.endswith("ied"):
            forms = [w[:-3] + "ies", w[:-3] + "y"]
        elif w.endswith("ed") and len(w) > 4:
            stem = w[:-2]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                stem = stem[:-1]  # snapped -> snap
            forms = [stem + "s", stem, w[:-1] + "s", w[:-1]]
            if stem.endswith(("sh", "ch", "ss", "x")):
                forms.append(stem + "es")
        # Present participles, for a narration sentence that runs into the
        # quote ("..., adding, "...""): added -> adding, cried -> crying,
        # observed -> observing, said -> saying.
        if w in PARTICIPLE:
            forms = forms + [PARTICIPLE[w]]
        elif w.endswith("ied"):
            forms = forms + [w[:-3] + "ying"]
        elif w.endswith("ed") and len(w) > 4:
            forms = forms + [w[:-2] + "ing"]
        for g in forms:
            if g not in masks:
                derived[g] = derived.get(g, 0) | masks[g] if g in masks \
                    else derived.get(g, 0) | masks[w]
                stats.setdefault(g, [0])
    masks.update(derived)
    with open(out, "w", encoding="utf-8") as f:
        f.write("/* speaker_verbs.inc -- GENERATED, do not edit.\n *\n"
                " * Source: ../shared/data/pdnc, each novel's quotes.tsv (cue column of "
                "Explicit and\n * Anaphoric quotes) and novel_text.txt "
                "(word counts).\n"
                " * Command: python3 train/speakers/gen_verbs.py "
                "../shared/data/pdnc src/speaker_verbs.inc\n"
                " * A word is listed with the mask of the novels in whose "
                "cues it is a\n * speech verb (MIN_CUES %d, MIN_RATIO %.2f); "
                "bit i = spk_novels[i]. */\n\n" % (MIN_CUES, MIN_RATIO))
        f.write("#define SPK_N_NOVELS %d\n" % len(novels))
        f.write("static const char *const spk_novels[] = {\n")
        for n in novels:
            f.write('    "%s",\n' % n)
        f.write("};\n\n")
        f.write("/* Person nouns of cue subjects: novels using it, novels where "
                "it named a\n * man, a woman; whether its possessor is the speaker (his voice);\n"
                " * novels where \"the X\" was mostly a role with no name of its own. */\n")
        f.write("static const spk_noun_t spk_nouns[] = {\n")
        for w in sorted(nouns):
            e = nouns[w]
            if bin(e[0]).count("1") >= 2:
                f.write('    {"%s", 0x%08xu, 0x%08xu, 0x%08xu, %d, '
                        '0x%08xu},\n' %
                        (w, e[0], e[1], e[2],
                         w in SPEECH_NOUNS or
                         bin(masks.get(w, 0)).count("1") >= 2, e[3]))
        f.write("};\n\n")
        f.write("static const spk_verb_t spk_verbs[] = {\n")
        for w in sorted(masks):
            f.write('    {"%s", 0x%08xu, %d},\n' %
                    (w, masks[w], sum(stats[w])))
        f.write("};\n")


if __name__ == "__main__":
    main()
