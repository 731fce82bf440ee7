/*
 * cli.h -- what the parts of the dramatis command share.
 */
#ifndef DRAMATIS_CLI_H
#define DRAMATIS_CLI_H

#include "dramatis.h"

#include <stdbool.h>
#include <stddef.h>

/* Exit codes, per the output contract. */
enum {
  EXIT_OK = 0,
  EXIT_FAIL = 1,  /* an evaluation fell short, or an internal failure */
  EXIT_USAGE = 2, /* bad command line */
  EXIT_INPUT = 3, /* the input is not valid text (UTF-8, binary) */
  EXIT_IO = 4,    /* a file could not be read or written */
  EXIT_LIMIT = 5  /* a resource limit was exceeded (size, memory) */
};

/* A file read whole into memory. */
typedef struct {
  char *data;
  size_t len;
} cli_file;

/* Reads path ("-" = stdin) into *f, refusing more than max bytes.  On
 * failure prints "dramatis: PATH:BYTE: message" and returns an exit code;
 * returns EXIT_OK on success. */
int cli_read_file(const char *path, size_t max, cli_file *f);
void cli_file_free(cli_file *f);

/* Parses f as the document named path.  On failure prints the one-line
 * error, frees any document and returns its exit code; on success *doc is
 * the caller's. */
int cli_parse(const char *path, const cli_file *f, const dr_options *o,
              dr_doc **doc);

/* The input options shared by analyze, text and corpus add (--lossy,
 * --allow-binary, --max-bytes, --min-mentions, --input-format, --encoding,
 * --cast).  Zero-initialise, then cli_input_init. */
typedef struct {
  unsigned flags;               /* DR_OPT_* */
  size_t max_bytes;             /* DR_DEFAULT_MAX_BYTES unless given */
  unsigned min_mentions;        /* 0: the library's default */
  dr_input_format input_format; /* DR_INPUT_AUTO: from the content */
  const char *encoding;         /* NULL: detect */
  cli_file cast;                /* --cast FILE, read and checked */
} cli_input;

void cli_input_init(cli_input *in);
void cli_input_free(cli_input *in);
/* Parses an input option at argv[*i] (advancing *i past its value);
 * returns 1 if taken, 0 if not an input option, -1 on a usage error, or
 * minus another exit code (a cast file that cannot be read or is
 * malformed).  Every error is printed. */
int cli_input_option(cli_input *in, int argc, char **argv, int *i);
/* Sets the fields of *o the input options decide (flags, max_bytes,
 * min_mentions, input_format, encoding, cast). */
void cli_input_apply(const cli_input *in, dr_options *o);

/* Maps a library status to an exit code. */
int cli_exit_for(dr_status st);

/* Prints "dramatis: PATH:BYTE: message" to stderr. */
void cli_error(const char *path, size_t byte, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Corpus folders (eval.c).  cli_join makes "a/b/c" (or "a/b" when c is
 * empty), malloc'd.  cli_list_novels lists the subfolders of dir holding
 * novel_text.txt and the file `needs`, sorted by name; on failure it
 * prints the error and returns its exit code.  Free with cli_free_names. */
bool cli_is_file(const char *path);
char *cli_join(const char *a, const char *b, const char *c);
/* PDNC splits one person between two narrative frames under qualified
 * names the text never writes ("Christopher Robin - Story" and
 * "Christopher Robin - External", the boy of the stories and the boy
 * listening to them): the length of the name before " - " (n when none),
 * which the evaluations take as one more gold alias. */
size_t cli_unqualified(const char *s, size_t n);
int cli_list_novels(const char *dir, const char *needs, char ***names,
                    size_t *n);
void cli_free_names(char **names, size_t n);

/* Reads a corpus text (up to DR_HARD_MAX_BYTES) into *f and analyses it
 * into *doc with default options (and the known cast, when cast is not
 * NULL), timing the analysis in *seconds.  On failure prints the error
 * and returns its exit code. */
int cli_load_novel(const char *path, const char *cast, size_t cast_len,
                   cli_file *f, dr_doc **doc, double *seconds);

/* Option values for the evaluations (eval.c): a ratio from 0 to 1, or a
 * count.  On a bad value they print why and return -1. */
int cli_parse_ratio(const char *opt, const char *arg, double *out);
int cli_parse_count(const char *opt, const char *arg, size_t *out);

/* One option of an evaluation: a flag (sets *(bool *)out), a ratio
 * (double) or a count (size_t).  `set`, when not NULL, is set to true
 * whenever the option is given. */
typedef enum { CLI_FLAG, CLI_RATIO, CLI_COUNT } cli_opt_type;
typedef struct {
  const char *name; /* "--min-recall" */
  cli_opt_type type;
  void *out;
  bool *set;
} cli_opt;

/* Parses `dramatis eval WHAT [OPTIONS] ARG`: the options in opts[0, n)
 * (plus -v for --verbose when listed) and exactly one ARG, stored in *arg.
 * On an error it prints it (or `usage` when ARG is missing) and returns
 * EXIT_USAGE; otherwise EXIT_OK. */
int cli_eval_args(const char *what, const char *usage, int argc, char **argv,
                  const cli_opt *opts, size_t n, const char **arg);

/* `dramatis eval ...` (eval.c dispatches). */
int cli_eval(int argc, char **argv);
int cli_eval_characters(int argc, char **argv); /* eval_characters.c */
int cli_eval_speakers(int argc, char **argv);   /* eval_speakers.c */
int cli_eval_pos(int argc, char **argv);        /* eval_tagger.c */
int cli_eval_ner(int argc, char **argv);        /* eval_tagger.c */

/* `dramatis corpus ...`: the corpus database (corpus.c). */
int cli_corpus(int argc, char **argv);

#endif
