/*
 * bench.c -- speed and memory of the pipeline, stage by stage.
 *
 *   dramatis-bench [--runs N] [--json FILE] [--short FILE] [--models DIR]
 *                  FILE...
 *
 * 1. Read every FILE and join them (blank line between) into one text.
 * 2. N times (default 5): make a document and run the stages one by one
 *    (the drp_stages table dr_doc_parse itself uses), timing each; then
 *    time the JSON writer on that document; then time dr_doc_parse +
 *    dr_doc_write_json end to end on a fresh document.  Keep the best run
 *    of each.
 * 3. With --short, time parse + JSON of that small file (start-up cost for
 *    archives of short works), best of N x 50.
 * 4. With --models, time loading DIR/pos.drm and DIR/ner.drm (mmap and
 *    checks) and tagging every sentence of the text with each (the entity
 *    model reads the POS model's classes, so its time includes POS
 *    tagging, and counting the document's words for its document
 *    features; the tagging core is not in analyze yet, so this is reported
 *    beside the pipeline).
 * 5. Print a table of words/s and MB/s per stage and end to end, and the
 *    peak resident memory (the high-water mark once each stage has run in
 *    the first run, and with the JSON output too); with --json, also write
 *    them as JSON.
 *
 * Words are the document's word count (dr_doc_info.words), so words/s means
 * the same thing for every stage.  Times are CLOCK_MONOTONIC, one thread.
 */
#include "internal.h"
#include "tagger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define MAX_STAGES 16

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "dramatis-bench: %s:0: cannot open\n", path);
    return NULL;
  }
  size_t cap = 1 << 20, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (!buf)
      break;
    if (n == cap) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
    }
    size_t k = fread(buf + n, 1, cap - n, f);
    if (k == 0)
      break;
    n += k;
  }
  fclose(f);
  *len = n;
  return buf;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

int main(int argc, char **argv) {
  int runs = 5;
  const char *json_path = NULL, *short_path = NULL, *models = NULL;
  int first = 1;
  for (; first < argc; first++) {
    if (strcmp(argv[first], "--runs") == 0 && first + 1 < argc)
      runs = atoi(argv[++first]);
    else if (strcmp(argv[first], "--json") == 0 && first + 1 < argc)
      json_path = argv[++first];
    else if (strcmp(argv[first], "--short") == 0 && first + 1 < argc)
      short_path = argv[++first];
    else if (strcmp(argv[first], "--models") == 0 && first + 1 < argc)
      models = argv[++first];
    else
      break;
  }
  if (first >= argc || runs < 1) {
    fprintf(stderr, "usage: dramatis-bench [--runs N] [--json FILE] "
                    "[--short FILE] [--models DIR] FILE...\n");
    return 2;
  }

  /* 1. Join the inputs. */
  size_t len = 0, cap = 0;
  char *text = NULL;
  for (int i = first; i < argc; i++) {
    size_t n;
    char *b = read_all(argv[i], &n);
    if (!b)
      return 4;
    if (len + n + 2 > cap) {
      cap = (len + n + 2) * 2;
      char *nt = realloc(text, cap);
      if (!nt)
        return 5;
      text = nt;
    }
    memcpy(text + len, b, n);
    len += n;
    memcpy(text + len, "\n\n", 2);
    len += 2;
    free(b);
  }

  /* 2. Stage by stage, then end to end. */
  double best_stage[MAX_STAGES], best_json = 1e30, best_total = 1e30;
  long rss_after[MAX_STAGES]; /* peak RSS once each stage ran (first run) */
  for (size_t s = 0; s < MAX_STAGES; s++)
    best_stage[s] = 1e30;
  size_t words = 0, json_bytes = 0;
  long rss_pipeline = 0; /* peak RSS once the stages ran, before any JSON */
  dr_buf *buf = dr_buf_new(NULL);
  for (int r = 0; r < runs; r++) {
    dr_doc *d;
    if (drp_doc_new(text, len, NULL, &d) != DR_OK)
      return 5;
    for (size_t s = 0; s < drp_n_stages && s < MAX_STAGES; s++) {
      double t0 = now();
      dr_status st = drp_stages[s].run(d);
      double t = now() - t0;
      if (st != DR_OK) {
        fprintf(stderr, "dramatis-bench: stage %s: %s\n", drp_stages[s].name,
                dr_doc_errmsg(d));
        return 3;
      }
      if (t < best_stage[s])
        best_stage[s] = t;
      if (r == 0)
        rss_after[s] = peak_rss_kb();
    }
    if (r == 0)
      rss_pipeline = peak_rss_kb();
    dr_buf_clear(buf);
    double t0 = now();
    dr_doc_write_json(d, 0, buf);
    double t = now() - t0;
    if (t < best_json)
      best_json = t;
    dr_buf_data(buf, &json_bytes);
    words = d->info.words;
    dr_doc_free(d);

    dr_buf_clear(buf);
    t0 = now();
    if (dr_doc_parse(text, len, NULL, &d) != DR_OK)
      return 3;
    dr_doc_write_json(d, 0, buf);
    t = now() - t0;
    if (t < best_total)
      best_total = t;
    dr_doc_free(d);
  }

  /* 3. A short story, many times. */
  double short_us = 0;
  size_t short_words = 0;
  if (short_path) {
    size_t n;
    char *s = read_all(short_path, &n);
    if (!s)
      return 4;
    double best = 1e30;
    for (int r = 0; r < runs; r++) {
      double t0 = now();
      for (int k = 0; k < 50; k++) {
        dr_doc *d;
        dr_doc_parse(s, n, NULL, &d);
        dr_buf_clear(buf);
        dr_doc_write_json(d, 0, buf);
        short_words = d->info.words;
        dr_doc_free(d);
      }
      double t = (now() - t0) / 50;
      if (t < best)
        best = t;
    }
    short_us = best * 1e6;
    free(s);
  }
  dr_buf_free(buf);

  /* 4. The tagging core (models/pos.drm, models/ner.drm): load time, and
   * every sentence of the text tagged.  analyze does not run it yet, so it
   * is reported beside the pipeline, not in it. */
  static const char *const model_names[2] = {"pos", "ner"};
  double best_load[2] = {1e30, 1e30}, best_tag[2] = {1e30, 1e30};
  long model_bytes[2] = {0, 0}, rss_tag = 0;
  int have_models = 0;
  if (models) {
    dr_doc *d;
    if (dr_doc_parse(text, len, NULL, &d) != DR_OK)
      return 3;
    uint8_t *tags = malloc(d->n_toks ? d->n_toks : 1);
    drp_tag_scratch scr;
    memset(&scr, 0, sizeof scr);
    drp_tag_doc doc;
    memset(&doc, 0, sizeof doc);
    if (!tags)
      return 5;
    have_models = 1;
    /* The entity model's input: the POS model's classes. */
    char ppath[4096];
    snprintf(ppath, sizeof ppath, "%s/pos.drm", models);
    drp_model *pm = NULL;
    char perr[256];
    if (drp_model_open(ppath, &pm, perr, sizeof perr) != DR_OK) {
      fprintf(stderr, "dramatis-bench: %s\n", perr);
      return 4;
    }
    for (int k = 0; k < 2; k++) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s.drm", models, model_names[k]);
      char err[256];
      for (int r = 0; r < runs; r++) {
        drp_model *m = NULL;
        double t0 = now();
        if (drp_model_open(path, &m, err, sizeof err) != DR_OK) {
          fprintf(stderr, "dramatis-bench: %s\n", err);
          return 4;
        }
        double t = now() - t0;
        if (t < best_load[k])
          best_load[k] = t;
        model_bytes[k] = (long)m->map_len;
        t0 = now();
        if (k == 1) {
          /* The entity model reads the document's evidence (feature set
           * 6): its words are counted in one pass first. */
          if (drp_tag_doc_count(&doc, d) != DR_OK)
            return 5;
        }
        scr.doc = k == 1 ? &doc : NULL;
        for (size_t si = 0; si < d->n_sents; si++) {
          const drp_sent *se = &d->sents[si];
          if (drp_tagger_tag_toks(k == 1 ? pm : NULL, m, d->text,
                                  d->toks + se->first_token, se->n_tokens,
                                  tags + se->first_token, &scr) != DR_OK)
            return 5;
        }
        t = now() - t0;
        if (t < best_tag[k])
          best_tag[k] = t;
        drp_model_free(m);
      }
    }
    rss_tag = peak_rss_kb();
    drp_model_free(pm);
    drp_tag_scratch_free(&scr);
    drp_tag_doc_free(&doc);
    free(tags);
    dr_doc_free(d);
  }

  /* 5. Report. */
  double mb = (double)len / 1e6;
  printf("input: %zu bytes, %zu words, %d runs (best of)\n", len, words,
         runs);
  printf("%-12s %12s %14s %10s %14s\n", "stage", "ms", "words/s", "MB/s",
         "peak RSS MB");
  for (size_t s = 0; s < drp_n_stages && s < MAX_STAGES; s++)
    printf("%-12s %12.2f %14.0f %10.1f %14.1f\n", drp_stages[s].name,
           best_stage[s] * 1e3, (double)words / best_stage[s],
           mb / best_stage[s], rss_after[s] / 1024.0);
  printf("%-12s %12.2f %14.0f %10.1f\n", "json", best_json * 1e3,
         (double)words / best_json, mb / best_json);
  printf("%-12s %12.2f %14.0f %10.1f\n", "END TO END", best_total * 1e3,
         (double)words / best_total, mb / best_total);
  long rss = peak_rss_kb();
  printf("peak RSS, ingest -> finish: %.1f MB (input %.1f MB, %.2fx)\n",
         rss_pipeline / 1024.0, mb, rss_pipeline * 1024.0 / (double)len);
  printf("peak RSS, with JSON output: %.1f MB (%.2fx; JSON %zu bytes)\n",
         rss / 1024.0, rss * 1024.0 / (double)len, json_bytes);
  if (short_path)
    printf("short story: %zu words, parse + JSON %.1f us\n", short_words,
           short_us);
  for (int k = 0; have_models && k < 2; k++)
    printf("tagging (%s model%s, not in analyze yet): %.2f ms = %.0f "
           "words/s; model load %.2f ms, %.1f MB on disk\n",
           model_names[k], k == 1 ? " after the pos model" : "", best_tag[k] * 1e3, (double)words / best_tag[k],
           best_load[k] * 1e3, model_bytes[k] / 1e6);
  if (have_models)
    printf("peak RSS with both models loaded and tagging: %.1f MB\n",
           rss_tag / 1024.0);

  if (json_path) {
    FILE *f = fopen(json_path, "w");
    if (!f) {
      fprintf(stderr, "dramatis-bench: %s:0: cannot write\n", json_path);
      return 4;
    }
    fprintf(f, "{\"version\": \"%s\", \"bytes\": %zu, \"words\": %zu, "
               "\"runs\": %d,\n \"stages\": [",
            DR_VERSION, len, words, runs);
    for (size_t s = 0; s < drp_n_stages && s < MAX_STAGES; s++)
      fprintf(f, "%s\n  {\"stage\": \"%s\", \"seconds\": %.6f, "
                 "\"words_per_s\": %.0f, \"peak_rss_bytes\": %ld}",
              s ? "," : "", drp_stages[s].name, best_stage[s],
              (double)words / best_stage[s], rss_after[s] * 1024);
    fprintf(f, ",\n  {\"stage\": \"json\", \"seconds\": %.6f, "
               "\"words_per_s\": %.0f}],\n",
            best_json, (double)words / best_json);
    fprintf(f, " \"end_to_end\": {\"seconds\": %.6f, \"words_per_s\": %.0f},\n",
            best_total, (double)words / best_total);
    fprintf(f, " \"peak_rss_pipeline_bytes\": %ld,\n", rss_pipeline * 1024);
    for (int k = 0; have_models && k < 2; k++)
      fprintf(f, " \"tagging_%s\": {\"seconds\": %.6f, \"words_per_s\": %.0f, "
                 "\"model_load_seconds\": %.6f, \"model_bytes\": %ld},\n",
              model_names[k], best_tag[k], (double)words / best_tag[k],
              best_load[k], model_bytes[k]);
    if (have_models)
      fprintf(f, " \"peak_rss_tagging_bytes\": %ld,\n", rss_tag * 1024);
    fprintf(f, " \"peak_rss_bytes\": %ld,\n \"short_story_us\": %.1f}\n",
            rss * 1024, short_us);
    fclose(f);
  }
  free(text);
  return 0;
}
