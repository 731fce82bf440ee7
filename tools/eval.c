/*
 * eval.c -- `dramatis eval`: score the library against annotated corpora.
 *
 *   dramatis eval quotes [--verbose] [--examples N] [--min-recall R]
 *                        [--min-precision P] DIR
 *
 * `eval quotes` reads every subfolder of DIR that holds novel_text.txt and
 * quotes.tsv (the PDNC layout; sorted by name) and scores the quotes the
 * library finds (dr_quote_*, public API only) against the gold pieces:
 *
 * 1. Load.  quotes.tsv has a header line, then one row per quote piece:
 *    quote_id, part, start, end, ... (tab-separated; byte offsets into
 *    novel_text.txt, quotation marks excluded).  Only start and end are
 *    used.  Rows with end <= start are skipped.
 * 2. Analyse novel_text.txt with dr_doc_parse (timed).
 * 3. Match.  Gold pieces and output quotes are sorted by start; each span
 *    is matched against the spans of the other side that overlap it (found
 *    by binary search and a running maximum of ends, so the cost is
 *    O(n log n) plus the overlaps).
 *    - A gold piece is found when one output quote covers at least half of
 *      its bytes.
 *    - Precision is over utterances: top-level output quotes (a quote
 *      nested in another, `parent` set, is part of its parent's utterance;
 *      PDNC ends a piece where a nested quotation begins and does not
 *      annotate the nested one, so it is reported in its own column and
 *      not scored).  A top-level quote is correct when at least half of
 *      its bytes lie in one gold piece, or it covers at least half of one
 *      gold piece (pieces split differently are not penalised).
 * 4. Report one row per novel and an overall (micro-averaged) row; with
 *    --verbose, some misses and false positives per novel with context.
 *    Exit 1 if a novel is under --min-recall or --min-precision.
 *
 * Errors (DIR unreadable, no novels, a malformed row) are one line,
 * "dramatis: PATH:BYTE: message", and exit 4.  The dispatcher (cli_eval)
 * leaves room for other evaluations (characters, speakers).
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
  size_t start, end;
} span;

typedef struct {
  char *name;
  size_t gold, out, found, correct;
  size_t nested; /* nested quotes: found, not scored for precision */
  double seconds;
  size_t bytes;
} novel_score;

/* ------------------------------------------------------------------------ */
/* Spans                                                                     */
/* ------------------------------------------------------------------------ */

static int cmp_span(const void *a, const void *b) {
  const span *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return 0;
}

static size_t overlap(span a, span b) {
  size_t s = a.start > b.start ? a.start : b.start;
  size_t e = a.end < b.end ? a.end : b.end;
  return e > s ? e - s : 0;
}

/* A side of the match: spans sorted by start, and maxend[i] = the largest
 * end among spans [0, i]. */
typedef struct {
  span *v;
  size_t n;
  size_t *maxend;
} side;

static int side_init(side *sd) {
  qsort(sd->v, sd->n, sizeof *sd->v, cmp_span);
  sd->maxend = malloc((sd->n ? sd->n : 1) * sizeof *sd->maxend);
  if (!sd->maxend)
    return -1;
  size_t m = 0;
  for (size_t i = 0; i < sd->n; i++) {
    if (sd->v[i].end > m)
      m = sd->v[i].end;
    sd->maxend[i] = m;
  }
  return 0;
}

/* Calls f for every span of sd that overlaps x.  f returns nonzero to
 * stop; returns that value, or 0. */
static int each_overlap(const side *sd, span x,
                        int (*f)(span x, span y, void *ctx), void *ctx) {
  /* First index with start >= x.end: every overlapping span is before. */
  size_t lo = 0, hi = sd->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (sd->v[mid].start < x.end)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i-- > 0;) {
    if (sd->maxend[i] <= x.start)
      break;
    if (overlap(sd->v[i], x) > 0) {
      int r = f(x, sd->v[i], ctx);
      if (r)
        return r;
    }
  }
  return 0;
}

/* gold x is found by output y */
static int covers_half(span x, span y, void *ctx) {
  (void)ctx;
  return overlap(x, y) * 2 >= x.end - x.start;
}

/* output x is correct against gold y */
static int half_inside(span x, span y, void *ctx) {
  (void)ctx;
  size_t o = overlap(x, y);
  return o * 2 >= x.end - x.start || o * 2 >= y.end - y.start;
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */
/* ------------------------------------------------------------------------ */

/* Parses quotes.tsv; returns EXIT_OK or an exit code (message printed). */
static int load_gold(const char *path, side *g) {
  cli_file f;
  int rc = cli_read_file(path, DR_HARD_MAX_BYTES, &f);
  if (rc != EXIT_OK)
    return rc;
  size_t cap = 1024;
  g->v = malloc(cap * sizeof *g->v);
  g->n = 0;
  if (!g->v) {
    cli_file_free(&f);
    cli_error(path, 0, "out of memory");
    return EXIT_LIMIT;
  }
  const char *s = f.data, *end = f.data + f.len;
  bool header = true;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl : end;
    size_t off = (size_t)(s - f.data);
    if (header || le == s || (le - s == 1 && *s == '\r')) {
      header = false;
      s = nl ? nl + 1 : end;
      continue;
    }
    /* Fields 3 and 4 (start, end). */
    const char *p = s;
    int field = 0;
    unsigned long long v[2] = {0, 0};
    bool ok = true;
    while (field < 4 && p < le) {
      const char *t = memchr(p, '\t', (size_t)(le - p));
      const char *fe = t ? t : le;
      if (field >= 2) {
        if (fe == p)
          ok = false;
        unsigned long long x = 0;
        for (const char *q = p; q < fe && ok; q++) {
          if (*q < '0' || *q > '9' || x > (unsigned long long)1 << 40)
            ok = false;
          else
            x = x * 10 + (unsigned long long)(*q - '0');
        }
        v[field - 2] = x;
      }
      field++;
      p = t ? t + 1 : le;
    }
    if (!ok || field < 4) {
      cli_error(path, off, "malformed row: need quote_id, part, start, end");
      free(g->v);
      g->v = NULL;
      cli_file_free(&f);
      return EXIT_IO;
    }
    if (v[1] > v[0]) {
      if (g->n == cap) {
        cap += cap / 2;
        span *nv = realloc(g->v, cap * sizeof *nv);
        if (!nv) {
          free(g->v);
          g->v = NULL;
          cli_file_free(&f);
          cli_error(path, off, "out of memory");
          return EXIT_LIMIT;
        }
        g->v = nv;
      }
      g->v[g->n].start = (size_t)v[0];
      g->v[g->n].end = (size_t)v[1];
      g->n++;
    }
    s = nl ? nl + 1 : end;
  }
  cli_file_free(&f);
  return EXIT_OK;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

bool cli_is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *cli_join(const char *a, const char *b, const char *c) {
  size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
  char *p = malloc(n);
  if (p)
    snprintf(p, n, "%s/%s%s%s", a, b, *c ? "/" : "", c);
  return p;
}

size_t cli_unqualified(const char *s, size_t n) {
  for (size_t i = 1; i + 3 <= n; i++)
    if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ')
      return i;
  return n;
}

int cli_list_novels(const char *dir, const char *needs, char ***names,
                    size_t *n) {
  *names = NULL;
  *n = 0;
  DIR *dh = opendir(dir);
  if (!dh) {
    cli_error(dir, 0, "%s", strerror(errno));
    return EXIT_IO;
  }
  size_t cap = 0;
  struct dirent *e;
  int rc = EXIT_OK;
  while ((e = readdir(dh)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char *t = cli_join(dir, e->d_name, "novel_text.txt");
    char *q = cli_join(dir, e->d_name, needs);
    bool ok = t && q && cli_is_file(t) && cli_is_file(q);
    free(t);
    free(q);
    if (!ok)
      continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 32;
      char **nn = realloc(*names, cap * sizeof *nn);
      if (!nn) {
        rc = EXIT_LIMIT;
        break;
      }
      *names = nn;
    }
    (*names)[*n] = malloc(strlen(e->d_name) + 1);
    if (!(*names)[*n]) {
      rc = EXIT_LIMIT;
      break;
    }
    strcpy((*names)[*n], e->d_name);
    (*n)++;
  }
  closedir(dh);
  if (rc != EXIT_OK) {
    cli_free_names(*names, *n);
    *names = NULL;
    *n = 0;
    cli_error(dir, 0, "out of memory");
    return rc;
  }
  if (*n == 0) {
    cli_error(dir, 0,
              "no novel folders (each needs novel_text.txt and %s)", needs);
    return EXIT_IO;
  }
  qsort(*names, *n, sizeof **names, cmp_str);
  return EXIT_OK;
}

void cli_free_names(char **names, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

/* ------------------------------------------------------------------------ */
/* Reporting                                                                 */
/* ------------------------------------------------------------------------ */

/* Prints text[a, b) on one line, with line ends shown as \n, at most max
 * bytes (the middle elided). */
static void show(const char *text, size_t a, size_t b, size_t max) {
  for (size_t i = a; i < b; i++) {
    if (b - a > max && i == a + max / 2) {
      fputs(" ... ", stdout);
      i = b - max / 2;
    }
    unsigned char c = (unsigned char)text[i];
    if (c == '\n')
      fputs("\\n", stdout);
    else if (c == '\r')
      fputs("\\r", stdout);
    else if (c == '\t')
      fputs("\\t", stdout);
    else
      putchar(c);
  }
}

static void example(const char *what, const char *text, size_t len, span x) {
  size_t a = x.start > 40 ? x.start - 40 : 0;
  size_t b = x.end + 40 < len ? x.end + 40 : len;
  /* Do not cut a UTF-8 sequence. */
  while (a > 0 && ((unsigned char)text[a] & 0xC0) == 0x80)
    a--;
  while (b < len && ((unsigned char)text[b] & 0xC0) == 0x80)
    b++;
  printf("    %s %zu-%zu: ", what, x.start, x.end);
  show(text, a, x.start, 60);
  fputs("[[", stdout);
  show(text, x.start, x.end, 120);
  fputs("]]", stdout);
  show(text, x.end, b, 60);
  putchar('\n');
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cli_load_novel(const char *path, const char *cast, size_t cast_len,
                   cli_file *f, dr_doc **doc, double *seconds) {
  *seconds = 0;
  int rc = cli_read_file(path, DR_HARD_MAX_BYTES, f);
  if (rc != EXIT_OK)
    return rc;
  dr_options opt;
  memset(&opt, 0, sizeof opt);
  opt.source = path;
  opt.max_bytes = DR_HARD_MAX_BYTES;
  opt.cast = cast;
  opt.cast_len = cast_len;
  double t0 = now();
  rc = cli_parse(path, f, &opt, doc);
  *seconds = now() - t0;
  return rc;
}

static void print_row(const novel_score *s) {
  double r = s->gold ? (double)s->found / (double)s->gold : 1.0;
  double p = s->out ? (double)s->correct / (double)s->out : 1.0;
  printf("%-30s %7zu %7zu %7zu %7zu  %.4f %7zu  %.4f\n", s->name, s->gold,
         s->out, s->nested,
         s->found, r, s->correct, p);
}

/* ------------------------------------------------------------------------ */
/* eval quotes                                                               */
/* ------------------------------------------------------------------------ */

static int score_novel(const char *dir, const char *name, bool verbose,
                       size_t examples, novel_score *sc) {
  memset(sc, 0, sizeof *sc);
  char *tpath = cli_join(dir, name, "novel_text.txt");
  char *qpath = cli_join(dir, name, "quotes.tsv");
  side g = {NULL, 0, NULL}, o = {NULL, 0, NULL};
  cli_file f = {NULL, 0};
  dr_doc *doc = NULL;
  int rc = EXIT_OK;
  if (!tpath || !qpath) {
    cli_error(dir, 0, "out of memory");
    rc = EXIT_LIMIT;
    goto done;
  }
  rc = load_gold(qpath, &g);
  if (rc != EXIT_OK)
    goto done;
  rc = cli_load_novel(tpath, NULL, 0, &f, &doc, &sc->seconds);
  sc->bytes = f.len;
  if (rc != EXIT_OK)
    goto done;
  size_t nq = dr_quote_count(doc);
  o.n = 0;
  o.v = malloc((nq ? nq : 1) * sizeof *o.v);
  if (!o.v) {
    cli_error(tpath, 0, "out of memory");
    rc = EXIT_LIMIT;
    goto done;
  }
  for (size_t i = 0; i < nq; i++) {
    const dr_quote *q = dr_quote_at(doc, i);
    if (q->parent != DR_NONE) {
      sc->nested++;
      continue;
    }
    o.v[o.n].start = q->start;
    o.v[o.n].end = q->end;
    o.n++;
  }
  if (side_init(&g) || side_init(&o)) {
    cli_error(tpath, 0, "out of memory");
    rc = EXIT_LIMIT;
    goto done;
  }
  sc->gold = g.n;
  sc->out = o.n;
  for (size_t i = 0; i < g.n; i++)
    if (each_overlap(&o, g.v[i], covers_half, NULL))
      sc->found++;
  for (size_t i = 0; i < o.n; i++)
    if (each_overlap(&g, o.v[i], half_inside, NULL))
      sc->correct++;
  sc->name = (char *)name;
  print_row(sc);
  if (verbose) {
    size_t shown = 0;
    for (size_t i = 0; i < g.n && shown < examples; i++)
      if (!each_overlap(&o, g.v[i], covers_half, NULL)) {
        example("miss", f.data, f.len, g.v[i]);
        shown++;
      }
    shown = 0;
    for (size_t i = 0; i < o.n && shown < examples; i++)
      if (!each_overlap(&g, o.v[i], half_inside, NULL)) {
        example("false", f.data, f.len, o.v[i]);
        shown++;
      }
  }
done:
  dr_doc_free(doc);
  cli_file_free(&f);
  free(g.v);
  free(g.maxend);
  free(o.v);
  free(o.maxend);
  free(tpath);
  free(qpath);
  return rc;
}

int cli_parse_ratio(const char *opt, const char *arg, double *out) {
  char *end;
  errno = 0;
  double v = arg ? strtod(arg, &end) : 0;
  if (!arg || errno || *end || v < 0 || v > 1) {
    fprintf(stderr, "dramatis: eval: %s needs a number from 0 to 1\n", opt);
    return -1;
  }
  *out = v;
  return 0;
}

int cli_parse_count(const char *opt, const char *arg, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = arg && *arg ? strtoull(arg, &end, 10) : 0;
  if (!arg || !*arg || errno || *end) {
    fprintf(stderr, "dramatis: eval: %s needs a count\n", opt);
    return -1;
  }
  *out = (size_t)v;
  return 0;
}

int cli_eval_args(const char *what, const char *usage, int argc, char **argv,
                  const cli_opt *opts, size_t n, const char **arg) {
  *arg = NULL;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const cli_opt *o = NULL;
    for (size_t k = 0; k < n && !o; k++)
      if (strcmp(a, opts[k].name) == 0 ||
          (strcmp(a, "-v") == 0 && strcmp(opts[k].name, "--verbose") == 0))
        o = &opts[k];
    if (o) {
      const char *v = o->type == CLI_FLAG ? NULL
                      : i + 1 < argc      ? argv[++i]
                                          : NULL;
      if (o->type == CLI_FLAG)
        *(bool *)o->out = true;
      else if (o->type == CLI_RATIO ? cli_parse_ratio(a, v, o->out)
                                    : cli_parse_count(a, v, o->out))
        return EXIT_USAGE;
      if (o->set)
        *o->set = true;
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "dramatis: eval %s: unknown option %s\n", what, a);
      return EXIT_USAGE;
    } else if (*arg) {
      fprintf(stderr, "dramatis: eval %s: takes one argument\n", what);
      return EXIT_USAGE;
    } else {
      *arg = a;
    }
  }
  if (!*arg) {
    fprintf(stderr, "usage: %s\n", usage);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

static int eval_quotes(int argc, char **argv) {
  bool verbose = false;
  double min_r = 0, min_p = 0;
  size_t examples = 8;
  const char *dir = NULL;
  bool examples_set = false;
  const cli_opt opts[] = {
      {"--verbose", CLI_FLAG, &verbose, NULL},
      {"--min-recall", CLI_RATIO, &min_r, NULL},
      {"--min-precision", CLI_RATIO, &min_p, NULL},
      {"--examples", CLI_COUNT, &examples, &examples_set},
  };
  if (cli_eval_args("quotes",
                    "dramatis eval quotes [--verbose] [--examples N] "
                    "[--min-recall R] [--min-precision P] DIR",
                    argc, argv, opts, sizeof opts / sizeof opts[0], &dir))
    return EXIT_USAGE;
  if (examples_set)
    verbose = true;
  char **names;
  size_t n;
  int rc = cli_list_novels(dir, "quotes.tsv", &names, &n);
  if (rc != EXIT_OK)
    return rc;
  printf("%-30s %7s %7s %7s %7s  %-6s %7s  %-6s\n", "novel", "gold",
         "quotes", "nested", "found", "recall", "correct", "precision");
  novel_score tot;
  memset(&tot, 0, sizeof tot);
  tot.name = "overall";
  size_t below = 0;
  for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
    novel_score sc;
    rc = score_novel(dir, names[i], verbose, examples, &sc);
    if (rc != EXIT_OK)
      break;
    tot.gold += sc.gold;
    tot.out += sc.out;
    tot.found += sc.found;
    tot.nested += sc.nested;
    tot.correct += sc.correct;
    tot.seconds += sc.seconds;
    tot.bytes += sc.bytes;
    double r = sc.gold ? (double)sc.found / (double)sc.gold : 1.0;
    double p = sc.out ? (double)sc.correct / (double)sc.out : 1.0;
    if (r < min_r || p < min_p)
      below++;
  }
  if (rc == EXIT_OK) {
    print_row(&tot);
    printf("analysed %.1f MB in %.3f s (%.1f MB/s, whole pipeline)\n",
           (double)tot.bytes / 1e6, tot.seconds,
           tot.seconds > 0 ? (double)tot.bytes / 1e6 / tot.seconds : 0.0);
    if (below) {
      printf("%zu novel(s) under --min-recall %.4f / --min-precision %.4f\n",
             below, min_r, min_p);
      rc = EXIT_FAIL;
    }
  }
  cli_free_names(names, n);
  if (fflush(stdout) != 0 && rc == EXIT_OK)
    rc = EXIT_IO;
  return rc;
}

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *what;
} evaluation;

/* One entry per evaluation; `eval characters`, `eval speakers` go here. */
static const evaluation evaluations[] = {
    {"quotes", eval_quotes, "quotation spans against PDNC quotes.tsv"},
    {"characters", cli_eval_characters,
     "characters, aliases and gender against PDNC character_info.csv"},
    {"speakers", cli_eval_speakers,
     "speakers and addressees of quotes against PDNC quotes.tsv"},
    {"pos", cli_eval_pos, "part-of-speech tags against a CoNLL-U file"},
    {"ner", cli_eval_ner, "entity spans against LitBank entity TSV files"},
};

int cli_eval(int argc, char **argv) {
  size_t n = sizeof evaluations / sizeof evaluations[0];
  if (argc >= 1) {
    for (size_t i = 0; i < n; i++)
      if (strcmp(argv[0], evaluations[i].name) == 0)
        return evaluations[i].run(argc - 1, argv + 1);
  }
  if (argc >= 1)
    fprintf(stderr, "dramatis: eval: unknown evaluation '%s'\n", argv[0]);
  fprintf(stderr, "usage: dramatis eval WHAT [OPTIONS] DIR\n");
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "  %-10s %s\n", evaluations[i].name, evaluations[i].what);
  return EXIT_USAGE;
}
