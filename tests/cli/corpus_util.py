"""Helpers for the corpus tests (standard library only): the test corpus,
database dumps that ignore row ids and timestamps, and a few checks."""
import glob
import os
import shutil
import sqlite3

SHARED = os.path.join("..", "shared")
PDNC = os.path.join(SHARED, "data", "pdnc")
SHARED_SAMPLES = os.path.join(SHARED, "samples")
EXTS = (".txt", ".html", ".htm", ".xhtml", ".epub")

# Every table and its columns, with doc_id shown as the document's path so
# that two databases filled in different orders compare equal.
TABLES = {
    "notes": "n, kind, start, end, text",
    "tags": "n, tag, value, label, source, start, end",
    "characters": "n, name, gender, gender_score, mentions, first, "
                  "quotes_spoken, quotes_addressed",
    "aliases": "character, n, text, count",
    "quotes": "n, start, end, text, open, close, paragraph, continues, "
              "parent, unclosed, speaker, speaker_score, attribution, "
              "cue_start, cue_end",
    "quote_addressees": "quote, character",
    "interactions": "a, b, quotes, co_occurrences, weight",
}
DOC_COLS = ("path, content_hash, bytes, format, encoding, title, author, "
            "words, pov, chapters, scenes, status, error, error_byte, "
            "dramatis")


def connect(path):
    # Read-write (never created): after a kill -9 the first reader must
    # be able to recover the WAL index, which a read-only one cannot
    # (SQLITE_READONLY_RECOVERY).  Nothing here writes.
    db = sqlite3.connect("file:%s?mode=rw" % path, uri=True, timeout=60)
    db.text_factory = bytes
    return db


def dump(path):
    """Every row of every table, ids replaced by paths, sorted; a dict of
    table name -> list of tuples."""
    db = connect(path)
    out = {"documents": sorted(db.execute(
        "SELECT %s FROM documents" % DOC_COLS).fetchall())}
    for t, cols in TABLES.items():
        cols_t = ", ".join("t." + c.strip() for c in cols.split(","))
        out[t] = sorted(db.execute(
            "SELECT d.path, %s FROM %s t JOIN documents d ON d.id = t.doc_id"
            % (cols_t, t)).fetchall(), key=repr)
        # No row may point to a missing document.
        orphans = db.execute(
            "SELECT count(*) FROM %s WHERE doc_id NOT IN "
            "(SELECT id FROM documents)" % t).fetchone()[0]
        out[t + ".orphans"] = orphans
    db.close()
    return out


def diff(a, b):
    """A short description of how two dumps differ, or '' if equal."""
    for t in sorted(set(a) | set(b)):
        if a.get(t) != b.get(t):
            x, y = a.get(t), b.get(t)
            if isinstance(x, list) and isinstance(y, list):
                sx, sy = set(x), set(y)
                return "%s: %d vs %d rows; only left %r; only right %r" % (
                    t, len(x), len(y), sorted(sx - sy, key=repr)[:2],
                    sorted(sy - sx, key=repr)[:2])
            return "%s: %r vs %r" % (t, x, y)
    return ""


def integrity(path):
    db = connect(path)
    r = db.execute("PRAGMA integrity_check").fetchall()
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    db.close()
    return [x[0].decode() for x in r], fk


def scalar(path, sql, *args):
    db = connect(path)
    v = db.execute(sql, args).fetchone()[0]
    db.close()
    return v


def walk_files(paths):
    """The files `corpus add` takes from paths, as it names them."""
    out = set()
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for f in files:
                    if not f.startswith(".") and \
                            os.path.splitext(f)[1].lower() in EXTS:
                        out.add(os.path.join(root, f))
        else:
            out.add(p)
    return sorted(out)


def corpus(tmp, small=False):
    """The test corpus: (paths to give `corpus add`, description).  The 20
    PDNC novels and the samples when ../shared exists (only a few novels
    when small), else generated stories built from samples/lanterns.txt
    (printing that the PDNC part is SKIPPED)."""
    if os.path.isdir(PDNC):
        if small:
            novels = sorted(glob.glob(os.path.join(PDNC, "*",
                                                   "novel_text.txt")))[:4]
            return (novels + [SHARED_SAMPLES, "samples/lanterns.txt"],
                    "4 PDNC novels + samples")
        return ([PDNC, SHARED_SAMPLES, "samples/lanterns.txt"],
                "the 20 PDNC novels + samples")
    print("SKIPPED: PDNC part (../shared/data/pdnc not present); using "
          "generated stories")
    gen = os.path.join(tmp, "generated")
    os.makedirs(gen, exist_ok=True)
    base = open("samples/lanterns.txt", "rb").read()
    names = [b"Jo", b"Meg", b"Beth", b"Amy", b"Laurie", b"Hannah"]
    n_docs, reps = (6, 20) if small else (24, 120)
    for i in range(n_docs):
        # Each story its own: names rotated, a different length.
        text = base
        for k, nm in enumerate(names):
            text = text.replace(nm, b"@%d@" % k)
        for k, nm in enumerate(names):
            text = text.replace(b"@%d@" % k, names[(k + i) % len(names)])
        with open(os.path.join(gen, "story-%02d.txt" % i), "wb") as f:
            f.write(text * (reps + i))
    return ([gen, "samples/lanterns.txt"], "generated stories + lanterns")


def rm(path):
    for p in (path, path + "-wal", path + "-shm"):
        if os.path.exists(p):
            os.remove(p)


def rmtree(path):
    shutil.rmtree(path, ignore_errors=True)
