"""The table and graph outputs: CSV, GraphML, GEXF and BookNLP TSV.

Each is read back with a standard reader (csv, networkx when installed,
else xml.etree) and compared with the JSON output of the same document:
every quote, character and interaction is there with the same values, and
text with commas, quotes, line ends, tabs, & and < survives.
"""
import csv
import io
import json
import os
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from common import SHARED, check, finish, run  # noqa: E402

try:
    import networkx
except ImportError:
    networkx = None
    print("networkx not installed: GraphML and GEXF are checked with "
          "xml.etree only")

tmp = tempfile.mkdtemp(prefix="dramatis-outputs-")

TRICKY = (
    b"Title: Commas, \"Quotes\" & <Angles>\n"
    b"Author: Tab\tby\n"
    b"\n"
    b"Chapter 1\n"
    b"\n"
    b'"Well, Anna, I said \'no\', and that was that," Ben said, '
    b"\"and then\nI left.\"\n"
    b"\n"
    b'"Commas, commas, everywhere," said Anna. "And a tab\there."\n'
    b"\n"
    b'Ben laughed. "You and your <tags> & things, Anna."\n'
    b"\n"
    b'"Me?" Anna asked Ben.\n'
    b"\n"
    b'"You," he said.\n'
)
tricky = os.path.join(tmp, "tricky.txt")
with open(tricky, "wb") as f:
    f.write(TRICKY)

FILES = ["samples/lanterns.txt", tricky]
for extra in ("netherfield-ball.txt", "greenwood.txt"):
    p = os.path.join(SHARED, "samples", extra)
    if os.path.exists(p):
        FILES.append(p)


def output(fmt, path):
    rc, out, err = run(["analyze", "--format", fmt, path])
    check(rc == 0, "%s %s: exit 0 (%s)" % (fmt, path, err.strip()))
    return out


def jdoc(path):
    rc, out, err = run(["analyze", "--mentions", path])
    return json.loads(out)


def cid(i):
    return "C%d" % (i + 1)


# --- CSV ---------------------------------------------------------------------
def check_csv(path, doc):
    raw = output("csv", path)
    check(raw.endswith(b"\r\n") and b"\r\n" in raw, "csv %s: CRLF rows" % path)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    check(rows[0] == ["start", "end", "speaker", "speaker_name", "addressees",
                      "attribution", "cue", "text"], "csv %s: header" % path)
    rows = rows[1:]
    check(len(rows) == len(doc["quotes"]), "csv %s: one row per quote (%d, "
          "%d)" % (path, len(rows), len(doc["quotes"])))
    names = {cid(i): c["name"] for i, c in enumerate(doc["characters"])}
    for r, q in zip(rows, doc["quotes"]):
        want = [str(q["start"]), str(q["end"]), q["speaker"] or "",
                names.get(q["speaker"], ""), ";".join(q["addressees"]),
                q["attribution"], q["cue"]["text"] if q["cue"] else "",
                q["text"]]
        check(r == want, "csv %s: %s row %r != %r" % (path, q["id"], r, want))


# --- GraphML / GEXF ----------------------------------------------------------
def check_xml_graph(fmt, path, doc):
    raw = output(fmt, path)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        check(False, "%s %s: well-formed XML (%s)" % (fmt, path, e))
        return
    nodes = [e for e in root.iter() if e.tag.endswith("}node")]
    edges = [e for e in root.iter() if e.tag.endswith("}edge")]
    check(len(nodes) == len(doc["characters"]),
          "%s %s: a node per character" % (fmt, path))
    check(len(edges) == len(doc["interactions"]),
          "%s %s: an edge per interaction" % (fmt, path))
    if networkx is None:
        return
    f = os.path.join(tmp, "g." + fmt)
    with open(f, "wb") as fh:
        fh.write(raw)
    g = networkx.read_graphml(f) if fmt == "graphml" else \
        networkx.read_gexf(f)
    check(g.number_of_nodes() == len(doc["characters"]),
          "%s %s: networkx reads every node" % (fmt, path))
    check(g.number_of_edges() == len(doc["interactions"]),
          "%s %s: networkx reads every edge" % (fmt, path))
    for i, c in enumerate(doc["characters"]):
        a = g.nodes[cid(i)]
        name = a.get("name", a.get("label"))
        check(name == c["name"] and a["gender"] == c["gender"] and
              int(a["lines"]) == c["quotes_spoken"] and
              int(a["mentions"]) == c["mentions"],
              "%s %s: node %s attributes %r" % (fmt, path, cid(i), a))
    for x in doc["interactions"]:
        e = g.edges[x["a"], x["b"]]
        check(int(e["quotes"]) == x["quotes"] and
              int(e["co_occurrences"]) == x["co_occurrences"] and
              abs(float(e["weight"]) - x["weight"]) < 1e-6,
              "%s %s: edge %s-%s attributes %r" % (fmt, path, x["a"], x["b"],
                                                   e))
    if fmt == "graphml" and doc["document"]["title"]:
        check(g.graph.get("title") == doc["document"]["title"],
              "graphml %s: title survives escaping" % path)


# --- BookNLP -----------------------------------------------------------------
TOKEN_COLS = ["paragraph_ID", "sentence_ID", "token_ID_within_sentence",
              "token_ID_within_document", "word", "lemma", "byte_onset",
              "byte_offset", "POS_tag", "fine_POS_tag", "dependency_relation",
              "syntactic_head_ID", "event"]
ENTITY_COLS = ["COREF", "start_token", "end_token", "prop", "cat", "text"]
QUOTE_COLS = ["quote_start", "quote_end", "mention_start", "mention_end",
              "mention_phrase", "char_id", "quote"]


def read_tsv(p):
    with open(p, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


def flat(s):
    return s.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def check_booknlp(path, doc):
    prefix = os.path.join(tmp, "bk")
    rc, out, err = run(["analyze", "--format", "booknlp", "-o", prefix, path])
    check(rc == 0 and out == b"", "booknlp %s: exit 0, nothing on stdout (%s)"
          % (path, err.strip()))
    rc, text, err = run(["text", path])
    head, toks = read_tsv(prefix + ".tokens")
    check(head == TOKEN_COLS, "booknlp %s: tokens header" % path)
    ok_word = ok_ids = ok_sent = True
    prev_s, prev_w = -1, -1
    for i, r in enumerate(toks):
        p, s, w, d, word, lemma, on, off = r[:8]
        span = text[int(on):int(off)].decode("utf-8", "replace")
        ok_word &= word == flat(span) and lemma == word
        ok_ids &= int(d) == i and r[8:] == ["_", "_", "_", "-1", "O"]
        s, w = int(s), int(w)
        ok_sent &= (s == prev_s and w == prev_w + 1) or \
            (s > prev_s and w == 0)
        prev_s, prev_w = s, w
    check(ok_word, "booknlp %s: every word is its byte span" % path)
    check(ok_ids, "booknlp %s: token ids and placeholders" % path)
    check(ok_sent, "booknlp %s: sentence ids rise, ids within restart" %
          path)

    def span_text(a, b):
        return text[int(toks[a][6]):int(toks[b][7])].decode("utf-8",
                                                            "replace")

    head, ents = read_tsv(prefix + ".entities")
    check(head == ENTITY_COLS, "booknlp %s: entities header" % path)
    check(len(ents) == len(doc["mentions"]),
          "booknlp %s: an entity per mention (%d, %d)" %
          (path, len(ents), len(doc["mentions"])))
    for r, m in zip(ents, doc["mentions"]):
        want_c = int(m["character"][1:]) - 1 if m["character"] else -1
        check(int(r[0]) == want_c and r[4] == "PER" and
              r[3] in ("PROP", "PRON", "NOM") and r[5] == flat(m["text"])
              and span_text(int(r[1]), int(r[2])) == m["text"],
              "booknlp %s: entity %r for mention %r" % (path, r, m))
    head, qs = read_tsv(prefix + ".quotes")
    check(head == QUOTE_COLS, "booknlp %s: quotes header" % path)
    top = [q for q in doc["quotes"] if q["parent"] is None]
    check(len(qs) == len(top), "booknlp %s: a row per top-level quote" % path)
    for r, q in zip(qs, top):
        want_c = int(q["speaker"][1:]) - 1 if q["speaker"] else -1
        covered = span_text(int(r[0]), int(r[1]))
        check(int(r[5]) == want_c and r[6] == flat(q["text"]) and
              q["text"] in covered,
              "booknlp %s: quote %s row %r" % (path, q["id"], r))
        if int(r[2]) >= 0:
            ms = int(toks[int(r[2])][6])
            check(q["cue"] is not None and q["cue"]["start"] <= ms <
                  q["cue"]["end"] and span_text(int(r[2]), int(r[3])) ==
                  r[4], "booknlp %s: %s mention inside the cue" %
                  (path, q["id"]))


for path in FILES:
    doc = jdoc(path)
    check_csv(path, doc)
    check_xml_graph("graphml", path, doc)
    check_xml_graph("gexf", path, doc)
    check_booknlp(path, doc)

# Usage errors.
rc, out, err = run(["analyze", "--format", "booknlp", FILES[0]])
check(rc == 2 and "-o PREFIX" in err, "booknlp without -o: exit 2 (%r)" % err)
rc, out, err = run(["analyze", "--format", "csv", FILES[0], FILES[0]])
check(rc == 2 and "takes one file" in err, "csv with two files: exit 2")
rc, out, err = run(["analyze", "--format", "yaml", FILES[0]])
check(rc == 2 and "graphml" in err, "unknown format lists the formats")
rc, out, err = run(["analyze", "--format", "booknlp", "-o",
                    os.path.join(tmp, "no", "such", "dir", "x"), FILES[0]])
check(rc == 4 and out == b"", "booknlp into a missing directory: exit 4")
finish()
