"""The HTML report (analyze --format html).

Static checks (always): the page is one self-contained file (nothing
fetched), every piece of document text is escaped (a story full of <script>
and & cannot change the page), every quote is wrapped in a span whose text
is the quote and whose tooltip names speaker, attribution and cue, and the
cast table lists every character.

Rendering (needs Chromium; SKIPPED otherwise): headless Chromium loads the
sample report and a hostile one with no console message at all (a page
with a deliberate error proves the check can fail), the script ran, the
cast is in the rendered DOM, and screenshots (desktop and phone width) are
kept in BUILD/artifacts/ as test artefacts.  A PDNC novel, when
../shared is present, is rendered too and its size and render time printed.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from common import DRAMATIS, SHARED, check, finish, run, skip  # noqa: E402

SAMPLE = "samples/lanterns.txt"
ART = os.path.join(os.path.dirname(DRAMATIS), "artifacts")
tmp = tempfile.mkdtemp(prefix="dramatis-report-")

HOSTILE = (
    b'Title: Cats & <Dogs> </title><script>alert("title")</script>\n'
    b'Author: A <b>bold</b> "writer" & co\n'
    b"\n"
    b"A/N: Don't <script>alert('note')</script> me & mine. <img src=x "
    b"onerror=alert(2)>\n"
    b"\n"
    b"Chapter 1\n"
    b"\n"
    b'"Where is the <script>alert(1)</script> key & the lock?" Anna asked '
    b"Ben.\n"
    b"\n"
    b'"Under the mat," said Ben. "Or in the <b>jar</b> by the </span> '
    b'door."\n'
    b"\n"
    b'"Thank you, Ben," Anna said. "You\'re a <i>treasure</i> & a '
    b'friend."\n'
    b"\n"
    b'Ben shrugged. "Any time, Anna. Mind the \'quotes\' & <tags>."\n'
    b"\n"
    b'Anna smiled at Ben. "See you, Ben."\n'
)


def report(path_or_bytes, name):
    """Writes the report of a file (or bytes) to tmp; returns (path, html,
    json document, source bytes)."""
    if isinstance(path_or_bytes, bytes):
        src = os.path.join(tmp, name + ".txt")
        with open(src, "wb") as f:
            f.write(path_or_bytes)
    else:
        src = path_or_bytes
    out = os.path.join(tmp, name + ".html")
    rc, _, err = run(["analyze", "--format", "html", "-o", out, src])
    check(rc == 0, "%s: report exit 0 (%s)" % (name, err.strip()))
    rc, js, err = run(["analyze", src])
    check(rc == 0, "%s: json exit 0" % name)
    with open(out, "rb") as f:
        page = f.read()
    with open(src, "rb") as f:
        text = f.read()
    return out, page.decode("utf-8"), json.loads(js), text


def static_checks(page, doc, what):
    check(page.startswith("<!DOCTYPE html>"), "%s: doctype" % what)
    check('name="viewport"' in page, "%s: viewport meta (phones)" % what)
    check("@media" in page, "%s: responsive CSS" % what)
    # Self-contained: nothing fetched from anywhere.
    check(re.search(r'\b(src|href)\s*=\s*"(?!#)', page) is None,
          "%s: no src/href leaving the page" % what)
    check("@import" not in page and "url(" not in page,
          "%s: no CSS imports or url()" % what)
    check(len(re.findall(r"<script", page, re.I)) == 1,
          "%s: exactly one <script> (ours)" % what)
    check(page.count("<svg") == (1 if doc["characters"] else 0),
          "%s: the network is inline SVG" % what)
    # Cast: one table row per character, with its name.
    for i, c in enumerate(doc["characters"]):
        row = re.search(r'<tr class="[^"]*"[^>]* id="C%d">(.*?)</tr>'
                        % (i + 1), page, re.S)
        check(row is not None and html.escape(c["name"], quote=True)
              in row.group(1), "%s: cast row for %s" % (what, c["name"]))
    # Quotes: every top-level quote is a span holding its text, with a
    # tooltip naming the speaker (or saying it is unknown) and the cue.
    names = {"C%d" % (i + 1): c["name"]
             for i, c in enumerate(doc["characters"])}
    spans = {m.group(1): (html.unescape(m.group(2)), html.unescape(m.group(3)))
             for m in re.finditer(r'<span class="q [^"]*" id="(Q\d+)" '
                                  r'title="([^"]*)">([^<]*)</span>', page)}
    top = [q for q in doc["quotes"] if q["parent"] is None]
    check(len(spans) == len(top), "%s: one span per top-level quote "
          "(%d spans, %d quotes)" % (what, len(spans), len(top)))
    for q in top:
        s = spans.get(q["id"])
        if s is None:
            check(False, "%s: span for %s" % (what, q["id"]))
            continue
        tip, body = s
        check(q["text"] in body, "%s: %s span holds its text" %
              (what, q["id"]))
        want = names[q["speaker"]] if q["speaker"] else "Speaker unknown"
        check(tip.startswith(want), "%s: %s tooltip starts with %r: %r" %
              (what, q["id"], want, tip))
        if q["cue"]:
            check("cue: \u201c%s\u201d" % q["cue"]["text"] in tip,
                  "%s: %s tooltip gives the cue" % (what, q["id"]))
        for a in q["addressees"]:
            check(names[a] in tip.split("\n")[0],
                  "%s: %s tooltip names addressee %s" % (what, q["id"], a))


# --- static checks -----------------------------------------------------------
out_sample, page, doc, text = report(SAMPLE, "lanterns")
static_checks(page, doc, "sample")
check("<h1>Paper Lanterns</h1>" in page, "sample: title")
check("by marchwind" in page, "sample: author")
for tag in ("pairing", "rating", "fluff"):
    check('class="chip"' in page and tag in page, "sample: tag %s" % tag)
check(page.count("<details") == len(doc["notes"]), "sample: every note")

out_hostile, hpage, hdoc, htext = report(HOSTILE, "hostile")
static_checks(hpage, hdoc, "hostile")
check(re.search(r"<b>bold|<b>jar|<i>treasure|<img|<tags>", hpage) is None,
      "hostile: no tag from the story survives")
check("&lt;script&gt;alert(1)&lt;/script&gt;" in hpage,
      "hostile: <script> in a quote is escaped")
check("&amp;" in hpage and "Cats &amp; &lt;Dogs&gt;" in hpage,
      "hostile: & and <> in the title are escaped")
check("&lt;/span&gt;" in hpage, "hostile: </span> in a quote is escaped")
check(len(hdoc["characters"]) >= 2, "hostile: the story has a cast")

# Marked-up and other sample inputs: the same guarantees.
for extra in ("the-copper-key.html", "netherfield-ball.txt", "greenwood.txt"):
    p = os.path.join(SHARED, "samples", extra)
    if os.path.exists(p):
        _, xpage, xdoc, _ = report(p, extra)
        static_checks(xpage, xdoc, extra)
    else:
        print("SKIPPED: %s (not present)" % p)

# Invalid UTF-8 under --lossy still gives valid UTF-8 HTML.
bad = os.path.join(tmp, "bad.txt")
with open(bad, "wb") as f:
    f.write(b'"Caf\xe9 \xff," said Anna to Ben.\n\n"Yes," said Ben.\n')
rc, out, err = run(["analyze", "--lossy", "--format", "html", bad])
check(rc == 0, "lossy: exit 0")
try:
    out.decode("utf-8")
    check(True, "")
except UnicodeDecodeError:
    check(False, "lossy: report is valid UTF-8")
check("\ufffd".encode() in out, "lossy: bad bytes shown as U+FFFD")

# Usage: html takes one file.
rc, out, err = run(["analyze", "--format", "html", SAMPLE, SAMPLE])
check(rc == 2 and "takes one file" in err, "html with two files: exit 2")

# --- rendering in headless Chromium -------------------------------------------
CHROME = (shutil.which("chromium") or shutil.which("chromium-browser")
          or shutil.which("google-chrome"))
if not CHROME:
    import common  # noqa: E402
    if common._failed:
        finish()  # a static failure is a failure, not a skip
    skip("chromium not installed (apt-get install chromium); the static "
         "checks above ran")


def chrome(url, *args):
    """Runs headless Chromium on url; returns (stdout, console lines,
    seconds)."""
    profile = tempfile.mkdtemp(dir=tmp)
    cmd = [CHROME, "--headless", "--no-sandbox", "--disable-gpu",
           "--hide-scrollbars", "--no-first-run", "--mute-audio",
           "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"]
    t = time.time()
    p = subprocess.run(cmd + list(args) + [url], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=240)
    secs = time.time() - t
    err = p.stderr.decode("utf-8", "replace")
    console = [ln for ln in err.splitlines()
               if ":CONSOLE" in ln or "Uncaught" in ln]
    return p.stdout.decode("utf-8", "replace"), console, secs


def url(path):
    return "file://" + os.path.abspath(path)


# The console check can fail: a page with an error is caught.
broken = os.path.join(tmp, "broken.html")
with open(broken, "w") as f:
    f.write("<!DOCTYPE html><p>x</p><script>nope();</script>")
_, console, _ = chrome(url(broken), "--dump-dom")
check(any("nope" in ln for ln in console),
      "chromium reports a deliberate console error (check is live)")

os.makedirs(ART, exist_ok=True)
for name, path, d in (("lanterns", out_sample, doc),
                      ("hostile", out_hostile, hdoc)):
    dom, console, secs = chrome(url(path), "--dump-dom")
    check(console == [], "%s: no console messages: %s" % (name, console))
    check('data-ready="1"' in dom, "%s: the page's script ran" % name)
    check('<tr class="' in dom and all(
        html.escape(c["name"], quote=False) in dom
        for c in d["characters"]), "%s: cast rendered" % name)
    check("alert" not in dom or "&lt;script&gt;alert" in dom,
          "%s: no injected script in the DOM" % name)
    for label, size in (("desktop", "1280,1800"), ("phone", "390,1600")):
        if name == "hostile":
            continue  # its DOM is checked above; one page is enough
        shot = os.path.join(ART, "report-%s-%s.png" % (name, label))
        if os.path.exists(shot):
            os.remove(shot)
        _, console, _ = chrome(url(path), "--screenshot=" + shot,
                               "--window-size=" + size)
        ok = os.path.exists(shot) and os.path.getsize(shot) > 10000
        check(ok, "%s: %s screenshot written" % (name, label))
        check(console == [], "%s %s: no console messages" % (name, label))
        if ok:
            print("screenshot:", shot)

# The page's script: hovering a quote shows its tooltip, clicking a
# character focuses on their lines, Escape clears it.  A copy of the page
# gets a probe script that drives it and logs what it sees.
probe = os.path.join(tmp, "probe.html")
first = next(q for q in doc["quotes"] if q["speaker"])
who = {"C%d" % (i + 1): c["name"] for i, c in enumerate(doc["characters"])}
with open(probe, "w", encoding="utf-8") as f:
    f.write(page.replace("</body>", """<script>
var q = document.getElementById('%s'), tip = document.getElementById('tip');
q.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
console.log('PROBE tip ' + tip.hidden + ' ' + tip.textContent);
var row = document.querySelector('tr[data-focus]');
row.click();
console.log('PROBE focus ' + document.body.getAttribute('data-focus') +
            ' ' + row.getAttribute('data-focus'));
document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));
console.log('PROBE cleared ' + document.body.getAttribute('data-focus') +
            ' ' + tip.hidden);
</script></body>""" % first["id"]))
_, console, _ = chrome(url(probe), "--dump-dom")
probes = [ln[ln.index("PROBE"):] for ln in console if "PROBE" in ln]
tipline = next((p for p in probes if p.startswith("PROBE tip")), "")
check(tipline.startswith("PROBE tip false " + who[first["speaker"]]),
      "hovering %s shows its tooltip: %r" % (first["id"], tipline))
check(any(re.match(r"PROBE focus (c\d) \1\b", p) for p in probes),
      "clicking a cast row focuses on that character: %r" % probes)
check(any(p.startswith("PROBE cleared null true") for p in probes),
      "Escape clears the focus and the tooltip: %r" % probes)
check(not any("Uncaught" in ln for ln in console),
      "the probe ran without errors: %r" % console)

novel = os.path.join(SHARED, "data", "pdnc", "PrideAndPrejudice",
                     "novel_text.txt")
if os.path.exists(novel):
    out = os.path.join(tmp, "novel.html")
    t = time.time()
    rc, _, err = run(["analyze", "--format", "html", "-o", out, novel])
    gen = time.time() - t
    check(rc == 0, "novel: report exit 0")
    size = os.path.getsize(out)
    check(size < 4 * os.path.getsize(novel),
          "novel: report under 4x the text (%d bytes)" % size)
    dom, console, secs = chrome(url(out), "--dump-dom")
    check(console == [], "novel: no console messages: %s" % console[:3])
    check('data-ready="1"' in dom, "novel: the page's script ran")
    print("novel report: %d bytes (text %d), written in %.2f s, "
          "loaded by headless Chromium in %.1f s" %
          (size, os.path.getsize(novel), gen, secs))
else:
    print("SKIPPED: novel report (%s not present)" % novel)

finish()
