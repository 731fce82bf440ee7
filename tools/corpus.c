/*
 * corpus.c -- `dramatis corpus`: analyse many files into one SQLite
 * database, and combine databases analysed elsewhere.
 *
 *   dramatis corpus add [-j N] [--shard I/N] [--force] [--quiet]
 *                       [--progress=auto|bar|json|none] [--files-from LIST]
 *                       [input options] DB PATH...
 *
 * Input options are those of `analyze`: --input-format, --encoding,
 * --lossy, --allow-binary, --max-bytes, --min-mentions, --cast (parsed by
 * cli_input_option, shared with analyze).
 *   dramatis corpus merge [--quiet] OUT.db SHARD.db...
 *   dramatis corpus stats DB
 *   dramatis corpus query DB SQL
 *
 * `add` works in phases:
 *
 * 1. Collect.  Each PATH that is a directory is walked recursively (hidden
 *    entries and symbolic links to directories are skipped) for files named
 *    *.txt, *.html, *.htm, *.xhtml or *.epub (any case); other PATHs are
 *    taken as given, whatever their name.  --files-from LIST adds the
 *    paths in LIST, one a line ("-": standard input), for lists too long
 *    for a command line.  The list is sorted and made
 *    unique, so every run (and every shard) sees the same list.  Files
 *    are handed to workers largest first, so that no worker is left alone
 *    with a long novel at the end (the stored rows do not depend on the
 *    order).
 * 2. Load what the database already holds: path, content hash, status.
 * 3. Analyse on N worker threads (default: the online processors).  A
 *    worker claims the next file, reads it whole (cli_read_file), hashes
 *    its bytes (FNV-1a 64), and skips it when it belongs to another shard
 *    (--shard I/N: shard = mix(hash) mod N) or when the database holds the
 *    same path with the same hash analysed without error (so a rerun
 *    resumes an interrupted one; --force re-analyses).  Otherwise it
 *    analyses the document with the same options as `analyze`.
 * 4. Store.  The worker then takes the database mutex and writes the
 *    document (or its error) in one transaction (corpus_db.c), updates the
 *    counters and the progress display, and frees the document: at most
 *    one document per worker is in memory.  Analysis runs in parallel;
 *    writes are serialised on one connection, which is what SQLite wants.
 *
 * A file that cannot be read or is not valid text is reported on stderr
 * ("dramatis: FILE:BYTE: message"), stored as an error row, and the run
 * goes on; the exit code is the worst failure's (cli.h).  A database write
 * failure stops the run (exit 4) without losing what was committed.
 * A file that cannot be read has no content hash, so with --shard it
 * belongs to the shard of its path's hash (one shard reports it).
 *
 * Workers never print through cli_parse: its message is needed for the
 * error row, and lines from several threads must not interleave, so the
 * worker calls dr_doc_parse itself (the same call cli_parse makes) and
 * prints under flockfile(stderr).
 */
#include "cli.h"
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* More threads than this buys nothing: writes are serialised. */
#define MAX_JOBS 256

/* Progress display when stderr is not a terminal: a line this often. */
#define PLAIN_PROGRESS_SECONDS 10.0
/* Terminal progress bar refresh. */
#define BAR_SECONDS 0.2

typedef enum {
  PROG_AUTO, /* bar on a terminal, else an occasional line */
  PROG_BAR,
  PROG_JSON, /* one JSON line per file */
  PROG_NONE  /* --quiet: errors only */
} progress_mode;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------------------ */
/* Collecting files                                                          */
/* ------------------------------------------------------------------------ */

typedef struct {
  char **v;
  size_t n, cap;
} strvec;

static void strvec_free(strvec *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->v[i]);
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

/* Appends p (taking ownership); -1 when out of memory (p freed). */
static int strvec_push(strvec *s, char *p) {
  if (!p)
    return -1;
  if (s->n == s->cap) {
    size_t nc = s->cap ? s->cap + s->cap / 2 : 64;
    char **nv = realloc(s->v, nc * sizeof *nv);
    if (!nv) {
      free(p);
      return -1;
    }
    s->v = nv;
    s->cap = nc;
  }
  s->v[s->n++] = p;
  return 0;
}

static char *join_path(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  bool slash = a > 0 && dir[a - 1] == '/';
  char *p = malloc(a + b + 2);
  if (p) {
    memcpy(p, dir, a);
    if (!slash)
      p[a++] = '/';
    memcpy(p + a, name, b + 1);
  }
  return p;
}

static bool wanted_name(const char *name) {
  static const char *const exts[] = {".txt", ".html", ".htm", ".xhtml",
                                     ".epub"};
  const char *dot = strrchr(name, '.');
  if (!dot || dot == name)
    return false;
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
    const char *e = exts[i];
    size_t k = 0;
    while (e[k] && dot[k] &&
           (dot[k] == e[k] || (dot[k] >= 'A' && dot[k] <= 'Z' &&
                               dot[k] - 'A' + 'a' == e[k])))
      k++;
    if (!e[k] && !dot[k])
      return true;
  }
  return false;
}

/* Walks dir recursively.  Returns EXIT_OK, or the exit code of the worst
 * failure (an unreadable directory is reported and skipped). */
static int walk(const char *dir, strvec *out) {
  DIR *dh = opendir(dir);
  if (!dh) {
    cli_error(dir, 0, "%s", strerror(errno));
    return EXIT_IO;
  }
  int worst = EXIT_OK;
  struct dirent *e;
  while ((e = readdir(dh)) != NULL) {
    if (e->d_name[0] == '.')
      continue; /* ., .., hidden files and folders */
    char *p = join_path(dir, e->d_name);
    struct stat st;
    if (!p) {
      worst = EXIT_LIMIT;
      break;
    }
    if (lstat(p, &st) != 0) {
      cli_error(p, 0, "%s", strerror(errno));
      worst = EXIT_IO;
      free(p);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      int rc = walk(p, out);
      if (rc > worst)
        worst = rc;
      free(p);
      continue;
    }
    /* A link to a file is followed; a link to a folder is not (loops). */
    if (S_ISLNK(st.st_mode) && (stat(p, &st) != 0 || !S_ISREG(st.st_mode))) {
      free(p);
      continue;
    }
    if (!S_ISREG(st.st_mode) || !wanted_name(e->d_name)) {
      free(p);
      continue;
    }
    if (strvec_push(out, p) != 0) {
      worst = EXIT_LIMIT;
      break;
    }
  }
  closedir(dh);
  if (worst == EXIT_LIMIT)
    cli_error(dir, 0, "out of memory");
  return worst;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* File sizes for the largest-first order (0 when stat fails). */
typedef struct {
  size_t index;
  unsigned long long size;
} sized;

static int cmp_sized(const void *a, const void *b) {
  const sized *x = a, *y = b;
  if (x->size != y->size)
    return x->size > y->size ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* The order in which workers take files: largest first.  NULL when out
 * of memory. */
static size_t *largest_first(char **paths, size_t n) {
  sized *v = malloc((n ? n : 1) * sizeof *v);
  size_t *order = malloc((n ? n : 1) * sizeof *order);
  if (!v || !order) {
    free(v);
    free(order);
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    v[i].index = i;
    v[i].size = stat(paths[i], &st) == 0 ? (unsigned long long)st.st_size : 0;
  }
  qsort(v, n, sizeof *v, cmp_sized);
  for (size_t i = 0; i < n; i++)
    order[i] = v[i].index;
  free(v);
  return order;
}

/* Appends the lines of the file list (empty lines skipped, a final CR
 * dropped) to out. */
static int read_list(const char *list, strvec *out) {
  cli_file f;
  int rc = cli_read_file(list, DR_HARD_MAX_BYTES, &f);
  if (rc != EXIT_OK)
    return rc;
  const char *s = f.data, *end = f.data + f.len;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl : end;
    size_t n = (size_t)(le - s);
    if (n && s[n - 1] == '\r')
      n--;
    if (n) {
      char *p = malloc(n + 1);
      if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
      }
      if (strvec_push(out, p) != 0) {
        cli_file_free(&f);
        cli_error(list, (size_t)(s - f.data), "out of memory");
        return EXIT_LIMIT;
      }
    }
    s = nl ? nl + 1 : end;
  }
  cli_file_free(&f);
  return EXIT_OK;
}

/* Collects the files of paths[0, n) into out, sorted and unique. */
static int collect(char **paths, size_t n, strvec *out) {
  int worst = EXIT_OK;
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    int rc = EXIT_OK;
    if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
      rc = walk(paths[i], out);
    else if (strvec_push(out, strdup(paths[i])) != 0)
      rc = EXIT_LIMIT; /* a missing file is reported when it is read */
    if (rc == EXIT_LIMIT) {
      cli_error(paths[i], 0, "out of memory");
      return rc;
    }
    if (rc > worst)
      worst = rc;
  }
  if (out->n)
    qsort(out->v, out->n, sizeof *out->v, cmp_str);
  size_t k = 0;
  for (size_t i = 0; i < out->n; i++) {
    if (k && strcmp(out->v[k - 1], out->v[i]) == 0)
      free(out->v[i]);
    else
      out->v[k++] = out->v[i];
  }
  out->n = k;
  return worst;
}

/* ------------------------------------------------------------------------ */
/* The run                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum { R_ADDED, R_UNCHANGED, R_OTHER_SHARD, R_FAILED } result;

typedef struct {
  /* Fixed before the workers start; read-only while they run. */
  const char *db_path;
  char **paths;   /* sorted by name */
  size_t *order;  /* indexes into paths, largest file first */
  size_t n;
  const cdb_known *known;
  size_t n_known;
  unsigned shard_i, shard_n; /* shard_n 0: no sharding */
  bool force;
  progress_mode progress;
  dr_options opt; /* source is set per document */
  size_t max_bytes;
  double t0;

  /* Guarded by claim_mu, a lock of its own so that claiming the next file
   * never waits for a database write. */
  pthread_mutex_t claim_mu;
  size_t next; /* next file to claim */
  bool halt;   /* claim no more (set with stop) */

  /* Guarded by mu (taken before claim_mu when both are held). */
  pthread_mutex_t mu;
  cdb *db;
  size_t done, added, unchanged, other, failed;
  unsigned long long words, bytes;
  int worst;   /* worst exit code so far */
  bool stop;   /* a database write failed: claim no more files */
  double last; /* time of the last progress display */
} run;

/* Clears the terminal progress bar before a message (stderr locked). */
static void clear_bar(const run *r) {
  if (r->progress == PROG_BAR)
    fputs("\r\033[K", stderr);
}

static void put_json_string(const char *s, FILE *out) {
  fputc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(out, "\\%c", *p);
    else if (*p < 0x20)
      fprintf(out, "\\u%04x", *p);
    else
      fputc(*p, out);
  }
  fputc('"', out);
}

static void format_rate(double v, char *buf, size_t n) {
  if (v >= 1e6)
    snprintf(buf, n, "%.1fM", v / 1e6);
  else if (v >= 1e3)
    snprintf(buf, n, "%.1fk", v / 1e3);
  else
    snprintf(buf, n, "%.0f", v);
}

/* Shows progress after a file (r->mu held). */
static void progress(run *r, const char *path, result res, size_t words,
                     double seconds, double store_seconds) {
  static const char *const names[] = {"added", "unchanged", "other_shard",
                                      "failed"};
  double t = now();
  if (r->progress == PROG_NONE)
    return;
  flockfile(stderr);
  if (r->progress == PROG_JSON) {
    fputs("{\"path\": ", stderr);
    put_json_string(path, stderr);
    fprintf(stderr,
            ", \"status\": \"%s\", \"words\": %zu, \"seconds\": %.4f, "
            "\"store_seconds\": %.4f, \"done\": %zu, \"total\": %zu}\n",
            names[res], words, seconds, store_seconds, r->done, r->n);
  } else {
    bool bar = r->progress == PROG_BAR;
    double gap = bar ? BAR_SECONDS : PLAIN_PROGRESS_SECONDS;
    if (t - r->last >= gap || (bar && r->done == r->n)) {
      double el = t - r->t0 > 1e-9 ? t - r->t0 : 1e-9;
      char rate[32];
      format_rate((double)r->words / el, rate, sizeof rate);
      double eta = r->done ? el * (double)(r->n - r->done) / (double)r->done
                           : 0.0;
      char meter[23] = "";
      if (bar) {
        size_t fill = r->n ? r->done * 20 / r->n : 20;
        meter[0] = '[';
        for (size_t k = 0; k < 20; k++)
          meter[k + 1] = k < fill ? '#' : '-';
        meter[21] = ']';
        meter[22] = '\0';
      }
      fprintf(stderr,
              "%scorpus: %s%s%zu/%zu files, %s words/s, ETA %d:%02d%s",
              bar ? "\r" : "", meter, bar ? " " : "", r->done, r->n, rate,
              (int)(eta / 60), (int)eta % 60, bar ? "\033[K" : "\n");
      r->last = t;
    }
  }
  funlockfile(stderr);
}

static const cdb_known *find_known(const run *r, const char *path) {
  size_t lo = 0, hi = r->n_known;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(r->known[mid].path, path);
    if (c == 0)
      return &r->known[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* Whether path can be opened and is within the size limit, printing
 * nothing: a worker of another shard skips an unreadable file quietly. */
static bool readable(const char *path, size_t max) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return false;
  struct stat st;
  bool ok = fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode) &&
            (!S_ISREG(st.st_mode) || (unsigned long long)st.st_size <= max);
  close(fd);
  return ok;
}

/* The message stored for a file cli_read_file refused (it printed the
 * exact one). */
static void read_error_text(const char *path, int rc, size_t max, char *buf,
                            size_t n) {
  struct stat st;
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    snprintf(buf, n, "%s", strerror(errno));
    return;
  }
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
    snprintf(buf, n, "is a directory");
  else if (rc == EXIT_LIMIT && fstat(fd, &st) == 0 &&
           (unsigned long long)st.st_size > max)
    snprintf(buf, n, "file is %lld bytes, over the limit of %zu bytes",
             (long long)st.st_size, max);
  else if (rc == EXIT_LIMIT)
    snprintf(buf, n, "out of memory");
  else
    snprintf(buf, n, "could not be read");
  close(fd);
}

/* Records a finished file (r->mu held).  store_rc is the database
 * write's result. */
static void account(run *r, const char *path, result res, int exit_code,
                    size_t words, size_t bytes, double seconds,
                    double store_seconds, int store_rc) {
  if (store_rc != 0) {
    flockfile(stderr);
    clear_bar(r);
    cli_error(r->db_path, 0, "storing %s: %s", path, cdb_errmsg(r->db));
    funlockfile(stderr);
    if (EXIT_IO > r->worst)
      r->worst = EXIT_IO;
    r->stop = true;
    pthread_mutex_lock(&r->claim_mu);
    r->halt = true;
    pthread_mutex_unlock(&r->claim_mu);
    return;
  }
  r->done++;
  switch (res) {
  case R_ADDED:
    r->added++;
    r->words += words;
    r->bytes += bytes;
    break;
  case R_UNCHANGED:
    r->unchanged++;
    break;
  case R_OTHER_SHARD:
    r->other++;
    break;
  case R_FAILED:
    r->failed++;
    if (exit_code > r->worst)
      r->worst = exit_code;
    break;
  }
  progress(r, path, res, words, seconds, store_seconds);
}

static void process(run *r, const char *path) {
  bool own_path = r->shard_n == 0 ||
                  cdb_shard_of(cdb_hash(path, strlen(path)), r->shard_n) ==
                      r->shard_i;
  if (!own_path && !readable(path, r->max_bytes)) {
    pthread_mutex_lock(&r->mu);
    account(r, path, R_OTHER_SHARD, EXIT_OK, 0, 0, 0.0, 0.0, 0);
    pthread_mutex_unlock(&r->mu);
    return;
  }

  cli_file f;
  flockfile(stderr); /* cli_read_file's message comes out whole */
  if (r->progress == PROG_BAR && !readable(path, r->max_bytes))
    clear_bar(r); /* before the message, which the bar would overwrite */
  int rc = cli_read_file(path, r->max_bytes, &f);
  funlockfile(stderr);
  if (rc != EXIT_OK) {
    char msg[256];
    read_error_text(path, rc, r->max_bytes, msg, sizeof msg);
    pthread_mutex_lock(&r->mu);
    int src = r->stop ? 0 : cdb_store_error(r->db, path, false, 0, 0, msg, 0);
    account(r, path, R_FAILED, rc, 0, 0, 0.0, 0.0, src);
    pthread_mutex_unlock(&r->mu);
    return;
  }

  uint64_t h = cdb_hash(f.data, f.len);
  result res = R_ADDED;
  const cdb_known *k = find_known(r, path);
  if (r->shard_n && cdb_shard_of(h, r->shard_n) != r->shard_i)
    res = R_OTHER_SHARD;
  else if (!r->force && k && k->ok && k->hash == h)
    res = R_UNCHANGED;
  if (res != R_ADDED) {
    cli_file_free(&f);
    pthread_mutex_lock(&r->mu);
    account(r, path, res, EXIT_OK, 0, 0, 0.0, 0.0, 0);
    pthread_mutex_unlock(&r->mu);
    return;
  }

  dr_options o = r->opt;
  o.source = path;
  dr_doc *doc = NULL;
  double t = now();
  dr_status st = dr_doc_parse(f.data, f.len, &o, &doc);
  t = now() - t;

  pthread_mutex_lock(&r->mu);
  double ts = now();
  int src = 0;
  size_t words = 0;
  if (st != DR_OK) {
    size_t off = doc ? dr_doc_erroffset(doc) : 0;
    const char *msg = doc ? dr_doc_errmsg(doc) : dr_strerror(st);
    flockfile(stderr);
    clear_bar(r);
    cli_error(path, off, "%s", msg);
    funlockfile(stderr);
    if (!r->stop)
      src = cdb_store_error(r->db, path, true, h, f.len, msg, off);
    res = R_FAILED;
  } else {
    dr_doc_info info;
    dr_doc_get_info(doc, &info);
    words = info.words;
    if (!r->stop)
      src = cdb_store_doc(r->db, path, h, f.len, doc);
  }
  ts = now() - ts;
  account(r, path, res, cli_exit_for(st), words, f.len, t, ts, src);
  pthread_mutex_unlock(&r->mu);
  dr_doc_free(doc);
  cli_file_free(&f);
}

static void *worker(void *arg) {
  run *r = arg;
  for (;;) {
    pthread_mutex_lock(&r->claim_mu);
    size_t i = r->next;
    bool go = !r->halt && i < r->n;
    if (go)
      r->next++;
    pthread_mutex_unlock(&r->claim_mu);
    if (!go)
      break;
    process(r, r->paths[r->order[i]]);
  }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Commands                                                                  */
/* ------------------------------------------------------------------------ */

static const char corpus_usage[] =
    "usage: dramatis corpus add [-j N] [--shard I/N] [--force] [--quiet]\n"
    "                           [--progress=auto|bar|json|none]\n"
    "                           [--files-from LIST]\n"
    "                           [input options] DB PATH...\n"
    "       dramatis corpus merge [--quiet] OUT.db SHARD.db...\n"
    "       dramatis corpus stats DB\n"
    "       dramatis corpus query DB SQL\n"
    "\n"
    "add analyses files and folders (walked for .txt, .html, .htm, .xhtml,\n"
    ".epub) into the SQLite database DB, one transaction per document;\n"
    "rerun to resume: files already stored unchanged are skipped.\n"
    "  -j N              analysis threads (default: all processors)\n"
    "  --shard I/N       only files whose content hash is in shard I of N\n"
    "  --force           re-analyse files already stored\n"
    "  --files-from LIST also the paths in LIST, one a line ('-': stdin)\n"
    "  --progress=M      auto (a bar on a terminal), bar, json (a line per\n"
    "                    file), none\n"
    "  --quiet           errors only\n"
    "  input options     as for analyze: --input-format, --encoding,\n"
    "                    --lossy, --allow-binary, --max-bytes, --min-mentions,\n"
    "                    --cast\n"
    "merge copies shard databases into OUT.db (documents it holds already\n"
    "are kept); stats prints counts; query runs one read-only SQL\n"
    "statement and prints tab-separated rows.  Schema: README.md.\n";

static int parse_uint(const char *opt, const char *s, unsigned long lo,
                      unsigned long hi, unsigned long *out) {
  char *end;
  errno = 0;
  unsigned long v = s ? strtoul(s, &end, 10) : 0;
  if (!s || errno || end == s || *end || s[0] == '-' || v < lo || v > hi) {
    fprintf(stderr, "dramatis: %s: not a number from %lu to %lu: %s\n", opt,
            lo, hi, s ? s : "(missing)");
    return -1;
  }
  *out = v;
  return 0;
}

static int parse_shard(const char *s, unsigned *i, unsigned *n) {
  const char *slash = s ? strchr(s, '/') : NULL;
  char *end;
  unsigned long a, b;
  if (!slash)
    goto bad;
  errno = 0;
  a = strtoul(s, &end, 10);
  if (errno || end != slash || s[0] == '-' || slash[1] == '-')
    goto bad;
  b = strtoul(slash + 1, &end, 10);
  if (errno || *end || end == slash + 1 || b == 0 || b > 1000000 || a >= b)
    goto bad;
  *i = (unsigned)a;
  *n = (unsigned)b;
  return 0;
bad:
  fprintf(stderr, "dramatis: --shard: want I/N with 0 <= I < N, got %s\n",
          s ? s : "(missing)");
  return -1;
}

/* corpus add, with the input options parsed into *in. */
static int add(cli_input *in, int argc, char **argv) {
  unsigned long jobs = 0;
  unsigned shard_i = 0, shard_n = 0;
  bool force = false;
  progress_mode prog = PROG_AUTO;
  dr_options opt;
  memset(&opt, 0, sizeof opt);
  const char *files_from = NULL;
  int first = argc;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    int r = cli_input_option(in, argc, argv, &i);
    if (r < 0)
      return r == -1 ? EXIT_USAGE : -r;
    if (r > 0)
      continue;
    if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
      if (parse_uint("-j", next, 1, MAX_JOBS, &jobs))
        return EXIT_USAGE;
      i++;
    } else if (strncmp(a, "-j", 2) == 0 && a[2] >= '0' && a[2] <= '9') {
      if (parse_uint("-j", a + 2, 1, MAX_JOBS, &jobs))
        return EXIT_USAGE;
    } else if (strncmp(a, "--jobs=", 7) == 0) {
      if (parse_uint("--jobs", a + 7, 1, MAX_JOBS, &jobs))
        return EXIT_USAGE;
    } else if (strcmp(a, "--shard") == 0) {
      if (parse_shard(next, &shard_i, &shard_n))
        return EXIT_USAGE;
      i++;
    } else if (strncmp(a, "--shard=", 8) == 0) {
      if (parse_shard(a + 8, &shard_i, &shard_n))
        return EXIT_USAGE;
    } else if (strcmp(a, "--files-from") == 0 && next) {
      files_from = next;
      i++;
    } else if (strcmp(a, "--force") == 0) {
      force = true;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
      prog = PROG_NONE;
    } else if (strncmp(a, "--progress=", 11) == 0) {
      const char *m = a + 11;
      if (strcmp(m, "auto") == 0)
        prog = PROG_AUTO;
      else if (strcmp(m, "bar") == 0)
        prog = PROG_BAR;
      else if (strcmp(m, "json") == 0)
        prog = PROG_JSON;
      else if (strcmp(m, "none") == 0)
        prog = PROG_NONE;
      else {
        fprintf(stderr, "dramatis: --progress: auto, bar, json or none\n");
        return EXIT_USAGE;
      }
    } else if (strcmp(a, "--") == 0) {
      first = i + 1;
      break;
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "dramatis: corpus add: unknown option %s\n", a);
      return EXIT_USAGE;
    } else {
      first = i;
      break;
    }
  }
  if (argc - first < (files_from ? 1 : 2)) {
    fprintf(stderr, "dramatis: corpus add: need DB and at least one PATH\n%s",
            corpus_usage);
    return EXIT_USAGE;
  }
  const char *db_path = argv[first];
  if (prog == PROG_AUTO && isatty(STDERR_FILENO))
    prog = PROG_BAR;
  if (jobs == 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (unsigned long)n;
  }
  cli_input_apply(in, &opt);
  size_t max_bytes = in->max_bytes;

  char *err = NULL;
  cdb *db = cdb_open(db_path, &err);
  if (!db) {
    cli_error(db_path, 0, "%s", err ? err : "out of memory");
    free(err);
    return EXIT_IO;
  }
  strvec files = {NULL, 0, 0}, listed = {NULL, 0, 0};
  int worst = EXIT_OK;
  if (files_from && (worst = read_list(files_from, &listed)) != EXIT_OK) {
    strvec_free(&listed);
    cdb_close(db);
    return worst;
  }
  for (int i = first + 1; i < argc && worst == EXIT_OK; i++)
    if (strvec_push(&listed, strdup(argv[i])) != 0)
      worst = EXIT_LIMIT;
  if (worst == EXIT_OK)
    worst = collect(listed.v, listed.n, &files);
  strvec_free(&listed);
  if (worst == EXIT_LIMIT) {
    cli_error(db_path, 0, "out of memory");
    strvec_free(&files);
    cdb_close(db);
    return worst;
  }
  size_t *order = largest_first(files.v, files.n);
  if (!order) {
    cli_error(db_path, 0, "out of memory");
    strvec_free(&files);
    cdb_close(db);
    return EXIT_LIMIT;
  }
  cdb_known *known = NULL;
  size_t n_known = 0;
  if (cdb_load_known(db, &known, &n_known) != 0) {
    cli_error(db_path, 0, "%s", cdb_errmsg(db));
    free(order);
    strvec_free(&files);
    cdb_close(db);
    return EXIT_IO;
  }

  run r;
  memset(&r, 0, sizeof r);
  r.db_path = db_path;
  r.paths = files.v;
  r.order = order;
  r.n = files.n;
  r.known = known;
  r.n_known = n_known;
  r.shard_i = shard_i;
  r.shard_n = shard_n;
  r.force = force;
  r.progress = prog;
  r.opt = opt;
  r.max_bytes = max_bytes;
  r.db = db;
  r.worst = worst;
  r.t0 = r.last = now();
  pthread_mutex_init(&r.mu, NULL);
  pthread_mutex_init(&r.claim_mu, NULL);

  size_t nt = jobs < r.n ? jobs : r.n;
  pthread_t *th = calloc(nt ? nt : 1, sizeof *th);
  size_t started = 0;
  while (th && started < nt &&
         pthread_create(&th[started], NULL, worker, &r) == 0)
    started++;
  if (started == 0)
    worker(&r); /* no thread could start: work on this one */
  for (size_t i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  free(th);
  pthread_mutex_destroy(&r.mu);
  pthread_mutex_destroy(&r.claim_mu);

  double el = now() - r.t0;
  if (prog != PROG_NONE && prog != PROG_JSON) {
    char rate[32];
    format_rate(el > 0 ? (double)r.words / el : 0.0, rate, sizeof rate);
    if (prog == PROG_BAR)
      fputs("\r\033[K", stderr);
    fprintf(stderr,
            "corpus: %zu files: %zu added, %zu unchanged, %zu failed",
            r.n, r.added, r.unchanged, r.failed);
    if (shard_n)
      fprintf(stderr, ", %zu in other shards", r.other);
    fprintf(stderr, "; %llu words in %.3f s (%s words/s, %.1f documents/s, "
                    "%lu threads)\n",
            r.words, el, rate, el > 0 ? (double)r.added / el : 0.0,
            (unsigned long)(started ? started : 1));
  }
  if (r.stop)
    fprintf(stderr, "dramatis: corpus add: stopped after a database error; "
                    "rerun to finish\n");
  cdb_known_free(known, n_known);
  free(order);
  strvec_free(&files);
  cdb_close(db);
  return r.worst;
}

static bool same_file(const char *a, const char *b) {
  struct stat x, y;
  return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev &&
         x.st_ino == y.st_ino;
}

static int cmd_merge(int argc, char **argv) {
  bool quiet = false;
  int first = 0;
  while (first < argc && argv[first][0] == '-' && argv[first][1] != '\0') {
    if (strcmp(argv[first], "--quiet") == 0 ||
        strcmp(argv[first], "-q") == 0) {
      quiet = true;
      first++;
    } else if (strcmp(argv[first], "--") == 0) {
      first++;
      break;
    } else {
      fprintf(stderr, "dramatis: corpus merge: unknown option %s\n",
              argv[first]);
      return EXIT_USAGE;
    }
  }
  if (argc - first < 2) {
    fprintf(stderr, "dramatis: corpus merge: need OUT.db and at least one "
                    "SHARD.db\n%s",
            corpus_usage);
    return EXIT_USAGE;
  }
  const char *out = argv[first];
  char *err = NULL;
  cdb *db = cdb_open(out, &err);
  if (!db) {
    cli_error(out, 0, "%s", err ? err : "out of memory");
    free(err);
    return EXIT_IO;
  }
  int worst = EXIT_OK;
  for (int i = first + 1; i < argc; i++) {
    const char *shard = argv[i];
    size_t taken, kept;
    if (!cli_is_file(shard)) {
      cli_error(shard, 0, "%s", access(shard, F_OK) == 0
                                    ? "not a regular file"
                                    : strerror(ENOENT));
      worst = EXIT_IO;
      continue;
    }
    if (same_file(out, shard)) {
      cli_error(shard, 0, "is the output database");
      worst = EXIT_USAGE > worst ? EXIT_USAGE : worst;
      continue;
    }
    if (cdb_merge(db, shard, &taken, &kept) != 0) {
      cli_error(shard, 0, "%s", cdb_errmsg(db));
      worst = EXIT_IO;
      continue;
    }
    if (!quiet)
      fprintf(stderr, "corpus merge: %s: %zu documents merged, %zu already "
                      "present\n",
              shard, taken, kept);
  }
  cdb_close(db);
  return worst;
}

/* Opens DB read-only for stats and query; prints the error. */
static cdb *open_ro(const char *path) {
  char *err = NULL;
  if (!cli_is_file(path)) {
    cli_error(path, 0, "%s", access(path, F_OK) == 0 ? "not a regular file"
                                                     : strerror(ENOENT));
    return NULL;
  }
  cdb *db = cdb_open_readonly(path, &err);
  if (!db) {
    cli_error(path, 0, "%s", err ? err : "out of memory");
    free(err);
  }
  return db;
}

static int finish_output(int rc) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    cli_error("-", 0, "write failed: %s", strerror(errno));
    return EXIT_IO;
  }
  return rc;
}

static int cmd_stats(int argc, char **argv) {
  if (argc != 1 || argv[0][0] == '-') {
    fprintf(stderr, "dramatis: corpus stats: takes one DB\n%s",
            corpus_usage);
    return EXIT_USAGE;
  }
  cdb *db = open_ro(argv[0]);
  if (!db)
    return EXIT_IO;
  int rc = EXIT_OK;
  if (cdb_print_stats(db, stdout) != 0) {
    cli_error(argv[0], 0, "%s", cdb_errmsg(db));
    rc = EXIT_IO;
  }
  cdb_close(db);
  return finish_output(rc);
}

static int cmd_query(int argc, char **argv) {
  if (argc != 2 || argv[0][0] == '-') {
    fprintf(stderr, "dramatis: corpus query: takes DB and one SQL "
                    "statement\n%s",
            corpus_usage);
    return EXIT_USAGE;
  }
  cdb *db = open_ro(argv[0]);
  if (!db)
    return EXIT_IO;
  int rc = EXIT_OK;
  if (cdb_print_query(db, argv[1], stdout) != 0) {
    cli_error(argv[0], 0, "%s", cdb_errmsg(db));
    rc = EXIT_FAIL;
  }
  cdb_close(db);
  return finish_output(rc);
}

static int cmd_add(int argc, char **argv) {
  cli_input in;
  cli_input_init(&in);
  int rc = add(&in, argc, argv);
  cli_input_free(&in);
  return rc;
}

int cli_corpus(int argc, char **argv) {
  if (argc < 1) {
    fputs(corpus_usage, stderr);
    return EXIT_USAGE;
  }
  const char *what = argv[0];
  if (strcmp(what, "-h") == 0 || strcmp(what, "--help") == 0) {
    fputs(corpus_usage, stdout);
    return EXIT_OK;
  }
  if (strcmp(what, "add") == 0)
    return cmd_add(argc - 1, argv + 1);
  if (strcmp(what, "merge") == 0)
    return cmd_merge(argc - 1, argv + 1);
  if (strcmp(what, "stats") == 0)
    return cmd_stats(argc - 1, argv + 1);
  if (strcmp(what, "query") == 0)
    return cmd_query(argc - 1, argv + 1);
  fprintf(stderr, "dramatis: corpus: unknown command '%s' (add, merge, "
                  "stats, query)\n",
          what);
  return EXIT_USAGE;
}
