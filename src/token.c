/*
 * token.c -- tokens.
 *
 * One forward pass over each paragraph.  Every code point is decoded once
 * (ASCII bytes through a class table, the rest with drp_utf8_next); the only
 * look-ahead is a code point or two after an apostrophe, hyphen or period,
 * so the pass is linear in the text whatever its shape.
 *
 * 1. Reserve room for one token per four bytes of text, a little more than
 *    prose needs, so the token array rarely grows.
 * 2. Skip white space (ASCII, NBSP and other Unicode spaces, a stray BOM,
 *    zero-width space), remembering it: it gives the previous token
 *    DR_TF_SPACE_AFTER and the next DR_TF_SPACE_BEFORE.  The first token of
 *    a paragraph has both DR_TF_PARA_START and DR_TF_SPACE_BEFORE, its last
 *    DR_TF_SPACE_AFTER.
 * 3. Dispatch on the first code point of the next token:
 *    a. A letter starts a word: letters, marks and digits, plus an
 *       apostrophe (' or ’) between two letters and a hyphen between two
 *       letters or digits (o'clock, mother-in-law).  Each CJK ideograph or
 *       kana is a word of its own, since those scripts use no spaces.
 *    b. A digit starts a number: digits joined by , . or : when a digit
 *       follows (1,000 3.14 10:30), then letters (1st, 1990s).  A number
 *       joined to letters by a hyphen (22-year-old) is a word.
 *    c. Then a word may take the period after it (DR_TF_ABBREV): dotted
 *       forms (U.S., e.g., a.m.), listed abbreviations (Mr., etc.; No. only
 *       before a number; token_abbrev.inc) and capital initials (J.).
 *       Otherwise a clitic is split off PTB-style as DR_TOK_CLITIC: n't
 *       (don't -> do n't) or 's 'm 'd 'll 're 've with either apostrophe;
 *       's also after a number (1990's).  Clitics that pre-split text
 *       writes apart (did n't, We 'll) are DR_TOK_CLITIC too.
 *    d. A dash run right after a word or number is its own DR_TOK_DASH;
 *       if white space, a quote mark, closing punctuation or the paragraph
 *       end follows the run, the word was cut off (you- you—): DR_TF_CUT.
 *    e. Runs of - ‐ ‑ ‒ – — ― ⸺ ⸻ are one DR_TOK_DASH.  Runs of two or
 *       more periods, any run with …, and ". . ." (three or more periods
 *       spaced singly) are one DR_TOK_ELLIPSIS.
 *    f. Each quote mark (" ' ` “ ” ‘ ’ ‛ ‟ „ ‚ « » ‹ › 「 」 『 』 ＂) is a
 *       DR_TOK_QUOTE of its own, including a word-final apostrophe (the
 *       boys' books) and a leading one ('Tis): the quote stage tells them
 *       apart.
 *    g. Other punctuation is one DR_TOK_PUNCT per code point; everything
 *       else is a DR_TOK_SYMBOL (& # + emoji, control bytes, NUL), an emoji
 *       keeping its modifiers, joiners and variation selectors.  An
 *       invalid byte (DR_OPT_LOSSY only) is a one-byte symbol.
 *    Words of ASCII letters and digits followed by white space or plain
 *    punctuation, most of English prose, take a fast path that skips 3c-d.
 * 4. Each token gets DR_TF_CAP (first letter upper case), DR_TF_UPPER
 *    (has letters, none lower case) and DR_TF_NONASCII.  A run longer than
 *    DRP_TOK_MAX bytes is stored as several tokens (emit_long).
 */
#include "internal.h"

#include "token_abbrev.inc"

#ifdef DR_DEBUG
#include <assert.h>
#endif

/* ------------------------------------------------------------------------ */
/* Character classes                                                         */
/* ------------------------------------------------------------------------ */

/* Classes of ASCII bytes.  Bytes from 0x80 have class 0 and are decoded. */
enum {
  SP = 1 << 0, /* white space */
  UP = 1 << 1, /* A-Z */
  LO = 1 << 2, /* a-z */
  DI = 1 << 3, /* 0-9 */
  PU = 1 << 4, /* punctuation, one token each */
  SY = 1 << 5, /* a symbol or control byte, one token each */
  QU = 1 << 6, /* a quote mark: " ' ` */
  DO = 1 << 7, /* . */
  HY = 1 << 8, /* - */
  CL = 1 << 9  /* (never in the table) a letter with no case, or a mark */
};
#define LETTER (UP | LO | CL)
#define ALNUM (UP | LO | CL | DI)

#ifdef __GNUC__
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static const unsigned short cls[256] = {
    /* 0x00 */ SY, SY, SY, SY, SY, SY, SY, SY, SY, SP, SP, SP, SP, SP, SY, SY,
    /* 0x10 */ SY, SY, SY, SY, SY, SY, SY, SY, SY, SY, SY, SY, SY, SY, SY, SY,
    /*  !"#$%&'()*+,-./ */
    SP, PU, QU, SY, SY, SY, SY, QU, PU, PU, PU, SY, PU, HY, DO, PU,
    /* 0-9 :;<=>? */
    DI, DI, DI, DI, DI, DI, DI, DI, DI, DI, PU, PU, SY, SY, SY, PU,
    /* @A-O */
    SY, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP,
    /* P-Z [\]^_ */
    UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, PU, PU, PU, SY, PU,
    /* `a-o */
    QU, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO,
    /* p-z {|}~ DEL */
    LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, PU, SY, PU, SY, SY,
    /* 0x80-0xFF: 0 */
};

/* Quote marks other than ASCII ones. */
static bool is_quote_cp(int32_t c) {
  switch (c) {
  case 0x00AB: /* « */
  case 0x00BB: /* » */
  case 0x2018: /* ‘ */
  case 0x2019: /* ’ */
  case 0x201A: /* ‚ */
  case 0x201B: /* ‛ */
  case 0x201C: /* “ */
  case 0x201D: /* ” */
  case 0x201E: /* „ */
  case 0x201F: /* ‟ */
  case 0x2039: /* ‹ */
  case 0x203A: /* › */
  case 0x300C: /* 「 */
  case 0x300D: /* 」 */
  case 0x300E: /* 『 */
  case 0x300F: /* 』 */
  case 0xFF02: /* ＂ */
    return true;
  }
  return false;
}

/* Ideographs and kana: each is a word of its own. */
static bool is_cjk(int32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

/* Code points that extend the emoji (or other symbol) before them:
 * variation selectors, skin tones, the keycap mark and tag characters. */
static bool is_emoji_mod(int32_t c) {
  return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||
         c == 0x20E3 || (c >= 0xE0020 && c <= 0xE007F) ||
         (c >= 0xE0100 && c <= 0xE01EF);
}

/* Regional indicators: two make a flag. */
static bool is_regional(int32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

/* The length of the dash character at s[i, end), or 0: - ‐ ‑ ‒ – — ―
 * ⸺ ⸻ ﹘ ﹣ －.  Compared as bytes, without decoding. */
static size_t dash_len(const unsigned char *s, size_t i, size_t end) {
  if (i >= end)
    return 0;
  if (s[i] == '-')
    return 1;
  if (end - i < 3)
    return 0;
  unsigned char a = s[i], b = s[i + 1], c = s[i + 2];
  if (a == 0xE2 && b == 0x80 && c >= 0x90 && c <= 0x95) /* U+2010-2015 */
    return 3;
  if (a == 0xE2 && b == 0xB8 && (c == 0xBA || c == 0xBB)) /* U+2E3A-2E3B */
    return 3;
  if (a == 0xEF && ((b == 0xB9 && (c == 0x98 || c == 0xA3)) ||
                    (b == 0xBC && c == 0x8D))) /* U+FE58 FE63 FF0D */
    return 3;
  return 0;
}

/* True if s[i] starts an ellipsis character … (U+2026). */
static bool is_ellipsis_at(const unsigned char *s, size_t i, size_t end) {
  return end - i >= 3 && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0xA6;
}

/* True if the code point at s[i, end) may follow a hyphen or apostrophe
 * inside a word: a letter, or (with digits) a digit.  CJK never joins. */
static bool word_char_at(const unsigned char *s, size_t i, size_t end,
                         bool digits) {
  if (i >= end)
    return false;
  if (s[i] < 0x80)
    return (cls[s[i]] & (digits ? ALNUM : LETTER)) != 0;
  int32_t cp;
  drp_utf8_next_slow(s + i, end - i, &cp);
  if (cp < 0 || is_cjk(cp))
    return false;
  return drp_is_letter(cp) || (digits && drp_is_digit(cp));
}

/* True if what is at s[i, end) shows that a word before a dash was cut
 * off: the end, white space, a quote mark or closing punctuation. */
static bool cut_follows(const unsigned char *s, size_t i, size_t end) {
  if (i >= end)
    return true;
  unsigned char c = s[i];
  if (c < 0x80)
    return (cls[c] & (SP | QU)) || c == '.' || c == ',' || c == ';' ||
           c == ':' || c == '!' || c == '?' || c == ')' || c == ']' ||
           c == '}';
  int32_t cp;
  drp_utf8_next_slow(s + i, end - i, &cp);
  return cp >= 0 &&
         (is_quote_cp(cp) || cp == 0x2026 || cp == 0x200B || drp_is_space(cp));
}

/* DR_TF_CAP, DR_TF_UPPER and DR_TF_NONASCII for the text s[a, b).  Used
 * for pieces the word scanner did not see whole (clitics, dotted forms). */
static unsigned case_flags(const unsigned char *s, size_t a, size_t b) {
  unsigned fl = 0;
  bool upper = false, lower = false;
  for (size_t i = a; i < b;) {
    int32_t cp;
    int k = drp_utf8_next(s + i, b - i, &cp);
    bool up = false;
    if (s[i] >= 0x80)
      fl |= DR_TF_NONASCII;
    if (drp_is_upper(cp))
      up = upper = true;
    else if (drp_is_lower(cp))
      lower = true;
    if (i == a && up)
      fl |= DR_TF_CAP;
    i += (size_t)k;
  }
  if (upper && !lower)
    fl |= DR_TF_UPPER;
  return fl;
}

/* ------------------------------------------------------------------------ */
/* Words and numbers                                                         */
/* ------------------------------------------------------------------------ */

/* What scan_word learnt about a word or number. */
typedef struct {
  size_t end;        /* its end */
  size_t apos;       /* start of its last inner apostrophe; 0 if none
                        (a word never starts with one) */
  unsigned apos_len; /* that apostrophe's length: 1 (') or 3 (’) */
  size_t chars;      /* code points in it */
  unsigned seen;     /* classes of its characters (UP LO CL DI) */
  bool hyphen;       /* it has an inner hyphen */
  bool nonascii;     /* it has a non-ASCII code point */
} word;

/* Scans word characters from s[i] on, into *w (which the caller zeroes);
 * last is the class of the character before s[i] (0 at a word start). */
static void scan_word(const unsigned char *s, size_t i, size_t end,
                      unsigned last, word *w) {
  unsigned seen = w->seen;
  size_t chars = w->chars;
  while (i < end) {
    unsigned char c = s[i];
    unsigned cl = cls[c];
    if (cl & ALNUM) {
      seen |= cl;
      last = cl;
      chars++;
      i++;
      continue;
    }
    if (c == '\'') {
      if (!(last & LETTER) || !word_char_at(s, i + 1, end, false))
        break;
      w->apos = i;
      w->apos_len = 1;
      last = 0;
      i++;
      continue;
    }
    if (c == '-') {
      if (!last || !word_char_at(s, i + 1, end, true))
        break;
      w->hyphen = true;
      last = 0;
      i++;
      continue;
    }
    if (c < 0x80)
      break;
    int32_t cp;
    size_t k = (size_t)drp_utf8_next_slow(s + i, end - i, &cp);
    if (cp < 0) {
      break;
    } else if (cp == 0x2019) { /* ’ */
      if (!(last & LETTER) || !word_char_at(s, i + k, end, false))
        break;
      w->apos = i;
      w->apos_len = (unsigned)k;
      last = 0;
    } else if (cp == 0x2010 || cp == 0x2011) { /* ‐ ‑ */
      if (!last || !word_char_at(s, i + k, end, true))
        break;
      w->hyphen = true;
      last = 0;
    } else if (cp == 0xAD || cp == 0x200C || cp == 0x200D) {
      /* Soft hyphen and joiners stay inside a word, not at its edges. */
      if (!last || !word_char_at(s, i + k, end, false))
        break;
    } else if (drp_is_lower(cp)) {
      seen |= LO;
      last = LO;
    } else if (drp_is_upper(cp)) {
      seen |= UP;
      last = UP;
    } else if (drp_is_letter(cp)) {
      if (is_cjk(cp))
        break;
      seen |= CL;
      last = CL;
    } else if (drp_is_digit(cp)) {
      seen |= DI;
      last = DI;
    } else {
      break;
    }
    w->nonascii = true;
    chars++;
    i += k;
  }
  w->end = i;
  w->seen = seen;
  w->chars = chars;
}

/* Scans a number from the digit at s[i] into *w (zeroed by the caller). */
static void scan_number(const unsigned char *s, size_t i, size_t end,
                        word *w) {
  for (;;) {
    while (i < end && (cls[s[i]] & DI)) {
      i++;
      w->chars++;
    }
    if (i < end && s[i] >= 0x80) {
      int32_t cp;
      int k = drp_utf8_next_slow(s + i, end - i, &cp);
      if (drp_is_digit(cp)) {
        i += (size_t)k;
        w->chars++;
        w->nonascii = true;
        continue;
      }
    }
    if (i + 1 < end && (s[i] == ',' || s[i] == '.' || s[i] == ':') &&
        (cls[s[i + 1]] & DI)) {
      i++;
      continue;
    }
    break;
  }
  w->seen = DI;
  /* Letters and hyphen-joined parts after it: 1st, 1990s, 22-year-old. */
  scan_word(s, i, end, DI, w);
}

/* The end of the abbreviation that the word s[a, w->end) starts, with its
 * period at s[w->end]; 0 if the period is not part of it. */
static size_t abbrev_end(const unsigned char *s, size_t a, size_t end,
                         const word *w) {
  size_t b = w->end, n = b - a;
  if (b + 1 < end && s[b + 1] == '.')
    return 0; /* an ellipsis follows: "Mr..." */
  bool ascii_letters = !w->nonascii && !(w->seen & DI);
  /* Dotted: parts of one to three letters, each with its period. */
  if (ascii_letters && n <= 3 && b + 1 < end && (cls[s[b + 1]] & LETTER)) {
    size_t j = b;
    unsigned parts = 1;
    while (j + 1 < end && s[j] == '.' && (cls[s[j + 1]] & LETTER)) {
      size_t k = j + 1;
      while (k < end && (cls[s[k]] & LETTER) && k - (j + 1) < 4)
        k++;
      if (k - (j + 1) > 3 || k >= end || s[k] != '.')
        break;
      parts++;
      j = k;
    }
    if (parts >= 2 && !(j + 1 < end && s[j + 1] == '.'))
      return j + 1;
  }
  if (ascii_letters) {
    int c = abbr_class(s + a, n);
    if (c == ABBR_NUMBER) {
      size_t j = b + 1;
      if (j < end && s[j] == ' ')
        j++;
      return j < end && (cls[s[j]] & DI) ? b + 1 : 0;
    }
    if (c)
      return b + 1;
  }
  /* An initial: one capital letter, but not the pronoun I. */
  if (w->chars == 1 && (w->seen & UP) && !(n == 1 && s[a] == 'I'))
    return b + 1;
  return 0;
}

/* Where a clitic starts in the word s[a, w->end), or 0 if it has none:
 * don't -> do n't, Darcy's -> Darcy 's, I'm -> I 'm. */
static size_t clitic_start(const unsigned char *s, size_t a, const word *w) {
  if (!w->apos)
    return 0;
  size_t x = w->apos + w->apos_len, n = w->end - x;
  /* | 0x20 lower-cases ASCII letters and keeps other bytes non-letters. */
  unsigned c0 = n > 0 ? s[x] | 0x20u : 0, c1 = n > 1 ? s[x + 1] | 0x20u : 0;
  if (n == 1 && c0 == 't')
    return w->apos >= a + 2 && (s[w->apos - 1] | 0x20) == 'n' ? w->apos - 1
                                                              : 0;
  if (n == 1 && (c0 == 's' || c0 == 'm' || c0 == 'd'))
    return w->apos;
  if (n == 2 && ((c0 == 'l' && c1 == 'l') || (c0 == 'r' && c1 == 'e') ||
                 (c0 == 'v' && c1 == 'e')))
    return w->apos;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* The scanner                                                               */
/* ------------------------------------------------------------------------ */

typedef struct {
  dr_doc *d;
  const unsigned char *s; /* the text */
  size_t end;             /* end of the paragraph */
  size_t first;           /* index of its first token */
  bool space;             /* white space (or the paragraph start) since the
                             last token */
} scanner;

/* Makes room for one more token; the reservation up front makes this
 * rare. */
static bool grow(dr_doc *d) {
  return drp_reserve(d, (void **)&d->toks, &d->cap_toks, d->n_toks + 1,
                     sizeof *d->toks);
}

/* Appends a run longer than DRP_TOK_MAX as pieces of at most that size,
 * cut at code point boundaries; the flags go on the first piece. */
static bool emit_long(scanner *sc, size_t a, size_t b, dr_token_kind kind,
                      unsigned flags);

/* Appends the token s[a, b).  Inlined: it runs once per token, and
 * inlining keeps the scanner's state in registers (about 10% faster). */
static ALWAYS_INLINE bool emit(scanner *sc, size_t a, size_t b,
                               dr_token_kind kind, unsigned flags) {
  dr_doc *d = sc->d;
  if (b - a > DRP_TOK_MAX)
    return emit_long(sc, a, b, kind, flags);
  size_t n = d->n_toks;
  if (n == d->cap_toks && !grow(d))
    return false;
  drp_tok *t = d->toks + n;
  if (sc->space) {
    flags |= DR_TF_SPACE_BEFORE;
    if (n > sc->first)
      drp_tok_add_flags(&t[-1], DR_TF_SPACE_AFTER);
    else
      flags |= DR_TF_PARA_START;
    sc->space = false;
  }
  t->start = (uint32_t)a;
  t->len = (uint16_t)(b - a);
  t->kf = (uint16_t)((unsigned)kind | (flags << DRP_TOK_KIND_BITS));
  d->n_toks = n + 1;
  return true;
}

static bool emit_long(scanner *sc, size_t a, size_t b, dr_token_kind kind,
                      unsigned flags) {
  while (a < b) {
    size_t e = b - a > DRP_TOK_MAX ? a + DRP_TOK_MAX : b;
    while (e < b && e > a + 1 && (sc->s[e] & 0xC0) == 0x80)
      e--; /* never cut inside a UTF-8 sequence */
    if (!emit(sc, a, e, kind, flags))
      return false;
    flags &= DR_TF_NONASCII | DR_TF_UPPER;
    a = e;
  }
  return true;
}

/* Emits a dash run starting at s[i]; *next receives its end.  cut_word
 * says whether a word or number ends right at i. */
static bool emit_dash(scanner *sc, size_t i, bool cut_word, size_t *next) {
  const unsigned char *s = sc->s;
  size_t j = i, k;
  unsigned fl = 0;
  while ((k = dash_len(s, j, sc->end)) != 0) {
    if (k > 1)
      fl = DR_TF_NONASCII;
    j += k;
  }
  if (cut_word && cut_follows(s, j, sc->end))
    drp_tok_add_flags(&sc->d->toks[sc->d->n_toks - 1], DR_TF_CUT);
  *next = j;
  return emit(sc, i, j, DR_TOK_DASH, fl);
}

/* Emits the word or number s[a, w->end) and what clings to it: its
 * abbreviation period, a clitic, a dash that cuts it off. */
static bool emit_word(scanner *sc, size_t a, const word *w, dr_token_kind kind,
                      size_t *next) {
  const unsigned char *s = sc->s;
  size_t b = w->end, end = sc->end;

  if (kind == DR_TOK_WORD && b < end && s[b] == '.' && !w->apos &&
      !w->hyphen) {
    size_t e = abbrev_end(s, a, end, w);
    if (e) {
      *next = e;
      return emit(sc, a, e, DR_TOK_WORD, case_flags(s, a, e) | DR_TF_ABBREV);
    }
  }

  size_t split = clitic_start(s, a, w);
  if (!split && w->apos == a + 1 && b - a == 2 + w->apos_len &&
      (s[a] | 0x20) == 'n' && (s[b - 1] | 0x20) == 't')
    kind = DR_TOK_CLITIC; /* pre-split text: "did n't" */
  if (split) {
    if (!emit(sc, a, split, kind, case_flags(s, a, split)) ||
        !emit(sc, split, b, DR_TOK_CLITIC, case_flags(s, split, b)))
      return false;
  } else {
    unsigned fl = 0;
    if (w->nonascii)
      fl |= DR_TF_NONASCII;
    if ((w->seen & UP) && !(w->seen & LO))
      fl |= DR_TF_UPPER;
    if (s[a] < 0x80) {
      if (cls[s[a]] & UP)
        fl |= DR_TF_CAP;
    } else if (w->seen & UP) {
      int32_t cp;
      drp_utf8_next_slow(s + a, end - a, &cp);
      if (drp_is_upper(cp))
        fl |= DR_TF_CAP;
    }
    if (!emit(sc, a, b, kind, fl))
      return false;
    /* 's after a number: 1990's. */
    size_t al =
        b < end && s[b] == '\'' ? 1
        : end - b >= 3 && s[b] == 0xE2 && s[b + 1] == 0x80 && s[b + 2] == 0x99
            ? 3
            : 0;
    if (kind == DR_TOK_NUMBER && al && b + al < end &&
        (s[b + al] | 0x20) == 's' && !word_char_at(s, b + al + 1, end, true)) {
      if (!emit(sc, b, b + al + 1, DR_TOK_CLITIC,
                case_flags(s, b, b + al + 1)))
        return false;
      b += al + 1;
    }
  }

  if (dash_len(s, b, end))
    return emit_dash(sc, b, true, next);
  *next = b;
  return true;
}

/* Emits an ellipsis or a period starting at s[i] ('.' or …). */
static bool emit_dots(scanner *sc, size_t i, size_t *next) {
  const unsigned char *s = sc->s;
  size_t j = i, end = sc->end, dots = 0;
  bool uni = false;
  for (;;) {
    if (j < end && s[j] == '.') {
      j++;
      dots++;
    } else if (is_ellipsis_at(s, j, end)) {
      j += 3;
      uni = true;
    } else {
      break;
    }
  }
  if (uni || dots >= 2) {
    *next = j;
    return emit(sc, i, j, DR_TOK_ELLIPSIS, uni ? DR_TF_NONASCII : 0);
  }
  /* ". . ." : periods with single spaces between them. */
  while (j + 1 < end && s[j] == ' ' && s[j + 1] == '.') {
    j += 2;
    dots++;
  }
  if (dots >= 3) {
    *next = j;
    return emit(sc, i, j, DR_TOK_ELLIPSIS, 0);
  }
  *next = i + 1;
  return emit(sc, i, i + 1, DR_TOK_PUNCT, 0);
}

/* Emits a symbol starting with the code point s[i, i + k) and the
 * modifiers that belong to it (emoji sequences). */
static bool emit_symbol(scanner *sc, size_t i, size_t k, int32_t cp,
                        size_t *next) {
  const unsigned char *s = sc->s;
  size_t j = i + k, end = sc->end;
  bool pair = is_regional(cp);
  while (cp >= 0x80 && j < end && s[j] >= 0x80) {
    int32_t c2, c3;
    size_t k2 = (size_t)drp_utf8_next_slow(s + j, end - j, &c2);
    if (is_emoji_mod(c2)) {
      j += k2;
    } else if (pair && is_regional(c2)) {
      j += k2;
      pair = false;
    } else if (c2 == 0x200D && j + k2 < end && s[j + k2] >= 0x80) {
      /* A zero-width joiner followed by another symbol. */
      size_t k3 = (size_t)drp_utf8_next_slow(s + j + k2, end - j - k2, &c3);
      if (c3 < 0 || drp_is_letter(c3) || drp_is_space(c3) ||
          drp_is_punct(c3) || drp_is_digit(c3))
        break;
      j += k2 + k3;
    } else {
      break;
    }
  }
  *next = j;
  return emit(sc, i, j, DR_TOK_SYMBOL,
              cp >= 0x80 || cp < 0 ? DR_TF_NONASCII : 0);
}

/* The length of a clitic written apart from its word ("We 'll", "You 'd")
 * with its apostrophe at s[i, i + k), or 0 if it is a quote mark. */
static size_t apart_clitic(const scanner *sc, size_t i, size_t k) {
  const dr_doc *d = sc->d;
  const unsigned char *s = sc->s;
  size_t end = sc->end, x = i + k, n = 0;
  if (!sc->space || d->n_toks == sc->first ||
      drp_tok_kind(&d->toks[d->n_toks - 1]) != DR_TOK_WORD)
    return 0;
  while (x + n < end && n < 3 && (cls[s[x + n]] & (UP | LO)))
    n++;
  if (x + n < end && !(cls[s[x + n]] & (SP | PU | DO)))
    return 0;
  unsigned c0 = n ? s[x] | 0x20u : 0, c1 = n > 1 ? s[x + 1] | 0x20u : 0;
  if ((n == 1 && (c0 == 's' || c0 == 'd' || c0 == 'm')) ||
      (n == 2 && ((c0 == 'l' && c1 == 'l') || (c0 == 'r' && c1 == 'e') ||
                  (c0 == 'v' && c1 == 'e'))))
    return k + n;
  return 0;
}

/* Emits a quote mark s[i, i + k), or the clitic it starts if it is an
 * apostrophe (' or ’, k = 1 or 3). */
static bool emit_quote(scanner *sc, size_t i, size_t k, size_t *next) {
  unsigned fl = k > 1 ? DR_TF_NONASCII : 0;
  size_t n = sc->s[i] == '"' || sc->s[i] == '`' ? 0 : apart_clitic(sc, i, k);
  if (n) {
    *next = i + n;
    return emit(sc, i, i + n, DR_TOK_CLITIC, fl | case_flags(sc->s, i, i + n));
  }
  *next = i + k;
  return emit(sc, i, i + k, DR_TOK_QUOTE, fl);
}

/* Tokenizes one paragraph. */
static bool tokenize_para(scanner *sc, size_t i) {
  const unsigned char *s = sc->s;
  size_t end = sc->end;
  dr_doc *d = sc->d;
  while (i < end) {
    unsigned char c = s[i];
    unsigned cl = cls[c];
    word w;
    bool ok;
    if (cl & SP) {
      sc->space = true;
      i++;
      continue;
    }
    if (cl & (UP | LO)) {
      /* Fast path: ASCII letters and digits ended by white space or plain
       * punctuation, which is most words of English prose. */
      size_t j = i + 1;
      unsigned seen = cl;
      while (j < end && (cls[s[j]] & (UP | LO | DI)))
        seen |= cls[s[j++]];
      if (j == end || (cls[s[j]] & (SP | PU))) {
        unsigned fl = cl & UP ? DR_TF_CAP : 0;
        if ((seen & (UP | LO)) == UP)
          fl |= DR_TF_UPPER;
        if (!emit(sc, i, j, DR_TOK_WORD, fl))
          return false;
        i = j;
        continue;
      }
      memset(&w, 0, sizeof w);
      scan_word(s, i, end, 0, &w);
      ok = emit_word(sc, i, &w, DR_TOK_WORD, &i);
    } else if (cl & DI) {
      memset(&w, 0, sizeof w);
      scan_number(s, i, end, &w);
      ok = emit_word(
          sc, i, &w,
          (w.seen & LETTER) && w.hyphen ? DR_TOK_WORD : DR_TOK_NUMBER, &i);
    } else if (cl & PU) {
      ok = emit(sc, i, i + 1, DR_TOK_PUNCT, 0);
      i++;
    } else if (cl & QU) {
      ok = emit_quote(sc, i, 1, &i);
    } else if (cl & DO) {
      ok = emit_dots(sc, i, &i);
    } else if (cl & HY) {
      ok = emit_dash(sc, i, false, &i);
    } else if (cl & SY) {
      ok = emit(sc, i, i + 1, DR_TOK_SYMBOL, 0);
      i++;
    } else {
      /* Non-ASCII: decode once, then classify. */
      int32_t cp;
      size_t k = (size_t)drp_utf8_next_slow(s + i, end - i, &cp);
      if (cp < 0) {
        ok = emit(sc, i, i + 1, DR_TOK_SYMBOL, DR_TF_NONASCII);
        i++;
      } else if (cp == 0x2019) { /* ’ */
        ok = emit_quote(sc, i, k, &i);
      } else if (is_quote_cp(cp)) {
        ok = emit(sc, i, i + k, DR_TOK_QUOTE, DR_TF_NONASCII);
        i += k;
      } else if (dash_len(s, i, end)) {
        ok = emit_dash(sc, i, false, &i);
      } else if (cp == 0x2026) {
        ok = emit_dots(sc, i, &i);
      } else if (cp == 0x200B || drp_is_space(cp)) {
        sc->space = true;
        i += k;
        continue;
      } else if (is_emoji_mod(cp) || cp == 0x200D) {
        /* A modifier right after a token belongs to it (1️⃣). */
        drp_tok *t = d->n_toks > sc->first ? &d->toks[d->n_toks - 1] : NULL;
        if (t && !sc->space && drp_tok_end(t) == i &&
            t->len + k <= DRP_TOK_MAX) {
          t->len = (uint16_t)(t->len + k);
          drp_tok_add_flags(t, DR_TF_NONASCII);
          ok = true;
          i += k;
        } else {
          ok = emit_symbol(sc, i, k, cp, &i);
        }
      } else if (drp_is_letter(cp)) {
        if (is_cjk(cp)) {
          ok = emit(sc, i, i + k, DR_TOK_WORD, DR_TF_NONASCII);
          i += k;
        } else {
          memset(&w, 0, sizeof w);
          scan_word(s, i, end, 0, &w);
          ok = emit_word(sc, i, &w, DR_TOK_WORD, &i);
        }
      } else if (drp_is_digit(cp)) {
        memset(&w, 0, sizeof w);
        scan_number(s, i, end, &w);
        ok = emit_word(
            sc, i, &w,
            (w.seen & LETTER) && w.hyphen ? DR_TOK_WORD : DR_TOK_NUMBER, &i);
      } else if (drp_is_punct(cp)) {
        ok = emit(sc, i, i + k, DR_TOK_PUNCT, DR_TF_NONASCII);
        i += k;
      } else {
        ok = emit_symbol(sc, i, k, cp, &i);
      }
    }
    if (!ok)
      return false;
  }
  if (d->n_toks > sc->first)
    drp_tok_add_flags(&d->toks[d->n_toks - 1], DR_TF_SPACE_AFTER);
  return true;
}

#ifdef DR_DEBUG
/* Invariants: tokens are non-empty, in order and inside their paragraphs;
 * with valid UTF-8 they start and end on code point boundaries. */
static void check_tokens(const dr_doc *d) {
  const unsigned char *s = (const unsigned char *)d->text;
  bool utf8 = !(d->flags & DR_OPT_LOSSY);
  uint32_t prev = 0;
  for (size_t pi = 0; pi < d->n_paras; pi++) {
    const dr_paragraph *p = &d->paras[pi];
    for (size_t i = p->first_token; i < p->first_token + p->n_tokens; i++) {
      const drp_tok *t = &d->toks[i];
      uint32_t e = drp_tok_end(t);
      assert(t->len > 0 && t->start >= prev);
      assert(t->start >= p->start && e <= p->end);
      assert(!utf8 || (s[t->start] & 0xC0) != 0x80);
      assert(!utf8 || e == d->len || (s[e] & 0xC0) != 0x80);
      prev = e;
    }
  }
  (void)s;
  (void)utf8;
}
#endif

dr_status drp_tokenize(dr_doc *d) {
  /* English prose runs at 4.3-4.7 bytes a token, so one token per four
   * bytes rarely needs to grow; pages never written cost nothing. */
  size_t est = (d->len - d->body_start) / 4 + 16;
  if (!drp_reserve(d, (void **)&d->toks, &d->cap_toks, est, sizeof *d->toks))
    return d->status;
  drp_hint_huge(d, d->toks, d->cap_toks * sizeof *d->toks);
  scanner sc;
  sc.d = d;
  sc.s = (const unsigned char *)d->text;
  for (size_t p = 0; p < d->n_paras; p++) {
    dr_paragraph *pa = &d->paras[p];
    size_t start = pa->start < d->body_start ? d->body_start : pa->start;
    sc.end = pa->end;
    sc.first = d->n_toks;
    sc.space = true;
    pa->first_token = d->n_toks;
    if (!tokenize_para(&sc, start))
      return d->status;
    pa->n_tokens = d->n_toks - pa->first_token;
    /* Count words while the paragraph's tokens are still in cache. */
    size_t words = 0;
    for (size_t i = pa->first_token; i < d->n_toks; i++) {
      dr_token_kind k = drp_tok_kind(&d->toks[i]);
      words += k == DR_TOK_WORD || k == DR_TOK_NUMBER;
    }
    pa->n_words = words;
  }
#ifdef DR_DEBUG
  check_tokens(d);
#endif
  return DR_OK;
}
