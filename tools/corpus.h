/*
 * corpus.h -- the corpus database (corpus_db.c) as corpus.c uses it.
 *
 * One SQLite connection, used by one thread at a time (corpus.c holds a
 * mutex around every call).  Every function that fails leaves a message in
 * cdb_errmsg() and returns -1; success is 0.
 */
#ifndef DRAMATIS_CORPUS_H
#define DRAMATIS_CORPUS_H

#include "dramatis.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The layout version in the schema_version table.  A database written by
 * another version is refused (no silent migration). */
#define CDB_SCHEMA_VERSION 1

typedef struct cdb cdb; /* opaque: a connection and its prepared statements */

/* Opens (creating if needed) the database at path for writing: WAL journal,
 * synchronous=NORMAL (a commit survives a killed process; only power loss
 * can lose the last ones), foreign keys on, the schema created if missing.
 * On failure returns NULL and, when err is not NULL, a malloc'd message in
 * *err. */
cdb *cdb_open(const char *path, char **err);
/* Opens an existing database read-only (stats, query).  NULL as above. */
cdb *cdb_open_readonly(const char *path, char **err);
/* Closes; NULL is a no-op. */
void cdb_close(cdb *db);
/* The message of the last failure (valid until the next call). */
const char *cdb_errmsg(const cdb *db);

/* A document already in the database, as `add` needs to know it. */
typedef struct {
  char *path;
  uint64_t hash;
  bool ok; /* status 'ok' (an 'error' row is retried) */
} cdb_known;

/* Loads every stored document's path, hash and status, sorted by path
 * (strcmp).  Free with cdb_known_free. */
int cdb_load_known(cdb *db, cdb_known **out, size_t *n);
void cdb_known_free(cdb_known *k, size_t n);

/* Stores an analysed document in one transaction, replacing any document
 * stored under the same path. */
int cdb_store_doc(cdb *db, const char *path, uint64_t hash, size_t bytes,
                  const dr_doc *doc);

/* Stores a document that could not be analysed: status 'error', the
 * message and byte offset, in one transaction (replacing as above).
 * has_hash is false when the file could not even be read. */
int cdb_store_error(cdb *db, const char *path, bool has_hash, uint64_t hash,
                    size_t bytes, const char *msg, size_t byte);

/* Merges the database at shard_path into db, in one transaction: every
 * shard document is copied (new ids), replacing a document of the same
 * path, unless db already holds that path with the same hash, analysed
 * without error.  *taken and *kept count copied and skipped documents. */
int cdb_merge(cdb *db, const char *shard_path, size_t *taken, size_t *kept);

/* Prints the counts of `corpus stats`. */
int cdb_print_stats(cdb *db, FILE *out);

/* Runs one read-only SQL statement and prints its rows as TSV with a
 * header line (NULL as an empty field; tab, newline, backslash escaped). */
int cdb_print_query(cdb *db, const char *sql, FILE *out);

/* The 64-bit FNV-1a hash of data[0, len) (the stored content_hash), and
 * the shard a hash falls in: a bit mixer (murmur3's fmix64) then mod n, so
 * all 64 bits decide it. */
uint64_t cdb_hash(const void *data, size_t len);
unsigned cdb_shard_of(uint64_t hash, unsigned n);

#endif
