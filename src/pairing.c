/*
 * pairing.c -- links pairing tags ("Sherlock Holmes & John Watson",
 * "Jo/Laurie") to the characters found in the story.  Run by drp_finish,
 * once the cast is known (names.c) -- the structure stage that makes the
 * tags runs long before.
 *
 * 1. Split the tag's value into names at "/", "&" and " x ".
 * 2. Cut each name into words, dropping honorifics (Mr., Mrs., Dr.,
 *    Inspector, ...) so "John Watson" and "Dr. Watson" share "watson".
 * 3. A character matches a name when one of its aliases, without its
 *    honorifics, equals the name (best) or all of the alias's words are
 *    words of the name ("Holmes" in "Sherlock Holmes"); more shared words
 *    win, then the more mentioned character (the cast is sorted that way).
 *    A name matching nobody is left out; a character is listed once.
 * 4. The indexes go to one pool (d->tag_chars); the tags point into it once
 *    it is complete, as the pool may move while it grows.
 *
 * Words are compared by their case-folded hash (drp_hash_fold).
 */
#include "internal.h"

/* Names and aliases with more words than this are cut: real ones have
 * two or three. */
#define WORDS_MAX 8

static bool honorific(const char *s, size_t n) {
  static const char *const h[] = {
      "mr",     "mrs",    "ms",      "miss", "dr",        "sir",
      "lady",   "lord",   "captain", "capt", "inspector", "professor",
      "prof",   "madam",  "madame",  "mme",  "mlle",      "monsieur",
      "master", "mister", "colonel", "col",  "the"};
  while (n && s[n - 1] == '.')
    n--;
  for (size_t k = 0; k < sizeof h / sizeof h[0]; k++) {
    size_t m = strlen(h[k]);
    if (m != n)
      continue;
    size_t i = 0;
    while (i < n && (s[i] | 0x20) == h[k][i])
      i++;
    if (i == n)
      return true;
  }
  return false;
}

static bool sep(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' ||
         c == '(' || c == ')' || c == '"';
}

/* Hashes of the words of s[0, n), honorifics dropped; returns the count. */
static size_t words(const char *s, size_t n, uint32_t *out) {
  size_t k = 0, i = 0;
  while (i < n && k < WORDS_MAX) {
    while (i < n && sep((unsigned char)s[i]))
      i++;
    size_t j = i;
    while (j < n && !sep((unsigned char)s[j]))
      j++;
    if (j > i && !honorific(s + i, j - i)) {
      size_t e = j;
      while (e > i && s[e - 1] == '.')
        e--;
      if (e > i)
        out[k++] = drp_hash_fold(s + i, e - i);
    }
    i = j;
  }
  return k;
}

/* How well character c matches the name with words nw[0, nn): 0 none,
 * else 100 for an exact alias, or the number of shared words. */
static int match(const dr_character *c, const uint32_t *nw, size_t nn) {
  int best = 0;
  for (size_t a = 0; a < c->n_aliases; a++) {
    uint32_t aw[WORDS_MAX];
    const char *t = c->aliases[a].text;
    size_t na = words(t, strlen(t), aw);
    if (!na)
      continue;
    size_t hit = 0;
    for (size_t i = 0; i < na; i++)
      for (size_t j = 0; j < nn; j++)
        if (aw[i] == nw[j]) {
          hit++;
          break;
        }
    if (hit != na)
      continue;
    int score = na == nn ? 100 : (int)na;
    if (score > best)
      best = score;
  }
  return best;
}

/* The best character for name s[0, n), or DR_NONE. */
static size_t best_character(const dr_doc *d, const char *s, size_t n) {
  uint32_t nw[WORDS_MAX];
  size_t nn = words(s, n, nw);
  if (!nn)
    return DR_NONE;
  size_t best = DR_NONE;
  int score = 0;
  for (size_t c = 0; c < d->n_chars; c++) {
    int m = match(&d->chars[c], nw, nn);
    if (m > score) {
      score = m;
      best = c;
    }
  }
  return best;
}

dr_status drp_link_pairings(dr_doc *d) {
  if (!d->n_chars || !d->n_tags)
    return DR_OK;
  size_t *first = drp_alloc(d, d->n_tags * sizeof *first);
  if (!first)
    return DR_ENOMEM;
  for (size_t t = 0; t < d->n_tags; t++) {
    dr_tag *g = &d->tags[t];
    first[t] = d->n_tag_chars;
    g->n_characters = 0;
    if (strcmp(g->tag, "pairing") != 0 || !g->value)
      continue;
    const char *v = g->value;
    size_t n = strlen(v), i = 0;
    while (i <= n) {
      size_t j = i;
      while (j < n && v[j] != '/' && v[j] != '&' &&
             !(v[j] == ' ' && (v[j + 1] == 'x' || v[j + 1] == 'X') &&
               v[j + 2] == ' '))
        j++;
      size_t c = best_character(d, v + i, j - i);
      bool dup = false;
      for (size_t k = first[t]; k < d->n_tag_chars && c != DR_NONE; k++)
        dup = dup || d->tag_chars[k] == c;
      if (c != DR_NONE && !dup) {
        if (!drp_reserve(d, (void **)&d->tag_chars, &d->cap_tag_chars,
                         d->n_tag_chars + 1, sizeof *d->tag_chars)) {
          drp_free(d, first);
          return DR_ENOMEM;
        }
        d->tag_chars[d->n_tag_chars++] = c;
        g->n_characters++;
      }
      if (j >= n)
        break;
      i = j + (v[j] == ' ' ? 3 : 1);
    }
  }
  for (size_t t = 0; t < d->n_tags; t++)
    d->tags[t].characters =
        d->tags[t].n_characters ? d->tag_chars + first[t] : NULL;
  drp_free(d, first);
  return DR_OK;
}
