/*
 * eval.c -- `dramatis eval`.  PLACEHOLDER.
 */
#include "cli.h"

#include <stdio.h>

int cli_eval(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "dramatis: eval: not implemented yet\n");
  return EXIT_USAGE;
}
