/*
 * test_clusters.c -- the exchange algorithm of train/clusters.c (the word
 * classes of the tagger's cluster features): on text made from a small
 * grammar, words that fill the same slot end in the same class and words
 * of different slots in different ones; rare words get no class; the same
 * input gives the same classes.
 */
#include "harness.h"

#include "clusters.h"

#include <stdint.h>
#include <stdlib.h>

/* Sentences "the N V ." and "a N V ." over 4 nouns and 4 verbs, in a
 * fixed pseudo-random order; the word hashes are small integers. */
enum { THE = 1, A, DOT, N0 = 10, V0 = 20, RARE = 99 };

static size_t make_stream(uint32_t *s) {
  size_t n = 0;
  uint32_t x = 12345;
  for (int i = 0; i < 400; i++) {
    x = x * 1103515245u + 12345u;
    s[n++] = (x >> 16) & 1 ? THE : A;
    s[n++] = N0 + ((x >> 17) & 3);
    s[n++] = V0 + ((x >> 19) & 3);
    s[n++] = DOT;
    s[n++] = WC_BOUNDARY;
  }
  s[n++] = RARE; /* seen once */
  s[n++] = WC_BOUNDARY;
  return n;
}

static long class_of(const wc_entry *e, size_t n, uint32_t h) {
  for (size_t i = 0; i < n; i++)
    if (e[i].hash == h)
      return (long)e[i].cls;
  return -1;
}

int main(void) {
  static uint32_t s[4096];
  size_t n = make_stream(s);
  wc_entry *e = NULL;
  size_t ne = wc_induce(s, n, 6, 2, 20, &e, NULL);
  INT_EQ(ne, 11); /* the, a, ., 4 nouns, 4 verbs */
  for (size_t i = 1; i < ne; i++)
    OK(e[i - 1].hash < e[i].hash); /* sorted */
  INT_EQ(class_of(e, ne, RARE), -1);
  long cn = class_of(e, ne, N0), cv = class_of(e, ne, V0);
  for (uint32_t k = 1; k < 4; k++) {
    INT_EQ(class_of(e, ne, N0 + k), cn);
    INT_EQ(class_of(e, ne, V0 + k), cv);
  }
  INT_EQ(class_of(e, ne, THE), class_of(e, ne, A)); /* determiners */
  OK(cn != cv);
  OK(cn != class_of(e, ne, THE) && cv != class_of(e, ne, THE));
  OK(class_of(e, ne, DOT) != cv && class_of(e, ne, DOT) != cn);

  wc_entry *e2 = NULL;
  size_t ne2 = wc_induce(s, n, 6, 2, 20, &e2, NULL);
  INT_EQ(ne2, ne);
  for (size_t i = 0; i < ne && i < ne2; i++)
    OK(e[i].hash == e2[i].hash && e[i].cls == e2[i].cls);
  free(e);
  free(e2);
  DONE();
}
