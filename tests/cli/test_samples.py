"""Golden tests: the sample stories give what a careful reader would mark.

Each tests/golden/NAME.json was written by reading the story, not by
copying the program's output.  It pins the notes (kind and first words, in
order), the tags (as a set of (tag, value)), the chapter titles, the number
of scenes, the document title and point of view, and every quote in order
with its `continues`, `parent` and `unclosed` fields.  Goldens for stories
in ../shared/samples are skipped (and say so) when ../shared is absent.
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import analyze_ok, check, finish, load_golden  # noqa: E402

ran = 0
for path in sorted(glob.glob("tests/golden/*.json")):
    loaded = load_golden(path)
    if loaded is None:
        continue
    want, name = loaded
    src = want["file"]
    ran += 1
    doc = analyze_ok(src, name)
    if doc is None:
        continue
    text = open(src, "rb").read()
    d = doc["document"]
    check(d["title"] == want.get("title"), "%s: title %r, want %r" %
          (name, d["title"], want.get("title")))
    if "author" in want:
        check(d["author"] == want["author"], "%s: author %r" % (name, d["author"]))
    check(d["pov"] == want["pov"], "%s: pov %r, want %r" % (name, d["pov"], want["pov"]))

    notes = [(n["kind"], n["text"]) for n in doc["notes"]]
    check(len(notes) == len(want["notes"]), "%s: %d notes, want %d: %r" %
          (name, len(notes), len(want["notes"]), [k for k, _ in notes]))
    for got, w in zip(notes, want["notes"]):
        check(got[0] == w["kind"] and got[1].startswith(w["starts"]),
              "%s: note %r starts %r, want %s %r" %
              (name, got[0], got[1][:40], w["kind"], w["starts"]))

    tags = sorted((t["tag"], t.get("value")) for t in doc["tags"])
    wtags = sorted((t, v) for t, v in want["tags"])
    check(tags == wtags, "%s: tags\n   got  %r\n   want %r" % (name, tags, wtags))
    for t in doc["tags"]:
        label = text[t["start"]:t["end"]].decode("utf-8")
        check(t["label"] == label and label.strip() == label and label,
              "%s: tag %s label is its span: %r" % (name, t["tag"], label))

    titles = [c["title"] for c in doc["chapters"]]
    check(titles == want["chapters"], "%s: chapters %r, want %r" %
          (name, titles, want["chapters"]))
    check(len(doc["scenes"]) == want["scenes"], "%s: %d scenes, want %d" %
          (name, len(doc["scenes"]), want["scenes"]))

    quotes = doc["quotes"]
    ids = {q["id"]: i for i, q in enumerate(quotes)}
    got_texts = [q["text"] for q in quotes]
    want_texts = [q["text"] for q in want["quotes"]]
    check(got_texts == want_texts, "%s: quote texts differ" % name)
    if got_texts != want_texts:
        for i in range(max(len(got_texts), len(want_texts))):
            g = got_texts[i] if i < len(got_texts) else None
            w = want_texts[i] if i < len(want_texts) else None
            if g != w:
                print("   #%d got  %r\n       want %r" % (i, g, w))
    else:
        for i, (q, w) in enumerate(zip(quotes, want["quotes"])):
            for field in ("continues", "parent"):
                g = ids.get(q[field]) if q[field] else None
                check(g == w.get(field), "%s: quote #%d %r %s=%r, want %r" %
                      (name, i, q["text"][:30], field, g, w.get(field)))
            check(q["unclosed"] == w.get("unclosed", False),
                  "%s: quote #%d unclosed=%r" % (name, i, q["unclosed"]))
check(ran > 0, "at least one golden ran")
finish()
