/*
 * train_tagger.c -- trains the tagging core's models (src/tagger.h).
 *
 *   train_tagger pos [options] TRAIN.conllu DEV.conllu TEST.conllu
 *   train_tagger ner [options] DIR        (LitBank entities/tsv)
 *   train_tagger ner-cv [options] DIR     (k-fold cross-validation only)
 *   train_tagger bench MODEL DIR          (tag PDNC novels: tokens/s)
 *   train_tagger clusters [options] FILE...  (word classes; see clusters.c)
 *
 * options: -o FILE (write the model), --epochs N, --buckets LOG2,
 *          --seed S, --folds K, --pos-model FILE (ner: the POS model whose
 *          classes the entity model reads; see drp_tagger_tag_pos),
 *          --classes K, --min-count N (clusters: K classes for the words
 *          seen at least N times), --dump FILE (ner-cv: each test token
 *          with its gold and predicted class, a blank line per sentence)
 *
 * 1. Load.  CoNLL-U: the FORM and UPOS of each syntactic word (multiword
 *    token ranges and empty nodes are skipped), one sentence per block.
 *    LitBank TSV: the token and its label columns, one sentence per block;
 *    files sorted by name.  The first column holds a token's innermost
 *    entity ("Mr." in "Mr. Darcy"), later ones the entities around it; the
 *    gold classes are the outermost entities (drp_bio_outermost).
 * 2. Train an averaged structured perceptron over hashed features with
 *    the search the library decodes with (train_sentence_beam): each
 *    sentence (in an order shuffled per epoch by a fixed-seed xorshift) is
 *    decoded by beam search over DRP_TAG_BEAM class sequences with the
 *    current weights and the same feature function and BIO constraint the
 *    library uses (drp_tagger_features, drp_tagger_bio).  As soon as the
 *    gold prefix is no longer among the kept sequences, or at the end if
 *    the best is not gold, the gold prefix's features move by +1 and the
 *    best sequence's by -1, each position under its own history (early
 *    update, Collins and Roark 2004).  The gold sequence may break the BIO
 *    constraint (it is kept anyway: a gold class that could never be
 *    reached would see its weights grow without bound -- that mistake
 *    once cost LitBank F1 0.17).  With DRP_TAG_BEAM 1, the greedy trainer
 *    (train_sentence) updates each position on its own.  Averages use
 *    the u += t * delta trick: avg = w - u / t.
 * 3. Quantise the averages to int16 in [-DRP_W_MAX, DRP_W_MAX] (scale =
 *    max |w| / DRP_W_MAX) and build an
 *    in-memory drp_model, so every score printed is that of the exact model
 *    that ships, tagged by drp_tagger_tag.
 * 4. Report.  pos: UPOS accuracy on dev after every epoch, then on test.
 *    ner-cv: fold f tests on works i with i % K == f and trains on the
 *    rest (no work in both); exact-span P/R/F1 per type and micro, pooled
 *    over the folds, plus PER F1 per fold.  ner: trains on every work.
 * 5. Write the model (drp_model_write) with its data and command string.
 *
 * Deterministic: same data, options and seed give the same bytes.
 */

#include "clusters.h"
#include "internal.h"
#include "tagger.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------ */
/* Data                                                                      */
/* ------------------------------------------------------------------------ */

static const char *const UPOS[] = {
    "ADJ",   "ADP",   "ADV",  "AUX",   "CCONJ", "DET",  "INTJ", "NOUN", "NUM",
    "PART",  "PRON",  "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};
static const char *const ENT[] = {"O",     "B-PER", "I-PER", "B-LOC", "I-LOC",
                                  "B-FAC", "I-FAC", "B-GPE", "I-GPE", "B-ORG",
                                  "I-ORG", "B-VEH", "I-VEH"};
#define N_UPOS (sizeof UPOS / sizeof *UPOS)
#define N_ENT (sizeof ENT / sizeof *ENT)

typedef struct {
  size_t first, n; /* token range */
  unsigned work;   /* file index (LitBank) */
} sent;

typedef struct {
  char *text;       /* all token bytes, NUL-separated */
  size_t text_len, text_cap;
  size_t *off;      /* token i: text + off[i] */
  uint32_t *len;
  uint8_t *gold;
  size_t n_toks, cap_toks;
  sent *sents;
  size_t n_sents, cap_sents;
  unsigned n_works;
  char **work_names;
  uint8_t *layers;  /* LitBank: N_LAYERS label classes per token */
  size_t layers_cap;
  uint8_t *pos;     /* per token: UPOS class by the POS model, or NULL */
  drp_tag_doc *docs; /* LitBank: each work's document evidence, or NULL */
} corpus;

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    fprintf(stderr, "train_tagger: out of memory\n");
    exit(1);
  }
  return q;
}

static void add_token(corpus *c, const char *s, size_t n, uint8_t gold) {
  if (c->text_len + n + 1 > c->text_cap) {
    c->text_cap = (c->text_len + n + 1) * 2;
    c->text = xrealloc(c->text, c->text_cap);
  }
  if (c->n_toks == c->cap_toks) {
    c->cap_toks = c->cap_toks ? c->cap_toks * 2 : 4096;
    c->off = xrealloc(c->off, c->cap_toks * sizeof *c->off);
    c->len = xrealloc(c->len, c->cap_toks * sizeof *c->len);
    c->gold = xrealloc(c->gold, c->cap_toks);
  }
  memcpy(c->text + c->text_len, s, n);
  c->text[c->text_len + n] = '\0';
  c->off[c->n_toks] = c->text_len;
  c->len[c->n_toks] = (uint32_t)n;
  c->gold[c->n_toks] = gold;
  c->n_toks++;
  c->text_len += n + 1;
}

/* Closes the sentence that started at token `first`, if it has tokens. */
static void end_sent(corpus *c, size_t first, unsigned work) {
  if (c->n_toks == first)
    return;
  if (c->n_sents == c->cap_sents) {
    c->cap_sents = c->cap_sents ? c->cap_sents * 2 : 1024;
    c->sents = xrealloc(c->sents, c->cap_sents * sizeof *c->sents);
  }
  c->sents[c->n_sents++] = (sent){first, c->n_toks - first, work};
}

static void free_corpus(corpus *c) {
  free(c->text);
  free(c->off);
  free(c->len);
  free(c->gold);
  free(c->sents);
  free(c->layers);
  free(c->pos);
  if (c->docs)
    for (unsigned i = 0; i < c->n_works; i++)
      drp_tag_doc_free(&c->docs[i]);
  free(c->docs);
  for (unsigned i = 0; i < c->n_works; i++)
    free(c->work_names[i]);
  free(c->work_names);
  memset(c, 0, sizeof *c);
}

static int class_of(const char *const *names, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(names[i], s) == 0)
      return (int)i;
  return -1;
}

/* Splits line (modified in place) at tabs into at most max fields. */
static size_t split_tabs(char *line, char **f, size_t max) {
  size_t k = 0;
  f[k++] = line;
  for (char *p = line; *p && k < max; p++)
    if (*p == '\t') {
      *p = '\0';
      f[k++] = p + 1;
    }
  return k;
}

static void chomp(char *s) {
  size_t n = strlen(s);
  while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
    s[--n] = '\0';
}

static void load_conllu(corpus *c, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "train_tagger: %s: %s\n", path, strerror(errno));
    exit(1);
  }
  char *line = NULL;
  size_t cap = 0, first = c->n_toks, lineno = 0;
  while (getline(&line, &cap, f) >= 0) {
    lineno++;
    chomp(line);
    if (!line[0]) {
      end_sent(c, first, 0);
      first = c->n_toks;
      continue;
    }
    if (line[0] == '#')
      continue;
    char *fl[10];
    if (split_tabs(line, fl, 10) < 4) {
      fprintf(stderr, "train_tagger: %s:%zu: too few columns\n", path,
              lineno);
      exit(1);
    }
    if (strchr(fl[0], '-') || strchr(fl[0], '.'))
      continue; /* multiword token range or empty node */
    int t = class_of(UPOS, N_UPOS, fl[3]);
    if (t < 0) {
      fprintf(stderr, "train_tagger: %s:%zu: unknown UPOS %s\n", path,
              lineno, fl[3]);
      exit(1);
    }
    add_token(c, fl[1], strlen(fl[1]), (uint8_t)t);
  }
  end_sent(c, first, 0);
  free(line);
  fclose(f);
}

/* LitBank label layers of the tokens of the current sentence. */
#define N_LAYERS 4

static void layers_push(corpus *c, char **labels, size_t n) {
  size_t i = c->n_toks - 1;
  if ((i + 1) * N_LAYERS > c->layers_cap) {
    c->layers_cap = (i + 1) * N_LAYERS * 2;
    c->layers = xrealloc(c->layers, c->layers_cap);
  }
  for (size_t l = 0; l < N_LAYERS; l++) {
    int t = l < n ? class_of(ENT, N_ENT, labels[l]) : 0;
    c->layers[i * N_LAYERS + l] = (uint8_t)(t < 0 ? 0 : t);
  }
}

/* Gold classes of the sentence that starts at token first: its outermost
 * entities. */
static void litbank_outermost(corpus *c, size_t first) {
  size_t n = c->n_toks - first;
  if (!n)
    return;
  drp_ent *ents = xrealloc(NULL, n * N_LAYERS * sizeof *ents);
  uint8_t *col = xrealloc(NULL, n);
  drp_bio_outermost(ENT, N_ENT, c->layers + first * N_LAYERS, n, N_LAYERS,
                    c->gold + first, ents, col);
  free(ents);
  free(col);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_litbank(corpus *c, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "train_tagger: %s: %s\n", dir, strerror(errno));
    exit(1);
  }
  char **names = NULL;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l > 4 && strcmp(e->d_name + l - 4, ".tsv") == 0) {
      names = xrealloc(names, (n + 1) * sizeof *names);
      names[n++] = strdup(e->d_name);
    }
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_str);
  c->work_names = names;
  c->n_works = (unsigned)n;
  char *line = NULL;
  size_t cap = 0;
  for (unsigned w = 0; w < n; w++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[w]);
    FILE *f = fopen(path, "r");
    if (!f) {
      fprintf(stderr, "train_tagger: %s: %s\n", path, strerror(errno));
      exit(1);
    }
    size_t first = c->n_toks;
    while (true) {
      bool eof = getline(&line, &cap, f) < 0;
      if (!eof)
        chomp(line);
      if (eof || !line[0]) {
        litbank_outermost(c, first);
        end_sent(c, first, w);
        first = c->n_toks;
        if (eof)
          break;
        continue;
      }
      char *fl[8];
      size_t k = split_tabs(line, fl, 8);
      if (!fl[0][0])
        continue;
      add_token(c, fl[0], strlen(fl[0]), 0);
      layers_push(c, fl + 1, k - 1);
    }
    fclose(f);
  }
  free(line);
}

/* ------------------------------------------------------------------------ */
/* Perceptron                                                                */
/* ------------------------------------------------------------------------ */

typedef struct {
  unsigned nc;
  const char *const *classes;
  uint32_t nb, mask;
  int32_t *w;  /* current weights */
  int64_t *u;  /* sum of t * delta */
  int64_t t;   /* examples seen */
  uint8_t ok[(DRP_MAX_CLASSES + 1) * DRP_MAX_CLASSES];
} perceptron;

typedef struct {
  drp_tspan *spans;
  drp_tokinfo *info;
  uint8_t *tags;
  uint8_t *beam; /* train_sentence_beam's back-pointers */
  drp_ent *ents, *gents;
  size_t cap;
} work_buf;

static void wb_reserve(work_buf *b, size_t n) {
  if (n <= b->cap)
    return;
  b->cap = n * 2;
  b->spans = xrealloc(b->spans, b->cap * sizeof *b->spans);
  b->info = xrealloc(b->info, b->cap * sizeof *b->info);
  b->tags = xrealloc(b->tags, b->cap);
  b->beam = xrealloc(b->beam, b->cap * DRP_TAG_BEAM * 2);
  b->ents = xrealloc(b->ents, b->cap * sizeof *b->ents);
  b->gents = xrealloc(b->gents, b->cap * sizeof *b->gents);
}

static void wb_free(work_buf *b) {
  free(b->spans);
  free(b->info);
  free(b->tags);
  free(b->beam);
  free(b->ents);
  free(b->gents);
}

static void sent_spans(const corpus *c, const sent *s, drp_tspan *sp) {
  for (size_t i = 0; i < s->n; i++) {
    sp[i].s = c->text + c->off[s->first + i];
    sp[i].len = c->len[s->first + i];
  }
}

/* Adds the current weights of features feats[0, nf) to sc[0, nc). */
static void add_weights(const perceptron *p, const uint32_t *feats,
                        size_t nf, int64_t *sc) {
  for (size_t j = 0; j < nf; j++) {
    const int32_t *row = p->w + (size_t)(feats[j] & p->mask) * p->nc;
    for (unsigned k = 0; k < p->nc; k++)
      sc[k] += row[k];
  }
}

/* Adds d to class k's weights of features feats[0, nf) (averaged). */
static void bump(perceptron *p, const uint32_t *feats, size_t nf, unsigned k,
                 int d) {
  for (size_t j = 0; j < nf; j++) {
    size_t r = (size_t)(feats[j] & p->mask) * p->nc + k;
    p->w[r] += d;
    p->u[r] += d * p->t;
  }
}

/* Fills b with sentence s's spans and token info (with the corpus's UPOS
 * classes, when it has them). */
static void prepare_sentence(const corpus *c, const sent *s, work_buf *b) {
  wb_reserve(b, s->n);
  sent_spans(c, s, b->spans);
  drp_tagger_prepare_pos(b->spans, s->n, c->pos ? c->pos + s->first : NULL,
                         b->info);
  if (c->docs)
    drp_tagger_prepare_doc(&c->docs[s->work], b->spans, s->n, b->info);
}

static void train_sentence(perceptron *p, const corpus *c, const sent *s,
                           work_buf *b) {
  unsigned nc = p->nc;
  prepare_sentence(c, s, b);
  const uint8_t *gold = c->gold + s->first;
  uint32_t feats[DRP_MAX_FEATURES];
  int64_t sc[DRP_MAX_CLASSES];
  unsigned prev = nc;
  for (size_t i = 0; i < s->n; i++) {
    size_t nf = drp_tagger_features(b->info, s->n, i, b->tags, feats);
    for (unsigned k = 0; k < nc; k++)
      sc[k] = 0;
    add_weights(p, feats, nf, sc);
    const uint8_t *ok = p->ok + (size_t)prev * nc;
    unsigned best = 0;
    int64_t bs = INT64_MIN;
    for (unsigned k = 0; k < nc; k++)
      if (ok[k] && sc[k] > bs) {
        bs = sc[k];
        best = k;
      }
    p->t++;
    unsigned g = gold[i];
    /* A gold class the constraint forbids after the predicted one (I-X
     * after a missed B-X) cannot be reached: updating towards it would only
     * grow its weights without bound, so the position is skipped. */
    if (best != g && ok[g]) {
      bump(p, feats, nf, g, +1);
      bump(p, feats, nf, best, -1);
    }
    b->tags[i] = (uint8_t)best;
    prev = best;
  }
}

/* Structured perceptron with beam search and early update (Collins and
 * Roark 2004), for DRP_TAG_BEAM > 1: the sentence is decoded as
 * drp_tagger_tag decodes it; as soon as no kept sequence is the gold
 * prefix (or at the end, if the best is not gold), the gold prefix's
 * features gain and the best sequence's lose, each under its own
 * history. */
static void train_sentence_beam(perceptron *p, const corpus *c,
                                const sent *s, work_buf *b) {
  unsigned nc = p->nc;
  size_t n = s->n;
  prepare_sentence(c, s, b);
  const uint8_t *gold = c->gold + s->first;
  uint32_t feats[DRP_MAX_FEATURES];
  int64_t st[DRP_MAX_CLASSES], sc[DRP_MAX_CLASSES];
  drp_beam_live rows[2][DRP_TAG_BEAM];
  unsigned nb = 1;
  rows[0][0] = (drp_beam_live){0, DRP_TAG_START1, DRP_TAG_START2, true};
  size_t stop = n; /* last position decoded */
  for (size_t i = 0; i < n; i++) {
    drp_beam_live *from = rows[i & 1], *to = rows[(i & 1) ^ 1];
    uint8_t *bp = b->beam + i * DRP_TAG_BEAM * 2;
    size_t ns = drp_tagger_static_features(b->info, n, i, feats);
    for (unsigned k = 0; k < nc; k++)
      st[k] = 0;
    add_weights(p, feats, ns, st);
    unsigned nn = 0, worst = 0;
    bool any_gold = false;
    for (unsigned e = 0; e < nb; e++) {
      size_t nf = drp_tagger_class_features_after(b->info, n, i, from[e].t2,
                                                  from[e].t1, feats);
      memcpy(sc, st, nc * sizeof *sc);
      add_weights(p, feats, nf, sc);
      unsigned pc = from[e].t1 < nc ? from[e].t1 : nc;
      const uint8_t *ok = p->ok + (size_t)pc * nc;
      for (unsigned k = 0; k < nc; k++) {
        bool g = from[e].gold && k == gold[i];
        if (!ok[k] && !g) /* gold may break the constraint: keep it */
          continue;
        int at = drp_beam_place(to, &nn, &worst, from[e].total + sc[k], k,
                                from[e].t1);
        if (at < 0)
          continue;
        to[at].gold = g;
        bp[at * 2] = (uint8_t)k;
        bp[at * 2 + 1] = (uint8_t)e;
      }
    }
    nb = nn;
    for (unsigned x = 0; x < nb; x++)
      any_gold |= to[x].gold;
    p->t++;
    if (!any_gold) {
      stop = i;
      break;
    }
  }
  /* The best sequence up to stop (inclusive), back to front. */
  size_t last = stop < n ? stop : n - 1;
  const drp_beam_live *end = rows[(last & 1) ^ 1];
  unsigned best = 0;
  for (unsigned x = 1; x < nb; x++)
    if (end[x].total > end[best].total)
      best = x;
  if (stop == n && end[best].gold)
    return;
  for (size_t i = last + 1; i-- > 0;) {
    const uint8_t *bp = b->beam + i * DRP_TAG_BEAM * 2;
    b->tags[i] = bp[best * 2];
    best = bp[best * 2 + 1];
  }
  for (size_t i = 0; i <= last; i++) {
    size_t nf = drp_tagger_features(b->info, n, i, gold, feats);
    bump(p, feats, nf, gold[i], +1);
    nf = drp_tagger_features(b->info, n, i, b->tags, feats);
    bump(p, feats, nf, b->tags[i], -1);
  }
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Averages and quantises p into q (nb * nc int16); returns the scale.  The
 * scale maps the CLIP_QUANTILE quantile of the non-zero |weights| to
 * DRP_W_MAX and clips the few above it (1.0: the maximum, no clipping --
 * the large weights matter: clipping even 0.01% of them costs LitBank
 * F1 dearly). */
#define CLIP_QUANTILE 1.0
static float quantise(const perceptron *p, int16_t *q) {
  size_t nw = (size_t)p->nb * p->nc, nz = 0;
  double t = (double)(p->t ? p->t : 1);
  double *a = xrealloc(NULL, nw * sizeof *a);
  for (size_t i = 0; i < nw; i++) {
    double v = fabs((double)p->w[i] - (double)p->u[i] / t);
    if (v > 0)
      a[nz++] = v;
  }
  double clip = 1;
  if (nz) {
    qsort(a, nz, sizeof *a, cmp_double);
    clip = a[(size_t)((double)(nz - 1) * CLIP_QUANTILE)];
  }
  free(a);
  double scale = clip > 0 ? clip / DRP_W_MAX : 1.0;
  for (size_t i = 0; i < nw; i++) {
    double v = ((double)p->w[i] - (double)p->u[i] / t) / scale;
    long r = lround(v);
    if (r > DRP_W_MAX)
      r = DRP_W_MAX;
    if (r < -DRP_W_MAX)
      r = -DRP_W_MAX;
    q[i] = (int16_t)r;
  }
  return (float)scale;
}

/* An in-memory model over quantised weights, as the library would load. */
static void make_model(drp_model *m, const perceptron *p, const int16_t *q,
                       float scale) {
  memset(m, 0, sizeof *m);
  m->w = q;
  m->mask = p->mask;
  m->nc = p->nc;
  m->scale = scale;
  m->stage = m->data = m->command = "";
  for (unsigned c = 0; c < p->nc; c++)
    m->classes[c] = p->classes[c];
  drp_tagger_bio(m->classes, m->nc, m->ok);
}

static uint64_t rng_next(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}

/* Sentence indices to train on, in a per-epoch shuffled order. */
static void shuffle(size_t *idx, size_t n, uint64_t *rng) {
  for (size_t i = n; i > 1; i--) {
    size_t j = (size_t)(rng_next(rng) % i);
    size_t t = idx[i - 1];
    idx[i - 1] = idx[j];
    idx[j] = t;
  }
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                                */
/* ------------------------------------------------------------------------ */

typedef struct {
  size_t correct, total;               /* token accuracy */
  size_t tp[N_ENT], gold[N_ENT], pred[N_ENT]; /* per B- class */
} score;

/* ner-cv --dump FILE: every test token with its gold and predicted class. */
static FILE *g_dump;

static void eval_sentence(const drp_model *m, const corpus *c, const sent *s,
                          work_buf *b, drp_tag_scratch *scr, score *sc) {
  wb_reserve(b, s->n);
  sent_spans(c, s, b->spans);
  scr->pos = c->pos ? c->pos + s->first : NULL;
  scr->doc = c->docs ? &c->docs[s->work] : NULL;
  if (drp_tagger_tag(m, b->spans, s->n, b->tags, scr) != DR_OK) {
    fprintf(stderr, "train_tagger: out of memory\n");
    exit(1);
  }
  const uint8_t *gold = c->gold + s->first;
  for (size_t i = 0; i < s->n; i++)
    sc->correct += b->tags[i] == gold[i];
  if (g_dump) {
    for (size_t i = 0; i < s->n; i++)
      fprintf(g_dump, "%s\t%s\t%s\n", c->text + c->off[s->first + i],
              m->classes[gold[i]], m->classes[b->tags[i]]);
    fprintf(g_dump, "\n");
  }
  sc->total += s->n;
  if (m->nc != N_ENT)
    return;
  size_t np = drp_bio_spans(m->classes, m->nc, b->tags, s->n, b->ents);
  size_t ng = drp_bio_spans(m->classes, m->nc, gold, s->n, b->gents);
  for (size_t i = 0; i < np; i++)
    sc->pred[b->ents[i].type]++;
  for (size_t i = 0; i < ng; i++)
    sc->gold[b->gents[i].type]++;
  for (size_t i = 0, j = 0; i < np && j < ng;) {
    const drp_ent *x = &b->ents[i], *y = &b->gents[j];
    if (x->start == y->start && x->end == y->end) {
      sc->tp[x->type] += x->type == y->type;
      i++, j++;
    } else if (x->start < y->start ||
               (x->start == y->start && x->end < y->end)) {
      i++;
    } else {
      j++;
    }
  }
}

static double f1(size_t tp, size_t g, size_t p) {
  double pr = p ? (double)tp / (double)p : 0, rc = g ? (double)tp / (double)g
                                                     : 0;
  return pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
}

static void print_ner(const score *s) {
  printf("  %-6s %6s %6s %6s %7s %7s %7s\n", "type", "gold", "pred", "tp",
         "P", "R", "F1");
  size_t tp = 0, g = 0, p = 0;
  for (unsigned c = 1; c < N_ENT; c += 2) {
    printf("  %-6s %6zu %6zu %6zu %7.4f %7.4f %7.4f\n", ENT[c] + 2, s->gold[c],
           s->pred[c], s->tp[c], s->pred[c] ? (double)s->tp[c] / s->pred[c] : 0,
           s->gold[c] ? (double)s->tp[c] / s->gold[c] : 0,
           f1(s->tp[c], s->gold[c], s->pred[c]));
    tp += s->tp[c];
    g += s->gold[c];
    p += s->pred[c];
  }
  printf("  %-6s %6zu %6zu %6zu %7.4f %7.4f %7.4f\n", "micro", g, p, tp,
         p ? (double)tp / p : 0, g ? (double)tp / g : 0, f1(tp, g, p));
  printf("  token accuracy %.4f\n",
         s->total ? (double)s->correct / s->total : 0);
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct {
  const char *out;
  unsigned epochs, log2_buckets, folds;
  uint64_t seed;
  bool verbose;
  bool final; /* pos: ship a model trained on train + dev */
  const char *pos_model; /* ner: the POS model whose classes it reads */
  unsigned classes, min_count; /* clusters */
} options;

/* Trains on every sentence of c; reports dev accuracy (after every epoch
 * with --verbose, else after the last) when dev is given.  Returns the
 * quantised weights (caller frees) and stores the scale. */
static int16_t *train(const corpus *c, unsigned nc,
                      const char *const *classes, const options *o,
                      const corpus *dev, float *scale_out) {
  perceptron p = {0};
  p.nc = nc;
  p.classes = classes;
  p.nb = 1u << o->log2_buckets;
  p.mask = p.nb - 1;
  size_t nw = (size_t)p.nb * nc;
  p.w = calloc(nw, sizeof *p.w);
  p.u = calloc(nw, sizeof *p.u);
  int16_t *q = malloc(nw * sizeof *q);
  size_t *idx = malloc((c->n_sents ? c->n_sents : 1) * sizeof *idx);
  if (!p.w || !p.u || !q || !idx) {
    fprintf(stderr, "train_tagger: out of memory\n");
    exit(1);
  }
  drp_tagger_bio(classes, nc, p.ok);
  size_t n = c->n_sents;
  for (size_t i = 0; i < n; i++)
    idx[i] = i;
  uint64_t rng = o->seed ? o->seed : 1;
  work_buf b = {0};
  drp_tag_scratch scr = {0};
  float scale = 1;
  for (unsigned ep = 0; ep < o->epochs; ep++) {
    shuffle(idx, n, &rng);
    for (size_t k = 0; k < n; k++)
      if (DRP_TAG_BEAM > 1)
        train_sentence_beam(&p, c, &c->sents[idx[k]], &b);
      else
        train_sentence(&p, c, &c->sents[idx[k]], &b);
    if (dev && (o->verbose || ep + 1 == o->epochs)) {
      scale = quantise(&p, q);
      drp_model m;
      make_model(&m, &p, q, scale);
      score s = {0};
      for (size_t i = 0; i < dev->n_sents; i++)
        eval_sentence(&m, dev, &dev->sents[i], &b, &scr, &s);
      printf("  epoch %2u: dev accuracy %.4f\n", ep + 1,
             (double)s.correct / (double)s.total);
      fflush(stdout);
    }
  }
  scale = quantise(&p, q);
  *scale_out = scale;
  free(p.w);
  free(p.u);
  free(idx);
  wb_free(&b);
  drp_tag_scratch_free(&scr);
  return q;
}

static void write_model(const options *o, const char *stage,
                        const char *data, const char *cmd, unsigned nc,
                        const char *const *classes, const int16_t *q,
                        float scale) {
  drp_model_spec sp = {stage, data, cmd, nc, classes,
                       1u << o->log2_buckets, scale, q};
  char err[256];
  if (drp_model_write(o->out, &sp, err, sizeof err) != DR_OK) {
    fprintf(stderr, "train_tagger: %s\n", err);
    exit(1);
  }
  printf("wrote %s\n", o->out);
}

static void command_string(int argc, char **argv, char *buf, size_t n) {
  size_t k = 0;
  buf[0] = '\0';
  for (int i = 0; i < argc && k + 1 < n; i++) {
    /* Paths are recorded as given; only the program's base name. */
    const char *a = argv[i];
    if (i == 0) {
      const char *sl = strrchr(a, '/');
      a = sl ? sl + 1 : a;
    }
    int w = snprintf(buf + k, n - k, "%s%s", i ? " " : "", a);
    if (w < 0 || (size_t)w >= n - k)
      break;
    k += (size_t)w;
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmd_pos(const options *o, char **pos, int npos, const char *cmd) {
  if (npos != 3) {
    fprintf(stderr, "usage: train_tagger pos [-o FILE] TRAIN DEV TEST\n");
    return 2;
  }
  corpus tr = {0}, dv = {0}, te = {0};
  load_conllu(&tr, pos[0]);
  load_conllu(&dv, pos[1]);
  load_conllu(&te, pos[2]);
  printf("pos: %zu train sentences (%zu tokens), %zu dev, %zu test; "
         "2^%u buckets, %u epochs\n",
         tr.n_sents, tr.n_toks, dv.n_sents, te.n_sents, o->log2_buckets,
         o->epochs);
  float scale;
  double t0 = now();
  int16_t *q = train(&tr, N_UPOS, UPOS, o, &dv, &scale);
  if (o->final) {
    /* The shipped model: the epochs chosen on dev, then trained on train
     * and dev together; test stays unseen. */
    printf("pos: dev accuracy above is train-only; retraining on "
           "train+dev\n");
    free(q);
    load_conllu(&tr, pos[1]);
    q = train(&tr, N_UPOS, UPOS, o, NULL, &scale);
  }
  perceptron p = {.nc = N_UPOS, .classes = UPOS, .nb = 1u << o->log2_buckets,
                  .mask = (1u << o->log2_buckets) - 1};
  drp_model m;
  make_model(&m, &p, q, scale);
  score s = {0};
  work_buf b = {0};
  drp_tag_scratch scr = {0};
  for (size_t i = 0; i < te.n_sents; i++)
    eval_sentence(&m, &te, &te.sents[i], &b, &scr, &s);
  printf("pos: EWT test UPOS accuracy %.4f (%zu/%zu tokens); trained in "
         "%.1f s\n",
         (double)s.correct / s.total, s.correct, s.total, now() - t0);
  if (o->out)
    write_model(o, "pos",
                o->final ? "UD_English-EWT train+dev (en_ewt-ud-train.conllu, "
                           "en_ewt-ud-dev.conllu), CC BY-SA 4.0"
                         : "UD_English-EWT train (en_ewt-ud-train.conllu), "
                           "CC BY-SA 4.0",
                cmd,
                N_UPOS, UPOS, q, scale);
  free(q);
  wb_free(&b);
  drp_tag_scratch_free(&scr);
  free_corpus(&tr);
  free_corpus(&dv);
  free_corpus(&te);
  return 0;
}

static int cmd_ner(const options *o, char **pos, int npos, bool cv,
                   const char *cmd) {
  if (npos != 1) {
    fprintf(stderr, "usage: train_tagger ner|ner-cv [-o FILE] DIR\n");
    return 2;
  }
  corpus c = {0};
  load_litbank(&c, pos[0]);
  if (o->pos_model) {
    /* The entity model reads the UPOS classes the POS model gives (it was
     * trained on EWT, none of these works): tag every sentence once. */
    drp_model *pm = NULL;
    char err[256];
    if (drp_model_open(o->pos_model, &pm, err, sizeof err) != DR_OK) {
      fprintf(stderr, "train_tagger: %s\n", err);
      return 1;
    }
    c.pos = xrealloc(NULL, c.n_toks ? c.n_toks : 1);
    work_buf pb = {0};
    drp_tag_scratch ps = {0};
    for (size_t i = 0; i < c.n_sents; i++) {
      const sent *s = &c.sents[i];
      wb_reserve(&pb, s->n);
      sent_spans(&c, s, pb.spans);
      if (drp_tagger_tag(pm, pb.spans, s->n, c.pos + s->first, &ps) != DR_OK)
        return 1;
    }
    drp_tag_scratch_free(&ps);
    wb_free(&pb);
    drp_model_free(pm);
  }
  /* Each work is a document: count how its words are written, once,
   * before any sentence is tagged (feature set 6). */
  c.docs = xrealloc(NULL, (c.n_works ? c.n_works : 1) * sizeof *c.docs);
  memset(c.docs, 0, (c.n_works ? c.n_works : 1) * sizeof *c.docs);
  {
    work_buf db = {0};
    for (size_t i = 0; i < c.n_sents; i++) {
      const sent *s = &c.sents[i];
      wb_reserve(&db, s->n);
      sent_spans(&c, s, db.spans);
      if (drp_tag_doc_add(&c.docs[s->work], db.spans, s->n) != DR_OK) {
        fprintf(stderr, "train_tagger: out of memory\n");
        return 1;
      }
    }
    wb_free(&db);
  }
  printf("ner: %u works, %zu sentences, %zu tokens; 2^%u buckets, %u "
         "epochs\n",
         c.n_works, c.n_sents, c.n_toks, o->log2_buckets, o->epochs);
  if (cv) {
    score all = {0};
    work_buf b = {0};
    drp_tag_scratch scr = {0};
    double t0 = now();
    for (unsigned f = 0; f < o->folds; f++) {
      /* Test on works w with w % folds == f; train on a view of the
       * corpus holding only the other works' sentences. */
      corpus tr = c;
      sent *ss = malloc(c.n_sents * sizeof *ss);
      size_t nt = 0;
      for (size_t i = 0; i < c.n_sents; i++)
        if (c.sents[i].work % o->folds != f)
          ss[nt++] = c.sents[i];
      tr.sents = ss;
      tr.n_sents = nt;
      float scale;
      int16_t *q = train(&tr, N_ENT, ENT, o, NULL, &scale);
      perceptron p = {.nc = N_ENT, .classes = ENT,
                      .nb = 1u << o->log2_buckets,
                      .mask = (1u << o->log2_buckets) - 1};
      drp_model m;
      make_model(&m, &p, q, scale);
      score s = {0};
      for (size_t i = 0; i < c.n_sents; i++)
        if (c.sents[i].work % o->folds == f)
          eval_sentence(&m, &c, &c.sents[i], &b, &scr, &s);
      size_t tp = 0, g = 0, pr = 0;
      for (unsigned k = 1; k < N_ENT; k += 2) {
        tp += s.tp[k], g += s.gold[k], pr += s.pred[k];
        all.tp[k] += s.tp[k], all.gold[k] += s.gold[k],
            all.pred[k] += s.pred[k];
      }
      all.correct += s.correct;
      all.total += s.total;
      printf("  fold %2u: PER F1 %.4f  all F1 %.4f\n", f + 1,
             f1(s.tp[1], s.gold[1], s.pred[1]), f1(tp, g, pr));
      fflush(stdout);
      free(q);
      free(ss);
    }
    printf("ner: %u-fold cross-validation over works (exact spans, pooled), "
           "%.1f s\n",
           o->folds, now() - t0);
    print_ner(&all);
    wb_free(&b);
    drp_tag_scratch_free(&scr);
  } else {
    float scale;
    int16_t *q = train(&c, N_ENT, ENT, o, NULL, &scale);
    if (o->out)
      write_model(o, "ner",
                  "LitBank entities, outermost layer, all 90 works, "
                  "CC BY 4.0",
                  cmd, N_ENT, ENT, q, scale);
    free(q);
  }
  free_corpus(&c);
  return 0;
}

/* The whole file at path (malloc'd, *len bytes), or NULL with errno set. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *text = NULL;
  size_t n = 0, cap = 0, got;
  do {
    if (n == cap) {
      cap = cap ? cap * 2 : 1u << 16;
      text = xrealloc(text, cap);
    }
    got = fread(text + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(text);
    errno = EIO;
    return NULL;
  }
  *len = n;
  return text;
}

/* Tags every sentence of every PDNC novel (dramatis tokens) and reports
 * model load time and tagging speed. */
static int cmd_bench(char **pos, int npos) {
  if (npos != 2) {
    fprintf(stderr, "usage: train_tagger bench MODEL PDNC_DIR\n");
    return 2;
  }
  char err[256];
  drp_model *m = NULL;
  double t0 = now();
  if (drp_model_open(pos[0], &m, err, sizeof err) != DR_OK) {
    fprintf(stderr, "train_tagger: %s: %s\n", pos[0], err);
    return 1;
  }
  double t_load = now() - t0;
  DIR *d = opendir(pos[1]);
  if (!d) {
    fprintf(stderr, "train_tagger: %s: %s\n", pos[1], strerror(errno));
    return 1;
  }
  struct dirent *e;
  size_t n_toks = 0, n_docs = 0;
  double t_tag = 0;
  drp_tag_scratch scr = {0};
  uint8_t *tags = NULL;
  size_t cap = 0;
  size_t hist[DRP_MAX_CLASSES] = {0};
  bool use_doc = strcmp(drp_model_stage(m), "ner") == 0;
  drp_tag_doc dd = {0};
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/novel_text.txt", pos[1], e->d_name);
    size_t got;
    char *text = read_file(path, &got);
    if (!text)
      continue;
    dr_doc *doc = NULL;
    if (dr_doc_parse(text, got, NULL, &doc) != DR_OK) {
      dr_doc_free(doc);
      free(text);
      continue;
    }
    if (doc->n_toks > cap) {
      cap = doc->n_toks;
      tags = xrealloc(tags, cap);
    }
    double t1 = now();
    if (use_doc) {
      /* The entity model reads its document's evidence: counted in one
       * pass first, timed with the tagging. */
      if (drp_tag_doc_count(&dd, doc) != DR_OK) {
        fprintf(stderr, "train_tagger: out of memory\n");
        return 1;
      }
      scr.doc = &dd;
    }
    for (size_t i = 0; i < doc->n_sents; i++) {
      const drp_sent *s = &doc->sents[i];
      drp_tagger_tag_toks(NULL, m, doc->text, doc->toks + s->first_token,
                          s->n_tokens, tags + s->first_token, &scr);
    }
    t_tag += now() - t1;
    for (size_t i = 0; i < doc->n_toks; i++)
      hist[tags[i]]++;
    n_toks += doc->n_toks;
    n_docs++;
    dr_doc_free(doc);
    free(text);
  }
  closedir(d);
  printf("bench: %s (%s): loaded in %.2f ms; %zu novels, %zu tokens tagged "
         "in %.3f s = %.2f M tokens/s\n",
         pos[0], drp_model_stage(m), t_load * 1e3, n_docs, n_toks, t_tag,
         n_toks / t_tag / 1e6);
  for (unsigned c = 0; c < drp_model_n_classes(m); c++)
    printf("  %-6s %zu\n", drp_model_class(m, c), hist[c]);
  free(tags);
  drp_tag_doc_free(&dd);
  drp_tag_scratch_free(&scr);
  drp_model_free(m);
  return 0;
}

/* Appends the sentences of a plain-text file, split into dramatis tokens
 * and sentences, to c (no gold classes).  Nonzero, with a message, when
 * the file cannot be read. */
static int load_text(corpus *c, const char *path) {
  size_t got;
  char *text = read_file(path, &got);
  if (!text) {
    fprintf(stderr, "train_tagger: %s: %s\n", path, strerror(errno));
    return 1;
  }
  dr_doc *doc = NULL;
  if (dr_doc_parse(text, got, NULL, &doc) != DR_OK) {
    fprintf(stderr, "train_tagger: %s: cannot read\n", path);
    dr_doc_free(doc);
    free(text);
    return 1;
  }
  for (size_t s = 0; s < doc->n_sents; s++) {
    const drp_sent *se = &doc->sents[s];
    size_t first = c->n_toks;
    for (size_t t = 0; t < se->n_tokens; t++) {
      const drp_tok *tk = &doc->toks[se->first_token + t];
      add_token(c, doc->text + tk->start, drp_tok_end(tk) - tk->start, 0);
    }
    end_sent(c, first, 0);
  }
  dr_doc_free(doc);
  free(text);
  return 0;
}

/* Word classes for the tagger's cluster features: reads unlabelled text
 * (a .conllu file's forms, or any other file as plain text split into
 * dramatis tokens and sentences), induces the classes (clusters.c) and
 * writes them as C source (src/tagger_clusters.inc). */
static int cmd_clusters(const options *o, char **pos, int npos) {
  if (npos < 1 || !o->out || o->classes < 2 || o->classes > 4096) {
    fprintf(stderr, "usage: train_tagger clusters --classes K (2..4096) "
                    "[--min-count N] -o OUT.inc FILE...\n");
    return 2;
  }
  corpus c = {0};
  for (int a = 0; a < npos; a++) {
    size_t len = strlen(pos[a]);
    if (len > 7 && strcmp(pos[a] + len - 7, ".conllu") == 0)
      load_conllu(&c, pos[a]);
    else if (load_text(&c, pos[a]) != 0)
      return 1;
  }
  /* The word hashes, a boundary after each sentence. */
  size_t n = 0;
  uint32_t *stream = xrealloc(NULL, (c.n_toks + c.n_sents) * sizeof *stream);
  for (size_t s = 0; s < c.n_sents; s++) {
    for (size_t t = 0; t < c.sents[s].n; t++) {
      size_t i = c.sents[s].first + t;
      uint32_t h = drp_hash_fold(c.text + c.off[i], c.len[i]);
      stream[n++] = h == WC_BOUNDARY ? ~0u : h;
    }
    stream[n++] = WC_BOUNDARY;
  }
  free_corpus(&c);
  double t0 = now();
  wc_entry *e = NULL;
  size_t ne = wc_induce(stream, n, o->classes, o->min_count, 30, &e, stderr);
  fprintf(stderr, "clusters: %zu tokens, %zu words in %u classes, %.1f s\n",
          n, ne, o->classes, now() - t0);
  FILE *f = fopen(o->out, "w");
  if (!f) {
    fprintf(stderr, "train_tagger: %s: %s\n", o->out, strerror(errno));
    return 1;
  }
  fprintf(f,
          "/* Generated by train/make-models.sh -- do not edit.\n"
          " * train_tagger clusters --classes %u --min-count %u -o %s\n",
          o->classes, o->min_count, o->out);
  for (int a = 0; a < npos; a++)
    fprintf(f, " *   %s\n", pos[a]);
  fprintf(f,
          " * Word classes of the tagging core's cluster features (tagger.c):\n"
          " * the drp_hash_fold of each word seen at least %u times in the\n"
          " * files above (%zu tokens), sorted, and its class 1..%u\n"
          " * (train/clusters.c). */\n"
          "#define DRP_WC_CLASSES %uu\n"
          "#define DRP_WC_WORDS %zuu\n"
          "static const uint32_t drp_wc_hash[DRP_WC_WORDS] = {\n",
          o->min_count, n, o->classes, o->classes, ne);
  for (size_t i = 0; i < ne; i++)
    fprintf(f, "%s0x%08xu,%s", i % 6 ? " " : "    ", (unsigned)e[i].hash,
            i % 6 == 5 || i + 1 == ne ? "\n" : "");
  fprintf(f, "};\nstatic const uint16_t drp_wc_class[DRP_WC_WORDS] = {\n");
  for (size_t i = 0; i < ne; i++)
    fprintf(f, "%s%u,%s", i % 16 ? " " : "    ", (unsigned)e[i].cls + 1,
            i % 16 == 15 || i + 1 == ne ? "\n" : "");
  fprintf(f, "};\n");
  if (fclose(f) != 0) {
    fprintf(stderr, "train_tagger: %s: write failed\n", o->out);
    return 1;
  }
  free(e);
  free(stream);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: train_tagger pos|ner|ner-cv|bench|clusters "
                    "[options] ARGS...\n");
    return 2;
  }
  options o = {NULL, 10, 18, 10, 20240601u, false, false, NULL, 0, 3};
  char *pos[64];
  int npos = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-o") == 0 && i + 1 < argc)
      o.out = argv[++i];
    else if (strcmp(a, "--epochs") == 0 && i + 1 < argc)
      o.epochs = (unsigned)atoi(argv[++i]);
    else if (strcmp(a, "--buckets") == 0 && i + 1 < argc)
      o.log2_buckets = (unsigned)atoi(argv[++i]);
    else if (strcmp(a, "--folds") == 0 && i + 1 < argc)
      o.folds = (unsigned)atoi(argv[++i]);
    else if (strcmp(a, "--seed") == 0 && i + 1 < argc)
      o.seed = strtoull(argv[++i], NULL, 10);
    else if (strcmp(a, "--train-dev") == 0)
      o.final = true;
    else if (strcmp(a, "--verbose") == 0)
      o.verbose = true;
    else if (strcmp(a, "--pos-model") == 0 && i + 1 < argc)
      o.pos_model = argv[++i];
    else if (strcmp(a, "--dump") == 0 && i + 1 < argc) {
      g_dump = fopen(argv[++i], "w");
      if (!g_dump) {
        fprintf(stderr, "train_tagger: %s: %s\n", argv[i], strerror(errno));
        return 1;
      }
    } else if (strcmp(a, "--classes") == 0 && i + 1 < argc)
      o.classes = (unsigned)atoi(argv[++i]);
    else if (strcmp(a, "--min-count") == 0 && i + 1 < argc)
      o.min_count = (unsigned)atoi(argv[++i]);
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "train_tagger: unknown option %s\n", a);
      return 2;
    } else if (npos < 64) {
      pos[npos++] = argv[i];
    } else {
      fprintf(stderr, "train_tagger: more than 64 files\n");
      return 2;
    }
  }
  if (o.log2_buckets < 8 || o.log2_buckets > 24 || o.epochs < 1 ||
      o.folds < 2) {
    fprintf(stderr, "train_tagger: bad --buckets, --epochs or --folds\n");
    return 2;
  }
  char cmd[1024];
  command_string(argc, argv, cmd, sizeof cmd);
  if (strcmp(argv[1], "pos") == 0)
    return cmd_pos(&o, pos, npos, cmd);
  if (strcmp(argv[1], "ner") == 0)
    return cmd_ner(&o, pos, npos, false, cmd);
  if (strcmp(argv[1], "ner-cv") == 0)
    return cmd_ner(&o, pos, npos, true, cmd);
  if (strcmp(argv[1], "bench") == 0)
    return cmd_bench(pos, npos);
  if (strcmp(argv[1], "clusters") == 0)
    return cmd_clusters(&o, pos, npos);
  fprintf(stderr, "train_tagger: unknown command %s\n", argv[1]);
  return 2;
}
