#!/usr/bin/env python3
"""Derives the name lexicons of src/names.c from ../shared/data.

    python3 train/names/gen_lexicon.py ../shared/data src/names_lexicon.inc

Reads (standard library only, deterministic output):
  pdnc/*/characters.tsv   id, name, gender (M/F/U/X), category, aliases (;)
  pdnc/*/novel_text.txt   the novels, for word statistics
  litbank/entities/tsv/*  nested BIO entity labels (column 2 = first layer)
  litbank/coref/brat/*    coreference chains: a chain's proper names and
                          its he/she pronouns give given names a gender
  ud-ewt/en_ewt-ud-train.conllu  capitalised adjectives (American, Hindu)

Writes five tables, every entry carrying a 32-bit mask of the PDNC novels
that support it (bit i = lex_novels[i]), so that names.c can drop one
novel's evidence at compile time (-DDRP_NAMES_HOLDOUT=i, used by
train/names/loo.py for honest leave-one-novel-out scores):

 1. lex_given    given name -> novels with a male / female character so named
                 (first word of a multi-word alias without an honorific, a
                 one-word alias that is not the character's surname, the
                 word after Miss/Lady/Sir/Lord when it is a known given
                 name); plus how many LitBank works have a male / female
                 coreference chain so named (a chain's gender: four times
                 as many he/him/his as she/her pronouns, or the reverse).
                 A LitBank excerpt of a PDNC novel votes as that novel's
                 bit instead, so that leaving the novel out leaves it out.
 2. lex_nick     pairs of given names one character goes by (Lizzy /
                 Elizabeth), kept when they share three letters in a row
                 (or start alike and share two).
 3. lex_full     given name + surname pairs (Charles Bingley): canon casts,
                 used only to join a lone given name to a lone surname.
 5. lex_nonname  capitalised words that are no names: places, buildings,
                 organisations, vehicles in LitBank (two works that are no
                 PDNC novel, never a person alone), capitalised adjectives
                 in UD EWT.
 4. lex_word     every word that is lower case at least 3 times in at least
                 3 novels, or capitalised mid-sentence in at least 3 novels,
                 with masks: novels where it is mostly lower case, novels
                 where it is capitalised mid-sentence, novels where it is
                 part of a character alias; and whether LitBank ever tags it
                 as part of a person (PER).
"""
import collections
import csv
import glob
import os
import re
import sys

HONORIFICS = {
    "mr", "mr.", "mrs", "mrs.", "miss", "ms", "ms.", "dr", "dr.", "sir",
    "lady", "lord", "captain", "capt.", "colonel", "col.", "aunt", "uncle",
    "inspector", "professor", "prof.", "father", "mother", "madame", "mme.",
    "monsieur", "mlle.", "mademoiselle", "admiral", "general", "major",
    "lieutenant", "sergeant", "doctor", "rev.", "reverend", "dame", "master",
    "mister", "mistress", "signor", "signora", "herr", "frau", "cousin",
    "sister", "brother", "prince", "princess", "king", "queen", "duke",
    "duchess", "count", "countess", "baron", "baroness", "the", "a", "an",
    "my", "old", "young", "little", "poor", "dear", "dearest", "mama",
    "papa", "grandmother", "grandfather", "granny", "nurse", "judge",
    "st.", "saint", "messrs.", "abbe", "abbé", "mlle", "mme", "senor",
    "señor", "don", "donna", "fraulein", "missus", "madam",
}
# After these a lone word is a surname (Mr. Darcy); after endearments it is
# a given name (My Dear Jane); after Miss, Lady, Sir... it may be either.
SURNAME_TITLES = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
                  "captain", "capt.", "colonel", "col.", "inspector",
                  "professor", "prof.", "admiral", "general", "major",
                  "lieutenant", "sergeant", "doctor", "mister", "missus"}
ENDEARMENTS = {"my", "dear", "dearest", "poor", "little", "darling"}

WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def words(s):
    return s.replace("_", " ").split()


def is_word(w):
    return re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?", w) is not None


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    data, out = sys.argv[1], sys.argv[2]
    novels = sorted(d for d in os.listdir(os.path.join(data, "pdnc"))
                    if os.path.isfile(os.path.join(data, "pdnc", d,
                                                   "characters.tsv")))
    assert len(novels) <= 32
    given = collections.defaultdict(lambda: [0, 0])     # name -> [m, f]
    nick = collections.defaultdict(int)                 # (a, b) -> mask
    full = collections.defaultdict(int)                 # (first, last)
    alias_words = collections.defaultdict(int)          # lower word -> mask
    lower_mask = collections.defaultdict(int)
    cap_mask = collections.defaultdict(int)

    for i, nv in enumerate(novels):
        bit = 1 << i
        path = os.path.join(data, "pdnc", nv, "characters.tsv")
        with open(path, encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter="\t"))[1:]
        for row in rows:
            if len(row) < 5:
                continue
            name, gender, aliases = row[1], row[2], row[4]
            forms = [a.strip() for a in aliases.split(";") if a.strip()]
            forms.append(name)
            forms = [f for f in forms if not f.startswith("_")]
            for a in forms:
                for w in words(a):
                    alias_words[w.lower()] |= bit
            first_names = first_names_of(forms)
            for a in forms:
                ws = words(a)
                if len(ws) >= 2 and ws[0].lower() not in HONORIFICS and \
                        is_word(ws[0]) and is_word(ws[-1]):
                    full[(ws[0], ws[-1])] |= bit
            if gender in ("M", "F"):
                for g in first_names:
                    given[g][0 if gender == "M" else 1] |= bit
            fl = sorted(first_names)
            for a in fl:
                for b in fl:
                    if a < b and related(a.lower(), b.lower()):
                        nick[(a, b)] |= bit

        # Word statistics from the novel text.
        with open(os.path.join(data, "pdnc", nv, "novel_text.txt"),
                  encoding="utf-8", errors="replace") as f:
            text = f.read()
        low = collections.Counter()
        cap = collections.Counter()
        prev = "."
        for m in re.finditer(r"[A-Za-z][A-Za-z']*|[.!?\"\n:;]", text):
            w = m.group(0)
            if w[0].isalpha():
                base = w.split("'")[0]
                if base.islower():
                    low[base] += 1
                elif base[0].isupper() and not base.isupper() and \
                        prev not in (".", "!", "?", "\"", "\n", ":", ";"):
                    cap[base.lower()] += 1
            prev = w if not w[0].isalpha() else "w"
        for w, c in low.items():
            if c >= 3 and c > cap.get(w, 0):
                lower_mask[w] |= bit
        for w, c in cap.items():
            if c >= 2 and c > low.get(w, 0):
                cap_mask[w] |= bit

    # LitBank coreference chains.  An excerpt of a PDNC novel votes as
    # that novel; the others are counted (one vote per work and gender).
    def norm(t):
        return re.sub(r"[^a-z]", "", t.lower())
    lb_given = collections.defaultdict(lambda: [0, 0])  # name -> [m, f]
    for name, g, work in litbank_chains(os.path.join(data, "litbank",
                                                     "coref", "brat")):
        nw = norm(re.sub(r"^\d+_|_brat$", "", work))
        same = [i for i, nv in enumerate(novels) if nw.startswith(norm(nv))]
        if same:
            given[name][0 if g == "M" else 1] |= 1 << same[0]
        else:
            lb_given[name][0 if g == "M" else 1] += 1

    per = set()
    # Capitalised words LitBank tags as places, buildings, organisations or
    # vehicles (in works that are no PDNC novel, so that leave-one-out
    # stays honest), against those it tags only as persons.
    place_works = collections.defaultdict(set)
    per_only = collections.Counter()
    pdnc_norms = [norm(nv) for nv in novels]
    for path in sorted(glob.glob(os.path.join(data, "litbank", "entities",
                                              "tsv", "*.tsv"))):
        work = norm(re.sub(r"^\d+_|_brat\.tsv$|\.tsv$", "",
                           os.path.basename(path)))
        in_pdnc = any(work.startswith(n) for n in pdnc_norms)
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 2 or not cols[0][:1].isupper():
                    continue
                labs = cols[1:]
                w = cols[0].lower()
                if any(l.endswith("PER") for l in labs):
                    per.add(w)
                place = any(re.search(r"-(GPE|LOC|FAC|ORG|VEH)$", l)
                            for l in labs)
                if place and not in_pdnc:
                    place_works[w].add(path)
                elif not place and any(l.endswith("PER") for l in labs):
                    per_only[w] += 1
    # Capitalised adjectives in mid-sentence (American, Hindu, Himalayan)
    # from UD English-EWT train.
    # Words EWT tags (any case) only as verbs or function words, never as
    # nouns or proper nouns (Hence, Tell, Whereupon): a capitalised one
    # opens a sentence, not a name ("Hence Cecil's irritation").
    adj, not_adj = collections.Counter(), collections.Counter()
    upos = collections.defaultdict(collections.Counter)
    with open(os.path.join(data, "ud-ewt", "en_ewt-ud-train.conllu"),
              encoding="utf-8") as f:
        for line in f:
            c = line.split("\t")
            if len(c) < 5 or not c[0].isdigit():
                continue
            upos[c[1].lower()][c[3]] += 1
            if c[0] == "1" or \
                    not c[1][:1].isupper() or not c[1][1:].islower():
                continue
            (adj if c[3] == "ADJ" else not_adj)[c[1].lower()] += 1
    function = {"ADV", "ADP", "SCONJ", "CCONJ", "DET", "PRON", "AUX",
                "PART", "VERB"}
    nonname = {}
    for w, ws in place_works.items():
        if len(ws) >= 2 and per_only[w] == 0 and re.fullmatch(r"[a-z]+", w):
            nonname[w] = nonname.get(w, 0) | 1
    # (LitBank's PER spans hold such words -- "the Indian", "an American
    # lady" -- without making them names: the adjective test decides.)
    for w, n in adj.items():
        if n >= 2 and n >= 3 * not_adj[w] and re.fullmatch(r"[a-z]+", w):
            nonname[w] = nonname.get(w, 0) | 2
    for w, c in upos.items():
        n = sum(c.values())
        if n >= 3 and re.fullmatch(r"[a-z]+", w) and w not in per and \
                not (c["PROPN"] or c["NOUN"] or c["X"]) and \
                sum(v for t, v in c.items() if t in function) >= 0.9 * n:
            nonname[w] = nonname.get(w, 0) | 4

    def popc(x):
        return bin(x).count("1")

    # A LitBank chain's "names" include common words (Honest John, the
    # Widow): a name only LitBank gives is dropped when PDNC writes it
    # lower case in 3 novels.
    for g in list(lb_given):
        if g not in given and popc(lower_mask.get(g.lower(), 0)) >= 3:
            del lb_given[g]
    for g in lb_given:
        given[g]    # every LitBank name has a lex_given row
    wordset = sorted(w for w in set(lower_mask) | set(cap_mask)
                     if popc(lower_mask.get(w, 0)) >= 3 or
                     popc(cap_mask.get(w, 0)) >= 3)
    wordset = [w for w in wordset if re.fullmatch(r"[a-z]+", w)]

    with open(out, "w", encoding="utf-8") as f:
        f.write("/* names_lexicon.inc -- GENERATED, do not edit.\n"
                " *\n"
                " * Source: ../shared/data/pdnc (characters.tsv aliases and "
                "gender, novel_text.txt\n"
                " * word statistics), ../shared/data/litbank/entities "
                "(PER words, places) and\n"
                " * litbank/coref (given names' genders), CC BY 4.0; "
                "ud-ewt train (capitalised\n"
                " * adjectives, verbs and function words: lex_nonname "
                "entries marked 2 and 4,\n * CC BY-SA 4.0).\n"
                " * Command: python3 train/names/gen_lexicon.py "
                "../shared/data src/names_lexicon.inc\n"
                " * Every mask has bit i set for the PDNC novel "
                "lex_novels[i] that supports it. */\n\n")
        f.write("#define LEX_N_NOVELS %d\n" % len(novels))
        f.write("static const char *const lex_novels[] = {\n")
        for nv in novels:
            f.write('    "%s",\n' % nv)
        f.write("};\n\n")
        f.write("/* Given names: novels with a male, a female character so "
                "named; other\n * LitBank works with a male, a female "
                "coreference chain so named.  Sorted. */\n")
        f.write("static const lex_given_t lex_given[] = {\n")
        for g in sorted(given):
            m, fe = given[g]
            lm, lf = lb_given.get(g, (0, 0))
            f.write('    {"%s", 0x%xu, 0x%xu, %d, %d},\n' %
                    (g.lower(), m, fe, min(lm, 255), min(lf, 255)))
        f.write("};\n\n")
        # The same names by their reversed spelling, so that the names
        # sharing an ending are one run (a gender guess for a given name
        # the table lacks: Theodosia, Angela).
        gnames = sorted(given)
        order = sorted(range(len(gnames)),
                       key=lambda i: gnames[i].lower()[::-1])
        f.write("/* lex_given indices, sorted by reversed name. */\n")
        f.write("static const uint16_t lex_given_rev[] = {\n")
        for k in range(0, len(order), 12):
            f.write("    " + ", ".join(str(i) for i in order[k:k + 12]) +
                    ",\n")
        f.write("};\n\n")
        f.write("/* Nicknames: two given names of one character (a < b). */\n")
        f.write("static const lex_pair_t lex_nick[] = {\n")
        for (a, b) in sorted(nick):
            f.write('    {"%s", "%s", 0x%xu},\n' % (a.lower(), b.lower(),
                                                    nick[(a, b)]))
        f.write("};\n\n")
        f.write("/* Full names: given name, surname. */\n")
        f.write("static const lex_pair_t lex_full[] = {\n")
        for (a, b) in sorted(full):
            f.write('    {"%s", "%s", 0x%xu},\n' % (a.lower(), b.lower(),
                                                    full[(a, b)]))
        f.write("};\n\n")
        f.write("/* Capitalised non-names: 1 LitBank tags it as a place, "
                "building,\n * organisation or vehicle in two works that are "
                "no PDNC novel, and never\n * as a person alone; 2 UD EWT "
                "writes it as a capitalised adjective\n * (American, Hindu); "
                "4 UD EWT tags it only as a verb or function word\n * "
                "(Hence, Tell).  Sorted. */\n")
        f.write("static const lex_nonname_t lex_nonname[] = {\n")
        for w in sorted(nonname):
            f.write('    {"%s", %d},\n' % (w, nonname[w]))
        f.write("};\n\n")
        f.write("/* Words: lower-case novels, capitalised-mid-sentence novels,"
                " alias novels,\n * LitBank PER.  Sorted. */\n")
        f.write("static const lex_word_t lex_word[] = {\n")
        for w in wordset:
            f.write('    {"%s", 0x%xu, 0x%xu, 0x%xu, %d},\n' %
                    (w, lower_mask.get(w, 0), cap_mask.get(w, 0),
                     alias_words.get(w, 0), 1 if w in per else 0))
        f.write("};\n")
    return 0


def first_names_of(forms):
    """The given names among one character's name forms: the first word
    of a multi-word name after its honorifics, or a one-word name that is
    not the character's surname (Mr. Darcy) nor an honorific."""
    surnames, givens, singles = set(), set(), set()
    for a in forms:
        ws = words(a)
        lw = [w.lower() for w in ws]
        if len(ws) >= 2 and lw[0] in HONORIFICS:
            k = 0
            while k < len(ws) and lw[k] in HONORIFICS:
                k += 1
            rest = ws[k:]
            last_h = lw[k - 1]
            if len(rest) == 1:
                if last_h in SURNAME_TITLES:
                    surnames.add(rest[0])
                elif last_h in ENDEARMENTS:
                    singles.add(rest[0])
            elif len(rest) >= 2:
                surnames.add(rest[-1])
                if is_word(rest[0]):
                    givens.add(rest[0])
        elif len(ws) >= 2:
            surnames.add(ws[-1])
            if is_word(ws[0]):
                givens.add(ws[0])
        elif len(ws) == 1 and is_word(ws[0]):
            singles.add(ws[0])
    singles -= surnames
    names = givens | {s for s in singles if s.lower() not in HONORIFICS}
    return {g for g in names if g not in surnames}


MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}


def litbank_chains(brat):
    """(given name, M/F, work) for each LitBank coreference chain whose
    pronouns say its gender, once per work: the chain's PROP_PER mentions
    are its name forms."""
    out = set()
    for ann in sorted(glob.glob(os.path.join(brat, "*.ann"))):
        work = os.path.basename(ann)[:-len(".ann")]
        prop, chains = set(), collections.defaultdict(list)
        with open(ann, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) < 3 or not p[0].startswith("T") or ";" in p[1]:
                    continue
                lab, start, end = p[1].split(" ")[:3]
                if lab == "PROP_PER":
                    prop.add((start, end))
                elif re.search(r"-\d+$", lab):
                    chains[lab].append((start, end, p[2]))
        for ms in chains.values():
            m = sum(1 for _, _, t in ms if t.lower() in MALE)
            fe = sum(1 for _, _, t in ms if t.lower() in FEMALE)
            if m + fe < 2 or (m < 4 * fe and fe < 4 * m):
                continue
            forms = [t for s, e, t in ms if (s, e) in prop]
            for g in first_names_of(forms):
                out.add((g, "M" if m > fe else "F", work))
    return sorted(out)


def related(a, b):
    """a and b share a run of three letters (Lizzy/Elizabeth: "liz"), or
    start alike and share a run of two (Kit/Kitty)."""
    if a[0] == b[0] and any(a[i:i + 2] in b for i in range(len(a) - 1)):
        return True
    return any(a[i:i + 3] in b for i in range(len(a) - 2))


if __name__ == "__main__":
    sys.exit(main())
