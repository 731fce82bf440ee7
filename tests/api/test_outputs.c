/*
 * test_outputs.c -- the report, table and graph writers through the C API:
 * arguments, determinism, escaping, empty documents, and out-of-memory
 * (every buffer growth failed in turn returns DR_ENOMEM cleanly; ASan
 * reports any leak or overrun).
 */
#include "harness.h"

typedef dr_status (*writer)(const dr_doc *, unsigned, dr_buf *);

static dr_status w_tokens(const dr_doc *d, unsigned f, dr_buf *b) {
  (void)f;
  return dr_doc_write_booknlp(d, DR_BOOKNLP_TOKENS, b);
}
static dr_status w_entities(const dr_doc *d, unsigned f, dr_buf *b) {
  (void)f;
  return dr_doc_write_booknlp(d, DR_BOOKNLP_ENTITIES, b);
}
static dr_status w_quotes(const dr_doc *d, unsigned f, dr_buf *b) {
  (void)f;
  return dr_doc_write_booknlp(d, DR_BOOKNLP_QUOTES, b);
}

static const struct {
  const char *name;
  writer w;
} WRITERS[] = {{"html", dr_doc_write_html},
               {"csv", dr_doc_write_csv},
               {"graphml", dr_doc_write_graphml},
               {"gexf", dr_doc_write_gexf},
               {"tokens", w_tokens},
               {"entities", w_entities},
               {"quotes", w_quotes}};
#define N_WRITERS (sizeof WRITERS / sizeof WRITERS[0])

static const char STORY[] = "Title: Fish & <Chips>\n\nChapter 1\n\n"
                            "\"Is it <b>hot</b> & salty?\" Anna asked Ben.\n\n"
                            "\"Very,\" said Ben. \"Eat it, Anna.\"\n\n"
                            "\"Thank you, Ben,\" Anna said.\n\n"
                            "Ben laughed. \"Anna, you're welcome.\"\n";

static void test_args(dr_doc *d) {
  dr_buf *b = dr_buf_new(NULL);
  for (size_t i = 0; i < N_WRITERS; i++) {
    INT_EQ(WRITERS[i].w(NULL, 0, b), DR_EINVAL);
    INT_EQ(WRITERS[i].w(d, 0, NULL), DR_EINVAL);
  }
  INT_EQ(dr_doc_write_booknlp(d, (dr_booknlp_part)7, b), DR_EINVAL);
  size_t n;
  dr_buf_data(b, &n);
  INT_EQ(n, 0);
  dr_buf_free(b);
}

static void test_deterministic_and_escaped(dr_doc *d) {
  for (size_t i = 0; i < N_WRITERS; i++) {
    dr_buf *a = dr_buf_new(NULL), *b = dr_buf_new(NULL);
    INT_EQ(WRITERS[i].w(d, 0, a), DR_OK);
    INT_EQ(WRITERS[i].w(d, 0, b), DR_OK);
    size_t na, nb;
    const char *da = dr_buf_data(a, &na), *db = dr_buf_data(b, &nb);
    OK(na > 0 && na == nb && memcmp(da, db, na) == 0);
    if (strcmp(WRITERS[i].name, "html") == 0 ||
        strcmp(WRITERS[i].name, "graphml") == 0 ||
        strcmp(WRITERS[i].name, "gexf") == 0) {
      OK(strstr(da, "<b>hot") == NULL);
      OK(strstr(da, "<Chips>") == NULL);
    }
    if (strcmp(WRITERS[i].name, "html") == 0) {
      OK(strstr(da, "&lt;b&gt;hot&lt;/b&gt; &amp; salty?") != NULL);
      OK(strstr(da, "<title>Fish &amp; &lt;Chips&gt;") != NULL);
    }
    dr_buf_free(a);
    dr_buf_free(b);
  }
}

static void test_empty(void) {
  dr_doc *d = NULL;
  INT_EQ(dr_doc_parse("", 0, NULL, &d), DR_OK);
  for (size_t i = 0; i < N_WRITERS; i++) {
    dr_buf *b = dr_buf_new(NULL);
    INT_EQ(WRITERS[i].w(d, 0, b), DR_OK);
    dr_buf_free(b);
  }
  dr_doc_free(d);
}

static void test_enomem(dr_doc *d) {
  for (size_t i = 0; i < N_WRITERS; i++) {
    int succeeded = 0;
    for (int k = 0; k < 100 && !succeeded; k++) {
      h_fail_ctx c = {k};
      dr_allocator al = h_fail_allocator(&c);
      dr_buf *b = dr_buf_new(&al);
      if (!b)
        continue;
      dr_status st = WRITERS[i].w(d, 0, b);
      if (st == DR_OK)
        succeeded = 1;
      else
        INT_EQ(st, DR_ENOMEM);
      /* A failed buffer stays failed: writing again reports it. */
      if (st != DR_OK)
        INT_EQ(WRITERS[i].w(d, 0, b), DR_ENOMEM);
      dr_buf_free(b);
    }
    OK(succeeded);
  }
}

int main(void) {
  char *buf;
  dr_doc *d = parse_str(STORY, &buf);
  OK(d != NULL);
  if (d) {
    OK(dr_character_count(d) >= 2);
    test_args(d);
    test_deterministic_and_escaped(d);
    test_enomem(d);
  }
  test_empty();
  dr_doc_free(d);
  free(buf);
  DONE();
}
