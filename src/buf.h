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

#endif
