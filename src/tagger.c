/*
 * tagger.c -- features and beam decoding for the tagging core.
 *
 * A sentence is tagged left to right with a linear model over hashed
 * features (an averaged perceptron, trained by train/train_tagger.c with
 * this very feature function):
 *
 * 1. Prepare (drp_tagger_prepare).  One pass per token computes what every
 *    feature needs, so no token is decoded twice: the case-folded word hash
 *    (drp_hash_fold), hashes of its folded 1-4 character prefixes (the FNV
 *    state after each of the first four code points) and suffixes (FNV of
 *    the last four code points, read backwards), its shape (upper-case ->
 *    X, lower -> x, digit -> d, other code points kept, runs of a class
 *    collapsed, at most 8 symbols: "Darcy" -> Xx, "U.S." -> X.X., "1990" ->
 *    d) and flags (capitalised, all caps, digit, hyphen, letter, period;
 *    and what the project's lexicons know of the folded word: a
 *    capitalised one may be a known given name, a capitalised non-name or
 *    an honorific (names.c, drp_lex_word_class), a lower-case one a person
 *    noun of PDNC's cues (speaker.c, drp_person_noun)); and its word class
 *    (tagger_clusters.inc: 256 classes learned from unlabelled text by
 *    train/clusters.c; 0 for a word not in the table), found by binary
 *    search over the table's sorted hashes.
 * 1b. Document evidence (drp_tag_doc, drp_tagger_prepare_doc; feature set
 *    6).  Names recur in a work, and a word that is capitalised
 *    mid-sentence elsewhere in the document ("Bleak House") but never in
 *    lower case is likely a name wherever it stands, at a sentence's
 *    start too.
 *    The caller counts the whole document once before tagging it
 *    (drp_tag_doc_add per sentence): for each folded word (an
 *    open-addressing table of drp_hash_fold values), how often it is
 *    written in lower case, capitalised mid-sentence, and capitalised at a
 *    sentence's start (no letter or digit before it in the sentence, or
 *    just after an opening quote or a colon).  Preparing a sentence then
 *    gives each token those counts without its own occurrence, each 0, 1
 *    or 2+, with its own case (drp_tokinfo.doc).  The POS model never
 *    reads them (drp_tagger_tag_pos).
 * 2. Features (drp_tagger_features), for position i: bias; the word;
 *    prefixes and suffixes 1-4; shape; flags with "sentence start"; the
 *    words at -2, -1, +1, +2; the suffixes of the neighbours; word bigrams
 *    with each neighbour; the shape trigram; the previous word with this
 *    shape; the lexicon flags with each neighbour's and with each
 *    neighbouring word; the distance to a person noun within three words
 *    ahead and behind, with the word; when the caller gives the
 *    sentence's UPOS classes (the entity model reads the POS model's,
 *    drp_tagger_tag_pos), the class of the word, with its neighbours',
 *    with both, with the two before and the two after, with the word,
 *    the previous word's class with the word and the word's class with
 *    the next word; the word classes of the word and of each neighbour,
 *    of the word with the one before and with the one after, and of the
 *    three ending and the three starting at the word; with UPOS classes,
 *    the word class of the next noun within four words (with its
 *    distance, alone and with the word's class) and of the last noun
 *    within three; with the document (1b), how the word is written
 *    elsewhere in it -- the number of its other occurrences capitalised
 *    mid-sentence and in lower case, each 0, 1 or 2+, alone, together
 *    with the token's own case, and the same of the previous and of the
 *    next word with the token's case; the previous class, the previous
 *    two classes, and the previous class with the word, its suffix and its
 *    shape.  Each is a template id mixed with its values into a 32-bit
 *    hash (a murmur3-style finaliser); the model reads bucket hash &
 *    (n_buckets - 1).
 * 3. Score.  Each feature's bucket is a row of n_classes int16 weights;
 *    rows are summed into int32 scores (vectorised).  The static features of the whole sentence are
 *    scored first, prefetching the rows of token i + 1 while summing those
 *    of token i, so cache misses overlap.
 * 4. Decode by beam search: DRP_TAG_BEAM class sequences are kept, each
 *    extended by every class that may follow its last one (for BIO models
 *    I-X only after B-X or I-X, drp_tagger_bio), the class features of a
 *    position read the sequence's own last two classes, and a sequence
 *    scores the sum of its positions' scores; sequences ending in the same
 *    two classes are one state.  The models are trained with the same
 *    search (structured perceptron, train_tagger.c).
 *
 * No allocation except growing the caller's scratch; a model is only read.
 */
#include "tagger.h"

#include "internal.h"

#include <stdlib.h>
#include <utf8proc.h>

#include "tagger_clusters.inc"

unsigned drp_word_classes(void) { return DRP_WC_CLASSES; }

uint32_t drp_word_classes_checksum(void) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < DRP_WC_WORDS; i++) {
    uint32_t v[2] = {drp_wc_hash[i], drp_wc_class[i]};
    for (unsigned j = 0; j < 2; j++)
      for (unsigned b = 0; b < 32; b += 8)
        h = (h ^ ((v[j] >> b) & 0xFFu)) * 16777619u;
  }
  return h;
}

/* The word class of a folded word hash (tagger_clusters.inc), 0 if none. */
static uint32_t word_class(uint32_t h) {
  size_t lo = 0, hi = DRP_WC_WORDS;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (drp_wc_hash[mid] < h)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < DRP_WC_WORDS && drp_wc_hash[lo] == h ? drp_wc_class[lo] : 0;
}

/* ------------------------------------------------------------------------ */
/* Hashing                                                                   */
/* ------------------------------------------------------------------------ */

#define FNV_OFF 2166136261u
#define FNV_PRIME 16777619u

static inline uint32_t fnv_byte(uint32_t h, unsigned c) {
  return (h ^ c) * FNV_PRIME;
}

/* Folds a code point into an FNV state as its lower-cased value (ASCII
 * bytes directly, the rest as a 21-bit number in three bytes). */
static inline uint32_t fnv_cp(uint32_t h, int32_t cp) {
  if (cp >= 0 && cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z')
      cp |= 0x20;
    return fnv_byte(h, (unsigned)cp);
  }
  if (cp > 0)
    cp = utf8proc_tolower(cp);
  uint32_t u = (uint32_t)cp & 0x1FFFFFu;
  h = fnv_byte(h, 0x80u | (u >> 14));
  h = fnv_byte(h, 0x80u | ((u >> 7) & 0x7F));
  return fnv_byte(h, 0x80u | (u & 0x7F));
}

/* Mixes a template id and one value into a well-spread hash. */
static inline uint32_t mix(uint32_t tid, uint32_t a) {
  uint32_t h = a * 0x9E3779B1u + tid * 0x85EBCA77u + 0x165667B1u;
  h ^= h >> 15;
  h *= 0x2C1B3C6Du;
  h ^= h >> 12;
  h *= 0x297A2D39u;
  h ^= h >> 15;
  return h;
}

static inline uint32_t mix2(uint32_t tid, uint32_t a, uint32_t b) {
  return mix(tid, a ^ (b * 0xC2B2AE3Du + 0x27D4EB2Fu));
}

static inline uint32_t mix3(uint32_t tid, uint32_t a, uint32_t b,
                            uint32_t c) {
  return mix2(tid, a, b ^ (c * 0x61C88647u + 0x7F4A7C15u));
}

/* ------------------------------------------------------------------------ */
/* 1. Prepare                                                                */
/* ------------------------------------------------------------------------ */

static inline unsigned shape_of(int32_t cp) {
  if (cp < 0)
    return '?';
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z')
      return 'X';
    if (cp >= 'a' && cp <= 'z')
      return 'x';
    if (cp >= '0' && cp <= '9')
      return 'd';
    return (unsigned)cp;
  }
  if (drp_is_upper(cp))
    return 'X';
  if (drp_is_letter(cp))
    return 'x';
  if (drp_is_digit(cp))
    return 'd';
  return 0x100u + ((unsigned)cp & 0xFFFu); /* other: keep (roughly) */
}

static void prepare_one(const drp_tspan *t, drp_tokinfo *ti) {
  const unsigned char *s = (const unsigned char *)t->s;
  size_t n = t->len;
  uint32_t h = FNV_OFF, shape = FNV_OFF, raw = FNV_OFF, flags = 0;
  unsigned nch = 0, last_shape = 0, n_shape = 0;
  size_t i = 0;
  bool lower = false;

  ti->word = drp_hash_fold(t->s, n);
  ti->pos = 0;
  ti->doc = 0;
  ti->cl = word_class(ti->word);
  for (size_t j = 0; j < n; j++)
    raw = fnv_byte(raw, s[j]);
  ti->raw = raw;
  while (i < n) {
    int32_t cp;
    int k = drp_utf8_next(s + i, n - i, &cp);
    unsigned sh = shape_of(cp);
    if (nch < 4) {
      h = fnv_cp(h, cp);
      ti->pre[nch] = h;
    }
    if (sh == 'X') {
      if (nch == 0)
        flags |= DRP_TI_CAP;
      flags |= DRP_TI_ALPHA;
    } else if (sh == 'x') {
      flags |= DRP_TI_ALPHA;
      lower = true;
    } else if (sh == 'd') {
      flags |= DRP_TI_DIGIT;
    } else if (sh == '-' && i > 0 && i + 1 < n) {
      flags |= DRP_TI_HYPHEN;
    }
    if (sh != last_shape && n_shape < 8) {
      shape = fnv_byte(fnv_byte(shape, sh & 0xFF), sh >> 8);
      last_shape = sh;
      n_shape++;
    }
    nch++;
    i += (size_t)k;
  }
  for (unsigned j = nch; j < 4; j++)
    ti->pre[j] = nch ? ti->pre[nch - 1] : FNV_OFF;
  if ((flags & DRP_TI_ALPHA) && !lower)
    flags |= DRP_TI_UPPER;
  if (n > 1 && s[n - 1] == '.')
    flags |= DRP_TI_PERIOD;
  if (nch > 4)
    flags |= DRP_TI_LONG;
  ti->shape = shape;

  /* Suffixes: the last four code points, read backwards. */
  h = FNV_OFF ^ 0x5bd1e995u;
  size_t e = n;
  unsigned m = 0;
  while (e > 0 && m < 4) {
    int32_t cp;
    int k = drp_utf8_prev(s, e, &cp);
    h = fnv_cp(h, cp);
    ti->suf[m++] = h;
    e -= (size_t)k;
  }
  for (unsigned j = m; j < 4; j++)
    ti->suf[j] = m ? ti->suf[m - 1] : FNV_OFF;
  /* What the lexicons know of the word (ASCII letters, folded). */
  char lw[32];
  if ((flags & DRP_TI_ALPHA) && n < sizeof lw) {
    size_t k = 0;
    bool ok = true;
    for (size_t j = 0; j < n && ok; j++) {
      unsigned char ch = (unsigned char)s[j];
      if (ch >= 'A' && ch <= 'Z')
        lw[k++] = (char)(ch + 32);
      else if ((ch >= 'a' && ch <= 'z') || (ch == '.' && j + 1 == n))
        lw[k++] = (char)ch;
      else
        ok = false;
    }
    lw[k] = 0;
    if (ok && k > 0 && (flags & DRP_TI_CAP)) {
      unsigned lc = drp_lex_word_class(lw);
      if (lc & 1)
        flags |= DRP_TI_GIVEN;
      if (lc & 2)
        flags |= DRP_TI_NONAME;
      if (lc & 4)
        flags |= DRP_TI_HON;
    } else if (ok && k > 2 && drp_person_noun(lw)) {
      flags |= DRP_TI_PNOUN;
    }
  }
  ti->flags = flags;
}

void drp_tagger_prepare(const drp_tspan *toks, size_t n, drp_tokinfo *info) {
  for (size_t i = 0; i < n; i++)
    prepare_one(&toks[i], &info[i]);
}

void drp_tagger_prepare_pos(const drp_tspan *toks, size_t n,
                            const uint8_t *pos, drp_tokinfo *info) {
  drp_tagger_prepare(toks, n, info);
  if (pos)
    for (size_t i = 0; i < n; i++)
      info[i].pos = 1u + pos[i];
}

/* ------------------------------------------------------------------------ */
/* 1b. Document evidence                                                     */
/* ------------------------------------------------------------------------ */

/* Walks a sentence's tokens: whether the next token is sentence-initial
 * (no letter or digit yet, or just after an opening quote or a colon) and
 * how many straight double quotes have been seen (an even count before
 * one makes it an opening quote). */
typedef struct {
  bool initial;
  unsigned quotes;
} case_walk;

/* The case of token t (DRP_CASE_*) at the walk's position; advances the
 * walk past it. */
static unsigned token_case(const drp_tspan *t, case_walk *w) {
  const unsigned char *s = (const unsigned char *)t->s;
  size_t n = t->len;
  unsigned cs = DRP_CASE_OTHER;
  bool alnum = false;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int k = drp_utf8_next(s + i, n - i, &cp);
    if (i == 0) {
      if (cp >= 0 && drp_is_upper(cp))
        cs = w->initial ? DRP_CASE_CINIT : DRP_CASE_CMID;
      else if (cp >= 0 && drp_is_letter(cp))
        cs = DRP_CASE_LOWER;
    }
    if (cp >= 0 && (drp_is_letter(cp) || drp_is_digit(cp))) {
      alnum = true;
      break;
    }
    i += (size_t)k;
  }
  bool opener = false;
  if (n == 1 && s[0] == '"')
    opener = (w->quotes++ & 1u) == 0;
  else if (n == 1 && s[0] == ':')
    opener = true;
  else if (n == 2 && s[0] == '`' && s[1] == '`')
    opener = true;
  else if (n == 3 && s[0] == 0xE2 && s[1] == 0x80 &&
           (s[2] == 0x9C || s[2] == 0x98)) /* U+201C, U+2018 */
    opener = true;
  w->initial = opener || (w->initial && !alnum);
  return cs;
}

static inline uint32_t doc_key(uint32_t h) { return h ? h : 1u; }

/* The slot of key in d's table: where it is, or the empty slot it would
 * take.  d->cap > d->n. */
static size_t doc_slot(const drp_tag_doc *d, uint32_t key) {
  size_t mask = d->cap - 1, at = (size_t)(key * 0x9E3779B1u) & mask;
  while (d->key[at] && d->key[at] != key)
    at = (at + 1) & mask;
  return at;
}

static dr_status doc_grow(drp_tag_doc *d) {
  size_t cap = d->cap ? d->cap * 2 : 1024;
  if (cap > SIZE_MAX / (3 * sizeof(uint16_t)))
    return DR_ENOMEM;
  uint32_t *key = calloc(cap, sizeof *key);
  uint16_t *cnt = calloc(cap * 3, sizeof *cnt);
  if (!key || !cnt) {
    free(key);
    free(cnt);
    return DR_ENOMEM;
  }
  drp_tag_doc nd = {key, cnt, d->n, cap};
  for (size_t i = 0; i < d->cap; i++)
    if (d->key[i]) {
      size_t at = doc_slot(&nd, d->key[i]);
      key[at] = d->key[i];
      memcpy(cnt + at * 3, d->cnt + i * 3, 3 * sizeof *cnt);
    }
  free(d->key);
  free(d->cnt);
  *d = nd;
  return DR_OK;
}

void drp_tag_doc_clear(drp_tag_doc *d) {
  if (d->cap) {
    memset(d->key, 0, d->cap * sizeof *d->key);
    memset(d->cnt, 0, d->cap * 3 * sizeof *d->cnt);
  }
  d->n = 0;
}

/* Counts token t of a sentence walked by w. */
static dr_status doc_count(drp_tag_doc *d, const drp_tspan *t, case_walk *w) {
  unsigned cs = token_case(t, w);
  if (cs == DRP_CASE_OTHER)
    return DR_OK;
  if (2 * (d->n + 1) > d->cap && doc_grow(d) != DR_OK)
    return DR_ENOMEM; /* at most half full: short probes */
  uint32_t key = doc_key(drp_hash_fold(t->s, t->len));
  size_t at = doc_slot(d, key);
  if (!d->key[at]) {
    d->key[at] = key;
    d->n++;
  }
  uint16_t *c = d->cnt + at * 3 + (cs - 1);
  if (*c < UINT16_MAX)
    (*c)++;
  return DR_OK;
}

dr_status drp_tag_doc_add(drp_tag_doc *d, const drp_tspan *toks, size_t n) {
  case_walk w = {true, 0};
  for (size_t i = 0; i < n; i++)
    if (doc_count(d, &toks[i], &w) != DR_OK)
      return DR_ENOMEM;
  return DR_OK;
}

dr_status drp_tag_doc_count(drp_tag_doc *d, const dr_doc *doc) {
  drp_tag_doc_clear(d);
  for (size_t si = 0; si < doc->n_sents; si++) {
    const drp_sent *se = &doc->sents[si];
    const drp_tok *toks = doc->toks + se->first_token;
    case_walk w = {true, 0};
    for (size_t i = 0; i < se->n_tokens; i++) {
      drp_tspan t = {doc->text + toks[i].start, toks[i].len};
      if (doc_count(d, &t, &w) != DR_OK)
        return DR_ENOMEM;
    }
  }
  return DR_OK;
}

void drp_tag_doc_free(drp_tag_doc *d) {
  if (!d)
    return;
  free(d->key);
  free(d->cnt);
  memset(d, 0, sizeof *d);
}

/* 0, 1, or 2 for two or more. */
static inline uint32_t few(unsigned x) { return x < 2 ? x : 2; }

void drp_tagger_prepare_doc(const drp_tag_doc *d, const drp_tspan *toks,
                            size_t n, drp_tokinfo *info) {
  case_walk w = {true, 0};
  for (size_t i = 0; i < n; i++) {
    if (!d) {
      info[i].doc = 0;
      continue;
    }
    unsigned cs = token_case(&toks[i], &w);
    unsigned c[3] = {0, 0, 0};
    if (d->cap) {
      size_t at = doc_slot(d, doc_key(info[i].word));
      if (d->key[at])
        for (unsigned j = 0; j < 3; j++)
          c[j] = d->cnt[at * 3 + j];
    }
    if (cs != DRP_CASE_OTHER && c[cs - 1] > 0)
      c[cs - 1]--; /* the other occurrences only */
    info[i].doc = DRP_DOC_ON | few(c[DRP_CASE_CMID - 1]) << 1 |
                  few(c[DRP_CASE_LOWER - 1]) << 3 |
                  few(c[DRP_CASE_CINIT - 1]) << 5 | cs << 7;
  }
}

/* ------------------------------------------------------------------------ */
/* 2. Features                                                               */
/* ------------------------------------------------------------------------ */

/* Stand-ins for the words and classes beyond the sentence's ends. */
static const drp_tokinfo BOS2 = {0xB0501u, 0xB0501u, {0}, {0}, 0xB0502u,
                                 0x100u, 0, 0x10001u, 0};
static const drp_tokinfo BOS1 = {0xB0511u, 0xB0511u, {0}, {0}, 0xB0512u,
                                 0x200u, 0, 0x10002u, 0};
static const drp_tokinfo EOS1 = {0xE0511u, 0xE0511u, {0}, {0}, 0xE0512u,
                                 0x400u, 0, 0x10003u, 0};
static const drp_tokinfo EOS2 = {0xE0501u, 0xE0501u, {0}, {0}, 0xE0502u,
                                 0x800u, 0, 0x10004u, 0};
#define TAG_START1 DRP_TAG_START1 /* the class "before" the first token */
#define TAG_START2 DRP_TAG_START2 /* the class two before the first token */

/* Template ids: fixed forever for DRP_FEATURES_VERSION 6 (version 1
 * lacked the F_LEX* and F_PNOUN_* templates and the lexicon flags,
 * version 2 the F_PNOUN_* ones, version 3 the F_POS* ones, which are
 * written only when the caller gives the sentence's UPOS classes, version
 * 4 the F_CL* ones, the word classes, version 5 the F_DOC* ones, written
 * only when the caller gives the sentence's document). */
enum {
  F_BIAS = 1,
  F_W0,
  F_PRE1, F_PRE2, F_PRE3, F_PRE4,
  F_SUF1, F_SUF2, F_SUF3, F_SUF4,
  F_SHAPE0,
  F_FLAGS,
  F_WM1, F_WM2, F_WP1, F_WP2,
  F_SUFM1, F_SUFP1,
  F_WM1_W0, F_W0_WP1,
  F_SHAPE3,
  F_WM1_SHAPE0,
  F_SHAPE0_WP1,
  F_T1, F_T2T1, F_T1_W0, F_T1_SUF3, F_T1_SHAPE0,
  F_WM2_WM1,
  F_WP1_WP2,
  F_RAW,
  F_T1_WP1,
  F_WM1_T1,
  F_LEXM1, F_LEXP1, F_LEX_WM1, F_LEX_WP1,
  F_PNOUN_AHEAD, F_PNOUN_BEHIND,
  F_POS0, F_POSM1_POS0, F_POS0_POSP1, F_POS3, F_POS0_W0,
  F_POSM2_POSM1, F_POSP1_POSP2, F_POSM1_W0, F_POS0_WP1,
  F_CL0, F_CLM1, F_CLP1, F_CLM1_CL0, F_CL0_CLP1, F_CLM2_CLM1, F_CLP1_CLP2,
  F_HEADA, F_HEADA_CL0, F_HEADB,
  F_DOC_CMID, F_DOC_LOWER, F_DOC_CASE, F_DOC_M1, F_DOC_P1
};

/* Whether prepared token t is a noun or proper noun by the caller's UPOS
 * classes. */
static inline bool is_noun(const drp_tokinfo *t) {
  return t->pos == 1u + DRP_UPOS_NOUN || t->pos == 1u + DRP_UPOS_PROPN;
}

/* Neighbours of position i, with stand-ins beyond the ends. */
#define NEIGHBOURS                                                            \
  const drp_tokinfo *c = &info[i];                                            \
  const drp_tokinfo *m1 = i >= 1 ? &info[i - 1] : &BOS1;                      \
  const drp_tokinfo *p1 = i + 1 < n ? &info[i + 1] : &EOS1;

size_t drp_tagger_static_features(const drp_tokinfo *info, size_t n,
                                  size_t i, uint32_t *f) {
  NEIGHBOURS
  const drp_tokinfo *m2 = i >= 2 ? &info[i - 2] : (i == 1 ? &BOS1 : &BOS2);
  const drp_tokinfo *p2 = i + 2 < n ? &info[i + 2] : (i + 1 < n ? &EOS1
                                                                 : &EOS2);
  uint32_t start = i == 0 ? 0x1000u : 0;
  size_t k = 0;

  f[k++] = mix(F_BIAS, 0);
  f[k++] = mix(F_W0, c->word);
  f[k++] = mix(F_PRE1, c->pre[0]);
  f[k++] = mix(F_PRE2, c->pre[1]);
  f[k++] = mix(F_PRE3, c->pre[2]);
  f[k++] = mix(F_PRE4, c->pre[3]);
  f[k++] = mix(F_SUF1, c->suf[0]);
  f[k++] = mix(F_SUF2, c->suf[1]);
  f[k++] = mix(F_SUF3, c->suf[2]);
  f[k++] = mix(F_SUF4, c->suf[3]);
  f[k++] = mix2(F_SHAPE0, c->shape, start);
  f[k++] = mix(F_FLAGS, c->flags | start);
  f[k++] = mix(F_WM1, m1->word);
  f[k++] = mix(F_WM2, m2->word);
  f[k++] = mix(F_WP1, p1->word);
  f[k++] = mix(F_WP2, p2->word);
  f[k++] = mix(F_SUFM1, m1->suf[2]);
  f[k++] = mix(F_SUFP1, p1->suf[2]);
  f[k++] = mix2(F_WM1_W0, m1->word, c->word);
  f[k++] = mix2(F_W0_WP1, c->word, p1->word);
  f[k++] = mix3(F_SHAPE3, m1->shape, c->shape, p1->shape);
  f[k++] = mix2(F_WM1_SHAPE0, m1->word, c->shape);
  f[k++] = mix2(F_SHAPE0_WP1, c->shape, p1->word);
  f[k++] = mix2(F_WM2_WM1, m2->word, m1->word);
  f[k++] = mix2(F_WP1_WP2, p1->word, p2->word);
  f[k++] = mix(F_RAW, c->raw);
  f[k++] = mix2(F_LEXM1, m1->flags & DRP_TI_LEX, c->flags & DRP_TI_LEX);
  f[k++] = mix2(F_LEXP1, c->flags & DRP_TI_LEX, p1->flags & DRP_TI_LEX);
  f[k++] = mix2(F_LEX_WM1, m1->word, c->flags & (DRP_TI_LEX | DRP_TI_CAP));
  f[k++] = mix2(F_LEX_WP1, c->flags & (DRP_TI_LEX | DRP_TI_CAP), p1->word);
  /* A person noun within the next three words ("the old man": at "the")
   * or the last three ("the old man who..."): its distance, with this
   * word. */
  uint32_t ahead = 0, behind = 0;
  for (size_t d = 1; d <= 3 && !ahead && i + d < n; d++)
    if (info[i + d].flags & DRP_TI_PNOUN)
      ahead = (uint32_t)d;
  for (size_t d = 1; d <= 3 && !behind && d <= i; d++)
    if (info[i - d].flags & DRP_TI_PNOUN)
      behind = (uint32_t)d;
  f[k++] = mix2(F_PNOUN_AHEAD, ahead, c->word);
  f[k++] = mix2(F_PNOUN_BEHIND, behind, c->word);
  if (c->pos) {
    f[k++] = mix(F_POS0, c->pos);
    f[k++] = mix2(F_POSM1_POS0, m1->pos, c->pos);
    f[k++] = mix2(F_POS0_POSP1, c->pos, p1->pos);
    f[k++] = mix3(F_POS3, m1->pos, c->pos, p1->pos);
    f[k++] = mix2(F_POS0_W0, c->pos, c->word);
    f[k++] = mix3(F_POSM2_POSM1, m2->pos, m1->pos, c->pos);
    f[k++] = mix3(F_POSP1_POSP2, c->pos, p1->pos, p2->pos);
    f[k++] = mix2(F_POSM1_W0, m1->pos, c->word);
    f[k++] = mix2(F_POS0_WP1, c->pos, p1->word);
  }
  f[k++] = mix(F_CL0, c->cl);
  f[k++] = mix(F_CLM1, m1->cl);
  f[k++] = mix(F_CLP1, p1->cl);
  f[k++] = mix2(F_CLM1_CL0, m1->cl, c->cl);
  f[k++] = mix2(F_CL0_CLP1, c->cl, p1->cl);
  f[k++] = mix3(F_CLM2_CLM1, m2->cl, m1->cl, c->cl);
  f[k++] = mix3(F_CLP1_CLP2, c->cl, p1->cl, p2->cl);
  if (c->pos) {
    /* The word class of the next noun within four words, with its
     * distance, alone and with this word's class ("the old governess": at
     * "the", a class of persons two words ahead), and of the last noun
     * within three. */
    uint32_t da = 0, ca = 0, db = 0, cb = 0;
    for (size_t d = 1; d <= 4 && !da && i + d < n; d++)
      if (is_noun(&info[i + d]))
        da = (uint32_t)d, ca = info[i + d].cl;
    for (size_t d = 1; d <= 3 && !db && d <= i; d++)
      if (is_noun(&info[i - d]))
        db = (uint32_t)d, cb = info[i - d].cl;
    f[k++] = mix2(F_HEADA, da, ca);
    f[k++] = mix3(F_HEADA_CL0, da, ca, c->cl);
    f[k++] = mix2(F_HEADB, db, cb);
  }
  if (c->doc) {
    /* How the word is written elsewhere in the document: capitalised
     * mid-sentence ("Bleak House"), in lower case ("house"), alone and
     * with how this token is written. */
    uint32_t cm = DRP_DOC_CMID(c->doc), lo = DRP_DOC_LOWER(c->doc);
    f[k++] = mix(F_DOC_CMID, cm);
    f[k++] = mix(F_DOC_LOWER, lo);
    f[k++] = mix3(F_DOC_CASE, cm, lo, DRP_DOC_CASE(c->doc));
    /* and the neighbours' ("Mr. Bucket", "Lord Chancellor"), with this
     * token's case */
    f[k++] = mix3(F_DOC_M1, DRP_DOC_CMID(m1->doc), DRP_DOC_LOWER(m1->doc),
                  DRP_DOC_CASE(c->doc));
    f[k++] = mix3(F_DOC_P1, DRP_DOC_CMID(p1->doc), DRP_DOC_LOWER(p1->doc),
                  DRP_DOC_CASE(c->doc));
  }
  return k;
}

/* The class features that read only the previous class t1 (all but
 * F_T2T1): a decoder scores them once per distinct t1. */
static size_t t1_features(const drp_tokinfo *info, size_t n, size_t i,
                          uint32_t t1, uint32_t *f) {
  NEIGHBOURS
  size_t k = 0;

  f[k++] = mix(F_T1, t1);
  f[k++] = mix2(F_T1_W0, t1, c->word);
  f[k++] = mix2(F_T1_SUF3, t1, c->suf[2]);
  f[k++] = mix2(F_T1_SHAPE0, t1, c->shape);
  f[k++] = mix2(F_T1_WP1, t1, p1->word);
  f[k++] = mix2(F_WM1_T1, m1->word, t1);
  return k;
}

size_t drp_tagger_class_features_after(const drp_tokinfo *info, size_t n,
                                       size_t i, uint32_t t2, uint32_t t1,
                                       uint32_t *f) {
  f[0] = mix2(F_T2T1, t2, t1);
  return 1 + t1_features(info, n, i, t1, f + 1);
}

size_t drp_tagger_class_features(const drp_tokinfo *info, size_t n,
                                 size_t i, const uint8_t *tags,
                                 uint32_t *f) {
  uint32_t t1 = i >= 1 ? tags[i - 1] : TAG_START1;
  uint32_t t2 = i >= 2 ? tags[i - 2] : (i == 1 ? TAG_START1 : TAG_START2);
  return drp_tagger_class_features_after(info, n, i, t2, t1, f);
}

size_t drp_tagger_features(const drp_tokinfo *info, size_t n, size_t i,
                           const uint8_t *tags, uint32_t *f) {
  size_t k = drp_tagger_static_features(info, n, i, f);
  return k + drp_tagger_class_features(info, n, i, tags, f + k);
}

/* ------------------------------------------------------------------------ */
/* 3-4. Scoring and decoding                                                 */
/* ------------------------------------------------------------------------ */

void drp_tagger_bio(const char *const *classes, unsigned nc, uint8_t *ok) {
  bool bio = false;
  for (unsigned c = 0; c < nc; c++)
    if (strncmp(classes[c], "I-", 2) == 0)
      bio = true;
  for (unsigned p = 0; p <= nc; p++)
    for (unsigned c = 0; c < nc; c++) {
      uint8_t v = 1;
      if (bio && strncmp(classes[c], "I-", 2) == 0) {
        v = 0;
        if (p < nc && (classes[p][0] == 'B' || classes[p][0] == 'I') &&
            classes[p][1] == '-' && strcmp(classes[p] + 2, classes[c] + 2) == 0)
          v = 1;
      }
      ok[p * nc + c] = v;
    }
}


static dr_status reserve(drp_tag_scratch *s, size_t n) {
  if (n <= s->cap)
    return DR_OK;
  size_t cap = s->cap ? s->cap : 64;
  while (cap < n) {
    if (cap > SIZE_MAX / 4 / (DRP_MAX_CLASSES * sizeof(int32_t)))
      return DR_ENOMEM;
    cap *= 2;
  }
  drp_tokinfo *info = realloc(s->info, cap * sizeof *info);
  if (!info)
    return DR_ENOMEM;
  s->info = info;
  drp_tspan *sp = realloc(s->spans, cap * sizeof *sp);
  if (!sp)
    return DR_ENOMEM;
  s->spans = sp;
  int32_t *sc = realloc(s->scores, cap * DRP_MAX_CLASSES * sizeof *sc);
  if (!sc)
    return DR_ENOMEM;
  s->scores = sc;
  uint8_t *bp = realloc(s->beam, cap * DRP_TAG_BEAM * 2);
  if (!bp)
    return DR_ENOMEM;
  s->beam = bp;
  uint8_t *pb = realloc(s->posbuf, cap);
  if (!pb)
    return DR_ENOMEM;
  s->posbuf = pb;
  s->cap = cap;
  return DR_OK;
}

void drp_tag_scratch_free(drp_tag_scratch *s) {
  if (!s)
    return;
  free(s->info);
  free(s->spans);
  free(s->scores);
  free(s->beam);
  free(s->posbuf);
  memset(s, 0, sizeof *s);
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch((p), 0, 3)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* Adds the rows of feats[0, nf) to sc[0, nc). */
static inline void add_rows(const drp_model *m, const uint32_t *feats,
                            size_t nf, int32_t *sc) {
  unsigned nc = m->nc;
  for (size_t j = 0; j < nf; j++) {
    const int16_t *row = m->w + (size_t)(feats[j] & m->mask) * nc;
    for (unsigned c = 0; c < nc; c++)
      sc[c] += row[c];
  }
}

static inline void prefetch_rows(const drp_model *m, const uint32_t *feats,
                                 size_t nf) {
  for (size_t j = 0; j < nf; j++)
    PREFETCH(m->w + (size_t)(feats[j] & m->mask) * m->nc);
}

dr_status drp_tagger_tag(const drp_model *m, const drp_tspan *toks, size_t n,
                         uint8_t *tags, drp_tag_scratch *s) {
  if (n == 0)
    return DR_OK;
  if (reserve(s, n) != DR_OK)
    return DR_ENOMEM;
  unsigned nc = m->nc;
  drp_tagger_prepare_pos(toks, n, s->pos, s->info);
  if (s->doc)
    drp_tagger_prepare_doc(s->doc, toks, n, s->info);

  /* Static scores, software-pipelined: the rows of token i are prefetched
   * while those of token i - 1 are summed, so the cache misses of a token's
   * ~26 independent rows overlap. */
  uint32_t fa[DRP_MAX_FEATURES], fb[DRP_MAX_FEATURES];
  uint32_t *cur = fa, *next = fb;
  size_t ncur = drp_tagger_static_features(s->info, n, 0, cur);
  prefetch_rows(m, cur, ncur);
  for (size_t i = 0; i < n; i++) {
    size_t nnext = 0;
    if (i + 1 < n) {
      nnext = drp_tagger_static_features(s->info, n, i + 1, next);
      prefetch_rows(m, next, nnext);
    }
    int32_t *sc = s->scores + i * nc;
    memset(sc, 0, nc * sizeof *sc);
    add_rows(m, cur, ncur, sc);
    uint32_t *t = cur;
    cur = next;
    next = t;
    ncur = nnext;
  }

  /* Beam decoding with the class features: DRP_TAG_BEAM class sequences
   * are kept, each extended by every class its last one allows, scored
   * by the sum of their scores; sequences ending in the same two classes
   * are one state (the better is kept).  beam[i][b] holds the class of
   * sequence b at token i and the sequence it extends at i - 1.  The
   * scores of the features reading only the last class are shared by the
   * sequences that end in it (t1sc). */
  drp_beam_live rows[2][DRP_TAG_BEAM];
  unsigned nb = 1;
  rows[0][0] = (drp_beam_live){0, TAG_START1, TAG_START2, false};
  uint32_t feats[DRP_MAX_FEATURES];
  int32_t sc[DRP_MAX_CLASSES];
  int32_t t1sc[DRP_MAX_CLASSES + 1][DRP_MAX_CLASSES];
  bool have[DRP_MAX_CLASSES + 1];
  for (size_t i = 0; i < n; i++) {
    drp_beam_live *from = rows[i & 1], *to = rows[(i & 1) ^ 1];
    uint8_t *bp = s->beam + i * DRP_TAG_BEAM * 2;
    unsigned nn = 0, worst = 0;
    memset(have, 0, sizeof have);
    for (unsigned e = 0; e < nb; e++) {
      unsigned pc = from[e].t1 < nc ? from[e].t1 : nc;
      if (!have[pc]) {
        size_t nf = t1_features(s->info, n, i, from[e].t1, feats);
        memcpy(t1sc[pc], s->scores + i * nc, nc * sizeof *sc);
        add_rows(m, feats, nf, t1sc[pc]);
        have[pc] = true;
      }
      memcpy(sc, t1sc[pc], nc * sizeof *sc);
      feats[0] = mix2(F_T2T1, from[e].t2, from[e].t1);
      add_rows(m, feats, 1, sc);
      const uint8_t *ok = m->ok + (size_t)pc * nc;
      for (unsigned c = 0; c < nc; c++) {
        if (!ok[c])
          continue;
        int at = drp_beam_place(to, &nn, &worst, from[e].total + sc[c], c,
                                from[e].t1);
        if (at < 0)
          continue;
        bp[at * 2] = (uint8_t)c;
        bp[at * 2 + 1] = (uint8_t)e;
      }
    }
    nb = nn;
  }
  /* The best sequence, back to front. */
  const drp_beam_live *last = rows[n & 1];
  unsigned b = 0;
  for (unsigned e = 1; e < nb; e++)
    if (last[e].total > last[b].total)
      b = e;
  for (size_t i = n; i-- > 0;) {
    const uint8_t *bp = s->beam + i * DRP_TAG_BEAM * 2;
    tags[i] = bp[b * 2];
    b = bp[b * 2 + 1];
  }
  return DR_OK;
}

dr_status drp_tagger_tag_pos(const drp_model *pos, const drp_model *m,
                             const drp_tspan *toks, size_t n, uint8_t *tags,
                             drp_tag_scratch *s) {
  if (!pos)
    return drp_tagger_tag(m, toks, n, tags, s);
  if (reserve(s, n) != DR_OK)
    return DR_ENOMEM;
  const drp_tag_doc *doc = s->doc; /* the entity model's, not pos's */
  s->doc = NULL;
  dr_status st = drp_tagger_tag(pos, toks, n, s->posbuf, s);
  s->doc = doc;
  if (st != DR_OK)
    return st;
  s->pos = s->posbuf;
  st = drp_tagger_tag(m, toks, n, tags, s);
  s->pos = NULL;
  return st;
}

dr_status drp_tagger_tag_toks(const drp_model *pos, const drp_model *m,
                              const char *text, const drp_tok *toks,
                              size_t n, uint8_t *tags, drp_tag_scratch *s) {
  if (reserve(s, n) != DR_OK)
    return DR_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    s->spans[i].s = text + toks[i].start;
    s->spans[i].len = toks[i].len;
  }
  return drp_tagger_tag_pos(pos, m, s->spans, n, tags, s);
}

/* ------------------------------------------------------------------------ */
/* Entities from BIO classes                                                 */
/* ------------------------------------------------------------------------ */

/* The class id of "B-" + the type of class c, or -1 if c is not B-/I-. */
static int b_class_of(const char *const *classes, unsigned nc, unsigned c) {
  const char *n = classes[c];
  if ((n[0] != 'B' && n[0] != 'I') || n[1] != '-')
    return -1;
  if (n[0] == 'B')
    return (int)c;
  for (unsigned d = 0; d < nc; d++)
    if (classes[d][0] == 'B' && classes[d][1] == '-' &&
        strcmp(classes[d] + 2, n + 2) == 0)
      return (int)d;
  return (int)c; /* an I- with no B- class: its own type */
}

size_t drp_bio_spans(const char *const *classes, unsigned nc,
                     const uint8_t *tags, size_t n, drp_ent *out) {
  size_t k = 0;
  int cur = -1; /* type of the open entity, or -1 */
  for (size_t i = 0; i < n; i++) {
    unsigned c = tags[i];
    int type = c < nc ? b_class_of(classes, nc, c) : -1;
    bool begin = type >= 0 && classes[c][0] == 'B';
    if (cur >= 0 && (type != cur || begin)) {
      out[k - 1].end = (uint32_t)i;
      cur = -1;
    }
    if (type >= 0 && cur < 0) {
      out[k].start = (uint32_t)i;
      out[k].end = (uint32_t)i + 1;
      out[k].type = (uint8_t)type;
      k++;
      cur = type;
    }
  }
  if (cur >= 0)
    out[k - 1].end = (uint32_t)n;
  return k;
}

static int cmp_ent_outer(const void *a, const void *b) {
  const drp_ent *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1; /* longer first */
  return 0;
}

size_t drp_bio_outermost(const char *const *classes, unsigned nc,
                         const uint8_t *layers, size_t n, unsigned n_layers,
                         uint8_t *out, drp_ent *ents, uint8_t *col) {
  size_t k = 0;
  for (unsigned l = 0; l < n_layers; l++) {
    for (size_t i = 0; i < n; i++)
      col[i] = layers[i * n_layers + l];
    k += drp_bio_spans(classes, nc, col, n, ents + k);
  }
  qsort(ents, k, sizeof *ents, cmp_ent_outer);
  int o = -1;
  for (unsigned c = 0; c < nc; c++)
    if (strcmp(classes[c], "O") == 0)
      o = (int)c;
  for (size_t i = 0; i < n; i++)
    out[i] = (uint8_t)(o >= 0 ? o : 0);
  size_t kept = 0;
  uint32_t reach = 0; /* end of the last entity kept */
  for (size_t j = 0; j < k; j++) {
    const drp_ent *e = &ents[j];
    if (e->start < reach)
      continue; /* inside (or crossing) an entity already kept */
    int in = -1; /* the I- class of this type */
    for (unsigned c = 0; c < nc; c++)
      if (classes[c][0] == 'I' && classes[c][1] == '-' &&
          strcmp(classes[c] + 2, classes[e->type] + 2) == 0)
        in = (int)c;
    out[e->start] = e->type;
    for (uint32_t i = e->start + 1; i < e->end; i++)
      out[i] = (uint8_t)(in >= 0 ? in : e->type);
    reach = e->end;
    kept++;
  }
  return kept;
}
