/*
 * test_inputs.c -- HTML input, format detection, legacy encodings and the
 * input limits, through the public API.  (EPUB archives are built and
 * checked by tests/cli/test_inputs.py, which writes them with zipfile.)
 *
 * Run from the repository root (ctest does): it reads the committed
 * fixtures in tests/fixtures/inputs.
 */
#include "harness.h"

#include <pthread.h>

static dr_doc *parse_opt(const char *s, size_t n, const dr_options *o,
                         dr_status *st, char **buf) {
  *buf = exact_copy(s, n);
  dr_doc *d = NULL;
  *st = dr_doc_parse(*buf, n, o, &d);
  return d;
}

static dr_doc *parse_s(const char *s, dr_status *st, char **buf) {
  return parse_opt(s, strlen(s), NULL, st, buf);
}

/* h_parse_file with default options, the fixture required to exist. */
static dr_doc *parse_file(const char *path, size_t *len, dr_status *st,
                          char **buf) {
  dr_doc *d = h_parse_file(path, NULL, st, buf, len);
  OK(*buf != NULL);
  return d;
}

/* The text of span [a, b) equals want. */
static int span_is(const dr_doc *d, size_t a, size_t b, const char *want) {
  size_t n;
  const char *t = dr_doc_text(d, &n);
  return a <= b && b <= n && strlen(want) == b - a &&
         memcmp(t + a, want, b - a) == 0;
}

static const dr_tag *find_tag(const dr_doc *d, const char *tag,
                              const char *value) {
  for (size_t i = 0; i < dr_tag_count(d); i++) {
    const dr_tag *t = dr_tag_at(d, i);
    if (strcmp(t->tag, tag) == 0 &&
        (!value || (t->value && strcmp(t->value, value) == 0)))
      return t;
  }
  return NULL;
}

/* Does the document text contain s? */
static int text_has(const dr_doc *d, const char *s) {
  size_t n, m = strlen(s);
  const char *t = dr_doc_text(d, &n);
  for (size_t i = 0; i + m <= n; i++)
    if (memcmp(t + i, s, m) == 0)
      return 1;
  return 0;
}

/* The archive-shaped fixture: metadata, notes of every kind, two chapters,
 * a scene break, entities, a pairing that names the cast. */
static void test_html_fixture(void) {
  size_t len;
  dr_status st;
  char *buf;
  dr_doc *d = parse_file("tests/fixtures/inputs/lamplighter.html", &len, &st,
                         &buf);
  if (!buf)
    return;
  INT_EQ(st, DR_OK);
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  STR_EQ(info.format, "html");
  STR_EQ(info.encoding, "utf-8");
  size_t tl;
  const char *text = dr_doc_text(d, &tl);
  INT_EQ(info.bytes, tl);
  OK(text != buf); /* the document owns its text */
  OK(span_is(d, info.title_start, info.title_end,
             "The Lamplighter\xe2\x80\x99s Wager"));
  OK(span_is(d, info.author_start, info.author_end, "quillfeather"));
  /* Entities decoded, markup and <head> gone, spacer paragraph dropped. */
  OK(text_has(d, "\xe2\x80\x9c"
                 "Forty-two,\xe2\x80\x9d said Nell."));
  OK(text_has(d, "Bets & Wagers"));
  OK(!text_has(d, "<p>") && !text_has(d, "font-family") &&
     !text_has(d, "&#8220;"));
  OK(!text_has(d, "\n\n\xc2\xa0\n\n"));
  OK(text_has(d, "Rating: Teen And Up Audiences\n"));
  OK(tl > 0 && text[tl - 1] == '\n' && (tl < 2 || text[tl - 2] != '\n'));

  /* Notes: header, summary, notes, chapter notes, chapter end notes,
   * end notes (with the archive's closing message). */
  static const dr_note_kind want[] = {
      DR_NOTE_HEADER,       DR_NOTE_SUMMARY, DR_NOTE_AUTHORS_NOTE,
      DR_NOTE_AUTHORS_NOTE, DR_NOTE_ENDNOTE, DR_NOTE_ENDNOTE};
  static const char *const starts[] = {
      "The Lamplighter", "Summary",           "Notes",
      "Chapter Notes",   "Chapter End Notes", "End Notes"};
  INT_EQ(dr_note_count(d), 6);
  for (size_t i = 0; i < 6 && i < dr_note_count(d); i++) {
    const dr_note *nt = dr_note_at(d, i);
    INT_EQ(nt->kind, want[i]);
    OK(strncmp(text + nt->start, starts[i], strlen(starts[i])) == 0);
  }
  const dr_note *last = dr_note_at(d, dr_note_count(d) - 1);
  OK(last && last->end == tl - 1);
  OK(last && last->end >= 19 &&
     span_is(d, last->end - 19, last->end, "enjoyed their work!"));

  /* Tags, normalised by the structure stage from the Key: value lines. */
  OK(find_tag(d, "rating", "teen") != NULL);
  OK(find_tag(d, "warning", "none") != NULL);
  OK(find_tag(d, "fandom", "Original Work") != NULL);
  OK(find_tag(d, "fluff", NULL) != NULL);
  OK(find_tag(d, "slow_burn", NULL) != NULL);
  OK(find_tag(d, "complete", NULL) != NULL);
  const dr_tag *p = find_tag(d, "pairing", "Nell Harrow/Tobias Finch");
  OK(p != NULL);
  if (p) {
    INT_EQ(p->n_characters, 2);
    if (p->n_characters == 2) {
      OK(p->characters[0] == h_owner_of(d, "Nell"));
      OK(p->characters[1] == h_owner_of(d, "Tobias Finch"));
      OK(p->characters[0] != p->characters[1]);
    }
  }

  /* Chapters from the <h2> headings, a scene break from <hr>. */
  INT_EQ(dr_chapter_count(d), 2);
  if (dr_chapter_count(d) == 2) {
    const dr_chapter *c1 = dr_chapter_at(d, 0), *c2 = dr_chapter_at(d, 1);
    OK(span_is(d, c1->title_start, c1->title_end, "Chapter 1: The Bet"));
    OK(span_is(d, c2->title_start, c2->title_end,
               "Chapter 2: Six O\xe2\x80\x99"
               "Clock"));
  }
  INT_EQ(dr_scene_count(d), 3);
  size_t breaks = 0;
  for (size_t i = 0; i < dr_paragraph_count(d); i++) {
    const dr_paragraph *pa = dr_paragraph_at(d, i);
    if (pa->kind == DR_PARA_BREAK) {
      breaks++;
      OK(span_is(d, pa->start, pa->end, "* * *"));
    }
  }
  INT_EQ(breaks, 1);

  /* Quotes only from the story: none from the notes. */
  INT_EQ(dr_quote_count(d), 15);
  for (size_t i = 0; i < dr_quote_count(d); i++) {
    const dr_quote *q = dr_quote_at(d, i);
    const dr_paragraph *pa = dr_paragraph_at(d, q->paragraph);
    OK(pa && pa->kind == DR_PARA_TEXT);
  }
  OK(h_owner_of(d, "Mrs. Pell") != DR_NONE);
  dr_doc_free(d);
  free(buf);
}

/* The same HTML rendered, then read back as plain text, gives the same
 * quotes and the same cast (the hints only sharpen the structure). */
static void test_html_equals_text(void) {
  size_t len;
  dr_status st, st2;
  char *buf, *buf2;
  dr_doc *h = parse_file("tests/fixtures/inputs/lamplighter.html", &len, &st,
                         &buf);
  if (!buf)
    return;
  size_t tl;
  const char *text = dr_doc_text(h, &tl);
  dr_options o;
  memset(&o, 0, sizeof o);
  o.input_format = DR_INPUT_TEXT;
  dr_doc *t = parse_opt(text, tl, &o, &st2, &buf2);
  INT_EQ(st, DR_OK);
  INT_EQ(st2, DR_OK);
  dr_doc_info ti;
  dr_doc_get_info(t, &ti);
  STR_EQ(ti.format, "text");
  INT_EQ(dr_quote_count(t), dr_quote_count(h));
  for (size_t i = 0; i < dr_quote_count(t) && i < dr_quote_count(h); i++) {
    INT_EQ(dr_quote_at(t, i)->start, dr_quote_at(h, i)->start);
    INT_EQ(dr_quote_at(t, i)->end, dr_quote_at(h, i)->end);
  }
  INT_EQ(dr_character_count(t), dr_character_count(h));
  for (size_t i = 0; i < dr_character_count(t) && i < dr_character_count(h);
       i++)
    STR_EQ(dr_character_at(t, i)->name, dr_character_at(h, i)->name);
  dr_doc_free(h);
  dr_doc_free(t);
  free(buf);
  free(buf2);
}

static void test_detection(void) {
  static const struct {
    const char *s;
    const char *format;
  } cases[] = {
      {"<!DOCTYPE html><p>Hi</p>", "html"},
      {"\xef\xbb\xbf \n <!doctype HTML><p>Hi</p>", "html"},
      {"<html><body><p>Hi</p></body></html>", "html"},
      {"<?xml version=\"1.0\"?>\n<!-- c -->\n<html><p>Hi</p></html>", "html"},
      {"<?xml version=\"1.0\"?><note>Hi</note>", "text"},
      {"<b>Hi</b> said the tag.", "text"},
      {"The <html> tag opens a page.", "text"},
      {"PK\x03\x04 not really a zip", "text"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dr_status st;
    char *buf;
    dr_doc *d = parse_s(cases[i].s, &st, &buf);
    dr_doc_info info;
    dr_doc_get_info(d, &info);
    if (strcmp(cases[i].s, "PK\x03\x04 not really a zip") == 0) {
      INT_EQ(st, DR_EBINARY); /* as before: a zip is not text */
    } else {
      INT_EQ(st, DR_OK);
      STR_EQ(info.format, cases[i].format);
    }
    dr_doc_free(d);
    free(buf);
  }

  /* Forcing text keeps the bytes as they are. */
  const char *h = "<html><p>&amp;</p></html>";
  dr_options o;
  memset(&o, 0, sizeof o);
  o.input_format = DR_INPUT_TEXT;
  dr_status st;
  char *buf;
  dr_doc *d = parse_opt(h, strlen(h), &o, &st, &buf);
  INT_EQ(st, DR_OK);
  size_t n;
  OK(dr_doc_text(d, &n) == buf && n == strlen(h));
  dr_doc_free(d);
  free(buf);
  /* Forcing HTML on plain text reads it as one paragraph. */
  o.input_format = DR_INPUT_HTML;
  d = parse_opt("Tom &amp; Jerry", 15, &o, &st, &buf);
  INT_EQ(st, DR_OK);
  OK(span_is(d, 0, dr_doc_text(d, &n) ? n : 0, "Tom & Jerry\n"));
  dr_doc_free(d);
  free(buf);
  /* Forcing EPUB on something that is no zip. */
  o.input_format = DR_INPUT_EPUB;
  d = parse_opt("plain words", 11, &o, &st, &buf);
  INT_EQ(st, DR_EFORMAT);
  OK(d && strstr(dr_doc_errmsg(d), "not a zip archive") != NULL);
  INT_EQ(dr_paragraph_count(d), 0);
  dr_doc_free(d);
  free(buf);
  /* Bad enum values and encoding names are argument errors. */
  o.input_format = (dr_input_format)7;
  d = (dr_doc *)1;
  INT_EQ(dr_doc_parse("x", 1, &o, &d), DR_EINVAL);
  OK(d == NULL);
  memset(&o, 0, sizeof o);
  o.encoding = "ebcdic";
  INT_EQ(dr_doc_parse("x", 1, &o, &d), DR_EINVAL);
  OK(d == NULL);
  STR_EQ(dr_strerror(DR_EFORMAT), "malformed document container");
}

static void test_html_details(void) {
  dr_status st;
  char *buf;
  size_t n;
  /* <br> is a line break, <pre> keeps lines, lists and tables break. */
  dr_doc *d = parse_s("<html><body><p>one<br>two</p><pre>a  b\nc</pre>"
                      "<ul><li>x</li><li>y</li></ul><script>no()</script>"
                      "<p>  spaced   out  </p></body></html>",
                      &st, &buf);
  INT_EQ(st, DR_OK);
  const char *t = dr_doc_text(d, &n);
  OK(n == strlen("one\ntwo\n\na  b\nc\n\nx\n\ny\n\nspaced out\n") &&
     memcmp(t, "one\ntwo\n\na  b\nc\n\nx\n\ny\n\nspaced out\n", n) == 0);
  dr_doc_free(d);
  free(buf);

  /* A declared legacy charset is decoded by libxml2 and reported. */
  d = parse_s("<html><head><meta charset=\"windows-1252\"></head><body>"
              "<p>\x93"
              "Caf\xe9,\x94 she said.</p></body></html>",
              &st, &buf);
  INT_EQ(st, DR_OK);
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  STR_EQ(info.encoding, "windows-1252");
  OK(text_has(d, "\xe2\x80\x9c"
                 "Caf\xc3\xa9,\xe2\x80\x9d"));
  INT_EQ(dr_quote_count(d), 1);
  dr_doc_free(d);
  free(buf);

  /* A page that is no archive download: a title page in headings (left
   * to the title-page rules), chapter headings, an inline A/N. */
  d = parse_s("<html><body><h1>TALES</h1><h2>by A. Writer</h2><hr/>"
              "<h2>CHAPTER I.<br/>The Door</h2><p>\"Open it,\" said Mary.</p>"
              "<h2>The Second Part</h2><p>A/N: sorry for the wait, please "
              "review!</p><p>\"Well?\" asked Mary.</p></body></html>",
              &st, &buf);
  INT_EQ(st, DR_OK);
  dr_doc_get_info(d, &info);
  OK(span_is(d, info.title_start, info.title_end, "TALES"));
  OK(span_is(d, info.author_start, info.author_end, "A. Writer"));
  INT_EQ(dr_chapter_count(d), 2);
  if (dr_chapter_count(d) == 2) {
    const dr_chapter *c = dr_chapter_at(d, 0);
    OK(span_is(d, c->title_start, c->title_end, "CHAPTER I.\nThe Door"));
    c = dr_chapter_at(d, 1);
    OK(span_is(d, c->title_start, c->title_end, "The Second Part"));
  }
  INT_EQ(dr_note_count(d), 2);
  if (dr_note_count(d) == 2) {
    INT_EQ(dr_note_at(d, 0)->kind, DR_NOTE_HEADER);
    INT_EQ(dr_note_at(d, 1)->kind, DR_NOTE_AUTHORS_NOTE);
  }
  INT_EQ(dr_quote_count(d), 2);
  dr_doc_free(d);
  free(buf);

  /* A forced encoding overrides the declared charset. */
  dr_options fo;
  memset(&fo, 0, sizeof fo);
  fo.encoding = "latin-1";
  const char *lat = "<html><head><meta charset=\"utf-8\"></head><body><p>"
                    "caf\xe9</p></body></html>";
  d = parse_opt(lat, strlen(lat), &fo, &st, &buf);
  INT_EQ(st, DR_OK);
  dr_doc_get_info(d, &info);
  STR_EQ(info.encoding, "latin-1");
  OK(text_has(d, "caf\xc3\xa9\n"));
  dr_doc_free(d);
  free(buf);

  /* No charset declared: UTF-8 (libxml2 alone would say ISO-8859-1), or
   * Windows-1252 when the bytes are plausibly that. */
  d = parse_s("<html><body><p>\xe2\x80\x9cHi,\xe2\x80\x9d said Ann.</p>"
              "</body></html>",
              &st, &buf);
  INT_EQ(st, DR_OK);
  dr_doc_get_info(d, &info);
  STR_EQ(info.encoding, "utf-8");
  OK(text_has(d, "\xe2\x80\x9cHi,\xe2\x80\x9d said Ann.\n"));
  dr_doc_free(d);
  free(buf);
  d = parse_s("<html><body><p>\x93Hi,\x94 said Ren\xe9"
              "e.</p></body></html>",
              &st, &buf);
  INT_EQ(st, DR_OK);
  dr_doc_get_info(d, &info);
  STR_EQ(info.encoding, "windows-1252");
  OK(text_has(d, "\xe2\x80\x9cHi,\xe2\x80\x9d said Ren\xc3\xa9"
                 "e.\n"));
  dr_doc_free(d);
  free(buf);

  /* Nesting past libxml2's limit is a clear error, not half a text. */
  size_t depth = 100000, k = 0;
  char *deep = malloc(depth * 11 + 64);
  k += (size_t)sprintf(deep, "<html><body>");
  for (size_t i = 0; i < depth; i++, k += 5)
    memcpy(deep + k, "<div>", 5);
  k += (size_t)sprintf(deep + k, "<p>deep</p>");
  d = parse_opt(deep, k, NULL, &st, &buf);
  INT_EQ(st, DR_EFORMAT);
  OK(d && strstr(dr_doc_errmsg(d), "depth") != NULL);
  dr_doc_free(d);
  free(buf);
  free(deep);

  /* An input over max_bytes is refused before libxml2 sees it. */
  dr_options o;
  memset(&o, 0, sizeof o);
  o.max_bytes = 10;
  d = parse_opt("<html><p>Too long for ten bytes</p></html>", 42, &o, &st,
                &buf);
  INT_EQ(st, DR_ETOOBIG);
  dr_doc_free(d);
  free(buf);
}

static void test_cp1252(void) {
  size_t len;
  dr_status st;
  char *buf;
  dr_doc *d = parse_file("tests/fixtures/inputs/cp1252.txt", &len, &st, &buf);
  if (!buf)
    return;
  INT_EQ(st, DR_OK);
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  STR_EQ(info.encoding, "windows-1252");
  STR_EQ(info.format, "text");
  size_t n;
  dr_doc_get_info(d, &info);
  OK(dr_doc_text(d, &n) != buf && info.bytes == n && n > len);
  OK(span_is(d, info.title_start, info.title_end, "Caf\xc3\xa9 Society"));
  INT_EQ(dr_quote_count(d), 5);
  const dr_quote *q = dr_quote_at(d, 0);
  OK(q && span_is(d, q->start, q->end, "Another caf\xc3\xa9 cr\xc3\xa8me?"));
  OK(q && span_is(d, q->open_start, q->open_end, "\xe2\x80\x9c"));
  OK(h_owner_of(d, "Am\xc3\xa9lie") != DR_NONE);
  OK(h_owner_of(d, "Bruno") != DR_NONE);
  dr_doc_free(d);
  free(buf);
}

static void test_neither(void) {
  /* Not UTF-8 and not plausibly Windows-1252: the invalid UTF-8 error at
   * the first bad byte, as before. */
  static const struct {
    const char *s;
    size_t off;
  } cases[] = {
      {"a\x81"
       "b",
       1}, /* undefined in cp1252 */
      {"Caf\xe9 \x9d"
       "x",
       3},                              /* undefined, later */
      {"Hello \"w\xffrld\" there.", 8}, /* 0xFF */
      {"ends in \xe2\x80", 8},          /* cut-off UTF-8 */
      {"ab\xc0\xaf", 2},                /* overlong UTF-8 */
      {"caf\xc3\xa9 and caf\xe9", 13},  /* mixed encodings */
      {"a\x80"
       "b",
       1},                        /* euro sign inside a word */
      {"x\xe2\xe3\xcf\xd3 y", 1}, /* a run of binary */
      {"Caf\xe9\x01 and then a long enough tail that the binary check, "
       "which allows one control byte in a hundred, lets it through.",
       3},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dr_status st;
    char *buf;
    dr_doc *d = parse_s(cases[i].s, &st, &buf);
    INT_EQ(st, DR_EUTF8);
    INT_EQ(dr_doc_erroffset(d), cases[i].off);
    dr_doc_free(d);
    free(buf);
  }
  /* Plausible: curly quotes, an apostrophe inside a word, é at the end. */
  static const char *const ok[] = {"\x93Hi,\x94 she said.",
                                   "don\x92t caf\xe9\x92s", "na\xefve!"};
  for (size_t i = 0; i < 3; i++) {
    dr_status st;
    char *buf;
    dr_doc *d = parse_s(ok[i], &st, &buf);
    INT_EQ(st, DR_OK);
    dr_doc_info info;
    dr_doc_get_info(d, &info);
    STR_EQ(info.encoding, "windows-1252");
    dr_doc_free(d);
    free(buf);
  }
}

static void test_forced_encodings(void) {
  const char *s = "\x93Hi\x94";
  dr_options o;
  memset(&o, 0, sizeof o);
  dr_status st;
  char *buf;
  size_t n;
  /* utf-8 forced: no detection. */
  o.encoding = "UTF-8";
  dr_doc *d = parse_opt(s, 4, &o, &st, &buf);
  INT_EQ(st, DR_EUTF8);
  INT_EQ(dr_doc_erroffset(d), 0);
  dr_doc_free(d);
  free(buf);
  /* latin-1: every byte is its own code point (C1 controls included). */
  o.encoding = "latin-1";
  d = parse_opt(s, 4, &o, &st, &buf);
  INT_EQ(st, DR_OK);
  const char *t = dr_doc_text(d, &n);
  OK(n == 6 && memcmp(t, "\xc2\x93Hi\xc2\x94", 6) == 0);
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  STR_EQ(info.encoding, "latin-1");
  dr_doc_free(d);
  free(buf);
  /* windows-1252 forced never fails: undefined bytes become C1. */
  o.encoding = "cp1252";
  d = parse_opt("\x81\x93", 2, &o, &st, &buf);
  INT_EQ(st, DR_OK);
  t = dr_doc_text(d, &n);
  OK(n == 5 && memcmp(t, "\xc2\x81\xe2\x80\x9c", 5) == 0);
  dr_doc_free(d);
  free(buf);
  /* Valid UTF-8 read as windows-1252 because the caller said so. */
  d = parse_opt("\xc3\xa9", 2, &o, &st, &buf);
  INT_EQ(st, DR_OK);
  t = dr_doc_text(d, &n);
  OK(n == 4 && memcmp(t, "\xc3\x83\xc2\xa9", 4) == 0);
  dr_doc_free(d);
  free(buf);
  /* A UTF-8 BOM read as windows-1252 is three characters, not a BOM. */
  d = parse_opt("\xef\xbb\xbfHi", 5, &o, &st, &buf);
  INT_EQ(st, DR_OK);
  t = dr_doc_text(d, &n);
  dr_doc_get_info(d, &info);
  OK(n == 8 && memcmp(t, "\xc3\xaf\xc2\xbb\xc2\xbfHi", 8) == 0);
  INT_EQ(info.has_bom, 0);
  INT_EQ(dr_token_count(d) > 0, 1);
  dr_doc_free(d);
  free(buf);
  /* The converted text must fit max_bytes too. */
  o.max_bytes = 5;
  d = parse_opt("\x93\x93\x93", 3, &o, &st, &buf);
  INT_EQ(st, DR_ETOOBIG);
  dr_doc_free(d);
  free(buf);
  /* Lossy keeps its meaning: bad bytes stay opaque, nothing converted. */
  memset(&o, 0, sizeof o);
  o.flags = DR_OPT_LOSSY;
  d = parse_opt(s, 4, &o, &st, &buf);
  INT_EQ(st, DR_OK);
  OK(dr_doc_text(d, &n) == buf && n == 4);
  dr_doc_get_info(d, &info);
  STR_EQ(info.encoding, "utf-8");
  INT_EQ(info.invalid_bytes, 2);
  dr_doc_free(d);
  free(buf);
}

/* Every allocation failure while rendering HTML or converting an encoding
 * returns DR_ENOMEM cleanly (ASan reports any leak). */
static void test_oom(void) {
  size_t len;
  char *raw = h_read_file("tests/fixtures/inputs/lamplighter.html", &len);
  if (!raw)
    return;
  const char *inputs[] = {raw, "\x93Hi,\x94 said Ann."};
  size_t lens[] = {len, strlen(inputs[1])};
  for (int which = 0; which < 2; which++) {
    int ok_at = -1;
    for (int k = 0; k < 400 && ok_at < 0; k++) {
      h_fail_ctx c = {k};
      dr_allocator al = h_fail_allocator(&c);
      dr_options o;
      memset(&o, 0, sizeof o);
      o.allocator = &al;
      dr_doc *d = NULL;
      dr_status st = dr_doc_parse(inputs[which], lens[which], &o, &d);
      if (st == DR_OK)
        ok_at = k;
      else
        OK(st == DR_ENOMEM && d == NULL);
      dr_doc_free(d);
    }
    OK(ok_at > 0);
  }
  free(raw);
}

/* Documents parsed on several threads at once (libxml2 and libzip keep
 * no state between parses that we rely on; run under TSan in CI). */
typedef struct {
  const char *s;
  size_t n;
  size_t quotes, notes;
} job;

static void *parse_job(void *arg) {
  job *j = arg;
  for (int r = 0; r < 5; r++) {
    dr_doc *d = NULL;
    if (dr_doc_parse(j->s, j->n, NULL, &d) == DR_OK) {
      j->quotes = dr_quote_count(d);
      j->notes = dr_note_count(d);
    }
    dr_doc_free(d);
  }
  return NULL;
}

static void test_threads(void) {
  size_t len;
  char *raw = h_read_file("tests/fixtures/inputs/lamplighter.html", &len);
  if (!raw)
    return;
  job jobs[4];
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    jobs[i].s = raw;
    jobs[i].n = len;
    jobs[i].quotes = jobs[i].notes = 0;
    OK(pthread_create(&th[i], NULL, parse_job, &jobs[i]) == 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    INT_EQ(jobs[i].quotes, 15);
    INT_EQ(jobs[i].notes, 6);
  }
  free(raw);
}

int main(void) {
  test_html_fixture();
  test_html_equals_text();
  test_detection();
  test_html_details();
  test_cp1252();
  test_neither();
  test_forced_encodings();
  test_oom();
  test_threads();
  DONE();
}
