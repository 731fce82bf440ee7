/*
 * fuzz_check.h -- what the fuzz harnesses share: CHECK (abort on a broken
 * invariant, so libFuzzer and the replay tests report it) and a strict
 * UTF-8 validator written apart from the library's, so it can judge it.
 */
#ifndef DRAMATIS_FUZZ_CHECK_H
#define DRAMATIS_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                              \
  do {                                                                        \
    if (!(c))                                                                 \
      abort();                                                                \
  } while (0)

/* The harnesses' input: the first byte picks the options (*mode), the rest
 * is the document, copied into a malloc'd buffer of exactly *n bytes that
 * the caller frees.  NULL for an empty input or when memory runs out. */
static inline char *fuzz_input(const uint8_t *data, size_t size,
                               unsigned *mode, size_t *n) {
  if (size < 1)
    return NULL;
  *mode = data[0];
  *n = size - 1;
  char *in = malloc(*n ? *n : 1);
  if (in)
    memcpy(in, data + 1, *n);
  return in;
}

/* Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static inline bool valid_utf8(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  for (size_t i = 0; i < n;) {
    unsigned c = s[i], len = c < 0x80                 ? 1
                             : c >= 0xC2 && c <= 0xDF ? 2
                             : c >= 0xE0 && c <= 0xEF ? 3
                             : c >= 0xF0 && c <= 0xF4 ? 4
                                                      : 0;
    if (len == 0 || n - i < len)
      return false;
    unsigned cp = len == 1 ? c : c & (0x7F >> len);
    for (unsigned k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return false;
      cp = cp << 6 | (s[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    i += len;
  }
  return true;
}

#endif
