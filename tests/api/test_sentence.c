/*
 * test_sentence.c -- the sentence layer: boundaries, spans, token ranges.
 *
 * Every input is parsed from an exact-size copy, so AddressSanitizer
 * catches any read past its end.
 */
#include "harness.h"

#include <stdarg.h>
#include <stdbool.h>

/* Checks that s splits into exactly the sentences given (their texts, in
 * order, ending with NULL), and that each sentence's fields agree with its
 * tokens. */
static void expect_sents(int line, const char *s, ...) {
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  if (!d) {
    h_fail++;
    fprintf(stderr, "%s:%d: FAIL: parse\n", __FILE__, line);
    free(buf);
    return;
  }
  va_list ap;
  va_start(ap, s);
  size_t i = 0, count = dr_sentence_count(d);
  bool ok = true;
  const char *want;
  while ((want = va_arg(ap, const char *)) != NULL) {
    if (i >= count) {
      ok = false;
      break;
    }
    const dr_sentence x_v = dr_sentence_at(d, i++), *x = &x_v;
    if (x->end - x->start != strlen(want) ||
        memcmp(buf + x->start, want, x->end - x->start) != 0)
      ok = false;
  }
  va_end(ap);
  if (i != count)
    ok = false;
  if (ok) {
    h_pass++;
  } else {
    h_fail++;
    fprintf(stderr, "%s:%d: FAIL: sentences of \"%s\"\n    got:", __FILE__,
            line, s);
    for (size_t k = 0; k < count; k++) {
      const dr_sentence x_v = dr_sentence_at(d, k), *x = &x_v;
      fprintf(stderr, " [%.*s]", (int)(x->end - x->start), buf + x->start);
    }
    fprintf(stderr, "\n");
  }
  dr_doc_free(d);
  free(buf);
}

#define SENTS(s, ...)                                                         \
  expect_sents(__LINE__, s, __VA_ARGS__, (const char *)NULL)

/* Checks the invariants of the sentence layer for the text s[0, n): the
 * sentences tile each paragraph's tokens in order, their spans are their
 * tokens' spans, and exactly their first tokens have DR_TF_SENT_START. */
static void check_layer(const char *s, size_t n, unsigned flags) {
  char *buf = exact_copy(s, n);
  dr_options opt;
  memset(&opt, 0, sizeof opt);
  opt.flags = flags;
  dr_doc *d = NULL;
  if (dr_doc_parse(buf, n, &opt, &d) != DR_OK) {
    OK(0);
    dr_doc_free(d);
    free(buf);
    return;
  }
  size_t next = 0, ns = dr_sentence_count(d), nt = dr_token_count(d);
  bool ok = true;
  for (size_t i = 0; i < ns; i++) {
    const dr_sentence x_v = dr_sentence_at(d, i), *x = &x_v;
    /* Paragraphs with no tokens have no sentences: skip their (empty)
     * token ranges. */
    if (x->first_token != next || x->n_tokens == 0 ||
        x->first_token + x->n_tokens > nt) {
      ok = false;
      break;
    }
    dr_token a = dr_token_at(d, x->first_token);
    dr_token b = dr_token_at(d, x->first_token + x->n_tokens - 1);
    if (a.start != x->start || b.end != x->end ||
        a.paragraph != x->paragraph || b.paragraph != x->paragraph)
      ok = false;
    for (size_t t = x->first_token; t < x->first_token + x->n_tokens; t++) {
      bool first = t == x->first_token;
      if (!!(dr_token_at(d, t).flags & DR_TF_SENT_START) != first)
        ok = false;
    }
    next = x->first_token + x->n_tokens;
  }
  OK(ok);
  INT_EQ(next, nt);
  dr_doc_free(d);
  free(buf);
}

static void test_basic(void) {
  SENTS("Hello there. How are you?", "Hello there.", "How are you?");
  SENTS("Stop! Now.", "Stop!", "Now.");
  SENTS("No punctuation at all", "No punctuation at all");
  SENTS("Lower case. after a period", "Lower case. after a period");
  SENTS("One.Two", "One.Two"); /* no white space, no break */

  /* Exact spans and token ranges. */
  char *buf;
  dr_doc *d = parse_str("Hello there. How are you?", &buf);
  OK(d != NULL);
  if (d) {
    INT_EQ(dr_sentence_count(d), 2);
    const dr_sentence a_v = dr_sentence_at(d, 0), b_v = dr_sentence_at(d, 1);
    const dr_sentence *a = &a_v, *b = &b_v;
    INT_EQ(a->start, 0);
    INT_EQ(a->end, 12);
    INT_EQ(a->first_token, 0);
    INT_EQ(a->n_tokens, 3);
    INT_EQ(a->paragraph, 0);
    INT_EQ(b->start, 13);
    INT_EQ(b->end, 25);
    INT_EQ(b->first_token, 3);
    INT_EQ(b->n_tokens, 4);
    OK(dr_token_at(d, 0).flags & DR_TF_SENT_START);
    OK(dr_token_at(d, 3).flags & DR_TF_SENT_START);
    OK(!(dr_token_at(d, 2).flags & DR_TF_SENT_START));
    OK(!(dr_token_at(d, 4).flags & DR_TF_SENT_START));
  }
  dr_doc_free(d);
  free(buf);
}

static void test_runs(void) {
  SENTS("What?! No.", "What?!", "No.");
  SENTS("Really??? Yes!!!", "Really???", "Yes!!!");
  SENTS("Wait... What?", "Wait...", "What?");
  SENTS("Wait... what?", "Wait... what?");
  SENTS("Wait\xE2\x80\xA6 Then", "Wait\xE2\x80\xA6", "Then");
  SENTS("Well. . . Maybe.", "Well. . .", "Maybe.");
  SENTS("Why?... Because.", "Why?...", "Because.");
  SENTS("(He went.) Then", "(He went.)", "Then");
  SENTS("He went (slowly). Then", "He went (slowly).", "Then");
  SENTS("_Try._ Then", "_Try._", "Then");
  SENTS("Go. _Now_ go.", "Go.", "_Now_ go.");
}

static void test_abbreviations(void) {
  SENTS("Mr. Darcy left. He ran.", "Mr. Darcy left.", "He ran.");
  SENTS("Mrs. Bennet and Dr. Jones met St. John.",
        "Mrs. Bennet and Dr. Jones met St. John.");
  SENTS("J. R. R. Tolkien wrote it.", "J. R. R. Tolkien wrote it.");
  SENTS("J.R.R. Tolkien wrote it.", "J.R.R. Tolkien wrote it.");
  SENTS("He saw Capt. Wentworth and Col. Brandon.",
        "He saw Capt. Wentworth and Col. Brandon.");
  SENTS("Tea, cake, etc. The rest came later.", "Tea, cake, etc.",
        "The rest came later.");
  SENTS("John Smith Jr. said so.", "John Smith Jr. said so.");
  SENTS("At 5 p.m. The bell rang.", "At 5 p.m.", "The bell rang.");
  SENTS("Fruit, e.g. Apples.", "Fruit, e.g. Apples.");
  SENTS("Go to No. 5 now.", "Go to No. 5 now.");
  SENTS("No. He left.", "No.", "He left.");
  SENTS("It was I. Then he left.", "It was I.", "Then he left.");
  SENTS("Smith vs. Jones.", "Smith vs. Jones.");
}

static void test_quotes(void) {
  SENTS("\"Hardly.\" The next day he left.", "\"Hardly.\"",
        "The next day he left.");
  SENTS("\"Hardly,\" he said.", "\"Hardly,\" he said.");
  SENTS("\"Hardly!\" he said.", "\"Hardly!\" he said.");
  SENTS("\"Hardly?\" he asked.", "\"Hardly?\" he asked.");
  SENTS("\"Hardly!\" She left.", "\"Hardly!\"", "She left.");
  SENTS("He left. \"Come back!\" she cried.", "He left.",
        "\"Come back!\" she cried.");
  SENTS("He said \"Go.\" Then he left.", "He said \"Go.\"", "Then he left.");
  SENTS("He said, \"'Hi.'\" Then", "He said, \"'Hi.'\"", "Then");
  SENTS("\"Hi.\" \"Bye.\"", "\"Hi.\"", "\"Bye.\"");
  SENTS("He left. 'Tis over.", "He left.", "'Tis over.");
  /* Curly marks. */
  SENTS("\xE2\x80\x9CHardly.\xE2\x80\x9D The end.",
        "\xE2\x80\x9CHardly.\xE2\x80\x9D", "The end.");
  SENTS("\xE2\x80\x9CHardly!\xE2\x80\x9D he said.",
        "\xE2\x80\x9CHardly!\xE2\x80\x9D he said.");
  SENTS("\xE2\x80\x98No.\xE2\x80\x99 \xE2\x80\x98Yes.\xE2\x80\x99",
        "\xE2\x80\x98No.\xE2\x80\x99", "\xE2\x80\x98Yes.\xE2\x80\x99");
  /* An opening quote before a lower-case word does not start one. */
  SENTS("He left. \"and then", "He left. \"and then");
  /* A quote mark that ends a quotation is not an opening one. */
  SENTS("\"Hi!\", he said.", "\"Hi!\", he said.");
}

static void test_numbers_and_scripts(void) {
  SENTS("It cost 5. 6 more came.", "It cost 5.", "6 more came.");
  SENTS("Pi is 3.14 or so.", "Pi is 3.14 or so.");
  SENTS("In 1815. Then", "In 1815.", "Then");
  /* CJK needs no white space after its terminals. */
  SENTS("\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x80\x82\xE6\xAC\xA1\xEF\xBC\x9F",
        "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x80\x82", "\xE6\xAC\xA1\xEF\xBC\x9F");
  /* Accented and Cyrillic capitals start sentences; lower case does not. */
  SENTS("Oui. \xC3\x89"
        "t\xC3\xA9.",
        "Oui.",
        "\xC3\x89"
        "t\xC3\xA9.");
  SENTS("Da. \xD0\xB8 net.", "Da. \xD0\xB8 net.");
  SENTS("Da. \xD0\x98 net.", "Da.", "\xD0\x98 net.");
}

static void test_paragraphs(void) {
  /* Sentences never cross paragraphs, even without a terminal. */
  const char *s = "One two\n\nThree four. Five\n\nSix";
  SENTS(s, "One two", "Three four.", "Five", "Six");
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (d) {
    INT_EQ(dr_sentence_count(d), 4);
    INT_EQ(dr_sentence_at(d, 0).paragraph, 0);
    INT_EQ(dr_sentence_at(d, 1).paragraph, 1);
    INT_EQ(dr_sentence_at(d, 2).paragraph, 1);
    INT_EQ(dr_sentence_at(d, 3).paragraph, 2);
  }
  dr_doc_free(d);
  free(buf);
  /* Line breaks inside a paragraph are white space. */
  SENTS("He went\nhome. She\r\nstayed on.\n\nNext.", "He went\nhome.",
        "She\r\nstayed on.", "Next.");
  /* Empty input and white space only. */
  d = parse_str("", &buf);
  OK(d != NULL);
  if (d)
    INT_EQ(dr_sentence_count(d), 0);
  dr_doc_free(d);
  free(buf);
  d = parse_str(" \n\n \n", &buf);
  OK(d != NULL);
  if (d)
    INT_EQ(dr_sentence_count(d), 0);
  dr_doc_free(d);
  free(buf);
}

static void test_layer_invariants(void) {
  const char *texts[] = {
      "Hello there. How are you?\n\n\"Hardly!\" She left. Mr. Darcy came.",
      "A. B. C. D. E.\n\nx. y. z.",
      "\"\"\"''' . . . ... !!! ??? -- --- \xE2\x80\x94",
      "\357\273\277Caf\xC3\xA9. \xC3\x89t\xC3\xA9! \xE6\x9D\xB1\xE3\x80\x82",
      "One\n\n\n\nTwo.\n\nThree! Four? Five..."};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
    check_layer(texts[i], strlen(texts[i]), 0);
  check_layer("a\0. B\0. c", 9, DR_OPT_ALLOW_BINARY);
  check_layer("a\xFF. B\xC3. \xE2\x80", 10, DR_OPT_LOSSY);
}

/* Long runs stay linear and produce what they should. */
static void test_pathological(void) {
  size_t n = 600000;
  char *s = malloc(n + 1);
  if (!s) {
    OK(0);
    return;
  }
  char *buf;
  dr_doc *d;
  /* "A. " repeated: initials never end a sentence. */
  for (size_t i = 0; i < n; i++)
    s[i] = "A. "[i % 3];
  s[n] = '\0';
  d = parse_str(s, &buf);
  OK(d && dr_sentence_count(d) == 1);
  dr_doc_free(d);
  free(buf);
  /* "a. B " repeated: "a." then "B a." each time, then "B". */
  for (size_t i = 0; i < n; i++)
    s[i] = "a. B "[i % 5];
  s[n] = '\0';
  d = parse_str(s, &buf);
  OK(d && dr_sentence_count(d) == n / 5 + 1);
  dr_doc_free(d);
  free(buf);
  /* One long run of terminals and closing marks. */
  for (size_t i = 0; i < n; i++)
    s[i] = "!\"?)"[i % 4];
  s[n] = '\0';
  d = parse_str(s, &buf);
  OK(d && dr_sentence_count(d) == 1);
  dr_doc_free(d);
  free(buf);
  /* Many opening marks after one terminal. */
  memset(s, '(', n);
  s[0] = '.';
  s[1] = ' ';
  d = parse_str(s, &buf);
  OK(d && dr_sentence_count(d) == 1);
  dr_doc_free(d);
  free(buf);
  /* Quote marks alone. */
  memset(s, '"', n);
  d = parse_str(s, &buf);
  OK(d && dr_sentence_count(d) == 1);
  dr_doc_free(d);
  free(buf);
  free(s);
}

int main(void) {
  test_basic();
  test_runs();
  test_abbreviations();
  test_quotes();
  test_numbers_and_scripts();
  test_paragraphs();
  test_layer_invariants();
  test_pathological();
  DONE();
}
