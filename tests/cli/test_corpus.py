"""`dramatis corpus`: add, resume after kill -9, shards + merge, bad files,
stats and query.

Over the 20 PDNC novels plus the samples when ../shared exists (else
generated stories; the PDNC part is then reported SKIPPED):

1. An uninterrupted `corpus add -j 2` is the reference: every file stored
   once, status ok, the database sound, and one document's rows equal to
   what `analyze` says about it.
2. `corpus add` killed with SIGKILL at a random moment after some
   documents were stored, then rerun: integrity_check ok, every document
   exactly once, and the database equal to the reference (every table,
   row ids and timestamps aside).  The rerun skips what was stored.
3. Three shards (--shard I/3, -j 1) split the files disjointly, and
   `corpus merge` of them equals the reference; merging again changes
   nothing.
4. A file with invalid UTF-8 and a missing file among good ones: one error
   line each, error rows, the good ones stored, exit code says so; a
   changed file replaces its rows on the next run.
5. stats, query (read-only), usage errors.
"""
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from html import escape as html_escape

sys.path.insert(0, os.path.dirname(__file__))
from common import DRAMATIS, check, finish, run  # noqa: E402
import corpus_util as cu  # noqa: E402

tmp = tempfile.mkdtemp(prefix="dramatis-corpus-")
# DR_CORPUS_SMALL=1: a few novels only (for slow builds such as TSan).
paths, what = cu.corpus(tmp, small=bool(os.environ.get("DR_CORPUS_SMALL")))
files = cu.walk_files(paths)
print("corpus: %s (%d files)" % (what, len(files)))


def add(db, *extra, timeout=600):
    return run(["corpus", "add"] + list(extra) + [db] + paths,
               timeout=timeout)


def same_as(ref, db, label):
    d = cu.diff(ref, cu.dump(db))
    check(d == "", "%s equals the reference: %s" % (label, d))


def sound(db, label):
    ic, fk = cu.integrity(db)
    check(ic == ["ok"], "%s: integrity_check %r" % (label, ic))
    check(fk == [], "%s: foreign_key_check %r" % (label, fk[:3]))


# --- 1. the reference run --------------------------------------------------
ref_db = os.path.join(tmp, "ref.db")
t = time.time()
code, _, err = add(ref_db, "-j", "2")
ref_seconds = time.time() - t
print("reference run: %.2f s; %s" % (ref_seconds, err.strip()))
check(code == 0, "reference add exits 0 (got %d: %s)" % (code, err))
sound(ref_db, "reference")
ref = cu.dump(ref_db)
stored = sorted(r[0].decode() for r in ref["documents"])
check(stored == files, "every file stored once (%d of %d)" %
      (len(stored), len(files)))
check(all(r[11] == b"ok" for r in ref["documents"]),
      "every document status ok")
check(len(ref["quotes"]) > 0 and len(ref["characters"]) > 0,
      "quotes and characters stored")
html = os.path.join(cu.SHARED_SAMPLES, "the-copper-key.html")
if html in files:
    code, out, err = run(["analyze", html])
    jd = json.loads(out)["document"] if code == 0 else {}
    check(cu.scalar(ref_db, "SELECT format FROM documents WHERE path = ?",
                    html) == jd.get("format", "?").encode(),
          "HTML sample: stored format is what analyze says (%s)" %
          jd.get("format"))
check(cu.scalar(ref_db, "SELECT version FROM schema_version") == 1,
      "schema_version 1")
check(cu.scalar(ref_db, "PRAGMA journal_mode") == b"wal", "WAL journal")

# The stored rows say what `analyze` says (lanterns: tags, characters,
# quotes, speakers, addressees, interactions).
code, out, err = run(["analyze", "samples/lanterns.txt"])
j = json.loads(out)
db = cu.connect(ref_db)
lid = db.execute("SELECT id FROM documents WHERE path = ?",
                 ("samples/lanterns.txt",)).fetchone()[0]


def rows(sql):
    return db.execute(sql, (lid,)).fetchall()


doc = rows("SELECT title, author, words, pov, format FROM documents "
           "WHERE id = ?")[0]
check(doc == (j["document"]["title"].encode(), j["document"]["author"].encode(),
              j["document"]["words"], j["document"]["pov"].encode(),
              j["document"]["format"].encode()),
      "lanterns: document row matches analyze (%r)" % (doc,))
check([(r[0].decode(), None if r[1] is None else r[1].decode())
       for r in rows("SELECT tag, value FROM tags WHERE doc_id = ? "
                     "ORDER BY n")] ==
      [(x["tag"], x.get("value")) for x in j["tags"]],
      "lanterns: tags match analyze")
check([r[0].decode() for r in rows("SELECT name FROM characters "
                                   "WHERE doc_id = ? ORDER BY n")] ==
      [c["name"] for c in j["characters"]],
      "lanterns: characters match analyze")
check(sum(r[0] for r in rows("SELECT count(*) FROM aliases "
                             "WHERE doc_id = ?")) ==
      sum(len(c["aliases"]) for c in j["characters"]),
      "lanterns: aliases match analyze")
q = rows("SELECT n, text, speaker, attribution FROM quotes WHERE doc_id = ? "
         "ORDER BY n")
check([(r[1].decode(), None if r[2] is None else "C%d" % r[2],
        r[3].decode()) for r in q] ==
      [(x["text"], x["speaker"], x["attribution"]) for x in j["quotes"]],
      "lanterns: quotes and speakers match analyze (%d quotes)" % len(q))
addr = rows("SELECT quote, character FROM quote_addressees WHERE doc_id = ? "
            "ORDER BY quote, character")
check(addr == sorted((int(x["id"][1:]), int(c[1:])) for x in j["quotes"]
                     for c in x["addressees"]),
      "lanterns: addressees match analyze (%d)" % len(addr))
check(rows("SELECT count(*) FROM interactions WHERE doc_id = ?")[0][0] ==
      len(j["interactions"]), "lanterns: interactions match analyze")
check(rows("SELECT count(*) FROM notes WHERE doc_id = ?")[0][0] ==
      len(j["notes"]), "lanterns: notes match analyze")
db.close()

# --- 2. kill -9 at a random moment, then resume ----------------------------
seed = os.environ.get("DR_SEED", str(int(time.time() * 1000)))
print("kill timing seed %s (set DR_SEED to repeat)" % seed)
rng = random.Random(seed)
kill_db = os.path.join(tmp, "kill.db")
for attempt in range(3):
    cu.rm(kill_db)
    proc = subprocess.Popen([DRAMATIS, "corpus", "add", "-j", "2", "--quiet",
                             kill_db] + paths,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    # Wait until a document is stored, then a random moment more.
    deadline = time.time() + 120
    n_before = 0
    while proc.poll() is None and time.time() < deadline:
        try:
            n_before = cu.scalar(kill_db, "SELECT count(*) FROM documents")
        except Exception:
            n_before = 0
        if n_before >= 1:
            break
        time.sleep(0.01)
    time.sleep(rng.uniform(0, ref_seconds / 3))
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    n_kill = cu.scalar(kill_db, "SELECT count(*) FROM documents")
    print("kill -9 %s with %d of %d documents stored" %
          ("sent" if killed else "too late (run finished)", n_kill,
           len(files)))
    if killed and n_kill < len(files):
        break
check(killed and 0 < n_kill < len(files),
      "the run was killed midway (%d of %d stored)" % (n_kill, len(files)))
sound(kill_db, "after kill -9")
code, _, err = add(kill_db, "-j", "2")
print("rerun: %s" % err.strip())
check(code == 0, "rerun exits 0 (got %d: %s)" % (code, err))
m = re.search(r"(\d+) added, (\d+) unchanged", err)
check(m is not None and int(m.group(2)) == n_kill and
      int(m.group(1)) + int(m.group(2)) == len(files),
      "rerun skips the stored documents (%s)" % (m and m.group(0)))
sound(kill_db, "after the rerun")
check(cu.scalar(kill_db, "SELECT count(*) FROM documents") == len(files) and
      cu.scalar(kill_db, "SELECT count(DISTINCT path) FROM documents") ==
      len(files), "every document exactly once after the rerun")
same_as(ref, kill_db, "killed + rerun")
# A second rerun stores nothing new.
code, _, err = add(kill_db, "-j", "2")
check(code == 0 and ("0 added, %d unchanged" % len(files)) in err,
      "a third run changes nothing (%s)" % err.strip())

# --force re-analyses everything (here on 4 threads) to the same rows.
code, _, err = add(kill_db, "-j", "4", "--force")
check(code == 0 and ("%d added, 0 unchanged" % len(files)) in err,
      "--force -j 4 re-analyses every file (%s)" % err.strip())
sound(kill_db, "after --force")
same_as(ref, kill_db, "--force -j 4")

# --- 3. shards + merge -----------------------------------------------------
shard_dbs = []
per_shard = []
for i in range(3):
    sdb = os.path.join(tmp, "shard%d.db" % i)
    shard_dbs.append(sdb)
    code, _, err = add(sdb, "-j", "1", "--shard", "%d/3" % i)
    check(code == 0, "shard %d/3 exits 0 (got %d: %s)" % (i, code, err))
    sound(sdb, "shard %d" % i)
    got = [r[0] for r in cu.connect(sdb).execute(
        "SELECT path FROM documents")]
    per_shard.append(set(got))
print("shards: %s documents" % [len(s) for s in per_shard])
allp = set()
for s in per_shard:
    check(not (allp & s), "shards are disjoint")
    allp |= s
check(sorted(p.decode() for p in allp) == files,
      "the shards together hold every file")
merged = os.path.join(tmp, "merged.db")
code, _, err = run(["corpus", "merge", merged] + shard_dbs)
check(code == 0, "merge exits 0 (got %d: %s)" % (code, err))
sound(merged, "merged")
same_as(ref, merged, "merge of 3 shards")
code, _, err = run(["corpus", "merge", merged] + shard_dbs)
check(code == 0 and "0 documents merged" in err,
      "merging again merges nothing (%s)" % err.strip())
same_as(ref, merged, "merge repeated")
# Merging the reference into a half-filled database fills it.
code, _, err = run(["corpus", "merge", shard_dbs[0], ref_db])
check(code == 0, "merge into a shard exits 0 (%s)" % err)
same_as(ref, shard_dbs[0], "shard 0 + reference")

# --- 4. bad files, changed files -------------------------------------------
bad_dir = os.path.join(tmp, "bad")
os.makedirs(os.path.join(bad_dir, "sub"))
shutil.copy("samples/lanterns.txt", os.path.join(bad_dir, "good.txt"))
shutil.copy("samples/lanterns.txt", os.path.join(bad_dir, "sub", "b.HTM"))
with open(os.path.join(bad_dir, "bad.txt"), "wb") as f:
    f.write(b"A good line.\n\n\"Hello \xff there,\" she said.\n")
with open(os.path.join(bad_dir, "notes.md"), "w") as f:
    f.write("not a story\n")
with open(os.path.join(bad_dir, ".hidden.txt"), "w") as f:
    f.write("hidden\n")
missing = os.path.join(tmp, "missing.txt")
bdb = os.path.join(tmp, "bad.db")
code, _, err = run(["corpus", "add", "-j", "2", bdb, bad_dir, missing])
lines = [ln for ln in err.splitlines() if ln.startswith("dramatis:")]
bad_path = os.path.join(bad_dir, "bad.txt")
check(code == 4, "bad + missing files: exit 4 (the worst; got %d)" % code)
check("dramatis: %s:21: invalid UTF-8" % bad_path in lines,
      "invalid UTF-8 reported with its byte: %r" % lines)
check(any(ln.startswith("dramatis: %s:0: " % missing) for ln in lines),
      "missing file reported: %r" % lines)
check(len(lines) == 2, "one line per bad file (%r)" % lines)
db = cu.connect(bdb)
got = dict((r[0].decode(), (r[1].decode(), r[2], r[3]))
           for r in db.execute("SELECT path, status, error, error_byte "
                               "FROM documents"))
db.close()
check(sorted(got) == sorted([os.path.join(bad_dir, "good.txt"),
                             os.path.join(bad_dir, "sub", "b.HTM"),
                             bad_path, missing]),
      "good, bad and missing files recorded, others skipped: %r" %
      sorted(got))
check(got.get(bad_path, ("",))[0] == "error" and
      got[bad_path][1] == b"invalid UTF-8" and got[bad_path][2] == 21,
      "bad file: error row with message and byte (%r)" % (got.get(bad_path),))
check(got.get(missing, ("",))[0] == "error", "missing file: error row")
check(got.get(os.path.join(bad_dir, "good.txt"), ("",))[0] == "ok",
      "good file stored")
code, _, err = run(["corpus", "add", "--lossy", bdb, bad_path])
check(code == 0 and cu.scalar(bdb, "SELECT status FROM documents WHERE "
                              "path = ?", bad_path) == b"ok",
      "--lossy stores the bad file (%d: %s)" % (code, err))
check(cu.scalar(bdb, "SELECT q.text FROM quotes q JOIN documents d ON "
                "d.id = q.doc_id WHERE d.path = ?", bad_path) ==
      "Hello \ufffd there,".encode(),
      "--lossy: the bad byte stored as U+FFFD")
# A changed file replaces its rows.
good = os.path.join(bad_dir, "good.txt")
old_q = cu.scalar(bdb, "SELECT count(*) FROM quotes JOIN documents d ON "
                  "d.id = doc_id WHERE d.path = ?", good)
with open(good, "ab") as f:
    f.write(b"\n\n\"One more,\" said Jo. \"And another.\"\n")
code, _, err = run(["corpus", "add", bdb, good])
new_q = cu.scalar(bdb, "SELECT count(*) FROM quotes JOIN documents d ON "
                  "d.id = doc_id WHERE d.path = ?", good)
check(code == 0 and "1 added" in err, "changed file re-analysed (%s)" % err)
check(new_q == old_q + 2, "changed file: its rows replaced (%d -> %d quotes)"
      % (old_q, new_q))
check(cu.scalar(bdb, "SELECT count(*) FROM documents WHERE path = ?",
                good) == 1, "changed file: still one document")
sound(bdb, "bad-file database")

# --- 4b. every input format: stored as `analyze` reads it -----------------
fmt_dir = os.path.join(tmp, "formats")
os.makedirs(fmt_dir)
lanterns = open("samples/lanterns.txt", "rb").read().decode()
paras = [p for p in lanterns.split("\n\n") if p.strip()]
xhtml = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.'
         'org/1999/xhtml"><head><title>Paper Lanterns</title></head><body>'
         + "".join("<p>%s</p>\n" % html_escape(p) for p in paras) +
         "</body></html>\n")
with open(os.path.join(fmt_dir, "story.html"), "w") as f:
    f.write(xhtml)
with zipfile.ZipFile(os.path.join(fmt_dir, "story.epub"), "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
    z.writestr("META-INF/container.xml",
               '<?xml version="1.0"?><container version="1.0" xmlns="urn:'
               'oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
               '<rootfile full-path="OEBPS/content.opf" media-type="'
               'application/oebps-package+xml"/></rootfiles></container>')
    z.writestr("OEBPS/content.opf",
               '<?xml version="1.0"?><package xmlns="http://www.idpf.org/'
               '2007/opf" version="3.0" unique-identifier="id"><metadata '
               'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Paper '
               'Lanterns</dc:title><dc:creator>marchwind</dc:creator>'
               '<dc:identifier id="id">x</dc:identifier></metadata>'
               '<manifest><item id="c1" href="c1.xhtml" media-type="'
               'application/xhtml+xml"/></manifest><spine><itemref '
               'idref="c1"/></spine></package>')
    z.writestr("OEBPS/c1.xhtml", xhtml)
with open(os.path.join(fmt_dir, "cp1252.txt"), "wb") as f:
    f.write(b"\x93Caf\xe9 at noon,\x94 Jo said. \x93Don\x92t be late.\x94\n"
            b"\n\x93I won\x92t,\x94 said Meg.\n")
fdb = os.path.join(tmp, "formats.db")
code, _, err = run(["corpus", "add", fdb, fmt_dir])
for name in ("story.html", "story.epub", "cp1252.txt"):
    fp = os.path.join(fmt_dir, name)
    acode, out, _ = run(["analyze", fp])
    db = cu.connect(fdb)
    row = db.execute("SELECT id, status, format, encoding, words FROM "
                     "documents WHERE path = ?", (fp,)).fetchone()
    if acode != 0:
        check(row is not None and row[1] == b"error",
              "%s: analyze refuses it (%d), so it is an error row" %
              (name, acode))
    else:
        jd = json.loads(out)
        want = (b"ok", jd["document"]["format"].encode(),
                (jd["document"].get("encoding") or "").encode() or None,
                jd["document"]["words"])
        got = row[1:] if row else None
        if want[2] is None and got:
            got = (got[0], got[1], None, got[3])
        check(got == want, "%s: stored as analyze reads it: %r vs %r" %
              (name, got, want))
        nq = db.execute("SELECT count(*) FROM quotes WHERE doc_id = ?",
                        (row[0],)).fetchone()[0] if row else -1
        check(nq == len(jd["quotes"]), "%s: %d quotes stored, analyze %d" %
              (name, nq, len(jd["quotes"])))
    db.close()

# --- 5. stats, query, usage --------------------------------------------------
code, out, err = run(["corpus", "stats", ref_db])
out = out.decode()
check(code == 0 and ("documents:        %d (%d ok, 0 errors)" %
                     (len(files), len(files))) in out,
      "stats counts documents: %r" % out[:200])
check(re.search(r"^quotes:\s+%d$" % len(ref["quotes"]), out, re.M),
      "stats counts quotes")
code, out, err = run(["corpus", "query", ref_db,
                      "SELECT count(*) AS n FROM documents"])
check(code == 0 and out == b"n\n%d\n" % len(files),
      "query prints TSV (%r)" % out)
code, out, err = run(["corpus", "query", ref_db, "DELETE FROM documents"])
check(code == 1 and "read-only" in err, "query refuses writes (%s)" % err)
check(cu.scalar(ref_db, "SELECT count(*) FROM documents") == len(files),
      "query wrote nothing")
for args, want in ((["corpus"], 2), (["corpus", "add"], 2),
                   (["corpus", "add", "x.db"], 2),
                   (["corpus", "add", "--shard", "3/3", "x.db", "y"], 2),
                   (["corpus", "add", "-j", "0", "x.db", "y"], 2),
                   (["corpus", "frob"], 2),
                   (["corpus", "add", "--encoding", "klingon", "x.db", "y"], 2),
                   (["corpus", "add", "--input-format", "pdf", "x.db", "y"],
                    2),
                   (["corpus", "merge", merged], 2),
                   (["corpus", "stats", os.path.join(tmp, "none.db")], 4),
                   (["corpus", "merge", merged,
                     os.path.join(tmp, "none.db")], 4),
                   (["corpus", "merge", merged, bad_path], 4)):
    code, _, err = run(args)
    check(code == want, "%s: exit %d (got %d: %s)" %
          (" ".join(args), want, code, err.strip()))
check(not os.path.exists("x.db"), "usage errors create no database")
code, out, _ = run(["corpus", "--help"])
check(code == 0 and b"corpus add" in out, "corpus --help")

cu.rmtree(tmp)
finish()
