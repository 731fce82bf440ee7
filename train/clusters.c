/*
 * clusters.c -- word classes by the exchange algorithm, for the tagging
 * core's cluster features (train_tagger clusters; src/tagger_clusters.inc).
 *
 * A word's class says which words it keeps company with, learned from
 * unlabelled text: "governess", "housekeeper" and "nurse" fall in one
 * class because the same words stand before and after them, so the
 * entity tagger can use a class it has seen in training for a word it has
 * not.  The classes maximise the likelihood of a class bigram model,
 *
 *   L = sum_{c,d} f(N(c,d)) - sum_c f(N(c,.)) - sum_d f(N(.,d)),
 *   f(x) = x log x,
 *
 * over the stream's word bigrams (Kneser and Ney 1993; Martin, Liermann
 * and Ney 1998): each word in turn is taken out of its class and put in
 * the class that gains most; a pass visits every word (most frequent
 * first) and the passes repeat until few words move.  Only the row and
 * column of the receiving class change, so a move costs K times the
 * number of classes the word has as neighbours.
 *
 * Words (the folded hashes the tagger uses, drp_hash_fold) seen fewer than
 * min_count times share one stand-in word; a sentence boundary is a word
 * of its own.  Deterministic: the start assigns classes round-robin by
 * frequency rank (ties by hash), and the passes visit words in that order.
 */
#include "clusters.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check(void *p) {
  if (!p) {
    fprintf(stderr, "train_tagger: out of memory\n");
    exit(1);
  }
  return p;
}

static void *xcalloc(size_t n, size_t size) {
  return check(calloc(n ? n : 1, size));
}

static void *xrealloc(void *p, size_t size) {
  return check(realloc(p, size ? size : 1));
}

/* Open-addressing map from a 64-bit key to a dense index. */
typedef struct {
  uint64_t *key;
  uint32_t *val;
  size_t cap, n;
} map64;

static void map_init(map64 *m, size_t cap) {
  m->cap = 16;
  while (m->cap < cap * 2)
    m->cap <<= 1;
  m->key = xcalloc(m->cap, sizeof *m->key);
  m->val = xcalloc(m->cap, sizeof *m->val);
  m->n = 0;
  for (size_t i = 0; i < m->cap; i++)
    m->key[i] = UINT64_MAX;
}

static size_t map_slot(const map64 *m, uint64_t k) {
  uint64_t h = k * 0x9E3779B97F4A7C15ull;
  size_t i = (size_t)(h >> 17) & (m->cap - 1);
  while (m->key[i] != UINT64_MAX && m->key[i] != k)
    i = (i + 1) & (m->cap - 1);
  return i;
}

/* Returns the value slot of k, inserting it (value UINT32_MAX) if new. */
static uint32_t *map_get(map64 *m, uint64_t k) {
  if ((m->n + 1) * 2 > m->cap) {
    map64 g;
    map_init(&g, m->cap);
    for (size_t i = 0; i < m->cap; i++)
      if (m->key[i] != UINT64_MAX) {
        size_t j = map_slot(&g, m->key[i]);
        g.key[j] = m->key[i];
        g.val[j] = m->val[i];
        g.n++;
      }
    free(m->key);
    free(m->val);
    *m = g;
  }
  size_t i = map_slot(m, k);
  if (m->key[i] == UINT64_MAX) {
    m->key[i] = k;
    m->val[i] = UINT32_MAX;
    m->n++;
  }
  return &m->val[i];
}

static void map_free(map64 *m) {
  free(m->key);
  free(m->val);
}

typedef struct {
  uint32_t hash, count;
} word;

static int cmp_word(const void *a, const void *b) {
  const word *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->hash < y->hash ? -1 : x->hash > y->hash;
}

typedef struct {
  uint32_t w, n; /* a neighbour and the bigram's count */
} edge;

typedef struct {
  uint32_t a, b; /* a bigram: word a, then word b */
} pair_t;

static int cmp_entry(const void *a, const void *b) {
  const wc_entry *x = a, *y = b;
  return x->hash < y->hash ? -1 : x->hash > y->hash;
}

size_t wc_induce(const uint32_t *stream, size_t n, unsigned k,
                 unsigned min_count, unsigned max_passes, wc_entry **out,
                 FILE *progress) {
  /* 1. Vocabulary: index 0 the boundary, 1 the rare-word stand-in. */
  map64 vm;
  map_init(&vm, 1u << 16);
  word *vocab = NULL;
  size_t nv = 0, capv = 0;
  for (size_t i = 0; i < n; i++) {
    if (stream[i] == WC_BOUNDARY)
      continue;
    uint32_t *v = map_get(&vm, stream[i]);
    if (*v == UINT32_MAX) {
      if (nv == capv) {
        capv = capv ? capv * 2 : 4096;
        vocab = xrealloc(vocab, capv * sizeof *vocab);
      }
      *v = (uint32_t)nv;
      vocab[nv++] = (word){stream[i], 0};
    }
    vocab[*v].count++;
  }
  qsort(vocab, nv, sizeof *vocab, cmp_word);
  size_t nw = 2; /* dense ids: 0 boundary, 1 rare, 2.. kept words */
  for (size_t i = 0; i < nv && vocab[i].count >= min_count; i++)
    nw++;
  map_free(&vm);
  map_init(&vm, nw);
  for (size_t i = 0; i + 2 < nw; i++)
    *map_get(&vm, vocab[i].hash) = (uint32_t)(i + 2);
  uint32_t *ids = xcalloc(n, sizeof *ids);
  for (size_t i = 0; i < n; i++) {
    if (stream[i] == WC_BOUNDARY) {
      ids[i] = 0;
      continue;
    }
    size_t s = map_slot(&vm, stream[i]);
    ids[i] = vm.key[s] == UINT64_MAX ? 1 : vm.val[s];
  }

  /* 2. Bigram counts, split into each word's right and left neighbours
   * (self-bigrams apart). */
  map64 bm;
  map_init(&bm, n / 2 + 16);
  pair_t *pairs = NULL;
  size_t np = 0, capp = 0;
  uint32_t *pair_n = NULL;
  uint32_t *self = xcalloc(nw, sizeof *self);
  for (size_t i = 0; i + 1 < n; i++) {
    uint32_t a = ids[i], b = ids[i + 1];
    if (a == b) {
      self[a]++;
      continue;
    }
    uint32_t *v = map_get(&bm, ((uint64_t)a << 32) | b);
    if (*v == UINT32_MAX) {
      if (np == capp) {
        capp = capp ? capp * 2 : 1u << 16;
        pairs = xrealloc(pairs, capp * sizeof *pairs);
        pair_n = xrealloc(pair_n, capp * sizeof *pair_n);
      }
      *v = (uint32_t)np;
      pairs[np] = (pair_t){a, b};
      pair_n[np++] = 0;
    }
    pair_n[*v]++;
  }
  map_free(&bm);
  size_t *ro = xcalloc(nw + 1, sizeof *ro), *lo = xcalloc(nw + 1, sizeof *lo);
  for (size_t p = 0; p < np; p++) {
    ro[pairs[p].a + 1]++;
    lo[pairs[p].b + 1]++;
  }
  for (size_t w = 0; w < nw; w++) {
    ro[w + 1] += ro[w];
    lo[w + 1] += lo[w];
  }
  edge *right = xcalloc(np, sizeof *right), *left = xcalloc(np, sizeof *left);
  size_t *rf = xcalloc(nw, sizeof *rf), *lf = xcalloc(nw, sizeof *lf);
  for (size_t p = 0; p < np; p++) {
    uint32_t a = pairs[p].a, b = pairs[p].b;
    right[ro[a] + rf[a]++] = (edge){b, pair_n[p]};
    left[lo[b] + lf[b]++] = (edge){a, pair_n[p]};
  }
  free(pairs);
  free(pair_n);
  free(rf);
  free(lf);

  /* 3. f(x) = x log x for every count the matrix can hold. */
  size_t nf = n + 1;
  double *f = xcalloc(nf, sizeof *f);
  for (size_t x = 2; x < nf; x++)
    f[x] = (double)x * log((double)x);

  /* 4. Start: round-robin by frequency rank; class counts. */
  uint32_t *cls = xcalloc(nw, sizeof *cls);
  for (size_t w = 0; w < nw; w++)
    cls[w] = (uint32_t)(w % k);
  int64_t *M = xcalloc((size_t)k * k, sizeof *M);
  int64_t *NL = xcalloc(k, sizeof *NL), *NR = xcalloc(k, sizeof *NR);
  for (size_t w = 0; w < nw; w++) {
    for (size_t e = ro[w]; e < ro[w + 1]; e++)
      M[(size_t)cls[w] * k + cls[right[e].w]] += right[e].n;
    M[(size_t)cls[w] * k + cls[w]] += self[w];
  }
  for (unsigned c = 0; c < k; c++)
    for (unsigned d = 0; d < k; d++) {
      NL[c] += M[(size_t)c * k + d];
      NR[d] += M[(size_t)c * k + d];
    }

  /* 5. Exchange passes. */
  int64_t *R = xcalloc(k, sizeof *R), *L = xcalloc(k, sizeof *L);
  uint32_t *nzr = xcalloc(k, sizeof *nzr), *nzl = xcalloc(k, sizeof *nzl);
#define F(x) f[(size_t)(x)]
  for (unsigned pass = 0; pass < max_passes; pass++) {
    size_t moved = 0;
    for (size_t w = 0; w < nw; w++) {
      unsigned a = cls[w], nr = 0, nl = 0;
      int64_t nlw = self[w], nrw = self[w];
      for (size_t e = ro[w]; e < ro[w + 1]; e++) {
        uint32_t d = cls[right[e].w];
        if (!R[d])
          nzr[nr++] = d;
        R[d] += right[e].n;
        nlw += right[e].n;
      }
      for (size_t e = lo[w]; e < lo[w + 1]; e++) {
        uint32_t c = cls[left[e].w];
        if (!L[c])
          nzl[nl++] = c;
        L[c] += left[e].n;
        nrw += left[e].n;
      }
      /* Take w out of a. */
      for (unsigned j = 0; j < nr; j++)
        M[(size_t)a * k + nzr[j]] -= R[nzr[j]];
      for (unsigned j = 0; j < nl; j++)
        M[(size_t)nzl[j] * k + a] -= L[nzl[j]];
      M[(size_t)a * k + a] -= self[w];
      NL[a] -= nlw;
      NR[a] -= nrw;
      /* The gain of putting it in each class b. */
      double best = -INFINITY;
      unsigned bb = a;
      for (unsigned b = 0; b < k; b++) {
        double g = 0;
        const int64_t *row = M + (size_t)b * k;
        for (unsigned j = 0; j < nr; j++) {
          unsigned d = nzr[j];
          if (d != b)
            g += F(row[d] + R[d]) - F(row[d]);
        }
        for (unsigned j = 0; j < nl; j++) {
          unsigned c = nzl[j];
          if (c != b) {
            int64_t m = M[(size_t)c * k + b];
            g += F(m + L[c]) - F(m);
          }
        }
        int64_t bbv = row[b];
        g += F(bbv + R[b] + L[b] + self[w]) - F(bbv);
        g -= F(NL[b] + nlw) - F(NL[b]);
        g -= F(NR[b] + nrw) - F(NR[b]);
        if (g > best + 1e-9 || (b == a && g >= best - 1e-9)) {
          best = g;
          bb = b;
        }
      }
      /* Put it in bb. */
      for (unsigned j = 0; j < nr; j++)
        M[(size_t)bb * k + nzr[j]] += R[nzr[j]];
      for (unsigned j = 0; j < nl; j++)
        M[(size_t)nzl[j] * k + bb] += L[nzl[j]];
      M[(size_t)bb * k + bb] += self[w];
      NL[bb] += nlw;
      NR[bb] += nrw;
      if (bb != a) {
        cls[w] = bb;
        moved++;
      }
      for (unsigned j = 0; j < nr; j++)
        R[nzr[j]] = 0;
      for (unsigned j = 0; j < nl; j++)
        L[nzl[j]] = 0;
    }
    if (progress) {
      double ll = 0;
      for (size_t c = 0; c < (size_t)k * k; c++)
        ll += F(M[c]);
      for (unsigned c = 0; c < k; c++)
        ll -= F(NL[c]) + F(NR[c]);
      fprintf(progress, "clusters: pass %u: %zu of %zu words moved, L = %.6g\n",
              pass + 1, moved, nw, ll);
    }
    if (moved * 1000 < nw)
      break;
  }
#undef F

  /* 6. The kept words' classes, sorted by hash. */
  size_t nout = nw - 2;
  wc_entry *o = xcalloc(nout, sizeof *o);
  for (size_t i = 0; i < nout; i++)
    o[i] = (wc_entry){vocab[i].hash, cls[i + 2]};
  qsort(o, nout, sizeof *o, cmp_entry);
  *out = o;

  free(vocab);
  map_free(&vm);
  free(ids);
  free(self);
  free(ro);
  free(lo);
  free(right);
  free(left);
  free(f);
  free(cls);
  free(M);
  free(NL);
  free(NR);
  free(R);
  free(L);
  free(nzr);
  free(nzl);
  return nout;
}
