/*
 * harness.h -- a tiny test harness for the C tests in tests/api.
 *
 *   OK(cond)            the condition holds
 *   INT_EQ(a, b)        two integers are equal
 *   STR_EQ(a, b)        two NUL-terminated strings are equal
 *   SPAN_EQ(doc, s, e, "text")   text[s, e) of the document is "text"
 *   DONE()              prints "N passed, M failed" and returns from main
 *
 * exact_copy() copies bytes into a buffer of exactly that size, so
 * AddressSanitizer catches any read past the end of the input.
 */
#ifndef DR_TEST_HARNESS_H
#define DR_TEST_HARNESS_H

#include "dramatis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int h_pass, h_fail;

#define OK(cond)                                                              \
  do {                                                                        \
    if (cond) {                                                               \
      h_pass++;                                                               \
    } else {                                                                  \
      h_fail++;                                                               \
      fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond);        \
    }                                                                         \
  } while (0)

#define INT_EQ(a, b)                                                          \
  do {                                                                        \
    long long h_a = (long long)(a), h_b = (long long)(b);                     \
    if (h_a == h_b) {                                                         \
      h_pass++;                                                               \
    } else {                                                                  \
      h_fail++;                                                               \
      fprintf(stderr, "%s:%d: FAIL: %s == %s (%lld != %lld)\n", __FILE__,     \
              __LINE__, #a, #b, h_a, h_b);                                    \
    }                                                                         \
  } while (0)

#define STR_EQ(a, b)                                                          \
  do {                                                                        \
    const char *h_a = (a), *h_b = (b);                                        \
    if (h_a && h_b && strcmp(h_a, h_b) == 0) {                                \
      h_pass++;                                                               \
    } else {                                                                  \
      h_fail++;                                                               \
      fprintf(stderr, "%s:%d: FAIL: %s == %s (\"%s\" != \"%s\")\n", __FILE__, \
              __LINE__, #a, #b, h_a ? h_a : "(null)", h_b ? h_b : "(null)");  \
    }                                                                         \
  } while (0)

/* Checks that text[s, e) of doc equals the string want. */
#define SPAN_EQ(doc, s, e, want)                                              \
  do {                                                                        \
    size_t h_len;                                                             \
    const char *h_t = dr_doc_text((doc), &h_len);                             \
    size_t h_s = (s), h_e = (e);                                              \
    const char *h_w = (want);                                                 \
    if (h_s <= h_e && h_e <= h_len && strlen(h_w) == h_e - h_s &&             \
        memcmp(h_t + h_s, h_w, h_e - h_s) == 0) {                             \
      h_pass++;                                                               \
    } else {                                                                  \
      h_fail++;                                                               \
      fprintf(stderr, "%s:%d: FAIL: span [%zu,%zu) = \"%.*s\", want \"%s\"\n", \
              __FILE__, __LINE__, h_s, h_e,                                   \
              (int)(h_s <= h_e && h_e <= h_len ? h_e - h_s : 0), h_t + h_s,   \
              h_w);                                                           \
    }                                                                         \
  } while (0)

#define DONE()                                                                \
  do {                                                                        \
    printf("%d passed, %d failed\n", h_pass, h_fail);                         \
    return h_fail ? 1 : 0;                                                    \
  } while (0)

/* An allocator that fails once `left` allocations have succeeded, to check
 * that every out-of-memory path returns cleanly (ASan reports any leak).
 * Usage: h_fail_ctx c = {k}; dr_allocator al = h_fail_allocator(&c); */
typedef struct {
  int left;
} h_fail_ctx;

static inline void *h_fail_realloc(void *ctx, void *p, size_t n) {
  h_fail_ctx *c = ctx;
  if (c->left-- <= 0)
    return NULL;
  return realloc(p, n);
}

static inline void h_fail_free(void *ctx, void *p) {
  (void)ctx;
  free(p);
}

static inline dr_allocator h_fail_allocator(h_fail_ctx *c) {
  dr_allocator al = {c, h_fail_realloc, h_fail_free};
  return al;
}

/* A malloc'd copy of s[0, n) with no spare byte after it. */
static inline char *exact_copy(const char *s, size_t n) {
  char *p = malloc(n ? n : 1);
  if (p && n)
    memcpy(p, s, n);
  return p;
}

/* The index of the character that has alias text a, or DR_NONE. */
static inline size_t h_owner_of(const dr_doc *d, const char *a) {
  for (size_t i = 0; i < dr_character_count(d); i++) {
    const dr_character *c = dr_character_at(d, i);
    for (size_t k = 0; k < c->n_aliases; k++)
      if (strcmp(c->aliases[k].text, a) == 0)
        return i;
  }
  return DR_NONE;
}

/* Reads a whole file into a malloc'd buffer; NULL if it cannot. */
static inline char *h_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc(n > 0 ? (size_t)n : 1);
  *len = buf && n > 0 ? fread(buf, 1, (size_t)n, f) : 0;
  fclose(f);
  return buf;
}

/* Reads file path into an exact-size buffer (*buf: free it after
 * dr_doc_free; NULL when the file cannot be read, and then NULL is
 * returned) and parses it with options o (NULL: defaults); *st gets the
 * status and *len the file's size. */
static inline dr_doc *h_parse_file(const char *path, const dr_options *o,
                                   dr_status *st, char **buf, size_t *len) {
  *buf = h_read_file(path, len);
  dr_doc *d = NULL;
  *st = *buf ? dr_doc_parse(*buf, *len, o, &d) : DR_EIO;
  return d;
}

/* Parses a NUL-terminated string with default options into an exact-size
 * copy; *buf receives the copy (free it after dr_doc_free). */
static inline dr_doc *parse_str(const char *s, char **buf) {
  size_t n = strlen(s);
  *buf = exact_copy(s, n);
  dr_doc *d = NULL;
  dr_status st = dr_doc_parse(*buf, n, NULL, &d);
  if (st != DR_OK) {
    fprintf(stderr, "parse failed: %s\n", dr_strerror(st));
    dr_doc_free(d);
    return NULL;
  }
  return d;
}

#endif
