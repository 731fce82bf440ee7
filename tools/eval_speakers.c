/*
 * eval_speakers.c -- `dramatis eval speakers`.  PLACEHOLDER.
 */
#include "cli.h"

#include <stdio.h>

int cli_eval_speakers(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "dramatis: eval speakers: not implemented yet\n");
  return EXIT_USAGE;
}
