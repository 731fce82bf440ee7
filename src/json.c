/*
 * json.c -- the JSON writer, per docs/output-format.md.  Uses only the
 * public API (plus buf.h for appending).
 *
 * 1. A tiny emitter (jw_*) tracks nesting and commas, and indents when
 *    DR_JSON_PRETTY is set.
 * 2. Strings are escaped per RFC 8259; bytes that are not valid UTF-8 (only
 *    possible under DR_OPT_LOSSY) are written as U+FFFD so the output
 *    always parses.
 * 3. The document is written top-down: document, notes, tags, chapters,
 *    scenes, characters, quotes, interactions, mentions (with
 *    DR_JSON_MENTIONS), quoted_terms.
 */
#include "buf.h"
#include "dramatis.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

#define JW_MAX_DEPTH 16

typedef struct {
  dr_buf *b;
  bool pretty;
  int depth;
  bool first[JW_MAX_DEPTH]; /* no element written yet at this level */
  bool after_key;           /* a key was just written */
} jw;

static void jw_newline(jw *w) {
  if (!w->pretty)
    return;
  drp_buf_putc(w->b, '\n');
  for (int i = 0; i < w->depth; i++)
    drp_buf_put(w->b, "  ", 2);
}

/* Before any value or key: the comma and indentation it needs. */
static void jw_sep(jw *w) {
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  if (w->depth > 0) {
    if (!w->first[w->depth])
      drp_buf_putc(w->b, ',');
    w->first[w->depth] = false;
    jw_newline(w);
  }
}

static void jw_open(jw *w, char c) {
  jw_sep(w);
  drp_buf_putc(w->b, c);
  if (w->depth + 1 < JW_MAX_DEPTH)
    w->depth++;
  w->first[w->depth] = true;
}

static void jw_close(jw *w, char c) {
  bool empty = w->first[w->depth];
  if (w->depth > 0)
    w->depth--;
  if (!empty)
    jw_newline(w);
  drp_buf_putc(w->b, c);
}

static void put_escaped(dr_buf *b, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0, run = 0;
  drp_buf_putc(b, '"');
  while (i < n) {
    unsigned char c = s[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      i++;
      continue;
    }
    if (i > run)
      drp_buf_put(b, str + run, i - run);
    if (c >= 0x80) {
      utf8proc_int32_t cp;
      utf8proc_ssize_t k = utf8proc_iterate(
          s + i, (utf8proc_ssize_t)(n - i > 4 ? 4 : n - i), &cp);
      if (k <= 0) {
        drp_buf_put(b, "\xEF\xBF\xBD", 3);
        k = 1;
      } else {
        drp_buf_put(b, str + i, (size_t)k);
      }
      i += (size_t)k;
    } else {
      switch (c) {
      case '"':
        drp_buf_put(b, "\\\"", 2);
        break;
      case '\\':
        drp_buf_put(b, "\\\\", 2);
        break;
      case '\n':
        drp_buf_put(b, "\\n", 2);
        break;
      case '\r':
        drp_buf_put(b, "\\r", 2);
        break;
      case '\t':
        drp_buf_put(b, "\\t", 2);
        break;
      default:
        drp_buf_printf(b, "\\u%04x", c);
      }
      i++;
    }
    run = i;
  }
  if (i > run)
    drp_buf_put(b, str + run, i - run);
  drp_buf_putc(b, '"');
}

static void jw_key(jw *w, const char *k) {
  jw_sep(w);
  put_escaped(w->b, k, strlen(k));
  drp_buf_put(w->b, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
  w->after_key = true;
}

static void jw_str(jw *w, const char *s, size_t n) {
  jw_sep(w);
  put_escaped(w->b, s, n);
}

static void jw_cstr(jw *w, const char *s) {
  if (!s) {
    jw_sep(w);
    drp_buf_put(w->b, "null", 4);
    return;
  }
  jw_str(w, s, strlen(s));
}

static void jw_null(jw *w) {
  jw_sep(w);
  drp_buf_put(w->b, "null", 4);
}

static void jw_bool(jw *w, bool v) {
  jw_sep(w);
  drp_buf_puts(w->b, v ? "true" : "false");
}

static void jw_uint(jw *w, size_t v) {
  jw_sep(w);
  drp_buf_printf(w->b, "%zu", v);
}

/* A score in [0, 1] with three decimals (finite by construction). */
static void jw_score(jw *w, double v) {
  jw_sep(w);
  if (!(v >= 0.0))
    v = 0.0;
  if (v > 1.0)
    v = 1.0;
  drp_buf_printf(w->b, "%.3f", v);
}

static void jw_id(jw *w, char prefix, size_t index) {
  jw_sep(w);
  drp_buf_printf(w->b, "\"%c%zu\"", prefix, index + 1);
}

/* Writes text[start, end) as a string, or null for an empty span. */
static void jw_span_text(jw *w, const char *text, size_t start, size_t end) {
  if (end <= start)
    jw_null(w);
  else
    jw_str(w, text + start, end - start);
}

static void write_quote(jw *w, const char *text, const dr_quote *q,
                        const dr_attribution *at, size_t id_index,
                        char prefix) {
  jw_open(w, '{');
  jw_key(w, "id");
  jw_id(w, prefix, id_index);
  jw_key(w, "start");
  jw_uint(w, q->start);
  jw_key(w, "end");
  jw_uint(w, q->end);
  jw_key(w, "text");
  jw_str(w, text + q->start, q->end - q->start);
  jw_key(w, "open");
  jw_span_text(w, text, q->open_start, q->open_end);
  jw_key(w, "close");
  jw_span_text(w, text, q->close_start, q->close_end);
  jw_key(w, "paragraph");
  jw_uint(w, q->paragraph);
  jw_key(w, "continues");
  if (q->continues == DR_NONE)
    jw_null(w);
  else
    jw_id(w, prefix, q->continues);
  jw_key(w, "parent");
  if (q->parent == DR_NONE)
    jw_null(w);
  else
    jw_id(w, prefix, q->parent);
  jw_key(w, "unclosed");
  jw_bool(w, (q->flags & DR_QF_UNCLOSED) != 0);
  if (prefix == 'Q') {
    bool has = at && at->speaker != DR_NONE;
    jw_key(w, "speaker");
    if (has)
      jw_id(w, 'C', at->speaker);
    else
      jw_null(w);
    jw_key(w, "speaker_score");
    if (has)
      jw_score(w, at->speaker_score);
    else
      jw_null(w);
    jw_key(w, "addressees");
    jw_open(w, '[');
    for (size_t k = 0; at && k < at->n_addressees; k++)
      jw_id(w, 'C', at->addressees[k]);
    jw_close(w, ']');
    jw_key(w, "attribution");
    jw_cstr(w, dr_attribution_kind_name(at ? at->kind : DR_ATTR_NONE));
    jw_key(w, "cue");
    if (at && at->cue_end > at->cue_start) {
      jw_open(w, '{');
      jw_key(w, "start");
      jw_uint(w, at->cue_start);
      jw_key(w, "end");
      jw_uint(w, at->cue_end);
      jw_key(w, "text");
      jw_str(w, text + at->cue_start, at->cue_end - at->cue_start);
      jw_close(w, '}');
    } else {
      jw_null(w);
    }
  }
  jw_close(w, '}');
}

dr_status dr_doc_write_json(const dr_doc *doc, unsigned flags, dr_buf *out) {
  dr_status st = drp_writer_check(doc, out);
  if (st != DR_OK)
    return st;
  jw w;
  memset(&w, 0, sizeof w);
  w.b = out;
  w.pretty = (flags & DR_JSON_PRETTY) != 0;

  size_t tlen;
  const char *text = dr_doc_text(doc, &tlen);
  dr_doc_info info;
  dr_doc_get_info(doc, &info);

  jw_open(&w, '{');
  jw_key(&w, "schema");
  jw_uint(&w, DR_SCHEMA_VERSION);
  jw_key(&w, "dramatis");
  jw_cstr(&w, DR_VERSION);

  jw_key(&w, "document");
  jw_open(&w, '{');
  jw_key(&w, "source");
  jw_cstr(&w, info.source);
  jw_key(&w, "format");
  jw_cstr(&w, info.format);
  jw_key(&w, "bytes");
  jw_uint(&w, info.bytes);
  jw_key(&w, "words");
  jw_uint(&w, info.words);
  jw_key(&w, "title");
  jw_span_text(&w, text, info.title_start, info.title_end);
  jw_key(&w, "author");
  jw_span_text(&w, text, info.author_start, info.author_end);
  jw_key(&w, "pov");
  jw_cstr(&w, dr_pov_name(info.pov));
  jw_close(&w, '}');

  jw_key(&w, "notes");
  jw_open(&w, '[');
  for (size_t i = 0; i < dr_note_count(doc); i++) {
    const dr_note *n = dr_note_at(doc, i);
    jw_open(&w, '{');
    jw_key(&w, "kind");
    jw_cstr(&w, dr_note_kind_name(n->kind));
    jw_key(&w, "start");
    jw_uint(&w, n->start);
    jw_key(&w, "end");
    jw_uint(&w, n->end);
    jw_key(&w, "text");
    jw_str(&w, text + n->start, n->end - n->start);
    jw_close(&w, '}');
  }
  jw_close(&w, ']');

  jw_key(&w, "tags");
  jw_open(&w, '[');
  for (size_t i = 0; i < dr_tag_count(doc); i++) {
    const dr_tag *t = dr_tag_at(doc, i);
    const dr_note *n = dr_note_at(doc, t->note);
    jw_open(&w, '{');
    jw_key(&w, "tag");
    jw_cstr(&w, t->tag);
    if (t->value) {
      jw_key(&w, "value");
      jw_cstr(&w, t->value);
    }
    jw_key(&w, "label");
    jw_str(&w, text + t->start, t->end - t->start);
    jw_key(&w, "source");
    jw_cstr(&w, n ? dr_note_kind_name(n->kind) : NULL);
    jw_key(&w, "start");
    jw_uint(&w, t->start);
    jw_key(&w, "end");
    jw_uint(&w, t->end);
    if (strcmp(t->tag, "pairing") == 0) {
      /* The characters the pairing names, where the cast matches. */
      jw_key(&w, "characters");
      jw_open(&w, '[');
      for (size_t k = 0; k < t->n_characters; k++)
        jw_id(&w, 'C', t->characters[k]);
      jw_close(&w, ']');
    }
    jw_close(&w, '}');
  }
  jw_close(&w, ']');

  jw_key(&w, "chapters");
  jw_open(&w, '[');
  for (size_t i = 0; i < dr_chapter_count(doc); i++) {
    const dr_chapter *c = dr_chapter_at(doc, i);
    jw_open(&w, '{');
    jw_key(&w, "n");
    jw_uint(&w, c->n);
    jw_key(&w, "title");
    jw_span_text(&w, text, c->title_start, c->title_end);
    jw_key(&w, "start");
    jw_uint(&w, c->start);
    jw_key(&w, "end");
    jw_uint(&w, c->end);
    jw_close(&w, '}');
  }
  jw_close(&w, ']');

  jw_key(&w, "scenes");
  jw_open(&w, '[');
  for (size_t i = 0; i < dr_scene_count(doc); i++) {
    const dr_scene *s = dr_scene_at(doc, i);
    jw_open(&w, '{');
    jw_key(&w, "n");
    jw_uint(&w, s->n);
    jw_key(&w, "chapter");
    jw_uint(&w, s->chapter + 1);
    jw_key(&w, "start");
    jw_uint(&w, s->start);
    jw_key(&w, "end");
    jw_uint(&w, s->end);
    jw_close(&w, '}');
  }
  jw_close(&w, ']');

  jw_key(&w, "characters");
  jw_open(&w, '[');
  for (size_t i = 0; i < dr_character_count(doc); i++) {
    const dr_character *c = dr_character_at(doc, i);
    jw_open(&w, '{');
    jw_key(&w, "id");
    jw_id(&w, 'C', i);
    jw_key(&w, "name");
    jw_cstr(&w, c->name);
    jw_key(&w, "gender");
    jw_cstr(&w, dr_gender_name(c->gender));
    jw_key(&w, "gender_score");
    jw_score(&w, c->gender_score);
    jw_key(&w, "aliases");
    jw_open(&w, '[');
    for (size_t k = 0; k < c->n_aliases; k++) {
      jw_open(&w, '{');
      jw_key(&w, "text");
      jw_cstr(&w, c->aliases[k].text);
      jw_key(&w, "count");
      jw_uint(&w, c->aliases[k].count);
      jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_key(&w, "mentions");
    jw_uint(&w, c->mentions);
    jw_key(&w, "quotes_spoken");
    jw_uint(&w, c->quotes_spoken);
    jw_key(&w, "quotes_addressed");
    jw_uint(&w, c->quotes_addressed);
    jw_key(&w, "first");
    jw_uint(&w, c->first);
    jw_close(&w, '}');
  }
  jw_close(&w, ']');

  jw_key(&w, "quotes");
  jw_open(&w, '[');
  for (size_t i = 0; i < dr_quote_count(doc); i++)
    write_quote(&w, text, dr_quote_at(doc, i), dr_quote_attribution(doc, i),
                i, 'Q');
  jw_close(&w, ']');

  jw_key(&w, "interactions");
  jw_open(&w, '[');
  for (size_t i = 0; i < dr_interaction_count(doc); i++) {
    const dr_interaction *x = dr_interaction_at(doc, i);
    jw_open(&w, '{');
    jw_key(&w, "a");
    jw_id(&w, 'C', x->a);
    jw_key(&w, "b");
    jw_id(&w, 'C', x->b);
    jw_key(&w, "quotes");
    jw_uint(&w, x->quotes);
    jw_key(&w, "co_occurrences");
    jw_uint(&w, x->co_occurrences);
    jw_key(&w, "weight");
    jw_sep(&w);
    drp_buf_printf(w.b, "%.1f", x->weight);
    jw_close(&w, '}');
  }
  jw_close(&w, ']');

  if (flags & DR_JSON_MENTIONS) {
    jw_key(&w, "mentions");
    jw_open(&w, '[');
    for (size_t i = 0; i < dr_mention_count(doc); i++) {
      const dr_mention *m = dr_mention_at(doc, i);
      jw_open(&w, '{');
      jw_key(&w, "start");
      jw_uint(&w, m->start);
      jw_key(&w, "end");
      jw_uint(&w, m->end);
      jw_key(&w, "text");
      jw_str(&w, text + m->start, m->end - m->start);
      jw_key(&w, "character");
      if (m->character == DR_NONE)
        jw_null(&w);
      else
        jw_id(&w, 'C', m->character);
      jw_key(&w, "kind");
      jw_cstr(&w, dr_mention_kind_name(m->kind));
      jw_close(&w, '}');
    }
    jw_close(&w, ']');
  }

  jw_key(&w, "quoted_terms");
  jw_open(&w, '[');
  for (size_t i = 0; i < dr_quoted_term_count(doc); i++)
    write_quote(&w, text, dr_quoted_term_at(doc, i), NULL, i, 'T');
  jw_close(&w, ']');

  jw_close(&w, '}');
  drp_buf_putc(out, '\n');
  return dr_buf_status(out);
}
