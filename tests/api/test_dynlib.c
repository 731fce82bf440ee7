/*
 * test_dynlib.c -- libxml2 and libzip are loaded only when a document
 * needs them (src/dynlib.c): plain text never loads them, HTML loads
 * libxml2, an EPUB libzip too, and a second HTML document reuses them.
 */
#define _GNU_SOURCE /* RTLD_NOLOAD */
#include "harness.h"

#include <dlfcn.h>

static int loaded(const char *lib) {
  void *h = dlopen(lib, RTLD_NOW | RTLD_NOLOAD);
  if (h)
    dlclose(h);
  return h != NULL;
}

static dr_status parse(const char *s) {
  dr_doc *d = NULL;
  dr_status st = dr_doc_parse(s, strlen(s), NULL, &d);
  if (st == DR_OK)
    OK(dr_quote_count(d) == 1);
  dr_doc_free(d);
  return st;
}

int main(void) {
  /* Nothing loads them at start-up. */
  OK(!loaded("libxml2.so.2"));
  OK(!loaded("libzip.so.4"));
  INT_EQ(parse("\"Hello,\" said Jane.\n"), DR_OK);
  OK(!loaded("libxml2.so.2"));
  OK(!loaded("libzip.so.4"));
  /* HTML loads libxml2 (and keeps it for the next document). */
  const char *html = "<!DOCTYPE html><html><body><p>&#8220;Hello,&#8221; "
                     "said Jane.</p></body></html>";
  INT_EQ(parse(html), DR_OK);
  OK(loaded("libxml2.so.2"));
  OK(!loaded("libzip.so.4"));
  INT_EQ(parse(html), DR_OK);
  OK(loaded("libxml2.so.2"));
  /* A zip that is not an EPUB opens libzip to look inside, then is
   * refused as binary. */
  static const char zip[] = "PK\3\4\24\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                            "\0\0\0\0\1\0\0\0x";
  dr_doc *d = NULL;
  dr_status st = dr_doc_parse(zip, sizeof zip - 1, NULL, &d);
  OK(st != DR_OK);
  dr_doc_free(d);
  OK(loaded("libzip.so.4"));
  DONE();
}
