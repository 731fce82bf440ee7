/*
 * dramatis.c -- the command-line tool.
 *
 *   dramatis analyze [options] FILE...   analyse, write JSON or a summary
 *   dramatis text [options] FILE         print the text offsets refer to
 *   dramatis eval quotes DIR             score quotes against PDNC
 *
 * Files are read whole; every failure is one line on stderr,
 * "dramatis: FILE:BYTE: message", with the exit codes of cli.h.  Bad input
 * never yields partial JSON: each document is written to a buffer first.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Command-line options (file scope is allowed in tools/). */
static cli_input opt_in; /* the input options of analyze and text */

void cli_error(const char *path, size_t byte, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "dramatis: %s:%zu: ", path, byte);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

int cli_exit_for(dr_status st) {
  switch (st) {
  case DR_OK:
    return EXIT_OK;
  case DR_EUTF8:
  case DR_EBINARY:
  case DR_EFORMAT:
    return EXIT_INPUT;
  case DR_ETOOBIG:
  case DR_ENOMEM:
    return EXIT_LIMIT;
  case DR_EIO:
    return EXIT_IO;
  case DR_EINVAL:
    break;
  }
  return EXIT_FAIL;
}

void cli_file_free(cli_file *f) {
  free(f->data);
  f->data = NULL;
  f->len = 0;
}

int cli_read_file(const char *path, size_t max, cli_file *f) {
  f->data = NULL;
  f->len = 0;
  int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
  if (fd < 0) {
    cli_error(path, 0, "%s", strerror(errno));
    return EXIT_IO;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    cli_error(path, 0, "%s", strerror(errno));
    goto io_fail;
  }
  if (S_ISDIR(st.st_mode)) {
    cli_error(path, 0, "is a directory");
    goto io_fail;
  }
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)) {
    /* /dev/zero would be read up to the size limit: refuse devices.
     * Pipes and standard input are read as streams. */
    if (fd != STDIN_FILENO) {
      cli_error(path, 0, "not a regular file");
      goto io_fail;
    }
  }
  size_t cap = 1 << 16;
  if (S_ISREG(st.st_mode)) {
    if ((unsigned long long)st.st_size > max) {
      cli_error(path, max,
                "file is %lld bytes, over the limit of %zu bytes "
                "(--max-bytes)",
                (long long)st.st_size, max);
      if (fd != STDIN_FILENO)
        close(fd);
      return EXIT_LIMIT;
    }
    cap = (size_t)st.st_size + 1;
  }
  char *buf = malloc(cap);
  if (!buf) {
    cli_error(path, 0, "out of memory");
    if (fd != STDIN_FILENO)
      close(fd);
    return EXIT_LIMIT;
  }
  size_t len = 0;
  for (;;) {
    if (len == cap) {
      if (len > max) {
        free(buf);
        cli_error(path, max, "input is over the limit of %zu bytes "
                             "(--max-bytes)", max);
        if (fd != STDIN_FILENO)
          close(fd);
        return EXIT_LIMIT;
      }
      size_t ncap = cap + cap / 2;
      char *nb = realloc(buf, ncap);
      if (!nb) {
        free(buf);
        cli_error(path, len, "out of memory");
        if (fd != STDIN_FILENO)
          close(fd);
        return EXIT_LIMIT;
      }
      buf = nb;
      cap = ncap;
    }
    ssize_t k = read(fd, buf + len, cap - len);
    if (k < 0) {
      if (errno == EINTR)
        continue;
      cli_error(path, len, "%s", strerror(errno));
      free(buf);
      goto io_fail;
    }
    if (k == 0)
      break;
    len += (size_t)k;
  }
  if (len > max) {
    free(buf);
    cli_error(path, max, "input is over the limit of %zu bytes (--max-bytes)",
              max);
    if (fd != STDIN_FILENO)
      close(fd);
    return EXIT_LIMIT;
  }
  if (fd != STDIN_FILENO)
    close(fd);
  f->data = buf;
  f->len = len;
  return EXIT_OK;
io_fail:
  if (fd != STDIN_FILENO)
    close(fd);
  return EXIT_IO;
}

static void usage(FILE *out) {
  fputs(
      "usage: dramatis COMMAND [OPTIONS] ...\n"
      "\n"
      "Commands:\n"
      "  analyze [--format FORMAT] [--pretty] [--mentions] [-o FILE]\n"
      "          FILE...\n"
      "        Analyse each FILE ('-' = standard input) and write one JSON\n"
      "        object per document (one per line), or a short summary.\n"
      "        --mentions adds every character mention to the JSON.\n"
      "        FORMAT: json (default), text (summary), html (report page),\n"
      "        csv (quotes), graphml, gexf (character network), booknlp\n"
      "        (-o PREFIX writes PREFIX.tokens, .entities, .quotes); all\n"
      "        but json and text take one FILE.\n"
      "  text FILE\n"
      "        Print the document text that all byte offsets refer to.\n"
      "  eval quotes [--verbose] [--examples N] [--min-recall R]\n"
      "              [--min-precision P] DIR\n"
      "        Score quotation spans against a PDNC-layout corpus (one\n"
      "        folder per novel with novel_text.txt and quotes.tsv); exit 1\n"
      "        if a novel is under a --min-* gate.\n"
      "  eval characters [--verbose] [--min-recall R] [--min-b3 F]\n"
      "                  [--min-gender G] DIR\n"
      "        Score characters, alias clusters and gender against a\n"
      "        PDNC-layout corpus (characters.tsv per novel).\n"
      "  eval speakers [--verbose] [--examples N] [--cast] [--min-accuracy A]\n"
      "                [--min-addressee A] DIR\n"
      "        Score speakers and addressees against PDNC quotes.tsv (with\n"
      "        --cast, given each novel's characters.tsv as the cast).\n"
      "  eval pos [--model FILE] [--verbose] FILE.conllu\n"
      "  eval ner [--model FILE] [--verbose] DIR\n"
      "        Score the POS model (UPOS accuracy) or the entity model\n"
      "        (LitBank TSV, exact spans); models default to models/*.drm.\n"
      "  corpus add [-j N] [--shard I/N] [--force] [--quiet] DB PATH...\n"
      "        Analyse files and folders (.txt, .html, .epub) into the\n"
      "        SQLite database DB; also corpus merge, stats, query\n"
      "        (dramatis corpus --help).\n"
      "\n"
      "Input options (analyze, text, corpus add):\n"
      "  --lossy           analyse invalid UTF-8 anyway (bad bytes kept as\n"
      "                    opaque bytes; JSON shows them as U+FFFD)\n"
      "  --allow-binary    skip the binary-file check\n"
      "  --max-bytes N     refuse inputs larger than N bytes (default\n"
      "                    1073741824)\n"
      "  --min-mentions N  drop characters named fewer than N times (default\n"
      "                    2; one named with an honorific counts one more)\n"
      "  --input-format F  auto (default: from the content), text, html or\n"
      "                    epub\n"
      "  --encoding E      plain text's encoding: utf-8, windows-1252 or\n"
      "                    latin-1 (default: UTF-8, or Windows-1252 when\n"
      "                    the bytes are plausibly that, with a warning)\n"
      "  --cast FILE       use a known cast instead of finding one: a line\n"
      "                    per character, NAME | ALIAS; ALIAS | M/F/N/U\n"
      "\n"
      "  -h, --help        show this help\n"
      "  -V, --version     show the version\n"
      "\n"
      "Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid input (UTF-8,\n"
      "binary, a malformed HTML or EPUB), 4 I/O (missing, unreadable,\n"
      "directory), 5 resource limit.\n"
      "Errors are one line: dramatis: FILE:BYTE: message\n",
      out);
}

void cli_input_init(cli_input *in) {
  memset(in, 0, sizeof *in);
  in->max_bytes = DR_DEFAULT_MAX_BYTES;
}

void cli_input_free(cli_input *in) { cli_file_free(&in->cast); }

void cli_input_apply(const cli_input *in, dr_options *o) {
  o->flags = in->flags;
  o->max_bytes = in->max_bytes;
  o->min_mentions = in->min_mentions;
  o->input_format = in->input_format;
  o->encoding = in->encoding;
  o->cast = in->cast.data;
  o->cast_len = in->cast.len;
}

int cli_input_option(cli_input *in, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  if (strcmp(a, "--lossy") == 0) {
    in->flags |= DR_OPT_LOSSY;
    return 1;
  }
  if (strcmp(a, "--allow-binary") == 0) {
    in->flags |= DR_OPT_ALLOW_BINARY;
    return 1;
  }
  if (strcmp(a, "--min-mentions") == 0) {
    char *end;
    unsigned long v = *i + 1 < argc ? strtoul(argv[++*i], &end, 10) : 0;
    if (v == 0 || v > 1000000 || *end) {
      fprintf(stderr, "dramatis: --min-mentions: not a count from 1 to "
                      "1000000\n");
      return -1;
    }
    in->min_mentions = (unsigned)v;
    return 1;
  }
  if (strcmp(a, "--input-format") == 0) {
    static const char *const names[] = {"auto", "text", "html", "epub"};
    const char *v = *i + 1 < argc ? argv[++*i] : "";
    for (int k = 0; k < 4; k++)
      if (strcmp(v, names[k]) == 0) {
        in->input_format = (dr_input_format)k;
        return 1;
      }
    fprintf(stderr, "dramatis: --input-format: '%s' is not auto, text, "
                    "html or epub\n", v);
    return -1;
  }
  if (strcmp(a, "--encoding") == 0) {
    static const char *const names[] = {"utf-8",  "utf8",   "windows-1252",
                                        "cp1252", "latin-1", "latin1",
                                        "iso-8859-1"};
    const char *v = *i + 1 < argc ? argv[++*i] : "";
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
      if (strcasecmp(v, names[k]) == 0) {
        in->encoding = v;
        return 1;
      }
    fprintf(stderr, "dramatis: --encoding: '%s' is not utf-8, "
                    "windows-1252 or latin-1\n", v);
    return -1;
  }
  if (strcmp(a, "--cast") == 0) {
    if (*i + 1 >= argc) {
      fprintf(stderr, "dramatis: --cast needs a file\n");
      return -1;
    }
    const char *path = argv[++*i];
    cli_file_free(&in->cast);
    int rc = cli_read_file(path, (size_t)64 << 20, &in->cast);
    if (rc != EXIT_OK)
      return -rc;
    const char *msg;
    size_t off;
    if (dr_cast_check(in->cast.data, in->cast.len, &msg, &off) != DR_OK) {
      cli_error(path, off, "%s", msg);
      return -EXIT_INPUT;
    }
    return 1;
  }
  if (strcmp(a, "--max-bytes") == 0) {
    if (*i + 1 >= argc) {
      fprintf(stderr, "dramatis: --max-bytes needs a number\n");
      return -1;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(argv[++*i], &end, 10);
    if (errno || *end || v == 0 || v > DR_HARD_MAX_BYTES) {
      fprintf(stderr, "dramatis: --max-bytes: not a size from 1 to %zu: %s\n",
              (size_t)DR_HARD_MAX_BYTES, argv[*i]);
      return -1;
    }
    in->max_bytes = (size_t)v;
    return 1;
  }
  return 0;
}

/* Reads and parses one file.  Returns an exit code; on EXIT_OK *doc and
 * *f are set and owned by the caller. */
static int load(const char *path, cli_file *f, dr_doc **doc) {
  int rc = cli_read_file(path, opt_in.max_bytes, f);
  if (rc != EXIT_OK)
    return rc;
  dr_options o;
  memset(&o, 0, sizeof o);
  cli_input_apply(&opt_in, &o);
  o.source = path;
  rc = cli_parse(path, f, &o, doc);
  if (rc != EXIT_OK) {
    cli_file_free(f);
    return rc;
  }
  dr_doc_info info;
  dr_doc_get_info(*doc, &info);
  if (!opt_in.encoding && info.encoding && strcmp(info.format, "text") == 0 &&
      strcmp(info.encoding, "utf-8") != 0)
    fprintf(stderr, "dramatis: %s: warning: not UTF-8; read as %s\n", path,
            info.encoding);
  return rc;
}

int cli_parse(const char *path, const cli_file *f, const dr_options *o,
              dr_doc **doc) {
  dr_status st = dr_doc_parse(f->data, f->len, o, doc);
  if (st == DR_OK)
    return EXIT_OK;
  if (*doc)
    cli_error(path, dr_doc_erroffset(*doc), "%s", dr_doc_errmsg(*doc));
  else
    cli_error(path, 0, "%s", dr_strerror(st));
  dr_doc_free(*doc);
  *doc = NULL;
  return cli_exit_for(st);
}

static void summary(const dr_doc *doc, FILE *out) {
  dr_doc_info info;
  dr_doc_get_info(doc, &info);
  size_t len;
  const char *text = dr_doc_text(doc, &len);
  fprintf(out, "%s\n", info.source ? info.source : "-");
  if (info.title_end > info.title_start)
    fprintf(out, "  title:    %.*s\n",
            (int)(info.title_end - info.title_start),
            text + info.title_start);
  if (info.author_end > info.author_start)
    fprintf(out, "  author:   %.*s\n",
            (int)(info.author_end - info.author_start),
            text + info.author_start);
  fprintf(out, "  words:    %zu\n", info.words);
  fprintf(out, "  chapters: %zu\n", dr_chapter_count(doc));
  fprintf(out, "  scenes:   %zu\n", dr_scene_count(doc));
  fprintf(out, "  quotes:   %zu\n", dr_quote_count(doc));
  fprintf(out, "  characters: %zu", dr_character_count(doc));
  for (size_t i = 0; i < dr_character_count(doc) && i < 8; i++) {
    const dr_character *c = dr_character_at(doc, i);
    fprintf(out, "%s %s (%s, %zu quotes)", i ? "," : "", c->name,
            dr_gender_name(c->gender), c->quotes_spoken);
  }
  fputc('\n', out);
  fprintf(out, "  notes:    %zu\n", dr_note_count(doc));
  fprintf(out, "  tags:    ");
  size_t nt = dr_tag_count(doc);
  if (!nt)
    fprintf(out, " (none)");
  for (size_t i = 0; i < nt; i++) {
    const dr_tag *t = dr_tag_at(doc, i);
    fprintf(out, "%s %s", i ? "," : "", t->tag);
    if (t->value)
      fprintf(out, "=%s", t->value);
  }
  fputc('\n', out);
}

/* Output formats of analyze (the writers' part; see usage()). */
static bool known_format(const char *f) {
  static const char *const names[] = {"json", "text",    "html",   "csv",
                                      "graphml", "gexf", "booknlp"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(f, names[i]) == 0)
      return true;
  return false;
}

/* Writes doc into buf as json, html, csv, graphml or gexf. */
static dr_status write_format(const char *format, const dr_doc *doc,
                              unsigned jflags, dr_buf *buf) {
  if (strcmp(format, "html") == 0)
    return dr_doc_write_html(doc, 0, buf);
  if (strcmp(format, "csv") == 0)
    return dr_doc_write_csv(doc, 0, buf);
  if (strcmp(format, "graphml") == 0)
    return dr_doc_write_graphml(doc, 0, buf);
  if (strcmp(format, "gexf") == 0)
    return dr_doc_write_gexf(doc, 0, buf);
  return dr_doc_write_json(doc, jflags, buf);
}

/* Writes PREFIX.tokens, PREFIX.entities and PREFIX.quotes; returns an exit
 * code after printing any failure. */
static int write_booknlp(const dr_doc *doc, const char *src,
                         const char *prefix, dr_buf *buf) {
  static const char *const ext[] = {".tokens", ".entities", ".quotes"};
  size_t plen = strlen(prefix);
  char *path = malloc(plen + 16);
  if (!path) {
    cli_error(src, 0, "out of memory");
    return EXIT_LIMIT;
  }
  for (int part = 0; part < 3; part++) {
    memcpy(path, prefix, plen);
    strcpy(path + plen, ext[part]);
    dr_buf_clear(buf);
    dr_status st = dr_doc_write_booknlp(doc, (dr_booknlp_part)part, buf);
    if (st != DR_OK) {
      cli_error(src, 0, "%s", dr_strerror(st));
      free(path);
      return cli_exit_for(st);
    }
    size_t n;
    const char *data = dr_buf_data(buf, &n);
    FILE *f = fopen(path, "w");
    if (!f) {
      cli_error(path, 0, "%s", strerror(errno));
      free(path);
      return EXIT_IO;
    }
    bool bad = fwrite(data, 1, n, f) != n || fflush(f) != 0 || ferror(f);
    if (fclose(f) != 0)
      bad = true;
    if (bad) {
      cli_error(path, 0, "write failed: %s", strerror(errno));
      free(path);
      return EXIT_IO;
    }
  }
  free(path);
  return EXIT_OK;
}

static int cmd_analyze(int argc, char **argv) {
  const char *format = "json", *outpath = NULL;
  unsigned jflags = 0;
  int first_file = argc;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int r = cli_input_option(&opt_in, argc, argv, &i);
    if (r < 0)
      return r == -1 ? EXIT_USAGE : -r;
    if (r > 0)
      continue;
    if (strcmp(a, "--format") == 0 && i + 1 < argc) {
      format = argv[++i];
    } else if (strncmp(a, "--format=", 9) == 0) {
      format = a + 9;
    } else if (strcmp(a, "--pretty") == 0) {
      jflags |= DR_JSON_PRETTY;
    } else if (strcmp(a, "--mentions") == 0) {
      jflags |= DR_JSON_MENTIONS;
    } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
      outpath = argv[++i];
    } else if (strcmp(a, "--") == 0) {
      first_file = i + 1;
      break;
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "dramatis: analyze: unknown option %s\n", a);
      return EXIT_USAGE;
    } else {
      first_file = i;
      break;
    }
  }
  if (!known_format(format)) {
    fprintf(stderr, "dramatis: analyze: unknown format '%s' (json, text, "
                    "html, csv, graphml, gexf, booknlp)\n",
            format);
    return EXIT_USAGE;
  }
  bool booknlp = strcmp(format, "booknlp") == 0;
  /* The pronoun mentions cost time and memory: made only for the outputs
   * that show mentions. */
  if ((jflags & DR_JSON_MENTIONS) || booknlp)
    opt_in.flags |= DR_OPT_PRONOUNS;
  if (booknlp && !outpath) {
    fprintf(stderr, "dramatis: analyze: --format booknlp needs -o PREFIX "
                    "(writes PREFIX.tokens, PREFIX.entities, "
                    "PREFIX.quotes)\n");
    return EXIT_USAGE;
  }
  if (first_file >= argc) {
    fprintf(stderr, "dramatis: analyze: no input files (try --help)\n");
    return EXIT_USAGE;
  }
  for (int i = first_file; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "dramatis: analyze: options go before files: %s\n",
              argv[i]);
      return EXIT_USAGE;
    }
  }
  if (strcmp(format, "json") != 0 && strcmp(format, "text") != 0 &&
      argc - first_file != 1) {
    fprintf(stderr, "dramatis: analyze: --format %s takes one file\n",
            format);
    return EXIT_USAGE;
  }
  FILE *out = stdout;
  if (outpath && !booknlp) {
    out = fopen(outpath, "w");
    if (!out) {
      cli_error(outpath, 0, "%s", strerror(errno));
      return EXIT_IO;
    }
  }
  dr_buf *buf = dr_buf_new(NULL);
  if (!buf) {
    fprintf(stderr, "dramatis: out of memory\n");
    return EXIT_LIMIT;
  }
  int worst = EXIT_OK;
  for (int i = first_file; i < argc; i++) {
    cli_file f;
    dr_doc *doc = NULL;
    int rc = load(argv[i], &f, &doc);
    if (rc != EXIT_OK) {
      if (rc > worst)
        worst = rc;
      continue;
    }
    if (booknlp) {
      rc = write_booknlp(doc, argv[i], outpath, buf);
      if (rc > worst)
        worst = rc;
    } else if (strcmp(format, "text") != 0) {
      dr_buf_clear(buf);
      dr_status st = write_format(format, doc, jflags, buf);
      if (st != DR_OK) {
        cli_error(argv[i], 0, "%s", dr_strerror(st));
        if (cli_exit_for(st) > worst)
          worst = cli_exit_for(st);
      } else {
        size_t n;
        const char *data = dr_buf_data(buf, &n);
        fwrite(data, 1, n, out);
      }
    } else {
      summary(doc, out);
    }
    dr_doc_free(doc);
    cli_file_free(&f);
  }
  dr_buf_free(buf);
  if (fflush(out) != 0 || ferror(out)) {
    cli_error(outpath ? outpath : "-", 0, "write failed: %s",
              strerror(errno));
    worst = EXIT_IO;
  }
  if (outpath && fclose(out) != 0 && worst == EXIT_OK) {
    cli_error(outpath, 0, "write failed: %s", strerror(errno));
    worst = EXIT_IO;
  }
  return worst;
}

static int cmd_text(int argc, char **argv) {
  const char *path = NULL;
  for (int i = 0; i < argc; i++) {
    int r = cli_input_option(&opt_in, argc, argv, &i);
    if (r < 0)
      return r == -1 ? EXIT_USAGE : -r;
    if (r > 0)
      continue;
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "dramatis: text: unknown option %s\n", argv[i]);
      return EXIT_USAGE;
    }
    if (path) {
      fprintf(stderr, "dramatis: text: takes one file\n");
      return EXIT_USAGE;
    }
    path = argv[i];
  }
  if (!path) {
    fprintf(stderr, "dramatis: text: no input file (try --help)\n");
    return EXIT_USAGE;
  }
  cli_file f;
  dr_doc *doc = NULL;
  int rc = load(path, &f, &doc);
  if (rc != EXIT_OK)
    return rc;
  size_t n;
  const char *t = dr_doc_text(doc, &n);
  fwrite(t, 1, n, stdout);
  dr_doc_free(doc);
  cli_file_free(&f);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    cli_error("-", 0, "write failed: %s", strerror(errno));
    return EXIT_IO;
  }
  return EXIT_OK;
}

int main(int argc, char **argv) {
  cli_input_init(&opt_in);
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
      strcmp(cmd, "help") == 0) {
    usage(stdout);
    return EXIT_OK;
  }
  if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
    printf("dramatis %s\n", dr_version());
    return EXIT_OK;
  }
  if (strcmp(cmd, "analyze") == 0 || strcmp(cmd, "analyse") == 0 ||
      strcmp(cmd, "text") == 0) {
    int rc = cmd[0] == 't' ? cmd_text(argc - 2, argv + 2)
                           : cmd_analyze(argc - 2, argv + 2);
    cli_input_free(&opt_in);
    return rc;
  }
  if (strcmp(cmd, "eval") == 0)
    return cli_eval(argc - 2, argv + 2);
  if (strcmp(cmd, "corpus") == 0)
    return cli_corpus(argc - 2, argv + 2);
  fprintf(stderr, "dramatis: unknown command '%s' (try --help)\n", cmd);
  return EXIT_USAGE;
}
