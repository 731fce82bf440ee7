/*
 * input.c -- the input stage: what the bytes are, and marked-up inputs
 * turned into text.
 *
 * 1. Format.  dr_options.input_format, or detected from content (never
 *    from a file name): after an optional UTF-8 BOM and white space,
 *    "<!DOCTYPE html", "<html", or "<?xml"/"<!--" followed by "<html"
 *    within the first KiB is HTML; a zip archive whose "mimetype" entry
 *    says application/epub+zip is EPUB (input_epub.c); anything else is
 *    plain text, left to ingest as it always was (same checks, same
 *    messages, offsets into the caller's bytes).
 * 2. HTML and EPUB are refused over max_bytes, then rendered (input_html.c,
 *    input_epub.c) into one UTF-8 text that the document owns, plus
 *    structure hints (internal.h, drp_hint) that tell the structure stage
 *    what the markup said: notes, headings, scene breaks, chapter starts,
 *    title and author.  Every later stage runs on that text exactly as on
 *    plain text, so `dramatis text` prints what the offsets refer to.
 */
#include "internal.h"

/* How far into an XML or commented HTML file "<html" is looked for. */
#define SNIFF_WINDOW 1024

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Does s[i, n) start with the ASCII word w, case-insensitively? */
static bool starts_ci(const char *s, size_t i, size_t n, const char *w) {
  for (; *w; w++, i++)
    if (i >= n || lower((unsigned char)s[i]) != *w)
      return false;
  return true;
}

static bool sniff_html(const char *s, size_t n) {
  size_t i = 0;
  if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
      (unsigned char)s[2] == 0xBF)
    i = 3;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                   s[i] == '\r' || s[i] == '\f'))
    i++;
  if (starts_ci(s, i, n, "<!doctype html") || starts_ci(s, i, n, "<html"))
    return true;
  if (!starts_ci(s, i, n, "<?xml") && !starts_ci(s, i, n, "<!--"))
    return false;
  size_t end = n - i > SNIFF_WINDOW ? i + SNIFF_WINDOW : n;
  for (size_t k = i; k < end; k++)
    if (s[k] == '<' && (starts_ci(s, k, end, "<html") ||
                        starts_ci(s, k, end, "<!doctype html")))
      return true;
  return false;
}

bool drp_out_put(drp_out *o, const char *s, size_t n) {
  if (o->too_big)
    return false;
  if (n > o->limit || o->len > o->limit - n) {
    o->too_big = true;
    drp_fail(o->d, DR_ETOOBIG, o->limit,
             "extracted text is over the limit of %zu bytes", o->limit);
    return false;
  }
  if (o->len + n + 1 > o->cap) {
    void *p = o->s;
    if (!drp_reserve(o->d, &p, &o->cap, o->len + n + 1, 1))
      return false;
    o->s = p;
  }
  memcpy(o->s + o->len, s, n);
  o->len += n;
  o->s[o->len] = '\0';
  return true;
}

bool drp_out_hint(drp_out *o, uint32_t start, uint32_t end, int kind,
                  int note_kind) {
  dr_doc *d = o->d;
  if (start >= end)
    return true;
  drp_hint *h = DRP_PUSH(d, d->hints, d->n_hints, d->cap_hints);
  if (!h)
    return false;
  h->start = start;
  h->end = end;
  h->kind = (uint8_t)kind;
  h->note_kind = (uint8_t)note_kind;
  return true;
}

dr_status drp_input(dr_doc *d) {
  int fmt = d->input_format;
  if (fmt == DR_INPUT_AUTO) {
    if (sniff_html(d->text, d->len))
      fmt = DR_INPUT_HTML;
    else if (drp_epub_sniff(d->text, d->len))
      fmt = DR_INPUT_EPUB;
    else
      fmt = DR_INPUT_TEXT;
  }
  d->input_format = (dr_input_format)fmt;
  if (fmt == DR_INPUT_TEXT)
    return DR_OK; /* ingest checks the size, as it always has */

  if (d->len > d->max_bytes)
    return drp_fail(d, DR_ETOOBIG, d->max_bytes,
                    "input is %zu bytes, over the limit of %zu bytes", d->len,
                    d->max_bytes);
  drp_out o;
  memset(&o, 0, sizeof o);
  o.d = d;
  o.limit = d->max_bytes;
  dr_status st;
  if (fmt == DR_INPUT_HTML) {
    d->info.format = "html";
    /* A forced encoding overrides the charset the page declares. */
    static const char *const libxml_names[] = {NULL, "UTF-8", "windows-1252",
                                               "ISO-8859-1"};
    st = drp_html_render(&o, d->text, d->len, false, libxml_names[d->encoding]);
    if (d->encoding != DRP_ENC_AUTO)
      d->info.encoding = drp_encoding_name(d->encoding);
  } else {
    d->info.format = "epub";
    st = drp_epub_render(&o, d->text, d->len);
  }
  if (st == DR_OK && !o.s && !drp_out_put(&o, "", 0))
    st = d->status;
  if (st != DR_OK) {
    drp_free(d, o.s);
    return st;
  }
  /* Paragraphs end in a blank line; the text ends in one line end. */
  while (o.len >= 2 && o.s[o.len - 1] == '\n' && o.s[o.len - 2] == '\n')
    o.s[--o.len] = '\0';
  d->owned = o.s;
  d->text = o.s;
  d->len = o.len;
  d->info.bytes = o.len;
  return DR_OK;
}
