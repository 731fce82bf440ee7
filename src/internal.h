/*
 * internal.h -- what the stages of libdramatis share.  Never installed.
 *
 * A dr_doc owns every layer as a growable array allocated through the
 * document's allocator.  Stages run in a fixed order (doc.c: drp_run) and
 * each appends its own layer, reading only earlier ones:
 *
 *   1. ingest      (utf8.c)      validate UTF-8, detect BOM / binary
 *   2. paragraphs  (para.c)      blank-line or one-per-line paragraphs
 *   3. tokens      (token.c)     tokens with byte offsets
 *   4. sentences   (sentence.c)  sentence boundaries within paragraphs
 *   5. structure   (structure.c) notes, tags, chapters, scenes; sets
 *                                paragraph kinds
 *   6. quotes      (quote.c)     quotations in story paragraphs
 *   7. characters  (names.c)     name mentions, alias clusters, gender
 *   8. speakers    (speaker.c)   speaker, addressees, interactions; fills
 *                                the characters' quote counts
 *   9. finish      (doc.c)       word count, point of view
 *
 * Offsets are 32-bit inside the library (inputs are capped below 4 GiB) and
 * widened to size_t at the public API.
 */
#ifndef DRAMATIS_INTERNAL_H
#define DRAMATIS_INTERNAL_H

#include "dramatis.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Tokens, stored compactly (8 bytes each).                                 */
/* ------------------------------------------------------------------------ */

/* Tokens are by far the largest layer (about one per 4.6 bytes of prose), so
 * each is 8 bytes: peak memory stays under 4x the input.  The case-folded
 * hash and the paragraph index are derived on demand (dr_token_at); a run
 * longer than DRP_TOK_MAX bytes (a 50 MB "word") is split into pieces. */
typedef struct drp_tok {
  uint32_t start; /* byte offset */
  uint16_t len;   /* length in bytes, 1..DRP_TOK_MAX */
  uint16_t kf;    /* dr_token_kind in the low 4 bits, DR_TF_* flags above */
} drp_tok;

#define DRP_TOK_MAX 65535u
#define DRP_TOK_KIND_BITS 4

static inline uint32_t drp_tok_end(const drp_tok *t) {
  return t->start + t->len;
}
static inline dr_token_kind drp_tok_kind(const drp_tok *t) {
  return (dr_token_kind)(t->kf & ((1u << DRP_TOK_KIND_BITS) - 1));
}
static inline unsigned drp_tok_flags(const drp_tok *t) {
  return (unsigned)t->kf >> DRP_TOK_KIND_BITS;
}
static inline void drp_tok_add_flags(drp_tok *t, unsigned flags) {
  t->kf = (uint16_t)(t->kf | (flags << DRP_TOK_KIND_BITS));
}

/* Sentences, stored compactly (12 bytes); spans come from their tokens. */
typedef struct drp_sent {
  uint32_t first_token, n_tokens; /* token range */
  uint32_t para;                  /* paragraph index */
} drp_sent;

/* A chunk of the string arena (tag names and values). */
typedef struct drp_chunk {
  struct drp_chunk *next;
  size_t used, cap;
  char data[];
} drp_chunk;

struct dr_doc {
  dr_allocator al; /* copied from the options, or the malloc family */

  const char *text; /* the document text (the caller's buffer) */
  size_t len;

  dr_status status;  /* the last failure */
  char errmsg[200];  /* its message */
  size_t erroff;     /* the byte it refers to */

  unsigned flags;   /* DR_OPT_* */
  size_t max_bytes; /* the input cap in force */
  char *source;     /* copy of dr_options.source, or NULL */

  dr_doc_info info; /* whole-document facts, filled along the way */
  uint32_t body_start; /* first byte after a BOM (0 or 3) */

  drp_tok *toks;
  size_t n_toks, cap_toks;
  drp_sent *sents;
  size_t n_sents, cap_sents;
  dr_paragraph *paras;
  size_t n_paras, cap_paras;
  dr_note *notes;
  size_t n_notes, cap_notes;
  dr_tag *tags;
  size_t n_tags, cap_tags;
  dr_chapter *chapters;
  size_t n_chapters, cap_chapters;
  dr_scene *scenes;
  size_t n_scenes, cap_scenes;
  dr_quote *quotes;
  size_t n_quotes, cap_quotes;
  dr_quote *terms; /* quoted spans that are not speech */
  size_t n_terms, cap_terms;

  dr_character *chars; /* characters, most mentioned first */
  size_t n_chars, cap_chars;
  dr_alias *aliases; /* every character's aliases, one block each;
                        dr_character.aliases points in here once complete */
  size_t n_aliases, cap_aliases;
  dr_mention *mentions; /* in document order */
  size_t n_mentions, cap_mentions;
  unsigned min_mentions; /* dr_options.min_mentions, defaulted */
  dr_attribution *attrs; /* one per quote once attribution ran, else NULL
                            (n_attrs == n_quotes) */
  size_t n_attrs, cap_attrs;
  size_t *addressees; /* pool that attrs[].addressees point into; fill it
                         completely before taking pointers */
  size_t n_addressees, cap_addressees;
  dr_interaction *inter; /* pairs, a < b, sorted by (a, b) */
  size_t n_inter, cap_inter;

  drp_chunk *strings; /* arena for small strings */
};

/* ------------------------------------------------------------------------ */
/* Memory (util.c)                                                           */
/* ------------------------------------------------------------------------ */

/* Allocate through the document's allocator.  On failure they return NULL
 * and record DR_ENOMEM on the document (drp_realloc leaves p as it was). */
void *drp_alloc(dr_doc *d, size_t n);
void *drp_realloc(dr_doc *d, void *p, size_t n);
void drp_free(dr_doc *d, void *p);

/* Makes room for at least `need` elements of `elem` bytes in *arr (capacity
 * *cap), growing by 1.5x with overflow checks.  Returns false (and sets
 * DR_ENOMEM on the doc) on failure; *arr is then unchanged. */
bool drp_reserve(dr_doc *d, void **arr, size_t *cap, size_t need,
                 size_t elem);

/* Appends one zeroed element to a layer array; returns it, or NULL on
 * failure.  Usage: dr_note *n = DRP_PUSH(d, d->notes, d->n_notes,
 * d->cap_notes); */
#define DRP_PUSH(d, arr, n, cap)                                              \
  (drp_reserve((d), (void **)&(arr), &(cap), (n) + 1, sizeof *(arr))          \
       ? (memset(&(arr)[(n)], 0, sizeof *(arr)), &(arr)[(n)++])               \
       : NULL)

/* Copies s[0,n) plus a NUL into the document's string arena.  NULL on
 * failure (and DR_ENOMEM set). */
const char *drp_strndup(dr_doc *d, const char *s, size_t n);

/* Records a failure on the document and returns st.  fmt is printf-like. */
dr_status drp_fail(dr_doc *d, dr_status st, size_t off, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* ------------------------------------------------------------------------ */
/* UTF-8 and character classes (utf8.c)                                      */
/* ------------------------------------------------------------------------ */

/* Decodes the code point at s[0, n) (n >= 1).  Returns its length in bytes
 * (1..4) and stores it in *cp; an invalid byte gives length 1 and cp = -1. */
static inline int drp_utf8_next(const unsigned char *s, size_t n,
                                int32_t *cp);
int drp_utf8_next_slow(const unsigned char *s, size_t n, int32_t *cp);

static inline int drp_utf8_next(const unsigned char *s, size_t n,
                                int32_t *cp) {
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  return drp_utf8_next_slow(s, n, cp);
}

/* Decodes the code point that ends just before s[i] (i >= 1) in s.  Returns
 * its length; an invalid byte gives length 1 and cp = -1. */
int drp_utf8_prev(const unsigned char *s, size_t i, int32_t *cp);

bool drp_is_letter(int32_t cp); /* Unicode L* (and M* marks) */
bool drp_is_upper(int32_t cp);  /* Lu or Lt */
bool drp_is_lower(int32_t cp);  /* Ll */
bool drp_is_digit(int32_t cp);  /* Nd */
bool drp_is_space(int32_t cp);  /* Zs, tab, line ends, NBSP, BOM */
bool drp_is_punct(int32_t cp);  /* P* */

/* FNV-1a hash of the case-folded (lower-cased) text s[0, n). */
uint32_t drp_hash_fold(const char *s, size_t n);

/* ------------------------------------------------------------------------ */
/* Stages                                                                    */
/* ------------------------------------------------------------------------ */

dr_status drp_ingest(dr_doc *d);     /* utf8.c */
dr_status drp_paragraphs(dr_doc *d); /* para.c */
dr_status drp_tokenize(dr_doc *d);   /* token.c */
dr_status drp_sentences(dr_doc *d);  /* sentence.c */
dr_status drp_structure(dr_doc *d);  /* structure.c */
dr_status drp_quotes(dr_doc *d);     /* quote.c */
dr_status drp_characters(dr_doc *d); /* names.c */
dr_status drp_speakers(dr_doc *d);   /* speaker.c */
dr_status drp_finish(dr_doc *d);     /* doc.c */

/* The stages in their one order, for dr_doc_parse and the benchmark. */
typedef struct drp_stage {
  const char *name;
  dr_status (*run)(dr_doc *d);
} drp_stage;
extern const drp_stage drp_stages[];
extern const size_t drp_n_stages;

/* Makes a document with no layers yet (what dr_doc_parse does before it
 * runs the stages).  Same arguments and errors as dr_doc_parse. */
dr_status drp_doc_new(const char *text, size_t len, const dr_options *opt,
                      dr_doc **out);

#endif /* DRAMATIS_INTERNAL_H */
