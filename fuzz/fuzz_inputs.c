/*
 * fuzz_inputs.c -- libFuzzer harness for the input stage: HTML, EPUB and
 * legacy encodings, through dr_doc_parse.
 *
 * The first byte picks the input format and options:
 *   bits 0-1: 0 auto-detect, 1 HTML, 2 EPUB, 3 plain text;
 *   bit 2:    force windows-1252 (bit 3 set: latin-1) for plain text;
 *   bit 4:    a small max_bytes (4096), so the limits are exercised.
 * The rest is the document, copied into an exact-size buffer so ASan sees
 * any over-read.  Invariants (abort on violation):
 *   - a failure leaves a document that holds only its error, with a
 *     message, and the status is one the API documents;
 *   - on success, every span of every layer lies inside the document
 *     text, which is valid UTF-8 for HTML, EPUB and converted text and is
 *     never longer than max_bytes;
 *   - hinted structure is consistent: notes, chapters and scenes are in
 *     order, tag characters are valid character indexes;
 *   - the JSON writer succeeds and ends with a newline.
 */
#include "dramatis.h"
#include "fuzz_check.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned mode;
  size_t n;
  char *in = fuzz_input(data, size, &mode, &n);
  if (!in)
    return 0;
  dr_options o;
  memset(&o, 0, sizeof o);
  static const dr_input_format formats[] = {DR_INPUT_AUTO, DR_INPUT_HTML,
                                            DR_INPUT_EPUB, DR_INPUT_TEXT};
  o.input_format = formats[mode & 3];
  if ((mode & 3) == 3 && (mode & 4))
    o.encoding = mode & 8 ? "latin-1" : "windows-1252";
  if (mode & 16)
    o.max_bytes = 4096;
  dr_doc *d = NULL;
  dr_status st = dr_doc_parse(in, n, &o, &d);
  if (st != DR_OK) {
    CHECK(st == DR_EUTF8 || st == DR_EBINARY || st == DR_ETOOBIG ||
          st == DR_EFORMAT || st == DR_ENOMEM);
    CHECK(st == DR_ENOMEM ? d == NULL : d != NULL);
    if (d) {
      CHECK(dr_doc_errmsg(d)[0] != '\0');
      CHECK(dr_paragraph_count(d) == 0 && dr_quote_count(d) == 0);
    }
  } else {
    size_t len;
    const char *text = dr_doc_text(d, &len);
    dr_doc_info info;
    dr_doc_get_info(d, &info);
    CHECK(info.bytes == len);
    CHECK(len <= (o.max_bytes ? o.max_bytes : DR_DEFAULT_MAX_BYTES));
    if (strcmp(info.format, "text") != 0 || strcmp(info.encoding, "utf-8") != 0)
      CHECK(valid_utf8(text, len));
    for (size_t i = 0; i < dr_paragraph_count(d); i++) {
      const dr_paragraph *p = dr_paragraph_at(d, i);
      CHECK(p->start <= p->end && p->end <= len);
    }
    size_t prev = 0;
    for (size_t i = 0; i < dr_note_count(d); i++) {
      const dr_note *nt = dr_note_at(d, i);
      CHECK(nt->start <= nt->end && nt->end <= len && nt->start >= prev);
      prev = nt->end;
    }
    prev = 0;
    for (size_t i = 0; i < dr_chapter_count(d); i++) {
      const dr_chapter *c = dr_chapter_at(d, i);
      CHECK(c->start <= c->end && c->end <= len && c->start >= prev);
      CHECK(c->title_start <= c->title_end && c->title_end <= len);
      prev = c->start;
    }
    for (size_t i = 0; i < dr_scene_count(d); i++) {
      const dr_scene *s = dr_scene_at(d, i);
      CHECK(s->start <= s->end && s->end <= len &&
            s->chapter < dr_chapter_count(d));
    }
    for (size_t i = 0; i < dr_tag_count(d); i++) {
      const dr_tag *t = dr_tag_at(d, i);
      CHECK(t->start <= t->end && t->end <= len);
      for (size_t k = 0; k < t->n_characters; k++)
        CHECK(t->characters[k] < dr_character_count(d));
    }
    for (size_t i = 0; i < dr_quote_count(d); i++) {
      const dr_quote *q = dr_quote_at(d, i);
      CHECK(q->start <= q->end && q->end <= len);
    }
    CHECK(info.title_start <= info.title_end && info.title_end <= len);
    CHECK(info.author_start <= info.author_end && info.author_end <= len);
    dr_buf *b = dr_buf_new(NULL);
    if (b && dr_doc_write_json(d, 0, b) == DR_OK) {
      size_t jn;
      const char *j = dr_buf_data(b, &jn);
      CHECK(jn > 0 && j[jn - 1] == '\n');
    }
    dr_buf_free(b);
  }
  dr_doc_free(d);
  free(in);
  return 0;
}
