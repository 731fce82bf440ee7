/*
 * eval_speakers.c -- `dramatis eval speakers`: speakers and addressees
 * against PDNC.
 *
 *   dramatis eval speakers [--verbose] [--examples N] [--cast]
 *                          [--min-accuracy A] [--min-addressee A] DIR
 *
 * Reads every subfolder of DIR holding novel_text.txt, quotes.tsv and
 * characters.tsv (the PDNC layout; sorted by name) and scores the library's
 * attributions through the public API only (dr_quote_*,
 * dr_quote_attribution, dr_character_*).
 *
 * 1. Load.  characters.tsv: id, name, gender, category, aliases (';'); each
 *    gold character's alias set is its name and aliases, case-folded (a
 *    leading "the " dropped, on both sides), and the part before " - " of
 *    a qualified one (cli_unqualified: "Christopher Robin - Story").
 *    quotes.tsv: quote_id, part, start, end, speaker (a main name),
 *    addressees (';'-joined main names), type (Explicit / Anaphoric /
 *    Implicit), cue.  Rows of one quote_id are its pieces.
 * 2. Analyse novel_text.txt (timed; the time is the whole pipeline); with
 *    --cast, given the gold cast (characters.tsv as dr_options.cast).
 * 3. Match.  A gold piece is found when one top-level output quote covers
 *    at least half of its bytes (binary search: top-level quotes are in
 *    order and never overlap).  A gold quote's prediction is the
 *    attribution of the output quote that found its first found piece.
 * 4. Speaker.  A predicted character stands for the gold character whose
 *    alias set holds the most of its mentions (each alias, case-folded,
 *    weighs its mention count; its name adds half a mention, which breaks
 *    ties; the first gold character of equals wins), for any gold
 *    character holding at least GOLD_SHARE (a quarter) of them, and for
 *    the gold character of its own name (case-folded, a leading "the "
 *    dropped): PDNC lists some people twice (a minor "Mr. Crawford"
 *    beside Henry Crawford, a minor "Reggie" beside Reggie St Cloud) and
 *    gives some a name another is called by ("Miss Steele" under Lucy
 *    Steele; it is her sister Anne).  A prediction is right when its
 *    character stands for the gold speaker.  (Until the ninth session a
 *    predicted character matched every gold character that shared any
 *    alias with it, so our "Mr. Bennet", named "Bennet" once, counted as
 *    PDNC's Mrs. Bennet, whose aliases list "Bennet".)  Speaker accuracy
 *    is end to end: over all gold quotes, and a quote not found, or found
 *    without a speaker, counts as wrong.  It is reported overall and by
 *    the gold type (Explicit / Anaphoric / Implicit; other types count
 *    only overall).
 * 5. Addressees, over gold quotes with at least one gold addressee:
 *    `addr` (top addressee) is right when the first predicted addressee
 *    matches one of the gold addressees; `addr-set` is right when the
 *    predicted set and the gold set have Jaccard similarity >= 0.5
 *    (|matched| / |pred + gold - matched|).  Unfound quotes count wrong.
 * 6. Report one row per novel and a pooled (micro-averaged) overall row;
 *    --verbose shows some wrong attributions per novel with context.
 *    Exit 1 when the overall speaker accuracy is under --min-accuracy or
 *    the overall top-addressee accuracy under --min-addressee.
 *
 * Errors are one line, "dramatis: PATH:BYTE: message" (exit 4, or 5 when
 * out of memory).
 */
#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { T_EXPLICIT, T_ANAPHORIC, T_IMPLICIT, T_OTHER, T_N };

typedef struct {
  char *name;   /* folded main name */
  char **alias; /* folded: the name and every alias */
  size_t n_alias;
} gold_char;

typedef struct {
  char *id; /* quote_id */
  size_t start, end;
  char *speaker; /* main name (as written) */
  char *addr;    /* ';'-joined main names */
  int type;      /* T_* */
} gold_piece;

typedef struct {
  const char *name;
  size_t quotes, pieces, found;
  size_t correct;
  size_t by_type[T_N], ok_type[T_N];
  size_t addr_n, addr_top, addr_set;
  double seconds;
  size_t bytes, words;
} score;

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

static char *dup_fold(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\r')
      continue;
    p[k++] = (char)(c < 0x80 ? tolower(c) : c);
  }
  p[k] = '\0';
  /* Trim white space. */
  while (k > 0 && isspace((unsigned char)p[k - 1]))
    p[--k] = '\0';
  size_t b = 0;
  while (p[b] && isspace((unsigned char)p[b]))
    b++;
  if (b)
    memmove(p, p + b, k - b + 1);
  return p;
}

/* A folded name without a leading article: PDNC lists "The Nawab
 * Badahur" beside "Nawab Badahur", and "Hare" for our "the March Hare". */
static const char *no_the(const char *s, size_t *n) {
  if (*n > 4 && memcmp(s, "the ", 4) == 0) {
    *n -= 4;
    return s + 4;
  }
  return s;
}

/* dup_fold, then no_the. */
static char *dup_name(const char *s, size_t n) {
  char *p = dup_fold(s, n);
  if (p) {
    size_t k = strlen(p);
    const char *q = no_the(p, &k);
    memmove(p, q, k + 1);
  }
  return p;
}

/* Splits line [s, e) at tabs into at most max fields; returns the count. */
static size_t split_tabs(const char *s, const char *e, const char **fs,
                         size_t *fl, size_t max) {
  size_t n = 0;
  while (n < max) {
    const char *t = memchr(s, '\t', (size_t)(e - s));
    const char *fe = t ? t : e;
    fs[n] = s;
    fl[n] = (size_t)(fe - s);
    n++;
    if (!t)
      break;
    s = t + 1;
  }
  return n;
}

static bool parse_size(const char *s, size_t n, size_t *out) {
  size_t v = 0;
  if (n == 0 || n > 15)
    return false;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (size_t)(s[i] - '0');
  }
  *out = v;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct {
  gold_char *c;
  size_t n;
  gold_piece *p;
  size_t np;
  char *cast; /* the same characters as cast text for dr_options.cast:
                 "name|aliases|gender" per line (PDNC's X, a group or
                 unknown, becomes U) */
  size_t cast_len;
} gold;

static void gold_free(gold *g) {
  for (size_t i = 0; i < g->n; i++) {
    for (size_t k = 0; k < g->c[i].n_alias; k++)
      free(g->c[i].alias[k]);
    free(g->c[i].alias);
    free(g->c[i].name);
  }
  free(g->c);
  for (size_t i = 0; i < g->np; i++) {
    free(g->p[i].id);
    free(g->p[i].speaker);
    free(g->p[i].addr);
  }
  free(g->p);
  free(g->cast);
  memset(g, 0, sizeof *g);
}

/* Calls row(fields) for each data line of a TSV file. */
static int each_row(const char *path, size_t nf,
                    int (*row)(const char **fs, const size_t *fl, size_t n,
                               gold *g),
                    gold *g) {
  cli_file f;
  int rc = cli_read_file(path, DR_HARD_MAX_BYTES, &f);
  if (rc != EXIT_OK)
    return rc;
  const char *s = f.data, *end = f.data + f.len;
  bool header = true;
  const char *fs[16] = {NULL};
  size_t fl[16] = {0};
  while (s < end && rc == EXIT_OK) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl : end;
    if (le > s && le[-1] == '\r')
      le--;
    if (!header && le > s) {
      size_t n = split_tabs(s, le, fs, fl, nf);
      rc = row(fs, fl, n, g);
      if (rc == EXIT_IO)
        cli_error(path, (size_t)(s - f.data), "malformed row");
      else if (rc != EXIT_OK)
        cli_error(path, (size_t)(s - f.data), "out of memory");
    }
    header = false;
    s = nl ? nl + 1 : end;
  }
  cli_file_free(&f);
  return rc;
}

/* Appends the cast line of a characters.tsv row (id, name, gender,
 * category, aliases) to g->cast; a qualified name ("Christopher Robin -
 * Story", which the text never writes) has its unqualified form as one
 * more alias, as the scoring reads it (push_alias). */
static int cast_row(const char **fs, const size_t *fl, size_t n, gold *g) {
  size_t al = n >= 5 ? fl[4] : 0;
  size_t u = cli_unqualified(fs[1], fl[1]);
  char *c = realloc(g->cast, g->cast_len + fl[1] + al + u + 7);
  if (!c)
    return EXIT_LIMIT;
  g->cast = c;
  char *o = c + g->cast_len;
  memcpy(o, fs[1], fl[1]);
  o += fl[1];
  *o++ = '|';
  for (size_t k = 0; k < al; k++)
    *o++ = fs[4][k] == '|' ? ' ' : fs[4][k];
  if (u < fl[1]) {
    *o++ = ';';
    memcpy(o, fs[1], u);
    o += u;
  }
  *o++ = '|';
  *o++ = n >= 3 && fl[2] == 1 && (fs[2][0] == 'M' || fs[2][0] == 'F')
             ? fs[2][0]
             : 'U';
  *o++ = '\n';
  g->cast_len = (size_t)(o - c);
  return EXIT_OK;
}

/* Appends gold alias s[0, n) to c, folded, and its unqualified form when
 * it has one (room for two was reserved). */
static void push_alias(gold_char *c, const char *s, size_t n) {
  c->alias[c->n_alias++] = dup_name(s, n);
  size_t u = cli_unqualified(s, n);
  if (u < n)
    c->alias[c->n_alias++] = dup_name(s, u);
}

static int char_row(const char **fs, const size_t *fl, size_t n, gold *g) {
  if (n < 2)
    return EXIT_IO;
  if (cast_row(fs, fl, n, g) != EXIT_OK)
    return EXIT_LIMIT;
  gold_char *nc = realloc(g->c, (g->n + 1) * sizeof *nc);
  if (!nc)
    return EXIT_LIMIT;
  g->c = nc;
  gold_char *c = &g->c[g->n];
  memset(c, 0, sizeof *c);
  c->name = dup_name(fs[1], fl[1]);
  size_t cap = 2;
  const char *a = n >= 5 ? fs[4] : "";
  size_t al = n >= 5 ? fl[4] : 0;
  for (size_t i = 0; i < al; i++)
    cap += a[i] == ';';
  cap *= 2; /* each may add its unqualified name */
  c->alias = malloc(cap * sizeof *c->alias);
  if (!c->name || !c->alias) {
    free(c->name);
    free(c->alias);
    return EXIT_LIMIT;
  }
  g->n++;
  push_alias(c, fs[1], fl[1]);
  const char *s = a, *e = a + al;
  while (s < e) {
    const char *t = memchr(s, ';', (size_t)(e - s));
    const char *te = t ? t : e;
    if (te > s)
      push_alias(c, s, (size_t)(te - s));
    s = t ? t + 1 : e;
  }
  for (size_t i = 0; i < c->n_alias; i++)
    if (!c->alias[i])
      return EXIT_LIMIT;
  return EXIT_OK;
}

static int quote_row(const char **fs, const size_t *fl, size_t n, gold *g) {
  if (n < 7)
    return EXIT_IO;
  gold_piece p;
  memset(&p, 0, sizeof p);
  if (!parse_size(fs[2], fl[2], &p.start) || !parse_size(fs[3], fl[3], &p.end))
    return EXIT_IO;
  if (p.end <= p.start)
    return EXIT_OK;
  p.type = T_OTHER;
  if (fl[6] == 8 && memcmp(fs[6], "Explicit", 8) == 0)
    p.type = T_EXPLICIT;
  else if (fl[6] == 9 && memcmp(fs[6], "Anaphoric", 9) == 0)
    p.type = T_ANAPHORIC;
  else if (fl[6] == 8 && memcmp(fs[6], "Implicit", 8) == 0)
    p.type = T_IMPLICIT;
  p.id = dup_fold(fs[0], fl[0]);
  p.speaker = dup_name(fs[4], fl[4]);
  p.addr = dup_fold(fs[5], fl[5]);
  gold_piece *np = realloc(g->p, (g->np + 1) * sizeof *np);
  if (!p.id || !p.speaker || !p.addr || !np) {
    free(p.id);
    free(p.speaker);
    free(p.addr);
    if (np)
      g->p = np;
    return EXIT_LIMIT;
  }
  g->p = np;
  g->p[g->np++] = p;
  return EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* Matching                                                                  */
/* ------------------------------------------------------------------------ */

static const gold_char *gold_by_name(const gold *g, const char *name,
                                     size_t n) {
  for (size_t i = 0; i < g->n; i++)
    if (strlen(g->c[i].name) == n && memcmp(g->c[i].name, name, n) == 0)
      return &g->c[i];
  return NULL;
}

static bool in_set(const gold_char *gc, const char *s) {
  for (size_t i = 0; i < gc->n_alias; i++)
    if (strcmp(gc->alias[i], s) == 0)
      return true;
  return false;
}

/* Share of its mentions (alias counts) an output character must have under
 * names of a gold character to stand for it. */
#define GOLD_SHARE 0.25

/* How many of output character c's mentions use a name in gc's alias set
 * (fold[c]: its folded name, then its aliases in order); its name adds
 * half a mention.  Sets *all to its mentions. */
static double overlap(const dr_doc *doc, char **const *fold,
                      const size_t *nfold, size_t c, const gold_char *gc,
                      double *all) {
  const dr_character *ch = dr_character_at(doc, c);
  double in = in_set(gc, fold[c][0]) ? 0.5 : 0;
  *all = 0.5;
  for (size_t k = 1; k < nfold[c]; k++) {
    *all += (double)ch->aliases[k - 1].count;
    if (in_set(gc, fold[c][k]))
      in += (double)ch->aliases[k - 1].count;
  }
  return in;
}

/* The gold character (index into g->c) sharing the most of output
 * character c's mentions (the first of equals), or SIZE_MAX if none. */
static size_t gold_of(const dr_doc *doc, const gold *g, char **const *fold,
                      const size_t *nfold, size_t c) {
  size_t best = SIZE_MAX;
  double top = 0, all;
  for (size_t i = 0; i < g->n; i++) {
    double w = overlap(doc, fold, nfold, c, &g->c[i], &all);
    if (w > top) {
      top = w;
      best = i;
    }
  }
  return best;
}

/* Whether output character c stands for gold character gc: gc shares the
 * most of its mentions (gold_ix[c]), or at least GOLD_SHARE of them, or
 * c's name is gc's name (case-folded): PDNC lists "Miss Steele" under
 * Lucy Steele, but the one so called is her sister Anne, whom our
 * "Anne Steele" (27 "Miss Steele", 6 "Anne") names. */
static bool same_char(const dr_doc *doc, const gold *g, const size_t *gold_ix,
                      char **const *fold, const size_t *nfold, size_t c,
                      const gold_char *gc) {
  if (!gc || c == DR_NONE)
    return false;
  if (gold_ix[c] == (size_t)(gc - g->c) || strcmp(fold[c][0], gc->name) == 0)
    return true;
  double all, in = overlap(doc, fold, nfold, c, gc, &all);
  return in > 0 && in >= GOLD_SHARE * all;
}

/* The top-level output quote (index into top[]) covering half of [s, e). */
static size_t find_quote(const dr_doc *doc, const size_t *top, size_t nt,
                         size_t s, size_t e) {
  size_t lo = 0, hi = nt;
  while (lo < hi) { /* first quote ending after s */
    size_t mid = lo + (hi - lo) / 2;
    if (dr_quote_at(doc, top[mid])->end <= s)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < nt; i++) {
    const dr_quote *q = dr_quote_at(doc, top[i]);
    if (q->start >= e)
      break;
    size_t a = q->start > s ? q->start : s, b = q->end < e ? q->end : e;
    if (b > a && (b - a) * 2 >= e - s)
      return top[i];
  }
  return DR_NONE;
}

static void show(const char *text, size_t len, size_t a, size_t b) {
  if (b > len)
    b = len;
  for (size_t i = a; i < b; i++) {
    char c = text[i];
    putchar(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
}

/* ------------------------------------------------------------------------ */
/* One novel                                                                 */
/* ------------------------------------------------------------------------ */

static int score_novel(const char *dir, const char *name, size_t examples,
                       bool use_cast, score *sc) {
  char *tpath = cli_join(dir, name, "novel_text.txt");
  char *qpath = cli_join(dir, name, "quotes.tsv");
  char *cpath = cli_join(dir, name, "characters.tsv");
  gold g;
  memset(&g, 0, sizeof g);
  cli_file f = {NULL, 0};
  dr_doc *doc = NULL;
  size_t *top = NULL, *nfold = NULL, *gold_ix = NULL;
  char ***fold = NULL;
  size_t nc = 0;
  int rc = EXIT_OK;
  if (!tpath || !qpath || !cpath) {
    rc = EXIT_LIMIT;
    cli_error(dir, 0, "out of memory");
    goto done;
  }
  if ((rc = each_row(cpath, 5, char_row, &g)) != EXIT_OK ||
      (rc = each_row(qpath, 8, quote_row, &g)) != EXIT_OK)
    goto done;
  if (use_cast) {
    const char *msg;
    size_t off;
    if (dr_cast_check(g.cast, g.cast_len, &msg, &off) != DR_OK) {
      cli_error(cpath, 0, "as a cast: %s", msg);
      rc = EXIT_INPUT;
      goto done;
    }
  }
  rc = cli_load_novel(tpath, use_cast ? g.cast : NULL,
                      use_cast ? g.cast_len : 0, &f, &doc, &sc->seconds);
  sc->bytes = f.len;
  if (rc != EXIT_OK)
    goto done;
  dr_doc_info info;
  dr_doc_get_info(doc, &info);
  sc->words = info.words;
  size_t nq = dr_quote_count(doc), nt = 0;
  top = malloc((nq ? nq : 1) * sizeof *top);
  nc = dr_character_count(doc);
  fold = calloc(nc ? nc : 1, sizeof *fold);
  nfold = calloc(nc ? nc : 1, sizeof *nfold);
  if (!top || !fold || !nfold) {
    rc = EXIT_LIMIT;
    cli_error(tpath, 0, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < nq; i++)
    if (dr_quote_at(doc, i)->parent == DR_NONE)
      top[nt++] = i;
  for (size_t c = 0; c < nc; c++) {
    const dr_character *ch = dr_character_at(doc, c);
    fold[c] = calloc(ch->n_aliases + 1, sizeof *fold[c]);
    if (!fold[c]) {
      rc = EXIT_LIMIT;
      cli_error(tpath, 0, "out of memory");
      goto done;
    }
    fold[c][nfold[c]++] = dup_name(ch->name, strlen(ch->name));
    for (size_t k = 0; k < ch->n_aliases; k++)
      fold[c][nfold[c]++] =
          dup_name(ch->aliases[k].text, strlen(ch->aliases[k].text));
    for (size_t k = 0; k < nfold[c]; k++)
      if (!fold[c][k]) {
        rc = EXIT_LIMIT;
        cli_error(tpath, 0, "out of memory");
        goto done;
      }
  }

  gold_ix = malloc((nc ? nc : 1) * sizeof *gold_ix);
  if (!gold_ix) {
    rc = EXIT_LIMIT;
    cli_error(tpath, 0, "out of memory");
    goto done;
  }
  for (size_t c = 0; c < nc; c++)
    gold_ix[c] = gold_of(doc, &g, (char **const *)fold, nfold, c);
  size_t shown = 0;
  for (size_t i = 0; i < g.np;) {
    /* The pieces of one quote are consecutive rows. */
    size_t j = i + 1;
    while (j < g.np && strcmp(g.p[j].id, g.p[i].id) == 0)
      j++;
    const gold_piece *p = &g.p[i];
    size_t hit = DR_NONE;
    for (size_t k = i; k < j; k++) {
      size_t h = find_quote(doc, top, nt, g.p[k].start, g.p[k].end);
      sc->pieces++;
      if (h != DR_NONE) {
        sc->found++;
        if (hit == DR_NONE)
          hit = h;
      }
    }
    sc->quotes++;
    sc->by_type[p->type]++;
    const dr_attribution *at =
        hit != DR_NONE ? dr_quote_attribution(doc, hit) : NULL;
    const gold_char *gs = gold_by_name(&g, p->speaker, strlen(p->speaker));
    bool ok = at && same_char(doc, &g, gold_ix, (char **const *)fold, nfold,
                              at->speaker, gs);
    if (ok) {
      sc->correct++;
      sc->ok_type[p->type]++;
    }
    /* Addressees. */
    size_t ng = 0, matched = 0;
    const gold_char *ga[32];
    const char *s = p->addr, *e = p->addr + strlen(p->addr);
    while (s < e && ng < 32) {
      const char *t = memchr(s, ';', (size_t)(e - s));
      const char *te = t ? t : e;
      size_t len = (size_t)(te - s);
      const char *nm = no_the(s, &len);
      const gold_char *gc = gold_by_name(&g, nm, len);
      if (gc)
        ga[ng++] = gc;
      s = t ? t + 1 : e;
    }
    if (ng) {
      sc->addr_n++;
      size_t npred = at ? at->n_addressees : 0;
      for (size_t k = 0; k < npred; k++) {
        bool m = false;
        for (size_t l = 0; l < ng && !m; l++)
          m = same_char(doc, &g, gold_ix, (char **const *)fold, nfold,
                        at->addressees[k], ga[l]);
        if (m) {
          matched++;
          if (k == 0)
            sc->addr_top++;
        }
      }
      if (npred && matched * 2 >= npred + ng - matched)
        sc->addr_set++;
    }
    if (!ok && shown < examples) {
      shown++;
      const char *pred = "(none)";
      if (at && at->speaker != DR_NONE)
        pred = dr_character_at(doc, at->speaker)->name;
      printf("    %s %-9s gold %s (to %s), got %s (%s) | ", p->id,
             p->type == T_EXPLICIT    ? "explicit"
             : p->type == T_ANAPHORIC ? "anaphoric"
             : p->type == T_IMPLICIT  ? "implicit"
                                      : "other",
             p->speaker, p->addr, pred,
             at ? dr_attribution_kind_name(at->kind) : "unfound");
      size_t a = p->start > 60 ? p->start - 60 : 0;
      while (a > 0 && ((unsigned char)f.data[a] & 0xC0) == 0x80)
        a--;
      show(f.data, f.len, a, p->start);
      fputs("[[", stdout);
      size_t b = p->end - p->start > 80 ? p->start + 80 : p->end;
      while (b < f.len && ((unsigned char)f.data[b] & 0xC0) == 0x80)
        b++;
      show(f.data, f.len, p->start, b);
      fputs("]]", stdout);
      size_t z = p->end + 60;
      while (z < f.len && ((unsigned char)f.data[z] & 0xC0) == 0x80)
        z++;
      show(f.data, f.len, p->end, z);
      putchar('\n');
    }
    i = j;
  }
done:
  if (fold)
    for (size_t c = 0; c < nc; c++) {
      for (size_t k = 0; fold[c] && k < nfold[c]; k++)
        free(fold[c][k]);
      free(fold[c]);
    }
  free(fold);
  free(nfold);
  free(top);
  free(gold_ix);
  dr_doc_free(doc);
  cli_file_free(&f);
  gold_free(&g);
  free(tpath);
  free(qpath);
  free(cpath);
  return rc;
}

/* ------------------------------------------------------------------------ */
/* Report                                                                    */
/* ------------------------------------------------------------------------ */

static double ratio(size_t a, size_t b) {
  return b ? (double)a / (double)b : 0.0;
}

static void print_row(const score *s) {
  printf("%-28s %6zu %6.4f %6.4f %6.4f %6.4f %6.4f %6.4f %6.4f\n", s->name,
         s->quotes, ratio(s->found, s->pieces), ratio(s->correct, s->quotes),
         ratio(s->ok_type[T_EXPLICIT], s->by_type[T_EXPLICIT]),
         ratio(s->ok_type[T_ANAPHORIC], s->by_type[T_ANAPHORIC]),
         ratio(s->ok_type[T_IMPLICIT], s->by_type[T_IMPLICIT]),
         ratio(s->addr_top, s->addr_n), ratio(s->addr_set, s->addr_n));
}


int cli_eval_speakers(int argc, char **argv) {
  double min_acc = 0, min_addr = 0;
  size_t examples = 0;
  const char *dir = NULL;
  bool verbose = false, use_cast = false;
  const cli_opt opts[] = {
      {"--verbose", CLI_FLAG, &verbose, NULL},
      {"--cast", CLI_FLAG, &use_cast, NULL},
      {"--min-accuracy", CLI_RATIO, &min_acc, NULL},
      {"--min-addressee", CLI_RATIO, &min_addr, NULL},
      {"--examples", CLI_COUNT, &examples, NULL},
  };
  if (cli_eval_args("speakers",
                    "dramatis eval speakers [--verbose] [--examples N] "
                    "[--cast] [--min-accuracy A] [--min-addressee A] DIR",
                    argc, argv, opts, sizeof opts / sizeof opts[0], &dir))
    return EXIT_USAGE;
  if (verbose && !examples)
    examples = 10;
  char **names = NULL;
  size_t n = 0;
  int rc = cli_list_novels(dir, "quotes.tsv", &names, &n);
  if (rc == EXIT_OK) {
    printf("%-28s %6s %6s %6s %6s %6s %6s %6s %6s\n", "novel", "quotes",
           "recall", "speakr", "explct", "anaphr", "implct", "addr", "addr-J");
    score tot;
    memset(&tot, 0, sizeof tot);
    tot.name = "overall";
    for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
      score sc;
      memset(&sc, 0, sizeof sc);
      sc.name = names[i];
      rc = score_novel(dir, names[i], examples, use_cast, &sc);
      if (rc != EXIT_OK)
        break;
      print_row(&sc);
      tot.quotes += sc.quotes;
      tot.pieces += sc.pieces;
      tot.found += sc.found;
      tot.correct += sc.correct;
      for (int k = 0; k < T_N; k++) {
        tot.by_type[k] += sc.by_type[k];
        tot.ok_type[k] += sc.ok_type[k];
      }
      tot.addr_n += sc.addr_n;
      tot.addr_top += sc.addr_top;
      tot.addr_set += sc.addr_set;
      tot.seconds += sc.seconds;
      tot.bytes += sc.bytes;
      tot.words += sc.words;
    }
    if (rc == EXIT_OK) {
      print_row(&tot);
      printf("analysed %zu words in %.3f s (%.2f M words/s, whole "
             "pipeline)\n",
             tot.words, tot.seconds,
             tot.seconds > 0 ? (double)tot.words / 1e6 / tot.seconds : 0.0);
      double acc = ratio(tot.correct, tot.quotes);
      double adr = ratio(tot.addr_top, tot.addr_n);
      if (acc < min_acc || adr < min_addr) {
        printf("overall speaker %.4f / addressee %.4f under --min-accuracy "
               "%.4f / --min-addressee %.4f\n",
               acc, adr, min_acc, min_addr);
        rc = EXIT_FAIL;
      }
    }
  }
  cli_free_names(names, n);
  if (fflush(stdout) != 0 && rc == EXIT_OK)
    rc = EXIT_IO;
  return rc;
}
