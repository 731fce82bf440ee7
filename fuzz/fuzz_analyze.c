/*
 * fuzz_analyze.c -- libFuzzer harness for dr_doc_parse + the JSON writer.
 *
 * The first byte picks options (bit 0: lossy, bit 1: allow binary, bit 2:
 * pretty JSON); the rest is the document.  The input is copied into an
 * exact-size buffer so ASan sees any over-read.  Invariants checked (abort
 * on violation, which the fuzzer reports):
 *   - every span of every layer lies inside the text, start <= end;
 *   - quotes are in document order and their marks surround their text;
 *   - tokens are in order and do not overlap;
 *   - the JSON is valid (a strict RFC 8259 validator) and ends with a
 *     newline;
 *   - the other writers (HTML report, CSV, GraphML, GEXF, BookNLP TSV)
 *     succeed and write valid UTF-8.
 */
#include "dramatis.h"
#include "fuzz_check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A strict JSON validator (RFC 8259): returns the index after the value
 * at j[i], or (size_t)-1 if it is not valid JSON.  Recursion is bounded
 * by the writer's nesting (a handful of levels). */
static size_t skip_ws(const char *j, size_t n, size_t i) {
  while (i < n && (j[i] == ' ' || j[i] == '\n' || j[i] == '\t' || j[i] == '\r'))
    i++;
  return i;
}

static size_t json_value(const char *j, size_t n, size_t i, int depth);

static size_t json_string(const char *j, size_t n, size_t i) {
  if (i >= n || j[i] != '"')
    return (size_t)-1;
  for (i++; i < n; i++) {
    unsigned char c = (unsigned char)j[i];
    if (c == '"')
      return i + 1;
    if (c < 0x20)
      return (size_t)-1;
    if (c == '\\') {
      if (++i >= n)
        return (size_t)-1;
      if (j[i] == 'u') {
        for (int k = 0; k < 4; k++)
          if (++i >= n || !strchr("0123456789abcdefABCDEF", j[i]))
            return (size_t)-1;
      } else if (!strchr("\"\\/bfnrt", j[i])) {
        return (size_t)-1;
      }
    }
  }
  return (size_t)-1;
}

static size_t json_number(const char *j, size_t n, size_t i) {
  size_t s = i;
  if (i < n && j[i] == '-')
    i++;
  size_t d = i;
  while (i < n && j[i] >= '0' && j[i] <= '9')
    i++;
  if (i == d || (j[d] == '0' && i - d > 1))
    return (size_t)-1;
  if (i < n && j[i] == '.') {
    size_t f = ++i;
    while (i < n && j[i] >= '0' && j[i] <= '9')
      i++;
    if (i == f)
      return (size_t)-1;
  }
  return i > s ? i : (size_t)-1;
}

static size_t json_value(const char *j, size_t n, size_t i, int depth) {
  if (depth > 32)
    return (size_t)-1;
  i = skip_ws(j, n, i);
  if (i >= n)
    return (size_t)-1;
  if (j[i] == '"')
    return json_string(j, n, i);
  if (j[i] == '{' || j[i] == '[') {
    char close = j[i] == '{' ? '}' : ']';
    bool obj = j[i] == '{';
    i = skip_ws(j, n, i + 1);
    if (i < n && j[i] == close)
      return i + 1;
    for (;;) {
      if (obj) {
        i = json_string(j, n, skip_ws(j, n, i));
        if (i == (size_t)-1)
          return i;
        i = skip_ws(j, n, i);
        if (i >= n || j[i] != ':')
          return (size_t)-1;
        i++;
      }
      i = json_value(j, n, i, depth + 1);
      if (i == (size_t)-1)
        return i;
      i = skip_ws(j, n, i);
      if (i < n && j[i] == ',') {
        i++;
        continue;
      }
      return i < n && j[i] == close ? i + 1 : (size_t)-1;
    }
  }
  if (n - i >= 4 && memcmp(j + i, "null", 4) == 0)
    return i + 4;
  if (n - i >= 4 && memcmp(j + i, "true", 4) == 0)
    return i + 4;
  if (n - i >= 5 && memcmp(j + i, "false", 5) == 0)
    return i + 5;
  return json_number(j, n, i);
}

static void check_writers(const dr_doc *d, dr_buf *b) {
  static dr_status (*const writers[])(const dr_doc *, unsigned, dr_buf *) = {
      dr_doc_write_html, dr_doc_write_csv, dr_doc_write_graphml,
      dr_doc_write_gexf};
  size_t len;
  for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
    dr_buf_clear(b);
    CHECK(writers[i](d, 0, b) == DR_OK);
    const char *s = dr_buf_data(b, &len);
    CHECK(len > 0 && valid_utf8(s, len));
  }
  for (int part = 0; part < 3; part++) {
    dr_buf_clear(b);
    CHECK(dr_doc_write_booknlp(d, (dr_booknlp_part)part, b) == DR_OK);
    const char *s = dr_buf_data(b, &len);
    CHECK(len > 0 && valid_utf8(s, len));
  }
}

static void check_json(const char *j, size_t n) {
  CHECK(n > 0 && j[n - 1] == '\n');
  size_t e = json_value(j, n, 0, 0);
  CHECK(e != (size_t)-1 && skip_ws(j, n, e) == n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned mode;
  size_t n;
  char *text = fuzz_input(data, size, &mode, &n);
  if (!text)
    return 0;
  dr_options o;
  memset(&o, 0, sizeof o);
  o.flags = (mode & 1 ? DR_OPT_LOSSY : 0) | (mode & 2 ? DR_OPT_ALLOW_BINARY : 0);
  dr_doc *d = NULL;
  dr_status st = dr_doc_parse(text, n, &o, &d);
  if (st == DR_OK) {
    /* HTML, EPUB and legacy encodings are analysed as a new text: spans
     * refer to that, not to the input bytes. */
    dr_doc_text(d, &n);
    size_t nt = dr_token_count(d), prev_end = 0;
    for (size_t i = 0; i < nt; i++) {
      dr_token t = dr_token_at(d, i);
      CHECK(t.start < t.end && t.end <= n && t.start >= prev_end);
      prev_end = t.end;
    }
    size_t nq = dr_quote_count(d), prev = 0;
    for (size_t i = 0; i < nq; i++) {
      const dr_quote *q = dr_quote_at(d, i);
      CHECK(q->open_start <= q->open_end && q->open_end <= q->start);
      CHECK(q->start <= q->end && q->end <= n);
      CHECK(q->close_start == q->close_end || q->end <= q->close_start);
      CHECK(q->close_end <= n);
      CHECK(q->open_start >= prev || (q->flags & DR_QF_NESTED));
      prev = q->open_start;
    }
    for (size_t i = 0; i < dr_note_count(d); i++)
      CHECK(dr_note_at(d, i)->start <= dr_note_at(d, i)->end &&
            dr_note_at(d, i)->end <= n);
    for (size_t i = 0; i < dr_chapter_count(d); i++)
      CHECK(dr_chapter_at(d, i)->end <= n);
    for (size_t i = 0; i < dr_sentence_count(d); i++) {
      dr_sentence s = dr_sentence_at(d, i);
      CHECK(s.start < s.end && s.end <= n && s.n_tokens > 0);
    }
    dr_buf *b = dr_buf_new(NULL);
    if (b && dr_doc_write_json(d, mode & 4 ? DR_JSON_PRETTY : 0, b) == DR_OK) {
      size_t jn;
      const char *j = dr_buf_data(b, &jn);
      check_json(j, jn);
    }
    if (b)
      check_writers(d, b);
    dr_buf_free(b);
  }
  dr_doc_free(d);
  free(text);
  return 0;
}
