/*
 * tagger.h -- the tagging core: one sequence tagger and its model files.
 * Internal (never installed); shared by the library, the training program
 * (train/train_tagger.c) and `dramatis eval pos|ner` (tools/eval_tagger.c).
 *
 * A model (model.c) is a read-only, mmap'd file holding a linear classifier
 * over hashed features: n_buckets rows of n_classes little-endian int16
 * weights, times one float scale.  The tagger (tagger.c) walks a sentence
 * left to right and gives the sentence the best-scoring class sequence
 * given features of the words around each token and of the two classes
 * before it (beam search over DRP_TAG_BEAM sequences; BIO models never
 * start an entity with I-).
 *
 * Training and inference share the feature function exactly:
 * drp_tagger_prepare() turns a sentence's tokens -- (pointer, length) pairs,
 * so pre-tokenised training data and dramatis tokens look alike -- into
 * per-token hashes, and drp_tagger_features() turns position i of that, plus
 * the classes chosen so far, into a list of bucket-ready feature hashes.
 *
 * Thread safety: a loaded model is never written after drp_model_open()
 * returns, so one model may be used by any number of threads at once; all
 * mutable state lives in a drp_tag_scratch owned by the caller.
 */
#ifndef DRAMATIS_TAGGER_H
#define DRAMATIS_TAGGER_H

#include "dramatis.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------------ */
/* Model files (model.c)                                                     */
/* ------------------------------------------------------------------------ */

/* The file format (all integers little-endian):
 *
 *   offset  size  field
 *        0     8  magic "DRMODEL\0"
 *        8     4  format version (DRP_MODEL_VERSION)
 *       12     4  feature-set version (DRP_FEATURES_VERSION): a model is
 *                 only valid with the feature function it was trained with
 *       16     4  n_classes (1..DRP_MAX_CLASSES)
 *       20     4  n_buckets (a power of two, 2^8..2^24)
 *       24     4  weight type (1 = int16)
 *       28     4  strings_bytes: size of the string block at offset 64
 *       32     8  weights_offset (a multiple of 64, >= 64 + strings_bytes)
 *       40     8  file size in bytes (must equal the actual size)
 *       48     4  scale (IEEE float bits): weight = int16 * scale
 *       52     4  checksum of the weights (drp_model_checksum)
 *       56     4  word-class checksum (drp_word_classes_checksum): the
 *                 features read the word classes, so a model is only
 *                 valid with the table it was trained with
 *       60     4  reserved, zero
 *       64     -  string block: NUL-terminated UTF-8 strings, in order:
 *                 stage ("pos", "ner"), training data, training command,
 *                 then the n_classes class names
 *   weights_offset  n_buckets * n_classes * 2 bytes of int16 weights in
 *                 [-32767, 32767], a row per bucket, so the scores of one
 *                 feature are contiguous
 */
#define DRP_MODEL_MAGIC "DRMODEL"     /* plus its NUL: 8 bytes */
#define DRP_MODEL_VERSION 1u
#define DRP_FEATURES_VERSION 6u
#define DRP_MODEL_HEADER 64u
#define DRP_MODEL_W_INT16 1u
/* At most this many features per position (the feature function never
 * writes more: 63 with UPOS classes and a document, feature set 6;
 * test_tagger checks), and weights lie in [-DRP_W_MAX, DRP_W_MAX], so
 * scores fit easily in int32.  (Bounding weights to fit int16 sums was
 * tried: it halves LitBank F1, the weights need their full 16 bits.) */
#define DRP_MAX_FEATURES 64
/* The UPOS classes the entity features look for, as pos.drm numbers them
 * (train_tagger's UPOS table, alphabetical; test_tagger checks). */
#define DRP_UPOS_NOUN 7u
#define DRP_UPOS_PROPN 11u
#define DRP_W_MAX 32767
/* Classes are stored as uint8 tag ids in scratch arrays, and two extra ids
 * stand for "before the sentence"; 64 is ample for UPOS (17) and BIO (13). */
#define DRP_MAX_CLASSES 64u

/* A loaded model.  Read-only once drp_model_open returns; only model.c
 * and tagger.c look inside. */
typedef struct drp_model {
  const unsigned char *map; /* the whole file (mmap'd or caller memory) */
  size_t map_len;           /* its size */
  bool mapped;              /* map came from mmap (unmap on free) */
  int16_t *swapped;         /* byte-swapped weights on big-endian hosts */
  const int16_t *w;         /* n_buckets rows of n_classes weights */
  uint32_t mask;            /* n_buckets - 1 */
  unsigned nc;              /* n_classes */
  float scale;              /* weight = w * scale */
  const char *stage, *data, *command; /* into the string block */
  const char *classes[DRP_MAX_CLASSES]; /* class names, ditto */
  /* ok[p * nc + c]: class c may follow class p (p == nc: sentence start);
   * all 1 unless the classes are BIO (drp_tagger_bio). */
  uint8_t ok[(DRP_MAX_CLASSES + 1) * DRP_MAX_CLASSES];
} drp_model;

/* Opens and validates the model file at path (mmap, read-only).  On success
 * stores it in *out and returns DR_OK.  On failure *out is NULL, a one-line
 * message (without the path) is written to err[0, errlen) when err is not
 * NULL, and the status is DR_EIO (unreadable, or not a valid model: bad
 * magic, unsupported version, wrong size, truncated, checksum mismatch),
 * DR_ENOMEM, or DR_EINVAL (NULL arguments). */
dr_status drp_model_open(const char *path, drp_model **out, char *err,
                         size_t errlen);

/* Validates a model held in memory (mem[0, len), which must stay valid and
 * unchanged while the model is used; it is not copied on little-endian
 * hosts).  Same errors as drp_model_open. */
dr_status drp_model_from_memory(const void *mem, size_t len, drp_model **out,
                                char *err, size_t errlen);

/* Unmaps and frees a model.  NULL is a no-op. */
void drp_model_free(drp_model *m);

/* What a model is: its stage name, classes, buckets and provenance.  The
 * strings point into the model and live as long as it does. */
const char *drp_model_stage(const drp_model *m);
const char *drp_model_data(const drp_model *m);
const char *drp_model_command(const drp_model *m);
unsigned drp_model_n_classes(const drp_model *m);
const char *drp_model_class(const drp_model *m, unsigned c);
uint32_t drp_model_n_buckets(const drp_model *m);
float drp_model_scale(const drp_model *m);
/* Returns the class id of a class name, or -1. */
int drp_model_class_id(const drp_model *m, const char *name);
/* Row of n_classes weights for bucket b (b < n_buckets). */
const int16_t *drp_model_row(const drp_model *m, uint32_t b);

/* What drp_model_write needs: weights already quantised to int16. */
typedef struct drp_model_spec {
  const char *stage;          /* "pos", "ner" */
  const char *data;           /* training data, e.g. "UD_English-EWT ..." */
  const char *command;        /* the command that made it */
  unsigned n_classes;         /* number of classes */
  const char *const *classes; /* their names */
  uint32_t n_buckets;         /* power of two */
  float scale;                /* weight = int16 * scale */
  const int16_t *weights;     /* n_buckets * n_classes, row per bucket */
} drp_model_spec;

/* Writes a model file (format above) to path.  Returns DR_OK, DR_EINVAL
 * (a bad spec), DR_ENOMEM or DR_EIO; a message goes to err as above. */
dr_status drp_model_write(const char *path, const drp_model_spec *spec,
                          char *err, size_t errlen);

/* The checksum stored in the header: FNV-1a over the weight bytes taken 8
 * at a time (fast enough to check at every load: ~1 ms for 4 MB). */
uint32_t drp_model_checksum(const void *p, size_t n);

/* ------------------------------------------------------------------------ */
/* Features and tagging (tagger.c)                                           */
/* ------------------------------------------------------------------------ */

/* One token of a sentence: its bytes (need not be NUL-terminated). */
typedef struct drp_tspan {
  const char *s;
  uint32_t len;
} drp_tspan;

/* What the feature function knows about one token, computed once per
 * sentence by drp_tagger_prepare. */
typedef struct drp_tokinfo {
  uint32_t word;   /* drp_hash_fold of the token */
  uint32_t raw;    /* hash of its exact bytes (case kept) */
  uint32_t pre[4]; /* hashes of the folded 1..4-character prefixes */
  uint32_t suf[4]; /* hashes of the folded 1..4-character suffixes */
  uint32_t shape;  /* hash of the word shape (Xxxx -> Xx, 1990 -> d) */
  uint32_t flags;  /* DRP_TI_* */
  uint32_t pos;    /* 1 + its UPOS class when the caller gave them, else 0 */
  uint32_t cl;     /* its word class 1..drp_word_classes(), 0 if none */
  uint32_t doc;    /* what the rest of its document says of the word
                      (drp_tagger_prepare_doc), 0 when no document is
                      given: DRP_DOC_* fields */
} drp_tokinfo;

#define DRP_TI_CAP (1u << 0)    /* starts with an upper-case letter */
#define DRP_TI_UPPER (1u << 1)  /* has letters and all are upper case */
#define DRP_TI_DIGIT (1u << 2)  /* has a digit */
#define DRP_TI_HYPHEN (1u << 3) /* has a hyphen inside */
#define DRP_TI_ALPHA (1u << 4)  /* has a letter */
#define DRP_TI_PERIOD (1u << 5) /* ends in '.' and is longer than one byte */
#define DRP_TI_LONG (1u << 6)   /* longer than 4 characters */
#define DRP_TI_GIVEN (1u << 16)  /* a given name the names lexicon knows */
#define DRP_TI_NONAME (1u << 17) /* a capitalised non-name (London, Indian) */
#define DRP_TI_HON (1u << 18)    /* an honorific or title (Mr., Colonel) */
#define DRP_TI_PNOUN (1u << 19)  /* a person noun (man, aunt, doctor) */
#define DRP_TI_LEX (DRP_TI_GIVEN | DRP_TI_NONAME | DRP_TI_HON | DRP_TI_PNOUN)

/* drp_tokinfo.doc: DRP_DOC_ON, then, over the other occurrences of the
 * same folded word in the document (the token itself left out), how many
 * are capitalised but not sentence-initial, how many lower case, how many
 * capitalised and sentence-initial (each 0, 1 or 2 for "two or more"), and
 * the token's own case (DRP_CASE_*). */
#define DRP_DOC_ON 1u
#define DRP_DOC_CMID(d) (((d) >> 1) & 3u)
#define DRP_DOC_LOWER(d) (((d) >> 3) & 3u)
#define DRP_DOC_CINIT(d) (((d) >> 5) & 3u)
#define DRP_DOC_CASE(d) (((d) >> 7) & 3u)
#define DRP_CASE_OTHER 0u /* starts with no letter */
#define DRP_CASE_LOWER 1u /* starts with a lower-case letter */
#define DRP_CASE_CMID 2u  /* capitalised, not sentence-initial */
#define DRP_CASE_CINIT 3u /* capitalised, sentence-initial */

/* The number of word classes (src/tagger_clusters.inc, learned from
 * unlabelled text by train/clusters.c) that drp_tokinfo.cl takes. */
unsigned drp_word_classes(void);
/* A checksum of the word-class table (32-bit FNV-1a over the little-endian
 * bytes of its hashes and classes, so every host computes the same; not
 * drp_model_checksum, which reads a file's bytes), recorded in every model
 * written and checked when one is opened. */
uint32_t drp_word_classes_checksum(void);

/* Fills info[0, n) from the tokens of one sentence.  No allocation. */
void drp_tagger_prepare(const drp_tspan *toks, size_t n, drp_tokinfo *info);

/* The same, with the sentence's UPOS classes pos[0, n) for the models
 * that read them (pos NULL: none, as drp_tagger_prepare). */
void drp_tagger_prepare_pos(const drp_tspan *toks, size_t n,
                            const uint8_t *pos, drp_tokinfo *info);

/* Document-level evidence (feature set 6): how each word of a document
 * is written across the whole document, counted in one pass over its
 * sentences before any is tagged.  A sentence-initial token is one with
 * no letter or digit before it in its sentence, or just after an opening
 * quote or a colon.  Owned by the caller; zero-initialise, then per
 * document: drp_tag_doc_clear, drp_tag_doc_add for each sentence (or
 * drp_tag_doc_count for a parsed document), and hand it to the tagger
 * (drp_tag_scratch.doc).  Free with drp_tag_doc_free. */
typedef struct drp_tag_doc {
  uint32_t *key;  /* open-addressing table of drp_hash_fold values (a hash
                     of 0 is stored as 1; 0 marks an empty slot) */
  uint16_t *cnt;  /* per slot: occurrences in case DRP_CASE_LOWER,
                     DRP_CASE_CMID, DRP_CASE_CINIT (saturating) */
  size_t n, cap;  /* slots used, slots (a power of two, 0 at first) */
} drp_tag_doc;

/* Forgets the words counted so far (a new document); keeps the table. */
void drp_tag_doc_clear(drp_tag_doc *d);
/* Counts the n tokens of one sentence of the document.  DR_OK or
 * DR_ENOMEM (the table could not grow; the counts are then partial). */
dr_status drp_tag_doc_add(drp_tag_doc *d, const drp_tspan *toks, size_t n);
/* Clears d, then counts every sentence of a parsed document (its
 * dramatis tokens), as drp_tag_doc_add does for each. */
dr_status drp_tag_doc_count(drp_tag_doc *d, const dr_doc *doc);
void drp_tag_doc_free(drp_tag_doc *d);

/* Sets info[0, n).doc for a prepared sentence of d's document (d NULL:
 * 0, no document features). */
void drp_tagger_prepare_doc(const drp_tag_doc *d, const drp_tspan *toks,
                            size_t n, drp_tokinfo *info);

/* The feature function, in two halves: the features that depend only on
 * the words (static), and those that involve the classes already chosen;
 * the tagger sums the static ones for a whole sentence first.  Training
 * uses drp_tagger_features, which is exactly the two concatenated. */
size_t drp_tagger_static_features(const drp_tokinfo *info, size_t n,
                                  size_t i, uint32_t *feats);
size_t drp_tagger_class_features(const drp_tokinfo *info, size_t n,
                                 size_t i, const uint8_t *tags,
                                 uint32_t *feats);

/* The same after the classes t2, t1 of the two tokens before i (a
 * decoding path's own history); before the first token they are
 * DRP_TAG_START1 (one before) and DRP_TAG_START2 (two before). */
#define DRP_TAG_START1 0xF1u
#define DRP_TAG_START2 0xF2u
size_t drp_tagger_class_features_after(const drp_tokinfo *info, size_t n,
                                       size_t i, uint32_t t2, uint32_t t1,
                                       uint32_t *feats);

/* THE feature function.  Writes (at most DRP_MAX_FEATURES) the feature hashes of position i (< n) of a
 * prepared sentence to feats (room for DRP_MAX_FEATURES) and returns how
 * many.  tags[0, i) are the classes already chosen for the earlier tokens
 * (a decoding path's own, at inference time and in training alike).  A feature's
 * bucket is hash & (n_buckets - 1). */
size_t drp_tagger_features(const drp_tokinfo *info, size_t n, size_t i,
                           const uint8_t *tags, uint32_t *feats);

/* Scratch space for tagging, owned by the caller (one per thread); grows
 * as needed.  Zero-initialise it; free with drp_tag_scratch_free. */
typedef struct drp_tag_scratch {
  drp_tokinfo *info; /* per-token hashes of the current sentence */
  drp_tspan *spans;  /* token spans (drp_tagger_tag_toks) */
  int32_t *scores;   /* static scores, DRP_MAX_CLASSES per token */
  uint8_t *beam;     /* decoding back-pointers, DRP_TAG_BEAM * 2 per token */
  const uint8_t *pos; /* when set: the sentence's UPOS classes, read by
                         drp_tagger_tag's features (drp_tagger_tag_pos) */
  uint8_t *posbuf;    /* drp_tagger_tag_pos's UPOS classes */
  const drp_tag_doc *doc; /* when set: the sentence's document, read by
                             the entity model's features (feature set 6;
                             drp_tagger_tag_pos keeps it from the POS
                             model) */
  size_t cap;        /* capacity of the five, in tokens */
} drp_tag_scratch;

void drp_tag_scratch_free(drp_tag_scratch *s);

/* Class sequences kept while decoding a sentence (beam search; 1 is
 * greedy). */
#ifndef DRP_TAG_BEAM
#define DRP_TAG_BEAM 8
#endif

/* A kept class sequence: its total score, its last two classes
 * (DRP_TAG_START* before the first token) and, in training, whether it is
 * the gold prefix. */
typedef struct drp_beam_live {
  int64_t total;
  uint32_t t1, t2;
  bool gold;
} drp_beam_live;

/* Keeps a sequence that ends in classes (t2, c) with total tot in the
 * row to[0, *nn) of at most DRP_TAG_BEAM sequences: in its state's slot
 * if it beats the one there (sequences ending in the same two classes
 * are one state), else in a free slot, else in the worst one's if it
 * beats it.  *worst is the worst slot once the row is full (the caller
 * starts it at 0).  Returns the slot, total and classes written, or -1
 * when the sequence is not kept.  Decoding (tagger.c) and training
 * (train_tagger.c) share it so that they search alike. */
static inline int drp_beam_place(drp_beam_live *to, unsigned *nn,
                                 unsigned *worst, int64_t tot, uint32_t c,
                                 uint32_t t2) {
  if (*nn == DRP_TAG_BEAM && tot <= to[*worst].total)
    return -1; /* below every kept sequence, its own state's too */
  unsigned at = *nn;
  for (unsigned b = 0; b < *nn; b++)
    if (to[b].t1 == c && to[b].t2 == t2) {
      at = b;
      break;
    }
  if (at < *nn) {
    if (tot <= to[at].total)
      return -1;
  } else if (*nn < DRP_TAG_BEAM) {
    (*nn)++;
  } else {
    at = *worst;
  }
  to[at].total = tot;
  to[at].t1 = c;
  to[at].t2 = t2;
  if (*nn == DRP_TAG_BEAM) {
    *worst = 0;
    for (unsigned b = 1; b < *nn; b++)
      if (to[b].total < to[*worst].total)
        *worst = b;
  }
  return (int)at;
}

/* Tags one sentence of n tokens: writes a class id per token to tags[0, n).
 * BIO models (class names "O", "B-X", "I-X") never produce I-X after
 * anything but B-X or I-X.  Returns DR_OK, or DR_ENOMEM (the scratch could
 * not grow; tags are then unspecified). */
dr_status drp_tagger_tag(const drp_model *m, const drp_tspan *toks, size_t n,
                         uint8_t *tags, drp_tag_scratch *s);

/* Tags with a model that reads UPOS classes (the entity model: feature
 * set 4): the sentence is tagged by pos (the POS model) first and its
 * classes feed m's features.  With pos NULL this is drp_tagger_tag. */
dr_status drp_tagger_tag_pos(const drp_model *pos, const drp_model *m,
                             const drp_tspan *toks, size_t n, uint8_t *tags,
                             drp_tag_scratch *s);

/* Same for dramatis tokens: toks[0, n) of a document whose text is text;
 * pos as for drp_tagger_tag_pos (NULL for the POS model itself). */
struct drp_tok;
dr_status drp_tagger_tag_toks(const drp_model *pos, const drp_model *m,
                              const char *text, const struct drp_tok *toks,
                              size_t n, uint8_t *tags, drp_tag_scratch *s);

/* Fills ok[(nc + 1) * nc] with the allowed transitions: ok[p * nc + c] is 1
 * when class c may follow class p (p == nc: the sentence start).  When the
 * names are BIO ("O", "B-X", "I-X"), I-X may only follow B-X or I-X; other
 * class sets allow everything. */
void drp_tagger_bio(const char *const *classes, unsigned nc, uint8_t *ok);

/* An entity span read off BIO classes: tokens [start, end) and the class
 * id of its B- class (which names the type). */
typedef struct drp_ent {
  uint32_t start, end;
  uint8_t type;
} drp_ent;

/* Reads the entities off tags[0, n) (class ids into classes[0, nc)) into
 * out (room for n) and returns how many, conlleval-style: B-X starts an
 * entity, I-X continues one of type X and otherwise starts one, O ends
 * one.  Classes that are not B-X/I-X end an entity too. */
size_t drp_bio_spans(const char *const *classes, unsigned nc,
                     const uint8_t *tags, size_t n, drp_ent *out);

/* The outermost entities of a layered BIO annotation (LitBank's TSV puts
 * the innermost entity of a token in the first label column and the
 * entities around it in the next ones).  layers[i * n_layers + l] is the
 * class of token i in layer l.  Writes BIO classes of the outermost
 * entities -- those in no other; of two crossing ones the earlier, then the
 * longer, wins -- to out[0, n).  ents needs room for n * n_layers and col
 * for n.  Returns the number of outermost entities. */
size_t drp_bio_outermost(const char *const *classes, unsigned nc,
                         const uint8_t *layers, size_t n, unsigned n_layers,
                         uint8_t *out, drp_ent *ents, uint8_t *col);

#endif /* DRAMATIS_TAGGER_H */
