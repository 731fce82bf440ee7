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
 *   - the JSON ends with a newline and has balanced brackets outside
 *     strings.
 */
#include "dramatis.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                              \
  do {                                                                        \
    if (!(c))                                                                 \
      abort();                                                                \
  } while (0)

static void check_json(const char *j, size_t n) {
  CHECK(n > 0 && j[n - 1] == '\n');
  long depth = 0;
  int in_str = 0;
  for (size_t i = 0; i < n; i++) {
    char c = j[i];
    if (in_str) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_str = 0;
      else
        CHECK((unsigned char)c >= 0x20);
      continue;
    }
    if (c == '"')
      in_str = 1;
    else if (c == '{' || c == '[')
      depth++;
    else if (c == '}' || c == ']')
      CHECK(--depth >= 0);
  }
  CHECK(depth == 0 && !in_str);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned mode = data[0];
  size_t n = size - 1;
  char *text = malloc(n ? n : 1);
  if (!text)
    return 0;
  memcpy(text, data + 1, n);
  dr_options o;
  memset(&o, 0, sizeof o);
  o.flags = (mode & 1 ? DR_OPT_LOSSY : 0) | (mode & 2 ? DR_OPT_ALLOW_BINARY : 0);
  dr_doc *d = NULL;
  dr_status st = dr_doc_parse(text, n, &o, &d);
  if (st == DR_OK) {
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
    dr_buf_free(b);
  }
  dr_doc_free(d);
  free(text);
  return 0;
}
