/*
 * quote.c -- quotations: speech in story paragraphs, and quoted terms.
 *
 * The stage works on bytes, one story paragraph (DR_PARA_TEXT) at a time,
 * and never looks at tokens.  Paragraphs of other kinds (notes, headings)
 * are skipped, so quotes inside notes are never reported.
 *
 * 1. Marks.  Each story paragraph is scanned with a 256-entry table for the
 *    bytes that can begin a quotation mark: " and ', and the lead bytes of
 *    the curly marks, low-9 marks and guillemets (“ ” ‘ ’ „ ‚ ‟ ‛ « » ‹ ›).
 *    Each mark is classed by its flanks, as cmark does for emphasis:
 *    left-flanking (it may open: "Yes), right-flanking (it may close:
 *    yes,"), inside a word (an apostrophe: don't, Darcy’s), or an elision
 *    at a word's start ('tis, ’em, 'n', '90s), which never opens.
 * 2. Style.  Over the whole document, count the marks of the double family
 *    (" “ „ « ») and of the single family (' ‘ ‚ ‹) that may open.  The
 *    family with more openers is primary: it carries speech, and the other
 *    nests inside it.  Single marks never open at the top level of a
 *    double-quote text (there they are apostrophes); double marks may open
 *    anywhere, as they are never apostrophes.  The counts also decide
 *    whether “ closes („...“ instead of “...”) and which guillemet opens
 *    («...» or »...«).
 * 3. Pairing.  The marks of a paragraph are walked left to right with a
 *    stack of open quotes.  A mark that may close closes the innermost open
 *    quote of its family; quotes opened inside that one and never closed
 *    are dropped (their "openers" were apostrophes).  A mark that may open
 *    starts a quote nested in the current one if the families alternate;
 *    an opener of the same family as the open quote (“ while “ is open)
 *    means the open quote lost its closing mark: it is recovered as
 *    unclosed just before the new one.  A right-flanking single mark after
 *    a letter and before a lower-case word (the boys’ books, goin’ home) is
 *    an apostrophe when the next single mark can only close.  Nesting
 *    deeper than MAX_DEPTH is ignored.
 * 4. Paragraph end.  Nested quotes still open are dropped; an outer quote
 *    still open is closed at the paragraph's end (DR_QF_UNCLOSED,
 *    close_start == close_end), so a lost mark never swallows the rest of
 *    the book.  If the next paragraph begins with an opener of the same
 *    family, the quote was the first part of a multi-paragraph speech: the
 *    new piece is DR_QF_REOPENED and continues it.  Every piece but the
 *    last keeps DR_QF_UNCLOSED: it has no closing mark.
 * 5. Speech or term.  An outer quote that opens a paragraph is speech.
 *    Otherwise a quote of a few words inside a narration sentence (after a
 *    word, without sentence punctuation of its own), or a block quotation
 *    (letters and inscriptions set as indented paragraphs) is a quoted
 *    term: it goes to d->terms, with the quotes nested in it.
 * 6. Interruptions.  A speech quote that follows another in the same
 *    paragraph continues it when the narration between is a speech tag:
 *    after a piece ending in , or a dash, at most TAG_WORDS_COMMA words
 *    ("Yes," he said, "I will."); after ; : ! ? a short clause with a verb
 *    of saying ("Forty!" Meg announced. "We did it.").  A piece ending in
 *    . starts a new quote.
 *
 * Cost: one table-driven pass over each story paragraph, plus work
 * proportional to the number of marks; no rescans.
 */
#include "internal.h"

/* Deeper nesting than this is not real prose; marks beyond it are
 * ignored, which also bounds the stack search. */
#define MAX_DEPTH 8

/* Narration between two pieces of one interrupted quote is a speech tag:
 * "he said", "cried Mrs. Bennet, laughing".  Measured on PDNC, pieces whose
 * narration is longer are more often different quotes. */
#define TAG_WORDS_COMMA 15 /* after a piece ending in , or a dash */
#define TAG_WORDS_OTHER 10 /* after ; : ! ? (and a verb of saying) */

/* A paragraph indented this much more than the document's usual
 * paragraph is a block quotation (a letter, verse, an inscription). */
#define BLOCK_INDENT 2

#define NONE32 UINT32_MAX

/* ------------------------------------------------------------------------ */
/* Marks                                                                     */
/* ------------------------------------------------------------------------ */

enum {
  K_DQ,   /* " */
  K_LDQ,  /* “ */
  K_RDQ,  /* ” */
  K_LOWD, /* „ */
  K_REVD, /* ‟ */
  K_LAQ,  /* « */
  K_RAQ,  /* » */
  K_SQ,   /* ' */
  K_LSQ,  /* ‘ */
  K_RSQ,  /* ’ */
  K_LOWS, /* ‚ */
  K_REVS, /* ‛ */
  K_LSAQ, /* ‹ */
  K_RSAQ  /* › */
};

enum { FAM_DOUBLE = 0, FAM_SINGLE = 1 };
#define FAMILY(k) ((k) >= K_SQ ? FAM_SINGLE : FAM_DOUBLE)

/* Mark flags. */
#define C_LEFT 1u         /* left-flanking: may open */
#define C_RIGHT 2u        /* right-flanking: may close */
#define C_INWORD 4u       /* a letter or digit on both sides: apostrophe */
#define C_ELISION 8u      /* 'tis, ’em, 'n', '90s: an apostrophe */
#define C_PREV_LETTER 16u /* a letter just before */
#define C_THEN_LOWER 32u  /* white space, then a lower-case letter after */

typedef struct {
  uint32_t pos; /* byte offset of the mark */
  uint8_t len;  /* its length in bytes */
  uint8_t kind; /* K_* */
  uint8_t fl;   /* C_* */
  uint8_t pad;
} mark;

/* Bytes that can begin a mark: " ' and the lead bytes E2 (U+2018..U+203A)
 * and C2 (« »). */
static const unsigned char lead[256] = {
    ['"'] = 1, ['\''] = 1, [0xE2] = 1, [0xC2] = 1};

/* Decodes the mark at s[i] (i < n); returns its length, or 0 if none. */
static int decode_mark(const unsigned char *s, size_t n, size_t i, int *kind) {
  unsigned char c = s[i];
  if (c == '"') {
    *kind = K_DQ;
    return 1;
  }
  if (c == '\'') {
    *kind = K_SQ;
    return 1;
  }
  if (c == 0xC2) {
    if (i + 1 >= n)
      return 0;
    if (s[i + 1] == 0xAB) {
      *kind = K_LAQ;
      return 2;
    }
    if (s[i + 1] == 0xBB) {
      *kind = K_RAQ;
      return 2;
    }
    return 0;
  }
  /* c == 0xE2 */
  if (i + 2 >= n || s[i + 1] != 0x80)
    return 0;
  switch (s[i + 2]) {
  case 0x98:
    *kind = K_LSQ;
    return 3;
  case 0x99:
    *kind = K_RSQ;
    return 3;
  case 0x9A:
    *kind = K_LOWS;
    return 3;
  case 0x9B:
    *kind = K_REVS;
    return 3;
  case 0x9C:
    *kind = K_LDQ;
    return 3;
  case 0x9D:
    *kind = K_RDQ;
    return 3;
  case 0x9E:
    *kind = K_LOWD;
    return 3;
  case 0x9F:
    *kind = K_REVD;
    return 3;
  case 0xB9:
    *kind = K_LSAQ;
    return 3;
  case 0xBA:
    *kind = K_RSAQ;
    return 3;
  }
  return 0;
}

static bool is_ws(int32_t cp) { return cp >= 0 && drp_is_space(cp); }

/* A letter, digit or other word character (not space, not punctuation).
 * Invalid bytes (cp < 0) count as word characters. */
static bool is_wordish(int32_t cp) {
  return cp < 0 || (!drp_is_space(cp) && !drp_is_punct(cp));
}

/* Words that an apostrophe at their start shortens: 'tis, 'em, rock 'n'
 * roll.  Lower-case ASCII. */
static const char *const elisions[] = {
    "tis",   "twas", "twere", "twill", "twould", "twixt", "tween",
    "em",    "n",    "cause", "cos",   "til",    "bout",  "gainst",
    "neath", "un",   "im",    "ave",   "appen",  "ere",   NULL};

static bool elision_at(const unsigned char *s, size_t a, size_t b) {
  /* '90s: two digits then s */
  if (b - a >= 3 && s[a] >= '0' && s[a] <= '9' && s[a + 1] >= '0' &&
      s[a + 1] <= '9' && (s[a + 2] == 's' || s[a + 2] == 'S'))
    return true;
  char w[8];
  size_t k = 0;
  while (a + k < b && k < sizeof w - 1 &&
         ((s[a + k] | 0x20) >= 'a' && (s[a + k] | 0x20) <= 'z')) {
    w[k] = (char)(s[a + k] | 0x20);
    k++;
  }
  if (k == 0 || k == sizeof w - 1)
    return false;
  /* The word must end here: a letter after it means a longer word. */
  if (a + k < b && s[a + k] >= 0x80)
    return false;
  w[k] = '\0';
  /* 'ere, 'ave, 'un, 'im and 'appen shorten only when lower case; "'Im"
   * would more likely open a quote, and "'Ere" is ambiguous -- keep the
   * capitalised forms for the first few words. */
  bool cap = s[a] >= 'A' && s[a] <= 'Z';
  for (int i = 0; elisions[i]; i++) {
    if (strcmp(w, elisions[i]) == 0)
      return !(cap && i >= 15);
  }
  return false;
}

/* A lower-case letter at s[a]. */
static bool lower_at(const unsigned char *s, size_t a, size_t b) {
  if (a >= b)
    return false;
  int32_t cp;
  drp_utf8_next(s + a, b - a, &cp);
  return drp_is_lower(cp);
}

/* A clitic right after an apostrophe: 's 'd 'll 're 've 'm 't, ending
 * there (the next byte is not a letter). */
static bool clitic_at(const unsigned char *s, size_t a, size_t b) {
  static const char *const clitics[] = {"s", "d", "ll", "re", "ve", "m", "t",
                                        NULL};
  for (int i = 0; clitics[i]; i++) {
    size_t n = strlen(clitics[i]);
    if (a + n > b)
      continue;
    size_t k = 0;
    while (k < n && (s[a + k] | 0x20) == clitics[i][k])
      k++;
    if (k < n)
      continue;
    if (a + n == b)
      return true;
    int32_t cp;
    drp_utf8_next(s + a + n, b - a - n, &cp);
    if (!drp_is_letter(cp))
      return true;
  }
  return false;
}

/* Appends the marks of s[a, b) to *m; returns false on allocation failure. */
static bool collect(dr_doc *d, size_t a, size_t b, mark **m, size_t *nm,
                    size_t *cap) {
  const unsigned char *s = (const unsigned char *)d->text;
  *nm = 0;
  for (size_t i = a; i < b; i++) {
    if (!lead[s[i]])
      continue;
    int kind = 0;
    int len = decode_mark(s, b, i, &kind);
    if (!len)
      continue;
    int32_t prev = ' ', next = ' ';
    if (i > a)
      drp_utf8_prev(s, i, &prev);
    size_t j = i + (size_t)len;
    if (j < b)
      drp_utf8_next(s + j, b - j, &next);
    bool ws_p = is_ws(prev), ws_n = is_ws(next);
    bool pu_p = !ws_p && !is_wordish(prev), pu_n = !ws_n && !is_wordish(next);
    unsigned fl = 0;
    if (!ws_n && (!pu_n || ws_p || pu_p))
      fl |= C_LEFT;
    if (!ws_p && (!pu_p || ws_n || pu_n))
      fl |= C_RIGHT;
    /* A mark that begins its paragraph may open even before a space
     * (some texts lost the inner quotation marks: " I have ...); one that
     * ends it may close. */
    if (i == a && j < b)
      fl |= C_LEFT;
    if (j == b && i > a)
      fl |= C_RIGHT;
    if (is_wordish(prev) && is_wordish(next))
      fl |= C_INWORD;
    if (prev >= 0 && drp_is_letter(prev))
      fl |= C_PREV_LETTER;
    if (FAMILY(kind) == FAM_SINGLE) {
      if ((fl & C_LEFT) && !(fl & C_INWORD) && elision_at(s, j, b))
        fl |= C_ELISION;
      if (ws_n) {
        size_t k = j;
        while (k < b &&
               (s[k] == ' ' || s[k] == '\n' || s[k] == '\r' || s[k] == '\t'))
          k++;
        int32_t c2;
        if (k < b && k > j && (drp_utf8_next(s + k, b - k, &c2), true) &&
            drp_is_lower(c2))
          fl |= C_THEN_LOWER;
      }
    }
    mark *r = DRP_PUSH(d, *m, *nm, *cap);
    if (!r)
      return false;
    r->pos = (uint32_t)i;
    r->len = (uint8_t)len;
    r->kind = (uint8_t)kind;
    r->fl = (uint8_t)fl;
    i = j - 1;
  }
  return true;
}

/* ------------------------------------------------------------------------ */
/* Style                                                                     */
/* ------------------------------------------------------------------------ */

typedef struct {
  int primary;     /* FAM_DOUBLE or FAM_SINGLE */
  bool ldq_closes; /* „...“: “ closes */
  bool lsq_closes; /* ‚...‘: ‘ closes */
  bool guil_rev;   /* »...«: » opens, « closes */
} style;

typedef struct {
  size_t open[2];       /* marks of each family that may open */
  size_t n[14];         /* marks of each kind */
  size_t guil_first[2]; /* paragraphs whose first guillemet is « / » */
} counts;

static void count_marks(const mark *m, size_t nm, counts *c) {
  int first_guil = -1;
  for (size_t i = 0; i < nm; i++) {
    int k = m[i].kind;
    unsigned fl = m[i].fl;
    c->n[k]++;
    if (first_guil < 0 &&
        (k == K_LAQ || k == K_RAQ || k == K_LSAQ || k == K_RSAQ))
      first_guil = (k == K_LAQ || k == K_LSAQ) ? 0 : 1;
    switch (k) {
    case K_DQ:
    case K_LDQ:
    case K_LOWD:
    case K_REVD:
      if (fl & C_LEFT)
        c->open[FAM_DOUBLE]++;
      break;
    case K_LAQ:
    case K_RAQ:
      c->open[FAM_DOUBLE]++; /* half of them open */
      break;
    case K_SQ:
    case K_LSQ:
    case K_LOWS:
    case K_REVS:
      if ((fl & C_LEFT) && !(fl & (C_INWORD | C_ELISION)))
        c->open[FAM_SINGLE]++;
      break;
    case K_LSAQ:
    case K_RSAQ:
      c->open[FAM_SINGLE]++;
      break;
    }
  }
  if (first_guil >= 0)
    c->guil_first[first_guil]++;
}

static void decide_style(const counts *c, style *st) {
  /* Guillemets count both ways above; halve them to count openers. */
  size_t od = c->open[FAM_DOUBLE] - (c->n[K_LAQ] + c->n[K_RAQ]) / 2;
  size_t os = c->open[FAM_SINGLE] - (c->n[K_LSAQ] + c->n[K_RSAQ]) / 2;
  st->primary = os > od ? FAM_SINGLE : FAM_DOUBLE;
  /* „...“ (German) pairs „ with “; „...” (Polish) pairs it with ”. */
  st->ldq_closes = c->n[K_LOWD] > 0 && c->n[K_LOWD] * 2 >= c->n[K_LDQ] &&
                   c->n[K_LDQ] > c->n[K_RDQ];
  st->lsq_closes = c->n[K_LOWS] > 0 && c->n[K_LOWS] * 2 >= c->n[K_LSQ];
  st->guil_rev = c->guil_first[1] > c->guil_first[0];
}

/* What a mark may do under the document's style. */
static void roles(const style *st, const mark *m, bool *can_open,
                  bool *can_close) {
  unsigned fl = m->fl;
  bool l = (fl & C_LEFT) != 0, r = (fl & C_RIGHT) != 0;
  bool o = false, c = false;
  switch (m->kind) {
  case K_DQ:
    o = l && !(fl & C_INWORD); /* word"word closes, never opens */
    c = r;
    break;
  case K_SQ:
    if (fl & (C_INWORD | C_ELISION))
      break;
    o = l;
    c = r;
    break;
  case K_LDQ:
  case K_LSQ:
    if ((m->kind == K_LSQ && (fl & C_ELISION)))
      break;
    if (m->kind == K_LDQ ? st->ldq_closes : st->lsq_closes) {
      c = true;
    } else {
      o = l || !r;
      c = !l && r; /* a stray “ in closing position */
    }
    break;
  case K_RDQ:
    c = r || !l;
    o = l && !r; /* Swedish ”...” or a stray ” in opening position */
    break;
  case K_RSQ:
    if (fl & (C_INWORD | C_ELISION))
      break;
    c = r || !l;
    break;
  case K_LOWD:
  case K_LOWS:
  case K_REVD:
  case K_REVS:
    o = l || !r;
    break;
  case K_LAQ:
  case K_LSAQ:
    o = !st->guil_rev;
    c = st->guil_rev;
    break;
  case K_RAQ:
  case K_RSAQ:
    o = st->guil_rev;
    c = !st->guil_rev;
    break;
  }
  *can_open = o;
  *can_close = c;
}

/* ------------------------------------------------------------------------ */
/* Pairing                                                                   */
/* ------------------------------------------------------------------------ */

enum { R_OPEN, R_CLOSED, R_DROPPED };

/* A quote being found in the current paragraph. */
typedef struct {
  uint32_t open_start, open_end;   /* the opening mark */
  uint32_t close_start, close_end; /* the closing mark (equal if none) */
  uint32_t start, end;             /* the words, trimmed */
  uint32_t parent;                 /* record index, or NONE32 */
  uint32_t out;                    /* index in d->quotes or d->terms */
  uint8_t depth;                   /* 0 = outer */
  uint8_t fam;                     /* FAM_* of its marks */
  uint8_t state;                   /* R_* */
  uint8_t term;                    /* 1: a quoted term, not speech */
  unsigned flags;                  /* DR_QF_* */
} rec;

/* Scratch memory for one run of the stage, reused across paragraphs. */
typedef struct {
  mark *m;
  size_t nm, cap_m;
  uint32_t *next_single; /* per mark: the next single-family mark, or
                            NONE32 */
  size_t cap_ns;
  rec *r;
  size_t nr, cap_r;
} scratch;

static bool is_trim_space(const unsigned char *s, size_t i, size_t b,
                          size_t *len) {
  unsigned char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
      c == '\v') {
    *len = 1;
    return true;
  }
  if (c == 0xC2 && i + 1 < b && s[i + 1] == 0xA0) { /* NBSP */
    *len = 2;
    return true;
  }
  if (c == 0xE2 && i + 2 < b && s[i + 1] == 0x80 &&
      (s[i + 2] == 0xAF || s[i + 2] == 0x89 || s[i + 2] == 0x8A)) {
    *len = 3; /* narrow NBSP, thin space, hair space (French quotes) */
    return true;
  }
  return false;
}

/* Trims white space from both ends of the words [*a, *b). */
static void trim_words(const unsigned char *s, uint32_t *a, uint32_t *b) {
  size_t len;
  while (*a < *b && is_trim_space(s, *a, *b, &len))
    *a += (uint32_t)len;
  while (*b > *a) {
    unsigned char c = s[*b - 1];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v') {
      (*b)--;
    } else if (*b - *a >= 2 && s[*b - 2] == 0xC2 && c == 0xA0) {
      *b -= 2;
    } else if (*b - *a >= 3 && s[*b - 3] == 0xE2 && s[*b - 2] == 0x80 &&
               (c == 0xAF || c == 0x89 || c == 0x8A)) {
      *b -= 3;
    } else {
      break;
    }
  }
}

static rec *open_rec(dr_doc *d, scratch *w, const mark *m, uint32_t parent,
                     int depth) {
  rec *r = DRP_PUSH(d, w->r, w->nr, w->cap_r);
  if (!r)
    return NULL;
  r->open_start = m->pos;
  r->open_end = m->pos + m->len;
  r->parent = parent;
  r->out = NONE32;
  r->depth = (uint8_t)depth;
  r->fam = (uint8_t)FAMILY(m->kind);
  r->state = R_OPEN;
  return r;
}

static void close_rec(const unsigned char *s, rec *r, uint32_t cs, uint32_t ce,
                      bool unclosed) {
  r->close_start = cs;
  r->close_end = ce;
  r->start = r->open_end;
  r->end = cs;
  trim_words(s, &r->start, &r->end);
  if (unclosed) {
    /* The closing "mark" is an empty span where the words end. */
    r->close_start = r->close_end = r->end;
    r->flags |= DR_QF_UNCLOSED;
  }
  r->state = R_CLOSED;
}

/* Pairs the marks of paragraph [a, b) into w->r (in order of opening). */
static bool pair(dr_doc *d, const style *st, scratch *w, size_t a, size_t b) {
  const unsigned char *s = (const unsigned char *)d->text;
  mark *m = w->m;
  size_t nm = w->nm;
  w->nr = 0;
  if (!drp_reserve(d, (void **)&w->next_single, &w->cap_ns, nm ? nm : 1,
                   sizeof *w->next_single))
    return false;
  /* The next single-family mark that is not an apostrophe, for each mark. */
  uint32_t nx = NONE32;
  for (size_t i = nm; i-- > 0;) {
    w->next_single[i] = nx;
    if (FAMILY(m[i].kind) == FAM_SINGLE && !(m[i].fl & (C_INWORD | C_ELISION)))
      nx = (uint32_t)i;
  }

  /* Straight double marks pair by turns where their count is even. */
  size_t n_dq = 0;
  for (size_t i = 0; i < nm; i++)
    n_dq += m[i].kind == K_DQ;
  bool even_dq = n_dq % 2 == 0;

  uint32_t stack[MAX_DEPTH];
  int sp = 0;
  for (size_t i = 0; i < nm; i++) {
    const mark *k = &m[i];
    int fam = FAMILY(k->kind);
    bool o, c;
    roles(st, k, &o, &c);
    if (c && fam == FAM_SINGLE && (k->fl & C_PREV_LETTER) &&
        (k->fl & C_THEN_LOWER)) {
      /* the boys’ books, goin’ home: an apostrophe if the next single
       * mark can only close. */
      uint32_t j = w->next_single[i];
      if (j != NONE32) {
        bool o2, c2;
        roles(st, &m[j], &o2, &c2);
        if (c2 && !o2)
          c = false;
      }
    }
    if (fam == FAM_SINGLE && st->primary == FAM_DOUBLE) {
      /* Inside double-quoted speech, single marks are far more often
       * apostrophes of dialect and clitics than nested quotes: fu' me,
       * o' life, It 's (clitics set off by a space).  A nested single
       * quote must not close before a lower-case word after a letter, nor
       * open on a bare clitic or a lower-case letter ('roun', 'tention:
       * elided words; nested speech starts with a capital). */
      if (c && (k->fl & C_PREV_LETTER) && (k->fl & C_THEN_LOWER))
        c = false;
      if (o && (clitic_at(s, k->pos + k->len, b) ||
                lower_at(s, k->pos + k->len, b)))
        o = false;
    }
    /* The innermost open quote of this family. */
    int t = sp - 1;
    while (t >= 0 && w->r[stack[t]].fam != fam)
      t--;
    if (k->kind == K_DQ) {
      /* A straight mark cannot show its direction reliably ("I tried to
       * say "How doth...", or " Tis where an apostrophe was lost): it
       * closes any open double quote, and where the paragraph's straight
       * marks pair up evenly it may open whatever its flanks.  With an odd
       * count, a stray mark (hours" journey) opens only if left-flanking. */
      if (t >= 0)
        c = true;
      else if (even_dq)
        o = true;
    }
    if (c && t >= 0) {
      for (int u = sp - 1; u > t; u--)
        w->r[stack[u]].state = R_DROPPED;
      close_rec(s, &w->r[stack[t]], k->pos, k->pos + k->len, false);
      sp = t;
      continue;
    }
    if (!o)
      continue;
    if (sp > 0 && w->r[stack[sp - 1]].fam == fam) {
      /* An opener while a quote of its family is open: that quote lost its
       * closing mark.  Close it here and start again. */
      for (int u = sp - 1; u > t; u--)
        w->r[stack[u]].state = R_DROPPED;
      close_rec(s, &w->r[stack[t]], k->pos, k->pos, true);
      sp = t;
    }
    if (sp == 0 && fam == FAM_SINGLE && st->primary == FAM_DOUBLE)
      continue; /* apostrophes at the top level of a double-quote text */
    if (sp == MAX_DEPTH)
      continue;
    uint32_t parent = sp ? stack[sp - 1] : NONE32;
    if (!open_rec(d, w, k, parent, sp))
      return false;
    stack[sp++] = (uint32_t)(w->nr - 1);
  }
  /* Paragraph end: inner quotes still open are dropped; an outer one is
   * closed here. */
  for (int u = sp - 1; u > 0; u--)
    w->r[stack[u]].state = R_DROPPED;
  if (sp > 0)
    close_rec(s, &w->r[stack[0]], (uint32_t)b, (uint32_t)b, true);
  (void)a;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Speech or term                                                            */
/* ------------------------------------------------------------------------ */

/* Classes of the character next to a quote. */
enum {
  X_EDGE,  /* the paragraph's start or end */
  X_WORD,  /* a letter or digit */
  X_COMMA, /* , ; */
  X_COLON, /* : */
  X_STOP,  /* . ! ? … */
  X_DASH,  /* - – — */
  X_OPEN,  /* ( [ */
  X_CLOSE, /* ) ] */
  X_QUOTE, /* another quotation mark */
  X_OTHER
};

static int char_class(int32_t cp) {
  if (cp < 0)
    return X_WORD;
  if (cp == ',' || cp == ';')
    return X_COMMA;
  if (cp == ':')
    return X_COLON;
  if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026)
    return X_STOP;
  if (cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2015)
    return X_DASH;
  if (cp == '(' || cp == '[')
    return X_OPEN;
  if (cp == ')' || cp == ']')
    return X_CLOSE;
  if (cp == '"' || cp == '\'' || (cp >= 0x2018 && cp <= 0x201F) || cp == 0xAB ||
      cp == 0xBB || cp == 0x2039 || cp == 0x203A)
    return X_QUOTE;
  if (drp_is_letter(cp) || drp_is_digit(cp))
    return X_WORD;
  return X_OTHER;
}

/* The class of the first non-space character before i in [a, i). */
static int class_before(const unsigned char *s, size_t a, size_t i) {
  while (i > a) {
    int32_t cp;
    int k = drp_utf8_prev(s, i, &cp);
    if (!is_ws(cp))
      return char_class(cp);
    i -= (size_t)k;
  }
  return X_EDGE;
}

/* Counts white-space separated words in s[a, b), stopping at limit. */
static size_t count_words(const unsigned char *s, size_t a, size_t b,
                          size_t limit) {
  size_t n = 0;
  bool in = false;
  for (size_t i = a; i < b; i++) {
    bool sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t';
    if (!sp && !in) {
      if (++n > limit)
        return n;
    }
    in = !sp;
  }
  return n;
}

/* The last (or first) character of the words [a, b), looking past
 * emphasis marks (_Oh!_, *Oh!*). */
static int32_t edge_char(const unsigned char *s, size_t a, size_t b,
                         bool last) {
  while (a < b && (s[a] == '_' || s[a] == '*'))
    a++;
  while (b > a && (s[b - 1] == '_' || s[b - 1] == '*'))
    b--;
  if (a >= b)
    return -1;
  int32_t cp;
  if (last)
    drp_utf8_prev(s, b, &cp);
  else
    drp_utf8_next(s + a, b - a, &cp);
  return cp;
}

/* Verbs of saying: a quote right after one is speech (said "Yes."), and
 * narration holding one between two quotes is a speech tag. */
static const char *const say_verbs[] = {
    "said",      "says",      "say",       "saying",   "cried",    "cries",
    "answered",  "answers",   "replied",   "replies",  "asked",    "asks",
    "exclaimed", "whispered", "shouted",   "muttered", "murmured", "repeated",
    "added",     "began",     "continued", "sang",     "screamed", "roared",
    "announced", "declared",  "returned",  "rejoined", "retorted", "observed",
    "remarked",  "inquired",  "enquired",  "demanded", "called",   "laughed",
    "sighed",    "went",      "urged",     "pleaded",  NULL};

/* Is s[i, e) (ASCII letters) a verb of saying?  "called" counts only in
 * a speech tag: before a quote it names things (a book called "X"). */
static bool is_say_verb(const unsigned char *s, size_t i, size_t e,
                        bool in_tag) {
  size_t n = e - i;
  if (n == 0 || n >= 12)
    return false;
  char w[12];
  for (size_t k = 0; k < n; k++)
    w[k] = (char)(s[i + k] | 0x20);
  w[n] = '\0';
  for (int k = 0; say_verbs[k]; k++)
    if (strcmp(w, say_verbs[k]) == 0)
      return in_tag || strcmp(w, "called") != 0;
  return false;
}

static bool is_ascii_letter(unsigned char c) {
  return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Is the word ending just before i (after white space) a verb of saying? */
static bool say_verb_before(const unsigned char *s, size_t a, size_t i) {
  while (i > a && (s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '\r' ||
                   s[i - 1] == '\t'))
    i--;
  size_t e = i;
  while (i > a && e - i < 12 && is_ascii_letter(s[i - 1]))
    i--;
  if (i > a && s[i - 1] >= 0x80)
    return false;
  return is_say_verb(s, i, e, false);
}

/* Does the narration s[a, b) hold a verb of saying? */
static bool say_verb_in(const unsigned char *s, size_t a, size_t b) {
  size_t i = a;
  while (i < b) {
    while (i < b && !is_ascii_letter(s[i]))
      i++;
    size_t w = i;
    while (i < b && is_ascii_letter(s[i]))
      i++;
    if (i > w && (w == a || s[w - 1] < 0x80) && (i == b || s[i] < 0x80) &&
        is_say_verb(s, w, i, true))
      return true;
  }
  return false;
}

/* Evidence, in half points, that a quote of nw words is a term: short
 * quotes are terms more often (measured on PDNC, where 46% of the quotes
 * that are not speech have 1-3 words). */
static const int term_by_words[9] = {4, 4, 3, 2, 2, 0, 0, -1, -2};

/* Is the outer quote r of paragraph [a, b) a quoted term rather than
 * speech?  A sum of evidence in half points; TERM_SCORE or more is a
 * term.  Each weight reads as a rule of thumb:
 *   - after a word, inside a narration sentence (the word "love", a book
 *     called "Evelina"): +4, but after a verb of saying: -6;
 *   - after , or : (he said, "..."): -3; after . ! ? (a new sentence):
 *     -4; after a dash: -4;
 *   - short: up to +4 (term_by_words);
 *   - ends in ! or ?: -6; in a letter (no punctuation): +3; starts in
 *     lower case: +1;
 *   - ends the paragraph: -3; followed by a lower-case word, with no
 *     punctuation at its own end (the "form" in New York): +2. */
#define TERM_SCORE 5
static bool is_term(const unsigned char *s, const rec *r, size_t a, size_t b,
                    bool block) {
  if (block)
    return true; /* a letter or verse set as an indented block */
  if (r->open_start == a)
    return false; /* a quote that opens its paragraph is speech */
  int before = class_before(s, a, r->open_start);
  int32_t last = edge_char(s, r->start, r->end, true);
  int32_t first = edge_char(s, r->start, r->end, false);
  size_t nw = count_words(s, r->start, r->end, 8);
  int sc = term_by_words[nw > 8 ? 8 : nw];
  switch (before) {
  case X_WORD:
    sc += say_verb_before(s, a, r->open_start) ? -6 : 4;
    break;
  case X_COMMA:
  case X_COLON:
    sc -= 3;
    break;
  case X_STOP:
  case X_DASH:
    sc -= 4;
    break;
  }
  if (last == '!' || last == '?')
    sc -= 6;
  else if (last >= 0 && drp_is_letter(last))
    sc += 3;
  if (first >= 0 && drp_is_lower(first))
    sc += 1;
  size_t i = r->close_end;
  while (i < b && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
    i++;
  if (i >= b) {
    sc -= 3;
  } else if (last >= 0 && drp_is_letter(last)) {
    int32_t cp;
    drp_utf8_next(s + i, b - i, &cp);
    if (drp_is_lower(cp))
      sc += 2;
  }
  return sc >= TERM_SCORE;
}

/* ------------------------------------------------------------------------ */
/* Emission                                                                  */
/* ------------------------------------------------------------------------ */

/* Does speech quote q (closed) continue into speech quote n of the same
 * paragraph, the narration between being a speech tag? */
static bool continues(const unsigned char *s, const rec *q, const rec *n) {
  if (q->flags & DR_QF_UNCLOSED)
    return false;
  if (q->end <= q->start)
    return false;
  int32_t cp;
  drp_utf8_prev(s, q->end, &cp);
  int cls = char_class(cp);
  if (cls == X_COMMA && cp == ',')
    return count_words(s, q->close_end, n->open_start, TAG_WORDS_COMMA) <=
           TAG_WORDS_COMMA;
  if (cls == X_DASH)
    return count_words(s, q->close_end, n->open_start, TAG_WORDS_COMMA) <=
           TAG_WORDS_COMMA;
  if (cls == X_COMMA || cls == X_COLON || (cls == X_STOP && cp != '.')) {
    /* After ; : ! ? the narration must be a speech tag: short, with a
     * verb of saying ("Forty!" Meg announced. "..."), not any sentence
     * ("Lizzy!" Her voice carried across the room. "..."). */
    return count_words(s, q->close_end, n->open_start, TAG_WORDS_OTHER) <=
               TAG_WORDS_OTHER &&
           say_verb_in(s, q->close_end, n->open_start);
  }
  return false;
}

/* State carried from one story paragraph to the next. */
typedef struct {
  size_t para;    /* index of the last story paragraph processed */
  size_t pending; /* quote left open at its end (multi-paragraph), or
                     DR_NONE */
  int pending_fam;
  size_t indent; /* the usual indentation of a story paragraph */
} carry;

/* The indentation of the line a paragraph starts on, in bytes. */
static size_t indent_of(const unsigned char *s, size_t start) {
  size_t i = start;
  while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
    i--;
  return start - i;
}

static bool emit(dr_doc *d, scratch *w, size_t p, carry *cr) {
  const unsigned char *s = (const unsigned char *)d->text;
  const dr_paragraph *pa = &d->paras[p];
  size_t a = pa->start, b = pa->end;
  bool linked = cr->pending != DR_NONE && cr->para + 1 == p;
  bool block = indent_of(s, a) >= cr->indent + BLOCK_INDENT;
  size_t pending = cr->pending;
  int pending_fam = cr->pending_fam;
  cr->pending = DR_NONE;
  cr->para = p;

  uint32_t prev_speech = NONE32; /* last outer speech record */
  bool first = true;
  for (size_t i = 0; i < w->nr; i++) {
    rec *r = &w->r[i];
    if (r->state != R_CLOSED)
      continue;
    /* A quote closed inside one that was later dropped (its opener was an
     * apostrophe) belongs to the nearest closed ancestor. */
    while (r->parent != NONE32 && w->r[r->parent].state != R_CLOSED)
      r->parent = w->r[r->parent].parent;
    if (r->parent != NONE32) {
      /* Nested: lives where its parent lives. */
      const rec *par = &w->r[r->parent];
      r->term = par->term;
      r->flags |= DR_QF_NESTED;
    } else {
      bool reopen =
          first && linked && r->open_start == a && r->fam == pending_fam;
      first = false;
      if (reopen) {
        r->term = 0;
        r->flags |= DR_QF_REOPENED;
      } else {
        r->term = is_term(s, r, a, b, block);
      }
    }
    dr_quote *q = r->term ? DRP_PUSH(d, d->terms, d->n_terms, d->cap_terms)
                          : DRP_PUSH(d, d->quotes, d->n_quotes, d->cap_quotes);
    if (!q)
      return false;
    r->out = (uint32_t)((r->term ? d->n_terms : d->n_quotes) - 1);
    q->start = r->start;
    q->end = r->end;
    q->open_start = r->open_start;
    q->open_end = r->open_end;
    q->close_start = r->close_start;
    q->close_end = r->close_end;
    q->paragraph = p;
    q->continues = DR_NONE;
    q->parent = r->parent != NONE32 ? w->r[r->parent].out : DR_NONE;
    q->flags = r->flags;
    if (r->parent != NONE32 || r->term)
      continue;
    if (r->flags & DR_QF_REOPENED)
      q->continues = pending;
    else if (prev_speech != NONE32 && continues(s, &w->r[prev_speech], r))
      q->continues = w->r[prev_speech].out;
    prev_speech = (uint32_t)i;
    if (r->flags & DR_QF_UNCLOSED) {
      cr->pending = r->out;
      cr->pending_fam = r->fam;
    }
  }
  return true;
}

/* ------------------------------------------------------------------------ */
/* The stage                                                                 */
/* ------------------------------------------------------------------------ */

dr_status drp_quotes(dr_doc *d) {
  scratch w;
  memset(&w, 0, sizeof w);
  dr_status st = DR_OK;

  /* Phases 1-2: the document's style. */
  counts c;
  memset(&c, 0, sizeof c);
  size_t indents[16] = {0};
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (pa->kind != DR_PARA_TEXT)
      continue;
    size_t in = indent_of((const unsigned char *)d->text, pa->start);
    indents[in < 15 ? in : 15]++;
    if (!collect(d, pa->start, pa->end, &w.m, &w.nm, &w.cap_m))
      goto fail;
    count_marks(w.m, w.nm, &c);
  }
  style sty;
  decide_style(&c, &sty);

  /* Phases 3-6, paragraph by paragraph. */
  carry cr = {0, DR_NONE, 0, 0};
  for (size_t k = 1; k < 16; k++)
    if (indents[k] > indents[cr.indent])
      cr.indent = k;
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (pa->kind != DR_PARA_TEXT)
      continue;
    if (!collect(d, pa->start, pa->end, &w.m, &w.nm, &w.cap_m))
      goto fail;
    if (!pair(d, &sty, &w, pa->start, pa->end))
      goto fail;
    if (!emit(d, &w, p, &cr))
      goto fail;
  }
  goto done;
fail:
  st = d->status != DR_OK ? d->status : DR_ENOMEM;
done:
  drp_free(d, w.m);
  drp_free(d, w.next_single);
  drp_free(d, w.r);
  return st;
}
