/*
 * input_html.c -- HTML (and EPUB XHTML) to plain text plus structure hints.
 *
 * Why render rather than analyse the tree: every later stage (tokens,
 * quotes, names, speakers) works on one UTF-8 text with byte offsets, and
 * `dramatis text` must print exactly what the offsets refer to.  So the
 * markup is turned into the text an archive's own plain-text download
 * would hold -- paragraphs separated by blank lines, "Key: value" metadata
 * lines, "Summary" / "Notes" / "End Notes" labels, "* * *" for <hr> -- and
 * what the markup knows for certain is recorded as hints (internal.h) on
 * byte spans of that text, so the structure stage need not guess there.
 * The same text read as plain text gives the same quotes and characters;
 * the hints only make notes, headings, breaks, title and author exact.
 *
 * 1. Parse with libxml2's HTML parser: no network, no error printing, no
 *    external entities; entities are decoded by the parser.  A document
 *    that declares no charset is read as UTF-8 (or as Windows-1252 when it
 *    is not UTF-8 but plausibly that), not as libxml2's ISO-8859-1.  The
 * library never prints, so libxml2's messages are switched off per parse (no
 *    global handler is touched).
 * 2. libxml2 refuses nesting deeper than 256 elements (its guard against
 *    stack exhaustion); that, or any other error that stops the parser, is
 *    DR_EFORMAT with libxml2's message, never half a document.  The tree
 *    is walked iteratively (parent pointers, no recursion) all the same,
 *    and below DEPTH_MAX elements count as inline.
 * 3. Text: runs of white space collapse to one space (<pre> keeps its
 *    lines); block elements (p, div, blockquote, li, h1-h6, tr, ...) start
 *    and end paragraphs; <br> is a line break; <head>, <script>, <style>
 *    and the like are skipped; a paragraph of only blanks (AO3's
 *    <p>&nbsp;</p> spacers) is dropped.  <dl> lists become one line per
 *    <dt>: "Rating: General Audiences" ("Key:" plus its <dd> values, list
 *    items joined by ", "), the shape structure.c reads tags from.
 * 4. Paratext regions: an archive download's #preface (header by default),
 *    #afterword (end notes), and in the body any element of class "meta"
 *    or id "summary"/"notes"/"endnotes" (chapter notes).  Inside them each
 *    finished paragraph joins the open note, or opens one: a paragraph
 *    that is only a section label ("Summary", "Notes", "Chapter End
 *    Notes", ...) opens a note of that kind.  A note is a DRP_HINT_NOTE
 *    over its paragraphs.  The first <h1> of the preface is the title, its
 *    ".byline" ("by NAME") the author.
 * 5. Headings outside the preface are DRP_HINT_HEADING (each starts a
 *    chapter); <hr> is a "* * *" line with DRP_HINT_BREAK; for an EPUB
 *    spine item the first paragraph gets DRP_HINT_CHAPTER.
 */
#include "internal.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "dynlib.h" /* libxml2, loaded when first needed */
#include <limits.h>

/* Elements nested deeper than this are read as inline: real documents stay
 * under 50 levels; hostile ones go to 100 000. */
#define DEPTH_MAX 256
/* How far into a document a charset declaration is looked for (HTML5
 * requires it in the first 1024 bytes; old pages put it later). */
#define CHARSET_WINDOW 4096

enum { R_NONE, R_PREFACE, R_AFTERWORD, R_META };

typedef struct {
  drp_out *o;
  dr_doc *d;
  bool par_open;    /* text written since the last paragraph break */
  size_t par_start; /* where the open paragraph starts */
  bool at_line;     /* at the start of a line */
  bool space;       /* a collapsed space is pending */
  int pre;          /* inside <pre> */
  int in_dd;        /* inside <dd>: blocks are inline, items comma-joined */
  int region;       /* R_*: paratext region */
  const xmlNode *region_node;
  int region_kind; /* default note kind of the region */
  bool note_open;
  size_t note_start, note_end;
  int note_kind;
  const xmlNode *heading; /* the heading element being written */
  bool heading_h1;
  const xmlNode *byline; /* the byline element being written */
  bool title_done, author_done;
  bool chapter_pending; /* EPUB: the next paragraph starts a chapter */
  bool failed;
} rs;

static bool name_is(const xmlNode *n, const char *name) {
  return n->name && strcmp((const char *)n->name, name) == 0;
}

static bool name_in(const xmlNode *n, const char *const *list) {
  for (; *list; list++)
    if (name_is(n, *list))
      return true;
  return false;
}

static const char *const skip_tags[] = {
    "head", "script", "style",  "template", "title",    "noscript", "svg",
    "math", "iframe", "object", "select",   "textarea", NULL};

static const char *const block_tags[] = {
    "address",    "article", "aside",   "blockquote", "body",    "center",
    "details",    "dialog",  "dir",     "div",        "dl",      "fieldset",
    "figcaption", "figure",  "footer",  "form",       "h1",      "h2",
    "h3",         "h4",      "h5",      "h6",         "header",  "hgroup",
    "html",       "li",      "main",    "menu",       "nav",     "ol",
    "p",          "pre",     "section", "summary",    "table",   "tbody",
    "thead",      "tfoot",   "tr",      "ul",         "caption", "legend",
    NULL};

static bool is_heading(const xmlNode *n) {
  return n->name && n->name[0] == 'h' && n->name[1] >= '1' &&
         n->name[1] <= '6' && n->name[2] == '\0';
}

/* Does attribute attr of n hold token tok (space-separated, as class)? */
static bool attr_has(const xmlNode *n, const char *attr, const char *tok) {
  const xmlAttr *a;
  for (a = n->properties; a; a = a->next)
    if (a->name && strcmp((const char *)a->name, attr) == 0)
      break;
  if (!a || !a->children || a->children->type != XML_TEXT_NODE ||
      !a->children->content)
    return false;
  const char *v = (const char *)a->children->content;
  size_t tl = strlen(tok);
  while (*v) {
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
      v++;
    const char *w = v;
    while (*v && *v != ' ' && *v != '\t' && *v != '\n' && *v != '\r')
      v++;
    if ((size_t)(v - w) == tl && memcmp(w, tok, tl) == 0)
      return true;
  }
  return false;
}

static void put(rs *R, const char *s, size_t n) {
  if (!R->failed && !drp_out_put(R->o, s, n))
    R->failed = true;
}

static void hint(rs *R, size_t a, size_t b, int kind, int note_kind) {
  if (!R->failed &&
      !drp_out_hint(R->o, (uint32_t)a, (uint32_t)b, kind, note_kind))
    R->failed = true;
}

/* ------------------------------------------------------------------------ */
/* Notes and paragraphs                                                      */
/* ------------------------------------------------------------------------ */

static void close_note(rs *R) {
  if (R->note_open)
    hint(R, R->note_start, R->note_end, DRP_HINT_NOTE, R->note_kind);
  R->note_open = false;
}

/* The note kind a section-label paragraph opens, or -1. */
static int label_kind(const char *s, size_t n) {
  static const struct {
    const char *label;
    int kind;
  } labels[] = {
      {"summary", DR_NOTE_SUMMARY},
      {"chapter summary", DR_NOTE_SUMMARY},
      {"notes", DR_NOTE_AUTHORS_NOTE},
      {"note", DR_NOTE_AUTHORS_NOTE},
      {"chapter notes", DR_NOTE_AUTHORS_NOTE},
      {"author's note", DR_NOTE_AUTHORS_NOTE},
      {"author's notes", DR_NOTE_AUTHORS_NOTE},
      {"author\xe2\x80\x99s note", DR_NOTE_AUTHORS_NOTE},
      {"author\xe2\x80\x99s notes", DR_NOTE_AUTHORS_NOTE},
      {"end notes", DR_NOTE_ENDNOTE},
      {"endnotes", DR_NOTE_ENDNOTE},
      {"chapter end notes", DR_NOTE_ENDNOTE},
      {"disclaimer", DR_NOTE_DISCLAIMER},
  };
  while (n && (s[n - 1] == ':' || s[n - 1] == ' '))
    n--;
  if (n == 0 || n > 24) /* the longest label, "chapter end notes" */
    return -1;
  for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
    const char *l = labels[k].label;
    if (strlen(l) != n)
      continue;
    size_t i = 0;
    while (i < n) {
      int c = (unsigned char)s[i];
      if (c >= 'A' && c <= 'Z')
        c += 32;
      if (c != l[i])
        break;
      i++;
    }
    if (i == n)
      return labels[k].kind;
  }
  return -1;
}

/* A paragraph s[a, b) of the output is finished. */
static void par_done(rs *R, size_t a, size_t b) {
  const char *s = R->o->s;
  if (R->chapter_pending) {
    hint(R, a, b, DRP_HINT_CHAPTER, 0);
    R->chapter_pending = false;
  }
  if (R->heading && (R->region == R_NONE || R->region == R_META)) {
    close_note(R); /* a chapter heading inside a chapter's meta block */
    hint(R, a, b, DRP_HINT_HEADING, 0);
    return;
  }
  if (R->region == R_NONE)
    return;
  if (R->region == R_PREFACE && R->heading && R->heading_h1 && !R->title_done) {
    hint(R, a, b, DRP_HINT_TITLE, 0);
    R->title_done = true;
  }
  if (R->region == R_PREFACE && R->byline && !R->author_done) {
    size_t x = a;
    if (b - a > 3 && (s[a] == 'b' || s[a] == 'B') &&
        (s[a + 1] == 'y' || s[a + 1] == 'Y') && s[a + 2] == ' ')
      x = a + 3;
    hint(R, x, b, DRP_HINT_AUTHOR, 0);
    R->author_done = true;
  }
  int k = label_kind(s + a, b - a);
  if (k >= 0 || !R->note_open) {
    close_note(R);
    R->note_open = true;
    R->note_start = a;
    R->note_kind = k >= 0 ? k : R->region_kind;
  }
  R->note_end = b;
}

/* Is s[0, n) only blanks (spaces and no-break spaces)? */
static bool only_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == ' ' || s[i] == '\n')
      continue;
    if ((unsigned char)s[i] == 0xC2 && i + 1 < n &&
        (unsigned char)s[i + 1] == 0xA0) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}

static void par_break(rs *R) {
  if (R->par_open && !R->failed) {
    size_t a = R->par_start, b = R->o->len;
    while (b > a && R->o->s[b - 1] == '\n')
      b--;
    if (only_blank(R->o->s + a, b - a)) {
      R->o->len = a;
      R->o->s[a] = '\0';
    } else {
      R->o->len = b;
      put(R, "\n\n", 2);
      par_done(R, a, b);
    }
  }
  R->par_open = false;
  R->at_line = true;
  R->space = false;
}

static void line_break(rs *R) {
  if (R->par_open && !R->at_line) {
    put(R, "\n", 1);
    R->at_line = true;
  }
  R->space = false;
}

static bool ws(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* White space that collapses: all of it, but in <pre> only line ends. */
static bool collapses(const rs *R, unsigned char c) {
  return R->pre ? c == '\n' || c == '\r' : ws(c);
}

static void text(rs *R, const char *s, size_t n) {
  size_t i = 0;
  while (i < n && !R->failed) {
    if (collapses(R, (unsigned char)s[i])) {
      if (R->pre && s[i] == '\n') {
        if (R->par_open && R->at_line)
          par_break(R); /* a blank line in <pre> */
        else
          line_break(R);
      } else if (R->par_open && !R->at_line) {
        R->space = true;
      }
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && !collapses(R, (unsigned char)s[j]))
      j++;
    if (!R->par_open) {
      R->par_open = true;
      R->par_start = R->o->len;
    } else if (R->space) {
      put(R, " ", 1);
    }
    R->space = false;
    put(R, s + i, j - i);
    R->at_line = false;
    i = j;
  }
}

/* ------------------------------------------------------------------------ */
/* The walk                                                                  */
/* ------------------------------------------------------------------------ */

static const xmlNode *prev_element(const xmlNode *n) {
  for (n = n->prev; n; n = n->prev)
    if (n->type == XML_ELEMENT_NODE)
      return n;
  return NULL;
}

static bool any_element_before(const xmlNode *n) {
  return prev_element(n) != NULL;
}

/* Entering node n; returns whether to walk its children. */
static bool enter(rs *R, const xmlNode *n, size_t depth) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (n->content)
      text(R, (const char *)n->content, strlen((const char *)n->content));
    return false;
  }
  if (n->type != XML_ELEMENT_NODE)
    return false;
  if (name_in(n, skip_tags))
    return false;
  if (depth > DEPTH_MAX)
    return true; /* inline from here down */

  if (R->region == R_NONE) {
    int kind = -1, region = R_META;
    if (attr_has(n, "id", "preface")) {
      region = R_PREFACE;
      kind = DR_NOTE_HEADER;
    } else if (attr_has(n, "id", "afterword")) {
      region = R_AFTERWORD;
      kind = DR_NOTE_ENDNOTE;
    } else if (attr_has(n, "id", "endnotes") ||
               attr_has(n, "class", "endnotes")) {
      kind = DR_NOTE_ENDNOTE;
    } else if (attr_has(n, "class", "meta") || attr_has(n, "id", "summary") ||
               attr_has(n, "id", "notes")) {
      kind = DR_NOTE_AUTHORS_NOTE;
    }
    if (kind >= 0) {
      par_break(R);
      R->region = region;
      R->region_node = n;
      R->region_kind = kind;
    }
  }

  if (R->in_dd) {
    if (name_is(n, "li") && any_element_before(n)) {
      text(R, ",", 1);
      R->space = true;
    } else if (name_is(n, "br") || name_in(n, block_tags))
      R->space = R->par_open && !R->at_line;
    if (name_is(n, "dd"))
      R->in_dd++;
    return true;
  }
  if (name_is(n, "br")) {
    line_break(R);
    return false;
  }
  if (name_is(n, "hr")) {
    par_break(R);
    size_t a = R->o->len;
    text(R, "* * *", 5);
    par_break(R);
    if (R->region == R_NONE)
      hint(R, a, a + 5, DRP_HINT_BREAK, 0);
    return false;
  }
  if (name_is(n, "dt")) {
    line_break(R);
    return true;
  }
  if (name_is(n, "dd")) {
    const xmlNode *p = prev_element(n);
    if (p && name_is(p, "dt"))
      R->space = R->par_open && !R->at_line;
    else
      line_break(R);
    R->in_dd++;
    return true;
  }
  if (name_is(n, "td") || name_is(n, "th")) {
    R->space = R->par_open && !R->at_line;
    return true;
  }
  if (name_is(n, "pre")) {
    par_break(R);
    R->pre++;
    return true;
  }
  if (name_in(n, block_tags)) {
    par_break(R);
    if (is_heading(n) && !R->heading) {
      R->heading = n;
      R->heading_h1 = name_is(n, "h1");
    }
    if (!R->byline && R->region == R_PREFACE && attr_has(n, "class", "byline"))
      R->byline = n;
  }
  return true;
}

/* Leaving element n (after its children). */
static void leave(rs *R, const xmlNode *n, size_t depth) {
  if (n->type != XML_ELEMENT_NODE || name_in(n, skip_tags) || depth > DEPTH_MAX)
    return;
  if (name_is(n, "dd")) {
    if (R->in_dd > 0)
      R->in_dd--;
    return;
  }
  if (R->in_dd)
    return;
  if (name_is(n, "dt")) {
    /* "Rating" -> "Rating:" so structure.c reads a Key: value line. */
    size_t b = R->o->len;
    if (R->par_open && !R->at_line && b > 0 && R->o->s[b - 1] != ':')
      put(R, ":", 1);
    R->space = R->par_open && !R->at_line;
    return;
  }
  if (name_is(n, "pre")) {
    if (R->pre > 0)
      R->pre--;
    par_break(R);
    return;
  }
  if (name_in(n, block_tags)) {
    par_break(R);
    if (R->heading == n)
      R->heading = NULL;
    if (R->byline == n)
      R->byline = NULL;
  }
  if (R->region_node == n) {
    par_break(R);
    close_note(R);
    R->region = R_NONE;
    R->region_node = NULL;
  }
}

/* Does the document declare its charset (<meta charset>, http-equiv, or
 * an XML declaration's encoding) near its start? */
static bool declares_charset(const char *s, size_t n) {
  size_t end = n < CHARSET_WINDOW ? n : CHARSET_WINDOW;
  for (size_t i = 0; i + 8 <= end; i++) {
    if ((s[i] | 0x20) != 'c' && (s[i] | 0x20) != 'e')
      continue;
    const char *w = (s[i] | 0x20) == 'c' ? "charset=" : "encoding=";
    size_t k = 0;
    while (w[k] && i + k < end &&
           ((s[i + k] >= 'A' && s[i + k] <= 'Z' ? s[i + k] + 32 : s[i + k]) ==
            w[k]))
      k++;
    if (!w[k])
      return true;
  }
  return false;
}

static bool valid_utf8(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int k = drp_utf8_next(u + i, n - i, &cp);
    if (cp < 0)
      return false;
    i += (size_t)k;
  }
  return true;
}

dr_status drp_html_render(drp_out *o, const char *s, size_t n,
                          bool epub_chapter, const char *encoding) {
  dr_doc *d = o->d;
  /* libxml2 reads an HTML file that declares no charset as ISO-8859-1;
   * archives and editors write UTF-8, so say UTF-8 unless the bytes are
   * not, and then Windows-1252 when they plausibly are (encoding.c). */
  if (!encoding && !declares_charset(s, n))
    encoding =
        valid_utf8(s, n) || !drp_encoding_plausible((const unsigned char *)s, n)
            ? "UTF-8"
            : "windows-1252";
  char why[256];
  if (!drp_dl_need(DRP_DL_XML, why, sizeof why))
    return drp_fail(d, DR_EFORMAT, 0, "HTML input needs libxml2: %s", why);
  if (n > INT_MAX)
    return drp_fail(d, DR_ETOOBIG, 0,
                    "HTML input is %zu bytes, over the parser's limit of "
                    "%d bytes",
                    n, INT_MAX);
  htmlParserCtxtPtr ctx = htmlNewParserCtxt();
  if (!ctx)
    return drp_fail(d, DR_ENOMEM, 0, "out of memory");
  int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
             HTML_PARSE_COMPACT;
  htmlDocPtr doc = htmlCtxtReadMemory(ctx, s, (int)n, NULL, encoding, opts);
  if (!doc || ctx->disableSAX) {
    /* libxml2 stopped: most often nesting past its depth limit (256), a
     * guard against stack exhaustion we keep rather than lift with
     * HTML_PARSE_HUGE.  Say so instead of analysing half a document. */
    char msg[160];
    const char *m = ctx->lastError.message ? ctx->lastError.message : "";
    size_t k = 0;
    while (m[k] && m[k] != '\n' && k + 1 < sizeof msg) {
      msg[k] = m[k];
      k++;
    }
    msg[k] = '\0';
    int line = ctx->lastError.line;
    xmlFreeDoc(doc);
    htmlFreeParserCtxt(ctx);
    return drp_fail(d, DR_EFORMAT, 0, "HTML parsing stopped at line %d: %s",
                    line, k ? msg : "unreadable document");
  }
  if (!epub_chapter && (doc->encoding || encoding)) {
    /* The charset the document declared, as its encoding. */
    char low[64];
    size_t k = 0;
    const xmlChar *de =
        doc->encoding ? doc->encoding : (const xmlChar *)encoding;
    for (const xmlChar *c = de; *c && k + 1 < sizeof low; c++)
      low[k++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    const char *e = drp_strndup(d, low, k);
    if (!e) {
      xmlFreeDoc(doc);
      htmlFreeParserCtxt(ctx);
      return DR_ENOMEM;
    }
    d->info.encoding = e;
  }

  rs R;
  memset(&R, 0, sizeof R);
  R.o = o;
  R.d = d;
  R.at_line = true;
  R.chapter_pending = epub_chapter;
  const xmlNode *root = xmlDocGetRootElement(doc), *cur = root;
  size_t depth = 0;
  while (cur && !R.failed) {
    bool down = enter(&R, cur, depth);
    if (down && cur->children && cur->type == XML_ELEMENT_NODE) {
      cur = cur->children;
      depth++;
      continue;
    }
    for (;;) {
      leave(&R, cur, depth);
      if (cur == root) {
        cur = NULL;
        break;
      }
      if (cur->next) {
        cur = cur->next;
        break;
      }
      cur = cur->parent;
      depth--;
    }
  }
  par_break(&R);
  close_note(&R);
  xmlFreeDoc(doc);
  htmlFreeParserCtxt(ctx);
  if (R.failed)
    return d->status != DR_OK ? d->status : DR_ENOMEM;
  return DR_OK;
}
