/* clusters.h -- word classes by the exchange algorithm (clusters.c). */
#ifndef DRAMATIS_TRAIN_CLUSTERS_H
#define DRAMATIS_TRAIN_CLUSTERS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A stream value that marks a sentence boundary (not a word hash the
 * stream may hold: callers map a word hashing to it to WC_BOUNDARY - 1). */
#define WC_BOUNDARY 0u

typedef struct {
  uint32_t hash; /* drp_hash_fold of the word */
  uint32_t cls;  /* its class, 0..k-1 */
} wc_entry;

/* Induces k word classes from stream[0, n) (word hashes and
 * WC_BOUNDARY), giving a class to every word seen at least min_count
 * times, in at most max_passes exchange passes (progress to log when not
 * NULL).  *out (malloc'd, sorted by hash) gets one entry per such word;
 * returns their number. */
size_t wc_induce(const uint32_t *stream, size_t n, unsigned k,
                 unsigned min_count, unsigned max_passes, wc_entry **out,
                 FILE *log);

#endif
