/*
 * buf.h -- appending to a dr_buf, for the writers.  Never installed.
 *
 * Appends return nothing; the first failure is remembered in the buffer and
 * read once at the end with dr_buf_status().
 */
#ifndef DRAMATIS_BUF_H
#define DRAMATIS_BUF_H

#include "dramatis.h"

void drp_buf_put(dr_buf *b, const char *s, size_t n);
void drp_buf_puts(dr_buf *b, const char *s);
void drp_buf_putc(dr_buf *b, char c);
void drp_buf_printf(dr_buf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

extern const dr_allocator drp_std_allocator;

/* The entry check of every dr_doc_write_*: DR_EINVAL for a NULL document
 * or buffer, the buffer's own failure if it already failed, else DR_OK. */
static inline dr_status drp_writer_check(const dr_doc *doc,
                                         const dr_buf *out) {
  if (!doc || !out)
    return DR_EINVAL;
  return dr_buf_status(out);
}

/* Escaping modes for drp_buf_put_escaped (escape.c). */
typedef enum {
  DRP_ESC_XML, /* HTML and XML text or attribute value */
  DRP_ESC_CSV, /* one RFC 4180 field, quoted only when it must be */
  DRP_ESC_TSV  /* one TSV field: tab, CR, LF become a space */
} drp_escape;

/* Appends s[0, n) escaped for `mode`; invalid UTF-8 becomes U+FFFD, so the
 * output is always valid UTF-8. */
void drp_buf_put_escaped(dr_buf *b, const char *s, size_t n, drp_escape mode);

#endif
