/*
 * eval_tagger.c -- `dramatis eval pos` and `dramatis eval ner`.
 * PLACEHOLDER.
 */
#include "cli.h"

#include <stdio.h>

int cli_eval_pos(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "dramatis: eval pos: not implemented yet\n");
  return EXIT_USAGE;
}

int cli_eval_ner(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "dramatis: eval ner: not implemented yet\n");
  return EXIT_USAGE;
}
