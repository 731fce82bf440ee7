/*
 * eval_characters.c -- `dramatis eval characters`.
 *
 *   dramatis eval characters [--verbose] [--min-recall R] [--min-b3 F]
 *                            [--min-gender G] DIR
 *
 * Scores the cast the library finds (dr_character_*, public API only)
 * against PDNC's characters.tsv, one folder per novel (novel_text.txt and
 * characters.tsv; sorted by name):
 *
 * 1. Load.  characters.tsv has a header, then one row per character: id,
 *    name, gender (M/F/U; X = unannotated), category (major, intermediate,
 *    minor), aliases joined by ';'.  Characters whose name starts with '_'
 *    (_group, _unknowable) are skipped.  The part before " - " of a
 *    qualified name or alias is one more alias (cli_unqualified:
 *    "Christopher Robin - Story").
 * 2. Analyse novel_text.txt with dr_doc_parse, default options (timed).
 * 3. Score.
 *    a. Recall: a major or intermediate gold character is found when some
 *       output character has an alias (or name) equal, byte for byte, to one
 *       of its gold aliases or its main name.
 *    b. Alias clustering, B-cubed over alias strings: the items are the gold
 *       alias strings (main names included) of exactly one gold character
 *       that the output has as an alias; an item's gold cluster is its
 *       character's items, its output cluster the items of the output
 *       character using that string most.  Precision and recall are
 *       averaged over items; F1 from the two averages.
 *    c. Gender: over found gold characters (any category) with gold gender
 *       M or F, the gender of the output character that matches the most of
 *       its strings.
 * 4. One row per novel and an overall row (micro-averaged: characters,
 *    items and gendered characters pooled).  --verbose lists, per novel,
 *    the missed characters, B-cubed errors and gender errors.  Exit 1 when
 *    an overall score is under its --min-* gate.
 *
 * Errors (DIR unreadable, no novels, a malformed row) are one line,
 * "dramatis: PATH:BYTE: message", and exit 4 (5 when out of memory).
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
  char *name;
  char gender;    /* M F U X */
  bool main_cast; /* major or intermediate */
  char **alias;   /* aliases, main name included */
  size_t n_alias;
} gold_char;

typedef struct {
  gold_char *v;
  size_t n;
} gold_cast;

typedef struct {
  size_t cast, found;         /* main-cast characters, found */
  size_t items;               /* B-cubed items */
  double sum_p, sum_r;        /* B-cubed sums over items */
  size_t gendered, gender_ok; /* found with gold M/F; right */
  size_t out_chars;           /* output characters */
  double seconds;
  size_t bytes;
} score;

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */
/* ------------------------------------------------------------------------ */

static char *dupn(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

static void gold_free(gold_cast *g) {
  for (size_t i = 0; i < g->n; i++) {
    for (size_t k = 0; k < g->v[i].n_alias; k++)
      free(g->v[i].alias[k]);
    free(g->v[i].alias);
    free(g->v[i].name);
  }
  free(g->v);
  g->v = NULL;
  g->n = 0;
}

static bool add_alias(gold_char *c, const char *s, size_t n) {
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
    n--;
  while (n && *s == ' ') {
    s++;
    n--;
  }
  if (!n)
    return true;
  for (size_t k = 0; k < c->n_alias; k++)
    if (strlen(c->alias[k]) == n && memcmp(c->alias[k], s, n) == 0)
      return true;
  char **na = realloc(c->alias, (c->n_alias + 1) * sizeof *na);
  if (!na)
    return false;
  c->alias = na;
  if (!(c->alias[c->n_alias] = dupn(s, n)))
    return false;
  c->n_alias++;
  size_t u = cli_unqualified(s, n);
  return u == n || add_alias(c, s, u);
}

static int load_gold(const char *path, gold_cast *g) {
  cli_file f;
  int rc = cli_read_file(path, DR_HARD_MAX_BYTES, &f);
  if (rc != EXIT_OK)
    return rc;
  g->v = NULL;
  g->n = 0;
  const char *s = f.data, *end = f.data + f.len;
  bool header = true;
  rc = EXIT_OK;
  while (s < end && rc == EXIT_OK) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl : end;
    size_t off = (size_t)(s - f.data);
    if (header || le == s || (le - s == 1 && *s == '\r')) {
      header = false;
      s = nl ? nl + 1 : end;
      continue;
    }
    const char *fld[5];
    size_t len[5];
    int nf = 0;
    const char *p = s;
    while (nf < 5) {
      const char *t = memchr(p, '\t', (size_t)(le - p));
      const char *fe = nf == 4 || !t ? le : t;
      fld[nf] = p;
      len[nf] = (size_t)(fe - p);
      nf++;
      if (!t || nf == 5)
        break;
      p = t + 1;
    }
    if (nf < 5) {
      cli_error(path, off,
                "malformed row: need id, name, gender, category, "
                "aliases");
      rc = EXIT_IO;
      break;
    }
    if (len[1] == 0 || fld[1][0] == '_') {
      s = nl ? nl + 1 : end;
      continue;
    }
    gold_char *nv = realloc(g->v, (g->n + 1) * sizeof *nv);
    if (!nv) {
      rc = EXIT_LIMIT;
      break;
    }
    g->v = nv;
    gold_char *c = &g->v[g->n++];
    memset(c, 0, sizeof *c);
    c->name = dupn(fld[1], len[1]);
    c->gender = len[2] ? fld[2][0] : 'X';
    c->main_cast = (len[3] == 5 && memcmp(fld[3], "major", 5) == 0) ||
                   (len[3] == 12 && memcmp(fld[3], "intermediate", 12) == 0);
    if (!c->name || !add_alias(c, fld[1], len[1])) {
      rc = EXIT_LIMIT;
      break;
    }
    const char *a = fld[4], *ae = fld[4] + len[4];
    while (a <= ae) {
      const char *sc = memchr(a, ';', (size_t)(ae - a));
      const char *e = sc ? sc : ae;
      if (!add_alias(c, a, (size_t)(e - a))) {
        rc = EXIT_LIMIT;
        break;
      }
      if (!sc)
        break;
      a = sc + 1;
    }
    s = nl ? nl + 1 : end;
  }
  if (rc == EXIT_LIMIT)
    cli_error(path, 0, "out of memory");
  if (rc != EXIT_OK)
    gold_free(g);
  cli_file_free(&f);
  return rc;
}


/* ------------------------------------------------------------------------ */
/* Scoring                                                                   */
/* ------------------------------------------------------------------------ */

/* How many mentions output character i has under alias text s (0: none);
 * its name counts as one use. */
static size_t uses(const dr_doc *doc, size_t i, const char *s) {
  const dr_character *c = dr_character_at(doc, i);
  for (size_t k = 0; k < c->n_aliases; k++)
    if (strcmp(c->aliases[k].text, s) == 0)
      return c->aliases[k].count ? c->aliases[k].count : 1;
  return strcmp(c->name, s) == 0 ? 1 : 0;
}

/* The output character that uses s most, or DR_NONE. */
static size_t owner(const dr_doc *doc, const char *s) {
  size_t best = DR_NONE, bc = 0;
  for (size_t i = 0; i < dr_character_count(doc); i++) {
    size_t u = uses(doc, i, s);
    if (u > bc) {
      bc = u;
      best = i;
    }
  }
  return best;
}

/* Whether string s is an alias of exactly one gold character (g). */
static bool unique_gold(const gold_cast *g, size_t ci, const char *s) {
  for (size_t j = 0; j < g->n; j++) {
    if (j == ci)
      continue;
    for (size_t k = 0; k < g->v[j].n_alias; k++)
      if (strcmp(g->v[j].alias[k], s) == 0)
        return false;
  }
  return true;
}

typedef struct {
  size_t gold; /* gold character */
  size_t out;  /* output owner */
  const char *s;
} item;

static void score_doc(const dr_doc *doc, const gold_cast *g, bool verbose,
                      score *sc) {
  sc->out_chars = dr_character_count(doc);
  /* Items. */
  size_t cap = 0, n = 0;
  item *it = NULL;
  for (size_t i = 0; i < g->n; i++)
    for (size_t k = 0; k < g->v[i].n_alias; k++) {
      const char *s = g->v[i].alias[k];
      size_t o = owner(doc, s);
      if (o == DR_NONE || !unique_gold(g, i, s))
        continue;
      if (n == cap) {
        cap = cap ? cap * 2 : 64;
        item *ni = realloc(it, cap * sizeof *ni);
        if (!ni) {
          free(it);
          return;
        }
        it = ni;
      }
      it[n].gold = i;
      it[n].out = o;
      it[n].s = s;
      n++;
    }
  sc->items = n;
  for (size_t a = 0; a < n; a++) {
    size_t same_g = 0, same_o = 0, both = 0;
    for (size_t b = 0; b < n; b++) {
      bool sg = it[a].gold == it[b].gold, so = it[a].out == it[b].out;
      same_g += sg;
      same_o += so;
      both += sg && so;
    }
    sc->sum_p += (double)both / (double)same_o;
    sc->sum_r += (double)both / (double)same_g;
    if (verbose && (both != same_o || both != same_g)) {
      printf("    b3: \"%s\" (gold %s) in output C%zu %s", it[a].s,
             g->v[it[a].gold].name, it[a].out + 1,
             dr_character_at(doc, it[a].out)->name);
      if (both != same_o) {
        printf(" with");
        for (size_t b = 0; b < n; b++)
          if (it[b].out == it[a].out && it[b].gold != it[a].gold)
            printf(" \"%s\"", it[b].s);
      }
      if (both != same_g) {
        printf(" apart from");
        for (size_t b = 0; b < n; b++)
          if (it[b].gold == it[a].gold && it[b].out != it[a].out)
            printf(" \"%s\"", it[b].s);
      }
      putchar('\n');
    }
  }
  /* Recall and gender. */
  for (size_t i = 0; i < g->n; i++) {
    const gold_char *c = &g->v[i];
    size_t best = DR_NONE, bn = 0;
    for (size_t o = 0; o < dr_character_count(doc); o++) {
      size_t m = 0;
      for (size_t k = 0; k < c->n_alias; k++)
        if (uses(doc, o, c->alias[k]))
          m += 1 + (k == 0); /* the main name weighs double */
      if (m > bn) {
        bn = m;
        best = o;
      }
    }
    if (c->main_cast) {
      sc->cast++;
      if (best != DR_NONE)
        sc->found++;
      else if (verbose) {
        printf("    miss: %s (", c->name);
        for (size_t k = 0; k < c->n_alias; k++)
          printf("%s%s", k ? "; " : "", c->alias[k]);
        printf(")\n");
      }
    }
    if (best != DR_NONE && (c->gender == 'M' || c->gender == 'F')) {
      const dr_character *oc = dr_character_at(doc, best);
      sc->gendered++;
      if (dr_gender_name(oc->gender)[0] == c->gender)
        sc->gender_ok++;
      else if (verbose)
        printf("    gender: %s is %c, output C%zu %s says %s (%.2f)\n", c->name,
               c->gender, best + 1, oc->name, dr_gender_name(oc->gender),
               oc->gender_score);
    }
  }
  free(it);
}

static double ratio(double a, size_t b) { return b ? a / (double)b : 1.0; }

static double f1(double p, double r) {
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static void print_row(const char *name, const score *s) {
  double p = ratio(s->sum_p, s->items), r = ratio(s->sum_r, s->items);
  printf("%-28s %4zu %4zu %6.4f %5zu %6.4f %6.4f %6.4f %4zu %4zu %6.4f %5zu\n",
         name, s->cast, s->found, ratio((double)s->found, s->cast), s->items, p,
         r, f1(p, r), s->gendered, s->gender_ok,
         ratio((double)s->gender_ok, s->gendered), s->out_chars);
}

static int score_novel(const char *dir, const char *name, bool verbose,
                       score *sc) {
  memset(sc, 0, sizeof *sc);
  char *tpath = cli_join(dir, name, "novel_text.txt");
  char *gpath = cli_join(dir, name, "characters.tsv");
  gold_cast g = {NULL, 0};
  cli_file f = {NULL, 0};
  dr_doc *doc = NULL;
  int rc = EXIT_OK;
  if (!tpath || !gpath) {
    cli_error(dir, 0, "out of memory");
    rc = EXIT_LIMIT;
    goto done;
  }
  rc = load_gold(gpath, &g);
  if (rc != EXIT_OK)
    goto done;
  rc = cli_load_novel(tpath, NULL, 0, &f, &doc, &sc->seconds);
  sc->bytes = f.len;
  if (rc != EXIT_OK)
    goto done;
  if (verbose) {
    printf("%s\n", name);
    size_t shown = dr_character_count(doc) < 25 ? dr_character_count(doc) : 25;
    for (size_t i = 0; i < shown; i++) {
      const dr_character *c = dr_character_at(doc, i);
      printf("    C%zu %s %s %zu:", i + 1, c->name, dr_gender_name(c->gender),
             c->mentions);
      for (size_t k = 0; k < c->n_aliases && k < 8; k++)
        printf(" %s(%zu)", c->aliases[k].text, c->aliases[k].count);
      putchar('\n');
    }
  }
  score_doc(doc, &g, verbose, sc);
  print_row(name, sc);
done:
  dr_doc_free(doc);
  cli_file_free(&f);
  gold_free(&g);
  free(tpath);
  free(gpath);
  return rc;
}


int cli_eval_characters(int argc, char **argv) {
  bool verbose = false;
  double min_r = 0, min_b3 = 0, min_g = 0;
  const char *dir = NULL;
  const cli_opt opts[] = {
      {"--verbose", CLI_FLAG, &verbose, NULL},
      {"--min-recall", CLI_RATIO, &min_r, NULL},
      {"--min-b3", CLI_RATIO, &min_b3, NULL},
      {"--min-gender", CLI_RATIO, &min_g, NULL},
  };
  if (cli_eval_args("characters",
                    "dramatis eval characters [--verbose] [--min-recall R] "
                    "[--min-b3 F] [--min-gender G] DIR",
                    argc, argv, opts, sizeof opts / sizeof opts[0], &dir))
    return EXIT_USAGE;
  char **names;
  size_t n;
  int rc = cli_list_novels(dir, "characters.tsv", &names, &n);
  if (rc != EXIT_OK)
    return rc;
  printf("%-28s %4s %4s %-6s %5s %-6s %-6s %-6s %4s %4s %-6s %5s\n", "novel",
         "cast", "fnd", "recall", "items", "b3_p", "b3_r", "b3_f1", "gend",
         "ok", "gender", "chars");
  score tot;
  memset(&tot, 0, sizeof tot);
  for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
    score sc;
    rc = score_novel(dir, names[i], verbose, &sc);
    if (rc != EXIT_OK)
      break;
    tot.cast += sc.cast;
    tot.found += sc.found;
    tot.items += sc.items;
    tot.sum_p += sc.sum_p;
    tot.sum_r += sc.sum_r;
    tot.gendered += sc.gendered;
    tot.gender_ok += sc.gender_ok;
    tot.out_chars += sc.out_chars;
    tot.seconds += sc.seconds;
    tot.bytes += sc.bytes;
  }
  if (rc == EXIT_OK) {
    print_row("overall", &tot);
    printf("analysed %.1f MB in %.3f s (%.1f MB/s, whole pipeline)\n",
           (double)tot.bytes / 1e6, tot.seconds,
           tot.seconds > 0 ? (double)tot.bytes / 1e6 / tot.seconds : 0.0);
    double p = ratio(tot.sum_p, tot.items), r = ratio(tot.sum_r, tot.items);
    double rec = ratio((double)tot.found, tot.cast);
    double gen = ratio((double)tot.gender_ok, tot.gendered);
    if (rec < min_r || f1(p, r) < min_b3 || gen < min_g) {
      printf("overall under a gate: recall %.4f (min %.4f), b3 F1 %.4f "
             "(min %.4f), gender %.4f (min %.4f)\n",
             rec, min_r, f1(p, r), min_b3, gen, min_g);
      rc = EXIT_FAIL;
    }
  }
  cli_free_names(names, n);
  if (fflush(stdout) != 0 && rc == EXIT_OK)
    rc = EXIT_IO;
  return rc;
}
