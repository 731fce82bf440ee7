"""Inputs (issue 5, items 1-3): archive HTML, EPUB, legacy encodings.

- HTML: ../shared/samples/the-copper-key.html (when present) and the
  committed fixture tests/fixtures/inputs/lamplighter.html give the same
  quotes, cast and speakers as their own `dramatis text` output read as
  plain text, plus the archive's tags (rating, fandom, pairing linked to
  character ids, one_shot...), notes (header, summary, notes) and end
  notes; detection is by content, not by extension.
- EPUB: built here with zipfile from a public-domain PDNC novel (when
  ../shared is present) and from samples/lanterns.txt (always), split into
  three chapters whose spine order differs from manifest and zip order:
  the same quotes as the plain text, in spine order, one chapter per item.
- Windows-1252: detected, converted, warned about; forced encodings; bytes
  that are neither give the invalid UTF-8 error.
- Hostile containers and HTML: one clear error line, or sane output.
"""
import html
import json
import os
import re
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from common import SHARED, check, check_doc, finish, run  # noqa: E402

tmp = tempfile.mkdtemp(prefix="dramatis-inputs-")
FIXTURES = os.path.join("tests", "fixtures", "inputs")


def path(name):
    return os.path.join(tmp, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path(name)


def analyze(p, what, extra=()):
    """Analyses p; checks exit 0, no stderr, spans against `dramatis text`;
    returns (doc, text bytes)."""
    code, out, err = run(["analyze"] + list(extra) + [p])
    check(code == 0, "%s: exit 0 (got %d: %s)" % (what, code, err.strip()))
    check(err == "", "%s: nothing on stderr: %r" % (what, err))
    code2, text, err2 = run(["text"] + list(extra) + [p])
    check(code2 == 0, "%s: text exits 0 (%s)" % (what, err2.strip()))
    try:
        doc = json.loads(out)
    except ValueError as e:
        check(False, "%s: JSON parses (%s)" % (what, e))
        return None, text
    check_doc(doc, text, what)
    return doc, text


def cast(doc):
    return {c["id"]: c["name"] for c in doc["characters"]}


def quotes(doc):
    """(text, speaker name) per quote, and the spans."""
    names = cast(doc)
    return [(q["text"], names.get(q["speaker"])) for q in doc["quotes"]]


def tags(doc):
    return {(t["tag"], t.get("value")): t for t in doc["tags"]}


def same_as_text(doc, text, what):
    """The document's text read back as plain text gives the same quotes
    (spans and texts), speakers and cast."""
    p = write(what.replace("/", "_") + ".txt", text)
    tdoc, ttext = analyze(p, what + " as text", ["--input-format", "text"])
    if not tdoc:
        return
    check(ttext == text, "%s: text round-trips" % what)
    check(tdoc["document"]["format"] == "text", "%s: forced text" % what)
    check([(q["start"], q["end"]) for q in tdoc["quotes"]] ==
          [(q["start"], q["end"]) for q in doc["quotes"]],
          "%s: same quote spans as its text" % what)
    check(quotes(tdoc) == quotes(doc),
          "%s: same quotes and speakers as its text" % what)
    check(sorted(cast(tdoc).values()) == sorted(cast(doc).values()),
          "%s: same cast as its text: %s vs %s" %
          (what, sorted(cast(tdoc).values()), sorted(cast(doc).values())))


def note_kinds(doc):
    return [n["kind"] for n in doc["notes"]]


def pairing_names(doc, value):
    t = tags(doc).get(("pairing", value))
    if not t:
        return None
    names = cast(doc)
    return [names.get(c) for c in t.get("characters", [])]


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

def test_fixture_html():
    src = os.path.join(FIXTURES, "lamplighter.html")
    doc, text = analyze(src, "lamplighter.html")
    if not doc:
        return
    d = doc["document"]
    check(d["format"] == "html", "fixture: format html")
    check(d["title"] == "The Lamplighter\u2019s Wager", "fixture: title")
    check(d["author"] == "quillfeather", "fixture: author")
    check(b"<" not in text and b"&#" not in text, "fixture: no markup left")
    check(note_kinds(doc) == ["header", "summary", "authors_note",
                              "authors_note", "endnote", "endnote"],
          "fixture: note kinds %s" % note_kinds(doc))
    tg = tags(doc)
    for key in [("rating", "teen"), ("warning", "none"),
                ("fandom", "Original Work"), ("fluff", None),
                ("slow_burn", None), ("complete", None)]:
        check(key in tg, "fixture: tag %s" % (key,))
    names = pairing_names(doc, "Nell Harrow/Tobias Finch")
    check(names is not None and len(names) == 2 and
          names[0] is not None and "Nell" in names[0] and
          names[1] is not None and "Tobias" in names[1],
          "fixture: pairing linked to Nell and Tobias: %s" % names)
    check([c["title"] for c in doc["chapters"]] ==
          ["Chapter 1: The Bet", "Chapter 2: Six O\u2019Clock"],
          "fixture: chapters %s" % [c["title"] for c in doc["chapters"]])
    check(len(doc["scenes"]) == 3, "fixture: <hr> splits chapter 1")
    check(len(doc["quotes"]) == 15, "fixture: 15 quotes, none from notes")
    same_as_text(doc, text, "fixture")

    # Detection by content: the same bytes named .txt are still HTML;
    # forcing text keeps the markup as text.
    with open(src, "rb") as f:
        raw = f.read()
    p = write("lamplighter-named.txt", raw)
    doc2, _ = analyze(p, "fixture as .txt")
    check(doc2 and doc2["document"]["format"] == "html",
          "fixture: detected from content, not extension")
    code, out, err = run(["analyze", "--input-format", "text", p])
    check(code == 0 and json.loads(out)["document"]["bytes"] == len(raw),
          "fixture: --input-format text reads the bytes as they are")
    code, out, err = run(["analyze", "--input-format", "pdf", p])
    check(code == 2 and "--input-format" in err, "bad --input-format: exit 2")


def test_copper_key():
    src = os.path.join(SHARED, "samples", "the-copper-key.html")
    if not os.path.exists(src):
        print("SKIPPED: the-copper-key.html (%s not present)" % src)
        return
    doc, text = analyze(src, "copper-key")
    if not doc:
        return
    d = doc["document"]
    check(d["format"] == "html", "copper: format html")
    check(d["title"] == "The Copper Key" and d["author"] == "lanternwick",
          "copper: title and author")
    tg = tags(doc)
    for key in [("rating", "general"), ("warning", "none"),
                ("fandom", "Sherlock Holmes - Arthur Conan Doyle"),
                ("one_shot", None), ("friendship", None),
                ("hurt_comfort", None), ("complete", None)]:
        check(key in tg, "copper: tag %s" % (key,))
    names = pairing_names(doc, "Sherlock Holmes & John Watson")
    check(names is not None and len(names) == 2 and
          any(n and "Holmes" in n for n in names) and
          any(n and "Watson" in n for n in names),
          "copper: pairing linked to Holmes and Watson: %s" % names)
    kinds = note_kinds(doc)
    check(kinds == ["header", "summary", "authors_note", "endnote"],
          "copper: notes %s" % kinds)
    ends = [n for n in doc["notes"] if n["kind"] == "endnote"]
    check(ends and "Thank you for reading" in ends[0]["text"],
          "copper: end notes")
    summ = [n for n in doc["notes"] if n["kind"] == "summary"]
    check(summ and "A key arrives" in summ[0]["text"], "copper: summary")
    check(len(doc["chapters"]) == 1 and len(doc["scenes"]) == 2,
          "copper: one chapter, <hr> makes two scenes")
    check(len(doc["quotes"]) >= 20, "copper: quotes found")
    # Mrs. Hudson is named once, with an honorific: she is kept (at the
    # default --min-mentions 2) and says the first line ("she said").
    who = {c["id"]: c["name"] for c in doc["characters"]}
    first = [q for q in doc["quotes"] if q["text"].startswith("There")]
    check(first and who.get(first[0]["speaker"]) == "Mrs. Hudson",
          "copper: Mrs. Hudson says the first line (%s)" %
          (who.get(first[0]["speaker"]) if first else None))
    check(all("Thank you" not in q["text"] and "My first fic" not in q["text"]
              for q in doc["quotes"]), "copper: no quotes from notes")
    same_as_text(doc, text, "copper")


def test_hostile_html():
    deep = write("deep.html", "<html><body>" + "<div>" * 100000 +
                 "<p>deep</p>" + "</div>" * 100000 + "</body></html>")
    expect_error(["analyze", deep], 3,
                 r"deep\.html:0: HTML parsing stopped at line 1: Excessive "
                 r"depth", "deep nesting")
    inline = write("deep-inline.html", "<html><body>" + "<b>" * 100000 + "x")
    expect_error(["text", inline], 3, r"Excessive depth", "deep inline")
    attr = write("attr.html", '<html><body><p title="' + "a" * (20 << 20) +
                 '">\u201cHi,\u201d said Ann.</p></body></html>')
    doc, text = analyze(attr, "huge attribute")
    check(text == "\u201cHi,\u201d said Ann.\n".encode("utf-8"),
          "huge attribute: text kept, attribute dropped")
    # Unclosed tags, stray entities, a lone "<": libxml2 recovers.
    messy = write("messy.html", "<!DOCTYPE html><p>Tom &amp; Jerry &bogus; "
                  "a < b<p>\u201cYes,\u201d she said.<div><hr><p>Next")
    doc, text = analyze(messy, "messy html")
    check(doc and len(doc["quotes"]) == 1, "messy html: the quote")
    check(b"Tom & Jerry &bogus; a < b" in text, "messy html: entities")


# --------------------------------------------------------------------------
# EPUB
# --------------------------------------------------------------------------

CONTAINER = ('<?xml version="1.0"?>\n<container version="1.0" xmlns='
             '"urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
             '<rootfile full-path="%s" media-type="application/oebps-package'
             '+xml"/></rootfiles></container>')


def xhtml(title, paras):
    body = "".join("<p>%s</p>\n" % "<br/>".join(html.escape(line.strip(),
                                                            quote=False)
                                                for line in p.split("\n"))
                   for p in paras)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>%s'
            '</title></head><body>\n%s</body></html>\n' %
            (html.escape(title), body))


def make_epub(name, title, author, chapters, opf_dir="OEBPS",
              mimetype=True, extra=(), spine_ids=None, hrefs=None):
    """chapters: list of (file name, xhtml) in reading order.  The manifest
    lists them in reverse, the zip stores them shuffled."""
    n = len(chapters)
    ids = ["ch%d" % (i + 1) for i in range(n)]
    hrefs = hrefs or ["Text/%s" % c[0] for c in chapters]
    manifest = "".join('<item id="%s" href="%s" media-type="application/'
                       'xhtml+xml"/>' % (ids[i], hrefs[i])
                       for i in reversed(range(n)))
    spine = "".join('<itemref idref="%s"/>' % i for i in (spine_ids or ids))
    opf = ('<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://'
           'www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
           '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<dc:title>%s</dc:title><dc:creator>%s</dc:creator>'
           '<dc:identifier id="id">x</dc:identifier></metadata>'
           '<manifest>%s</manifest><spine>%s</spine></package>' %
           (html.escape(title), html.escape(author), manifest, spine))
    p = path(name)
    prefix = opf_dir + "/" if opf_dir else ""
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        if mimetype:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip",
                       compress_type=zipfile.ZIP_STORED)
        files = [(prefix + "Text/" + c[0], c[1]) for c in chapters]
        order = files[1::2] + files[0::2]  # not the reading order
        for fn, data in order:
            z.writestr(fn, data)
        z.writestr("META-INF/container.xml",
                   CONTAINER % (prefix + "content.opf"))
        z.writestr(prefix + "content.opf", opf)
        for fn, data in extra:
            z.writestr(fn, data)
    return p


def paragraphs(text):
    return [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
            if p.strip()]


def epub_same_quotes(txt_path, what, title, author):
    """Splits a plain text into three chapters, writes an EPUB whose spine
    order differs from manifest and zip order, and compares quotes."""
    with open(txt_path, "rb") as f:
        raw = f.read()
    paras = paragraphs(raw.decode("utf-8"))
    k = len(paras)
    cuts = [0, k // 3, 2 * k // 3, k]
    chapters = [("part-%s.xhtml" % "cba"[i],  # names sort against the spine
                 xhtml("Part %d" % (i + 1), paras[cuts[i]:cuts[i + 1]]))
                for i in range(3)]
    ep = make_epub(what + ".epub", title, author, chapters)
    doc, text = analyze(ep, what + " epub")
    tdoc, _ = analyze(txt_path, what + " text")
    if not doc or not tdoc:
        return
    check(doc["document"]["format"] == "epub", "%s: format epub" % what)
    check(doc["document"]["title"] == title and
          doc["document"]["author"] == author, "%s: title, author" % what)
    # HTML collapses runs of white space, plain text keeps them.
    got = [" ".join(q["text"].split()) for q in doc["quotes"]]
    want = [" ".join(q["text"].split()) for q in tdoc["quotes"]]
    check(got == want, "%s: same quotes as the plain text, in spine order "
          "(%d vs %d; first difference %s)" % (
              what, len(got), len(want),
              next(((i, a, b) for i, (a, b) in enumerate(zip(got, want))
                    if a != b), None)))
    # Spine order: chapter i starts with the first paragraph of part i.
    starts = [text[c["start"]:c["start"] + 40] for c in doc["chapters"]]
    check(len(doc["chapters"]) >= 3, "%s: a chapter per spine item" % what)
    for i in range(1, 3):
        first = paras[cuts[i]].split("\n")[0].strip().encode("utf-8")[:30]
        check(any(s.startswith(first) for s in starts),
              "%s: part %d starts a chapter" % (what, i + 1))
    pos = [text.find(paras[cuts[i]].split("\n")[0].strip().encode("utf-8"))
           for i in range(3)]
    check(pos[0] < pos[1] < pos[2], "%s: parts in spine order" % what)


def test_epub():
    epub_same_quotes("samples/lanterns.txt", "lanterns", "Paper Lanterns",
                     "marchwind")
    novel = os.path.join(SHARED, "data", "pdnc", "DaisyMiller",
                         "novel_text.txt")
    if os.path.exists(novel):
        epub_same_quotes(novel, "daisy-miller", "Daisy Miller",
                         "Henry James")
    else:
        print("SKIPPED: PDNC EPUB (%s not present)" % novel)
    # Detected from content: an EPUB named .txt.
    ok = make_epub("ok.epub", "T", "A", [("a.xhtml", xhtml("a", [
        "\u201cHello,\u201d said Anne.", "\u201cHi,\u201d said Bob."]))])
    with open(ok, "rb") as f:
        p = write("book.txt", f.read())
    doc, _ = analyze(p, "epub named .txt")
    check(doc and doc["document"]["format"] == "epub" and
          len(doc["quotes"]) == 2, "epub: detected from content")


def expect_error(args, code, regex, what):
    c, out, err = run(args)
    check(c == code, "%s: exit %d (got %d: %s)" % (what, code, c,
                                                    err.strip()))
    check(out == b"", "%s: nothing on stdout" % what)
    check(err.count("\n") == 1 and re.search(regex, err.rstrip("\n")),
          "%s: one line matching %r: %r" % (what, regex, err))


def test_hostile_epub():
    good = [("a.xhtml", xhtml("a", ["\u201cHi,\u201d said Ann."]))]
    cases = [
        ("dotdot", make_epub("dotdot.epub", "T", "A", good,
                             hrefs=["../../etc/passwd"]),
         3, r"dotdot\.epub:0: EPUB: unsafe or invalid path \.\./\.\./etc"),
        ("absolute", make_epub("abs.epub", "T", "A", good,
                               hrefs=["/etc/passwd"]),
         3, r"unsafe or invalid path /etc/passwd"),
        ("url", make_epub("url.epub", "T", "A", good,
                          hrefs=["http://example.com/a.xhtml"]),
         3, r"unsafe or invalid path http:"),
        ("encoded dotdot", make_epub("pct.epub", "T", "A", good,
                                     hrefs=["%2e%2e/x.xhtml"]),
         3, r"unsafe or invalid path %2e%2e"),
        ("missing spine item", make_epub("spine.epub", "T", "A", good,
                                         spine_ids=["ch1", "nope"]),
         3, r"spine item nope is not in the manifest"),
        ("missing entry", make_epub("entry.epub", "T", "A", good,
                                    hrefs=["Text/gone.xhtml"]),
         3, r"missing entry OEBPS/Text/gone\.xhtml"),
    ]
    # Missing container: a zip with a mimetype but no META-INF.
    p = path("nocontainer.epub")
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("OEBPS/a.xhtml", "<html/>")
    cases.append(("missing container", p, 3,
                  r"missing entry META-INF/container\.xml"))
    # A package that is not XML.
    p = path("badopf.epub")
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", CONTAINER % "content.opf")
        z.writestr("content.opf", "<package><manifest>")
    cases.append(("bad package", p, 3, r"content\.opf is not well-formed"))
    # A zip bomb: 300 MB of zeros in a few hundred KB.
    p = path("bomb.epub")
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", CONTAINER % "c.opf")
        z.writestr("c.opf", '<package><manifest><item id="a" href="a.xhtml" '
                   'media-type="application/xhtml+xml"/></manifest><spine>'
                   '<itemref idref="a"/></spine></package>')
        z.writestr("a.xhtml", b"\0" * (300 << 20))
    cases.append(("zip bomb", p, 3, r"a\.xhtml expands \d+ bytes to "
                  r"314572800, over 200:1"))
    # 100 000 entries.
    p = path("many.epub")
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        for i in range(100000):
            z.writestr("f%d" % i, "")
    cases.append(("100k entries", p, 3,
                  r"EPUB has 100001 entries, over the limit of 10000"))
    for what, p, code, regex in cases:
        expect_error(["analyze", p], code, regex, "epub " + what)
    # Uncompressed total over --max-bytes: a resource limit (exit 5).
    big = make_epub("big.epub", "T", "A", [("a.xhtml", xhtml(
        "a", ["word " * 40000]))])
    expect_error(["analyze", "--max-bytes", "100000", big], 5,
                 r"EPUB entries hold more than 100000 bytes uncompressed",
                 "epub over --max-bytes")
    # Forced EPUB on a text file; a plain zip is still "binary".
    expect_error(["analyze", "--input-format", "epub", "samples/lanterns.txt"],
                 3, r"EPUB: not a zip archive", "forced epub on text")
    p = path("plain.zip")
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("a.txt", "hello " * 100)
    expect_error(["analyze", p], 3, r"binary file", "a zip that is no EPUB")


# --------------------------------------------------------------------------
# Legacy encodings
# --------------------------------------------------------------------------

def test_cp1252():
    src = os.path.join(FIXTURES, "cp1252.txt")
    with open(src, "rb") as f:
        raw = f.read()
    code, out, err = run(["analyze", src])
    check(code == 0, "cp1252: exit 0 (%d: %s)" % (code, err.strip()))
    check(err == "dramatis: %s: warning: not UTF-8; read as windows-1252\n"
          % src, "cp1252: warning names the encoding: %r" % err)
    code, text, err = run(["text", src])
    check(text == raw.decode("cp1252").encode("utf-8"),
          "cp1252: text prints the converted UTF-8")
    doc = json.loads(out) if out else None
    if doc:
        check_doc(doc, text, "cp1252")
        check(doc["document"]["format"] == "text", "cp1252: format text")
        check(doc["document"]["title"] == "Caf\u00e9 Society",
              "cp1252: title converted")
        qs = [q["text"] for q in doc["quotes"]]
        check(qs[:1] == ["Another caf\u00e9 cr\u00e8me?"] and len(qs) == 5,
              "cp1252: quotes in curly quotes %s" % qs)
        names = sorted(cast(doc).values())
        check("Bruno" in names and "Am\u00e9lie" in names,
              "cp1252: cast %s" % names)
    # Forcing the encoding: no warning.
    code, out, err = run(["analyze", "--encoding", "windows-1252", src])
    check(code == 0 and err == "", "cp1252 forced: no warning")
    code, out, err = run(["text", "--encoding", "latin-1", src])
    check(code == 0 and out == raw.decode("latin-1").encode("utf-8"),
          "latin-1 forced: byte = code point")
    # utf-8 forced: the invalid UTF-8 error at the first bad byte.
    expect_error(["analyze", "--encoding", "utf-8", src], 3,
                 r"cp1252\.txt:%d: invalid UTF-8$" % raw.index(b"\xe9"),
                 "utf-8 forced")
    code, out, err = run(["analyze", "--encoding", "ebcdic", src])
    check(code == 2 and "--encoding" in err, "bad --encoding: exit 2")
    # Neither UTF-8 nor Windows-1252.
    for name, data, off in [
            ("undefined.txt", b"Caf\xe9 au lait \x81 please.\n", 3),
            ("ff.txt", b'Hello "w\xffrld" there.\n', 8),
            ("mixed.txt", "caf\u00e9 ".encode() + b"and caf\xe9\n", 13),
            ("cut.txt", b"She said \xe2\x80", 9)]:
        p = write(name, data)
        expect_error(["analyze", p], 3,
                     r"%s:%d: invalid UTF-8$" % (re.escape(name), off),
                     "neither: " + name)
    # Lossy still means "keep the bytes": no conversion, no warning.
    p = write("lossy.txt", raw)
    code, out, err = run(["analyze", "--lossy", p])
    check(code == 0 and err == "" and
          json.loads(out)["document"]["bytes"] == len(raw),
          "lossy: bytes kept, no conversion")


test_fixture_html()
test_copper_key()
test_hostile_html()
test_epub()
test_hostile_epub()
test_cp1252()
finish()
