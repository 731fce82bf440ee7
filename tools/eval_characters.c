/*
 * eval_characters.c -- `dramatis eval characters`.  PLACEHOLDER.
 */
#include "cli.h"

#include <stdio.h>

int cli_eval_characters(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "dramatis: eval characters: not implemented yet\n");
  return EXIT_USAGE;
}
