/*
 * cast.c -- characters from a known cast (dr_options.cast).
 *
 * When the caller knows the cast (a list of characters with their names,
 * aliases and gender, one per line), this stage replaces the discovery of
 * names.c: it finds every listed name in the story text and makes one
 * character per cast line, so attribution runs over the true cast.
 *
 * Cast text, one character per line (UTF-8; '#' starts a comment line):
 *
 *     NAME | ALIAS; ALIAS ... | GENDER
 *
 * Fields are separated by '|' or a tab; aliases by ';'.  GENDER is
 * M, F, N or U (or male, female, nonbinary, unknown; any case) and may be
 * left out.  The name is an alias too.  A name matches the story text
 * token by token, ignoring a trailing '.' (Mr = Mr.): a name of several
 * words in any case ("The Mouse" matches "the Mouse"), a one-word name
 * exactly ("Will" is not "will"), except that a lower-case one may be
 * capitalised ("nanny" matches "Nanny").
 *
 * 1. Parse (drp_cast_check at document creation; errors name the line's
 *    byte offset).  Aliases are split into pieces at white space.
 * 2. Surnames: the last word of a listed name of several words ("William
 *    Rodney", "Mr. Rodney") is a name of its own ("Rodney exclaimed"),
 *    unless some line lists that word itself.  Shared by several
 *    characters, it goes to the one man among them (Mr. Bennet, not Jane
 *    or Mrs. Bennet: a bare surname is a man's) -- the women keep it only
 *    after a woman's honorific ("Miss Bennet") --, else to all of them
 *    (the most recently mentioned wins, step 3).  The first word is a name of
 *    its own on the same terms ("Tom" for "Tom Bertram"), unless it is an
 *    honorific (drp_is_honorific: "Sir Thomas", "Lady Bertram", "The
 *    Hatter"); a first name shared goes to all who have it.  A word the
 *    story writes mostly in lower case is no derived name ("His" of "His
 *    Colleague", "Young" of "Young Lady": common_words).  Such a derived
 *    alias is reported only when the text uses it.
 *    Index: a hash table from each alias's piece sequence to its entries
 *    (an alias may belong to several characters: "Miss Bennet").
 * 3. Scan story paragraphs: at each word, the longest alias (at most
 *    CAST_MAXP pieces) that matches the next tokens is a mention; inside a
 *    quote it is a vocative when names.c's rule says so.  After an
 *    honorific of one gender a derived name is only that gender's ("Mr.
 *    Steele" is none of the Steele sisters).  An alias shared
 *    by several characters goes to the one mentioned most recently (else
 *    the first listed).
 * 4. Output: every cast character mentioned at least once (min_mentions
 *    does not apply: the caller chose the cast), most mentioned first, its
 *    gender as given (score 1, or U with 0), its aliases with their counts.
 *
 * Linear in tokens times CAST_MAXP; no global state.
 */
#include "internal.h"

#include <stdlib.h>

/* Pieces in one alias ("Lady Catherine de Bourgh" has four; "the
 * gentleman with the red rosette" six). */
#define CAST_MAXP 10
/* A derived word written in lower case more than COMMON_K times as often
 * as capitalised inside a sentence is a common word (common_words):
 * "His" 765 : 2, "Little" 71 : 8, but "Vicar" 4 : 1 is a way of address
 * ("A most interesting sermon, Vicar.") and "Last" 78 : 49 a surname. */
#define COMMON_K 3
/* A cast is a list of names, not a book: offsets into it are 32-bit. */
#define CAST_MAX_BYTES ((size_t)64 << 20)

typedef struct {
  uint32_t start, len; /* the alias text in d->cast */
  uint32_t piece[CAST_MAXP], plen[CAST_MAXP];
  int n;               /* pieces */
  uint32_t hash;
  uint32_t who;        /* cast line (character) */
  uint32_t count;      /* mentions matched */
  uint32_t ord;        /* order of creation (a stable sort key) */
  bool derived;        /* a word taken from a longer name (step 2) */
  bool backup;         /* derived, of a woman whose surname a man shares:
                          hers only after a woman's honorific (Miss X) */
} cast_alias;

typedef struct {
  uint32_t name;    /* index of its first alias (the name) */
  dr_gender gender;
  uint32_t mentions, first, last; /* last: mention order + 1 */
  uint32_t out;     /* output index, or UINT32_MAX */
} cast_char;

typedef struct {
  dr_doc *d;
  const char *s; /* cast text */
  size_t len;
  cast_alias *al;
  size_t n_al, cap_al;
  cast_char *ch;
  size_t n_ch, cap_ch;
  uint32_t *tab; /* alias index + 1, open addressing */
  size_t tab_cap;
} cast_ctx;

static bool is_sep(char c) { return c == '|' || c == '\t'; }
static bool is_blank(char c) { return c == ' ' || c == '\r'; }

static uint32_t fnv_step(uint32_t h, unsigned char c) {
  return (h ^ c) * 16777619u;
}

static unsigned char fold(char c) {
  return (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Hash of pieces, folded to lower case (ASCII), separated by a space. */
static uint32_t piece_hash(uint32_t h, const char *p, size_t n, bool first) {
  if (!first)
    h = fnv_step(h, ' ');
  for (size_t i = 0; i < n; i++)
    h = fnv_step(h, fold(p[i]));
  return h;
}

static size_t strip_dot(const char *p, size_t n) {
  return n > 1 && p[n - 1] == '.' ? n - 1 : n;
}

/* Parses one alias s[a, b) of character who into the table (or only
 * checks it when x->d is NULL).  Returns NULL or an error message. */
static const char *add_alias(cast_ctx *x, size_t a, size_t b, uint32_t who) {
  while (a < b && is_blank(x->s[a]))
    a++;
  while (b > a && is_blank(x->s[b - 1]))
    b--;
  if (a == b)
    return NULL;
  if (b - a > 255)
    return "a name longer than 255 bytes";
  cast_alias al;
  memset(&al, 0, sizeof al);
  al.start = (uint32_t)a;
  al.len = (uint32_t)(b - a);
  al.who = who;
  al.hash = 2166136261u;
  for (size_t i = a; i < b;) {
    while (i < b && is_blank(x->s[i]))
      i++;
    size_t j = i;
    while (j < b && !is_blank(x->s[j]))
      j++;
    if (j == i)
      break;
    if (al.n == CAST_MAXP)
      return "a name of more than 10 words";
    size_t n = strip_dot(x->s + i, j - i);
    al.piece[al.n] = (uint32_t)i;
    al.plen[al.n] = (uint32_t)n;
    al.hash = piece_hash(al.hash, x->s + i, n, al.n == 0);
    al.n++;
    i = j;
  }
  if (!x->d)
    return NULL;
  cast_alias *slot = DRP_PUSH(x->d, x->al, x->n_al, x->cap_al);
  if (!slot)
    return "";
  al.ord = (uint32_t)(x->n_al - 1);
  *slot = al;
  return NULL;
}

static bool gender_of(const char *p, size_t n, dr_gender *g) {
  static const struct {
    const char *w;
    dr_gender g;
  } names[] = {{"m", DR_GENDER_MALE},    {"male", DR_GENDER_MALE},
               {"f", DR_GENDER_FEMALE},  {"female", DR_GENDER_FEMALE},
               {"n", DR_GENDER_NONBINARY}, {"nonbinary", DR_GENDER_NONBINARY},
               {"u", DR_GENDER_UNKNOWN}, {"unknown", DR_GENDER_UNKNOWN},
               {"", DR_GENDER_UNKNOWN}};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    size_t k = strlen(names[i].w);
    if (k != n)
      continue;
    size_t j = 0;
    while (j < n && (p[j] | 0x20) == names[i].w[j])
      j++;
    if (j == n) {
      *g = names[i].g;
      return true;
    }
  }
  return false;
}

/* Parses the whole cast; with x->d NULL it only checks.  On an error sets
 * *msg and *off (the line's first byte) and returns false. */
static bool parse(cast_ctx *x, const char **msg, size_t *off) {
  const char *s = x->s;
  size_t len = x->len;
  uint32_t who = 0;
  for (size_t a = 0; a < len;) {
    size_t e = a;
    while (e < len && s[e] != '\n')
      e++;
    size_t next = e < len ? e + 1 : e;
    size_t i = a;
    while (i < e && (is_blank(s[i]) || s[i] == '\t'))
      i++;
    if (i == e || s[i] == '#') {
      a = next;
      continue;
    }
    /* Fields. */
    size_t f[3][2];
    int nf = 0;
    size_t k = a;
    while (nf < 3) {
      size_t b = k;
      while (b < e && !is_sep(s[b]))
        b++;
      f[nf][0] = k;
      f[nf][1] = b;
      nf++;
      if (b == e)
        break;
      k = b + 1;
    }
    *off = a;
    if (nf == 3 && f[2][1] < e) {
      *msg = "more than three fields (name | aliases | gender)";
      return false;
    }
    size_t na = f[0][0], nb = f[0][1];
    while (na < nb && (is_blank(s[na]) || s[na] == '\t'))
      na++;
    while (nb > na && is_blank(s[nb - 1]))
      nb--;
    if (na == nb) {
      *msg = "a cast line without a name";
      return false;
    }
    dr_gender g = DR_GENDER_UNKNOWN;
    if (nf == 3) {
      size_t ga = f[2][0], gb = f[2][1];
      while (ga < gb && is_blank(s[ga]))
        ga++;
      while (gb > ga && is_blank(s[gb - 1]))
        gb--;
      if (!gender_of(s + ga, gb - ga, &g)) {
        *msg = "gender must be M, F, N or U";
        return false;
      }
    }
    if (who >= (1u << 20)) {
      *msg = "more than 1,048,576 characters";
      return false;
    }
    if (x->d) {
      cast_char *c = DRP_PUSH(x->d, x->ch, x->n_ch, x->cap_ch);
      if (!c) {
        *msg = "";
        return false;
      }
      c->name = (uint32_t)x->n_al;
      c->gender = g;
      c->out = UINT32_MAX;
    }
    const char *m = add_alias(x, na, nb, who);
    if (!m && nf >= 2) {
      size_t p = f[1][0];
      for (size_t q = p; q <= f[1][1] && !m; q++)
        if (q == f[1][1] || s[q] == ';') {
          m = add_alias(x, p, q, who);
          p = q + 1;
        }
    }
    if (m) {
      *msg = *m ? m : "out of memory";
      return false;
    }
    who++;
    a = next;
  }
  return true;
}

dr_status dr_cast_check(const char *cast, size_t len, const char **msg,
                        size_t *offset) {
  const char *m;
  size_t o;
  dr_status st = cast || !len ? drp_cast_check(cast ? cast : "", len, &m, &o)
                              : DR_EINVAL;
  if (st != DR_OK && !cast) {
    m = "no cast text";
    o = 0;
  }
  if (msg)
    *msg = st == DR_OK ? "" : m;
  if (offset)
    *offset = st == DR_OK ? 0 : o;
  return st;
}

dr_status drp_cast_check(const char *cast, size_t len, const char **msg,
                         size_t *off) {
  cast_ctx x;
  memset(&x, 0, sizeof x);
  x.s = cast;
  x.len = len;
  *msg = "";
  *off = 0;
  if (len > CAST_MAX_BYTES) {
    *msg = "a cast larger than 64 MiB";
    return DR_EINVAL;
  }
  return parse(&x, msg, off) ? DR_OK : DR_EINVAL;
}

/* Whether the alias matches the tokens from i on (all in one paragraph
 * ending before token end). */
static bool alias_matches(const cast_ctx *x, const cast_alias *al, size_t i,
                          size_t end) {
  const dr_doc *d = x->d;
  if (i + (size_t)al->n > end)
    return false;
  for (int k = 0; k < al->n; k++) {
    const drp_tok *t = &d->toks[i + (size_t)k];
    const char *p = d->text + t->start;
    size_t n = strip_dot(p, t->len);
    if (n != al->plen[k])
      return false;
    const char *q = x->s + al->piece[k];
    if (al->n > 1) {
      /* "The Mouse" is the mouse: a name of several words matches in
       * any case. */
      for (size_t j = 0; j < n; j++)
        if (fold(p[j]) != fold(q[j]))
          return false;
      continue;
    }
    /* One word matches as written ("Will" is not "will"), except that a
     * lower-case alias may start a sentence ("nanny", "Nanny"). */
    size_t j = 0;
    if (q[0] >= 'a' && q[0] <= 'z') {
      if (fold(p[0]) != (unsigned char)q[0])
        return false;
      j = 1;
    }
    if (memcmp(p + j, q + j, n - j) != 0)
      return false;
  }
  return true;
}

/* Whether the one-word alias text p[0, n) is listed (as one word) by any
 * line; uses the index of the listed aliases. */
static bool listed_word(const cast_ctx *x, uint32_t h, const char *p,
                        size_t n) {
  for (size_t j = h & (x->tab_cap - 1); x->tab[j];
       j = (j + 1) & (x->tab_cap - 1)) {
    const cast_alias *al = &x->al[x->tab[j] - 1];
    if (al->hash == h && al->n == 1 && !al->derived && al->plen[0] == n &&
        memcmp(x->s + al->piece[0], p, n) == 0)
      return true;
  }
  return false;
}

typedef struct {
  const char *text; /* the word, in the cast text */
  uint32_t hash, plen, who;
  bool given;       /* the first word of a name, not the last */
  bool common;      /* a common word of the story (common_words) */
} derived_t;

static int cmp_derived(const void *pa, const void *pb) {
  const derived_t *a = pa, *b = pb;
  if (a->hash != b->hash)
    return a->hash < b->hash ? -1 : 1;
  if (a->plen != b->plen)
    return a->plen < b->plen ? -1 : 1;
  int c = memcmp(a->text, b->text, a->plen);
  if (c)
    return c;
  return (a->who > b->who) - (a->who < b->who);
}

static bool same_word(const derived_t *a, const derived_t *b) {
  return a->hash == b->hash && a->plen == b->plen &&
         memcmp(a->text, b->text, a->plen) == 0;
}

static int cmp_who(const void *pa, const void *pb) {
  const cast_alias *a = pa, *b = pb;
  if (a->who != b->who)
    return a->who < b->who ? -1 : 1;
  return (a->ord > b->ord) - (a->ord < b->ord);
}

static dr_status build_index(cast_ctx *x);

/* Whether token i is capitalised inside a sentence: after a word or a
 * comma, not at a sentence's start, not written all in capitals. */
static bool cap_inside(const dr_doc *d, size_t i, size_t first) {
  const drp_tok *t = &d->toks[i];
  unsigned f = drp_tok_flags(t);
  if (!(f & DR_TF_CAP) || (f & (DR_TF_SENT_START | DR_TF_UPPER)) ||
      i == first)
    return false;
  const drp_tok *p = t - 1;
  dr_token_kind k = drp_tok_kind(p);
  return k == DR_TOK_WORD ||
         (k == DR_TOK_PUNCT && p->len == 1 && d->text[p->start] == ',');
}

/* Marks sv[i].common for each derived word (sv sorted, equal words
 * together) that the story writes in lower case more than COMMON_K times
 * as often as capitalised inside a sentence: "His" of "His Colleague",
 * "Young" of "Young Lady", "Man", "Old" are common words there that a
 * sentence may start with, not names ("Rodney exclaimed" has no
 * "rodney"). */
static dr_status common_words(cast_ctx *x, derived_t *sv, size_t ns) {
  dr_doc *d = x->d;
  size_t cap = 16;
  while (cap < ns * 2 + 2)
    cap *= 2;
  /* tab: first entry of a word + 1; n[2 * e]: lower case, n[2 * e + 1]:
   * capitalised inside a sentence, for the word whose first entry is e. */
  uint32_t *tab = drp_alloc(d, cap * sizeof *tab);
  uint32_t *n = drp_alloc(d, (ns ? 2 * ns : 1) * sizeof *n);
  if (!tab || !n) {
    drp_free(d, tab);
    drp_free(d, n);
    return DR_ENOMEM;
  }
  memset(tab, 0, cap * sizeof *tab);
  memset(n, 0, (ns ? 2 * ns : 1) * sizeof *n);
  for (size_t i = 0; i < ns; i++) {
    if (i > 0 && same_word(&sv[i], &sv[i - 1]))
      continue;
    size_t j = sv[i].hash & (cap - 1);
    while (tab[j])
      j = (j + 1) & (cap - 1);
    tab[j] = (uint32_t)i + 1;
  }
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (pa->kind != DR_PARA_TEXT)
      continue;
    size_t a = pa->first_token, b = a + pa->n_tokens;
    for (size_t i = a; i < b; i++) {
      const drp_tok *t = &d->toks[i];
      if (drp_tok_kind(t) != DR_TOK_WORD)
        continue;
      const char *w = d->text + t->start;
      size_t wl = strip_dot(w, t->len);
      uint32_t h = piece_hash(2166136261u, w, wl, true);
      for (size_t j = h & (cap - 1); tab[j]; j = (j + 1) & (cap - 1)) {
        const derived_t *e = &sv[tab[j] - 1];
        if (e->hash != h || !drp_fold_eq(w, wl, e->text, e->plen))
          continue;
        if (w[0] >= 'a' && w[0] <= 'z')
          n[2 * (tab[j] - 1)]++;
        else if (cap_inside(d, i, a))
          n[2 * (tab[j] - 1) + 1]++;
        break;
      }
    }
  }
  for (size_t i = 0, e = 0; i < ns; i++) {
    if (i > 0 && !same_word(&sv[i], &sv[i - 1]))
      e = i;
    sv[i].common = n[2 * e] > COMMON_K * n[2 * e + 1];
  }
  drp_free(d, tab);
  drp_free(d, n);
  return DR_OK;
}

/* Step 2: derived aliases (a listed name's last word, its first word),
 * then the aliases sorted back into one run per character (the listed
 * name first) and indexed. */
static dr_status add_derived(cast_ctx *x) {
  dr_doc *d = x->d;
  size_t n_exp = x->n_al;
  dr_status st = build_index(x);
  if (st != DR_OK)
    return st;
  derived_t *sv = drp_alloc(d, (n_exp ? 2 * n_exp : 1) * sizeof *sv);
  if (!sv)
    return DR_ENOMEM;
  size_t ns = 0;
  for (size_t i = 0; i < n_exp; i++) {
    const cast_alias *al = &x->al[i];
    if (al->n < 2)
      continue;
    for (int given = 0; given < 2; given++) {
      int k = given ? 0 : al->n - 1;
      uint32_t p = al->piece[k], n = al->plen[k];
      if (n < 2 || x->s[p] < 'A' || x->s[p] > 'Z' ||
          (given && drp_is_honorific(x->s + p, n)))
        continue;
      uint32_t h = piece_hash(2166136261u, x->s + p, n, true);
      if (listed_word(x, h, x->s + p, n))
        continue;
      sv[ns].text = x->s + p;
      sv[ns].hash = h;
      sv[ns].plen = n;
      sv[ns].who = al->who;
      sv[ns].given = given;
      ns++;
    }
  }
  qsort(sv, ns, sizeof *sv, cmp_derived);
  st = common_words(x, sv, ns);
  for (size_t a = 0; a < ns && st == DR_OK;) {
    size_t b = a + 1;
    while (b < ns && same_word(&sv[b], &sv[a]))
      b++;
    size_t men = 0;
    bool any_given = false;
    for (size_t i = a; i < b; i++) {
      if ((i == a || sv[i].who != sv[i - 1].who) &&
          x->ch[sv[i].who].gender == DR_GENDER_MALE)
        men++;
      any_given |= sv[i].given;
    }
    if (any_given)
      men = 0; /* a given name is anyone's: the most recent wins */
    for (size_t i = a; i < b; i++) {
      if ((i > a && sv[i].who == sv[i - 1].who) || sv[i].common)
        continue;
      bool backup = men == 1 && x->ch[sv[i].who].gender != DR_GENDER_MALE;
      cast_alias *al = DRP_PUSH(d, x->al, x->n_al, x->cap_al);
      if (!al) {
        st = DR_ENOMEM;
        break;
      }
      memset(al, 0, sizeof *al);
      al->start = al->piece[0] = (uint32_t)(sv[i].text - x->s);
      al->len = al->plen[0] = sv[i].plen;
      al->n = 1;
      al->hash = sv[i].hash;
      al->who = sv[i].who;
      al->ord = (uint32_t)(x->n_al - 1);
      al->derived = true;
      al->backup = backup;
    }
    a = b;
  }
  drp_free(d, sv);
  drp_free(d, x->tab);
  x->tab = NULL;
  if (st != DR_OK)
    return st;
  if (x->n_al > n_exp) {
    qsort(x->al, x->n_al, sizeof *x->al, cmp_who);
    for (size_t i = x->n_al; i-- > 0;)
      x->ch[x->al[i].who].name = (uint32_t)i;
  }
  return build_index(x);
}

static dr_status build_index(cast_ctx *x) {
  size_t cap = 16;
  while (cap < x->n_al * 2 + 2)
    cap *= 2;
  x->tab = drp_alloc(x->d, cap * sizeof *x->tab);
  if (!x->tab)
    return DR_ENOMEM;
  memset(x->tab, 0, cap * sizeof *x->tab);
  x->tab_cap = cap;
  for (size_t i = 0; i < x->n_al; i++) {
    size_t j = x->al[i].hash & (cap - 1);
    while (x->tab[j])
      j = (j + 1) & (cap - 1);
    x->tab[j] = (uint32_t)i + 1;
  }
  return DR_OK;
}

/* Whether derived alias al may name the one after an honorific of
 * gender hg (+1 male, -1 female, 0 none or either): "Miss Bennet" is no
 * man's, "Mr. Bennet" no woman's, and a woman's backup surname is hers
 * only after a woman's honorific. */
static bool derived_fits(const cast_ctx *x, const cast_alias *al, int hg) {
  if (!al->derived)
    return true;
  dr_gender g = x->ch[al->who].gender;
  if (hg == 0)
    return !al->backup;
  return !(hg > 0 && g == DR_GENDER_FEMALE) && !(hg < 0 && g == DR_GENDER_MALE);
}

/* The character a match of the piece sequence with hash h at tokens
 * [i, i+n) names, or UINT32_MAX; *alias is set to the alias matched.  hg:
 * the gender of an honorific just before (derived_fits). */
static uint32_t lookup(cast_ctx *x, uint32_t h, int n, size_t i, size_t end,
                       int hg, uint32_t *alias) {
  uint32_t best = UINT32_MAX;
  for (size_t j = h & (x->tab_cap - 1); x->tab[j];
       j = (j + 1) & (x->tab_cap - 1)) {
    const cast_alias *al = &x->al[x->tab[j] - 1];
    if (al->hash != h || al->n != n || !alias_matches(x, al, i, end) ||
        !derived_fits(x, al, hg))
      continue;
    const cast_char *c = &x->ch[al->who];
    if (best == UINT32_MAX || c->last > x->ch[best].last) {
      best = al->who;
      *alias = x->tab[j] - 1;
    }
  }
  return best;
}

static dr_status scan(cast_ctx *x) {
  dr_doc *d = x->d;
  size_t q = 0;
  uint32_t order = 0;
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (pa->kind != DR_PARA_TEXT)
      continue;
    size_t a = pa->first_token, b = a + pa->n_tokens;
    for (size_t i = a; i < b; i++) {
      if (drp_tok_kind(&d->toks[i]) != DR_TOK_WORD)
        continue;
      /* Hashes of the sequences starting at i, longest match first. */
      uint32_t h[CAST_MAXP];
      int n = 0;
      uint32_t acc = 2166136261u;
      for (size_t k = i; k < b && n < CAST_MAXP; k++) {
        const drp_tok *t = &d->toks[k];
        if (drp_tok_kind(t) != DR_TOK_WORD ||
            (k > i && !(drp_tok_flags(t) & DR_TF_SPACE_BEFORE)))
          break;
        acc = piece_hash(acc, d->text + t->start,
                         strip_dot(d->text + t->start, t->len), k == i);
        h[n++] = acc;
      }
      /* "Miss Bennet": the honorific's gender picks the derived name's
       * owner. */
      int hg = 0;
      if (i > a && drp_tok_kind(&d->toks[i - 1]) == DR_TOK_WORD)
        hg = drp_honorific_gender(d->text + d->toks[i - 1].start,
                                  d->toks[i - 1].len);
      uint32_t who = UINT32_MAX, alias = 0;
      int len = n;
      for (; len > 0 && who == UINT32_MAX; len--)
        who = lookup(x, h[len - 1], len, i, b, hg, &alias);
      if (who == UINT32_MAX)
        continue;
      len++; /* the loop stepped past the match */
      size_t e = i + (size_t)len;
      dr_mention *m = DRP_PUSH(d, d->mentions, d->n_mentions,
                               d->cap_mentions);
      if (!m)
        return DR_ENOMEM;
      m->start = d->toks[i].start;
      m->end = drp_tok_end(&d->toks[e - 1]);
      m->character = who;
      m->kind = DR_MENTION_NAME;
      const dr_quote *qq = drp_quote_at(d, &q, m->start);
      if (qq && drp_vocative(d, i, e, a, b, qq))
        m->kind = DR_MENTION_VOCATIVE;
      cast_char *c = &x->ch[who];
      if (c->mentions++ == 0)
        c->first = (uint32_t)m->start;
      c->last = ++order;
      x->al[alias].count++;
      i = e - 1;
    }
  }
  return DR_OK;
}

typedef struct {
  uint32_t who, mentions, first;
} corder;

static int cmp_corder(const void *pa, const void *pb) {
  const corder *a = pa, *b = pb;
  if (a->mentions != b->mentions)
    return a->mentions > b->mentions ? -1 : 1;
  return a->first < b->first ? -1 : (a->first > b->first);
}

static int cmp_alias_count(const void *pa, const void *pb) {
  const dr_alias *a = pa, *b = pb;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return strcmp(a->text, b->text);
}

static dr_status emit(cast_ctx *x) {
  dr_doc *d = x->d;
  corder *co = drp_alloc(d, (x->n_ch ? x->n_ch : 1) * sizeof *co);
  if (!co)
    return DR_ENOMEM;
  size_t n = 0;
  for (size_t i = 0; i < x->n_ch; i++)
    if (x->ch[i].mentions) {
      co[n].who = (uint32_t)i;
      co[n].mentions = x->ch[i].mentions;
      co[n].first = x->ch[i].first;
      n++;
    }
  qsort(co, n, sizeof *co, cmp_corder);
  dr_status st = DR_OK;
  /* Aliases first (the array may move), then characters point in. */
  size_t *at = drp_alloc(d, (n + 1) * sizeof *at);
  if (!at) {
    drp_free(d, co);
    return DR_ENOMEM;
  }
  for (size_t k = 0; k < n && st == DR_OK; k++) {
    cast_char *c = &x->ch[co[k].who];
    c->out = (uint32_t)k;
    at[k] = d->n_aliases;
    size_t first = c->name;
    for (size_t j = first; j < x->n_al && x->al[j].who == co[k].who; j++) {
      /* One entry per distinct text; a derived alias only if used. */
      const cast_alias *al = &x->al[j];
      if (al->derived && al->count == 0)
        continue;
      const char *text = x->s + al->start;
      size_t m = d->n_aliases;
      for (size_t t = at[k]; t < d->n_aliases; t++)
        if (strlen(d->aliases[t].text) == al->len &&
            memcmp(d->aliases[t].text, text, al->len) == 0)
          m = t;
      if (m < d->n_aliases) {
        d->aliases[m].count += al->count;
        continue;
      }
      const char *copy = drp_strndup(d, text, al->len);
      dr_alias *slot = copy ? DRP_PUSH(d, d->aliases, d->n_aliases,
                                       d->cap_aliases)
                            : NULL;
      if (!slot) {
        st = DR_ENOMEM;
        break;
      }
      slot->text = copy;
      slot->count = al->count;
    }
  }
  at[n] = d->n_aliases;
  for (size_t k = 0; k < n && st == DR_OK; k++) {
    const cast_char *c = &x->ch[co[k].who];
    dr_character *ch = DRP_PUSH(d, d->chars, d->n_chars, d->cap_chars);
    if (!ch) {
      st = DR_ENOMEM;
      break;
    }
    const cast_alias *nm = &x->al[c->name];
    ch->name = drp_strndup(d, x->s + nm->start, nm->len);
    if (!ch->name) {
      st = DR_ENOMEM;
      break;
    }
    ch->gender = c->gender;
    ch->gender_score = c->gender == DR_GENDER_UNKNOWN ? 0.0 : 1.0;
    ch->mentions = c->mentions;
    ch->first = c->first;
  }
  if (st == DR_OK) {
    for (size_t k = 0; k < n; k++) {
      qsort(d->aliases + at[k], at[k + 1] - at[k], sizeof *d->aliases,
            cmp_alias_count);
      d->chars[k].aliases = d->aliases + at[k];
      d->chars[k].n_aliases = at[k + 1] - at[k];
    }
    for (size_t i = 0; i < d->n_mentions; i++)
      d->mentions[i].character = x->ch[d->mentions[i].character].out;
  }
  drp_free(d, at);
  drp_free(d, co);
  return st;
}

dr_status drp_cast_characters(dr_doc *d) {
  cast_ctx x;
  memset(&x, 0, sizeof x);
  x.d = d;
  x.s = d->cast;
  x.len = d->cast_len;
  const char *msg;
  size_t off;
  dr_status st = DR_OK;
  if (!parse(&x, &msg, &off)) {
    /* Checked when the document was made: only memory can fail here. */
    st = DR_ENOMEM;
    goto done;
  }
  if (x.n_al == 0 || d->n_toks == 0)
    goto done;
  st = add_derived(&x);
  if (st == DR_OK)
    st = scan(&x);
  if (st == DR_OK)
    st = emit(&x);
done:
  drp_free(d, x.al);
  drp_free(d, x.ch);
  drp_free(d, x.tab);
  return st;
}
