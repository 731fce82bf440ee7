/*
 * model.c -- model files for the tagging core: write, open, validate.
 *
 * The format is in tagger.h.  Opening a model:
 *
 * 1. Map.  open + fstat + mmap(PROT_READ, MAP_PRIVATE) of the whole file;
 *    nothing is copied, so loading costs page faults only (and the pages
 *    are shared by every process using the model).  Empty files and files
 *    over 1 GiB are refused before mapping.
 * 2. Check the header, field by field, against the real size: the magic,
 *    the format and feature-set versions, n_classes in 1..DRP_MAX_CLASSES,
 *    n_buckets a power of two in 2^8..2^24, the weight type, the string
 *    block inside the file, weights_offset aligned and after the strings,
 *    the stored file size equal to the actual one (truncation, appended
 *    bytes) and weights_offset + n_buckets * n_classes * 2 equal to it.
 * 3. Check the string block: exactly 3 + n_classes NUL-terminated strings,
 *    no class name empty or repeated.
 * 4. Check the weights' checksum (corruption inside the weights) and that
 *    none is -32768 (outside the range the writer uses).
 * 5. Point at the weights: directly on little-endian hosts; on big-endian
 *    ones (or for misaligned caller memory) a converted copy is made.  Precompute the BIO transition table.
 * Every failure returns a status with a one-line message; nothing is read
 * before its bounds are checked, so a hostile file cannot crash the loader.
 *
 * Writing (drp_model_write, used by train/) lays out the same bytes with
 * explicit little-endian stores and writes them with one fwrite.
 */
#define _POSIX_C_SOURCE 200809L

#include "tagger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Models are a few MB; anything near this is not one of ours. */
#define MAX_MODEL_BYTES ((size_t)1 << 30)

static dr_status fail(char *err, size_t errlen, dr_status st,
                      const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static dr_status fail(char *err, size_t errlen, dr_status st,
                      const char *fmt, ...) {
  if (err && errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return st;
}

static uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}
static uint64_t rd64(const unsigned char *p) {
  return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}
static void wr32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}
static void wr64(unsigned char *p, uint64_t v) {
  wr32(p, (uint32_t)v);
  wr32(p + 4, (uint32_t)(v >> 32));
}

static bool host_is_le(void) {
  const uint16_t one = 1;
  unsigned char b;
  memcpy(&b, &one, 1);
  return b == 1;
}

uint32_t drp_model_checksum(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 14695981039346656037ull;
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    h = (h ^ rd64(s + i)) * 1099511628211ull;
  for (; i < n; i++)
    h = (h ^ s[i]) * 1099511628211ull;
  return (uint32_t)(h ^ (h >> 32));
}

/* ------------------------------------------------------------------------ */
/* Validation (phases 2-5)                                                   */
/* ------------------------------------------------------------------------ */

static dr_status validate(drp_model *m, char *err, size_t errlen) {
  const unsigned char *p = m->map;
  size_t len = m->map_len;

  if (len < DRP_MODEL_HEADER)
    return fail(err, errlen, DR_EIO,
                "not a dramatis model: %zu bytes, shorter than the header",
                len);
  if (memcmp(p, DRP_MODEL_MAGIC, 8) != 0)
    return fail(err, errlen, DR_EIO, "not a dramatis model (bad magic)");
  uint32_t version = rd32(p + 8), fversion = rd32(p + 12);
  if (version != DRP_MODEL_VERSION)
    return fail(err, errlen, DR_EIO,
                "unsupported model format version %u (this build reads %u)",
                version, DRP_MODEL_VERSION);
  if (fversion != DRP_FEATURES_VERSION)
    return fail(err, errlen, DR_EIO,
                "model made for feature set %u (this build computes %u); "
                "retrain it",
                fversion, DRP_FEATURES_VERSION);
  uint32_t wcsum = rd32(p + 56), wcwant = drp_word_classes_checksum();
  if (wcsum != wcwant)
    return fail(err, errlen, DR_EIO,
                "model made with other word classes (checksum %08x, this "
                "build's tagger_clusters.inc %08x); retrain it",
                (unsigned)wcsum, (unsigned)wcwant);
  uint32_t nc = rd32(p + 16), nb = rd32(p + 20), wtype = rd32(p + 24);
  uint32_t sbytes = rd32(p + 28);
  uint64_t woff = rd64(p + 32), fsize = rd64(p + 40);
  uint32_t scale_bits = rd32(p + 48), sum = rd32(p + 52);
  if (nc < 1 || nc > DRP_MAX_CLASSES)
    return fail(err, errlen, DR_EIO, "bad model: %u classes", nc);
  if (nb < 256 || nb > (1u << 24) || (nb & (nb - 1)) != 0)
    return fail(err, errlen, DR_EIO, "bad model: %u buckets", nb);
  if (wtype != DRP_MODEL_W_INT16)
    return fail(err, errlen, DR_EIO, "bad model: unknown weight type %u",
                wtype);
  if (fsize != len)
    return fail(err, errlen, DR_EIO,
                "bad model: file is %zu bytes, header says %llu "
                "(truncated or damaged)",
                len, (unsigned long long)fsize);
  uint64_t wbytes = (uint64_t)nb * nc * 2;
  if (sbytes > len - DRP_MODEL_HEADER || woff % 64 != 0 ||
      woff < (uint64_t)DRP_MODEL_HEADER + sbytes || woff > len ||
      len - woff != wbytes)
    return fail(err, errlen, DR_EIO,
                "bad model: weights do not fit the file (truncated or "
                "damaged)");
  float scale;
  memcpy(&scale, &scale_bits, sizeof scale);
  if (!(scale > 0.0f && scale < 1e30f))
    return fail(err, errlen, DR_EIO, "bad model: bad weight scale");

  /* 3. Strings. */
  const char *s = (const char *)p + DRP_MODEL_HEADER;
  const char *end = s + sbytes;
  const char *strs[3 + DRP_MAX_CLASSES];
  unsigned want = 3 + nc, got = 0;
  while (s < end && got < want) {
    const char *z = memchr(s, '\0', (size_t)(end - s));
    if (!z)
      break;
    strs[got++] = s;
    s = z + 1;
  }
  if (got != want)
    return fail(err, errlen, DR_EIO,
                "bad model: string block holds %u of %u names", got, want);
  for (unsigned c = 0; c < nc; c++) {
    const char *name = strs[3 + c];
    if (!*name)
      return fail(err, errlen, DR_EIO, "bad model: empty class name");
    for (unsigned d = 0; d < c; d++)
      if (strcmp(strs[3 + d], name) == 0)
        return fail(err, errlen, DR_EIO, "bad model: class %s twice", name);
    m->classes[c] = name;
  }
  m->stage = strs[0];
  m->data = strs[1];
  m->command = strs[2];

  /* 4. Checksum and range. */
  if (drp_model_checksum(p + woff, (size_t)wbytes) != sum)
    return fail(err, errlen, DR_EIO,
                "bad model: weights checksum mismatch (damaged file)");
  const unsigned char *wp = p + woff;
  int bad = 0;
  for (size_t i = 0; i < (size_t)wbytes; i += 2) {
    int v = (int16_t)(uint16_t)(wp[i] | wp[i + 1] << 8);
    bad |= v > (int)DRP_W_MAX || v < -(int)DRP_W_MAX;
  }
  if (bad)
    return fail(err, errlen, DR_EIO, "bad model: weight out of range");

  /* 5. Weights and transitions. */
  m->nc = nc;
  m->mask = nb - 1;
  m->scale = scale;
  if (host_is_le() && (uintptr_t)(p + woff) % sizeof(int16_t) == 0) {
    m->w = (const int16_t *)(const void *)(p + woff);
  } else {
    size_t nw = (size_t)nb * nc;
    m->swapped = malloc(nw * sizeof *m->swapped);
    if (!m->swapped)
      return fail(err, errlen, DR_ENOMEM, "out of memory");
    for (size_t i = 0; i < nw; i++) {
      const unsigned char *q = p + woff + 2 * i;
      m->swapped[i] = (int16_t)(uint16_t)(q[0] | q[1] << 8);
    }
    m->w = m->swapped;
  }
  drp_tagger_bio(m->classes, nc, m->ok);
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* Open, free                                                                */
/* ------------------------------------------------------------------------ */

dr_status drp_model_from_memory(const void *mem, size_t len, drp_model **out,
                                char *err, size_t errlen) {
  if (!out)
    return fail(err, errlen, DR_EINVAL, "no output pointer");
  *out = NULL;
  if (!mem && len)
    return fail(err, errlen, DR_EINVAL, "no model bytes");
  drp_model *m = calloc(1, sizeof *m);
  if (!m)
    return fail(err, errlen, DR_ENOMEM, "out of memory");
  m->map = mem;
  m->map_len = len;
  dr_status st = validate(m, err, errlen);
  if (st != DR_OK) {
    drp_model_free(m);
    return st;
  }
  *out = m;
  return DR_OK;
}

dr_status drp_model_open(const char *path, drp_model **out, char *err,
                         size_t errlen) {
  if (!out)
    return fail(err, errlen, DR_EINVAL, "no output pointer");
  *out = NULL;
  if (!path)
    return fail(err, errlen, DR_EINVAL, "no model path");
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return fail(err, errlen, DR_EIO, "cannot open model: %s",
                strerror(errno));
  struct stat stt;
  if (fstat(fd, &stt) != 0) {
    int e = errno;
    close(fd);
    return fail(err, errlen, DR_EIO, "cannot stat model: %s", strerror(e));
  }
  if (!S_ISREG(stt.st_mode)) {
    close(fd);
    return fail(err, errlen, DR_EIO, "model is not a regular file");
  }
  if (stt.st_size < (off_t)DRP_MODEL_HEADER ||
      (uint64_t)stt.st_size > MAX_MODEL_BYTES) {
    close(fd);
    return fail(err, errlen, DR_EIO,
                "not a dramatis model: %lld bytes", (long long)stt.st_size);
  }
  size_t len = (size_t)stt.st_size;
  void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
  int e = errno;
  close(fd);
  if (map == MAP_FAILED)
    return fail(err, errlen, DR_EIO, "cannot map model: %s", strerror(e));
  drp_model *m = calloc(1, sizeof *m);
  if (!m) {
    munmap(map, len);
    return fail(err, errlen, DR_ENOMEM, "out of memory");
  }
  m->map = map;
  m->map_len = len;
  m->mapped = true;
  dr_status st = validate(m, err, errlen);
  if (st != DR_OK) {
    drp_model_free(m);
    return st;
  }
  *out = m;
  return DR_OK;
}

void drp_model_free(drp_model *m) {
  if (!m)
    return;
  if (m->mapped)
    munmap((void *)(uintptr_t)m->map, m->map_len);
  free(m->swapped);
  free(m);
}

const char *drp_model_stage(const drp_model *m) { return m->stage; }
const char *drp_model_data(const drp_model *m) { return m->data; }
const char *drp_model_command(const drp_model *m) { return m->command; }
unsigned drp_model_n_classes(const drp_model *m) { return m->nc; }
uint32_t drp_model_n_buckets(const drp_model *m) { return m->mask + 1; }
float drp_model_scale(const drp_model *m) { return m->scale; }

const char *drp_model_class(const drp_model *m, unsigned c) {
  return c < m->nc ? m->classes[c] : NULL;
}

int drp_model_class_id(const drp_model *m, const char *name) {
  for (unsigned c = 0; c < m->nc; c++)
    if (strcmp(m->classes[c], name) == 0)
      return (int)c;
  return -1;
}

const int16_t *drp_model_row(const drp_model *m, uint32_t b) {
  return m->w + (size_t)(b & m->mask) * m->nc;
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */
/* ------------------------------------------------------------------------ */

dr_status drp_model_write(const char *path, const drp_model_spec *sp,
                          char *err, size_t errlen) {
  if (!path || !sp || !sp->stage || !sp->data || !sp->command ||
      !sp->classes || !sp->weights || sp->n_classes < 1 ||
      sp->n_classes > DRP_MAX_CLASSES || sp->n_buckets < 256 ||
      sp->n_buckets > (1u << 24) || (sp->n_buckets & (sp->n_buckets - 1)))
    return fail(err, errlen, DR_EINVAL, "bad model spec");
  size_t sbytes = strlen(sp->stage) + strlen(sp->data) +
                  strlen(sp->command) + 3;
  for (unsigned c = 0; c < sp->n_classes; c++)
    sbytes += strlen(sp->classes[c]) + 1;
  size_t woff = (DRP_MODEL_HEADER + sbytes + 63) / 64 * 64;
  size_t nw = (size_t)sp->n_buckets * sp->n_classes;
  size_t total = woff + nw * 2;
  unsigned char *buf = calloc(1, total);
  if (!buf)
    return fail(err, errlen, DR_ENOMEM, "out of memory");
  memcpy(buf, DRP_MODEL_MAGIC, 8);
  wr32(buf + 8, DRP_MODEL_VERSION);
  wr32(buf + 12, DRP_FEATURES_VERSION);
  wr32(buf + 16, sp->n_classes);
  wr32(buf + 20, sp->n_buckets);
  wr32(buf + 24, DRP_MODEL_W_INT16);
  wr32(buf + 28, (uint32_t)sbytes);
  wr64(buf + 32, woff);
  wr64(buf + 40, total);
  uint32_t scale_bits;
  memcpy(&scale_bits, &sp->scale, sizeof scale_bits);
  wr32(buf + 48, scale_bits);
  wr32(buf + 56, drp_word_classes_checksum());
  char *s = (char *)buf + DRP_MODEL_HEADER;
  const char *fixed[3] = {sp->stage, sp->data, sp->command};
  for (unsigned i = 0; i < 3 + sp->n_classes; i++) {
    const char *str = i < 3 ? fixed[i] : sp->classes[i - 3];
    size_t n = strlen(str) + 1;
    memcpy(s, str, n);
    s += n;
  }
  for (size_t i = 0; i < nw; i++) {
    uint16_t v = (uint16_t)sp->weights[i];
    buf[woff + 2 * i] = (unsigned char)v;
    buf[woff + 2 * i + 1] = (unsigned char)(v >> 8);
  }
  wr32(buf + 52, drp_model_checksum(buf + woff, nw * 2));
  FILE *f = fopen(path, "wb");
  if (!f) {
    int e = errno;
    free(buf);
    return fail(err, errlen, DR_EIO, "cannot create %s: %s", path,
                strerror(e));
  }
  bool ok = fwrite(buf, 1, total, f) == total;
  ok = (fclose(f) == 0) && ok;
  free(buf);
  if (!ok)
    return fail(err, errlen, DR_EIO, "cannot write %s", path);
  return DR_OK;
}
