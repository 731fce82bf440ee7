/*
 * test_token.c -- the token layer: spans, kinds and flags.
 *
 * Every input is parsed from an exact-size copy, so AddressSanitizer
 * catches any read past its end.
 */
#include "harness.h"

#include <stdarg.h>
#include <stdbool.h>

enum {
  W = DR_TOK_WORD,
  N = DR_TOK_NUMBER,
  P = DR_TOK_PUNCT,
  Q = DR_TOK_QUOTE,
  D = DR_TOK_DASH,
  E = DR_TOK_ELLIPSIS,
  S = DR_TOK_SYMBOL,
  C = DR_TOK_CLITIC
};

static const char kind_letter[] = "?WNPQDESC";

/* Parses s[0, n) from an exact-size copy with the given option flags.
 * *buf receives the copy (free it after the document). */
static dr_doc *parse_n(const char *s, size_t n, unsigned flags, char **buf) {
  *buf = exact_copy(s, n);
  dr_options opt;
  memset(&opt, 0, sizeof opt);
  opt.flags = flags;
  dr_doc *d = NULL;
  dr_status st = dr_doc_parse(*buf, n, &opt, &d);
  if (st != DR_OK) {
    fprintf(stderr, "parse failed: %s\n", dr_strerror(st));
    dr_doc_free(d);
    return NULL;
  }
  return d;
}

static void print_tokens(const dr_doc *d) {
  size_t len;
  const char *text = dr_doc_text(d, &len);
  fprintf(stderr, "    got:");
  for (size_t i = 0; i < dr_token_count(d); i++) {
    dr_token t = dr_token_at(d, i);
    fprintf(stderr, " [%.*s]%c", (int)(t.end - t.start), text + t.start,
            kind_letter[t.kind <= 8 ? t.kind : 0]);
  }
  fprintf(stderr, "\n");
}

/* Checks that s[0, n) tokenizes to exactly the (text, kind) pairs in ap,
 * which end with a NULL text. */
static void vexpect(int line, const char *s, size_t n, unsigned flags,
                    va_list ap) {
  char *buf;
  dr_doc *d = parse_n(s, n, flags, &buf);
  if (!d) {
    h_fail++;
    fprintf(stderr, "%s:%d: FAIL: parse\n", __FILE__, line);
    free(buf);
    return;
  }
  size_t i = 0, count = dr_token_count(d);
  bool ok = true;
  const char *want;
  while ((want = va_arg(ap, const char *)) != NULL) {
    int kind = va_arg(ap, int);
    if (i >= count) {
      ok = false;
      break;
    }
    dr_token t = dr_token_at(d, i++);
    if ((int)t.kind != kind || t.end - t.start != strlen(want) ||
        memcmp(buf + t.start, want, t.end - t.start) != 0)
      ok = false;
  }
  if (i != count)
    ok = false;
  if (ok) {
    h_pass++;
  } else {
    h_fail++;
    fprintf(stderr, "%s:%d: FAIL: tokens of \"%.*s\"\n", __FILE__, line,
            (int)n, s);
    print_tokens(d);
  }
  dr_doc_free(d);
  free(buf);
}

static void expect_toks(int line, const char *s, ...) {
  va_list ap;
  va_start(ap, s);
  vexpect(line, s, strlen(s), 0, ap);
  va_end(ap);
}

static void expect_toks_n(int line, const char *s, size_t n, unsigned flags,
                          ...) {
  va_list ap;
  va_start(ap, flags);
  vexpect(line, s, n, flags, ap);
  va_end(ap);
}

/* TOKS("don't", "do", W, "n't", C): the exact token texts and kinds. */
#define TOKS(s, ...) expect_toks(__LINE__, s, __VA_ARGS__, (const char *)NULL)
#define TOKS_N(s, n, fl, ...)                                                 \
  expect_toks_n(__LINE__, s, n, fl, __VA_ARGS__, (const char *)NULL)

/* Token i of s, parsed with default options. */
static dr_token tok_of(const char *s, size_t i) {
  char *buf;
  dr_token t;
  memset(&t, 0, sizeof t);
  dr_doc *d = parse_str(s, &buf);
  if (d && i < dr_token_count(d))
    t = dr_token_at(d, i);
  dr_doc_free(d);
  free(buf);
  return t;
}

/* Token i of s has all flags in `yes` and none in `no`. */
#define FLAGS(s, i, yes, no)                                                  \
  do {                                                                        \
    dr_token h_t = tok_of((s), (i));                                          \
    OK((h_t.flags & (yes)) == (yes) && (h_t.flags & (no)) == 0);              \
  } while (0)

/* Token i of s spans [a, b). */
#define SPAN(s, i, a, b)                                                      \
  do {                                                                        \
    dr_token h_t = tok_of((s), (i));                                          \
    INT_EQ(h_t.start, (a));                                                   \
    INT_EQ(h_t.end, (b));                                                     \
  } while (0)

static size_t count_toks(const char *s, size_t n, unsigned flags) {
  char *buf;
  dr_doc *d = parse_n(s, n, flags, &buf);
  size_t c = d ? dr_token_count(d) : (size_t)-1;
  dr_doc_free(d);
  free(buf);
  return c;
}

/* ------------------------------------------------------------------------ */

static void test_basics(void) {
  TOKS("Hello, world!", "Hello", W, ",", P, "world", W, "!", P);
  SPAN("Hello, world!", 0, 0, 5);
  SPAN("Hello, world!", 1, 5, 6);
  SPAN("Hello, world!", 2, 7, 12);
  SPAN("Hello, world!", 3, 12, 13);
  TOKS("(a) [b]; c: d?", "(", P, "a", W, ")", P, "[", P, "b", W, "]", P, ";",
       P, "c", W, ":", P, "d", W, "?", P);
  TOKS("x & y # z", "x", W, "&", S, "y", W, "#", S, "z", W);
  TOKS("abc123 R2D2", "abc123", W, "R2D2", W);
  TOKS("   spaced   out   ", "spaced", W, "out", W);
}

static void test_contractions(void) {
  TOKS("don't", "do", W, "n't", C);
  TOKS("I'm", "I", W, "'m", C);
  TOKS("can't won't", "ca", W, "n't", C, "wo", W, "n't", C);
  TOKS("I'll they're we've he'd", "I", W, "'ll", C, "they", W, "'re", C, "we",
       W, "'ve", C, "he", W, "'d", C);
  TOKS("DON'T I'M", "DO", W, "N'T", C, "I", W, "'M", C);
  TOKS("Darcy's", "Darcy", W, "'s", C);
  TOKS("Elizabeth\xE2\x80\x99s", "Elizabeth", W, "\xE2\x80\x99s", C);
  SPAN("Elizabeth\xE2\x80\x99s", 0, 0, 9);
  SPAN("Elizabeth\xE2\x80\x99s", 1, 9, 13);
  TOKS("don\xE2\x80\x99t", "do", W, "n\xE2\x80\x99t", C);
  SPAN("don\xE2\x80\x99t", 1, 2, 7);
  TOKS("she\xE2\x80\x99ll", "she", W, "\xE2\x80\x99ll", C);
  TOKS("should've", "should", W, "'ve", C);
  TOKS("D'Artagnan's", "D'Artagnan", W, "'s", C);
  TOKS("Let's go.", "Let", W, "'s", C, "go", W, ".", P);
  /* Clitics written apart from their word. */
  TOKS("We 'll go", "We", W, "'ll", C, "go", W);
  TOKS("He did n't.", "He", W, "did", W, "n't", C, ".", P);
  /* Clitic pieces carry their own case flags. */
  FLAGS("DARCY'S", 0, DR_TF_CAP | DR_TF_UPPER, DR_TF_NONASCII);
  FLAGS("Darcy's", 0, DR_TF_CAP, DR_TF_UPPER);
  FLAGS("Darcy's", 1, 0, DR_TF_CAP | DR_TF_UPPER | DR_TF_SPACE_BEFORE);
  FLAGS("Elizabeth\xE2\x80\x99s", 1, DR_TF_NONASCII, DR_TF_CAP);
  FLAGS("Elizabeth\xE2\x80\x99s", 0, DR_TF_CAP, DR_TF_NONASCII);
}

static void test_inner_apostrophes(void) {
  TOKS("o'clock", "o'clock", W);
  TOKS("ma'am", "ma'am", W);
  TOKS("O'Brien", "O'Brien", W);
  TOKS("o\xE2\x80\x99"
       "clock",
       "o\xE2\x80\x99"
       "clock",
       W);
  TOKS("y'all", "y'all", W);
}

static void test_quotes(void) {
  TOKS("'Tis", "'", Q, "Tis", W);
  TOKS("the boys' books", "the", W, "boys", W, "'", Q, "books", W);
  TOKS("the boys\xE2\x80\x99 books", "the", W, "boys", W, "\xE2\x80\x99", Q,
       "books", W);
  TOKS("\"Hi,\" she said.", "\"", Q, "Hi", W, ",", P, "\"", Q, "she", W,
       "said", W, ".", P);
  TOKS("\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x80\x98yo\xE2\x80\x99", "\xE2\x80\x9C",
       Q, "Hi", W, "\xE2\x80\x9D", Q, "\xE2\x80\x98", Q, "yo", W,
       "\xE2\x80\x99", Q);
  TOKS("\xC2\xAB"
       "a\xC2\xBB \xE2\x80\xB9"
       "b\xE2\x80\xBA \xE2\x80\x9E"
       "c"
       "\xE2\x80\x9C \xE2\x80\x9A"
       "d",
       "\xC2\xAB", Q, "a", W, "\xC2\xBB", Q, "\xE2\x80\xB9", Q, "b", W,
       "\xE2\x80\xBA", Q, "\xE2\x80\x9E", Q, "c", W, "\xE2\x80\x9C", Q,
       "\xE2\x80\x9A", Q, "d", W);
  /* One token per mark. */
  TOKS("\"\"''", "\"", Q, "\"", Q, "'", Q, "'", Q);
  TOKS("\"'Hi.'\"", "\"", Q, "'", Q, "Hi", W, ".", P, "'", Q, "\"", Q);
  FLAGS("say \"hi\"", 1, DR_TF_SPACE_BEFORE, DR_TF_SPACE_AFTER);
  FLAGS("say \"hi\"", 3, DR_TF_SPACE_AFTER, DR_TF_SPACE_BEFORE);
  /* An apostrophe is inside a word only between two letters. */
  TOKS("rock 'n' roll", "rock", W, "'", Q, "n", W, "'", Q, "roll", W);
  TOKS("a'1", "a", W, "'", Q, "1", N);
}

static void test_hyphens(void) {
  TOKS("well-known", "well-known", W);
  TOKS("mother-in-law", "mother-in-law", W);
  TOKS("twenty-one Catch-22", "twenty-one", W, "Catch-22", W);
  TOKS("well\xE2\x80\x90known", "well\xE2\x80\x90known", W); /* U+2010 */
  TOKS("22-year-old", "22-year-old", W);
}

static void test_dashes(void) {
  TOKS("a - b", "a", W, "-", D, "b", W);
  TOKS("a -- b", "a", W, "--", D, "b", W);
  TOKS("a---b", "a", W, "---", D, "b", W);
  TOKS("word--word", "word", W, "--", D, "word", W);
  TOKS("word\xE2\x80\x94word", "word", W, "\xE2\x80\x94", D, "word", W);
  TOKS("1990\xE2\x80\x93"
       "95",
       "1990", N, "\xE2\x80\x93", D, "95", N);
  TOKS("\xE2\x80\x94Hello", "\xE2\x80\x94", D, "Hello", W);
  TOKS("a \xE2\x80\x94\xE2\x80\x94 b", "a", W, "\xE2\x80\x94\xE2\x80\x94", D,
       "b", W);
  /* word--word and spaced dashes cut nothing. */
  FLAGS("word--word", 0, 0, DR_TF_CUT);
  FLAGS("word\xE2\x80\x94word", 0, 0, DR_TF_CUT);
  FLAGS("a - b", 0, 0, DR_TF_CUT);
  FLAGS("a -- b", 0, DR_TF_SPACE_AFTER, DR_TF_CUT);
  FLAGS("a -- b", 1, DR_TF_SPACE_BEFORE, DR_TF_NONASCII);
  FLAGS("a\xE2\x80\x94"
        "b",
        1, DR_TF_NONASCII, 0);
}

static void test_cut_words(void) {
  TOKS("You-", "You", W, "-", D);
  FLAGS("You-", 0, DR_TF_CUT, 0);
  TOKS("\"you\xE2\x80\x94\" he", "\"", Q, "you", W, "\xE2\x80\x94", D, "\"", Q,
       "he", W);
  FLAGS("\"you\xE2\x80\x94\" he", 1, DR_TF_CUT, 0);
  FLAGS("I thought- and", 1, DR_TF_CUT, 0);
  FLAGS("I thought-- and", 1, DR_TF_CUT, 0);
  FLAGS("What do you\xE2\x80\x94?", 2, DR_TF_CUT, 0);
  FLAGS("she said\xE2\x80\x94\xE2\x80\x9Cno", 1, DR_TF_CUT, 0);
  FLAGS("don't-", 1, DR_TF_CUT, 0); /* the last piece */
  FLAGS("He-he", 0, 0, DR_TF_CUT);
  /* A number can be cut too. */
  FLAGS("In 19-", 1, DR_TF_CUT, 0);
}

static void test_ellipses(void) {
  TOKS("Wait...", "Wait", W, "...", E);
  TOKS("Wait. . . no", "Wait", W, ". . .", E, "no", W);
  TOKS("Wait. . . . no", "Wait", W, ". . . .", E, "no", W);
  TOKS("Wait\xE2\x80\xA6", "Wait", W, "\xE2\x80\xA6", E);
  TOKS("Wait....", "Wait", W, "....", E);
  TOKS("a..b", "a", W, "..", E, "b", W);
  TOKS("a\xE2\x80\xA6.", "a", W, "\xE2\x80\xA6.", E);
  TOKS("a. . b", "a", W, ".", P, ".", P, "b", W);
  TOKS("...and", "...", E, "and", W);
  FLAGS("Wait\xE2\x80\xA6", 1, DR_TF_NONASCII, 0);
  FLAGS("Wait...", 1, 0, DR_TF_NONASCII | DR_TF_SPACE_BEFORE);
}

static void test_abbreviations(void) {
  static const char *const list[] = {
      "Mr.",  "Mrs.", "Ms.",  "Dr.",  "St.",   "Capt.",   "Col.",
      "Gen.", "Lt.",  "Sgt.", "Rev.", "Prof.", "Jr.",     "Sr.",
      "Mt.",  "vs.",  "etc.", "MR.",  "mrs.",  "Messrs.", "Esq."};
  for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
    char s[64];
    snprintf(s, sizeof s, "%s Smith", list[i]);
    dr_token t = tok_of(s, 0);
    INT_EQ(t.end - t.start, strlen(list[i]));
    INT_EQ(t.kind, W);
    OK(t.flags & DR_TF_ABBREV);
  }
  TOKS("Mr. Darcy", "Mr.", W, "Darcy", W);
  FLAGS("Mr. Darcy", 0, DR_TF_ABBREV | DR_TF_CAP, DR_TF_UPPER);
  FLAGS("Mr. Darcy", 1, 0, DR_TF_ABBREV);
  TOKS("i.e. e.g. U.S. a.m.", "i.e.", W, "e.g.", W, "U.S.", W, "a.m.", W);
  FLAGS("i.e. e.g.", 0, DR_TF_ABBREV, DR_TF_CAP);
  FLAGS("the U.S. army", 1, DR_TF_ABBREV | DR_TF_CAP | DR_TF_UPPER, 0);
  TOKS("J. R. R. Tolkien", "J.", W, "R.", W, "R.", W, "Tolkien", W);
  FLAGS("J. R. R. Tolkien", 1, DR_TF_ABBREV, 0);
  TOKS("J.R.R. Tolkien", "J.R.R.", W, "Tolkien", W);
  TOKS("Ph.D. thesis", "Ph.D.", W, "thesis", W);
  /* No. is an abbreviation only before a number. */
  TOKS("No. 5", "No.", W, "5", N);
  FLAGS("No. 5", 0, DR_TF_ABBREV, 0);
  TOKS("No. Never.", "No", W, ".", P, "Never", W, ".", P);
  FLAGS("No. Never.", 0, 0, DR_TF_ABBREV);
  /* The pronoun I, lower-case letters and unlisted words keep no period. */
  TOKS("It was I. Then", "It", W, "was", W, "I", W, ".", P, "Then", W);
  TOKS("plan a. Then", "plan", W, "a", W, ".", P, "Then", W);
  TOKS("the end.", "the", W, "end", W, ".", P);
  /* An ellipsis after an abbreviation keeps its dots. */
  TOKS("Mr...", "Mr", W, "...", E);
  /* Accented initial. */
  TOKS("\xC3\x89. Zola", "\xC3\x89.", W, "Zola", W);
  FLAGS("\xC3\x89. Zola", 0, DR_TF_ABBREV | DR_TF_NONASCII | DR_TF_CAP, 0);
  /* Dotted parts are short; a run-on sentence is not an abbreviation. */
  TOKS("end.Then", "end", W, ".", P, "Then", W);
}

static void test_numbers(void) {
  TOKS("1 1,000 3.14 1st 2nd 1990s 10:30", "1", N, "1,000", N, "3.14", N,
       "1st", N, "2nd", N, "1990s", N, "10:30", N);
  TOKS("in 1815.", "in", W, "1815", N, ".", P);
  TOKS("1,000, then", "1,000", N, ",", P, "then", W);
  TOKS("$5.50", "$", S, "5.50", N);
  TOKS("1990's", "1990", N, "'s", C);
  TOKS("1990\xE2\x80\x99s", "1990", N, "\xE2\x80\x99s", C);
  TOKS("1-2", "1-2", N);
  TOKS("\xD9\xA3\xD9\xA4", "\xD9\xA3\xD9\xA4", N); /* Arabic-Indic 34 */
  FLAGS("1st", 0, 0, DR_TF_CAP);
}

static void test_unicode(void) {
  TOKS("Caf\xC3\xA9 na\xC3\xAFve Stra\xC3\x9F"
       "e",
       "Caf\xC3\xA9", W, "na\xC3\xAFve", W,
       "Stra\xC3\x9F"
       "e",
       W);
  FLAGS("Caf\xC3\xA9", 0, DR_TF_CAP | DR_TF_NONASCII, DR_TF_UPPER);
  FLAGS("\xC3\x89"
        "COLE",
        0, DR_TF_CAP | DR_TF_UPPER | DR_TF_NONASCII, 0);
  /* Москва: Cyrillic, capitalised. */
  TOKS("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xD0\xB8",
       "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", W, "\xD0\xB8", W);
  FLAGS("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", 0,
        DR_TF_CAP | DR_TF_NONASCII, DR_TF_UPPER);
  /* A combining mark stays in its word: cafe + U+0301. */
  TOKS("cafe\xCC\x81 ok", "cafe\xCC\x81", W, "ok", W);
  /* Each CJK ideograph is a word; 。 is punctuation. */
  TOKS("\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x80\x82", "\xE6\x9D\xB1", W,
       "\xE4\xBA\xAC", W, "\xE3\x80\x82", P);
  FLAGS("\xE6\x9D\xB1", 0, DR_TF_NONASCII, DR_TF_CAP | DR_TF_UPPER);
  /* Emoji with a skin tone, a ZWJ family and a flag are one symbol each. */
  TOKS("ok \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD!", "ok", W,
       "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", S, "!", P);
  TOKS("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9",
       "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", S);
  TOKS("\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA",
       "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7", S,
       "\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA", S);
  /* NBSP, ideographic space and zero-width space separate words. */
  TOKS("a\xC2\xA0"
       "b\xE3\x80\x80"
       "c\xE2\x80\x8B"
       "d",
       "a", W, "b", W, "c", W, "d", W);
  FLAGS("a\xC2\xA0"
        "b",
        1, DR_TF_SPACE_BEFORE, DR_TF_NONASCII);
  /* A soft hyphen inside a word stays in it. */
  TOKS("beau\xC2\xAD"
       "tiful",
       "beau\xC2\xAD"
       "tiful",
       W);
  /* Inverted punctuation. */
  TOKS("\xC2\xBFQu\xC3\xA9?", "\xC2\xBF", P, "Qu\xC3\xA9", W, "?", P);
}

/* No token boundary falls inside a UTF-8 sequence. */
static void test_boundaries(void) {
  const char *s = "\xE2\x80\x9C"
                  "Caf\xC3\xA9\xE2\x80\x94na\xC3\xAFve\xE2\x80"
                  "\xA6\xE2\x80\x9D \xF0\x9F\x98\x80\xE6\x9D\xB1x\xE2\x80\x99"
                  "s \xC2\xAB\xD0\xB8\xC2\xBB\xE2\x80\x93\xE2\x80\x94";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t len;
  const unsigned char *t = (const unsigned char *)dr_doc_text(d, &len);
  size_t prev = 0;
  bool ok = true;
  for (size_t i = 0; i < dr_token_count(d); i++) {
    dr_token k = dr_token_at(d, i);
    if (k.start < prev || k.end <= k.start || k.end > len ||
        (t[k.start] & 0xC0) == 0x80 ||
        (k.end < len && (t[k.end] & 0xC0) == 0x80))
      ok = false;
    prev = k.end;
  }
  OK(ok);
  OK(dr_token_count(d) >= 12);
  dr_doc_free(d);
  free(buf);
}

static void test_flags(void) {
  FLAGS("NASA said", 0,
        DR_TF_CAP | DR_TF_UPPER | DR_TF_PARA_START | DR_TF_SPACE_BEFORE |
            DR_TF_SPACE_AFTER,
        DR_TF_NONASCII);
  FLAGS("NASA said", 1, DR_TF_SPACE_BEFORE | DR_TF_SPACE_AFTER,
        DR_TF_CAP | DR_TF_UPPER | DR_TF_PARA_START);
  FLAGS("I", 0, DR_TF_CAP | DR_TF_UPPER, 0);
  FLAGS("McDonald", 0, DR_TF_CAP, DR_TF_UPPER);
  FLAGS("a,b", 0, DR_TF_SPACE_BEFORE, DR_TF_SPACE_AFTER);
  FLAGS("a,b", 1, 0, DR_TF_SPACE_BEFORE | DR_TF_SPACE_AFTER);
  FLAGS("a,b", 2, DR_TF_SPACE_AFTER, DR_TF_SPACE_BEFORE);
  FLAGS("42", 0, 0, DR_TF_CAP | DR_TF_UPPER);
  FLAGS("A1", 0, DR_TF_CAP | DR_TF_UPPER, 0);
  /* The tokenizer never sets SENT_START on its own; the sentence stage
   * does, on the first token. */
  FLAGS("One. Two.", 2, DR_TF_SENT_START, 0);
  FLAGS("One. Two.", 1, 0, DR_TF_SENT_START);
}

static void test_hash(void) {
  dr_token a = tok_of("The", 0), b = tok_of("the", 0), c = tok_of("then", 0);
  INT_EQ(a.hash, b.hash);
  OK(a.hash != c.hash);
  dr_token e = tok_of("\xC3\x89"
                      "cole",
                      0),
           f = tok_of("\xC3\xA9"
                      "cole",
                      0);
  INT_EQ(e.hash, f.hash);
  /* The hash is of the token's own text: "do" of "don't" equals "do". */
  INT_EQ(tok_of("don't", 0).hash, tok_of("do", 0).hash);
}

static void test_paragraphs(void) {
  const char *s = "One two.\r\nThree.\r\n\r\nFour.";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  INT_EQ(dr_paragraph_count(d), 2);
  INT_EQ(dr_token_count(d), 7);
  const dr_paragraph *p0 = dr_paragraph_at(d, 0), *p1 = dr_paragraph_at(d, 1);
  INT_EQ(p0->first_token, 0);
  INT_EQ(p0->n_tokens, 5);
  INT_EQ(p1->first_token, 5);
  INT_EQ(p1->n_tokens, 2);
  dr_token t = dr_token_at(d, 2); /* the "." before the CRLF */
  SPAN_EQ(d, t.start, t.end, ".");
  OK(t.flags & DR_TF_SPACE_AFTER);
  t = dr_token_at(d, 3);
  SPAN_EQ(d, t.start, t.end, "Three");
  OK(t.flags & DR_TF_SPACE_BEFORE);
  OK(!(t.flags & DR_TF_PARA_START));
  INT_EQ(t.paragraph, 0);
  t = dr_token_at(d, 5);
  SPAN_EQ(d, t.start, t.end, "Four");
  INT_EQ(t.start, 20);
  OK(t.flags & DR_TF_PARA_START);
  INT_EQ(t.paragraph, 1);
  t = dr_token_at(d, 6);
  OK(t.flags & DR_TF_SPACE_AFTER); /* the text end */
  dr_doc_free(d);
  free(buf);
}

static void test_bom_and_empty(void) {
  TOKS("\xEF\xBB\xBFHello", "Hello", W);
  SPAN("\xEF\xBB\xBFHello", 0, 3, 8);
  FLAGS("\xEF\xBB\xBFHello", 0, DR_TF_PARA_START | DR_TF_SPACE_BEFORE,
        DR_TF_NONASCII);
  INT_EQ(count_toks("\xEF\xBB\xBF", 3, 0), 0);
  INT_EQ(count_toks("", 0, 0), 0);
  INT_EQ(count_toks("  \n\n \t ", 7, 0), 0);
  /* A BOM inside the text is white space. */
  TOKS("a\xEF\xBB\xBF"
       "b",
       "a", W, "b", W);
}

static void test_bad_bytes(void) {
  /* NUL and other control bytes are one-byte symbols. */
  char *buf;
  dr_doc *d = parse_n("a\0b c", 5, DR_OPT_ALLOW_BINARY, &buf);
  OK(d != NULL);
  if (d) {
    INT_EQ(dr_token_count(d), 4);
    dr_token t = dr_token_at(d, 1);
    INT_EQ(t.kind, S);
    INT_EQ(t.start, 1);
    INT_EQ(t.end, 2);
    INT_EQ(dr_token_at(d, 2).kind, W);
    INT_EQ(dr_token_at(d, 2).start, 2);
  }
  dr_doc_free(d);
  free(buf);
  INT_EQ(count_toks("\0\0", 2, DR_OPT_ALLOW_BINARY), 2);
  TOKS_N("x\x01", 2, DR_OPT_ALLOW_BINARY, "x", W, "\x01", S);
  /* Invalid UTF-8 under DR_OPT_LOSSY: one symbol per bad byte. */
  TOKS_N("a\xFF"
         "b",
         3, DR_OPT_LOSSY, "a", W, "\xFF", S, "b", W);
  TOKS_N("a \xE2\x80", 4, DR_OPT_LOSSY, "a", W, "\xE2", S, "\x80", S);
  TOKS_N("\xE2\x80", 2, DR_OPT_LOSSY, "\xE2", S, "\x80", S);
  TOKS_N("don\xC3't", 6, DR_OPT_LOSSY, "don", W, "\xC3", S, "'", Q, "t", W);
  TOKS_N("\xF0\x9F\x98", 3, DR_OPT_LOSSY, "\xF0", S, "\x9F", S, "\x98", S);
  TOKS_N("a-\xFF", 3, DR_OPT_LOSSY, "a", W, "-", D, "\xFF", S);
  TOKS_N("Mr\xC0.", 4, DR_OPT_LOSSY, "Mr", W, "\xC0", S, ".", P);
  /* Truncated sequences at the very end of the input. */
  TOKS_N("ab\xE2", 3, DR_OPT_LOSSY, "ab", W, "\xE2", S);
  TOKS_N("1\xE2\x80", 3, DR_OPT_LOSSY, "1", N, "\xE2", S, "\x80", S);
}

/* Shapes that could make a careless scanner quadratic or overrun. */
static void test_pathological(void) {
  size_t n = 1000000;
  char *s = malloc(n);
  if (!s) {
    OK(0);
    return;
  }
  /* A run longer than 65535 bytes is stored as pieces of at most that
   * many bytes (tokens are 8 bytes; see internal.h). */
#define PIECES(len) (((len) + 65534) / 65535)
  memset(s, '-', n);
  INT_EQ(count_toks(s, n, 0), PIECES(n)); /* one dash run */
  memset(s, '.', n);
  INT_EQ(count_toks(s, n, 0), PIECES(n)); /* one ellipsis */
  for (size_t i = 0; i < n; i++)
    s[i] = i % 2 ? ' ' : '.';
  INT_EQ(count_toks(s, n - 1, 0), PIECES(n - 1)); /* ". . . ." */
  memset(s, '"', n);
  INT_EQ(count_toks(s, n, 0), n); /* one per mark */
  memset(s, '\'', n);
  INT_EQ(count_toks(s, n, 0), n);
  memset(s, 'a', n);
  INT_EQ(count_toks(s, n, 0), PIECES(n)); /* one long word */
  for (size_t i = 0; i < n; i++)
    s[i] = "a-"[i % 2];
  INT_EQ(count_toks(s, n, 0), PIECES(n - 1) + 1); /* a-...-a, final dash */
  for (size_t i = 0; i < n; i++)
    s[i] = "a'"[i % 2];
  INT_EQ(count_toks(s, n, 0), PIECES(n - 1) + 1);
  for (size_t i = 0; i < n; i++)
    s[i] = "1,"[i % 2];
  INT_EQ(count_toks(s, n, 0), PIECES(n - 1) + 1);
  for (size_t i = 0; i < n; i++)
    s[i] = "a."[i % 2];
  OK(count_toks(s, n, 0) > 0);
  for (size_t i = 0; i < n; i++)
    s[i] = "A. "[i % 3];
  INT_EQ(count_toks(s, n - n % 3, 0), n / 3);
  /* Three-byte marks: ’ and — alternating with letters. */
  size_t m = n - n % 4;
  for (size_t i = 0; i < m; i += 4)
    memcpy(s + i,
           i % 8 ? "\xE2\x80\x94"
                   "b"
                 : "\xE2\x80\x99"
                   "a",
           4);
  OK(count_toks(s, m, 0) > 0);
  memset(s, 0, n);
  INT_EQ(count_toks(s, n, DR_OPT_ALLOW_BINARY), n);
  free(s);
}

int main(void) {
  test_basics();
  test_contractions();
  test_inner_apostrophes();
  test_quotes();
  test_hyphens();
  test_dashes();
  test_cut_words();
  test_ellipses();
  test_abbreviations();
  test_numbers();
  test_unicode();
  test_boundaries();
  test_flags();
  test_hash();
  test_paragraphs();
  test_bom_and_empty();
  test_bad_bytes();
  test_pathological();
  DONE();
}
