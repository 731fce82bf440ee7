#!/usr/bin/env python3
"""bench/run_peers.py BUILD_DIR -- dramatis beside its peers, on one text.

Builds a text of about one million words (the PDNC novels in order, cut at
a paragraph; the bundled sample repeated when ../shared is absent), times
dramatis on it end to end (dramatis-bench, best of 3, JSON written) and the
peers in bench/peers/peers.js (wink-nlp, compromise, a memchr floor), and
prints each one's words/s and the ratio dramatis / peer.  Words are
whitespace-separated words for everyone, so the ratio is a ratio of times.
Writes bench/peers-results.json.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TARGET_WORDS = 1_000_000


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    novels = sorted(glob.glob(os.path.join(ROOT, "..", "shared", "data",
                                           "pdnc", "*", "novel_text.txt")))
    if novels:
        src = "the PDNC novels"
        parts = [open(p, "rb").read() for p in novels]
    else:
        src = "samples/lanterns.txt repeated"
        parts = [open(os.path.join(ROOT, "samples", "lanterns.txt"),
                      "rb").read()] * 2000
    out, words = [], 0
    for p in parts:
        for para in p.split(b"\n\n"):
            out.append(para)
            words += len(para.split())
            if words >= TARGET_WORDS:
                break
        if words >= TARGET_WORDS:
            break
    text = b"\n\n".join(out) + b"\n"
    fd, path = tempfile.mkstemp(prefix="dramatis-peers-", suffix=".txt")
    with os.fdopen(fd, "wb") as f:
        f.write(text)
    print("input: %s, %d bytes, %d words" % (src, len(text), words))

    rj = path + ".json"
    subprocess.run([os.path.join(build, "dramatis-bench"), "--runs", "3",
                    "--json", rj, path], check=True, stdout=subprocess.DEVNULL)
    with open(rj) as f:
        dr = json.load(f)
    dr_s = dr["end_to_end"]["seconds"]
    rows = [{"peer": "dramatis (ingest -> JSON)", "seconds": dr_s,
             "computes": "tokens, sentences, structure, quotes, "
             "characters, speakers"}]
    p = subprocess.run(["node", os.path.join(HERE, "peers", "peers.js"), path,
                        "3"], check=True, stdout=subprocess.PIPE)
    for line in p.stdout.decode().splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            rows.append({"peer": r["peer"], "seconds": r["seconds"],
                         "computes": r["computes"]})
    os.remove(path)
    os.remove(rj)
    print("%-28s %10s %14s %16s  %s" % ("", "seconds", "words/s",
                                        "dramatis is", "computes"))
    for r in rows:
        r["words_per_s"] = round(words / r["seconds"])
        r["dramatis_speedup"] = r["seconds"] / dr_s
        print("%-28s %10.3f %14s %15.2fx  %s" % (
            r["peer"], r["seconds"], "{:,}".format(r["words_per_s"]),
            r["dramatis_speedup"], r["computes"]))
    with open(os.path.join(HERE, "peers-results.json"), "w") as f:
        json.dump({"words": words, "bytes": len(text), "rows": rows}, f,
                  indent=1)
    print("results in bench/peers-results.json")


if __name__ == "__main__":
    main()
