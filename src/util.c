/*
 * util.c -- memory, the string arena, error recording and dr_buf.
 *
 * 1. Every allocation of a document goes through its dr_allocator, so a
 *    host can account for or cap memory; failure returns DR_ENOMEM.
 * 2. Layer arrays grow by 1.5x after an overflow check (drp_reserve).
 * 3. Small strings (tag names and values) live in a chunked arena that is
 *    freed with the document.
 * 4. dr_buf is the output buffer for writers: appends return nothing and
 *    remember the first failure, checked once at the end.
 * 5. drp_hint_huge asks Linux for transparent huge pages on one large
 *    array that a stage is about to fill densely (the token array): first
 *    touching a 17 MB array one 4 KiB page at a time cost 50-70 ms on the
 *    project's VM, with 2 MiB pages 5-13 ms.  Only there: given to every
 *    block of 4 MiB and more it also backed sparse tables whole, and a 100
 *    MB input peaked at 11x its size instead of 9.5x.  A hint only; other
 *    systems and custom allocators are unaffected.
 */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include "buf.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#if defined(__linux__)
#include <stdint.h>
#include <sys/mman.h>
#endif

const char *dr_version(void) { return DR_VERSION; }

const char *dr_strerror(dr_status st) {
  switch (st) {
  case DR_OK:
    return "success";
  case DR_ENOMEM:
    return "out of memory";
  case DR_EINVAL:
    return "invalid argument";
  case DR_EUTF8:
    return "invalid UTF-8";
  case DR_ETOOBIG:
    return "input exceeds a limit";
  case DR_EIO:
    return "input/output error";
  case DR_EBINARY:
    return "binary file, not text";
  case DR_EFORMAT:
    return "malformed document container";
  }
  return "unknown error";
}

/* ------------------------------------------------------------------------ */
/* Allocation                                                                */
/* ------------------------------------------------------------------------ */

static void *std_realloc(void *ctx, void *p, size_t n) {
  (void)ctx;
  return realloc(p, n);
}

static void std_free(void *ctx, void *p) {
  (void)ctx;
  free(p);
}

const dr_allocator drp_std_allocator = {NULL, std_realloc, std_free};

#define HUGE_MIN ((size_t)4 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

void drp_hint_huge(const dr_doc *d, void *p, size_t n) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (!p || n < HUGE_MIN || d->al.realloc != std_realloc)
    return;
  /* The whole 2 MiB pages inside the block; failure is harmless. */
  uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
  uintptr_t e = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);
  if (e > a)
    (void)madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#else
  (void)d;
  (void)p;
  (void)n;
#endif
}

void *drp_alloc(dr_doc *d, size_t n) {
  void *p = d->al.realloc(d->al.ctx, NULL, n ? n : 1);
  if (!p)
    drp_fail(d, DR_ENOMEM, 0, "out of memory");
  return p;
}

void *drp_realloc(dr_doc *d, void *p, size_t n) {
  void *q = d->al.realloc(d->al.ctx, p, n ? n : 1);
  if (!q)
    drp_fail(d, DR_ENOMEM, 0, "out of memory");
  return q;
}

void drp_free(dr_doc *d, void *p) {
  if (p)
    d->al.free(d->al.ctx, p);
}

bool drp_reserve(dr_doc *d, void **arr, size_t *cap, size_t need,
                 size_t elem) {
  if (need <= *cap)
    return true;
  size_t ncap = *cap < 16 ? 16 : *cap;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 3)
      goto oom;
    ncap += ncap / 2;
  }
  if (ncap > SIZE_MAX / elem)
    goto oom;
  void *p = drp_realloc(d, *arr, ncap * elem);
  if (!p)
    goto oom;
  *arr = p;
  *cap = ncap;
  return true;
oom:
  drp_fail(d, DR_ENOMEM, 0, "out of memory");
  return false;
}

/* Chunks hold at least this much so that tags cost one allocation per
 * document in the common case. */
#define CHUNK_MIN 4096

const char *drp_strndup(dr_doc *d, const char *s, size_t n) {
  drp_chunk *c = d->strings;
  if (n >= SIZE_MAX / 2) {
    drp_fail(d, DR_ENOMEM, 0, "out of memory");
    return NULL;
  }
  if (!c || c->cap - c->used < n + 1) {
    size_t cap = n + 1 > CHUNK_MIN ? n + 1 : CHUNK_MIN;
    c = drp_alloc(d, sizeof *c + cap);
    if (!c) {
      drp_fail(d, DR_ENOMEM, 0, "out of memory");
      return NULL;
    }
    c->next = d->strings;
    c->used = 0;
    c->cap = cap;
    d->strings = c;
  }
  char *out = c->data + c->used;
  if (n)
    memcpy(out, s, n);
  out[n] = '\0';
  c->used += n + 1;
  return out;
}

dr_status drp_fail(dr_doc *d, dr_status st, size_t off, const char *fmt,
                   ...) {
  /* Keep the first failure: later ones are usually its consequences. */
  if (d->status != DR_OK)
    return d->status;
  d->status = st;
  d->erroff = off;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d->errmsg, sizeof d->errmsg, fmt, ap);
  va_end(ap);
  return st;
}

/* ------------------------------------------------------------------------ */
/* dr_buf                                                                    */
/* ------------------------------------------------------------------------ */

struct dr_buf {
  dr_allocator al;
  char *data;
  size_t len, cap;
  dr_status status;
};

dr_buf *dr_buf_new(const dr_allocator *allocator) {
  const dr_allocator *al = allocator ? allocator : &drp_std_allocator;
  if (!al->realloc || !al->free)
    return NULL;
  dr_buf *b = al->realloc(al->ctx, NULL, sizeof *b);
  if (!b)
    return NULL;
  b->al = *al;
  b->data = NULL;
  b->len = b->cap = 0;
  b->status = DR_OK;
  return b;
}

void dr_buf_free(dr_buf *b) {
  if (!b)
    return;
  if (b->data)
    b->al.free(b->al.ctx, b->data);
  b->al.free(b->al.ctx, b);
}

const char *dr_buf_data(const dr_buf *b, size_t *len) {
  if (len)
    *len = b ? b->len : 0;
  return b && b->data ? b->data : "";
}

void dr_buf_clear(dr_buf *b) {
  if (!b)
    return;
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
  b->status = DR_OK;
}

dr_status dr_buf_status(const dr_buf *b) { return b ? b->status : DR_EINVAL; }

static bool buf_grow(dr_buf *b, size_t extra) {
  if (b->status != DR_OK)
    return false;
  if (extra > SIZE_MAX - b->len - 1)
    goto oom;
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return true;
  size_t ncap = b->cap < 256 ? 256 : b->cap;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 3)
      goto oom;
    ncap += ncap / 2;
  }
  char *p = b->al.realloc(b->al.ctx, b->data, ncap);
  if (!p)
    goto oom;
  b->data = p;
  b->cap = ncap;
  return true;
oom:
  b->status = DR_ENOMEM;
  return false;
}

void drp_buf_put(dr_buf *b, const char *s, size_t n) {
  if (!buf_grow(b, n))
    return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void drp_buf_puts(dr_buf *b, const char *s) { drp_buf_put(b, s, strlen(s)); }

void drp_buf_putc(dr_buf *b, char c) {
  if (!buf_grow(b, 1))
    return;
  b->data[b->len++] = c;
  b->data[b->len] = '\0';
}

void drp_buf_printf(dr_buf *b, const char *fmt, ...) {
  char tmp[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->status = DR_EINVAL;
    return;
  }
  if ((size_t)n < sizeof tmp) {
    drp_buf_put(b, tmp, (size_t)n);
    return;
  }
  if (!buf_grow(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}
