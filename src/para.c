/*
 * para.c -- paragraphs.
 *
 * 1. Split the text into physical lines at LF, CRLF or CR; note which are
 *    blank (only white space) and their lengths and indentation.
 * 2. Choose how the text marks paragraphs:
 *    - BLANK: blank lines separate paragraphs, and a paragraph may span
 *      several hard-wrapped lines (Gutenberg, PDNC, most archives);
 *    - LINE: each non-blank line is a paragraph (texts with no blank lines,
 *      or whose lines are long, as when every paragraph is one line and
 *      blank lines only mark breaks);
 *    - INDENT: no blank lines, short hard-wrapped lines, and paragraphs
 *      begin with an indented line.
 * 3. Emit paragraphs from the first to the last non-blank byte; line ends
 *    are excluded.  The structure stage later sets each paragraph's kind.
 */
#include "internal.h"

typedef enum { MODE_BLANK, MODE_LINE, MODE_INDENT } para_mode;

/* A line longer than this on average is a paragraph in itself, not a
 * hard-wrapped piece of one: wrapped prose sits at 60-80 columns. */
#define LONG_LINE_MEAN 120

static bool is_ws(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* Returns the end of the line starting at i (the index of its line break or
 * n) and stores the index after the line break in *next. */
static size_t line_end(const unsigned char *s, size_t n, size_t i,
                       size_t *next) {
  while (i < n && s[i] != '\n' && s[i] != '\r')
    i++;
  size_t e = i;
  if (i < n) {
    if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
      i += 2;
    else
      i += 1;
  }
  *next = i;
  return e;
}

/* Trims white space (ASCII, NBSP, BOM) from both ends of [*a, *b). */
static void trim(const unsigned char *s, size_t *a, size_t *b) {
  while (*a < *b) {
    if (is_ws(s[*a])) {
      (*a)++;
    } else if (*b - *a >= 2 && s[*a] == 0xC2 && s[*a + 1] == 0xA0) {
      *a += 2;
    } else if (*b - *a >= 3 && s[*a] == 0xEF && s[*a + 1] == 0xBB &&
               s[*a + 2] == 0xBF) {
      *a += 3;
    } else {
      break;
    }
  }
  while (*b > *a) {
    if (is_ws(s[*b - 1])) {
      (*b)--;
    } else if (*b - *a >= 2 && s[*b - 2] == 0xC2 && s[*b - 1] == 0xA0) {
      *b -= 2;
    } else {
      break;
    }
  }
}

static para_mode choose_mode(const unsigned char *s, size_t n, size_t from) {
  size_t lines = 0, blank = 0, bytes = 0, indented = 0, multi = 0;
  bool prev_nonblank = false;
  size_t i = from;
  while (i < n) {
    size_t next, e = line_end(s, n, i, &next), a = i, b = e;
    trim(s, &a, &b);
    if (a == b) {
      blank++;
      prev_nonblank = false;
    } else {
      lines++;
      bytes += b - a;
      if (a > i)
        indented++;
      if (prev_nonblank)
        multi++;
      prev_nonblank = true;
    }
    i = next;
  }
  if (lines == 0)
    return MODE_BLANK;
  bool long_lines = bytes / lines > LONG_LINE_MEAN;
  if (blank == 0 || multi == 0) {
    /* No blank lines, or every block is a single line anyway. */
    if (blank == 0 && !long_lines && indented * 20 >= lines &&
        indented * 10 <= lines * 9)
      return MODE_INDENT;
    return MODE_LINE;
  }
  return long_lines ? MODE_LINE : MODE_BLANK;
}

static bool emit(dr_doc *d, size_t a, size_t b, unsigned n_lines) {
  dr_paragraph *p = DRP_PUSH(d, d->paras, d->n_paras, d->cap_paras);
  if (!p)
    return false;
  p->start = a;
  p->end = b;
  p->kind = DR_PARA_TEXT;
  p->note = DR_NONE;
  p->n_lines = n_lines;
  return true;
}

dr_status drp_paragraphs(dr_doc *d) {
  const unsigned char *s = (const unsigned char *)d->text;
  size_t n = d->len, i = d->body_start;
  para_mode mode = choose_mode(s, n, i);

  size_t pa = 0, pb = 0; /* the open paragraph, if n_open > 0 */
  unsigned n_open = 0;
  while (i < n) {
    size_t next, e = line_end(s, n, i, &next), a = i, b = e;
    trim(s, &a, &b);
    bool blank = a == b;
    bool starts = mode == MODE_LINE || (mode == MODE_INDENT && a > i);
    if (n_open && (blank || starts)) {
      if (!emit(d, pa, pb, n_open))
        return d->status;
      n_open = 0;
    }
    if (!blank) {
      if (!n_open)
        pa = a;
      pb = b;
      n_open++;
    }
    i = next;
  }
  if (n_open && !emit(d, pa, pb, n_open))
    return d->status;
  return DR_OK;
}
