/*
 * test_threads.c -- separate documents on separate threads.
 *
 * Eight threads each analyse every input (a sample story, a CRLF copy with
 * a BOM, and text with every kind of mark) many times and write JSON; each
 * result must equal the one made on the main thread.  Under
 * ThreadSanitizer (make tsan) this also proves the library keeps no shared
 * mutable state.
 */
#include "harness.h"

#include <pthread.h>

#define N_THREADS 8
#define ROUNDS 20
#define N_INPUTS 3

static char *inputs[N_INPUTS];
static size_t lens[N_INPUTS];
static char *expected[N_INPUTS];

/* Returns a malloc'd copy of the document's JSON, or NULL. */
static char *analyse(const char *text, size_t len) {
  dr_doc *d = NULL;
  if (dr_doc_parse(text, len, NULL, &d) != DR_OK) {
    dr_doc_free(d);
    return NULL;
  }
  dr_buf *b = dr_buf_new(NULL);
  char *out = NULL;
  if (b && dr_doc_write_json(d, DR_JSON_MENTIONS, b) == DR_OK) {
    size_t n;
    const char *j = dr_buf_data(b, &n);
    out = malloc(n + 1);
    if (out)
      memcpy(out, j, n + 1);
  }
  dr_buf_free(b);
  dr_doc_free(d);
  return out;
}

static void *worker(void *arg) {
  long *mismatches = arg;
  for (int r = 0; r < ROUNDS; r++) {
    for (int i = 0; i < N_INPUTS; i++) {
      char *j = analyse(inputs[i], lens[i]);
      if (!j || strcmp(j, expected[i]) != 0)
        (*mismatches)++;
      free(j);
    }
  }
  return NULL;
}

int main(void) {
  inputs[0] = h_read_file("samples/lanterns.txt", &lens[0]);
  OK(inputs[0] != NULL);
  if (!inputs[0])
    DONE();
  /* A CRLF copy with a BOM. */
  inputs[1] = malloc(lens[0] * 2 + 3);
  memcpy(inputs[1], "\xEF\xBB\xBF", 3);
  size_t k = 3;
  for (size_t i = 0; i < lens[0]; i++) {
    if (inputs[0][i] == '\n')
      inputs[1][k++] = '\r';
    inputs[1][k++] = inputs[0][i];
  }
  lens[1] = k;
  const char *marks = "A/N: OOC!\n\nChapter 1\n\n\xE2\x80\x9CYes,\xE2\x80\x9D "
                      "he said, \xE2\x80\x98no\xE2\x80\x99 \xC2\xABoui\xC2\xBB"
                      " \"she said 'Go!' twice\"\n\n* * *\n\n\"Unclosed\n";
  lens[2] = strlen(marks);
  inputs[2] = exact_copy(marks, lens[2]);
  for (int i = 0; i < N_INPUTS; i++) {
    expected[i] = analyse(inputs[i], lens[i]);
    OK(expected[i] != NULL);
  }

  pthread_t th[N_THREADS];
  long mismatches[N_THREADS];
  for (int t = 0; t < N_THREADS; t++) {
    mismatches[t] = 0;
    OK(pthread_create(&th[t], NULL, worker, &mismatches[t]) == 0);
  }
  for (int t = 0; t < N_THREADS; t++) {
    pthread_join(th[t], NULL);
    INT_EQ(mismatches[t], 0);
  }
  for (int i = 0; i < N_INPUTS; i++) {
    free(inputs[i]);
    free(expected[i]);
  }
  DONE();
}
