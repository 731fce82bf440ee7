/*
 * eval_tagger.c -- `dramatis eval pos` and `dramatis eval ner`: score the
 * tagging core's models on pre-tokenised corpora.
 *
 *   dramatis eval pos [--model FILE] [--verbose] FILE.conllu
 *   dramatis eval ner [--model FILE] [--verbose] DIR
 *
 * --model defaults to models/pos.drm and models/ner.drm, relative to the
 * current directory (run from the repository root).
 *
 * 1. Open the model (src/tagger.h: mmap'd and validated; a bad file is one
 *    error line and exit 4).
 * 2. pos: read the CoNLL-U file; each sentence is the FORMs of its
 *    syntactic words (multiword-token ranges and empty nodes skipped), the
 *    gold class its UPOS.  Tag with the model's own tokens -- the corpus's
 *    tokenisation, not dramatis's -- and count correct tokens.  Prints
 *    UPOS accuracy; --verbose adds accuracy per gold tag.
 * 3. ner: read every *.tsv in DIR (LitBank layout: token TAB label ...,
 *    a blank line between sentences; the first label column holds a
 *    token's innermost entity, later columns the entities around it).
 *    Gold is the outermost entities (drp_bio_outermost), as in training.
 *    Tag each sentence (the POS model beside the entity model first: the
 *    entity model reads its classes) and compare entity spans read off the BIO classes
 *    (drp_bio_spans): a predicted entity is correct when its tokens and
 *    type equal a gold one's.  Prints P/R/F1 per type and
 *    micro-averaged; --verbose adds one line per file.
 *
 * This file uses the library's internal tagger API (src/tagger.h), like
 * the benchmark does; the tagger is not part of dramatis.h yet.
 */
#include "cli.h"

#include "tagger.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_POS_MODEL "models/pos.drm"
#define DEFAULT_NER_MODEL "models/ner.drm"
#define MAX_FILE ((size_t)1 << 30)

/* One sentence being gathered: token spans into a file buffer, gold ids. */
#define N_LAYERS 4 /* LitBank label columns */

typedef struct {
  drp_tspan *toks;
  uint8_t *gold, *pred;
  drp_ent *ge, *pe;
  size_t n, cap;
  uint8_t *layers; /* ner: N_LAYERS classes per token */
  drp_ent *lents;  /* ner: scratch for drp_bio_outermost */
  uint8_t *col;    /* ner: ditto */
} sentence;

static bool sent_push(sentence *s, const char *p, size_t len, uint8_t gold) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    drp_tspan *t = realloc(s->toks, cap * sizeof *t);
    if (!t)
      return false;
    s->toks = t;
    uint8_t *g = realloc(s->gold, cap), *pr;
    if (!g)
      return false;
    s->gold = g;
    if (!(pr = realloc(s->pred, cap)))
      return false;
    s->pred = pr;
    drp_ent *e = realloc(s->ge, cap * sizeof *e);
    if (!e)
      return false;
    s->ge = e;
    if (!(e = realloc(s->pe, cap * sizeof *e)))
      return false;
    s->pe = e;
    uint8_t *l = realloc(s->layers, cap * N_LAYERS);
    if (!l)
      return false;
    s->layers = l;
    if (!(e = realloc(s->lents, cap * N_LAYERS * sizeof *e)))
      return false;
    s->lents = e;
    if (!(l = realloc(s->col, cap)))
      return false;
    s->col = l;
    s->cap = cap;
  }
  s->toks[s->n].s = p;
  s->toks[s->n].len = (uint32_t)len;
  s->gold[s->n] = gold;
  s->n++;
  return true;
}

static void sent_free(sentence *s) {
  free(s->toks);
  free(s->gold);
  free(s->pred);
  free(s->ge);
  free(s->pe);
  free(s->layers);
  free(s->lents);
  free(s->col);
}

/* Parses "[--model FILE] [--verbose] ARG"; returns EXIT_OK or usage. */
static int parse_args(int argc, char **argv, const char *what,
                      const char **model, bool *verbose, const char **arg) {
  *arg = NULL;
  *verbose = false;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
      *model = argv[++i];
    } else if (strcmp(argv[i], "--verbose") == 0) {
      *verbose = true;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "dramatis: eval %s: unknown option '%s'\n", what,
              argv[i]);
      *arg = NULL;
      break;
    } else if (!*arg) {
      *arg = argv[i];
    } else {
      *arg = NULL;
      break;
    }
  }
  if (!*arg) {
    fprintf(stderr,
            "usage: dramatis eval %s [--model FILE] [--verbose] %s\n"
            "  --model FILE  the model (default %s, relative to the current "
            "directory)\n",
            what, strcmp(what, "pos") == 0 ? "FILE.conllu" : "DIR",
            strcmp(what, "pos") == 0 ? DEFAULT_POS_MODEL : DEFAULT_NER_MODEL);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

static int open_model(const char *path, const char *stage, drp_model **m) {
  char err[256];
  if (drp_model_open(path, m, err, sizeof err) != DR_OK) {
    cli_error(path, 0, "%s", err);
    return EXIT_IO;
  }
  if (strcmp(drp_model_stage(*m), stage) != 0) {
    cli_error(path, 0, "a '%s' model, not a '%s' one", drp_model_stage(*m),
              stage);
    drp_model_free(*m);
    *m = NULL;
    return EXIT_IO;
  }
  return EXIT_OK;
}

/* Splits the next line off [*p, end): returns its start, sets *len (no
 * line end) and advances *p. */
static const char *next_line(const char **p, const char *end, size_t *len) {
  const char *s = *p;
  const char *nl = memchr(s, '\n', (size_t)(end - s));
  const char *e = nl ? nl : end;
  *p = nl ? nl + 1 : end;
  if (e > s && e[-1] == '\r')
    e--;
  *len = (size_t)(e - s);
  return s;
}

/* The i-th tab-separated field of line[0, len) (i from 0). */
static bool field(const char *line, size_t len, unsigned i, const char **f,
                  size_t *flen) {
  const char *s = line, *end = line + len;
  for (unsigned k = 0; k < i; k++) {
    const char *t = memchr(s, '\t', (size_t)(end - s));
    if (!t)
      return false;
    s = t + 1;
  }
  const char *t = memchr(s, '\t', (size_t)(end - s));
  *f = s;
  *flen = (size_t)((t ? t : end) - s);
  return true;
}

static int class_id(const drp_model *m, const char *s, size_t n) {
  char buf[64];
  if (n >= sizeof buf)
    return -1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return drp_model_class_id(m, buf);
}

/* ------------------------------------------------------------------------ */
/* eval pos                                                                  */
/* ------------------------------------------------------------------------ */

int cli_eval_pos(int argc, char **argv) {
  const char *model = DEFAULT_POS_MODEL, *path;
  bool verbose;
  int rc = parse_args(argc, argv, "pos", &model, &verbose, &path);
  if (rc != EXIT_OK)
    return rc;
  drp_model *m = NULL;
  if ((rc = open_model(model, "pos", &m)) != EXIT_OK)
    return rc;
  cli_file f;
  if ((rc = cli_read_file(path, MAX_FILE, &f)) != EXIT_OK) {
    drp_model_free(m);
    return rc;
  }
  sentence s = {0};
  drp_tag_scratch scr = {0};
  size_t total = 0, correct = 0;
  size_t per_total[DRP_MAX_CLASSES] = {0}, per_correct[DRP_MAX_CLASSES] = {0};
  const char *p = f.data, *end = f.data + f.len;
  size_t lineno = 0;
  double seconds = 0;
  rc = EXIT_OK;
  while (p <= end && rc == EXIT_OK) {
    bool last = p == end;
    size_t len = 0;
    const char *line = last ? p : next_line(&p, end, &len);
    lineno++;
    if (len == 0) {
      if (s.n) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (drp_tagger_tag(m, s.toks, s.n, s.pred, &scr) != DR_OK) {
          fprintf(stderr, "dramatis: out of memory\n");
          rc = EXIT_LIMIT;
          break;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        seconds += (double)(t1.tv_sec - t0.tv_sec) +
                   (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        for (size_t i = 0; i < s.n; i++) {
          bool ok = s.pred[i] == s.gold[i];
          correct += ok;
          per_total[s.gold[i]]++;
          per_correct[s.gold[i]] += ok;
        }
        total += s.n;
        s.n = 0;
      }
      if (last)
        break;
      continue;
    }
    if (line[0] == '#')
      continue;
    const char *id, *form, *upos;
    size_t idl, forml, uposl;
    if (!field(line, len, 0, &id, &idl) || !field(line, len, 1, &form, &forml) ||
        !field(line, len, 3, &upos, &uposl)) {
      cli_error(path, (size_t)(line - f.data), "line %zu: too few columns",
                lineno);
      rc = EXIT_IO;
      break;
    }
    if (memchr(id, '-', idl) || memchr(id, '.', idl))
      continue;
    int g = class_id(m, upos, uposl);
    if (g < 0) {
      cli_error(path, (size_t)(line - f.data), "line %zu: unknown UPOS '%.*s'",
                lineno, (int)uposl, upos);
      rc = EXIT_IO;
      break;
    }
    if (!sent_push(&s, form, forml, (uint8_t)g)) {
      fprintf(stderr, "dramatis: out of memory\n");
      rc = EXIT_LIMIT;
    }
  }
  if (rc == EXIT_OK) {
    printf("%s: UPOS accuracy %.4f (%zu/%zu tokens), model %s, %.1f M "
           "tokens/s\n",
           path, total ? (double)correct / (double)total : 0.0, correct, total,
           model, seconds > 0 ? (double)total / seconds / 1e6 : 0.0);
    if (verbose)
      for (unsigned c = 0; c < drp_model_n_classes(m); c++)
        printf("  %-6s %6zu tokens  accuracy %.4f\n", drp_model_class(m, c),
               per_total[c],
               per_total[c] ? (double)per_correct[c] / per_total[c] : 0.0);
  }
  sent_free(&s);
  drp_tag_scratch_free(&scr);
  cli_file_free(&f);
  drp_model_free(m);
  return rc;
}

/* ------------------------------------------------------------------------ */
/* eval ner                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct {
  size_t tp[DRP_MAX_CLASSES], gold[DRP_MAX_CLASSES], pred[DRP_MAX_CLASSES];
} ner_score;

static void score_sentence(const drp_model *m, sentence *s, ner_score *sc) {
  unsigned nc = drp_model_n_classes(m);
  const char *classes[DRP_MAX_CLASSES];
  for (unsigned c = 0; c < nc; c++)
    classes[c] = drp_model_class(m, c);
  drp_bio_outermost(classes, nc, s->layers, s->n, N_LAYERS, s->gold,
                    s->lents, s->col);
  size_t np = drp_bio_spans(classes, nc, s->pred, s->n, s->pe);
  size_t ng = drp_bio_spans(classes, nc, s->gold, s->n, s->ge);
  for (size_t i = 0; i < np; i++)
    sc->pred[s->pe[i].type]++;
  for (size_t i = 0; i < ng; i++)
    sc->gold[s->ge[i].type]++;
  /* Both lists are sorted by start and do not overlap. */
  for (size_t i = 0, j = 0; i < np && j < ng;) {
    const drp_ent *x = &s->pe[i], *y = &s->ge[j];
    if (x->start == y->start && x->end == y->end) {
      sc->tp[x->type] += x->type == y->type;
      i++, j++;
    } else if (x->start < y->start) {
      i++;
    } else {
      j++;
    }
  }
}

static double f1(size_t tp, size_t g, size_t p) {
  double pr = p ? (double)tp / (double)p : 0;
  double rc = g ? (double)tp / (double)g : 0;
  return pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Scores one TSV file, adding to *sc.  The file is one document: a first
 * pass counts its words into doc, the second tags (the entity model reads
 * the document's evidence, feature set 6). */
static int eval_ner_file(const drp_model *pm, const drp_model *m,
                         const char *path, sentence *s, drp_tag_scratch *scr,
                         drp_tag_doc *doc, ner_score *sc) {
  cli_file f;
  int rc = cli_read_file(path, MAX_FILE, &f);
  if (rc != EXIT_OK)
    return rc;
  int o = drp_model_class_id(m, "O");
  drp_tag_doc_clear(doc);
  for (int pass = 0; pass < 2 && rc == EXIT_OK; pass++) {
    const char *p = f.data, *end = f.data + f.len;
    s->n = 0;
    while (rc == EXIT_OK) {
      bool last = p == end;
      size_t len = 0;
      const char *line = last ? p : next_line(&p, end, &len);
      const char *tok = NULL, *lab = NULL;
      size_t tokl = 0, labl = 0;
      if (len)
        field(line, len, 0, &tok, &tokl);
      if (len && tokl == 0)
        continue; /* no token: skipped, as train_tagger does */
      if (len == 0) {
        if (s->n && pass == 0) {
          if (drp_tag_doc_add(doc, s->toks, s->n) != DR_OK) {
            fprintf(stderr, "dramatis: out of memory\n");
            rc = EXIT_LIMIT;
            break;
          }
          s->n = 0;
        } else if (s->n) {
          scr->doc = doc;
          dr_status st =
              drp_tagger_tag_pos(pm, m, s->toks, s->n, s->pred, scr);
          scr->doc = NULL;
          if (st != DR_OK) {
            fprintf(stderr, "dramatis: out of memory\n");
            rc = EXIT_LIMIT;
            break;
          }
          score_sentence(m, s, sc);
          s->n = 0;
        }
        if (last)
          break;
        continue;
      }
      if (tokl > UINT32_MAX || !sent_push(s, tok, tokl, 0)) {
        fprintf(stderr, "dramatis: out of memory\n");
        rc = EXIT_LIMIT;
        break;
      }
      for (unsigned l = 0; l < N_LAYERS; l++) {
        int g = o < 0 ? 0 : o;
        if (field(line, len, 1 + l, &lab, &labl)) {
          int c = class_id(m, lab, labl);
          if (c >= 0)
            g = c; /* labels the model lacks count as O */
        }
        s->layers[(s->n - 1) * N_LAYERS + l] = (uint8_t)g;
      }
    }
  }
  cli_file_free(&f);
  return rc;
}

int cli_eval_ner(int argc, char **argv) {
  const char *model = DEFAULT_NER_MODEL, *dir;
  bool verbose;
  int rc = parse_args(argc, argv, "ner", &model, &verbose, &dir);
  if (rc != EXIT_OK)
    return rc;
  drp_model *m = NULL, *pm = NULL;
  if ((rc = open_model(model, "ner", &m)) != EXIT_OK)
    return rc;
  /* The entity model reads the classes of the POS model beside it. */
  const char *slash = strrchr(model, '/');
  size_t mdl = slash ? (size_t)(slash - model) + 1 : 0;
  char *ppath = malloc(mdl + sizeof "pos.drm");
  if (!ppath) {
    drp_model_free(m);
    return EXIT_LIMIT;
  }
  memcpy(ppath, model, mdl);
  memcpy(ppath + mdl, "pos.drm", sizeof "pos.drm");
  rc = open_model(ppath, "pos", &pm);
  free(ppath);
  if (rc != EXIT_OK) {
    drp_model_free(m);
    return rc;
  }
  DIR *d = opendir(dir);
  if (!d) {
    cli_error(dir, 0, "%s", strerror(errno));
    drp_model_free(m);
    drp_model_free(pm);
    return EXIT_IO;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  rc = EXIT_OK;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l <= 4 || strcmp(e->d_name + l - 4, ".tsv") != 0)
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        rc = EXIT_LIMIT;
        break;
      }
      names = nn;
    }
    size_t dl = strlen(dir);
    char *full = malloc(dl + l + 2);
    if (!full) {
      rc = EXIT_LIMIT;
      break;
    }
    memcpy(full, dir, dl);
    full[dl] = '/';
    memcpy(full + dl + 1, e->d_name, l + 1);
    names[n++] = full;
  }
  closedir(d);
  if (rc == EXIT_OK && n == 0) {
    cli_error(dir, 0, "no .tsv files");
    rc = EXIT_IO;
  }
  if (n)
    qsort(names, n, sizeof *names, cmp_name);
  sentence s = {0};
  drp_tag_scratch scr = {0};
  drp_tag_doc doc = {0};
  ner_score all = {0};
  unsigned nc = drp_model_n_classes(m);
  for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
    ner_score one = {0};
    rc = eval_ner_file(pm, m, names[i], &s, &scr, &doc, &one);
    size_t tp = 0, g = 0, p = 0;
    for (unsigned c = 0; c < nc; c++) {
      all.tp[c] += one.tp[c], all.gold[c] += one.gold[c],
          all.pred[c] += one.pred[c];
      tp += one.tp[c], g += one.gold[c], p += one.pred[c];
    }
    if (verbose && rc == EXIT_OK)
      printf("  %-60s gold %5zu  pred %5zu  F1 %.4f\n", names[i], g, p,
             f1(tp, g, p));
  }
  if (rc == EXIT_OK) {
    printf("%s: %zu files, model %s (exact entity spans)\n", dir, n, model);
    printf("  %-6s %6s %6s %6s %7s %7s %7s\n", "type", "gold", "pred", "tp",
           "P", "R", "F1");
    size_t tp = 0, g = 0, p = 0;
    for (unsigned c = 0; c < nc; c++) {
      const char *name = drp_model_class(m, c);
      if (strncmp(name, "B-", 2) != 0)
        continue;
      printf("  %-6s %6zu %6zu %6zu %7.4f %7.4f %7.4f\n", name + 2,
             all.gold[c], all.pred[c], all.tp[c],
             all.pred[c] ? (double)all.tp[c] / all.pred[c] : 0.0,
             all.gold[c] ? (double)all.tp[c] / all.gold[c] : 0.0,
             f1(all.tp[c], all.gold[c], all.pred[c]));
      tp += all.tp[c], g += all.gold[c], p += all.pred[c];
    }
    printf("  %-6s %6zu %6zu %6zu %7.4f %7.4f %7.4f\n", "micro", g, p, tp,
           p ? (double)tp / p : 0.0, g ? (double)tp / g : 0.0, f1(tp, g, p));
  }
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  sent_free(&s);
  drp_tag_scratch_free(&scr);
  drp_tag_doc_free(&doc);
  drp_model_free(m);
  drp_model_free(pm);
  return rc;
}
