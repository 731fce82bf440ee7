/*
 * bench.c -- PLACEHOLDER benchmark.
 */
#include "internal.h"

#include <stdio.h>

int main(void) {
  puts("bench: not yet");
  return 0;
}
