/*
 * doc.c -- the document: parsing pipeline, accessors, whole-document facts.
 *
 * 1. dr_doc_parse checks its arguments, makes the document (copying the
 *    allocator and the source name) and runs the stages in their one order
 *    (see internal.h).  The first failing stage stops the run; the document
 *    then keeps only its error, and its layers read as empty.
 * 2. drp_finish() counts words outside notes, guesses the narrative person
 *    from pronouns in narration (outside quotes and notes) and links
 *    pairing tags to the cast (pairing.c).
 * 3. Accessors widen the internal records to the public ones.
 */
#include "buf.h"
#include "internal.h"

#include <stdlib.h>

static void free_layers(dr_doc *d) {
  drp_free(d, d->toks);
  drp_free(d, d->sents);
  drp_free(d, d->paras);
  drp_free(d, d->notes);
  drp_free(d, d->tags);
  drp_free(d, d->chapters);
  drp_free(d, d->scenes);
  drp_free(d, d->quotes);
  drp_free(d, d->terms);
  drp_free(d, d->chars);
  drp_free(d, d->aliases);
  drp_free(d, d->mentions);
  drp_free(d, d->attrs);
  drp_free(d, d->addressees);
  drp_free(d, d->inter);
  drp_free(d, d->hints);
  drp_free(d, d->tag_chars);
  d->hints = NULL;
  d->n_hints = d->cap_hints = 0;
  d->tag_chars = NULL;
  d->n_tag_chars = d->cap_tag_chars = 0;
  d->attrs = NULL;
  d->addressees = NULL;
  d->inter = NULL;
  d->n_attrs = d->cap_attrs = d->n_addressees = d->cap_addressees = 0;
  d->n_inter = d->cap_inter = 0;
  d->chars = NULL;
  d->aliases = NULL;
  d->mentions = NULL;
  d->n_chars = d->cap_chars = d->n_aliases = d->cap_aliases = 0;
  d->n_mentions = d->cap_mentions = 0;
  d->toks = NULL;
  d->sents = NULL;
  d->paras = NULL;
  d->notes = NULL;
  d->tags = NULL;
  d->chapters = NULL;
  d->scenes = NULL;
  d->quotes = NULL;
  d->terms = NULL;
  d->n_toks = d->n_sents = d->n_paras = d->n_notes = d->n_tags = 0;
  d->n_chapters = d->n_scenes = d->n_quotes = d->n_terms = 0;
  d->cap_toks = d->cap_sents = d->cap_paras = d->cap_notes = 0;
  d->cap_tags = d->cap_chapters = d->cap_scenes = d->cap_quotes = 0;
  d->cap_terms = 0;
  while (d->strings) {
    drp_chunk *c = d->strings;
    d->strings = c->next;
    drp_free(d, c);
  }
}

/* Narration pronouns counted before the point of view is decided: enough
 * to be sure, few enough that long novels do not pay for the whole text. */
#define POV_ENOUGH 4000

/* Lower-case pronoun hashes, computed once per document (cheap). */
typedef struct {
  uint32_t first[6], third[8], second[3];
} pronouns;

static void init_pronouns(pronouns *p) {
  static const char *const f[] = {"i", "me", "my", "myself", "mine", "we"};
  static const char *const t[] = {"he",  "she", "him", "her",
                                  "his", "hers", "himself", "herself"};
  static const char *const s[] = {"you", "your", "yourself"};
  for (int i = 0; i < 6; i++)
    p->first[i] = drp_hash_fold(f[i], strlen(f[i]));
  for (int i = 0; i < 8; i++)
    p->third[i] = drp_hash_fold(t[i], strlen(t[i]));
  for (int i = 0; i < 3; i++)
    p->second[i] = drp_hash_fold(s[i], strlen(s[i]));
}

static int find_hash(const uint32_t *set, int n, uint32_t h) {
  for (int i = 0; i < n; i++)
    if (set[i] == h)
      return 1;
  return 0;
}

dr_status drp_finish(dr_doc *d) {
  pronouns pr;
  init_pronouns(&pr);
  size_t words = 0, first = 0, third = 0, second = 0, q = 0;
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (pa->kind != DR_PARA_TEXT)
      continue;
    words += pa->n_words;
    /* A few thousand narration pronouns settle the point of view; stop
     * reading tokens then. */
    if (first + third + second >= POV_ENOUGH)
      continue;
    for (size_t i = pa->first_token; i < pa->first_token + pa->n_tokens;
         i++) {
      const drp_tok *t = &d->toks[i];
      /* Pronouns are short words starting with one of a few letters; skip
       * the rest before hashing. */
      if (drp_tok_kind(t) != DR_TOK_WORD || t->len > 8)
        continue;
      unsigned char c0 = (unsigned char)(d->text[t->start] | 0x20);
      if (c0 != 'i' && c0 != 'm' && c0 != 'w' && c0 != 'h' && c0 != 's' &&
          c0 != 'y')
        continue;
      /* Skip tokens inside quotes (quotes are in document order). */
      while (q < d->n_quotes && d->quotes[q].close_end <= t->start &&
             d->quotes[q].end <= t->start)
        q++;
      if (q < d->n_quotes && d->quotes[q].open_start <= t->start)
        continue;
      uint32_t h = drp_hash_fold(d->text + t->start, t->len);
      if (find_hash(pr.first, 6, h))
        first++;
      else if (find_hash(pr.third, 8, h))
        third++;
      else if (find_hash(pr.second, 3, h))
        second++;
    }
  }
  d->info.words = words;
  /* Third-person narration still says "I" in letters and free indirect
   * speech, so first person needs a real share of narration pronouns. */
  if (first >= 3 && first * 10 >= (first + third) * 3)
    d->info.pov = DR_POV_FIRST;
  else if (second >= 5 && second > first && second * 2 > third)
    d->info.pov = DR_POV_SECOND;
  else if (third > 0)
    d->info.pov = DR_POV_THIRD;
  else
    d->info.pov = DR_POV_UNKNOWN;
  return drp_link_pairings(d);
}

const drp_stage drp_stages[] = {
    {"input", drp_input},         {"ingest", drp_ingest},       {"paragraphs", drp_paragraphs},
    {"tokens", drp_tokenize},     {"sentences", drp_sentences},
    {"structure", drp_structure}, {"quotes", drp_quotes},
    {"characters", drp_characters}, {"speakers", drp_speakers},
    {"finish", drp_finish},
};
const size_t drp_n_stages = sizeof drp_stages / sizeof drp_stages[0];

dr_status drp_doc_new(const char *text, size_t len, const dr_options *opt,
                      dr_doc **out) {
  if (!out)
    return DR_EINVAL;
  *out = NULL;
  if (!text && len)
    return DR_EINVAL;
  if (opt && opt->abi_version != 0)
    return DR_EINVAL;
  if (opt && (opt->flags & ~DR_OPT_ALL))
    return DR_EINVAL;
  if (opt && (opt->input_format < DR_INPUT_AUTO ||
              opt->input_format > DR_INPUT_EPUB))
    return DR_EINVAL;
  int enc = DRP_ENC_AUTO;
  if (opt && opt->encoding && (enc = drp_encoding_parse(opt->encoding)) < 0)
    return DR_EINVAL;
  const dr_allocator *al =
      opt && opt->allocator ? opt->allocator : &drp_std_allocator;
  if (!al->realloc || !al->free)
    return DR_EINVAL;

  dr_doc *d = al->realloc(al->ctx, NULL, sizeof *d);
  if (!d)
    return DR_ENOMEM;
  memset(d, 0, sizeof *d);
  d->al = *al;
  d->text = text ? text : "";
  d->len = len;
  d->flags = opt ? opt->flags : 0;
  d->max_bytes = opt && opt->max_bytes ? opt->max_bytes : DR_DEFAULT_MAX_BYTES;
  if (d->max_bytes > DR_HARD_MAX_BYTES)
    d->max_bytes = DR_HARD_MAX_BYTES;
  d->info.format = "text";
  d->info.encoding = "utf-8";
  d->info.bytes = len;
  d->input_format = opt ? opt->input_format : DR_INPUT_AUTO;
  d->encoding = enc;
  if (opt && opt->source) {
    size_t n = strlen(opt->source);
    d->source = drp_alloc(d, n + 1);
    if (!d->source) {
      dr_doc_free(d);
      return DR_ENOMEM;
    }
    memcpy(d->source, opt->source, n + 1);
  }
  d->info.source = d->source;
  d->min_mentions = opt && opt->min_mentions ? opt->min_mentions
                                             : DR_DEFAULT_MIN_MENTIONS;
  if (opt && opt->cast) {
    const char *msg;
    size_t off;
    if (drp_cast_check(opt->cast, opt->cast_len, &msg, &off) != DR_OK) {
      dr_doc_free(d);
      return DR_EINVAL;
    }
    d->cast = drp_alloc(d, opt->cast_len + 1);
    if (!d->cast) {
      dr_doc_free(d);
      return DR_ENOMEM;
    }
    memcpy(d->cast, opt->cast, opt->cast_len);
    d->cast[opt->cast_len] = '\0';
    d->cast_len = opt->cast_len;
  }
  *out = d;
  return DR_OK;
}

dr_status dr_doc_parse(const char *text, size_t len, const dr_options *opt,
                       dr_doc **out) {
  if (!out)
    return DR_EINVAL;
  dr_doc *d;
  dr_status st = drp_doc_new(text, len, opt, &d);
  *out = NULL;
  if (st != DR_OK)
    return st;
  for (size_t i = 0; i < drp_n_stages && st == DR_OK; i++)
    st = drp_stages[i].run(d);
  if (st == DR_ENOMEM) {
    dr_doc_free(d);
    return DR_ENOMEM;
  }
  if (st != DR_OK) {
    free_layers(d);
    d->info.title_start = d->info.title_end = 0;
    d->info.author_start = d->info.author_end = 0;
  }
  *out = d;
  return st;
}

void dr_doc_free(dr_doc *d) {
  if (!d)
    return;
  free_layers(d);
  drp_free(d, d->source);
  drp_free(d, d->cast);
  drp_free(d, d->owned);
  dr_allocator al = d->al;
  al.free(al.ctx, d);
}

dr_status dr_doc_status(const dr_doc *d) { return d ? d->status : DR_EINVAL; }

const char *dr_doc_errmsg(const dr_doc *d) {
  return d ? d->errmsg : dr_strerror(DR_EINVAL);
}

size_t dr_doc_erroffset(const dr_doc *d) { return d ? d->erroff : 0; }

const char *dr_doc_text(const dr_doc *d, size_t *len) {
  if (len)
    *len = d ? d->len : 0;
  return d ? d->text : "";
}

void dr_doc_get_info(const dr_doc *d, dr_doc_info *info) {
  if (!info)
    return;
  if (!d) {
    memset(info, 0, sizeof *info);
    return;
  }
  *info = d->info;
}

const char *dr_note_kind_name(dr_note_kind k) {
  switch (k) {
  case DR_NOTE_AUTHORS_NOTE:
    return "authors_note";
  case DR_NOTE_DISCLAIMER:
    return "disclaimer";
  case DR_NOTE_SUMMARY:
    return "summary";
  case DR_NOTE_HEADER:
    return "header";
  case DR_NOTE_ENDNOTE:
    return "endnote";
  }
  return "authors_note";
}

/* ------------------------------------------------------------------------ */
/* Accessors                                                                 */
/* ------------------------------------------------------------------------ */

size_t dr_token_count(const dr_doc *d) { return d ? d->n_toks : 0; }

/* The paragraph holding token i: the last paragraph whose first token is
 * at or before i (tokens do not store it, to stay small). */
static size_t para_of_token(const dr_doc *d, size_t i) {
  size_t lo = 0, hi = d->n_paras;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->paras[mid].first_token <= i)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

dr_token dr_token_at(const dr_doc *d, size_t i) {
  dr_token t;
  memset(&t, 0, sizeof t);
  if (!d || i >= d->n_toks)
    return t;
  const drp_tok *r = &d->toks[i];
  t.start = r->start;
  t.end = drp_tok_end(r);
  t.kind = drp_tok_kind(r);
  t.flags = drp_tok_flags(r);
  t.hash = drp_hash_fold(d->text + r->start, r->len);
  t.paragraph = para_of_token(d, i);
  return t;
}

size_t dr_sentence_count(const dr_doc *d) { return d ? d->n_sents : 0; }

dr_sentence dr_sentence_at(const dr_doc *d, size_t i) {
  dr_sentence s;
  memset(&s, 0, sizeof s);
  if (!d || i >= d->n_sents)
    return s;
  const drp_sent *r = &d->sents[i];
  s.first_token = r->first_token;
  s.n_tokens = r->n_tokens;
  s.paragraph = r->para;
  s.start = d->toks[r->first_token].start;
  s.end = drp_tok_end(&d->toks[r->first_token + r->n_tokens - 1]);
  return s;
}

#define ACCESSORS(type, name, arr, count)                                     \
  size_t dr_##name##_count(const dr_doc *d) { return d ? d->count : 0; }      \
  const type *dr_##name##_at(const dr_doc *d, size_t i) {                     \
    return d && i < d->count ? &d->arr[i] : NULL;                             \
  }

ACCESSORS(dr_paragraph, paragraph, paras, n_paras)
ACCESSORS(dr_note, note, notes, n_notes)
ACCESSORS(dr_tag, tag, tags, n_tags)
ACCESSORS(dr_chapter, chapter, chapters, n_chapters)
ACCESSORS(dr_scene, scene, scenes, n_scenes)
ACCESSORS(dr_quote, quote, quotes, n_quotes)
ACCESSORS(dr_quote, quoted_term, terms, n_terms)
ACCESSORS(dr_character, character, chars, n_chars)
ACCESSORS(dr_mention, mention, mentions, n_mentions)
ACCESSORS(dr_interaction, interaction, inter, n_inter)

const dr_attribution *dr_quote_attribution(const dr_doc *d, size_t i) {
  return d && i < d->n_attrs ? &d->attrs[i] : NULL;
}

const char *dr_attribution_kind_name(dr_attribution_kind k) {
  switch (k) {
  case DR_ATTR_EXPLICIT:
    return "explicit";
  case DR_ATTR_ANAPHORIC:
    return "anaphoric";
  case DR_ATTR_IMPLICIT:
    return "implicit";
  case DR_ATTR_NONE:
    break;
  }
  return "none";
}

const char *dr_pov_name(dr_pov p) {
  switch (p) {
  case DR_POV_FIRST:
    return "first";
  case DR_POV_SECOND:
    return "second";
  case DR_POV_THIRD:
    return "third";
  case DR_POV_UNKNOWN:
    break;
  }
  return NULL;
}

const char *dr_gender_name(dr_gender g) {
  switch (g) {
  case DR_GENDER_MALE:
    return "M";
  case DR_GENDER_FEMALE:
    return "F";
  case DR_GENDER_NONBINARY:
    return "N";
  case DR_GENDER_UNKNOWN:
    break;
  }
  return "U";
}

const char *dr_mention_kind_name(dr_mention_kind k) {
  switch (k) {
  case DR_MENTION_NAME:
    return "name";
  case DR_MENTION_PRONOUN:
    return "pronoun";
  case DR_MENTION_NOMINAL:
    return "nominal";
  case DR_MENTION_VOCATIVE:
    return "vocative";
  }
  return "name";
}
