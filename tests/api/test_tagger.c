/*
 * test_tagger.c -- the tagging core: the committed models load and tag a
 * few known sentences; damaged model files are refused with a message.
 * Runs from the repository root (models/ relative to it).
 */
#include "harness.h"

#include "internal.h"
#include "tagger.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* Splits a NUL-terminated sentence at spaces into spans (max 64 tokens). */
static size_t split(const char *s, drp_tspan *t) {
  size_t n = 0;
  while (*s && n < 64) {
    while (*s == ' ')
      s++;
    if (!*s)
      break;
    const char *b = s;
    while (*s && *s != ' ')
      s++;
    t[n].s = b;
    t[n].len = (uint32_t)(s - b);
    n++;
  }
  return n;
}

/* Tags s and writes the class names joined by spaces into out. */
static void tag_str(const drp_model *pos, const drp_model *m, const char *s,
                    char *out, size_t cap) {
  drp_tspan t[64] = {{0}};
  uint8_t tags[64] = {0};
  drp_tag_scratch scr = {0};
  size_t n = split(s, t);
  out[0] = '\0';
  if (drp_tagger_tag_pos(pos, m, t, n, tags, &scr) != DR_OK) {
    drp_tag_scratch_free(&scr);
    return;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    int w = snprintf(out + k, cap - k, "%s%s", i ? " " : "",
                     drp_model_class(m, tags[i]));
    if (w < 0 || (size_t)w >= cap - k)
      break;
    k += (size_t)w;
  }
  drp_tag_scratch_free(&scr);
}

/* Writes bytes to a temporary file and tries to open it as a model;
 * returns the status, with the message in err. */
static dr_status open_bytes(const char *bytes, size_t n, char *err,
                            size_t errlen) {
  char path[] = "/tmp/dramatis-test-model-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0)
    return DR_EIO;
  FILE *f = fdopen(fd, "wb");
  if (n)
    fwrite(bytes, 1, n, f);
  fclose(f);
  drp_model *m = (drp_model *)1;
  err[0] = '\0';
  dr_status st = drp_model_open(path, &m, err, errlen);
  if (st == DR_OK)
    drp_model_free(m);
  else
    OK(m == NULL);
  unlink(path);
  return st;
}

static void test_pos(void) {
  char err[256] = "";
  drp_model *m = NULL;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  dr_status st = drp_model_open("models/pos.drm", &m, err, sizeof err);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  INT_EQ(st, DR_OK);
  if (st != DR_OK) {
    fprintf(stderr, "models/pos.drm: %s\n", err);
    return;
  }
  double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
              (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  OK(ms < 500); /* well under 50 ms in Release; generous for sanitizers */
  STR_EQ(drp_model_stage(m), "pos");
  INT_EQ(drp_model_n_classes(m), 17);
  INT_EQ(drp_model_class_id(m, "NOUN"), DRP_UPOS_NOUN);
  INT_EQ(drp_model_class_id(m, "PROPN"), DRP_UPOS_PROPN);
  INT_EQ(drp_model_class_id(m, "NOPE"), -1);
  char out[512];
  tag_str(NULL, m, "The cat sat .", out, sizeof out);
  STR_EQ(out, "DET NOUN VERB PUNCT");
  tag_str(NULL, m, "She did n't know where he had gone .", out, sizeof out);
  STR_EQ(out, "PRON AUX PART VERB ADV PRON AUX VERB PUNCT");
  tag_str(NULL, m, "Elizabeth walked to Longbourn with her sister .", out,
          sizeof out);
  STR_EQ(out, "PROPN VERB ADP PROPN ADP PRON NOUN PUNCT");

  /* Same answer on dramatis tokens. */
  char *buf;
  dr_doc *d = parse_str("The cat sat.", &buf);
  OK(d != NULL);
  if (d) {
    uint8_t tags[8];
    drp_tag_scratch scr = {0};
    INT_EQ(d->n_toks, 4);
    INT_EQ(drp_tagger_tag_toks(NULL, m, d->text, d->toks, d->n_toks, tags,
                               &scr),
           DR_OK);
    STR_EQ(drp_model_class(m, tags[0]), "DET");
    STR_EQ(drp_model_class(m, tags[1]), "NOUN");
    STR_EQ(drp_model_class(m, tags[2]), "VERB");
    STR_EQ(drp_model_class(m, tags[3]), "PUNCT");
    drp_tag_scratch_free(&scr);
    dr_doc_free(d);
  }
  free(buf);

  /* An empty sentence is fine. */
  drp_tag_scratch scr = {0};
  INT_EQ(drp_tagger_tag(m, NULL, 0, NULL, &scr), DR_OK);
  drp_tag_scratch_free(&scr);
  drp_model_free(m);
}

static void test_ner(void) {
  char err[256] = "";
  drp_model *m = NULL;
  dr_status st = drp_model_open("models/ner.drm", &m, err, sizeof err);
  INT_EQ(st, DR_OK);
  if (st != DR_OK) {
    fprintf(stderr, "models/ner.drm: %s\n", err);
    return;
  }
  STR_EQ(drp_model_stage(m), "ner");
  INT_EQ(drp_model_n_classes(m), 13);
  char out[512];
  /* The entity model reads the POS model's classes. */
  drp_model *pm = NULL;
  INT_EQ(drp_model_open("models/pos.drm", &pm, err, sizeof err), DR_OK);
  tag_str(pm, m, "Mr. Darcy smiled .", out, sizeof out);
  STR_EQ(out, "B-PER I-PER O O");
  tag_str(pm, m, "Elizabeth walked to London with Jane .", out, sizeof out);
  STR_EQ(out, "B-PER O O B-GPE O B-PER O");
  tag_str(pm, m, "Her old father sat down .", out, sizeof out);
  STR_EQ(out, "B-PER I-PER I-PER O O O");
  drp_model_free(pm);

  /* Entities read off BIO classes, conlleval-style. */
  const char *cls[] = {"O", "B-PER", "I-PER", "B-LOC", "I-LOC"};
  uint8_t tags[] = {1, 2, 0, 2, 2, 3, 4, 1};
  drp_ent e[8];
  size_t n = drp_bio_spans(cls, 5, tags, 8, e);
  INT_EQ(n, 4);
  INT_EQ(e[0].start, 0);
  INT_EQ(e[0].end, 2);
  INT_EQ(e[0].type, 1);
  INT_EQ(e[1].start, 3); /* a stray I- starts an entity */
  INT_EQ(e[1].end, 5);
  INT_EQ(e[2].type, 3);
  INT_EQ(e[2].end, 7);
  INT_EQ(e[3].start, 7);
  INT_EQ(e[3].end, 8);
  drp_model_free(m);
}

static void test_damaged(void) {
  size_t len = 0;
  char *good = h_read_file("models/pos.drm", &len);
  OK(good != NULL && len > 4096);
  if (!good)
    return;
  char err[256];

  /* The file itself opens; so does an exact copy in memory. */
  INT_EQ(open_bytes(good, len, err, sizeof err), DR_OK);
  char *copy = exact_copy(good, len);
  drp_model *m = NULL;
  INT_EQ(drp_model_from_memory(copy, len, &m, err, sizeof err), DR_OK);
  drp_model_free(m);
  free(copy);

  /* Empty, tiny, truncated (header only, one byte short), one byte over. */
  INT_EQ(open_bytes(good, 0, err, sizeof err), DR_EIO);
  OK(strstr(err, "not a dramatis model") != NULL);
  INT_EQ(open_bytes(good, 10, err, sizeof err), DR_EIO);
  INT_EQ(open_bytes(good, 64, err, sizeof err), DR_EIO);
  OK(strstr(err, "truncated") != NULL);
  INT_EQ(open_bytes(good, len - 1, err, sizeof err), DR_EIO);
  OK(strstr(err, "truncated") != NULL);
  char *big = malloc(len + 1);
  memcpy(big, good, len);
  big[len] = 0;
  INT_EQ(open_bytes(big, len + 1, err, sizeof err), DR_EIO);
  free(big);

  char *bad = malloc(len);
  /* Wrong magic. */
  memcpy(bad, good, len);
  bad[0] = 'X';
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  STR_EQ(err, "not a dramatis model (bad magic)");
  /* Wrong format version. */
  memcpy(bad, good, len);
  bad[8] = 99;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  OK(strstr(err, "unsupported model format version 99") != NULL);
  /* Wrong feature-set version. */
  memcpy(bad, good, len);
  bad[12] = 77;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  OK(strstr(err, "feature set 77") != NULL);
  /* Trained with another word-class table. */
  memcpy(bad, good, len);
  bad[57] ^= 0x01;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  OK(strstr(err, "other word classes") != NULL);
  /* Absurd class and bucket counts. */
  memcpy(bad, good, len);
  bad[16] = 0;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  memcpy(bad, good, len);
  bad[16] = (char)200;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  memcpy(bad, good, len);
  bad[20] = 3;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  memcpy(bad, good, len);
  bad[23] = (char)0x7f;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  /* String block claiming the whole file; weights offset misaligned. */
  memcpy(bad, good, len);
  bad[30] = (char)0xff;
  bad[31] = (char)0xff;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  memcpy(bad, good, len);
  bad[32] += 1;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  /* Strings without their NULs. */
  memcpy(bad, good, len);
  for (size_t i = 64; i < 64 + 200 && i < len; i++)
    if (bad[i] == '\0')
      bad[i] = 'x';
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  /* A flipped weight byte. */
  memcpy(bad, good, len);
  bad[len - 100] ^= 0x10;
  INT_EQ(open_bytes(bad, len, err, sizeof err), DR_EIO);
  OK(strstr(err, "checksum") != NULL);
  free(bad);
  free(good);

  /* Missing file, NULL arguments. */
  m = (drp_model *)1;
  INT_EQ(drp_model_open("models/no-such-model.drm", &m, err, sizeof err),
         DR_EIO);
  OK(m == NULL);
  OK(strstr(err, "cannot open model") != NULL);
  INT_EQ(drp_model_open(NULL, &m, NULL, 0), DR_EINVAL);
  INT_EQ(drp_model_open("models/pos.drm", NULL, NULL, 0), DR_EINVAL);
  drp_model_free(NULL);
}

static void test_write_roundtrip(void) {
  const char *cls[] = {"A", "B"};
  int16_t w[256 * 2];
  for (size_t i = 0; i < 512; i++)
    w[i] = (int16_t)((int)i - 256);
  drp_model_spec sp = {"test", "none", "test_tagger", 2, cls, 256, 0.5f, w};
  char path[] = "/tmp/dramatis-test-model-XXXXXX";
  int fd = mkstemp(path);
  OK(fd >= 0);
  if (fd < 0)
    return;
  close(fd);
  char err[256];
  INT_EQ(drp_model_write(path, &sp, err, sizeof err), DR_OK);
  drp_model *m = NULL;
  INT_EQ(drp_model_open(path, &m, err, sizeof err), DR_OK);
  if (m) {
    STR_EQ(drp_model_stage(m), "test");
    STR_EQ(drp_model_data(m), "none");
    STR_EQ(drp_model_command(m), "test_tagger");
    STR_EQ(drp_model_class(m, 1), "B");
    OK(drp_model_class(m, 2) == NULL);
    INT_EQ(drp_model_n_buckets(m), 256);
    OK(drp_model_scale(m) == 0.5f);
    INT_EQ(drp_model_row(m, 3)[1], 7 - 256);
    drp_model_free(m);
  }
  unlink(path);
  sp.n_buckets = 300;
  INT_EQ(drp_model_write(path, &sp, err, sizeof err), DR_EINVAL);
}

/* Decoding keeps several class sequences: a garden path where the first
 * token alone prefers A (by 2) but B after B scores far more on the
 * second token is tagged "B B", which one-class-at-a-time decoding would
 * miss ("A A", 2 against 14). */
static void test_beam(void) {
  enum { NB = 1 << 16 };
  const char *cls[] = {"A", "B"};
  int16_t *w = calloc((size_t)NB * 2, sizeof *w);
  OK(w != NULL);
  if (!w)
    return;
  drp_tspan t[64] = {{0}};
  drp_tokinfo info[64];
  size_t n = split("xylophone zebra", t);
  drp_tagger_prepare(t, n, info);
  uint32_t f[DRP_MAX_FEATURES];
  size_t k = drp_tagger_static_features(info, n, 0, f);
  OK(k > 1);
  w[(size_t)(f[1] & (NB - 1)) * 2 + 0] = 2; /* F_W0 "xylophone": A */
  k = drp_tagger_class_features_after(info, n, 1, DRP_TAG_START1, 1, f);
  for (size_t j = 0; j < k; j++) /* after B, B */
    w[(size_t)(f[j] & (NB - 1)) * 2 + 1] = 2;
  drp_model_spec sp = {"test", "none", "test_tagger", 2, cls, NB, 1.0f, w};
  char path[] = "/tmp/dramatis-test-beam-XXXXXX";
  int fd = mkstemp(path);
  OK(fd >= 0);
  if (fd >= 0) {
    close(fd);
    char err[256];
    drp_model *m = NULL;
    INT_EQ(drp_model_write(path, &sp, err, sizeof err), DR_OK);
    INT_EQ(drp_model_open(path, &m, err, sizeof err), DR_OK);
    if (m) {
      char out[64];
      tag_str(NULL, m, "xylophone zebra", out, sizeof out);
      STR_EQ(out, DRP_TAG_BEAM > 1 ? "B B" : "A A");
      drp_model_free(m);
    }
    unlink(path);
  }
  free(w);
}

/* What the lexicons know of a word reaches the features: a capitalised
 * given name, non-name or honorific, a lower-case person noun; nothing
 * for other words or for the wrong case. */
static void test_lexicon_flags(void) {
  drp_tspan t[64] = {{0}};
  drp_tokinfo info[64];
  size_t n = split("Mr. Elizabeth London his mother , elizabeth Mother "
                   "table Indians",
                   t);
  drp_tagger_prepare(t, n, info);
  OK(info[0].flags & DRP_TI_HON);
  OK(info[1].flags & DRP_TI_GIVEN);
  OK(info[2].flags & DRP_TI_NONAME);
  INT_EQ(info[3].flags & DRP_TI_LEX, 0);
  OK(info[4].flags & DRP_TI_PNOUN);
  INT_EQ(info[5].flags & DRP_TI_LEX, 0);
  INT_EQ(info[6].flags & DRP_TI_LEX, 0);           /* lower case */
  INT_EQ(info[7].flags & DRP_TI_PNOUN, 0);         /* capitalised */
  INT_EQ(info[8].flags & DRP_TI_LEX, 0);
  OK(info[9].flags & DRP_TI_NONAME);               /* a plural */
}

/* The committed word classes (tagger_clusters.inc, learned from
 * unlabelled text by train/clusters.c): words that keep the same company
 * share a class, whatever their case; a word never seen has none. */
static void test_word_classes(void) {
  drp_tspan t[64] = {{0}};
  drp_tokinfo info[64];
  size_t n = split("said replied Darcy Bingley mother sister London Bath "
                   "SAID said. Qxzzyvk walked ran",
                   t);
  drp_tagger_prepare(t, n, info);
  for (size_t i = 0; i < n; i++)
    if (i != 9 && i != 10)
      OK(info[i].cl >= 1 && info[i].cl <= drp_word_classes());
  INT_EQ(info[0].cl, info[1].cl); /* verbs of speech */
  INT_EQ(info[2].cl, info[3].cl); /* surnames */
  INT_EQ(info[4].cl, info[5].cl); /* kin */
  INT_EQ(info[6].cl, info[7].cl); /* places */
  INT_EQ(info[11].cl, info[12].cl); /* verbs of motion */
  INT_EQ(info[8].cl, info[0].cl);   /* case folded */
  OK(info[0].cl != info[2].cl && info[2].cl != info[4].cl &&
     info[4].cl != info[6].cl && info[0].cl != info[11].cl);
  INT_EQ(info[9].cl, 0);  /* "said." is not a word of the table */
  INT_EQ(info[10].cl, 0); /* unseen */
}

/* Document evidence (feature set 6): each token learns how the same word
 * is written in the rest of its document -- capitalised mid-sentence, in
 * lower case, capitalised at a sentence's start -- itself left out;
 * after an opening quote a word is sentence-initial; no document, no
 * evidence. */
static void test_doc(void) {
  const char *doc[] = {"Bleak House stood by the house .",
                       "\" House and home , \" said Bleak .",
                       "The house of Bleak House was bleak ."};
  drp_tspan t[3][64];
  size_t n[3];
  drp_tag_doc d = {0};
  drp_tag_doc_clear(&d); /* before any growth: fine */
  for (unsigned s = 0; s < 3; s++) {
    memset(t[s], 0, sizeof t[s]);
    n[s] = split(doc[s], t[s]);
    INT_EQ(drp_tag_doc_add(&d, t[s], n[s]), DR_OK);
  }
  drp_tokinfo info[64];
  drp_tagger_prepare(t[0], n[0], info);
  INT_EQ(info[0].doc, 0);
  drp_tagger_prepare_doc(&d, t[0], n[0], info);
  /* "Bleak" (initial): elsewhere 2 capitalised mid-sentence, 1 lower */
  OK(info[0].doc & DRP_DOC_ON);
  INT_EQ(DRP_DOC_CASE(info[0].doc), DRP_CASE_CINIT);
  INT_EQ(DRP_DOC_CMID(info[0].doc), 2);
  INT_EQ(DRP_DOC_LOWER(info[0].doc), 1);
  INT_EQ(DRP_DOC_CINIT(info[0].doc), 0);
  /* "House" (mid): 1 other mid ("Bleak House"), 1 initial (after the
   * quote), 2 lower */
  INT_EQ(DRP_DOC_CASE(info[1].doc), DRP_CASE_CMID);
  INT_EQ(DRP_DOC_CMID(info[1].doc), 1);
  INT_EQ(DRP_DOC_CINIT(info[1].doc), 1);
  INT_EQ(DRP_DOC_LOWER(info[1].doc), 2);
  /* "house" (lower): 2 mid, 1 initial, 1 other lower */
  INT_EQ(DRP_DOC_CASE(info[5].doc), DRP_CASE_LOWER);
  INT_EQ(DRP_DOC_CMID(info[5].doc), 2);
  INT_EQ(DRP_DOC_LOWER(info[5].doc), 1);
  /* "." has no case */
  INT_EQ(DRP_DOC_CASE(info[6].doc), DRP_CASE_OTHER);
  /* With UPOS classes too (nouns ahead and behind: every template),
   * the most features a position has, within DRP_MAX_FEATURES. */
  uint8_t pos[64];
  memset(pos, DRP_UPOS_NOUN, sizeof pos);
  drp_tagger_prepare_pos(t[0], n[0], pos, info);
  drp_tagger_prepare_doc(&d, t[0], n[0], info);
  uint8_t tags[64] = {0};
  uint32_t f[DRP_MAX_FEATURES];
  INT_EQ(drp_tagger_features(info, n[0], 2, tags, f), 63);
  drp_tagger_prepare_doc(NULL, t[0], n[0], info);
  INT_EQ(info[0].doc, 0);
  /* A new document forgets the old one. */
  drp_tag_doc_clear(&d);
  INT_EQ(drp_tag_doc_add(&d, t[1], n[1]), DR_OK);
  drp_tagger_prepare(t[0], n[0], info);
  drp_tagger_prepare_doc(&d, t[0], n[0], info);
  INT_EQ(DRP_DOC_CMID(info[0].doc), 1); /* "said Bleak" only */
  INT_EQ(DRP_DOC_LOWER(info[0].doc), 0);
  drp_tag_doc_free(&d);
  drp_tag_doc_free(&d); /* twice: fine */
  drp_tag_doc_free(NULL);
}

int main(void) {
  test_doc();
  test_lexicon_flags();
  test_word_classes();
  test_pos();
  test_ner();
  test_damaged();
  test_write_roundtrip();
  test_beam();
  DONE();
}
