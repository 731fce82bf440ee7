/*
 * test_quote.c -- the quotation stage (src/quote.c), through the public
 * API: exact spans for each kind of mark, nesting, interruptions,
 * multi-paragraph speech, recovery of unclosed quotes, quoted terms, notes
 * (via the internal stage entry point), and bounded output on pathological
 * input.
 */
#include "harness.h"
#include "internal.h"


/* Checks the invariants every quote list must keep. */
static void check_invariants(const dr_doc *d) {
  size_t len;
  dr_doc_text(d, &len);
  size_t nq = dr_quote_count(d);
  for (size_t i = 0; i < nq; i++) {
    const dr_quote *q = dr_quote_at(d, i);
    OK(q->open_start < q->open_end);
    OK(q->open_end <= q->start && q->start <= q->end);
    OK(q->end <= q->close_start && q->close_start <= q->close_end);
    OK(q->close_end <= len);
    if (i > 0)
      OK(dr_quote_at(d, i - 1)->open_start < q->open_start);
    if (q->parent != DR_NONE) {
      OK(q->parent < i);
      OK(q->flags & DR_QF_NESTED);
      if (q->parent < i) {
        const dr_quote *p = dr_quote_at(d, q->parent);
        OK(p->open_end <= q->open_start && q->close_end <= p->close_start);
      }
    }
    if (q->continues != DR_NONE)
      OK(q->continues < i);
    if (q->flags & DR_QF_UNCLOSED)
      OK(q->close_start == q->close_end);
  }
}

static dr_doc *parse(const char *s, char **buf) {
  dr_doc *d = parse_str(s, buf);
  if (d)
    check_invariants(d);
  return d;
}

/* Quote i, or a zeroed record if there is none (so a failed count does not
 * crash the rest of the test). */
static const dr_quote *quote(const dr_doc *d, size_t i) {
  static const dr_quote none = {0, 0, 0, 0, 0, 0, 0, DR_NONE, DR_NONE, 0};
  const dr_quote *q = dr_quote_at(d, i);
  if (!q)
    fprintf(stderr, "no quote %zu\n", i);
  return q ? q : &none;
}

static const dr_quote *term(const dr_doc *d, size_t i) {
  static const dr_quote none = {0, 0, 0, 0, 0, 0, 0, DR_NONE, DR_NONE, 0};
  const dr_quote *q = dr_quoted_term_at(d, i);
  if (!q)
    fprintf(stderr, "no term %zu\n", i);
  return q ? q : &none;
}

static void test_straight(void) {
  char *b;
  dr_doc *d = parse("\"Hello,\" she said.  \"It is late.\"", &b);
  INT_EQ(dr_quote_count(d), 2);
  const dr_quote *q = quote(d, 0);
  SPAN_EQ(d, q->start, q->end, "Hello,");
  SPAN_EQ(d, q->open_start, q->open_end, "\"");
  SPAN_EQ(d, q->close_start, q->close_end, "\"");
  INT_EQ(q->open_start, 0);
  INT_EQ(q->paragraph, 0);
  INT_EQ(q->flags, 0);
  q = quote(d, 1);
  SPAN_EQ(d, q->start, q->end, "It is late.");
  INT_EQ(q->continues, 0); /* interrupted by a speech tag */
  INT_EQ(dr_quoted_term_count(d), 0);
  dr_doc_free(d);
  free(b);
}

static void test_curly(void) {
  char *b;
  dr_doc *d = parse("“Don’t go,” she said. “It’s late.”", &b);
  INT_EQ(dr_quote_count(d), 2);
  const dr_quote *q = quote(d, 0);
  SPAN_EQ(d, q->start, q->end, "Don’t go,");
  SPAN_EQ(d, q->open_start, q->open_end, "“");
  SPAN_EQ(d, q->close_start, q->close_end, "”");
  q = quote(d, 1);
  SPAN_EQ(d, q->start, q->end, "It’s late.");
  INT_EQ(q->continues, 0);
  dr_doc_free(d);
  free(b);
}

static void test_british_single(void) {
  char *b;
  dr_doc *d = parse(
      "‘I don’t want the boys’ books,’ said Darcy’s sister. ‘’Tis rock ’n’ "
      "roll, I tell ’em.’\n\n"
      "The boys’ dogs were Darcy’s. ’Twas ever thus.\n\n"
      "‘Read “Evelina” first,’ she said.",
      &b);
  INT_EQ(dr_quote_count(d), 4);
  const dr_quote *q = quote(d, 0);
  SPAN_EQ(d, q->start, q->end, "I don’t want the boys’ books,");
  SPAN_EQ(d, q->open_start, q->open_end, "‘");
  SPAN_EQ(d, q->close_start, q->close_end, "’");
  q = quote(d, 1);
  SPAN_EQ(d, q->start, q->end, "’Tis rock ’n’ roll, I tell ’em.");
  INT_EQ(q->continues, 0);
  q = quote(d, 2);
  SPAN_EQ(d, q->start, q->end, "Read “Evelina” first,");
  INT_EQ(q->paragraph, 2);
  q = quote(d, 3);
  SPAN_EQ(d, q->start, q->end, "Evelina");
  INT_EQ(q->parent, 2);
  INT_EQ(q->flags, DR_QF_NESTED);
  dr_doc_free(d);
  free(b);
}

static void test_ascii_single(void) {
  char *b;
  dr_doc *d = parse("'Don't go,' he said. 'It's late, and the boys' dogs "
                    "are out.'\n\n'Tis late, he thought. 'Yes.'",
                    &b);
  INT_EQ(dr_quote_count(d), 3);
  SPAN_EQ(d, quote(d, 0)->start, quote(d, 0)->end, "Don't go,");
  SPAN_EQ(d, quote(d, 1)->start, quote(d, 1)->end,
          "It's late, and the boys' dogs are out.");
  SPAN_EQ(d, quote(d, 2)->start, quote(d, 2)->end, "Yes.");
  dr_doc_free(d);
  free(b);
}

static void test_apostrophes_in_double_text(void) {
  char *b;
  /* Single marks never open at the top of a double-quote text. */
  dr_doc *d = parse("'Tis the boys' dog, and 'em cats. \"Don't,\" he said, "
                    "\"it's Darcy's.\"",
                    &b);
  INT_EQ(dr_quote_count(d), 2);
  SPAN_EQ(d, quote(d, 0)->start, quote(d, 0)->end, "Don't,");
  SPAN_EQ(d, quote(d, 1)->start, quote(d, 1)->end, "it's Darcy's.");
  INT_EQ(quote(d, 1)->continues, 0);
  dr_doc_free(d);
  free(b);
}

static void test_guillemets(void) {
  char *b;
  dr_doc *d = parse("«Bonjour», dit-il. « Ça va ? » demanda-t-elle.", &b);
  INT_EQ(dr_quote_count(d), 2);
  const dr_quote *q = quote(d, 0);
  SPAN_EQ(d, q->start, q->end, "Bonjour");
  SPAN_EQ(d, q->open_start, q->open_end, "«");
  SPAN_EQ(d, q->close_start, q->close_end, "»");
  q = quote(d, 1);
  SPAN_EQ(d, q->start, q->end, "Ça va ?"); /* inner spaces trimmed */
  dr_doc_free(d);
  free(b);

  d = parse("»Guten Tag«, sagte er. »Wie geht es?«\n\n»Gut.«", &b);
  INT_EQ(dr_quote_count(d), 3);
  q = quote(d, 0);
  SPAN_EQ(d, q->start, q->end, "Guten Tag");
  SPAN_EQ(d, q->open_start, q->open_end, "»");
  SPAN_EQ(d, q->close_start, q->close_end, "«");
  SPAN_EQ(d, quote(d, 1)->start, quote(d, 1)->end, "Wie geht es?");
  SPAN_EQ(d, quote(d, 2)->start, quote(d, 2)->end, "Gut.");
  dr_doc_free(d);
  free(b);
}

static void test_low9(void) {
  char *b;
  dr_doc *d = parse("„Guten Tag“, sagte er. „Wie geht es?“", &b);
  INT_EQ(dr_quote_count(d), 2);
  const dr_quote *q = quote(d, 0);
  SPAN_EQ(d, q->start, q->end, "Guten Tag");
  SPAN_EQ(d, q->open_start, q->open_end, "„");
  SPAN_EQ(d, q->close_start, q->close_end, "“");
  SPAN_EQ(d, quote(d, 1)->start, quote(d, 1)->end, "Wie geht es?");
  dr_doc_free(d);
  free(b);

  d = parse("„Dzień dobry” – powiedział. „Jak się masz?”", &b);
  INT_EQ(dr_quote_count(d), 2);
  q = quote(d, 0);
  SPAN_EQ(d, q->start, q->end, "Dzień dobry");
  SPAN_EQ(d, q->close_start, q->close_end, "”");
  SPAN_EQ(d, quote(d, 1)->start, quote(d, 1)->end, "Jak się masz?");
  dr_doc_free(d);
  free(b);
}

static void test_nested(void) {
  char *b;
  dr_doc *d = parse("\"He told me 'Go away!' twice,\" she said.", &b);
  INT_EQ(dr_quote_count(d), 2);
  const dr_quote *q = quote(d, 0);
  SPAN_EQ(d, q->start, q->end, "He told me 'Go away!' twice,");
  INT_EQ(q->parent, DR_NONE);
  q = quote(d, 1);
  SPAN_EQ(d, q->start, q->end, "Go away!");
  SPAN_EQ(d, q->open_start, q->open_end, "'");
  INT_EQ(q->parent, 0);
  INT_EQ(q->flags, DR_QF_NESTED);
  dr_doc_free(d);
  free(b);

  /* Dialect elisions inside double-quoted speech are not nested quotes:
   * a single mark nested in speech does not open on a lower-case letter
   * or a bare clitic, nor close before a lower-case word. */
  d = parse("\"Come here,\" she said.\n\n\"No.\"\n\n\"Why?\"\n\n"
            "\"It 's a long ways off fu' me to be sta'tin' at dis time o'\n"
            "life, an' 'roun' here.\"", &b);
  INT_EQ(dr_quote_count(d), 4);
  INT_EQ(quote(d, 3)->parent, DR_NONE);
  dr_doc_free(d);
  free(b);

  /* An apostrophe inside speech is not a nested quote. */
  d = parse("\"The boys' books and 'em,\" she said.", &b);
  INT_EQ(dr_quote_count(d), 1);
  dr_doc_free(d);
  free(b);

  /* Curly, three deep. */
  d = parse("“He wrote, ‘She said “no” to me,’ and left.”", &b);
  INT_EQ(dr_quote_count(d), 3);
  SPAN_EQ(d, quote(d, 1)->start, quote(d, 1)->end, "She said “no” to me,");
  SPAN_EQ(d, quote(d, 2)->start, quote(d, 2)->end, "no");
  INT_EQ(quote(d, 2)->parent, 1);
  INT_EQ(quote(d, 1)->parent, 0);
  dr_doc_free(d);
  free(b);
}

static void test_interrupted(void) {
  char *b;
  dr_doc *d = parse("\"Yes,\" he said, \"I will.\"\n\n"
                    "\"No.\" She walked to the door and opened it slowly, "
                    "looking back at all of them in the room. \"Goodbye.\"",
                    &b);
  INT_EQ(dr_quote_count(d), 4);
  SPAN_EQ(d, quote(d, 0)->start, quote(d, 0)->end, "Yes,");
  SPAN_EQ(d, quote(d, 1)->start, quote(d, 1)->end, "I will.");
  INT_EQ(quote(d, 0)->continues, DR_NONE);
  INT_EQ(quote(d, 1)->continues, 0);
  /* A new paragraph is a new quote; a long narration breaks the chain. */
  INT_EQ(quote(d, 2)->continues, DR_NONE);
  INT_EQ(quote(d, 3)->continues, DR_NONE);
  dr_doc_free(d);
  free(b);
}

static void test_multi_paragraph(void) {
  char *b;
  dr_doc *d = parse("\"It began long ago,\" he said, \"in a far land.\n\n"
                    "\"There the king lived.\n\n"
                    "\"And he died.\"\n\n"
                    "They were silent.\n\n"
                    "\"Well?\"",
                    &b);
  INT_EQ(dr_quote_count(d), 5);
  const dr_quote *q = quote(d, 1);
  SPAN_EQ(d, q->start, q->end, "in a far land.");
  INT_EQ(q->continues, 0);
  INT_EQ(q->flags, DR_QF_UNCLOSED); /* no closing mark: it goes on */
  INT_EQ(q->close_start, q->close_end);
  INT_EQ(q->close_start, q->end);
  q = quote(d, 2);
  SPAN_EQ(d, q->start, q->end, "There the king lived.");
  INT_EQ(q->flags, DR_QF_REOPENED | DR_QF_UNCLOSED);
  INT_EQ(q->continues, 1);
  INT_EQ(q->paragraph, 1);
  q = quote(d, 3);
  SPAN_EQ(d, q->start, q->end, "And he died.");
  INT_EQ(q->flags, DR_QF_REOPENED);
  INT_EQ(q->continues, 2);
  SPAN_EQ(d, q->close_start, q->close_end, "\"");
  q = quote(d, 4);
  INT_EQ(q->continues, DR_NONE);
  INT_EQ(q->flags, 0);
  dr_doc_free(d);
  free(b);
}

static void test_unclosed(void) {
  char *b;
  dr_doc *d = parse("“This never closes, he said.\n\n"
                    "The next paragraph is narration. “Here,” she said.\n\n"
                    "“Lost. “Found.”",
                    &b);
  INT_EQ(dr_quote_count(d), 4);
  const dr_quote *q = quote(d, 0);
  SPAN_EQ(d, q->start, q->end, "This never closes, he said.");
  INT_EQ(q->flags, DR_QF_UNCLOSED);
  INT_EQ(q->close_start, q->close_end);
  INT_EQ(q->paragraph, 0);
  q = quote(d, 1);
  SPAN_EQ(d, q->start, q->end, "Here,");
  INT_EQ(q->paragraph, 1);
  INT_EQ(q->flags, 0);
  /* An opener while one is open: the first lost its closing mark. */
  q = quote(d, 2);
  SPAN_EQ(d, q->start, q->end, "Lost.");
  INT_EQ(q->flags, DR_QF_UNCLOSED);
  q = quote(d, 3);
  SPAN_EQ(d, q->start, q->end, "Found.");
  INT_EQ(q->flags, 0);
  dr_doc_free(d);
  free(b);
}

static void test_terms(void) {
  char *b;
  dr_doc *d = parse("He did not believe in \"love\" at all, and she had read "
                    "a book called \"Evelina\" twice.\n\n"
                    "\"I love you,\" he said. Then he said \"Goodbye!\" and "
                    "left.",
                    &b);
  INT_EQ(dr_quoted_term_count(d), 2);
  const dr_quote *t = term(d, 0);
  SPAN_EQ(d, t->start, t->end, "love");
  SPAN_EQ(d, t->open_start, t->open_end, "\"");
  t = term(d, 1);
  SPAN_EQ(d, t->start, t->end, "Evelina");
  INT_EQ(dr_quote_count(d), 2);
  SPAN_EQ(d, quote(d, 0)->start, quote(d, 0)->end, "I love you,");
  SPAN_EQ(d, quote(d, 1)->start, quote(d, 1)->end, "Goodbye!");
  dr_doc_free(d);
  free(b);

  /* A letter set as an indented block is not speech. */
  d = parse("It ran as follows:\n\n     \"Dear Sir, I am well.\"\n\n"
            "\"Read it again,\" she said.",
            &b);
  INT_EQ(dr_quote_count(d), 1);
  INT_EQ(dr_quoted_term_count(d), 1);
  SPAN_EQ(d, term(d, 0)->start, term(d, 0)->end, "Dear Sir, I am well.");
  dr_doc_free(d);
  free(b);
}

/* Quotes in a note paragraph are not story quotes.  The structure stage
 * marks notes; here the paragraph kind is set by hand and the stage
 * re-run through its internal entry point. */
static void test_note_excluded(void) {
  char *b;
  dr_doc *d = parse("A/N: \"Thanks for reading,\" I say.\n\n"
                    "\"Hello,\" she said.",
                    &b);
  OK(d && d->n_paras == 2);
  if (!d || d->n_paras != 2) {
    dr_doc_free(d);
    free(b);
    return;
  }
  d->paras[0].kind = DR_PARA_NOTE;
  d->n_quotes = d->n_terms = 0;
  INT_EQ(drp_quotes(d), DR_OK);
  INT_EQ(dr_quote_count(d), 1);
  SPAN_EQ(d, quote(d, 0)->start, quote(d, 0)->end, "Hello,");
  INT_EQ(quote(d, 0)->paragraph, 1);
  check_invariants(d);
  dr_doc_free(d);
  free(b);
}

/* Pathological inputs never read out of bounds and give bounded output
 * (at most one quote per two marks).  That the work is linear is checked
 * by counting instructions at 1x, 4x and 16x (tests/cli/test_linear.py),
 * not by timing here. */
static void test_pathological(void) {
  static const char *const units[] = {"\"", "“", "‘", "«", "“a ‘b "};
  for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
    size_t ul = strlen(units[u]), n = 250000;
    char *s = malloc(ul * n);
    if (!s)
      return;
    for (size_t i = 0; i < n; i++)
      memcpy(s + i * ul, units[u], ul);
    dr_doc *d = NULL;
    dr_status st = dr_doc_parse(s, ul * n, NULL, &d);
    INT_EQ(st, DR_OK);
    OK(dr_quote_count(d) + dr_quoted_term_count(d) <= n);
    if (d)
      check_invariants(d);
    dr_doc_free(d);
    free(s);
  }
  /* A lone mark is no quote; an opener at the very end of the text is
   * closed there; an empty document has none. */
  char *b;
  dr_doc *d = parse("\"", &b);
  INT_EQ(dr_quote_count(d), 0);
  dr_doc_free(d);
  free(b);
  d = parse("\"x", &b);
  INT_EQ(dr_quote_count(d), 1);
  INT_EQ(quote(d, 0)->flags, DR_QF_UNCLOSED);
  SPAN_EQ(d, quote(d, 0)->start, quote(d, 0)->end, "x");
  dr_doc_free(d);
  free(b);
  d = parse("", &b);
  INT_EQ(dr_quote_count(d), 0);
  dr_doc_free(d);
  free(b);
  /* A truncated UTF-8 mark at the end, analysed lossily. */
  const char trunc[] = "\"a\" \xE2\x80";
  char *e = exact_copy(trunc, sizeof trunc - 1);
  dr_options o;
  memset(&o, 0, sizeof o);
  o.flags = DR_OPT_LOSSY;
  d = NULL;
  INT_EQ(dr_doc_parse(e, sizeof trunc - 1, &o, &d), DR_OK);
  INT_EQ(dr_quote_count(d), 1);
  dr_doc_free(d);
  free(e);
}

int main(void) {
  test_straight();
  test_curly();
  test_british_single();
  test_ascii_single();
  test_apostrophes_in_double_text();
  test_guillemets();
  test_low9();
  test_nested();
  test_interrupted();
  test_multi_paragraph();
  test_unclosed();
  test_terms();
  test_note_excluded();
  test_pathological();
  DONE();
}
