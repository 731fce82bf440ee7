/*
 * fuzz_model.c -- libFuzzer harness for model loading (drp_model_from_memory)
 * and, when a model loads, for tagging with it.
 *
 * The input is a model file.  It is copied into an aligned buffer of its
 * exact size; a file that validates is then used to tag a fixed sentence,
 * so a header that lies about its sizes would be caught reading out of
 * bounds by ASan.  Every rejected file must come back with a message.
 */
#include "tagger.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  void *mem = malloc(size ? size : 1);
  if (!mem)
    return 0;
  memcpy(mem, data, size);
  drp_model *m = NULL;
  char err[256] = "";
  dr_status st = drp_model_from_memory(mem, size, &m, err, sizeof err);
  if (st != DR_OK) {
    if (m != NULL || err[0] == '\0')
      abort();
  } else {
    static const char *const words[] = {"Mr.", "Darcy", "smiled", "at",
                                        "Elizabeth", "."};
    drp_tspan toks[6];
    for (int i = 0; i < 6; i++) {
      toks[i].s = words[i];
      toks[i].len = strlen(words[i]);
    }
    uint8_t tags[6];
    drp_tag_scratch sc;
    memset(&sc, 0, sizeof sc);
    if (drp_tagger_tag(m, toks, 6, tags, &sc) == DR_OK)
      for (int i = 0; i < 6; i++)
        if (tags[i] >= drp_model_n_classes(m))
          abort();
    drp_tag_scratch_free(&sc);
    drp_model_free(m);
  }
  free(mem);
  return 0;
}
