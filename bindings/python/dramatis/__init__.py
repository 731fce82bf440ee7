"""dramatis for Python: a ctypes binding to the shared libdramatis.

    import dramatis
    doc = dramatis.analyze("story.txt")          # a path, str text or bytes
    doc["characters"][0]["name"]
    rows = dramatis.quotes(doc)                   # flat dicts, one per quote
    import pandas; pandas.DataFrame(dramatis.characters(doc))

analyze() returns the JSON contract (docs/output-format.md) as a dict: the
library writes JSON with dr_doc_write_json and it is parsed with json.  Every
start/end is a byte offset into the document text (doc_text(), or the file's
bytes for plain UTF-8 text).

The library is found, in order: the DRAMATIS_LIB environment variable (a
path to libdramatis.so), a libdramatis.so next to this package, the build
directories of the repository this package sits in (build/, build-*/), and
the system's library path.
"""
import ctypes
import ctypes.util
import glob
import json
import os

__all__ = ["analyze", "render", "doc_text", "quotes", "characters",
           "interactions", "DramatisError", "library_path", "version"]

_FORMATS = ("json", "html", "csv", "graphml", "gexf")
_INPUT_FORMATS = {"auto": 0, "text": 1, "html": 2, "epub": 3}
_OPT_LOSSY = 1 << 0
_OPT_ALLOW_BINARY = 1 << 1
_OPT_PRONOUNS = 1 << 2  # pronoun mentions, made only when mentions are shown
_JSON_PRETTY = 1 << 0
_JSON_MENTIONS = 1 << 1


class DramatisError(ValueError):
    """The library refused the input: .status (a dr_status, negative),
    .message, .offset (byte) as the CLI prints them."""

    def __init__(self, status, message, offset=0):
        ValueError.__init__(self, "%s (at byte %d)" % (message, offset))
        self.status = status
        self.message = message
        self.offset = offset


class _OptionFields(ctypes.Structure):
    # The leading fields of dr_options, in order.  Fields are only ever
    # appended to dr_options, so a longer zeroed struct (below) stays valid:
    # fields this binding does not know are zero, which means "default".
    _fields_ = [("abi_version", ctypes.c_uint),
                ("flags", ctypes.c_uint),
                ("allocator", ctypes.c_void_p),
                ("max_bytes", ctypes.c_size_t),
                ("source", ctypes.c_char_p),
                ("min_mentions", ctypes.c_uint),
                ("input_format", ctypes.c_int),
                ("encoding", ctypes.c_char_p)]


class _Options(ctypes.Union):
    _fields_ = [("f", _OptionFields), ("_pad", ctypes.c_char * 512)]


def _candidates():
    env = os.environ.get("DRAMATIS_LIB")
    if env:
        yield env
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "libdramatis.so")
    repo = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    for d in ["build"] + sorted(glob.glob(os.path.join(repo, "build-*"))):
        yield os.path.join(repo, d, "libdramatis.so")
    found = ctypes.util.find_library("dramatis")
    if found:
        yield found


def _load():
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError("dramatis: libdramatis.so not found; build the "
                      "dramatis_shared target or set DRAMATIS_LIB. Tried: " +
                      ", ".join(tried))


_lib, library_path = _load()
_vp = ctypes.c_void_p
_lib.dr_version.restype = ctypes.c_char_p
_lib.dr_strerror.restype = ctypes.c_char_p
_lib.dr_strerror.argtypes = [ctypes.c_int]
_lib.dr_doc_parse.restype = ctypes.c_int
_lib.dr_doc_parse.argtypes = [ctypes.c_char_p, ctypes.c_size_t,
                              ctypes.POINTER(_Options), ctypes.POINTER(_vp)]
_lib.dr_doc_free.argtypes = [_vp]
_lib.dr_doc_errmsg.restype = ctypes.c_char_p
_lib.dr_doc_errmsg.argtypes = [_vp]
_lib.dr_doc_erroffset.restype = ctypes.c_size_t
_lib.dr_doc_erroffset.argtypes = [_vp]
_lib.dr_doc_text.restype = ctypes.POINTER(ctypes.c_char)
_lib.dr_doc_text.argtypes = [_vp, ctypes.POINTER(ctypes.c_size_t)]
_lib.dr_buf_new.restype = _vp
_lib.dr_buf_new.argtypes = [_vp]
_lib.dr_buf_free.argtypes = [_vp]
_lib.dr_buf_data.restype = ctypes.POINTER(ctypes.c_char)
_lib.dr_buf_data.argtypes = [_vp, ctypes.POINTER(ctypes.c_size_t)]
for _name in ("json", "html", "csv", "graphml", "gexf"):
    _f = getattr(_lib, "dr_doc_write_" + _name)
    _f.restype = ctypes.c_int
    _f.argtypes = [_vp, ctypes.c_uint, _vp]


def version():
    """The version of the loaded library, e.g. "0.1.0"."""
    return _lib.dr_version().decode()


def _read(text_or_path):
    """(bytes, source name) for a path, a str of text or bytes."""
    if isinstance(text_or_path, (bytes, bytearray, memoryview)):
        return bytes(text_or_path), None
    if isinstance(text_or_path, os.PathLike) or (
            isinstance(text_or_path, str) and "\n" not in text_or_path and
            len(text_or_path) < 4096 and os.path.isfile(text_or_path)):
        path = os.fspath(text_or_path)
        with open(path, "rb") as f:
            return f.read(), path
    if isinstance(text_or_path, str):
        return text_or_path.encode("utf-8", "surrogateescape"), None
    raise TypeError("analyze: expected a path, str or bytes, not %s" %
                    type(text_or_path).__name__)


def _options(options, source):
    """A dr_options (zero-padded) from keyword options."""
    opt = _Options()
    o = opt.f
    unknown = set(options) - {"lossy", "allow_binary", "max_bytes",
                              "min_mentions", "source", "input_format",
                              "encoding"}
    if unknown:
        raise TypeError("unknown option(s): " + ", ".join(sorted(unknown)))
    if options.get("lossy"):
        o.flags |= _OPT_LOSSY
    if options.get("allow_binary"):
        o.flags |= _OPT_ALLOW_BINARY
    o.max_bytes = int(options.get("max_bytes") or 0)
    o.min_mentions = int(options.get("min_mentions") or 0)
    src = options.get("source", source)
    o.source = src.encode() if src is not None else None
    fmt_in = options.get("input_format") or "auto"
    if fmt_in not in _INPUT_FORMATS:
        raise ValueError("input_format: one of %s" % ", ".join(_INPUT_FORMATS))
    o.input_format = _INPUT_FORMATS[fmt_in]
    enc = options.get("encoding")
    o.encoding = enc.encode() if enc else None
    return opt


def _parse(data, opt):
    """Parses data; returns the document handle or raises."""
    doc = _vp()
    st = _lib.dr_doc_parse(data, len(data), ctypes.byref(opt),
                           ctypes.byref(doc))
    if st == 0:
        return doc
    if doc.value:
        err = DramatisError(st, _lib.dr_doc_errmsg(doc).decode(
            "utf-8", "replace"), _lib.dr_doc_erroffset(doc))
        _lib.dr_doc_free(doc)
        raise err
    if st == -1:
        raise MemoryError("dramatis: out of memory")
    raise DramatisError(st, _lib.dr_strerror(st).decode())


def _run(text_or_path, fmt, flags, options):
    data, source = _read(text_or_path)
    opt = _options(options, source)
    if flags & _JSON_MENTIONS:
        opt.f.flags |= _OPT_PRONOUNS  # as the CLI's --mentions does
    doc = _parse(data, opt)
    try:
        buf = _lib.dr_buf_new(None)
        if not buf:
            raise MemoryError("dramatis: out of memory")
        try:
            st = getattr(_lib, "dr_doc_write_" + fmt)(doc, flags, buf)
            if st != 0:
                raise DramatisError(st, _lib.dr_strerror(st).decode())
            n = ctypes.c_size_t()
            p = _lib.dr_buf_data(buf, ctypes.byref(n))
            return ctypes.string_at(p, n.value)
        finally:
            _lib.dr_buf_free(buf)
    finally:
        _lib.dr_doc_free(doc)
        del data  # the text had to outlive the document


def analyze(text_or_path, mentions=False, **options):
    """Analyses a file (a path), a str of text or bytes; returns the JSON
    contract as a dict.  mentions=True adds every character mention
    (names, role nouns and the pronouns the speakers stage resolves).
    Options: lossy, allow_binary (bool), max_bytes, min_mentions (int),
    source (the name written as document.source; a path's own name by
    default), input_format ("auto", "text", "html", "epub"), encoding (a
    name, for plain text).  Raises DramatisError on input the library
    refuses."""
    out = _run(text_or_path, "json", _JSON_MENTIONS if mentions else 0,
               options)
    return json.loads(out.decode("utf-8"))


def render(text_or_path, fmt="html", **options):
    """The document in another output format, as a str: "html" (the
    report), "csv" (quotes), "graphml", "gexf" or "json"."""
    if fmt not in _FORMATS:
        raise ValueError("fmt: one of %s" % ", ".join(_FORMATS))
    return _run(text_or_path, fmt, 0, options).decode("utf-8")


def _names(result):
    return {c["id"]: c["name"] for c in result.get("characters", [])}


def quotes(result):
    """One flat dict per quote of an analyze() result (pandas-friendly:
    scalars only; addressees joined with ';')."""
    names = _names(result)
    rows = []
    for q in result.get("quotes", []):
        cue = q.get("cue") or {}
        rows.append({
            "id": q["id"], "start": q["start"], "end": q["end"],
            "text": q["text"], "paragraph": q["paragraph"],
            "speaker": q["speaker"],
            "speaker_name": names.get(q["speaker"]),
            "speaker_score": q["speaker_score"],
            "addressees": ";".join(q["addressees"]),
            "addressee_names": ";".join(names.get(a, a)
                                        for a in q["addressees"]),
            "attribution": q["attribution"],
            "cue": cue.get("text"), "cue_start": cue.get("start"),
            "cue_end": cue.get("end"),
            "continues": q["continues"], "parent": q["parent"],
            "unclosed": q["unclosed"]})
    return rows


def characters(result):
    """One flat dict per character of an analyze() result (aliases joined
    with '; ', most used first)."""
    rows = []
    for c in result.get("characters", []):
        rows.append({
            "id": c["id"], "name": c["name"], "gender": c["gender"],
            "gender_score": c["gender_score"],
            "aliases": "; ".join(a["text"] for a in c["aliases"]),
            "n_aliases": len(c["aliases"]), "mentions": c["mentions"],
            "quotes_spoken": c["quotes_spoken"],
            "quotes_addressed": c["quotes_addressed"], "first": c["first"]})
    return rows


def interactions(result):
    """One flat dict per pair of characters, with both names."""
    names = _names(result)
    return [dict(x, a_name=names.get(x["a"]), b_name=names.get(x["b"]))
            for x in result.get("interactions", [])]


def doc_text(text_or_path, **options):
    """The document text that offsets refer to, as bytes (for plain UTF-8
    text, the input itself; for HTML, EPUB or a legacy encoding, the UTF-8
    text extracted from it)."""
    data, source = _read(text_or_path)
    doc = _parse(data, _options(options, source))
    try:
        n = ctypes.c_size_t()
        p = _lib.dr_doc_text(doc, ctypes.byref(n))
        return ctypes.string_at(p, n.value)
    finally:
        _lib.dr_doc_free(doc)
        del data
