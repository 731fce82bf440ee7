/*
 * utf8.c -- decoding, character classes, hashing and the ingest stage.
 *
 * Ingest (drp_ingest):
 *   1. Refuse input over the size cap (DR_ETOOBIG).
 *   2. Note a leading UTF-8 BOM; offsets still count its three bytes.
 *   3. Look at the first 64 KiB: if more than 1% of it is control bytes
 *      other than white space, the file is binary (DR_EBINARY).  A stray
 *      NUL in a text file is analysed as ordinary data.
 *   4. Plain text with a forced legacy encoding (dr_options.encoding) is
 *      converted to UTF-8 first (encoding.c); the document owns the copy.
 *   5. Validate UTF-8 with an ASCII fast path (8 bytes at a time) and
 *      utf8proc_iterate for the rest.  At the first bad byte: under
 *      DR_OPT_LOSSY bad bytes are counted and later treated as opaque;
 *      else, for plain text with no encoding forced and no BOM, a text
 *      that is plausibly Windows-1252 is converted (encoding.c); else the
 *      analysis stops with DR_EUTF8 and the byte's offset.
 *
 * Character classes come from utf8proc's tables; ASCII is answered without
 * consulting them.
 */
#include "internal.h"

#include <utf8proc.h>

int drp_utf8_next_slow(const unsigned char *s, size_t n, int32_t *cp) {
  utf8proc_int32_t c;
  utf8proc_ssize_t k =
      utf8proc_iterate(s, n > 4 ? 4 : (utf8proc_ssize_t)n, &c);
  if (k <= 0) {
    *cp = -1;
    return 1;
  }
  *cp = c;
  return (int)k;
}

int drp_utf8_prev(const unsigned char *s, size_t i, int32_t *cp) {
  if (s[i - 1] < 0x80) {
    *cp = s[i - 1];
    return 1;
  }
  /* Walk back over at most three continuation bytes to a lead byte. */
  size_t j = i - 1;
  int back = 0;
  while (j > 0 && back < 3 && (s[j] & 0xC0) == 0x80) {
    j--;
    back++;
  }
  int32_t c;
  int k = drp_utf8_next_slow(s + j, i - j, &c);
  if (c >= 0 && j + (size_t)k == i) {
    *cp = c;
    return k;
  }
  *cp = -1;
  return 1;
}

bool drp_is_letter(int32_t cp) {
  if (cp < 0x80)
    return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  if (cp < 0)
    return false;
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME);
}

bool drp_is_upper(int32_t cp) {
  if (cp < 0x80)
    return cp >= 'A' && cp <= 'Z';
  if (cp < 0)
    return false;
  utf8proc_category_t c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool drp_is_lower(int32_t cp) {
  if (cp < 0x80)
    return cp >= 'a' && cp <= 'z';
  if (cp < 0)
    return false;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

bool drp_is_digit(int32_t cp) {
  if (cp < 0x80)
    return cp >= '0' && cp <= '9';
  if (cp < 0)
    return false;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

bool drp_is_space(int32_t cp) {
  if (cp < 0x80)
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  if (cp < 0)
    return false;
  if (cp == 0xFEFF || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
    return true;
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

bool drp_is_punct(int32_t cp) {
  if (cp < 0x80)
    return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) ||
           (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E);
  if (cp < 0)
    return false;
  utf8proc_category_t c = utf8proc_category(cp);
  return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

uint32_t drp_hash_fold(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  uint32_t h = 2166136261u;
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    if (s[i] < 0x80) {
      unsigned char c = s[i++];
      if (c >= 'A' && c <= 'Z')
        c |= 0x20;
      h = (h ^ c) * 16777619u;
      continue;
    }
    int k = drp_utf8_next_slow(s + i, n - i, &cp);
    if (cp >= 0)
      cp = utf8proc_tolower(cp);
    else
      cp = 0xDC00 + s[i]; /* keep bad bytes distinct */
    /* Hash the folded code point's UTF-8 bytes. */
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(cp, enc);
    if (m <= 0) {
      enc[0] = s[i];
      m = 1;
    }
    for (utf8proc_ssize_t j = 0; j < m; j++)
      h = (h ^ enc[j]) * 16777619u;
    i += (size_t)k;
  }
  return h;
}

/* ------------------------------------------------------------------------ */
/* Ingest                                                                    */
/* ------------------------------------------------------------------------ */

/* How much of the start of a file the binary check looks at, and the share
 * of control bytes (per mille) above which it is binary.  UTF-16 text and
 * executables are far above; text with a stray NUL is far below. */
#define BINARY_PROBE 65536
#define BINARY_PERMILLE 10

static bool is_control_byte(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
          c != '\v' && c != 0x1B) ||
         c == 0x7F;
}

dr_status drp_ingest(dr_doc *d) {
  const unsigned char *s = (const unsigned char *)d->text;
  size_t n = d->len;

  if (n > d->max_bytes)
    return drp_fail(d, DR_ETOOBIG, d->max_bytes,
                    "input is %zu bytes, over the limit of %zu bytes", n,
                    d->max_bytes);
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    d->info.has_bom = 1;
    d->body_start = 3;
  }

  if (!(d->flags & DR_OPT_ALLOW_BINARY)) {
    size_t probe = n < BINARY_PROBE ? n : BINARY_PROBE, ctl = 0, first = 0;
    for (size_t i = 0; i < probe; i++)
      if (is_control_byte(s[i]) && ctl++ == 0)
        first = i;
    if (ctl && ctl * 1000 > probe * BINARY_PERMILLE)
      return drp_fail(d, DR_EBINARY, first,
                      "binary file (control byte 0x%02X), not text",
                      s[first]);
  }

  bool plain = d->input_format == DR_INPUT_TEXT;
  if (plain &&
      (d->encoding == DRP_ENC_CP1252 || d->encoding == DRP_ENC_LATIN1)) {
    dr_status st = drp_encoding_convert(d, d->encoding);
    if (st != DR_OK)
      return st;
    return DR_OK; /* valid UTF-8 by construction */
  }

  size_t i = d->body_start, bad = 0;
  while (i < n) {
    /* ASCII fast path, eight bytes at a time. */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull)
        break;
      i += 8;
    }
    while (i < n && s[i] < 0x80)
      i++;
    if (i >= n)
      break;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(
        s + i, (utf8proc_ssize_t)(n - i > 4 ? 4 : n - i), &cp);
    if (k <= 0) {
      if (!(d->flags & DR_OPT_LOSSY) && plain && d->encoding == DRP_ENC_AUTO &&
          !d->info.has_bom && drp_encoding_plausible(s, n))
        return drp_encoding_convert(d, DRP_ENC_CP1252);
      if (!(d->flags & DR_OPT_LOSSY))
        return drp_fail(d, DR_EUTF8, i, "invalid UTF-8");
      bad++;
      k = 1;
    }
    i += (size_t)k;
  }
  d->info.invalid_bytes = bad;
  return DR_OK;
}
