/*
 * escape.c -- appending document text to a dr_buf escaped for the formats
 * other than JSON (json.c keeps its own RFC 8259 escaper): HTML and XML,
 * CSV fields and TSV fields.
 *
 * 1. The text is walked as UTF-8.  Runs of safe ASCII are copied at once.
 * 2. A byte that does not start a valid sequence (possible only under
 *    DR_OPT_LOSSY) is written as U+FFFD, like json.c, so every output is
 *    valid UTF-8.
 * 3. Per mode: HTML/XML escapes & < > " ' and replaces the characters XML
 *    1.0 forbids (C0 controls but tab/LF/CR, U+FFFE, U+FFFF) with U+FFFD;
 *    CSV writes the field raw, or in double quotes with quotes doubled when
 *    it holds a comma, quote, CR or LF (RFC 4180); TSV turns tab, CR and LF
 *    into a space, since TSV has no quoting.
 */
#include "buf.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* The length of the valid UTF-8 sequence at s[0, n), or 0; *cp gets the
 * code point. */
static size_t seq_len(const unsigned char *s, size_t n, int32_t *cp) {
  utf8proc_int32_t c;
  utf8proc_ssize_t k =
      utf8proc_iterate(s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &c);
  if (k <= 0)
    return 0;
  *cp = c;
  return (size_t)k;
}

static bool csv_needs_quotes(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
      return true;
  return false;
}

void drp_buf_put_escaped(dr_buf *b, const char *str, size_t n,
                         drp_escape mode) {
  const unsigned char *s = (const unsigned char *)str;
  bool quoted = mode == DRP_ESC_CSV && csv_needs_quotes(str, n);
  if (quoted)
    drp_buf_putc(b, '"');
  size_t i = 0, run = 0;
  while (i < n) {
    unsigned char c = s[i];
    const char *rep = NULL;
    size_t step = 1;
    if (c < 0x80) {
      switch (mode) {
      case DRP_ESC_XML:
        if (c == '&')
          rep = "&amp;";
        else if (c == '<')
          rep = "&lt;";
        else if (c == '>')
          rep = "&gt;";
        else if (c == '"')
          rep = "&quot;";
        else if (c == '\'')
          rep = "&#39;";
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
          rep = REPLACEMENT;
        break;
      case DRP_ESC_CSV:
        if (c == '"')
          rep = "\"\"";
        else if (c == 0)
          rep = REPLACEMENT;
        break;
      case DRP_ESC_TSV:
        if (c == '\t' || c == '\n' || c == '\r')
          rep = " ";
        else if (c == 0)
          rep = REPLACEMENT;
        break;
      }
    } else {
      int32_t cp = 0;
      step = seq_len(s + i, n - i, &cp);
      if (step == 0) {
        step = 1;
        rep = REPLACEMENT;
      } else if (mode == DRP_ESC_XML && (cp == 0xFFFE || cp == 0xFFFF)) {
        rep = REPLACEMENT;
      }
    }
    if (rep) {
      if (i > run)
        drp_buf_put(b, str + run, i - run);
      drp_buf_puts(b, rep);
      run = i + step;
    }
    i += step;
  }
  if (n > run)
    drp_buf_put(b, str + run, n - run);
  if (quoted)
    drp_buf_putc(b, '"');
}
