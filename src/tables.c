/*
 * tables.c -- tabular outputs: the quotes as CSV, and BookNLP's .tokens,
 * .entities and .quotes files.  Uses only the public API (plus buf.h).
 *
 * 1. CSV (RFC 4180): a header, one CRLF-terminated row per quote, fields
 *    quoted only when they hold a comma, quote or line end.
 * 2. BookNLP TSV: BookNLP's header and column order, tab-separated, no
 *    quoting (BookNLP writes none; read with quoting off).  Tab, CR and LF
 *    inside a field become spaces.  Ids are 0-based like BookNLP's:
 *    paragraph and sentence ids count over the whole document, token ids
 *    within the sentence and within the document.  Columns dramatis does
 *    not compute hold placeholders: lemma repeats the word, POS_tag and
 *    fine_POS_tag are "_", dependency_relation "_", syntactic_head_ID -1,
 *    event "O".
 *    - tokens: every token, in order; a token outside any sentence (should
 *      not happen) gets sentence_ID -1.
 *    - entities: every character mention, tokens [start_token, end_token]
 *      inclusive, COREF = character index, prop PROP/PRON/NOM by kind,
 *      cat PER.
 *    - quotes: every top-level quote, marks included in its token range;
 *      the speaker's mention inside the cue (a named mention of the speaker,
 *      else a personal pronoun in the cue), or -1 and an empty phrase; char_id
 *      = speaker index or -1; quote = the quoted words.
 *    Token positions of a byte span are found by binary search, so each
 *    file is O(n log n) in the number of tokens.
 */
#include "buf.h"
#include "dramatis.h"

#include <stdbool.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* CSV                                                                       */
/* ------------------------------------------------------------------------ */

static void csv(dr_buf *b, const char *s, size_t n) {
  drp_buf_put_escaped(b, s, n, DRP_ESC_CSV);
}

dr_status dr_doc_write_csv(const dr_doc *doc, unsigned flags, dr_buf *out) {
  (void)flags;
  dr_status st = drp_writer_check(doc, out);
  if (st != DR_OK)
    return st;
  dr_buf *b = out;
  size_t tlen;
  const char *text = dr_doc_text(doc, &tlen);
  drp_buf_puts(b, "start,end,speaker,speaker_name,addressees,attribution,"
                  "cue,text\r\n");
  for (size_t i = 0; i < dr_quote_count(doc); i++) {
    const dr_quote *q = dr_quote_at(doc, i);
    const dr_attribution *a = dr_quote_attribution(doc, i);
    drp_buf_printf(b, "%zu,%zu,", q->start, q->end);
    if (a && a->speaker != DR_NONE) {
      const char *name = dr_character_at(doc, a->speaker)->name;
      drp_buf_printf(b, "C%zu,", a->speaker + 1);
      if (name)
        csv(b, name, strlen(name));
    } else {
      drp_buf_putc(b, ',');
    }
    drp_buf_putc(b, ',');
    for (size_t k = 0; a && k < a->n_addressees; k++)
      drp_buf_printf(b, "%sC%zu", k ? ";" : "", a->addressees[k] + 1);
    drp_buf_putc(b, ',');
    drp_buf_puts(b, dr_attribution_kind_name(a ? a->kind : DR_ATTR_NONE));
    drp_buf_putc(b, ',');
    if (a && a->cue_end > a->cue_start)
      csv(b, text + a->cue_start, a->cue_end - a->cue_start);
    drp_buf_putc(b, ',');
    csv(b, text + q->start, q->end - q->start);
    drp_buf_puts(b, "\r\n");
  }
  return dr_buf_status(out);
}

/* ------------------------------------------------------------------------ */
/* BookNLP                                                                   */
/* ------------------------------------------------------------------------ */

static void tsv(dr_buf *b, const char *s, size_t n) {
  drp_buf_put_escaped(b, s, n, DRP_ESC_TSV);
}

/* The first token ending after byte off (dr_token_count() if none). */
static size_t token_after(const dr_doc *doc, size_t off) {
  size_t lo = 0, hi = dr_token_count(doc);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (dr_token_at(doc, mid).end <= off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The token range [*first, *last] inside or overlapping [start, end);
 * false when there is none. */
static bool token_range(const dr_doc *doc, size_t start, size_t end,
                        size_t *first, size_t *last) {
  size_t n = dr_token_count(doc), i = token_after(doc, start);
  if (i >= n || dr_token_at(doc, i).start >= end)
    return false;
  size_t j = token_after(doc, end > 0 ? end - 1 : 0);
  if (j >= n || dr_token_at(doc, j).start >= end)
    j = j > i ? j - 1 : i;
  *first = i;
  *last = j;
  return true;
}

static void write_tokens(const dr_doc *doc, const char *text, dr_buf *b) {
  drp_buf_puts(b, "paragraph_ID\tsentence_ID\ttoken_ID_within_sentence\t"
                  "token_ID_within_document\tword\tlemma\tbyte_onset\t"
                  "byte_offset\tPOS_tag\tfine_POS_tag\tdependency_relation\t"
                  "syntactic_head_ID\tevent\n");
  size_t nt = dr_token_count(doc), ns = dr_sentence_count(doc), s = 0;
  for (size_t t = 0; t < nt; t++) {
    dr_token tok = dr_token_at(doc, t);
    while (s < ns) {
      dr_sentence se = dr_sentence_at(doc, s);
      if (t < se.first_token + se.n_tokens)
        break;
      s++;
    }
    long long sid = -1, within = 0;
    if (s < ns) {
      dr_sentence se = dr_sentence_at(doc, s);
      if (t >= se.first_token) {
        sid = (long long)s;
        within = (long long)(t - se.first_token);
      }
    }
    drp_buf_printf(b, "%zu\t%lld\t%lld\t%zu\t", tok.paragraph, sid, within, t);
    tsv(b, text + tok.start, tok.end - tok.start);
    drp_buf_putc(b, '\t');
    tsv(b, text + tok.start, tok.end - tok.start);
    drp_buf_printf(b, "\t%zu\t%zu\t_\t_\t_\t-1\tO\n", tok.start, tok.end);
  }
}

static const char *prop_of(dr_mention_kind k) {
  switch (k) {
  case DR_MENTION_PRONOUN:
    return "PRON";
  case DR_MENTION_NOMINAL:
    return "NOM";
  case DR_MENTION_NAME:
  case DR_MENTION_VOCATIVE:
    break;
  }
  return "PROP";
}

static void write_entities(const dr_doc *doc, const char *text, dr_buf *b) {
  drp_buf_puts(b, "COREF\tstart_token\tend_token\tprop\tcat\ttext\n");
  for (size_t i = 0; i < dr_mention_count(doc); i++) {
    const dr_mention *m = dr_mention_at(doc, i);
    size_t first, last;
    if (!token_range(doc, m->start, m->end, &first, &last))
      continue;
    if (m->character == DR_NONE)
      drp_buf_puts(b, "-1");
    else
      drp_buf_printf(b, "%zu", m->character);
    drp_buf_printf(b, "\t%zu\t%zu\t%s\tPER\t", first, last, prop_of(m->kind));
    tsv(b, text + m->start, m->end - m->start);
    drp_buf_putc(b, '\n');
  }
}

/* The first mention starting at or after byte off. */
static size_t mention_from(const dr_doc *doc, size_t off) {
  size_t lo = 0, hi = dr_mention_count(doc);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (dr_mention_at(doc, mid)->start < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* A personal pronoun that can be the subject of a speech verb. */
static bool is_pronoun(const char *s, size_t n) {
  static const char *const words[] = {"he", "she", "they", "i",
                                      "we", "you", "it"};
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
    size_t wl = strlen(words[k]);
    if (wl != n)
      continue;
    size_t j = 0;
    while (j < n && (s[j] | 0x20) == words[k][j])
      j++;
    if (j == n)
      return true;
  }
  return false;
}

/* The speaker's mention in the cue of attribution a: its span in
 * [*ms, *me); false if none. */
static bool cue_mention(const dr_doc *doc, const char *text,
                        const dr_attribution *a, size_t *ms, size_t *me) {
  if (!a || a->speaker == DR_NONE || a->cue_end <= a->cue_start)
    return false;
  for (size_t i = mention_from(doc, a->cue_start); i < dr_mention_count(doc);
       i++) {
    const dr_mention *m = dr_mention_at(doc, i);
    if (m->start >= a->cue_end)
      break;
    if (m->character == a->speaker && m->end <= a->cue_end) {
      *ms = m->start;
      *me = m->end;
      return true;
    }
  }
  for (size_t t = token_after(doc, a->cue_start); t < dr_token_count(doc);
       t++) {
    dr_token tok = dr_token_at(doc, t);
    if (tok.start >= a->cue_end)
      break;
    if (tok.kind == DR_TOK_WORD &&
        is_pronoun(text + tok.start, tok.end - tok.start)) {
      *ms = tok.start;
      *me = tok.end;
      return true;
    }
  }
  return false;
}

static void write_quotes(const dr_doc *doc, const char *text, dr_buf *b) {
  drp_buf_puts(b, "quote_start\tquote_end\tmention_start\tmention_end\t"
                  "mention_phrase\tchar_id\tquote\n");
  for (size_t i = 0; i < dr_quote_count(doc); i++) {
    const dr_quote *q = dr_quote_at(doc, i);
    if (q->parent != DR_NONE)
      continue;
    size_t s = q->open_start < q->start ? q->open_start : q->start;
    size_t e = q->close_end > q->close_start ? q->close_end : q->end;
    size_t qf, ql;
    if (!token_range(doc, s, e, &qf, &ql))
      continue;
    const dr_attribution *a = dr_quote_attribution(doc, i);
    drp_buf_printf(b, "%zu\t%zu\t", qf, ql);
    size_t ms, me, mf, mlast;
    if (cue_mention(doc, text, a, &ms, &me) &&
        token_range(doc, ms, me, &mf, &mlast)) {
      drp_buf_printf(b, "%zu\t%zu\t", mf, mlast);
      tsv(b, text + ms, me - ms);
    } else {
      drp_buf_puts(b, "-1\t-1\t");
    }
    if (a && a->speaker != DR_NONE)
      drp_buf_printf(b, "\t%zu\t", a->speaker);
    else
      drp_buf_puts(b, "\t-1\t");
    tsv(b, text + q->start, q->end - q->start);
    drp_buf_putc(b, '\n');
  }
}

dr_status dr_doc_write_booknlp(const dr_doc *doc, dr_booknlp_part part,
                               dr_buf *out) {
  dr_status st = drp_writer_check(doc, out);
  if (st != DR_OK)
    return st;
  size_t tlen;
  const char *text = dr_doc_text(doc, &tlen);
  switch (part) {
  case DR_BOOKNLP_TOKENS:
    write_tokens(doc, text, out);
    break;
  case DR_BOOKNLP_ENTITIES:
    write_entities(doc, text, out);
    break;
  case DR_BOOKNLP_QUOTES:
    write_quotes(doc, text, out);
    break;
  default:
    return DR_EINVAL;
  }
  return dr_buf_status(out);
}
