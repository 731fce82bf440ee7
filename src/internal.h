/*
 * internal.h -- what the stages of libdramatis share.  Never installed.
 *
 * A dr_doc owns every layer as a growable array allocated through the
 * document's allocator.  Stages run in a fixed order (doc.c: drp_run) and
 * each appends its own layer, reading only earlier ones:
 *
 *   0. input       (input.c)     detect the format; HTML (input_html.c)
 *                                and EPUB (input_epub.c) become an owned
 *                                UTF-8 text plus structure hints
 *   1. ingest      (utf8.c)      validate UTF-8, detect BOM / binary;
 *                                legacy encodings (encoding.c)
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

/* A structure hint from a marked-up input (HTML, EPUB): the renderer knows
 * what a span of its text is, so the structure stage does not guess for
 * the paragraphs inside it.  Hints may come in any order; title and
 * author hints lie inside note hints, the others do not overlap. */
typedef enum {
  DRP_HINT_NOTE = 1,    /* paratext; note_kind says which, and each hint
                           starts a new note */
  DRP_HINT_HEADING = 2, /* a heading element: starts a chapter, titles it */
  DRP_HINT_BREAK = 3,   /* an <hr>: a scene break */
  DRP_HINT_CHAPTER = 4, /* the first paragraph of an EPUB spine item:
                           starts a chapter (untitled unless a heading
                           follows) */
  DRP_HINT_TITLE = 5,   /* the document title (span only) */
  DRP_HINT_AUTHOR = 6   /* the author (span only) */
} drp_hint_kind;

typedef struct drp_hint {
  uint32_t start, end; /* the span, in the rendered text */
  uint8_t kind;        /* drp_hint_kind */
  uint8_t note_kind;   /* dr_note_kind for DRP_HINT_NOTE */
} drp_hint;

/* A chunk of the string arena (tag names and values). */
typedef struct drp_chunk {
  struct drp_chunk *next;
  size_t used, cap;
  char data[];
} drp_chunk;

struct dr_doc {
  dr_allocator al; /* copied from the options, or the malloc family */

  const char *text; /* the document text (the caller's buffer, or owned) */
  size_t len;
  char *owned;      /* the text when the document made it (HTML, EPUB,
                       a legacy encoding converted), else NULL */
  dr_input_format input_format; /* dr_options.input_format */
  int encoding;     /* DRP_ENC_*: the forced encoding, or DRP_ENC_AUTO */
  drp_hint *hints;  /* from marked-up input, in text order */
  size_t n_hints, cap_hints;
  size_t *tag_chars; /* pool that tags[].characters point into */
  size_t n_tag_chars, cap_tag_chars;

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
  char *cast;            /* copy of dr_options.cast (checked), or NULL */
  size_t cast_len;
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

/* Asks for transparent huge pages on [p, p + n) when it is large and comes
 * from the default allocator: for an array about to be filled densely. */
void drp_hint_huge(const dr_doc *d, void *p, size_t n);

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

/* Whether a[0, an) and b[0, bn) are equal, ASCII letters compared without
 * case. */
static inline bool drp_fold_eq(const char *a, size_t an, const char *b,
                               size_t bn) {
  if (an != bn)
    return false;
  for (size_t i = 0; i < an; i++) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (x >= 'A' && x <= 'Z')
      x = (unsigned char)(x | 0x20);
    if (y >= 'A' && y <= 'Z')
      y = (unsigned char)(y | 0x20);
    if (x != y)
      return false;
  }
  return true;
}

/* ------------------------------------------------------------------------ */
/* Stages                                                                    */
/* ------------------------------------------------------------------------ */

dr_status drp_input(dr_doc *d);      /* input.c */
dr_status drp_ingest(dr_doc *d);     /* utf8.c */
dr_status drp_paragraphs(dr_doc *d); /* para.c */
dr_status drp_tokenize(dr_doc *d);   /* token.c */
dr_status drp_sentences(dr_doc *d);  /* sentence.c */
dr_status drp_structure(dr_doc *d);  /* structure.c */
dr_status drp_quotes(dr_doc *d);     /* quote.c */
dr_status drp_characters(dr_doc *d); /* names.c (cast.c with a cast) */
dr_status drp_speakers(dr_doc *d);   /* speaker.c */

/* A known cast (cast.c).  drp_cast_check validates cast text (on failure:
 * DR_EINVAL, a static message and the byte offset of the bad line);
 * drp_cast_characters is the characters stage when d->cast is set. */
dr_status drp_cast_check(const char *cast, size_t len, const char **msg,
                         size_t *off);
dr_status drp_cast_characters(dr_doc *d);
/* Whether p[0, n) is an honorific or title of names.c's table ("Mr.",
 * "lady", "Captain"; any case, a final '.' ignored). */
bool drp_is_honorific(const char *p, size_t n);
/* The gender an honorific gives the name after it: +1 male (Mr., Sir,
 * Captain), -1 female (Mrs., Miss, Lady), 0 either or no honorific. */
int drp_honorific_gender(const char *p, size_t n);
/* What the names lexicon knows of lower-case word w: 1 a given name, 2 a
 * capitalised non-name, 4 an honorific (bits). */
unsigned drp_lex_word_class(const char *w);
/* Whether lower-case word w is a person noun of PDNC's cues (man, aunt). */
bool drp_person_noun(const char *w);

/* Shared by the two characters stages (names.c).  drp_quote_at: the quote
 * holding byte s, scanning forward from *q (a cursor the caller keeps,
 * starting at 0, for offsets that only grow), or NULL.  drp_vocative:
 * whether the name at tokens [i, e) inside quote q, in the paragraph of
 * tokens [para_first, para_end), is set off as an address ("Sit down,
 * Elizabeth."). */
const dr_quote *drp_quote_at(const dr_doc *d, size_t *q, size_t s);
bool drp_vocative(const dr_doc *d, size_t i, size_t e, size_t para_first,
                  size_t para_end, const dr_quote *q);
dr_status drp_finish(dr_doc *d);     /* doc.c */

/* Inputs (input.c, input_html.c, input_epub.c, encoding.c). */
enum { DRP_ENC_AUTO = 0, DRP_ENC_UTF8, DRP_ENC_CP1252, DRP_ENC_LATIN1 };

/* Parses an encoding name ("utf-8", "windows-1252", "cp1252", "latin-1",
 * "iso-8859-1", case-insensitive); -1 if unknown. */
int drp_encoding_parse(const char *name);
/* The canonical name of DRP_ENC_* ("utf-8", "windows-1252", "latin-1"). */
const char *drp_encoding_name(int enc);

/* Is s[0, n), which is not valid UTF-8, plausibly Windows-1252 prose?
 * (The rules are in encoding.c.) */
bool drp_encoding_plausible(const unsigned char *s, size_t n);
/* Replaces d->text with an owned UTF-8 copy converted from encoding enc
 * (DRP_ENC_CP1252 or DRP_ENC_LATIN1) and sets info.encoding and bytes.
 * DR_ETOOBIG if the copy would exceed max_bytes; DR_ENOMEM. */
dr_status drp_encoding_convert(dr_doc *d, int enc);

/* The output of a renderer: an owned, growing UTF-8 text plus hints. */
typedef struct drp_out {
  dr_doc *d;
  char *s;
  size_t len, cap;
  size_t limit; /* max bytes of text (the document's max_bytes) */
  bool too_big; /* the limit was hit */
} drp_out;

/* Appends s[0, n) to o's text (kept NUL-terminated); false with DR_ETOOBIG
 * or DR_ENOMEM recorded on o->d.  Appends hint (kind, note_kind) over
 * [start, end) to d->hints (empty spans are skipped); false on ENOMEM. */
bool drp_out_put(drp_out *o, const char *s, size_t n);
bool drp_out_hint(drp_out *o, uint32_t start, uint32_t end, int kind,
                  int note_kind);

/* Renders one HTML document (bytes s[0, n)) into o, appending (and sets
 * info.encoding from its charset unless epub_chapter).  epub_chapter: mark
 * its first paragraph as a chapter start.  encoding: a charset to force
 * (libxml2's name), or NULL.  Returns DR_OK or a failure recorded on
 * o->d. */
dr_status drp_html_render(drp_out *o, const char *s, size_t n,
                          bool epub_chapter, const char *encoding);
/* Renders an EPUB container into o (input_epub.c). */
dr_status drp_epub_render(drp_out *o, const char *s, size_t n);
/* Is s[0, n) an EPUB (zip with mimetype application/epub+zip)? */
bool drp_epub_sniff(const char *s, size_t n);

/* Links pairing tags to characters (pairing.c, run by drp_finish). */
dr_status drp_link_pairings(dr_doc *d);

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
