/*
 * test_doc.c -- the document life cycle, ingest, paragraphs, dr_buf and
 * the JSON writer's escaping.
 */
#include "harness.h"

static dr_doc *parse_flags(const char *s, unsigned flags, dr_status *st,
                           char **buf) {
  size_t n = strlen(s);
  *buf = exact_copy(s, n);
  dr_options o;
  memset(&o, 0, sizeof o);
  o.flags = flags;
  dr_doc *d = NULL;
  *st = dr_doc_parse(*buf, n, &o, &d);
  return d;
}

static void test_arguments(void) {
  dr_doc *d = NULL;
  INT_EQ(dr_doc_parse("x", 1, NULL, NULL), DR_EINVAL);
  INT_EQ(dr_doc_parse(NULL, 1, NULL, &d), DR_EINVAL);
  OK(d == NULL);
  dr_options o;
  memset(&o, 0, sizeof o);
  o.abi_version = 1;
  INT_EQ(dr_doc_parse("x", 1, &o, &d), DR_EINVAL);
  o.abi_version = 0;
  o.flags = 1u << 30;
  INT_EQ(dr_doc_parse("x", 1, &o, &d), DR_EINVAL);
  /* NULL text with zero length is an empty document. */
  INT_EQ(dr_doc_parse(NULL, 0, NULL, &d), DR_OK);
  INT_EQ(dr_paragraph_count(d), 0);
  INT_EQ(dr_token_count(d), 0);
  dr_doc_free(d);
  dr_doc_free(NULL);
  /* Accessors are safe on NULL and out of range. */
  INT_EQ(dr_quote_count(NULL), 0);
  OK(dr_quote_at(NULL, 0) == NULL);
  OK(dr_note_at(NULL, 3) == NULL);
  STR_EQ(dr_strerror(DR_EUTF8), "invalid UTF-8");
  STR_EQ(dr_version(), DR_VERSION);
}

static void test_utf8(void) {
  char *buf;
  dr_status st;
  dr_doc *d = parse_flags("abc \xE2\x80\x9Cok\xE2\x80\x9D \xFF tail", 0, &st,
                          &buf);
  INT_EQ(st, DR_EUTF8);
  OK(d != NULL);
  INT_EQ(dr_doc_erroffset(d), 13);
  STR_EQ(dr_doc_errmsg(d), "invalid UTF-8");
  INT_EQ(dr_doc_status(d), DR_EUTF8);
  INT_EQ(dr_token_count(d), 0);
  dr_doc_free(d);
  free(buf);

  d = parse_flags("abc \xFF tail\n", DR_OPT_LOSSY, &st, &buf);
  INT_EQ(st, DR_OK);
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  INT_EQ(info.invalid_bytes, 1);
  dr_doc_free(d);
  free(buf);

  /* A truncated sequence at the very end (exact-size buffer). */
  d = parse_flags("end \xE2\x80", 0, &st, &buf);
  INT_EQ(st, DR_EUTF8);
  INT_EQ(dr_doc_erroffset(d), 4);
  dr_doc_free(d);
  free(buf);

  /* Surrogates and overlong forms are invalid. */
  d = parse_flags("x\xED\xA0\x80", 0, &st, &buf);
  INT_EQ(st, DR_EUTF8);
  dr_doc_free(d);
  free(buf);
  d = parse_flags("x\xC0\xAF", 0, &st, &buf);
  INT_EQ(st, DR_EUTF8);
  dr_doc_free(d);
  free(buf);

  /* A BOM is kept in the offsets. */
  d = parse_flags("\xEF\xBB\xBFHello.", 0, &st, &buf);
  INT_EQ(st, DR_OK);
  dr_doc_get_info(d, &info);
  INT_EQ(info.has_bom, 1);
  INT_EQ(dr_paragraph_at(d, 0)->start, 3);
  dr_doc_free(d);
  free(buf);
}

static void test_limits(void) {
  dr_options o;
  memset(&o, 0, sizeof o);
  o.max_bytes = 4;
  dr_doc *d = NULL;
  INT_EQ(dr_doc_parse("hello", 5, &o, &d), DR_ETOOBIG);
  OK(d != NULL && strstr(dr_doc_errmsg(d), "limit") != NULL);
  dr_doc_free(d);

  /* Binary: many control bytes.  A stray one is fine. */
  char bin[200];
  for (int i = 0; i < 200; i++)
    bin[i] = (char)(i % 3 == 0 ? 1 : 'a');
  INT_EQ(dr_doc_parse(bin, sizeof bin, NULL, &d), DR_EBINARY);
  dr_doc_free(d);
  o.max_bytes = 0;
  o.flags = DR_OPT_ALLOW_BINARY;
  INT_EQ(dr_doc_parse(bin, sizeof bin, &o, &d), DR_OK);
  dr_doc_free(d);
}

static void test_enomem(void) {
  const char *text = "Title: T\n\nChapter 1\n\n\"Hello,\" she said. \"Yes.\"\n"
                     "\nA/N: bye\n";
  /* Fail the k-th allocation for every k until parsing succeeds. */
  int succeeded = 0;
  for (int k = 0; k < 200 && !succeeded; k++) {
    h_fail_ctx c = {k};
    dr_allocator al = h_fail_allocator(&c);
    dr_options o;
    memset(&o, 0, sizeof o);
    o.allocator = &al;
    o.source = "x.txt";
    dr_doc *d = NULL;
    dr_status st = dr_doc_parse(text, strlen(text), &o, &d);
    if (st == DR_OK) {
      succeeded = 1;
      dr_buf *b = dr_buf_new(&al);
      if (b) {
        dr_doc_write_json(d, 0, b);
        dr_buf_free(b);
      }
    } else {
      OK(st == DR_ENOMEM && d == NULL);
    }
    dr_doc_free(d);
  }
  OK(succeeded);
}

static void test_paragraphs(void) {
  char *buf;
  dr_status st;
  /* Blank-line mode: hard-wrapped lines join. */
  dr_doc *d = parse_flags("One line\nand its wrap.\n\nSecond.\n", 0, &st,
                          &buf);
  INT_EQ(dr_paragraph_count(d), 2);
  SPAN_EQ(d, dr_paragraph_at(d, 0)->start, dr_paragraph_at(d, 0)->end,
          "One line\nand its wrap.");
  INT_EQ(dr_paragraph_at(d, 0)->n_lines, 2);
  SPAN_EQ(d, dr_paragraph_at(d, 1)->start, dr_paragraph_at(d, 1)->end,
          "Second.");
  dr_doc_free(d);
  free(buf);

  /* CRLF and CR line ends. */
  d = parse_flags("One\r\nwrap.\r\n\r\n  Two.  \r\n", 0, &st, &buf);
  INT_EQ(dr_paragraph_count(d), 2);
  SPAN_EQ(d, dr_paragraph_at(d, 1)->start, dr_paragraph_at(d, 1)->end,
          "Two.");
  dr_doc_free(d);
  free(buf);
  d = parse_flags("One\rwrap.\r\rTwo.", 0, &st, &buf);
  INT_EQ(dr_paragraph_count(d), 2);
  dr_doc_free(d);
  free(buf);

  /* No blank lines at all: one paragraph per line. */
  d = parse_flags("First para.\nSecond para.\nThird.", 0, &st, &buf);
  INT_EQ(dr_paragraph_count(d), 3);
  dr_doc_free(d);
  free(buf);

  /* Long lines with a blank line between some: still one per line. */
  char longtext[2000];
  const char *para = "This paragraph is written on one long line, the way "
                     "many archive downloads are, and it goes on for a "
                     "while longer than any wrapped line would.";
  snprintf(longtext, sizeof longtext, "%s\n%s\n\n%s\n%s\n", para, para, para,
           para);
  d = parse_flags(longtext, 0, &st, &buf);
  INT_EQ(dr_paragraph_count(d), 4);
  dr_doc_free(d);
  free(buf);

  /* Indented paragraphs, no blank lines. */
  d = parse_flags("    It was a dark night\nand stormy.\n    Then came\n"
                  "the day.\n    The end\nof it.\n",
                  0, &st, &buf);
  INT_EQ(dr_paragraph_count(d), 3);
  SPAN_EQ(d, dr_paragraph_at(d, 1)->start, dr_paragraph_at(d, 1)->end,
          "Then came\nthe day.");
  dr_doc_free(d);
  free(buf);
}

static void test_json_escaping(void) {
  char *buf;
  dr_status st;
  dr_doc *d = parse_flags("\"Tab\there \\ \x01 \xFF caf\xC3\xA9,\" she said.\n",
                          DR_OPT_LOSSY | DR_OPT_ALLOW_BINARY, &st, &buf);
  INT_EQ(st, DR_OK);
  dr_buf *b = dr_buf_new(NULL);
  INT_EQ(dr_doc_write_json(d, 0, b), DR_OK);
  size_t n;
  const char *j = dr_buf_data(b, &n);
  OK(n > 0 && j[n - 1] == '\n');
  OK(strchr(j, '\t') == NULL);
  OK(strchr(j, '\x01') == NULL);
  OK(strstr(j, "\\u0001") != NULL || dr_quote_count(d) == 0);
  OK(strstr(j, "\xFF") == NULL); /* bad byte written as U+FFFD */
  dr_buf_clear(b);
  INT_EQ(dr_doc_write_json(d, DR_JSON_PRETTY, b), DR_OK);
  j = dr_buf_data(b, &n);
  OK(strstr(j, "\n  \"schema\": 1") != NULL);
  dr_buf_free(b);
  INT_EQ(dr_doc_write_json(d, 0, NULL), DR_EINVAL);
  dr_doc_free(d);
  free(buf);
}

int main(void) {
  test_arguments();
  test_utf8();
  test_limits();
  test_enomem();
  test_paragraphs();
  test_json_escaping();
  DONE();
}
