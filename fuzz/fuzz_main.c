/*
 * fuzz_main.c -- replays files through a libFuzzer harness without
 * libFuzzer, so the seed corpus and every crash found run as ordinary
 * tests (and under ASan in CI).
 *
 *   fuzz_replay FILE_OR_DIR...
 *
 * Each file is fed whole, then (as a second mode) with each of the option
 * bytes 0..7 prepended, so every option path sees every seed.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t n_files;

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "fuzz_replay: %s:0: cannot open\n", path);
    return 1;
  }
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap + 1);
  size_t k;
  while (buf && (k = fread(buf + 1 + n, 1, cap - n, f)) > 0) {
    n += k;
    if (n == cap) {
      uint8_t *nb = realloc(buf, (cap *= 2) + 1);
      if (!nb) {
        free(buf);
        buf = NULL;
      }
      buf = nb;
    }
  }
  fclose(f);
  if (!buf)
    return 1;
  LLVMFuzzerTestOneInput(buf + 1, n);
  for (int mode = 0; mode < 8; mode++) {
    buf[0] = (uint8_t)mode;
    LLVMFuzzerTestOneInput(buf, n + 1);
  }
  free(buf);
  n_files++;
  return 0;
}

static int replay(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "fuzz_replay: %s:0: not found\n", path);
    return 1;
  }
  if (!S_ISDIR(st.st_mode))
    return replay_file(path);
  DIR *dir = opendir(path);
  if (!dir)
    return 1;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(dir))) {
    if (e->d_name[0] == '.')
      continue;
    size_t len = strlen(path) + strlen(e->d_name) + 2;
    char *p = malloc(len);
    if (!p)
      return 1;
    snprintf(p, len, "%s/%s", path, e->d_name);
    rc |= replay(p);
    free(p);
  }
  closedir(dir);
  return rc;
}

int main(int argc, char **argv) {
  int rc = 0;
  for (int i = 1; i < argc; i++)
    rc |= replay(argv[i]);
  printf("%zu passed, %d failed\n", n_files, rc);
  return rc;
}
