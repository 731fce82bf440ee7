/*
 * structure.c -- notes (paratext), tags, chapters and scenes.
 *
 * The stage reads paragraphs and the bytes of the text, never tokens, so it
 * does not depend on how the tokenizer splits words.  All matching is on
 * bytes; case folding is ASCII only (every keyword is ASCII), and curly
 * apostrophes are accepted wherever a straight one is.
 *
 * 1. Shape.  For each paragraph, once: its lines; whether it is a scene
 *    break (***, * * *, ~~~, -x-, oOo, #, rules of - _ = +, <hr>, §, "line
 *    break"); whether it is a chapter heading (Chapter 1, Chapter One,
 *    CHAPTER IV., Chapter 3: Title, Prologue, Epilogue, Part/Book/Volume N,
 *    a Roman numeral or number alone, AO3's "Chapter Text" marker), with up
 *    to two short title lines under it, or a long title wrapped over up to
 *    five Title Case lines; whether it opens with a note label
 *    (A/N, Author's Note, [A/N ...], Disclaimer, Note:, End Notes, AO3's
 *    lone "Summary"/"Notes", Key: value metadata, by-lines, Gutenberg
 *    markers) and how strong that label is; whether it holds speech marks;
 *    and whether it talks to readers (review, update, chapter, :) ...).
 *    An all-capitals line right after a heading is its subtitle.  A
 *    paragraph whose first line is a "Chapter N" heading but which goes on
 *    with prose is "glued": it starts a chapter but stays story text; one
 *    with several heading lines is a table of contents, not a heading.
 *    "XXX" alone is a break, unless the text numbers its chapters with
 *    lone numerals (then it is chapter 30).
 * 2. Gutenberg.  Everything up to the last "*** START OF THE PROJECT
 *    GUTENBERG" in the first half is one header note; everything from the
 *    first "*** END OF" (or "End of the Project Gutenberg") in the second
 *    half on is one end note.
 * 3. Notes.  Headings cut the text into segments.  Strong labels (A/N,
 *    Author's Note, Disclaimer, End Notes, bracketed notes) open a note
 *    anywhere.  Weak ones (Note:, metadata lines, unlabelled disclaimers,
 *    "please review" paragraphs, AO3 section labels) open one only at a
 *    segment's edge: scanning forward from its start, or backward from its
 *    end, while every paragraph passed is a note.  A note then runs on:
 *    metadata over further metadata paragraphs; an AO3 section label up to
 *    the next section label or "Chapter Text"; a bracketed note to its
 *    closing bracket; any note over following paragraphs only while they
 *    are short, hold no speech marks and talk to readers.  So story text
 *    is never swallowed: a paragraph without note vocabulary ends a note.
 * 4. Title page.  Before the first heading, a run of short title-like lines
 *    ("PERSUASION", "by", "Jane Austen", "(1818)") with nothing else is a
 *    header note; so is a title followed by a by-line at the very top.
 * 5. Notes out.  Paragraph kinds are fixed; notes are pushed in document
 *    order.  An author's note after the last story paragraph becomes an end
 *    note.
 * 6. Tags and title.  Each note is read line by line.  "Key: value" lines
 *    give rating, pairings, fandoms, warnings, status and free-form tags
 *    (and the document title and author, from header notes); other lines
 *    are searched for tag phrases (OOC, AU, fluff, one-shot, ...).  Tags are
 *    de-duplicated on (tag, value), keeping the first.
 * 7. Chapters.  The body is the paragraphs from the first to the last one
 *    that is not a note: leading and trailing notes lie outside every
 *    chapter, notes between chapters belong to the chapter before the next
 *    heading.  A chapter starts at the first body paragraph and at each
 *    heading that follows story text (so "PART ONE" + "Chapter I", or a
 *    heading + "Chapter Text", make one chapter; so does a part heading,
 *    a few short lines of front matter and a chapter heading).  Its title
 *    spans the last numbered heading of that group and its subtitle lines
 *    ("CHAPTER I.\nDown the Rabbit-Hole"); story text before the first
 *    heading is an untitled chapter (empty title).  Chapter extents tile
 *    the body: each ends where the next starts, the last at the end of the
 *    last body paragraph.  There is always one chapter, empty if the text
 *    has no body.
 * 8. Scenes.  A scene break splits a chapter only if story text lies on
 *    both sides of it within the chapter; the break line ends the scene
 *    before it, the next scene starts at the paragraph after the break.
 *    Scenes tile their chapter.
 *
 * Hints.  A marked-up input (HTML, EPUB: input_html.c) leaves hints on
 * spans of its rendered text.  After phase 1 they overrule the shape of
 * the paragraphs they cover: a note hint makes its paragraphs one note of
 * its kind, a heading hint a chapter heading, a break hint a scene break,
 * a chapter hint a chapter start (untitled unless it is a heading too);
 * after phase 6 title and author hints set the document's title and
 * author.  Paragraphs without hints are read as in plain text.
 *
 * Every phase is one or two passes over the paragraphs (or the bytes of the
 * notes), so the stage is linear; its only allocations are one scratch
 * array per pass group and the layer pushes.
 */
#include "internal.h"

#include "structure_tables.inc"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A paragraph longer than this is never a heading, break, title line or
 * note continuation: those are short by nature, and the cap keeps the
 * per-paragraph scans cheap. */
#define SHORT_PARA 400
/* Heading and title lines are short; wrapped prose runs to 60-80 columns,
 * but a subtitle line under a heading is rarely longer than this. */
#define SUBTITLE_MAX 70
#define HEADING_LINE_MAX 120
/* A title page is a handful of paragraphs; more is a prologue. */
#define TITLE_PAGE_MAX 8
/* AO3's work notes run up to the first heading; further than this is not
 * a notes section but story text. */
#define SECTION_TO_HEADING_MAX 12
/* A part heading followed by at most this much text (an epigraph, a
 * volume's title page) and then a chapter heading makes one chapter. */
#define PART_FRONT_PARAS 4
#define PART_FRONT_BYTES 400
#define FRONT_LINE_MAX 50
/* Longest free-form tag or normalised value we build. */
#define VALUE_MAX 96

/* Distinct fixed (tag, value) pairs: every tag phrase and rating value
 * fits with room to spare. */
#define SEEN_MAX 64
/* Cue words or tag phrases that may share a first byte (the tables have at
 * most 12). */
#define CUE_PER_BYTE 24

/* Paragraph classes while the stage runs (dr_para_kind when done). */
enum { C_TEXT, C_NOTE, C_HEADING, C_BREAK };

/* Heading line types. */
enum { H_NONE, H_CHAPTER, H_PART, H_NUMBER, H_MARKER, H_SUB };

/* Note labels. */
enum {
  L_NONE,
  L_AN,       /* A/N, Author's Note, [A/N ...] -- strong */
  L_DISC,     /* Disclaimer: -- strong */
  L_END,      /* End Notes, Chapter End Notes, Afterword -- strong */
  L_SEC,      /* AO3 section label alone: Summary, Notes, Chapter Notes */
  L_NOTE,     /* Note:, Notes:, NB: */
  L_HEADER,   /* Key: value lines, "Posted originally on", Contents */
  L_BYLINE,   /* "by Jane Austen" (top of document only) */
  L_GUTTITLE, /* "The Project Gutenberg EBook of X, by Y" (top only) */
  L_DISCW,    /* "I don't own ..." without a label */
  L_CUE,      /* "Please review!" without a label */
  L_GUTSTART, /* *** START OF THE PROJECT GUTENBERG EBOOK *** */
  L_GUTEND    /* *** END OF ... / End of the Project Gutenberg EBook */
};

/* Paragraph flags. */
#define PF_QUOTE (1u << 0)   /* holds speech marks */
#define PF_CUE (1u << 1)     /* uses note vocabulary */
#define PF_TITLE (1u << 2)   /* short title-like lines */
#define PF_ALONE (1u << 3)   /* the label is the whole paragraph */
#define PF_BRACKET (1u << 4) /* starts with [ or ( round a label */
#define PF_OPENKEY (1u << 5) /* ends with "Key:" and no value */
#define PF_SUMMARY (1u << 6) /* metadata that is only a Summary: */
#define PF_FANKEY (1u << 7)  /* metadata fit for any segment edge */
#define PF_TPAGE (1u << 8)   /* made a note by the title-page rule */
#define PF_POSTED (1u << 9)  /* AO3 "Posted originally" paragraph */
#define PF_GLUED (1u << 10)  /* heading line glued to prose */
#define PF_BOTTOM (1u << 11) /* section label of end notes */
#define PF_DISCX (1u << 12)  /* unlabelled disclaimer with strong words */
#define PF_TOC (1u << 13)    /* several heading lines: a contents list */
#define PF_XROMAN (1u << 14) /* a break that reads as a Roman numeral */
#define PF_CHSTART (1u << 15) /* hinted: starts a chapter (EPUB item) */

typedef struct {
  uint16_t flags; /* PF_* */
  uint8_t cls;    /* C_* */
  uint8_t head;   /* H_* */
  uint8_t lab;    /* L_* */
  uint8_t lkind;  /* dr_note_kind the label opens */
  uint8_t nkind;  /* dr_note_kind of the note it is in (C_NOTE) */
  uint8_t nstart; /* starts a new note */
  char close;     /* closing bracket for PF_BRACKET */
} pinfo;

typedef struct {
  dr_doc *d;
  const unsigned char *s;
  pinfo *p;
  size_t n;        /* paragraphs */
  int tprio;       /* priority of the title found so far (0: none) */
  int aprio;       /* same for the author */
  size_t cur_note; /* note being read for tags */
  /* (tag, value) pairs of static strings already pushed: a note that says
   * "fluff" ten thousand times makes one tag, not ten thousand. */
  const char *seen_tag[SEEN_MAX], *seen_val[SEEN_MAX];
  size_t n_seen;
  /* The cue words and tag phrases by first byte (folded), so a word is
   * matched against the few that can match it, not all of them. */
  uint8_t cue_at[256][CUE_PER_BYTE], cue_n[256];
  uint8_t tag_at[256][CUE_PER_BYTE], tag_n[256];
} st;

/* ------------------------------------------------------------------------ */
/* Bytes                                                                     */
/* ------------------------------------------------------------------------ */

static bool a_alpha(unsigned c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static bool a_digit(unsigned c) { return c >= '0' && c <= '9'; }
static int a_lower(unsigned c) {
  return c >= 'A' && c <= 'Z' ? (int)c + 32 : (int)c;
}
static bool hspace(unsigned c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}
static bool lspace(unsigned c) { return hspace(c) || c == '\n' || c == '\r'; }

/* Is the code point at s[i] (i < e) a letter or digit? */
static bool wch_at(const unsigned char *s, size_t i, size_t e) {
  if (i >= e)
    return false;
  if (s[i] < 0x80)
    return a_alpha(s[i]) || a_digit(s[i]);
  int32_t cp;
  drp_utf8_next(s + i, e - i, &cp);
  return cp >= 0 && (drp_is_letter(cp) || drp_is_digit(cp));
}

/* Is the code point ending just before s[i] a letter or digit?  Nothing
 * before lo counts. */
static bool wch_before(const unsigned char *s, size_t lo, size_t i) {
  if (i <= lo)
    return false;
  if (s[i - 1] < 0x80)
    return a_alpha(s[i - 1]) || a_digit(s[i - 1]);
  int32_t cp;
  drp_utf8_prev(s, i, &cp);
  return cp >= 0 && (drp_is_letter(cp) || drp_is_digit(cp));
}

/* Letter case of the code point at s[i]: 1 upper, -1 lower, 0 neither;
 * *len receives its length. */
static int case_at(const unsigned char *s, size_t i, size_t e, size_t *len) {
  if (s[i] < 0x80) {
    *len = 1;
    return s[i] >= 'A' && s[i] <= 'Z' ? 1 : s[i] >= 'a' && s[i] <= 'z' ? -1 : 0;
  }
  int32_t cp;
  *len = (size_t)drp_utf8_next(s + i, e - i, &cp);
  if (cp < 0)
    return 0;
  return drp_is_upper(cp) ? 1 : drp_is_lower(cp) ? -1 : 0;
}

/* An apostrophe at s[i]: its length, or 0. */
static size_t apos_at(const unsigned char *s, size_t i, size_t e) {
  if (i < e && s[i] == '\'')
    return 1;
  if (i + 3 <= e && s[i] == 0xE2 && s[i + 1] == 0x80 &&
      (s[i + 2] == 0x98 || s[i + 2] == 0x99))
    return 3;
  return 0;
}

/* A dash at s[i] (- U+2013 U+2014): its length, or 0. */
static size_t dash_at(const unsigned char *s, size_t i, size_t e) {
  if (i < e && s[i] == '-')
    return 1;
  if (i + 3 <= e && s[i] == 0xE2 && s[i + 1] == 0x80 &&
      (s[i + 2] == 0x93 || s[i + 2] == 0x94))
    return 3;
  return 0;
}

/* Matches pattern p (see structure_tables.inc) at s[i, e).  Returns the end
 * of the match, or 0 (a match always ends after i, so 0 is free). */
static size_t pmatch(const unsigned char *s, size_t i, size_t e,
                     const char *p) {
  for (; *p; p++) {
    unsigned c = (unsigned char)*p;
    switch (c) {
    case ' ':
      if (i >= e || !lspace(s[i]))
        return 0;
      while (i < e && lspace(s[i]))
        i++;
      break;
    case '~':
      if (i < e && s[i] == '-')
        i++;
      else
        while (i < e && hspace(s[i]))
          i++;
      break;
    case '`':
      i += apos_at(s, i, e);
      break;
    case '/':
      while (i < e && hspace(s[i]))
        i++;
      if (i >= e || s[i] != '/')
        return 0;
      i++;
      while (i < e && hspace(s[i]))
        i++;
      break;
    default:
      if (i >= e)
        return 0;
      if (c >= 'a' && c <= 'z' ? a_lower(s[i]) != (int)c : s[i] != c)
        return 0;
      i++;
    }
  }
  return i;
}

/* Trims blanks (ASCII white space, NBSP) from both ends of [*a, *b). */
static void trim(const unsigned char *s, size_t *a, size_t *b) {
  for (;;) {
    if (*a < *b && lspace(s[*a]))
      (*a)++;
    else if (*b - *a >= 2 && s[*a] == 0xC2 && s[*a + 1] == 0xA0)
      *a += 2;
    else
      break;
  }
  for (;;) {
    if (*b > *a && lspace(s[*b - 1]))
      (*b)--;
    else if (*b - *a >= 2 && s[*b - 2] == 0xC2 && s[*b - 1] == 0xA0)
      *b -= 2;
    else
      break;
  }
}

/* Decoration round headings and labels: ** Chapter 1 **, ~A/N~, _SOWING_,
 * - 1 -.  (Brackets are kept: they mean something to notes.) */
static bool deco(unsigned c) {
  return c == '*' || c == '_' || c == '~' || c == '=' || c == '#' || c == '+' ||
         c == '|' || c == '-' || hspace(c);
}

static void undecorate(const unsigned char *s, size_t *a, size_t *b) {
  for (;;) {
    size_t k;
    if (*a < *b && deco(s[*a]))
      (*a)++;
    else if ((k = dash_at(s, *a, *b)) == 3)
      *a += 3;
    else
      break;
  }
  for (;;) {
    if (*b > *a && deco(s[*b - 1]))
      (*b)--;
    else if (*b - *a >= 3 && s[*b - 3] == 0xE2 && s[*b - 2] == 0x80 &&
             (s[*b - 1] == 0x93 || s[*b - 1] == 0x94))
      *b -= 3;
    else
      break;
  }
}

/* The line starting at i within [i, e): its trimmed span goes to [*la,
 * *lb); returns the start of the next line (e if none). */
static size_t line_at(const unsigned char *s, size_t i, size_t e, size_t *la,
                      size_t *lb) {
  size_t j = i;
  while (j < e && s[j] != '\n' && s[j] != '\r')
    j++;
  *la = i;
  *lb = j;
  trim(s, la, lb);
  if (j < e)
    j += (s[j] == '\r' && j + 1 < e && s[j + 1] == '\n') ? 2 : 1;
  return j;
}

static size_t skip_hspace(const unsigned char *s, size_t i, size_t e) {
  while (i < e && hspace(s[i]))
    i++;
  return i;
}

/* Does s[a, b) hold a letter? */
static bool has_letter(const unsigned char *s, size_t a, size_t b) {
  for (size_t i = a; i < b;) {
    size_t len;
    if (case_at(s, i, b, &len) || (s[i] >= 0x80 && wch_at(s, i, b)))
      return true;
    i += len;
  }
  return false;
}

/* All letters upper case (and at least one). */
static bool all_caps(const unsigned char *s, size_t a, size_t b) {
  bool any = false;
  for (size_t i = a; i < b;) {
    size_t len;
    int c = case_at(s, i, b, &len);
    if (c < 0)
      return false;
    if (c > 0)
      any = true;
    i += len;
  }
  return any;
}

static bool in_list(const unsigned char *s, size_t a, size_t b,
                    const char *const *list, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (pmatch(s, a, b, list[k]) == b)
      return true;
  return false;
}

/* Title-like words: every word outside small_words starts with an upper
 * case letter or a digit (or has no letter at all), and there are at most
 * max_words of them. */
static bool titleish(const unsigned char *s, size_t a, size_t b,
                     int max_words) {
  int words = 0;
  size_t i = a;
  while (i < b) {
    while (i < b && lspace(s[i]))
      i++;
    if (i >= b)
      break;
    size_t w = i;
    while (i < b && !lspace(s[i]))
      i++;
    if (++words > max_words)
      return false;
    /* The first letter or digit of the word. */
    size_t k = w, len = 1;
    int c = 0;
    while (k < i) {
      c = case_at(s, k, i, &len);
      if (c || a_digit(s[k]) || (s[k] >= 0x80 && wch_at(s, k, i)))
        break;
      k += len;
    }
    if (k >= i || c >= 0)
      continue;
    /* A lower-case word: fine if small ("the"), judged without trailing
     * punctuation. */
    size_t we = i;
    while (we > k && !wch_before(s, k, we))
      we--;
    if (!in_list(s, k, we, small_words, N_ELEMS(small_words)))
      return false;
  }
  return words > 0;
}

/* Speech marks: " “ ” « » „ and ‘ (which is rarely an apostrophe). */
static bool has_quote(const unsigned char *s, size_t a, size_t b) {
  for (size_t i = a; i < b; i++) {
    if (s[i] == '"')
      return true;
    if (s[i] == 0xE2 && i + 2 < b && s[i + 1] == 0x80 &&
        (s[i + 2] == 0x9C || s[i + 2] == 0x9D || s[i + 2] == 0x9E ||
         s[i + 2] == 0x98))
      return true;
    if (s[i] == 0xC2 && i + 1 < b && (s[i + 1] == 0xAB || s[i + 1] == 0xBB))
      return true;
  }
  return b > a && s[a] == '\'';
}

/* Searches s[a, b) for pattern p (case-insensitive), anywhere. */
static size_t find(const unsigned char *s, size_t a, size_t b, const char *p) {
  int first = a_lower((unsigned char)p[0]);
  for (size_t i = a; i < b; i++)
    if (a_lower(s[i]) == first && pmatch(s, i, b, p))
      return i + 1;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Phase 1a: numbers and headings                                            */
/* ------------------------------------------------------------------------ */

/* A Roman numeral at s[i, e): the whole letter run must be a valid
 * numeral (in upper case if upper_only).  Returns its end, or 0. */
static size_t roman_at(const unsigned char *s, size_t i, size_t e,
                       bool upper_only) {
  static const char *const sym = "ivxlcdm";
  static const int val[] = {1, 5, 10, 50, 100, 500, 1000};
  size_t j = i;
  while (j < e && a_alpha(s[j]))
    j++;
  if (j == i || j - i > 15 || wch_at(s, j, e))
    return 0;
  int total = 0;
  for (size_t k = i; k < j; k++) {
    if (upper_only && !(s[k] >= 'A' && s[k] <= 'Z'))
      return 0;
    const char *c = strchr(sym, a_lower(s[k]));
    if (!c)
      return 0;
    int v = val[c - sym], next = 0;
    if (k + 1 < j) {
      const char *c2 = strchr(sym, a_lower(s[k + 1]));
      if (!c2)
        return 0;
      next = val[c2 - sym];
    }
    total += v < next ? -v : v;
  }
  if (total <= 0 || total > 3999)
    return 0;
  /* Canonical form of the value must equal the text. */
  static const int cv[] = {1000, 900, 500, 400, 100, 90, 50,
                           40,   10,  9,   5,   4,   1};
  static const char *const cs[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                   "xl", "x",  "ix", "v",  "iv", "i"};
  char buf[20];
  size_t n = 0;
  for (int k = 0; k < 13; k++)
    while (total >= cv[k]) {
      for (const char *q = cs[k]; *q; q++)
        if (n < sizeof buf)
          buf[n++] = *q;
      total -= cv[k];
    }
  if (n != j - i)
    return 0;
  for (size_t k = 0; k < n; k++)
    if (a_lower(s[i + k]) != buf[k])
      return 0;
  return j;
}

/* A number at s[i, e): digits, a Roman numeral, a number word (Twenty-One)
 * or an ordinal (the First).  Returns its end, or 0. */
static size_t number_at(const unsigned char *s, size_t i, size_t e) {
  if (i < e && a_digit(s[i])) {
    size_t j = i;
    while (j < e && a_digit(s[j]) && j - i < 4)
      j++;
    return wch_at(s, j, e) ? 0 : j;
  }
  size_t j = roman_at(s, i, e, false);
  if (j)
    return j;
  size_t k = pmatch(s, i, e, "the ");
  size_t from = k ? k : i;
  for (size_t o = 0; o < N_ELEMS(num_ordinals); o++) {
    size_t m = pmatch(s, from, e, num_ordinals[o]);
    if (m && !wch_at(s, m, e))
      return m;
  }
  if (k)
    return 0;
  for (size_t t = 0; t < N_ELEMS(num_tens); t++) {
    size_t m = pmatch(s, i, e, num_tens[t]);
    if (!m)
      continue;
    size_t m2 = m < e && (s[m] == '-' || s[m] == ' ') ? m + 1 : m;
    for (size_t u = 0; u < 9; u++) {
      size_t m3 = pmatch(s, m2, e, num_units[u]);
      if (m3 && !wch_at(s, m3, e))
        return m3;
    }
    if (!wch_at(s, m, e))
      return m;
  }
  for (size_t u = 0; u < N_ELEMS(num_units); u++) {
    size_t m = pmatch(s, i, e, num_units[u]);
    if (m && !wch_at(s, m, e))
      return m;
  }
  return 0;
}

static size_t count_words(const unsigned char *s, size_t a, size_t b) {
  size_t n = 0;
  bool in = false;
  for (size_t i = a; i < b; i++) {
    bool sp = lspace(s[i]);
    if (!sp && !in)
      n++;
    in = !sp;
  }
  return n;
}

/* What may follow the number of a heading: nothing; a separator (: . -)
 * and any short title; or a title-case title ("Chapter 1 The Dance"). */
static bool heading_rest(const unsigned char *s, size_t r, size_t b) {
  r = skip_hspace(s, r, b);
  if (r >= b)
    return true;
  size_t k;
  if (s[r] == ':' || s[r] == '.' || s[r] == ')' || (k = dash_at(s, r, b)))
    return count_words(s, r, b) <= 16;
  if (r > 0 && !hspace(s[r - 1]))
    return false;
  /* "CHAPTER I “TOM!”": speech after a bare number is the story. */
  if (has_quote(s, r, b))
    return false;
  size_t last = b - 1;
  if (s[last] == '.' || s[last] == ',' || s[last] == ';')
    return false;
  return titleish(s, r, b, 10);
}

/* Classifies one trimmed line as a heading. */
static int heading_line(const unsigned char *s, size_t a, size_t b) {
  if (b - a > HEADING_LINE_MAX)
    return H_NONE;
  undecorate(s, &a, &b);
  if (a >= b)
    return H_NONE;
  size_t m;
  if (pmatch(s, a, b, "chapter text") == b ||
      pmatch(s, a, b, "work text") == b || pmatch(s, a, b, "work text:") == b)
    return H_MARKER;
  static const struct {
    const char *pat;
    int type;
    bool tight; /* no space needed before the number */
    bool alone; /* takes no number */
  } kw[] = {
      {"chapter", H_CHAPTER, false, false},
      {"chap.", H_CHAPTER, true, false},
      {"ch.", H_CHAPTER, true, false},
      {"part", H_PART, false, false},
      {"book", H_PART, false, false},
      {"volume", H_PART, false, false},
      {"vol.", H_PART, true, false},
      {"prologue", H_CHAPTER, false, true},
      {"epilogue", H_CHAPTER, false, true},
      {"interlude", H_CHAPTER, false, true},
  };
  for (size_t k = 0; k < N_ELEMS(kw); k++) {
    m = pmatch(s, a, b, kw[k].pat);
    if (!m || (kw[k].pat[strlen(kw[k].pat) - 1] != '.' && wch_at(s, m, b)))
      continue;
    if (kw[k].alone) {
      size_t r = skip_hspace(s, m, b);
      if (r >= b || s[r] == ':' || s[r] == '.' || dash_at(s, r, b))
        return r >= b || count_words(s, r, b) <= 16 ? kw[k].type : H_NONE;
      return H_NONE;
    }
    size_t r = skip_hspace(s, m, b);
    if (r == m && !kw[k].tight)
      return H_NONE;
    size_t ne = number_at(s, r, b);
    if (!ne)
      return H_NONE;
    return heading_rest(s, ne, b) ? kw[k].type : H_NONE;
  }
  /* A number alone: 12, 12., IV, IV. -- or "IV. The Title". */
  if (a_digit(s[a])) {
    size_t j = a;
    while (j < b && a_digit(s[j]) && j - a < 3)
      j++;
    if (j < b && s[j] == '.')
      j++;
    return j == b ? H_NUMBER : H_NONE;
  }
  size_t j = roman_at(s, a, b, true);
  if (!j)
    return H_NONE;
  if (j < b && s[j] == '.')
    j++;
  if (j == b)
    return H_NUMBER;
  if (s[j - 1] == '.' && hspace(s[j]) && s[b - 1] != '.' &&
      titleish(s, j, b, 8))
    return H_NUMBER;
  return H_NONE;
}

/* A line that may stand under a heading: "Down the Rabbit-Hole",
 * "THE ONE THING NEEDFUL", "_SOWING_". */
static bool subtitle_line(const unsigned char *s, size_t a, size_t b) {
  if (b - a > SUBTITLE_MAX || a >= b)
    return false;
  undecorate(s, &a, &b);
  if (a >= b || has_quote(s, a, b) || !has_letter(s, a, b))
    return false;
  return all_caps(s, a, b) || titleish(s, a, b, 10);
}

/* ------------------------------------------------------------------------ */
/* Phase 1b: scene breaks                                                    */
/* ------------------------------------------------------------------------ */

static bool break_line(const unsigned char *s, size_t a, size_t b) {
  if (b - a > 200)
    return false;
  if (pmatch(s, a, b, "<hr>") == b || pmatch(s, a, b, "<hr/>") == b ||
      pmatch(s, a, b, "<hr />") == b || pmatch(s, a, b, "[hr]") == b)
    return true;
  /* Symbols, and a few letters used as ornaments: -x-, oOo, o0o, xXx. */
  size_t sym = 0, o_low = 0, o_up = 0, x_n = 0, other = 0;
  for (size_t i = a; i < b;) {
    unsigned c = s[i];
    if (hspace(c)) {
      i++;
      continue;
    }
    if (c == '*' || c == '~' || c == '-' || c == '_' || c == '=' || c == '+' ||
        c == '#' || c == '.' || c == ':' || c == '<' || c == '>' || c == '^' ||
        c == '/' || c == '\\' || c == '|') {
      sym += c == '.' || c == ':' ? 0 : 1;
      other += c == '.' || c == ':' ? 1 : 0;
      i++;
      continue;
    }
    if (c == 'o')
      o_low++;
    else if (c == 'O' || c == '0')
      o_up++;
    else if (c == 'x' || c == 'X')
      x_n++;
    else if (c >= 0x80) {
      int32_t cp;
      int len = drp_utf8_next(s + i, b - i, &cp);
      /* § • · ° ⁂ ❖ ♦ ◇ ◆ ★ ☆ ✿ ❀ ♥ ♡ – — ～ ⸻ ⸺ ● ○ ✦ ✧ ✶ ⁕ */
      if (cp == 0xA7 || cp == 0x2022 || cp == 0xB7 || cp == 0xB0 ||
          cp == 0x2042 || cp == 0x2756 || cp == 0x2666 || cp == 0x25C7 ||
          cp == 0x25C6 || cp == 0x2605 || cp == 0x2606 || cp == 0x273F ||
          cp == 0x2740 || cp == 0x2665 || cp == 0x2661 || cp == 0x2013 ||
          cp == 0x2014 || cp == 0xFF5E || cp == 0x2E3B || cp == 0x2E3A ||
          cp == 0x25CF || cp == 0x25CB || cp == 0x2726 || cp == 0x2727 ||
          cp == 0x2736 || cp == 0x2055) {
        sym++;
        i += (size_t)len;
        continue;
      }
      return false;
    } else {
      return false;
    }
    i++;
  }
  size_t letters = o_low + o_up + x_n;
  if (sym == 0) {
    if (other)
      return false; /* "..." is a pause, not a break */
    /* oOo, o0o, OoO; xxx, XxX */
    if (o_low + o_up >= 3 && x_n == 0 && o_low && o_up)
      return true;
    if (x_n >= 3 && o_low + o_up == 0)
      return true;
    return false;
  }
  return letters <= sym * 2 + 1;
}

/* "~Line Break~", "-scene break-", "***Page Break***". */
static bool break_words(const unsigned char *s, size_t a, size_t b) {
  if (b - a > 60)
    return false;
  size_t a0 = a, b0 = b;
  undecorate(s, &a, &b);
  while (a < b && (s[a] == '[' || s[a] == '('))
    a++;
  while (b > a && (s[b - 1] == ']' || s[b - 1] == ')'))
    b--;
  undecorate(s, &a, &b);
  static const char *const w[] = {
      "line~break",    "page~break", "scene~break", "scene~change",
      "section~break", "time~skip",  "break"};
  for (size_t k = 0; k < N_ELEMS(w); k++)
    if (pmatch(s, a, b, w[k]) == b)
      /* A bare "Break" only when decorated. */
      return k + 1 < N_ELEMS(w) || a != a0 || b != b0;
  return false;
}

/* ------------------------------------------------------------------------ */
/* Phase 1c: labels and note vocabulary                                      */
/* ------------------------------------------------------------------------ */

/* A "Key:" at the start of line [a, b): the key id, the start of the value
 * in *val and the table flags in *kf.  K_NONE if none. */
static int key_line(const unsigned char *s, size_t a, size_t b, size_t *val,
                    unsigned *kf) {
  while (a < b && (s[a] == '*' || s[a] == '_' || s[a] == '-' || s[a] == '~'))
    a++;
  if (a >= b || !a_alpha(s[a]))
    return K_NONE;
  for (size_t k = 0; k < N_ELEMS(header_keys); k++) {
    if (a_lower(s[a]) != header_keys[k].pat[0])
      continue;
    size_t m = pmatch(s, a, b, header_keys[k].pat);
    if (!m)
      continue;
    m = skip_hspace(s, m, b);
    while (m < b && (s[m] == '*' || s[m] == '_'))
      m++;
    if (m >= b || s[m] != ':')
      continue;
    m++;
    while (m < b && (s[m] == '*' || s[m] == '_'))
      m++;
    *val = skip_hspace(s, m, b);
    *kf = header_keys[k].flags;
    return header_keys[k].key;
  }
  return K_NONE;
}

/* After a label ending at m: nothing word-like (so "A/N" is not "A/Nx").
 * Returns true if the label ends the paragraph's first line text, which
 * is then "alone". */
static bool label_end(const unsigned char *s, size_t m, size_t b, bool *alone) {
  if (wch_at(s, m, b))
    return false;
  size_t r = skip_hspace(s, m, b);
  while (r < b && (s[r] == ':' || s[r] == '*' || s[r] == '_' || s[r] == '~' ||
                   s[r] == ']' || s[r] == ')' || s[r] == '.' || hspace(s[r])))
    r++;
  size_t k;
  while ((k = dash_at(s, r, b)) != 0)
    r = skip_hspace(s, r + k, b);
  *alone = r >= b;
  return true;
}

/* The label of an author's note at s[a, b): returns the label's end or 0.
 * Accepts A/N, a/n, A.N., AN: (upper case, with a colon or dash), Author's
 * Note(s), Authors Note, Author Note, Translator's Note. */
static size_t an_label(const unsigned char *s, size_t a, size_t b) {
  size_t m;
  if ((m = pmatch(s, a, b, "a/n")) || (m = pmatch(s, a, b, "a.n.")) ||
      (m = pmatch(s, a, b, "a. n.")))
    return wch_at(s, m, b) ? 0 : m;
  if ((m = pmatch(s, a, b, "AN"))) {
    size_t r = skip_hspace(s, m, b);
    return r < b && (s[r] == ':' || dash_at(s, r, b)) ? m : 0;
  }
  static const char *const w[] = {
      "author`s notes", "author`s note",      "author notes",     "author note",
      "authors` notes", "translator`s notes", "translator`s note"};
  for (size_t k = 0; k < N_ELEMS(w); k++)
    if ((m = pmatch(s, a, b, w[k])) && !wch_at(s, m, b))
      return m;
  return 0;
}

/* Disclaimer phrases without a label; *strong is set when the sentence is
 * unmistakably about rights ("characters", "rights", "belongs to" with
 * "own"), which lets it count after a chapter heading too. */
static bool disclaimer_words(const unsigned char *s, size_t a, size_t b,
                             bool *strong) {
  static const char *const own[] = {
      "i don`t own",   "i do not own", "we don`t own",  "we do not own",
      "i own nothing", "i own none",   "don`t own any", "not mine"};
  static const char *const rights[] = {"character", "right",    "franchise",
                                       "belong",    "property", "copyright",
                                       "owned by",  "profit",   "trademark"};
  /* Cheap first: every phrase below holds one of these. */
  if (!find(s, a, b, "own") && !find(s, a, b, "mine") &&
      !find(s, a, b, "belong") && !find(s, a, b, "right"))
    return false;
  bool hit = false;
  for (size_t k = 0; k < N_ELEMS(own) && !hit; k++)
    hit = find(s, a, b, own[k]) != 0;
  bool r = false;
  for (size_t k = 0; k < N_ELEMS(rights) && !r; k++)
    r = find(s, a, b, rights[k]) != 0;
  /* "I don't own Harry Potter", "... own anything": a name or "anything"
   * after the verb. */
  for (size_t k = 0; k < N_ELEMS(own) && hit && !r; k++) {
    size_t at = find(s, a, b, own[k]);
    if (!at)
      continue;
    size_t e = skip_hspace(s, pmatch(s, at - 1, b, own[k]), b), len;
    r = e < b && (case_at(s, e, b, &len) > 0 || pmatch(s, e, b, "any") ||
                  pmatch(s, e, b, "the characters") || pmatch(s, e, b, "them"));
  }
  if (!hit) {
    /* "X belongs to Y" is a disclaimer only with rights words round it. */
    if ((find(s, a, b, "belongs to") || find(s, a, b, "belong to")) &&
        (find(s, a, b, "character") || find(s, a, b, "rights") ||
         find(s, a, b, "own")))
      hit = true;
    else if (find(s, a, b, "all rights reserved") || find(s, a, b, "copyright"))
      hit = true;
  }
  *strong = hit && r;
  return hit;
}

/* Note vocabulary of s[a, b): an OR of CUE_* groups, 0 if none. */
static unsigned cue_bits(const st *S, size_t a, size_t b) {
  const unsigned char *s = S->s;
  unsigned bits = 0;
  for (size_t i = a; i < b; i++) {
    unsigned c = s[i];
    if (c == ':' || c == ';' || c == '<' || c == '^' || c == 'x' || c == 'X') {
      for (size_t k = 0; k < N_ELEMS(emoticons); k++) {
        size_t m = pmatch(s, i, b, emoticons[k]);
        if (m && !wch_at(s, m, b) &&
            (c != 'x' && c != 'X' ? true : !wch_before(s, a, i)))
          bits |= CUE_META;
      }
    }
    if (!a_alpha(c) || wch_before(s, a, i))
      continue;
    int lc = a_lower(c);
    if (lc == 'h' || lc == 's' || lc == 'y' || lc == 'e')
      for (size_t k = 0; k < N_ELEMS(person_words); k++) {
        size_t m = pmatch(s, i, b, person_words[k].pat);
        if (m && !wch_at(s, m, b))
          bits |= person_words[k].group;
      }
    for (size_t j = 0; j < S->cue_n[lc]; j++) {
      size_t k = S->cue_at[lc][j];
      size_t m = pmatch(s, i, b, cue_words[k].pat);
      if (m && !wch_at(s, m, b))
        bits |= cue_words[k].group;
    }
  }
  return bits;
}

/* A "by X" line: "by Jane Austen", "BY A. A. MILNE", "by marchwind", or a
 * bare "by".  *rest receives the start of X (== b for a bare "by"). */
static bool byline(const unsigned char *s, size_t a, size_t b, size_t *rest) {
  undecorate(s, &a, &b);
  size_t m = pmatch(s, a, b, "by");
  if (!m)
    return false;
  if (m == b) {
    *rest = b;
    return true;
  }
  if (!hspace(s[m]))
    return false;
  size_t r = skip_hspace(s, m, b);
  if (b - r > 60 || count_words(s, r, b) > 6 || has_quote(s, r, b))
    return false;
  unsigned last = s[b - 1];
  if (last == ',' || last == ';' || last == ':' || last == '!' || last == '?')
    return false;
  if (count_words(s, r, b) > 1 && !titleish(s, r, b, 6))
    return false;
  /* A lone lower-case word ends without a full stop: "by marchwind" */
  if (last == '.' && count_words(s, r, b) == 1)
    return false;
  *rest = r;
  return true;
}

/* Short title-like lines: up to three lines, none ending like a sentence
 * clause, no speech marks.  "(1814)" and "Translated by C. J. Hogarth"
 * qualify; "It was late." does not. */
static bool title_lines(const unsigned char *s, size_t a, size_t b) {
  if (b - a > 3 * SUBTITLE_MAX || has_quote(s, a, b))
    return false;
  if (!has_letter(s, a, b)) {
    /* A date line: "(1814)", "1818." */
    size_t digits = 0;
    for (size_t i = a; i < b; i++) {
      if (a_digit(s[i]))
        digits++;
      else if (!(s[i] == '(' || s[i] == ')' || s[i] == '.' || s[i] == '[' ||
                 s[i] == ']' || hspace(s[i])))
        return false;
    }
    return digits >= 3 && digits <= 4;
  }
  size_t i = a;
  int lines = 0;
  while (i < b) {
    size_t la, lb;
    i = line_at(s, i, b, &la, &lb);
    if (la >= lb)
      continue;
    if (++lines > 3 || lb - la > SUBTITLE_MAX)
      return false;
    undecorate(s, &la, &lb);
    if (la >= lb)
      continue;
    unsigned last = s[lb - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':' ||
        last == '!' || last == '?') {
      size_t r;
      /* Initials end a by-line: "by J. R. R. Tolkien." is rare, "G. K. C."
       * common. */
      if (!(last == '.' && (byline(s, la, lb, &r) || all_caps(s, la, lb))))
        return false;
    }
    if (!all_caps(s, la, lb) && !titleish(s, la, lb, 10))
      return false;
  }
  return lines > 0;
}

/* Finds the label of paragraph [a, b) (first line [a, l0b)). */
static void find_label(st *S, pinfo *p, size_t a, size_t b, size_t l0b,
                       unsigned n_lines) {
  const unsigned char *s = S->s;
  size_t la = a, lb = l0b, m;
  bool alone = false;

  /* Gutenberg markers. */
  if (lb - la < 200 && find(s, la, lb, "project gutenberg")) {
    if (find(s, la, lb, "start of th") || find(s, la, lb, "start of project")) {
      p->lab = L_GUTSTART;
      return;
    }
    if (find(s, la, lb, "end of th") || find(s, la, lb, "end of project")) {
      p->lab = L_GUTEND;
      return;
    }
    if (pmatch(s, la, lb, "the project gutenberg") ||
        pmatch(s, la, lb, "project gutenberg`s")) {
      p->lab = L_GUTTITLE;
      p->lkind = DR_NOTE_HEADER;
      return;
    }
  }

  undecorate(s, &la, &lb);
  if (la >= lb)
    return;
  /* Bracketed: [A/N: ...], (Note: ...), {Disclaimer ...}. */
  size_t in = la;
  char close = 0;
  if (s[la] == '[' || s[la] == '(' || s[la] == '{') {
    close = s[la] == '[' ? ']' : s[la] == '(' ? ')' : '}';
    in = skip_hspace(s, la + 1, lb);
    while (in < lb && (s[in] == '*' || s[in] == '_'))
      in++;
  }

  if ((m = an_label(s, in, lb)) && label_end(s, m, lb, &alone)) {
    p->lab = L_AN;
    p->lkind = DR_NOTE_AUTHORS_NOTE;
  } else if ((m = pmatch(s, in, lb, "disclaimer")) && !wch_at(s, m, lb) &&
             label_end(s, m, lb, &alone)) {
    size_t r = skip_hspace(s, m, lb);
    /* "Disclaimer:", "Disclaimer -", "Disclaimer." or alone; not
     * "Disclaimers were printed ...". */
    if (alone || s[r] == ':' || s[r] == '.' || s[r] == ']' || s[r] == ')' ||
        dash_at(s, r, lb)) {
      p->lab = L_DISC;
      p->lkind = DR_NOTE_DISCLAIMER;
    }
  } else if (close && (m = pmatch(s, in, lb, "note")) &&
             label_end(s, m, lb, &alone)) {
    p->lab = L_AN;
    p->lkind = DR_NOTE_AUTHORS_NOTE;
  }
  if (p->lab) {
    if (close) {
      p->flags |= PF_BRACKET;
      p->close = close;
    }
    if (alone && n_lines == 1)
      p->flags |= PF_ALONE;
    return;
  }
  if (close)
    return;

  /* End notes. */
  static const char *const endw[] = {"chapter end notes", "end notes",
                                     "end note",          "endnotes",
                                     "endnote",           "afterword"};
  for (size_t k = 0; k < N_ELEMS(endw); k++) {
    if ((m = pmatch(s, la, lb, endw[k])) && label_end(s, m, lb, &alone)) {
      size_t r = skip_hspace(s, m, lb);
      if (!alone && !(r < lb && s[r] == ':'))
        continue;
      p->lab = L_END;
      p->lkind = DR_NOTE_ENDNOTE;
      if (alone && n_lines == 1)
        p->flags |= PF_ALONE | PF_BOTTOM;
      return;
    }
  }

  /* AO3 section labels alone on their paragraph. */
  if (n_lines == 1) {
    static const struct {
      const char *pat;
      int kind;
    } sec[] = {{"summary", DR_NOTE_SUMMARY},
               {"chapter summary", DR_NOTE_SUMMARY},
               {"notes", DR_NOTE_AUTHORS_NOTE},
               {"chapter notes", DR_NOTE_AUTHORS_NOTE},
               {"summary:", DR_NOTE_SUMMARY},
               {"notes:", DR_NOTE_AUTHORS_NOTE}};
    for (size_t k = 0; k < N_ELEMS(sec); k++) {
      if (pmatch(s, la, lb, sec[k].pat) == lb) {
        p->lab = L_SEC;
        p->lkind = (uint8_t)sec[k].kind;
        p->flags |= PF_ALONE;
        return;
      }
    }
    if (pmatch(s, la, lb, "contents") == lb ||
        pmatch(s, la, lb, "table of contents") == lb) {
      p->lab = L_HEADER;
      p->lkind = DR_NOTE_HEADER;
      return;
    }
  }

  /* Metadata: Key: value lines. */
  size_t val;
  unsigned kf = 0;
  int key = key_line(s, la, lb, &val, &kf);
  if (key == K_DISCLAIMER) {
    p->lab = L_DISC;
    p->lkind = DR_NOTE_DISCLAIMER;
    return;
  }
  if (key != K_NONE) {
    /* Count the key lines; note whether the last line is an open key. */
    size_t i = a, keys = 0, summaries = 0;
    bool open = false;
    while (i < b) {
      size_t xa, xb, v;
      unsigned f2;
      i = line_at(s, i, b, &xa, &xb);
      if (xa >= xb)
        continue;
      int k2 = key_line(s, xa, xb, &v, &f2);
      open = false;
      if (k2 != K_NONE) {
        keys++;
        summaries += k2 == K_SUMMARY;
        open = v >= xb;
      }
    }
    if (keys == 1 && key == K_NOTES) {
      p->lab = L_NOTE;
      p->lkind = DR_NOTE_AUTHORS_NOTE;
      return;
    }
    p->lab = L_HEADER;
    p->lkind = DR_NOTE_HEADER;
    if (keys >= 2 || (kf & KF_FAN))
      p->flags |= PF_FANKEY;
    if (keys == summaries)
      p->flags |= PF_SUMMARY;
    if (open)
      p->flags |= PF_OPENKEY;
    return;
  }

  /* AO3's "Posted originally on the Archive of Our Own" (line 1 or 2). */
  {
    size_t i = a, lines = 0;
    while (i < b && lines < 2) {
      size_t xa, xb;
      i = line_at(s, i, b, &xa, &xb);
      lines++;
      if (pmatch(s, xa, xb, "posted originally on")) {
        p->lab = L_HEADER;
        p->lkind = DR_NOTE_HEADER;
        p->flags |= PF_POSTED | PF_FANKEY;
        return;
      }
    }
  }
  static const char *const prod[] = {
      "produced by",       "transcribed by", "e-text prepared by",
      "etext prepared by", "prepared by",    "transcriber`s note"};
  for (size_t k = 0; k < N_ELEMS(prod); k++)
    if (pmatch(s, la, lb, prod[k])) {
      p->lab = L_HEADER;
      p->lkind = DR_NOTE_HEADER;
      return;
    }

  /* By-lines (line 1 or 2 of a short paragraph). */
  if (n_lines <= 2 && b - a <= 2 * SUBTITLE_MAX) {
    size_t i = a, r;
    while (i < b) {
      size_t xa, xb;
      i = line_at(s, i, b, &xa, &xb);
      if (byline(s, xa, xb, &r)) {
        p->lab = L_BYLINE;
        p->lkind = DR_NOTE_HEADER;
        return;
      }
    }
  }

  if (b - a <= SHORT_PARA && !(p->flags & PF_QUOTE)) {
    bool strong;
    if (disclaimer_words(s, a, b, &strong)) {
      p->lab = L_DISCW;
      p->lkind = DR_NOTE_DISCLAIMER;
      if (strong)
        p->flags |= PF_DISCX;
      return;
    }
  }
}

/* Phase 1: the shape of paragraph i. */
static void shape(st *S, size_t i) {
  const unsigned char *s = S->s;
  const dr_paragraph *pa = &S->d->paras[i];
  pinfo *p = &S->p[i];
  size_t a = pa->start, b = pa->end, len = b - a;
  size_t l0a, l0b;
  line_at(s, a, b, &l0a, &l0b);

  p->cls = C_TEXT;
  p->nkind = DR_NOTE_AUTHORS_NOTE;
  if (len <= SHORT_PARA * 4 && has_quote(s, a, b))
    p->flags |= PF_QUOTE;
  else if (len > SHORT_PARA * 4)
    p->flags |= PF_QUOTE; /* long: treat as story for continuation rules */

  if (pa->n_lines == 1 && (break_line(s, a, b) || break_words(s, a, b))) {
    p->cls = C_BREAK;
    /* "XXX" is a scene break in fan fiction but chapter 30 in a novel
     * numbered I, II, ...: decided once all headings are known. */
    size_t ua = a, ub = b;
    undecorate(s, &ua, &ub);
    if (heading_line(s, ua, ub) == H_NUMBER)
      p->flags |= PF_XROMAN;
    return;
  }

  /* Headings. */
  int h = heading_line(s, l0a, l0b);
  if (h != H_NONE) {
    if (pa->n_lines == 1) {
      p->head = (uint8_t)h;
    } else {
      /* Lines under the first: subtitles, or prose glued on. */
      size_t j = l0b, lines = 1, heads = 0;
      bool sub = true, wrap = true;
      while (j < b) {
        size_t xa, xb;
        j = line_at(s, j, b, &xa, &xb);
        if (xa >= xb)
          continue;
        lines++;
        if (heading_line(s, xa, xb) != H_NONE)
          heads++;
        if (!subtitle_line(s, xa, xb))
          sub = false;
        if (xb - xa > SUBTITLE_MAX + 10 || has_quote(s, xa, xb) ||
            !titleish(s, xa, xb, 16))
          wrap = false;
        if (lines > 8)
          break;
      }
      if (heads >= 1)
        p->flags |= PF_TOC; /* a list of chapters, not a heading */
      else if (h != H_MARKER && ((sub && lines <= 3) ||
                                 (wrap && lines <= 6 && b - a <= SHORT_PARA)))
        /* Up to two title lines, or a long title wrapped over up to five
         * ("Chapter VI: The Reverend Arthur Beebe, ... / ... Drive Out in
         * Carriages to See a View; Italians Drive Them."). */
        p->head = (uint8_t)h;
      else if (h == H_CHAPTER && !heads)
        p->flags |= PF_GLUED;
    }
    if (p->head) {
      p->cls = C_HEADING;
      return;
    }
  }

  /* A subtitle paragraph: all capitals, right after a heading. */
  if (i > 0 && S->p[i - 1].cls == C_HEADING && S->p[i - 1].head != H_MARKER &&
      S->p[i - 1].head != H_SUB && pa->n_lines <= 3 && i + 1 < S->n &&
      len <= 3 * SUBTITLE_MAX && !(p->flags & PF_QUOTE)) {
    bool ok = true;
    size_t j = a;
    while (j < b && ok) {
      size_t xa, xb;
      j = line_at(s, j, b, &xa, &xb);
      if (xa >= xb)
        continue;
      size_t ua = xa, ub = xb;
      undecorate(s, &ua, &ub);
      size_t letters = 0;
      for (size_t k = ua; k < ub; k++)
        letters += a_alpha(s[k]) || s[k] >= 0xC0;
      ok = xb - xa <= SUBTITLE_MAX && letters >= 3 && all_caps(s, ua, ub) &&
           s[ub - 1] != '!' && s[ub - 1] != '?';
    }
    if (ok) {
      p->cls = C_HEADING;
      p->head = H_SUB;
      return;
    }
  }

  if (p->flags & PF_GLUED)
    return;
  find_label(S, p, a, b, l0b, pa->n_lines);
  if (len <= SHORT_PARA && !(p->flags & PF_QUOTE)) {
    unsigned cb = cue_bits(S, a, b);
    /* Talk about chapters and stories counts only when the paragraph is
     * not narrating ("the story of the garden, she thought"). */
    if ((cb & (CUE_REVIEW | CUE_PLEASE | CUE_THANK | CUE_READ | CUE_STRONG)) ||
        ((cb & CUE_META) && (!(cb & CUE_THIRD) || (cb & CUE_YOU))))
      p->flags |= PF_CUE;
    bool strong = (cb & CUE_STRONG) ||
                  ((cb & CUE_REVIEW) && (cb & (CUE_PLEASE | CUE_THANK)));
    if (strong && p->lab == L_NONE) {
      p->lab = L_CUE;
      p->lkind = DR_NOTE_AUTHORS_NOTE;
    }
    if (title_lines(s, a, b))
      p->flags |= PF_TITLE;
  }
}

/* ------------------------------------------------------------------------ */
/* Phase 3: notes                                                            */
/* ------------------------------------------------------------------------ */

/* Marks paragraphs [i, j) that are still story text as one note of kind k
 * (or as the continuation of the note before i when start is false). */
static void mark(st *S, size_t i, size_t j, int k, bool start) {
  for (size_t x = i; x < j; x++) {
    pinfo *p = &S->p[x];
    if (p->cls != C_TEXT)
      continue;
    p->cls = C_NOTE;
    if (x == i && start) {
      p->nstart = 1;
      p->nkind = (uint8_t)k;
    } else {
      p->nkind =
          x > 0 && S->p[x - 1].cls == C_NOTE ? S->p[x - 1].nkind : (uint8_t)k;
      if (x == 0 || S->p[x - 1].cls != C_NOTE)
        p->nstart = 1;
    }
  }
}

/* May paragraph j continue the note before it?  Short, no speech marks,
 * not a label of its own, and talking to readers. */
static bool cont_ok(const st *S, size_t j) {
  const pinfo *p = &S->p[j];
  return p->cls == C_TEXT && (p->lab == L_NONE || p->lab == L_CUE) &&
         !(p->flags & PF_QUOTE) && (p->flags & PF_CUE) &&
         S->d->paras[j].end - S->d->paras[j].start <= SHORT_PARA;
}

static bool header_like(const pinfo *p, bool top) {
  return p->lab == L_HEADER ||
         (top && (p->lab == L_BYLINE || p->lab == L_GUTTITLE));
}

/* Is the weak label of p acceptable at a segment's front edge? */
static bool weak_ok_front(const pinfo *p, bool top) {
  switch (p->lab) {
  case L_NOTE:
  case L_SEC:
  case L_CUE:
    return true;
  case L_HEADER:
    return top || (p->flags & PF_FANKEY);
  case L_BYLINE:
  case L_GUTTITLE:
    return top;
  case L_DISCW:
    return (p->flags & PF_DISCX) != 0;
  default:
    return false;
  }
}

static bool strong_label(const pinfo *p) {
  return p->lab == L_AN || p->lab == L_DISC || p->lab == L_END;
}

/* The note opened at paragraph i (label already accepted) in segment
 * [.., b): marks it and returns the paragraph after it.  nxt_top[i] is the
 * next AO3 top section label or "Chapter Text" marker after i. */
static size_t note_at(st *S, size_t i, size_t b, bool top,
                      const uint32_t *nxt_top) {
  pinfo *p = &S->p[i];
  size_t j = i + 1;

  if (header_like(p, top)) {
    /* Metadata runs over further metadata paragraphs, and over a value
     * paragraph after an open key ("Rating:" then "Teen And Up"). */
    bool summary = (p->flags & PF_SUMMARY) != 0;
    while (j < b && S->p[j].cls == C_TEXT) {
      const pinfo *q = &S->p[j];
      if (header_like(q, top))
        summary = summary && (q->flags & PF_SUMMARY);
      else if (!((S->p[j - 1].flags & PF_OPENKEY) && q->lab == L_NONE))
        break;
      j++;
    }
    int kind = summary ? DR_NOTE_SUMMARY : DR_NOTE_HEADER;
    bool join = kind == DR_NOTE_HEADER && i > 0 && S->p[i - 1].cls == C_NOTE &&
                S->p[i - 1].nkind == DR_NOTE_HEADER;
    mark(S, i, j, kind, !join);
    return j;
  }

  if (p->flags & PF_ALONE) {
    if (p->flags & PF_BOTTOM) {
      /* End Notes: up to the next label, marker or heading.  A label with
       * nothing under it and another end-note label next ("Afterword",
       * "End Notes") makes one note with it. */
      size_t k = i;
      for (;;) {
        j = k + 1;
        while (j < b && S->p[j].cls == C_TEXT &&
               (S->p[j].lab == L_NONE || S->p[j].lab == L_CUE ||
                S->p[j].lab == L_DISCW || S->p[j].lab == L_BYLINE))
          j++;
        if (j == k + 1 && j < b && S->p[j].cls == C_TEXT &&
            S->p[j].lab == L_END && (S->p[j].flags & PF_BOTTOM)) {
          k = j;
          continue;
        }
        break;
      }
      mark(S, i, j, p->lkind, true);
      return j;
    }
    if (p->lab == L_SEC) {
      size_t t = nxt_top[i];
      if (t < b) {
        j = t;
      } else if (b < S->n && S->p[b].head == H_MARKER) {
        j = b;
      } else if (top && b < S->n && b - i <= SECTION_TO_HEADING_MAX) {
        bool quotes = false;
        for (size_t x = i + 1; x < b; x++)
          quotes = quotes || (S->p[x].flags & PF_QUOTE);
        j = quotes ? i + 1 : b;
      }
      if (j == i + 1 && j < b && S->p[j].cls == C_TEXT && S->p[j].lab == L_NONE)
        j++; /* the label and its one paragraph */
      mark(S, i, j, p->lkind, true);
      if (j < b && j > i + 1 && S->p[j].cls == C_TEXT && j == i + 2)
        while (j < b && cont_ok(S, j))
          j++;
      mark(S, i + 1, j, p->lkind, false);
      return j;
    }
    /* "A/N:" or "Disclaimer" alone: its text is the next paragraph. */
    if (j < b && S->p[j].cls == C_TEXT &&
        (S->p[j].lab == L_NONE || S->p[j].lab == L_CUE ||
         S->p[j].lab == L_DISCW))
      j++;
  }

  if (p->flags & PF_BRACKET) {
    /* A bracketed note runs to its closing bracket (a few paragraphs). */
    size_t x = i;
    for (int k = 0; k < 8 && x < b && S->p[x].cls == C_TEXT; k++, x++) {
      const dr_paragraph *pa = &S->d->paras[x];
      if (S->s[pa->end - 1] == (unsigned char)p->close) {
        if (x + 1 > j)
          j = x + 1;
        break;
      }
    }
  }
  while (j < b && cont_ok(S, j))
    j++;
  mark(S, i, j, p->lkind, true);
  return j;
}

/* Forward and backward edge scans of segment [a, b). */
static void segment_notes(st *S, size_t a, size_t b, bool top,
                          const uint32_t *nxt_top, size_t *front) {
  pinfo *P = S->p;
  bool edge = true;
  *front = b;
  size_t i = a;
  while (i < b) {
    pinfo *p = &P[i];
    if (p->cls == C_NOTE) {
      i++;
      continue;
    }
    if (p->cls != C_TEXT) { /* a break */
      if (edge)
        *front = i;
      edge = false;
      i++;
      continue;
    }
    if (strong_label(p) || (edge && weak_ok_front(p, top))) {
      i = note_at(S, i, b, top, nxt_top);
      continue;
    }
    if (edge)
      *front = i;
    edge = false;
    i++;
  }

  /* Backward: weak labels at the end, with their continuations. */
  size_t j = b, start = SIZE_MAX;
  while (j > a) {
    const pinfo *p = &P[j - 1];
    if (p->cls == C_NOTE) {
      start = j - 1;
    } else if (p->cls != C_TEXT) {
      break;
    } else if (p->lab == L_NOTE || p->lab == L_CUE ||
               (p->lab == L_HEADER && (p->flags & PF_FANKEY)) ||
               (p->lab == L_DISCW && (p->flags & PF_DISCX))) {
      start = j - 1;
    } else if (!cont_ok(S, j - 1)) {
      break;
    }
    j--;
  }
  if (start == SIZE_MAX)
    return;
  for (size_t k = start; k < b; k++) {
    pinfo *p = &P[k];
    if (p->cls != C_TEXT)
      continue;
    if (p->lab != L_NONE &&
        !(p->lab == L_CUE && k > 0 && P[k - 1].cls == C_NOTE))
      mark(S, k, k + 1, p->lkind, true);
    else
      mark(S, k, k + 1, DR_NOTE_AUTHORS_NOTE, false);
  }
}

/* Phase 4: a title page before the first heading, or a title and by-line
 * at the top. */
static void title_page(st *S, size_t f, size_t b0) {
  pinfo *P = S->p;
  if (f >= b0)
    return;
  if (b0 < S->n) {
    size_t text = 0;
    bool ok = true;
    for (size_t k = f; k < b0 && ok; k++) {
      if (P[k].cls == C_NOTE)
        continue;
      ok = P[k].cls == C_TEXT &&
           ((P[k].flags & PF_TITLE) || P[k].lab == L_BYLINE ||
            P[k].lab == L_HEADER || (P[k].flags & PF_TOC));
      text++;
    }
    if (ok && text <= TITLE_PAGE_MAX) {
      for (size_t k = f; k < b0; k++) {
        if (P[k].cls != C_TEXT)
          continue;
        bool join =
            k > 0 && P[k - 1].cls == C_NOTE && P[k - 1].nkind == DR_NOTE_HEADER;
        mark(S, k, k + 1, DR_NOTE_HEADER, !join);
        P[k].flags |= PF_TPAGE;
      }
      return;
    }
  }
  /* "The Title" / "by Someone" at the very top, then the story. */
  for (size_t k = f; k < b0 && k < f + 3; k++) {
    if (P[k].cls != C_TEXT)
      return;
    if (P[k].lab == L_BYLINE) {
      size_t end = k + 1;
      size_t la, lb, r;
      const dr_paragraph *pa = &S->d->paras[k];
      line_at(S->s, pa->start, pa->end, &la, &lb);
      /* A bare "by": the author is the next paragraph. */
      if (pa->n_lines == 1 && byline(S->s, la, lb, &r) && r >= lb && end < b0 &&
          P[end].cls == C_TEXT && (P[end].flags & PF_TITLE))
        end++;
      for (size_t x = f; x < end; x++) {
        bool join =
            x > 0 && P[x - 1].cls == C_NOTE && P[x - 1].nkind == DR_NOTE_HEADER;
        mark(S, x, x + 1, DR_NOTE_HEADER, !join);
        P[x].flags |= PF_TPAGE;
      }
      return;
    }
    if (!(P[k].flags & PF_TITLE))
      return;
  }
}

/* ------------------------------------------------------------------------ */
/* Phase 6: tags, title and author                                           */
/* ------------------------------------------------------------------------ */

static bool push_tag(st *S, const char *tag, size_t tlen, const char *val,
                     size_t vlen, size_t a, size_t b) {
  const unsigned char *s = S->s;
  trim(s, &a, &b);
  if (a >= b)
    return true;
  const char *t = drp_strndup(S->d, tag, tlen);
  if (!t)
    return false;
  const char *v = NULL;
  if (val) {
    v = drp_strndup(S->d, val, vlen);
    if (!v)
      return false;
  }
  dr_tag *g = DRP_PUSH(S->d, S->d->tags, S->d->n_tags, S->d->cap_tags);
  if (!g)
    return false;
  g->tag = t;
  g->value = v;
  g->start = a;
  g->end = b;
  g->note = S->cur_note;
  return true;
}

/* Pushes a tag whose name and value are static strings, once per
 * document (later copies would be dropped by dedupe_tags anyway). */
static bool push_ctag(st *S, const char *tag, const char *val, size_t a,
                      size_t b) {
  for (size_t k = 0; k < S->n_seen; k++)
    if (S->seen_tag[k] == tag && S->seen_val[k] == val)
      return true;
  size_t n0 = S->d->n_tags;
  if (!push_tag(S, tag, strlen(tag), val, val ? strlen(val) : 0, a, b))
    return false;
  if (S->d->n_tags > n0 && S->n_seen < SEEN_MAX) {
    S->seen_tag[S->n_seen] = tag;
    S->seen_val[S->n_seen++] = val;
  }
  return true;
}

/* lower_snake_case of s[a, b) into out (VALUE_MAX bytes); apostrophes
 * vanish, other runs of non-alphanumerics become one '_'.  Non-ASCII
 * letters are kept as they are.  Returns the length (0: nothing left or
 * too long). */
static size_t snake(const unsigned char *s, size_t a, size_t b, char *out) {
  size_t n = 0;
  bool gap = false;
  for (size_t i = a; i < b;) {
    size_t ap = apos_at(s, i, b);
    if (ap) {
      i += ap;
      continue;
    }
    unsigned c = s[i];
    size_t len = 1;
    bool keep = a_alpha(c) || a_digit(c);
    if (c >= 0x80) {
      int32_t cp;
      len = (size_t)drp_utf8_next(s + i, b - i, &cp);
      keep = cp >= 0 && (drp_is_letter(cp) || drp_is_digit(cp));
    }
    if (!keep) {
      gap = true;
      i += len;
      continue;
    }
    if (gap && n) {
      if (n + 1 >= VALUE_MAX)
        return 0;
      out[n++] = '_';
    }
    gap = false;
    if (n + len >= VALUE_MAX)
      return 0;
    for (size_t k = 0; k < len; k++)
      out[n++] = (char)a_lower(s[i + k]);
    i += len;
  }
  return n;
}

/* The start of the label of an OOC or AU phrase at i, widened over the
 * modifiers before it. */
static size_t widen(const unsigned char *s, size_t lo, size_t i, int mod) {
  size_t start = i;
  int taken = 0;
  bool caps = true;
  for (int round = 0; round < 4; round++) {
    /* The word before start, separated by spaces only. */
    size_t e = start;
    while (e > lo && hspace(s[e - 1]))
      e--;
    if (e == start || e <= lo)
      break;
    size_t w = e;
    while (w > lo && (a_alpha(s[w - 1]) || s[w - 1] == '-'))
      w--;
    if (w == e || wch_before(s, lo, w))
      break;
    if (mod == MOD_OOC) {
      if (in_list(s, w, e, ooc_mods, N_ELEMS(ooc_mods))) {
        start = w;
        continue;
      }
      /* "a bit", "a little", "a tad"; "kind of", "sort of" */
      if (pmatch(s, w, e, "a") == e && start < i &&
          (pmatch(s, start, i, "bit") || pmatch(s, start, i, "little") ||
           pmatch(s, start, i, "tad"))) {
        start = w;
        continue;
      }
      if (pmatch(s, w, e, "of") == e) {
        size_t e2 = w;
        while (e2 > lo && hspace(s[e2 - 1]))
          e2--;
        size_t w2 = e2;
        while (w2 > lo && a_alpha(s[w2 - 1]))
          w2--;
        if (w2 < e2 && e2 < w &&
            (pmatch(s, w2, e2, "kind") == e2 ||
             pmatch(s, w2, e2, "sort") == e2)) {
          start = w2;
          continue;
        }
      }
      break;
    }
    /* MOD_AU: one word ("Modern AU"), two if both capitalised ("Coffee
     * Shop AU"). */
    if (in_list(s, w, e, au_stops, N_ELEMS(au_stops)))
      break;
    bool cap = s[w] >= 'A' && s[w] <= 'Z';
    if (taken == 1 && !(caps && cap))
      break;
    caps = caps && cap;
    start = w;
    if (++taken == 2)
      break;
  }
  return start;
}

/* A rating code at s[i, e): its normalised value and end, or NULL. */
static const char *rating_at(const unsigned char *s, size_t i, size_t e,
                             size_t *end) {
  for (size_t k = 0; k < N_ELEMS(rating_codes); k++) {
    size_t m = pmatch(s, i, e, rating_codes[k].pat);
    if (m && !wch_at(s, m, e) && !(m < e && s[m] == '+')) {
      *end = m;
      return rating_codes[k].value;
    }
  }
  return NULL;
}

/* Fills the first-byte indexes of cue_words and tag_phrases. */
static void index_phrases(st *S) {
  for (size_t k = 0; k < N_ELEMS(cue_words); k++) {
    unsigned f = (unsigned)a_lower((unsigned char)cue_words[k].pat[0]);
    if (S->cue_n[f] < CUE_PER_BYTE)
      S->cue_at[f][S->cue_n[f]++] = (uint8_t)k;
  }
  for (size_t k = 0; k < N_ELEMS(tag_phrases); k++) {
    unsigned f = (unsigned)a_lower((unsigned char)tag_phrases[k].pat[0]);
    if (S->tag_n[f] < CUE_PER_BYTE)
      S->tag_at[f][S->tag_n[f]++] = (uint8_t)k;
  }
}

/* Searches s[a, b) for tag phrases; pushes one tag for each.  *found
 * counts them. */
static bool scan_phrases(st *S, size_t a, size_t b, size_t *found) {
  const unsigned char *s = S->s;
  for (size_t i = a; i < b; i++) {
    unsigned c = s[i];
    if (!(a_alpha(c) || a_digit(c) || c == '[' || c == '('))
      continue;
    if (wch_before(s, a, i))
      continue;
    int lc = a_lower(c);
    for (size_t j = 0; j < S->tag_n[lc]; j++) {
      size_t k = S->tag_at[lc][j];
      const char *p = tag_phrases[k].pat;
      size_t m = pmatch(s, i, b, p);
      if (!m || wch_at(s, m, b))
        continue;
      int mod = tag_phrases[k].mod;
      if (mod == MOD_RATED) {
        size_t r = skip_hspace(s, m, b), re;
        if (r < b && s[r] == ':')
          r = skip_hspace(s, r + 1, b);
        if (r == m && r < b)
          continue;
        const char *v = rating_at(s, r, b, &re);
        if (!v)
          continue;
        if (!push_ctag(S, "rating", v, i, re))
          return false;
        (*found)++;
        i = re - 1;
        break;
      }
      size_t st0 = mod ? widen(s, a, i, mod) : i;
      if (!push_ctag(S, tag_phrases[k].tag, NULL, st0, m))
        return false;
      (*found)++;
      i = m - 1;
      break;
    }
  }
  return true;
}

/* Splits s[a, b) into items at commas and semicolons (and at slashes when
 * slash is set, keeping "Hurt/Comfort" whole); calls fn on each trimmed
 * item. */
typedef bool (*item_fn)(st *S, int key, size_t a, size_t b);

static bool split_items(st *S, int key, size_t a, size_t b, bool slash,
                        item_fn fn) {
  const unsigned char *s = S->s;
  size_t i = a, from = a;
  while (i <= b) {
    bool cut = i == b || s[i] == ',' || s[i] == ';';
    if (!cut && slash && s[i] == '/') {
      /* not inside hurt/comfort or h/c */
      size_t w = i;
      while (w > from && a_alpha(s[w - 1]))
        w--;
      cut = !(pmatch(s, w, b, "hurt/comfort") || pmatch(s, w, b, "h/c"));
    }
    if (cut) {
      size_t x = from, y = i;
      trim(s, &x, &y);
      while (y > x && (s[y - 1] == '.' || s[y - 1] == '!'))
        y--;
      if (x < y && !fn(S, key, x, y))
        return false;
      from = i + 1;
    }
    i++;
  }
  return true;
}

static bool is_none(const unsigned char *s, size_t a, size_t b) {
  return pmatch(s, a, b, "none") == b || pmatch(s, a, b, "n/a") == b ||
         pmatch(s, a, b, "no warnings") == b ||
         pmatch(s, a, b, "nothing") == b ||
         pmatch(s, a, b, "no archive warnings apply") == b || b - a == 0 ||
         pmatch(s, a, b, "-") == b;
}

/* One item of a Tags:, Genre:, Pairing:, Fandom: or Warning: value. */
static bool item(st *S, int key, size_t a, size_t b) {
  const unsigned char *s = S->s;
  char buf[VALUE_MAX];
  switch (key) {
  case K_TAGS:
  case K_GENRE: {
    size_t found = 0;
    if (!scan_phrases(S, a, b, &found))
      return false;
    if (found || is_none(s, a, b))
      return true;
    size_t n = snake(s, a, b, buf);
    return n ? push_tag(S, buf, n, NULL, 0, a, b) : true;
  }
  case K_PAIRING: {
    /* A/B (romantic) or A & B; value with spaces round / and runs of
     * white space squeezed. */
    bool pair = false;
    for (size_t i = a; i < b; i++)
      if (s[i] == '/' || s[i] == '&' ||
          ((s[i] == 'x' || s[i] == 'X') && i > a && hspace(s[i - 1]) &&
           i + 1 < b && hspace(s[i + 1])))
        pair = true;
    if (!pair)
      return true;
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
      if (lspace(s[i])) {
        size_t j = skip_hspace(s, i, b);
        while (j < b && lspace(s[j]))
          j++;
        if ((n && buf[n - 1] == '/') || (j < b && s[j] == '/'))
          ;
        else if (n + 1 < VALUE_MAX)
          buf[n++] = ' ';
        i = j - 1;
        continue;
      }
      if (n + 1 >= VALUE_MAX)
        return true;
      buf[n++] = (char)s[i];
    }
    return push_tag(S, "pairing", 7, buf, n, a, b);
  }
  case K_FANDOM:
    if (b - a >= 200 || is_none(s, a, b))
      return true;
    return push_tag(S, "fandom", 6, (const char *)s + a, b - a, a, b);
  case K_WARNING: {
    if (is_none(s, a, b))
      return push_ctag(S, "warning", "none", a, b);
    size_t n = snake(s, a, b, buf);
    return n ? push_tag(S, "warning", 7, buf, n, a, b) : true;
  }
  default:
    return true;
  }
}

/* Chapters: 3/3 is complete, 3/? or 2/5 a work in progress. */
static bool chapters_value(st *S, size_t a, size_t b) {
  const unsigned char *s = S->s;
  size_t i = a;
  unsigned long x = 0, y = 0;
  while (i < b && a_digit(s[i]) && x < 100000)
    x = x * 10 + (s[i++] - '0');
  if (i == a)
    return true;
  size_t r = skip_hspace(s, i, b);
  if (r >= b || s[r] != '/')
    return true;
  r = skip_hspace(s, r + 1, b);
  size_t e = r;
  while (e < b && a_digit(s[e]) && y < 100000)
    y = y * 10 + (s[e++] - '0');
  if (e == r) {
    if (r < b && s[r] == '?')
      return push_ctag(S, "wip", NULL, a, r + 1);
    return true;
  }
  return push_ctag(S, x >= y ? "complete" : "wip", NULL, a, e);
}

static void set_span(size_t *sa, size_t *sb, size_t a, size_t b, int *prio,
                     int p) {
  if (a < b && p > *prio) {
    *sa = a;
    *sb = b;
    *prio = p;
  }
}

/* One "Key: value" field of note kind nk; the value is s[a, b). */
static bool field(st *S, int key, size_t ka, size_t kb, size_t a, size_t b,
                  int nk) {
  const unsigned char *s = S->s;
  dr_doc_info *info = &S->d->info;
  trim(s, &a, &b);
  switch (key) {
  case K_TITLE:
    if (nk == DR_NOTE_HEADER)
      set_span(&info->title_start, &info->title_end, a, b, &S->tprio, 3);
    return true;
  case K_AUTHOR:
    if (nk == DR_NOTE_HEADER)
      set_span(&info->author_start, &info->author_end, a, b, &S->aprio, 3);
    return true;
  case K_RATING: {
    size_t re;
    const char *v = a < b ? rating_at(s, a, b, &re) : NULL;
    return v ? push_ctag(S, "rating", v, a, re) : true;
  }
  case K_PAIRING:
  case K_FANDOM:
  case K_WARNING:
  case K_TAGS:
    return split_items(S, key, a, b, false, item);
  case K_GENRE:
    return split_items(S, key, a, b, true, item);
  case K_STATUS: {
    static const char *const done[] = {"complete", "completed", "finished"};
    static const char *const wip[] = {
        "in progress", "in-progress",      "incomplete", "ongoing",
        "wip",         "work in progress", "updating",   "unfinished"};
    for (size_t k = 0; k < N_ELEMS(done); k++) {
      size_t m = pmatch(s, a, b, done[k]);
      if (m && !wch_at(s, m, b))
        return push_ctag(S, "complete", NULL, a, m);
    }
    for (size_t k = 0; k < N_ELEMS(wip); k++) {
      size_t m = pmatch(s, a, b, wip[k]);
      if (m && !wch_at(s, m, b))
        return push_ctag(S, "wip", NULL, a, m);
    }
    return true;
  }
  case K_CHAPTERS:
    return chapters_value(S, a, b);
  case K_STATS: {
    size_t c = find(s, a, b, "chapters:");
    return c ? chapters_value(S, skip_hspace(s, c - 1 + 9, b), b) : true;
  }
  case K_DISCLAIMER: {
    size_t found = 0;
    return push_ctag(S, "disclaimer", NULL, ka, kb) &&
           scan_phrases(S, a, b, &found);
  }
  case K_SUMMARY:
  case K_NOTES: {
    size_t found = 0;
    return scan_phrases(S, a, b, &found);
  }
  default:
    return true;
  }
}

/* Title and author from a title-page or AO3 / Gutenberg first paragraph. */
static void title_from_para(st *S, size_t k) {
  const unsigned char *s = S->s;
  const dr_paragraph *pa = &S->d->paras[k];
  const pinfo *p = &S->p[k];
  dr_doc_info *info = &S->d->info;
  size_t la, lb, r;
  if (p->lab == L_GUTTITLE) {
    /* "The Project Gutenberg EBook of TITLE, by AUTHOR" */
    line_at(s, pa->start, pa->end, &la, &lb);
    size_t of = find(s, la, lb, "ebook of ");
    if (!of)
      of = find(s, la, lb, "etext of ");
    if (!of)
      return;
    size_t ta = of - 1 + 9, by = 0;
    for (size_t i = ta; i + 4 <= lb; i++)
      if (s[i] == ',' && pmatch(s, i, lb, ", by "))
        by = i;
    if (!by)
      return;
    set_span(&info->title_start, &info->title_end, ta, by, &S->tprio, 2);
    set_span(&info->author_start, &info->author_end, by + 5, lb, &S->aprio, 2);
    return;
  }
  if (p->flags & PF_POSTED) {
    line_at(s, pa->start, pa->end, &la, &lb);
    if (!pmatch(s, la, lb, "posted originally on")) {
      undecorate(s, &la, &lb);
      set_span(&info->title_start, &info->title_end, la, lb, &S->tprio, 2);
    }
    return;
  }
  if (!(p->flags & PF_TPAGE) && p->lab != L_BYLINE)
    return;
  size_t i = pa->start, first = 1;
  while (i < pa->end) {
    i = line_at(s, i, pa->end, &la, &lb);
    if (la >= lb)
      continue;
    if (byline(s, la, lb, &r)) {
      size_t ua = r, ub = lb;
      if (r >= lb && k + 1 < S->n && S->p[k + 1].cls == C_NOTE &&
          !S->p[k + 1].nstart) {
        /* bare "by": the next paragraph */
        const dr_paragraph *nx = &S->d->paras[k + 1];
        line_at(s, nx->start, nx->end, &ua, &ub);
      }
      undecorate(s, &ua, &ub);
      set_span(&info->author_start, &info->author_end, ua, ub, &S->aprio, 1);
    } else if (first && (p->flags & PF_TITLE) && s[la] != '(' &&
               !a_digit(s[la])) {
      size_t ua = la, ub = lb;
      undecorate(s, &ua, &ub);
      set_span(&info->title_start, &info->title_end, ua, ub, &S->tprio, 1);
    }
    first = 0;
  }
}

/* Reads note k for tags (and header notes for title and author). */
static bool note_tags(st *S, size_t k) {
  const unsigned char *s = S->s;
  const dr_note *nt = &S->d->notes[k];
  int nk = nt->kind;
  S->cur_note = k;
  size_t found = 0;

  /* A disclaimer note says "disclaimer" at its label, or at its words. */
  if (nk == DR_NOTE_DISCLAIMER) {
    size_t la, lb;
    line_at(s, nt->start, nt->end, &la, &lb);
    undecorate(s, &la, &lb);
    while (la < lb && (s[la] == '[' || s[la] == '(' || s[la] == '{'))
      la++;
    size_t m = pmatch(s, la, lb, "disclaimer");
    if (m) {
      if (!push_ctag(S, "disclaimer", NULL, la, m))
        return false;
    } else {
      static const char *const w[] = {
          "i don`t own",   "i do not own", "we don`t own", "we do not own",
          "i own nothing", "don`t own",    "belongs to",   "belong to",
          "not mine",      "copyright"};
      size_t at = 0, e = 0;
      for (size_t x = 0; x < N_ELEMS(w) && !at; x++)
        if ((at = find(s, nt->start, nt->end, w[x])))
          e = pmatch(s, at - 1, nt->end, w[x]);
      if (at && !push_ctag(S, "disclaimer", NULL, at - 1, e))
        return false;
    }
  }

  int cur = K_NONE; /* key whose value may continue on later lines */
  size_t cka = 0, ckb = 0;
  bool open = false; /* the key had no value on its own line */
  size_t i = nt->start;
  while (i < nt->end) {
    size_t line0 = i, la, lb, val;
    unsigned kf;
    i = line_at(s, i, nt->end, &la, &lb);
    if (la >= lb) {
      if (!open)
        cur = K_NONE;
      continue;
    }
    bool indented = la > line0 && hspace(s[line0]);
    int key = key_line(s, la, lb, &val, &kf);
    if (key != K_NONE && open && indented)
      key = K_NONE; /* AO3: "Stats:" then "    Published: ... Chapters: 2/2" */
    if (key != K_NONE) {
      size_t ka = la;
      while (ka < lb && !a_alpha(s[ka]))
        ka++;
      size_t kb = ka;
      while (kb < lb && s[kb] != ':' && s[kb] != '*')
        kb++;
      trim(s, &ka, &kb);
      cur = key;
      cka = ka;
      ckb = kb;
      open = val >= lb;
      if (!open && !field(S, key, ka, kb, val, lb, nk))
        return false;
      continue;
    }
    if (cur != K_NONE && (open || indented || cur == K_SUMMARY ||
                          cur == K_NOTES || cur == K_DISCLAIMER)) {
      if (!field(S, cur, cka, ckb, la, lb, nk))
        return false;
      open = false;
      continue;
    }
    cur = K_NONE;
    if (nk != DR_NOTE_HEADER && !scan_phrases(S, la, lb, &found))
      return false;
  }
  return true;
}

/* Drops repeated (tag, value) pairs, keeping the first; one hash table,
 * expected linear time. */
static bool dedupe_tags(dr_doc *d) {
  size_t n = d->n_tags;
  if (n < 2)
    return true;
  size_t cap = 4;
  while (cap < n * 2)
    cap *= 2;
  uint32_t *tab = drp_alloc(d, cap * sizeof *tab);
  if (!tab) {
    drp_fail(d, DR_ENOMEM, 0, "out of memory");
    return false;
  }
  memset(tab, 0, cap * sizeof *tab); /* 0 = empty, else index + 1 */
  size_t out = 0;
  for (size_t i = 0; i < n; i++) {
    const dr_tag *t = &d->tags[i];
    uint32_t h = drp_hash_fold(t->tag, strlen(t->tag));
    if (t->value)
      h = (h ^ drp_hash_fold(t->value, strlen(t->value))) * 16777619u;
    size_t slot = h & (cap - 1);
    bool dup = false;
    while (tab[slot]) {
      const dr_tag *u = &d->tags[tab[slot] - 1];
      if (strcmp(u->tag, t->tag) == 0 &&
          (u->value == t->value ||
           (u->value && t->value && strcmp(u->value, t->value) == 0))) {
        dup = true;
        break;
      }
      slot = (slot + 1) & (cap - 1);
    }
    if (dup)
      continue;
    d->tags[out] = *t;
    tab[slot] = (uint32_t)(out + 1);
    out++;
  }
  d->n_tags = out;
  drp_free(d, tab);
  return true;
}

/* ------------------------------------------------------------------------ */
/* Phases 7 and 8: chapters and scenes                                       */
/* ------------------------------------------------------------------------ */

/* A paragraph that may be a part's front matter: no speech, short lines
 * ("London:", "Printed for T. Egerton,", "1813."). */
static bool front_matter(const st *S, size_t i) {
  const dr_paragraph *pa = &S->d->paras[i];
  if (S->p[i].flags & PF_QUOTE)
    return false;
  size_t j = pa->start;
  while (j < pa->end) {
    size_t la, lb;
    j = line_at(S->s, j, pa->end, &la, &lb);
    if (lb - la > FRONT_LINE_MAX)
      return false;
  }
  return true;
}

static bool chapters_and_scenes(st *S) {
  dr_doc *d = S->d;
  pinfo *P = S->p;
  size_t n = S->n, first = n, last = n;
  for (size_t i = 0; i < n; i++)
    if (P[i].cls != C_NOTE) {
      if (first == n)
        first = i;
      last = i;
    }

  if (first == n) {
    /* No body: one empty chapter and scene after the notes. */
    size_t at = n ? d->paras[n - 1].end : d->body_start;
    if (!n)
      at = d->body_start;
    dr_chapter *c = DRP_PUSH(d, d->chapters, d->n_chapters, d->cap_chapters);
    if (!c)
      return false;
    c->n = 1;
    c->title_start = c->title_end = c->start = c->end = at;
    dr_scene *sc = DRP_PUSH(d, d->scenes, d->n_scenes, d->cap_scenes);
    if (!sc)
      return false;
    sc->n = 1;
    sc->start = sc->end = at;
    for (size_t i = 0; i < n; i++)
      d->paras[i].chapter = d->paras[i].scene = 0;
    return true;
  }

  /* Chapters. */
  bool text_seen = false; /* story text since the current chapter began */
  bool in_group = false;  /* still in the heading group of that chapter */
  bool part_only = false; /* its title is a Part heading so far */
  size_t t_paras = 0, t_bytes = 0; /* story text since it began */
  bool t_front = true; /* all of it short lines, like a title page */
  for (size_t i = first; i <= last; i++) {
    const pinfo *p = &P[i];
    bool heads = p->cls == C_HEADING || (p->flags & PF_GLUED);
    bool numbered = heads && (p->head == H_CHAPTER || p->head == H_NUMBER ||
                              (p->flags & PF_GLUED));
    bool hinted = (p->flags & PF_CHSTART) != 0;
    /* "VOL. II." + a few lines of title page + "CHAPTER I.": one chapter
     * (a part's front matter belongs to its first chapter). */
    bool absorb = numbered && part_only && t_front &&
                  t_paras <= PART_FRONT_PARAS && t_bytes <= PART_FRONT_BYTES;
    if (absorb)
      in_group = true;
    if (i == first || ((heads || hinted) && text_seen && !absorb)) {
      dr_chapter *c = DRP_PUSH(d, d->chapters, d->n_chapters, d->cap_chapters);
      if (!c)
        return false;
      c->n = d->n_chapters;
      c->start = d->paras[i].start;
      c->title_start = c->title_end = c->start;
      if (d->n_chapters > 1)
        d->chapters[d->n_chapters - 2].end = c->start;
      text_seen = false;
      in_group = true;
      part_only = false;
      t_paras = t_bytes = 0;
      t_front = true;
    }
    dr_chapter *c = &d->chapters[d->n_chapters - 1];
    if (in_group && heads && p->head != H_MARKER) {
      if (p->head == H_SUB) {
        if (c->title_end > c->title_start)
          c->title_end = d->paras[i].end;
      } else if (p->flags & PF_GLUED) {
        size_t la, lb;
        line_at(S->s, d->paras[i].start, d->paras[i].end, &la, &lb);
        c->title_start = la;
        c->title_end = lb;
      } else if (c->title_end == c->title_start || p->head != H_PART) {
        /* The last numbered heading of the group is the title; a Part
         * heading only when nothing better comes. */
        part_only = c->title_end == c->title_start && p->head == H_PART;
        c->title_start = d->paras[i].start;
        c->title_end = d->paras[i].end;
      }
      if (numbered)
        part_only = false;
    }
    if (p->cls == C_TEXT) {
      text_seen = true;
      in_group = false;
      t_paras++;
      t_bytes += d->paras[i].end - d->paras[i].start;
      t_front = t_front && front_matter(S, i);
    }
    d->paras[i].chapter = d->n_chapters - 1;
  }
  d->chapters[d->n_chapters - 1].end = d->paras[last].end;
  for (size_t i = 0; i < first; i++)
    d->paras[i].chapter = 0;
  for (size_t i = last + 1; i < n; i++)
    d->paras[i].chapter = d->n_chapters - 1;

  /* Scenes: need "is there story text later in this chapter". */
  size_t next_text = SIZE_MAX; /* walking backward */
  uint32_t *nt = drp_alloc(d, (n + 1) * sizeof *nt);
  if (!nt) {
    drp_fail(d, DR_ENOMEM, 0, "out of memory");
    return false;
  }
  for (size_t i = n; i-- > 0;) {
    nt[i] = next_text == SIZE_MAX ? UINT32_MAX : (uint32_t)next_text;
    if (P[i].cls == C_TEXT)
      next_text = i;
  }
  size_t ch = SIZE_MAX;
  bool scene_text = false, pending = false;
  for (size_t i = first; i <= last; i++) {
    size_t c = d->paras[i].chapter;
    bool start = c != ch;
    if (!start && pending && P[i].cls != C_BREAK)
      start = true;
    if (start) {
      dr_scene *sc = DRP_PUSH(d, d->scenes, d->n_scenes, d->cap_scenes);
      if (!sc) {
        drp_free(d, nt);
        return false;
      }
      sc->n = d->n_scenes;
      sc->chapter = c;
      sc->start = c != ch ? d->chapters[c].start : d->paras[i].start;
      if (d->n_scenes > 1)
        d->scenes[d->n_scenes - 2].end = sc->start;
      ch = c;
      scene_text = false;
      pending = false;
    }
    if (P[i].cls == C_TEXT)
      scene_text = true;
    if (P[i].cls == C_BREAK && scene_text && nt[i] != UINT32_MAX &&
        nt[i] <= last && d->paras[nt[i]].chapter == c)
      pending = true;
    d->paras[i].scene = d->n_scenes - 1;
  }
  drp_free(d, nt);
  for (size_t k = 0; k + 1 < d->n_scenes; k++)
    if (d->scenes[k + 1].chapter != d->scenes[k].chapter)
      d->scenes[k].end = d->chapters[d->scenes[k].chapter].end;
  d->scenes[d->n_scenes - 1].end = d->chapters[d->n_chapters - 1].end;
  for (size_t i = 0; i < first; i++)
    d->paras[i].scene = 0;
  for (size_t i = last + 1; i < n; i++)
    d->paras[i].scene = d->n_scenes - 1;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Hints from marked-up input                                                */
/* ------------------------------------------------------------------------ */

/* The first paragraph that ends after off (binary search). */
static size_t para_from(const dr_doc *d, size_t off) {
  size_t lo = 0, hi = d->n_paras;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->paras[mid].end <= off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static void apply_hint(st *S, const drp_hint *hi, int pass, size_t front);

/* Pass 0 applies note, break and chapter hints; pass 1 heading hints,
 * except that a heading the text itself would not call one ("TALES",
 * "by A. Writer") before the first story paragraph is left to the
 * title-page rules (phase 4), which know titles and by-lines. */
static void apply_hints(st *S) {
  dr_doc *d = S->d;
  size_t front = S->n;
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1)
      for (size_t k = 0; k < S->n && front == S->n; k++)
        if (S->p[k].cls == C_TEXT && !(S->p[k].flags & PF_TITLE) &&
            S->p[k].lab != L_BYLINE)
          front = k;
    for (size_t h = 0; h < d->n_hints; h++)
      apply_hint(S, &d->hints[h], pass, front);
  }
}

static void apply_hint(st *S, const drp_hint *hi, int pass, size_t front) {
  dr_doc *d = S->d;
  if (hi->kind == DRP_HINT_TITLE || hi->kind == DRP_HINT_AUTHOR ||
      (hi->kind == DRP_HINT_HEADING) != (pass == 1))
    return;
  bool first = true;
  for (size_t k = para_from(d, hi->start);
       k < S->n && d->paras[k].start < hi->end; k++) {
    pinfo *p = &S->p[k];
    if (hi->kind == DRP_HINT_HEADING && k < front && p->head == H_NONE &&
        p->cls == C_TEXT && !(p->flags & PF_CHSTART))
      continue;
    switch (hi->kind) {
    case DRP_HINT_NOTE:
      p->cls = C_NOTE;
      p->nkind = hi->note_kind;
      p->nstart = first;
      p->flags &= (uint16_t)~(PF_GLUED | PF_TOC);
      break;
    case DRP_HINT_HEADING:
      p->cls = C_HEADING;
      if (p->head != H_CHAPTER && p->head != H_PART && p->head != H_NUMBER)
        p->head = H_CHAPTER;
      p->flags &= (uint16_t)~(PF_GLUED | PF_TOC);
      break;
    case DRP_HINT_BREAK:
      p->cls = C_BREAK;
      p->head = H_NONE;
      break;
    case DRP_HINT_CHAPTER:
      if (first)
        p->flags |= PF_CHSTART;
      break;
    default:
      break;
    }
    first = false;
  }
}

/* Title and author hints win over what the notes said. */
static void hinted_title(st *S) {
  dr_doc *d = S->d;
  for (size_t h = 0; h < d->n_hints; h++) {
    const drp_hint *hi = &d->hints[h];
    size_t a = hi->start, b = hi->end;
    if (hi->kind != DRP_HINT_TITLE && hi->kind != DRP_HINT_AUTHOR)
      continue;
    trim(S->s, &a, &b);
    if (a >= b)
      continue;
    if (hi->kind == DRP_HINT_TITLE) {
      d->info.title_start = a;
      d->info.title_end = b;
    } else {
      d->info.author_start = a;
      d->info.author_end = b;
    }
  }
}

/* ------------------------------------------------------------------------ */
/* The stage                                                                 */
/* ------------------------------------------------------------------------ */

static dr_status run(st *S, uint32_t *nxt_top) {
  dr_doc *d = S->d;
  pinfo *P = S->p;
  size_t n = S->n;

  /* 1. Shape. */
  size_t numbered = 0;
  for (size_t i = 0; i < n; i++) {
    shape(S, i);
    numbered += P[i].head == H_NUMBER;
  }
  if (numbered >= 2)
    for (size_t i = 0; i < n; i++)
      if (P[i].flags & PF_XROMAN) {
        P[i].cls = C_HEADING;
        P[i].head = H_NUMBER;
      }
  apply_hints(S);

  /* 2. Gutenberg boiler plate: the last START marker in the first half,
   * the first END marker in the second. */
  size_t gstart = SIZE_MAX, gend = SIZE_MAX;
  for (size_t i = 0; i < n; i++) {
    if (P[i].lab == L_GUTSTART && i <= n / 2)
      gstart = i;
    else if (P[i].lab == L_GUTEND && i > n / 2 && gend == SIZE_MAX)
      gend = i;
  }
  if (gstart != SIZE_MAX)
    for (size_t k = 0; k <= gstart; k++) {
      P[k].cls = C_NOTE;
      P[k].nkind = DR_NOTE_HEADER;
      P[k].nstart = k == 0;
    }
  if (gend != SIZE_MAX)
    for (size_t k = gend; k < n; k++) {
      P[k].cls = C_NOTE;
      P[k].nkind = DR_NOTE_ENDNOTE;
      P[k].nstart = k == gend;
    }

  /* 3. Notes, segment by segment. */
  uint32_t next = (uint32_t)n;
  for (size_t i = n; i-- > 0;) {
    nxt_top[i] = next;
    if ((P[i].lab == L_SEC) || P[i].head == H_MARKER)
      next = (uint32_t)i;
  }
  bool top = true;
  size_t a = 0, front0 = SIZE_MAX, end0 = n;
  while (a < n) {
    if (P[a].cls == C_HEADING) {
      if (top)
        end0 = a;
      top = false;
      a++;
      continue;
    }
    size_t b = a + 1;
    while (b < n && P[b].cls != C_HEADING && !(P[b].flags & PF_GLUED))
      b++;
    if (top && (P[a].flags & PF_GLUED))
      top = false;
    size_t front;
    segment_notes(S, a, b, top, nxt_top, &front);
    if (top) {
      front0 = front;
      end0 = b;
    }
    if (b < n && (P[b].flags & PF_GLUED))
      top = false;
    a = b;
  }

  /* 4. Title page. */
  if (front0 != SIZE_MAX)
    title_page(S, front0, end0);

  /* 5. Notes out. */
  size_t last_text = SIZE_MAX;
  for (size_t i = 0; i < n; i++)
    if (P[i].cls == C_TEXT)
      last_text = i;
  for (size_t i = 0; i < n; i++) {
    dr_paragraph *pa = &d->paras[i];
    const pinfo *p = &P[i];
    pa->kind = p->cls == C_NOTE      ? DR_PARA_NOTE
               : p->cls == C_HEADING ? DR_PARA_HEADING
               : p->cls == C_BREAK   ? DR_PARA_BREAK
                                     : DR_PARA_TEXT;
    pa->note = DR_NONE;
    if (p->cls != C_NOTE)
      continue;
    if (p->nstart || i == 0 || P[i - 1].cls != C_NOTE) {
      dr_note *nt = DRP_PUSH(d, d->notes, d->n_notes, d->cap_notes);
      if (!nt)
        return d->status;
      nt->kind = (dr_note_kind)p->nkind;
      if (nt->kind == DR_NOTE_AUTHORS_NOTE && last_text != SIZE_MAX &&
          i > last_text)
        nt->kind = DR_NOTE_ENDNOTE;
      nt->start = pa->start;
    }
    d->notes[d->n_notes - 1].end = pa->end;
    pa->note = d->n_notes - 1;
  }

  /* 6. Tags, title, author. */
  for (size_t i = 0; i < n; i++)
    if (P[i].cls == C_NOTE && d->notes[d->paras[i].note].kind == DR_NOTE_HEADER)
      title_from_para(S, i);
  for (size_t k = 0; k < d->n_notes; k++)
    if (!note_tags(S, k))
      return d->status;
  if (!dedupe_tags(d))
    return d->status;
  hinted_title(S);

  /* 7, 8. Chapters and scenes. */
  if (!chapters_and_scenes(S))
    return d->status;
  return DR_OK;
}

dr_status drp_structure(dr_doc *d) {
  st S;
  memset(&S, 0, sizeof S);
  index_phrases(&S);
  S.d = d;
  S.s = (const unsigned char *)d->text;
  S.n = d->n_paras;
  S.p = drp_alloc(d, (S.n + 1) * sizeof *S.p);
  uint32_t *nxt_top = drp_alloc(d, (S.n + 1) * sizeof *nxt_top);
  if (!S.p || !nxt_top) {
    drp_free(d, S.p);
    drp_free(d, nxt_top);
    return drp_fail(d, DR_ENOMEM, 0, "out of memory");
  }
  memset(S.p, 0, (S.n + 1) * sizeof *S.p);
  dr_status st0 = run(&S, nxt_top);
  drp_free(d, S.p);
  drp_free(d, nxt_top);
  return st0;
}
