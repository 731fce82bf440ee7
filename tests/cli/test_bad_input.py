"""The hostile-input suite: every file in tests/bad-input/MANIFEST, plus
inputs built here (GENERATED), each with its exit code and one-line error.

A failing input must print exactly one line "dramatis: FILE:BYTE: message"
matching the manifest, and nothing on stdout.  An input that should pass
must give JSON that parses and whose spans check out (common.check_doc).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import DRAMATIS, check, check_doc, finish  # noqa: E402

HERE = os.path.join("tests", "bad-input")
tmp = tempfile.mkdtemp(prefix="dramatis-bad-")
os.chmod(tmp, 0o755)


def path(name):
    return os.path.join(tmp, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)
    return path(name)


def build_generated():
    """(label, argv, stdin, exit, regex, preexec) for inputs made here."""
    with open("samples/lanterns.txt", "rb") as f:
        sample = f.read()
    big = (sample * (1048576 // len(sample) + 1))[:1048576]
    cases = [
        ("invalid after 1 MiB", ["analyze", write("late.txt", big + b"\xff")],
         None, 3, r"late\.txt:1048576: invalid UTF-8$", None),
        ("invalid last byte", ["analyze", write("last.txt", big[:-1] + b"\xc3")],
         None, 3, r":1048575: invalid UTF-8$", None),
        ("invalid on stdin", ["analyze", "-"], b'Hello "w\xffrld"', 3,
         r"^dramatis: -:8: invalid UTF-8$", None),
        ("directory", ["analyze", HERE], None, 4, r":0: is a directory$", None),
        ("missing", ["analyze", path("nope.txt")], None, 4,
         r"nope\.txt:0: No such file or directory$", None),
        ("device", ["analyze", "/dev/zero"], None, 4,
         r"/dev/zero:0: not a regular file$", None),
        ("over --max-bytes", ["analyze", "--max-bytes", "100",
                              "samples/lanterns.txt"], None, 5,
         r"lanterns\.txt:100: file is \d+ bytes, over the limit", None),
        ("a million unmatched quote marks", ["analyze", write(
            "quotes.txt", b'" ' * 1000000)], None, 0, None, None),
        ("a million tiny paragraphs", ["analyze", write(
            "paras.txt", b"a\n\n" * 1000000)], None, 0, None, None),
        ("one 50 MB word", ["analyze", write(
            "word.txt", b"a" * (50 * 1024 * 1024))], None, 0, None, None),
        ("deep nesting", ["analyze", write(
            "nest.txt", b"\xe2\x80\x9c\xe2\x80\x98" * 100000)], None, 0, None,
         None),
    ]
    loop = path("loop.txt")
    os.symlink(loop, loop)
    cases.append(("symlink loop", ["analyze", loop], None, 4,
                  r"loop\.txt:0: Too many levels of symbolic links$", None))
    sparse = path("sparse.txt")
    with open(sparse, "wb") as f:
        f.truncate(2 * 1024 ** 3)
    cases.append(("2 GiB file", ["analyze", sparse], None, 5,
                  r"sparse\.txt:1073741824: file is 2147483648 bytes", None))
    secret = write("secret.txt", b"text")
    os.chmod(secret, 0)
    if os.geteuid() == 0:
        # root reads anything: run this one as an unprivileged user.
        drop = lambda: (os.setgid(65534), os.setuid(65534))  # noqa: E731
    else:
        drop = None
    cases.append(("unreadable", ["analyze", secret], None, 4,
                  r"secret\.txt:0: Permission denied$", drop))
    return cases


def run_case(label, argv, stdin, want_exit, regex, preexec, text=None):
    p = subprocess.run([DRAMATIS] + argv, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, preexec_fn=preexec, timeout=600)
    err = p.stderr.decode("utf-8", "replace")
    check(p.returncode == want_exit, "%s: exit %d, want %d (%s)" %
          (label, p.returncode, want_exit, err.strip()))
    if want_exit == 0:
        if regex:  # one warning line, e.g. a legacy encoding detected
            check(err.count("\n") == 1 and re.search(regex, err.rstrip("\n")),
                  "%s: warning %r matches %r" % (label, err, regex))
            text = subprocess.run([DRAMATIS, "text"] + argv[1:],
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL).stdout
        else:
            check(err == "", "%s: nothing on stderr: %r" % (label, err))
        try:
            doc = json.loads(p.stdout)
            if text is not None:
                check_doc(doc, text, label)
        except ValueError as e:
            check(False, "%s: JSON parses (%s)" % (label, e))
    else:
        check(p.stdout == b"", "%s: nothing on stdout" % label)
        check(err.count("\n") == 1 and err.startswith("dramatis: "),
              "%s: one error line: %r" % (label, err))
        check(regex is not None and re.search(regex, err.rstrip("\n")),
              "%s: message %r matches %r" % (label, err, regex))


n_files = 0
with open(os.path.join(HERE, "MANIFEST"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        name, code, regex = line.rstrip("\n").split("\t")
        fpath = os.path.join(HERE, name)
        with open(fpath, "rb") as g:
            text = g.read()
        run_case(name, ["analyze", fpath], None, int(code), regex or None,
                 None, text)
        n_files += 1
n_gen = 0
for case in build_generated():
    run_case(*case)
    n_gen += 1
print("%d manifest files, %d generated inputs" % (n_files, n_gen))
check(n_files + n_gen >= 30, "at least 30 hostile inputs")
finish()
