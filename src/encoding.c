/*
 * encoding.c -- legacy encodings of plain text: Windows-1252 and Latin-1.
 *
 * Old archives and e-texts are often Windows-1252 ("smart quotes" as bytes
 * 0x93/0x94, é as 0xE9).  Ingest (utf8.c) calls in here when a text is not
 * valid UTF-8:
 *
 * 1. Plausibility (auto-detection, drp_encoding_plausible).  The bytes are
 *    read as Windows-1252 only when every byte above 0x7F fits prose in
 *    that encoding; anything else is "neither" and stays the invalid UTF-8
 *    error.  Not plausible:
 *    - a control byte other than white space (text does not hold them);
 *    - a byte Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D), or
 *      0xFF (ÿ, which prose all but never uses and binary often does);
 *    - what looks like UTF-8 gone wrong: a lead byte 0xC0-0xF7 followed by
 *      as many continuation bytes (0x80-0xBF) as its length says -- a
 *      valid sequence (mixed encodings), an overlong one, a surrogate --
 *      or by fewer when the input ends there (a cut-off sequence);
 *    - a symbol from 0x80-0xBF wedged inside a word ("a\x80b"); only
 *      apostrophes, dashes, the soft hyphen and the letters Š Œ Ž š œ ž Ÿ
 *      ƒ ª µ º may stand between two ASCII letters;
 *    - four or more accented letters in a row (binary, or another code
 *      page), or more than a third of the non-blank bytes above 0x7F.
 *    A Windows-1252 text that fails these can still be read with
 *    --encoding windows-1252.
 * 2. Conversion (drp_encoding_convert): one pass to size the UTF-8 text,
 *    one to write it into a buffer the document owns.  Windows-1252 uses
 *    the WHATWG table (its five undefined bytes map to the C1 controls of
 *    the same value, so a forced conversion never fails); Latin-1 maps
 *    every byte to the code point of the same value.
 */
#include "internal.h"

/* Windows-1252 0x80-0x9F; 0 = undefined (auto-detection refuses these). */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static bool ascii_ci_eq(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    int x = (unsigned char)*a, y = (unsigned char)*b;
    if (x >= 'A' && x <= 'Z')
      x += 32;
    if (y >= 'A' && y <= 'Z')
      y += 32;
    if (x != y)
      return false;
  }
  return *a == *b;
}

int drp_encoding_parse(const char *name) {
  static const struct {
    const char *name;
    int enc;
  } names[] = {{"utf-8", DRP_ENC_UTF8},          {"utf8", DRP_ENC_UTF8},
               {"windows-1252", DRP_ENC_CP1252}, {"cp1252", DRP_ENC_CP1252},
               {"latin-1", DRP_ENC_LATIN1},      {"latin1", DRP_ENC_LATIN1},
               {"iso-8859-1", DRP_ENC_LATIN1}};
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
    if (ascii_ci_eq(name, names[k].name))
      return names[k].enc;
  return -1;
}

const char *drp_encoding_name(int enc) {
  switch (enc) {
  case DRP_ENC_CP1252:
    return "windows-1252";
  case DRP_ENC_LATIN1:
    return "latin-1";
  default:
    return "utf-8";
  }
}

static bool ascii_letter(unsigned c) {
  return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* Bytes 0x80-0xBF that may stand between two ASCII letters. */
static bool inword_ok(unsigned c) {
  switch (c) {
  case 0x83: /* ƒ */
  case 0x8A: /* Š */
  case 0x8C: /* Œ */
  case 0x8E: /* Ž */
  case 0x91: /* ‘ */
  case 0x92: /* ’ */
  case 0x96: /* – */
  case 0x97: /* — */
  case 0x9A: /* š */
  case 0x9C: /* œ */
  case 0x9E: /* ž */
  case 0x9F: /* Ÿ */
  case 0xAA: /* ª */
  case 0xAD: /* soft hyphen */
  case 0xB5: /* µ */
  case 0xBA: /* º */
    return true;
  default:
    return false;
  }
}

/* A longer run of accented letters than this is not a European word. */
#define ACCENT_RUN_MAX 3

bool drp_encoding_plausible(const unsigned char *s, size_t n) {
  size_t high = 0, nonblank = 0, run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned c = s[i];
    if (c < 0x80) {
      run = 0;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
          c != '\v')
        return false;
      if (c == 0x7F)
        return false;
      nonblank += c != ' ' && c != '\t' && c != '\n' && c != '\r';
      continue;
    }
    nonblank++;
    high++;
    if (c == 0xFF || (c <= 0x9F && cp1252_hi[c - 0x80] == 0))
      return false;
    if (c >= 0xC0 && c <= 0xF7) {
      /* UTF-8 gone wrong: a lead byte and its continuation bytes. */
      size_t need = c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3, k = 0;
      while (k < need && i + 1 + k < n && (s[i + 1 + k] & 0xC0) == 0x80)
        k++;
      if (k == need || i + 1 + k == n)
        return false;
    }
    if (c <= 0xBF && i > 0 && i + 1 < n && ascii_letter(s[i - 1]) &&
        ascii_letter(s[i + 1]) && !inword_ok(c))
      return false;
    run = c >= 0xC0 ? run + 1 : 0;
    if (run > ACCENT_RUN_MAX)
      return false;
  }
  return high > 0 && high * 3 <= nonblank;
}

/* The code point of byte c in encoding enc. */
static uint32_t decode(int enc, unsigned c) {
  if (c < 0x80 || enc == DRP_ENC_LATIN1 || c >= 0xA0)
    return c;
  uint32_t cp = cp1252_hi[c - 0x80];
  return cp ? cp : c; /* WHATWG: undefined bytes are the C1 controls */
}

static size_t utf8_len(uint32_t cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
}

dr_status drp_encoding_convert(dr_doc *d, int enc) {
  const unsigned char *s = (const unsigned char *)d->text;
  size_t n = d->len, out = 0;
  for (size_t i = 0; i < n; i++)
    out += utf8_len(decode(enc, s[i]));
  if (out > d->max_bytes)
    return drp_fail(d, DR_ETOOBIG, d->max_bytes,
                    "input is %zu bytes once converted from %s to UTF-8, "
                    "over the limit of %zu bytes",
                    out, drp_encoding_name(enc), d->max_bytes);
  char *buf = drp_alloc(d, out + 1);
  if (!buf)
    return DR_ENOMEM;
  unsigned char *o = (unsigned char *)buf;
  for (size_t i = 0; i < n; i++) {
    uint32_t cp = decode(enc, s[i]);
    if (cp < 0x80) {
      *o++ = (unsigned char)cp;
    } else if (cp < 0x800) {
      *o++ = (unsigned char)(0xC0 | (cp >> 6));
      *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
      *o++ = (unsigned char)(0xE0 | (cp >> 12));
      *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
      *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
  }
  *o = '\0';
  drp_free(d, d->owned);
  d->owned = buf;
  d->text = buf;
  d->len = out;
  d->info.bytes = out;
  /* Bytes EF BB BF read as Windows-1252 are three characters, not a BOM. */
  d->body_start = 0;
  d->info.has_bom = 0;
  d->info.encoding = drp_encoding_name(enc);
  return DR_OK;
}
