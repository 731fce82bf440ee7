/*
 * corpus_db.c -- the corpus database: schema, storing one document,
 * merging shards, stats and read-only queries (SQLite).
 *
 * 1. Open.  WAL journal (readers never block the writer), synchronous
 *    NORMAL (a committed document survives a killed process; only a power
 *    cut can lose the last commits, never corrupt the file), foreign keys
 *    on so deleting a document deletes its rows.  The schema below is
 *    created if missing; schema_version must then say CDB_SCHEMA_VERSION.
 * 2. Store.  One transaction per document: delete any document under the
 *    same path (its rows go with it by ON DELETE CASCADE), insert the
 *    document row, then its notes, tags, characters (and aliases), quotes
 *    (and addressees) and interactions through statements prepared once.
 *    A crash at any point leaves the previous state or the whole document.
 *    Rows of one document are numbered like the JSON ids (character n = 1
 *    is C1, quote n = 1 is Q1), so queries and comparisons never depend on
 *    the database's own row ids.
 * 3. Merge.  ATTACH the shard, pick its documents that the target does not
 *    already hold (same path, same hash, status 'ok'), delete the target's
 *    documents of those paths, copy the documents (new ids), map old ids
 *    to new through a temporary table, and copy every child table with
 *    INSERT ... SELECT through the map.  One transaction per shard.
 *
 * Text columns hold UTF-8.  A document analysed with --lossy may keep
 * invalid bytes; those are written as U+FFFD here, as the JSON writer does.
 */
#include "corpus.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Schema                                                                    */
/* ------------------------------------------------------------------------ */

/* Documented in README.md ("Corpus database"); keep the two in step. */
static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS documents (\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  path         TEXT NOT NULL UNIQUE,\n"
    "  content_hash TEXT NOT NULL,\n"
    "  bytes        INTEGER NOT NULL,\n"
    "  format       TEXT,\n"
    "  encoding     TEXT,\n"
    "  title        TEXT,\n"
    "  author       TEXT,\n"
    "  words        INTEGER,\n"
    "  pov          TEXT,\n"
    "  chapters     INTEGER,\n"
    "  scenes       INTEGER,\n"
    "  status       TEXT NOT NULL CHECK (status IN ('ok', 'error')),\n"
    "  error        TEXT,\n"
    "  error_byte   INTEGER,\n"
    "  dramatis     TEXT NOT NULL,\n"
    "  analysed_at  TEXT NOT NULL\n"
    "               DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));\n"
    "CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);\n"
    "CREATE TABLE IF NOT EXISTS notes (\n"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  n      INTEGER NOT NULL,\n"
    "  kind   TEXT NOT NULL,\n"
    "  start  INTEGER NOT NULL,\n"
    "  end    INTEGER NOT NULL,\n"
    "  text   TEXT NOT NULL,\n"
    "  PRIMARY KEY (doc_id, n)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS tags (\n"
    "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  n      INTEGER NOT NULL,\n"
    "  tag    TEXT NOT NULL,\n"
    "  value  TEXT,\n"
    "  label  TEXT NOT NULL,\n"
    "  source TEXT,\n"
    "  start  INTEGER NOT NULL,\n"
    "  end    INTEGER NOT NULL,\n"
    "  PRIMARY KEY (doc_id, n)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag, value);\n"
    "CREATE TABLE IF NOT EXISTS characters (\n"
    "  doc_id           INTEGER NOT NULL\n"
    "                   REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  n                INTEGER NOT NULL,\n"
    "  name             TEXT NOT NULL,\n"
    "  gender           TEXT NOT NULL,\n"
    "  gender_score     REAL NOT NULL,\n"
    "  mentions         INTEGER NOT NULL,\n"
    "  first            INTEGER NOT NULL,\n"
    "  quotes_spoken    INTEGER NOT NULL,\n"
    "  quotes_addressed INTEGER NOT NULL,\n"
    "  PRIMARY KEY (doc_id, n)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS characters_name ON characters(name);\n"
    "CREATE TABLE IF NOT EXISTS aliases (\n"
    "  doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  character INTEGER NOT NULL,\n"
    "  n         INTEGER NOT NULL,\n"
    "  text      TEXT NOT NULL,\n"
    "  count     INTEGER NOT NULL,\n"
    "  PRIMARY KEY (doc_id, character, n)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS aliases_text ON aliases(text);\n"
    "CREATE TABLE IF NOT EXISTS quotes (\n"
    "  doc_id        INTEGER NOT NULL\n"
    "                REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  n             INTEGER NOT NULL,\n"
    "  start         INTEGER NOT NULL,\n"
    "  end           INTEGER NOT NULL,\n"
    "  text          TEXT NOT NULL,\n"
    "  open          TEXT NOT NULL,\n"
    "  close         TEXT,\n"
    "  paragraph     INTEGER NOT NULL,\n"
    "  continues     INTEGER,\n"
    "  parent        INTEGER,\n"
    "  unclosed      INTEGER NOT NULL,\n"
    "  speaker       INTEGER,\n"
    "  speaker_score REAL,\n"
    "  attribution   TEXT NOT NULL,\n"
    "  cue_start     INTEGER,\n"
    "  cue_end       INTEGER,\n"
    "  PRIMARY KEY (doc_id, n)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS quote_addressees (\n"
    "  doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  quote     INTEGER NOT NULL,\n"
    "  character INTEGER NOT NULL,\n"
    "  PRIMARY KEY (doc_id, quote, character)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS interactions (\n"
    "  doc_id         INTEGER NOT NULL\n"
    "                 REFERENCES documents(id) ON DELETE CASCADE,\n"
    "  a              INTEGER NOT NULL,\n"
    "  b              INTEGER NOT NULL,\n"
    "  quotes         INTEGER NOT NULL,\n"
    "  co_occurrences INTEGER NOT NULL,\n"
    "  weight         REAL NOT NULL,\n"
    "  PRIMARY KEY (doc_id, a, b)) WITHOUT ROWID;\n";

/* The tables that hang off documents, with their columns after doc_id:
 * merge copies them, stats counts them. */
static const struct {
  const char *name, *cols;
} child_tables[] = {
    {"notes", "n, kind, start, end, text"},
    {"tags", "n, tag, value, label, source, start, end"},
    {"characters", "n, name, gender, gender_score, mentions, first, "
                   "quotes_spoken, quotes_addressed"},
    {"aliases", "character, n, text, count"},
    {"quotes", "n, start, end, text, open, close, paragraph, continues, "
               "parent, unclosed, speaker, speaker_score, attribution, "
               "cue_start, cue_end"},
    {"quote_addressees", "quote, character"},
    {"interactions", "a, b, quotes, co_occurrences, weight"},
};
#define N_CHILD (sizeof child_tables / sizeof child_tables[0])

static const char doc_cols[] =
    "path, content_hash, bytes, format, encoding, title, author, words, pov, "
    "chapters, scenes, status, error, error_byte, dramatis, analysed_at";

/* Statements prepared once per connection (store path). */
enum {
  S_DELETE,
  S_DOC,
  S_NOTE,
  S_TAG,
  S_CHAR,
  S_ALIAS,
  S_QUOTE,
  S_ADDR,
  S_INTER,
  N_STMT
};

static const char *const stmt_sql[N_STMT] = {
    "DELETE FROM documents WHERE path = ?1",
    ("INSERT INTO documents (path, content_hash, bytes, format, title, "
     "author, words, pov, chapters, scenes, status, error, error_byte, "
     "dramatis, encoding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
     "?11, ?12, ?13, ?14, ?15)"),
    "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "INSERT INTO tags VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "INSERT INTO characters VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    "INSERT INTO aliases VALUES (?1, ?2, ?3, ?4, ?5)",
    ("INSERT INTO quotes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
     "?11, ?12, ?13, ?14, ?15, ?16)"),
    /* An attribution could name an addressee twice; store it once. */
    "INSERT OR IGNORE INTO quote_addressees VALUES (?1, ?2, ?3)",
    "INSERT INTO interactions VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

struct cdb {
  sqlite3 *db;
  sqlite3_stmt *st[N_STMT]; /* NULL until first used */
  char *msg;                /* last failure (sqlite3_malloc'd), or NULL */
};

/* ------------------------------------------------------------------------ */
/* Errors and small helpers                                                  */
/* ------------------------------------------------------------------------ */

static void set_err(cdb *db, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *m = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  sqlite3_free(db->msg);
  db->msg = m;
}

const char *cdb_errmsg(const cdb *db) {
  return db && db->msg ? db->msg : "out of memory";
}

/* Runs SQL without results; on failure records "what: sqlite message". */
static int exec(cdb *db, const char *sql) {
  char *e = NULL;
  if (sqlite3_exec(db->db, sql, NULL, NULL, &e) == SQLITE_OK)
    return 0;
  set_err(db, "%s", e ? e : sqlite3_errmsg(db->db));
  sqlite3_free(e);
  return -1;
}

static sqlite3_stmt *stmt(cdb *db, int which) {
  if (!db->st[which] &&
      sqlite3_prepare_v3(db->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                         &db->st[which], NULL) != SQLITE_OK) {
    set_err(db, "%s", sqlite3_errmsg(db->db));
    return NULL;
  }
  return db->st[which];
}

/* Steps a bound insert/delete to completion and resets it. */
static int step_done(cdb *db, sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE)
    set_err(db, "%s", sqlite3_errmsg(db->db));
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* Length of the valid UTF-8 sequence at s[0, n), or 0 if it is not one
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  size_t k;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    k = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    k = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    k = 4;
  else
    return 0;
  if (n < k)
    return 0;
  for (size_t i = 1; i < k; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
      (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
    return 0;
  return k;
}

/* Binds s[0, len) as text.  lossy: the document may hold invalid UTF-8,
 * which is then bound as a copy with U+FFFD for each bad byte.  Without
 * a copy the bytes are bound SQLITE_STATIC: the document outlives the
 * statement's step. */
static int bind_text(cdb *db, sqlite3_stmt *st, int i, const char *s,
                     size_t len, bool lossy) {
  int rc;
  size_t bad = 0;
  if (lossy) {
    const unsigned char *u = (const unsigned char *)s;
    for (size_t k = 0; k < len;) {
      size_t m = utf8_seq(u + k, len - k);
      bad += m == 0;
      k += m ? m : 1;
    }
  }
  if (!bad) {
    rc = sqlite3_bind_text64(st, i, s, len, SQLITE_STATIC, SQLITE_UTF8);
  } else {
    char *c = malloc(len + 2 * bad + 1);
    if (!c) {
      set_err(db, "out of memory");
      return -1;
    }
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    for (size_t k = 0; k < len;) {
      size_t m = utf8_seq(u + k, len - k);
      if (m) {
        memcpy(c + o, s + k, m);
        o += m;
        k += m;
      } else {
        memcpy(c + o, "\xEF\xBF\xBD", 3);
        o += 3;
        k++;
      }
    }
    rc = sqlite3_bind_text64(st, i, c, o, free, SQLITE_UTF8);
  }
  if (rc != SQLITE_OK) {
    set_err(db, "%s", sqlite3_errmsg(db->db));
    return -1;
  }
  return 0;
}

/* A span of the text, or NULL when it is empty. */
static int bind_span(cdb *db, sqlite3_stmt *st, int i, const char *text,
                     size_t start, size_t end, bool lossy) {
  if (end <= start)
    return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
  return bind_text(db, st, i, text + start, end - start, lossy);
}

static void bind_int(sqlite3_stmt *st, int i, size_t v) {
  sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

/* A 0-based index as its 1-based number (C3 is 3), or NULL for none. */
static void bind_ref(sqlite3_stmt *st, int i, size_t index, size_t count) {
  if (index == DR_NONE || index >= count)
    sqlite3_bind_null(st, i);
  else
    sqlite3_bind_int64(st, i, (sqlite3_int64)index + 1);
}

static void bind_cstr(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

uint64_t cdb_hash(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t h = 0xcbf29ce484222325u; /* FNV-1a 64 offset basis */
  for (size_t i = 0; i < len; i++) {
    h ^= p[i];
    h *= 0x100000001b3u; /* FNV-1a 64 prime */
  }
  return h;
}

unsigned cdb_shard_of(uint64_t h, unsigned n) {
  /* FNV-1a's low bits depend only on the bytes' low bits; mix first. */
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdu;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53u;
  h ^= h >> 33;
  return n ? (unsigned)(h % n) : 0;
}

static void hash_hex(uint64_t h, char out[17]) {
  static const char hex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; i--) {
    out[i] = hex[h & 15];
    h >>= 4;
  }
  out[16] = '\0';
}

static bool hex_hash(const unsigned char *s, uint64_t *h) {
  uint64_t v = 0;
  if (!s || strlen((const char *)s) != 16)
    return false;
  for (int i = 0; i < 16; i++) {
    unsigned c = s[i];
    unsigned d = c >= '0' && c <= '9'   ? c - '0'
                 : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                        : 16;
    if (d == 16)
      return false;
    v = v << 4 | d;
  }
  *h = v;
  return true;
}

/* ------------------------------------------------------------------------ */
/* Open and close                                                            */
/* ------------------------------------------------------------------------ */

static cdb *open_db(const char *path, int flags, char **err) {
  cdb *db = calloc(1, sizeof *db);
  if (!db) {
    if (err)
      *err = strdup("out of memory");
    return NULL;
  }
  int rc = sqlite3_open_v2(path, &db->db, flags, NULL);
  if (rc != SQLITE_OK) {
    if (err)
      *err = strdup(db->db ? sqlite3_errmsg(db->db) : sqlite3_errstr(rc));
    cdb_close(db);
    return NULL;
  }
  /* Another process (a reader, a second writer) waits rather than fails. */
  sqlite3_busy_timeout(db->db, 60000);
  sqlite3_extended_result_codes(db->db, 1);
  return db;
}

/* Reads schema_version into *v (0 when the table is empty). */
static int read_version(cdb *db, const char *schema, int *v) {
  char *sql = sqlite3_mprintf("SELECT version FROM %s.schema_version", schema);
  sqlite3_stmt *st = NULL;
  *v = 0;
  if (!sql || sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK) {
    sqlite3_free(sql);
    set_err(db, "not a dramatis corpus database (no schema_version table)");
    return -1;
  }
  sqlite3_free(sql);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *v = sqlite3_column_int(st, 0);
  else if (rc != SQLITE_DONE)
    set_err(db, "%s", sqlite3_errmsg(db->db));
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int check_version(cdb *db, const char *schema) {
  int v;
  if (read_version(db, schema, &v) != 0)
    return -1;
  if (v != CDB_SCHEMA_VERSION) {
    set_err(db, "database schema version %d; this dramatis reads version %d",
            v, CDB_SCHEMA_VERSION);
    return -1;
  }
  return 0;
}

static char *take_msg(cdb *db) {
  return strdup(cdb_errmsg(db));
}

cdb *cdb_open(const char *path, char **err) {
  /* NOMUTEX: the caller serialises every use of the connection. */
  cdb *db = open_db(path,
                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX,
                    err);
  if (!db)
    return NULL;
  int v = 0;
  if (exec(db, "PRAGMA journal_mode = WAL") != 0 ||
      exec(db, "PRAGMA synchronous = NORMAL") != 0 ||
      exec(db, "PRAGMA foreign_keys = ON") != 0 ||
      exec(db, "BEGIN IMMEDIATE") != 0)
    goto fail;
  if (exec(db, schema_sql) != 0 || read_version(db, "main", &v) != 0)
    goto rollback;
  if (v == 0) {
    char sql[64];
    snprintf(sql, sizeof sql, "INSERT INTO schema_version VALUES (%d)",
             CDB_SCHEMA_VERSION);
    if (exec(db, sql) != 0)
      goto rollback;
  } else if (check_version(db, "main") != 0) {
    goto rollback;
  }
  if (exec(db, "COMMIT") != 0)
    goto rollback;
  return db;
rollback:
  sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
fail:
  if (err)
    *err = take_msg(db);
  cdb_close(db);
  return NULL;
}

cdb *cdb_open_readonly(const char *path, char **err) {
  cdb *db = open_db(path, SQLITE_OPEN_READONLY, err);
  if (!db)
    return NULL;
  if (check_version(db, "main") != 0) {
    if (err)
      *err = take_msg(db);
    cdb_close(db);
    return NULL;
  }
  return db;
}

void cdb_close(cdb *db) {
  if (!db)
    return;
  for (int i = 0; i < N_STMT; i++)
    sqlite3_finalize(db->st[i]);
  sqlite3_close(db->db); /* NULL is a no-op */
  sqlite3_free(db->msg);
  free(db);
}

/* ------------------------------------------------------------------------ */
/* Known documents                                                           */
/* ------------------------------------------------------------------------ */

static int cmp_known(const void *a, const void *b) {
  return strcmp(((const cdb_known *)a)->path, ((const cdb_known *)b)->path);
}

void cdb_known_free(cdb_known *k, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(k[i].path);
  free(k);
}

int cdb_load_known(cdb *db, cdb_known **out, size_t *n) {
  *out = NULL;
  *n = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->db,
                         "SELECT path, content_hash, status = 'ok' "
                         "FROM documents",
                         -1, &st, NULL) != SQLITE_OK) {
    set_err(db, "%s", sqlite3_errmsg(db->db));
    return -1;
  }
  cdb_known *v = NULL;
  size_t len = 0, cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (len == cap) {
      size_t nc = cap ? cap + cap / 2 : 256;
      cdb_known *nv = realloc(v, nc * sizeof *nv);
      if (!nv)
        goto oom;
      v = nv;
      cap = nc;
    }
    const char *p = (const char *)sqlite3_column_text(st, 0);
    cdb_known *k = &v[len];
    k->path = strdup(p ? p : "");
    if (!k->path)
      goto oom;
    len++;
    k->ok = sqlite3_column_int(st, 2) != 0 &&
            hex_hash(sqlite3_column_text(st, 1), &k->hash);
  }
  if (rc != SQLITE_DONE) {
    set_err(db, "%s", sqlite3_errmsg(db->db));
    sqlite3_finalize(st);
    cdb_known_free(v, len);
    return -1;
  }
  sqlite3_finalize(st);
  if (len)
    qsort(v, len, sizeof *v, cmp_known);
  *out = v;
  *n = len;
  return 0;
oom:
  sqlite3_finalize(st);
  cdb_known_free(v, len);
  set_err(db, "out of memory");
  return -1;
}

/* ------------------------------------------------------------------------ */
/* Storing a document                                                        */
/* ------------------------------------------------------------------------ */

/* Deletes the document under path (its rows cascade) and inserts the
 * document row with the fields bound by the caller (?2 to ?13, ?15);
 * returns its new id in *id. */
static int replace_doc(cdb *db, sqlite3_stmt *ins, const char *path,
                       sqlite3_int64 *id) {
  sqlite3_stmt *del = stmt(db, S_DELETE);
  if (!del)
    return -1;
  sqlite3_bind_text(del, 1, path, -1, SQLITE_STATIC);
  if (step_done(db, del) != 0)
    return -1;
  sqlite3_bind_text(ins, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text(ins, 14, dr_version(), -1, SQLITE_STATIC);
  if (step_done(db, ins) != 0)
    return -1;
  *id = sqlite3_last_insert_rowid(db->db);
  return 0;
}

static int store_notes_tags(cdb *db, sqlite3_int64 id, const dr_doc *doc,
                            const char *text, bool lossy) {
  sqlite3_stmt *st = stmt(db, S_NOTE);
  if (!st)
    return -1;
  size_t nn = dr_note_count(doc);
  for (size_t i = 0; i < nn; i++) {
    const dr_note *n = dr_note_at(doc, i);
    sqlite3_bind_int64(st, 1, id);
    bind_int(st, 2, i + 1);
    bind_cstr(st, 3, dr_note_kind_name(n->kind));
    bind_int(st, 4, n->start);
    bind_int(st, 5, n->end);
    if (bind_text(db, st, 6, text + n->start, n->end - n->start, lossy) ||
        step_done(db, st))
      return -1;
  }
  if (!(st = stmt(db, S_TAG)))
    return -1;
  for (size_t i = 0; i < dr_tag_count(doc); i++) {
    const dr_tag *t = dr_tag_at(doc, i);
    sqlite3_bind_int64(st, 1, id);
    bind_int(st, 2, i + 1);
    bind_cstr(st, 3, t->tag);
    bind_cstr(st, 4, t->value);
    bind_cstr(st, 6,
              t->note < nn ? dr_note_kind_name(dr_note_at(doc, t->note)->kind)
                           : NULL);
    bind_int(st, 7, t->start);
    bind_int(st, 8, t->end);
    if (bind_text(db, st, 5, text + t->start, t->end - t->start, lossy) ||
        step_done(db, st))
      return -1;
  }
  return 0;
}

static int store_characters(cdb *db, sqlite3_int64 id, const dr_doc *doc,
                            bool lossy) {
  sqlite3_stmt *st = stmt(db, S_CHAR), *al = stmt(db, S_ALIAS);
  if (!st || !al)
    return -1;
  for (size_t i = 0; i < dr_character_count(doc); i++) {
    const dr_character *c = dr_character_at(doc, i);
    sqlite3_bind_int64(st, 1, id);
    bind_int(st, 2, i + 1);
    bind_cstr(st, 4, dr_gender_name(c->gender));
    sqlite3_bind_double(st, 5, c->gender_score);
    bind_int(st, 6, c->mentions);
    bind_int(st, 7, c->first);
    bind_int(st, 8, c->quotes_spoken);
    bind_int(st, 9, c->quotes_addressed);
    if (bind_text(db, st, 3, c->name, strlen(c->name), lossy) ||
        step_done(db, st))
      return -1;
    for (size_t k = 0; k < c->n_aliases; k++) {
      const dr_alias *a = &c->aliases[k];
      sqlite3_bind_int64(al, 1, id);
      bind_int(al, 2, i + 1);
      bind_int(al, 3, k + 1);
      bind_int(al, 5, a->count);
      if (bind_text(db, al, 4, a->text, strlen(a->text), lossy) ||
          step_done(db, al))
        return -1;
    }
  }
  return 0;
}

static int store_quotes(cdb *db, sqlite3_int64 id, const dr_doc *doc,
                        const char *text, bool lossy) {
  sqlite3_stmt *st = stmt(db, S_QUOTE), *ad = stmt(db, S_ADDR);
  if (!st || !ad)
    return -1;
  size_t nq = dr_quote_count(doc), nc = dr_character_count(doc);
  for (size_t i = 0; i < nq; i++) {
    const dr_quote *q = dr_quote_at(doc, i);
    const dr_attribution *at = dr_quote_attribution(doc, i);
    sqlite3_bind_int64(st, 1, id);
    bind_int(st, 2, i + 1);
    bind_int(st, 3, q->start);
    bind_int(st, 4, q->end);
    bind_int(st, 8, q->paragraph);
    bind_ref(st, 9, q->continues, nq);
    bind_ref(st, 10, q->parent, nq);
    sqlite3_bind_int(st, 11, (q->flags & DR_QF_UNCLOSED) != 0);
    if (at && at->speaker != DR_NONE && at->speaker < nc) {
      bind_int(st, 12, at->speaker + 1);
      sqlite3_bind_double(st, 13, at->speaker_score);
    } else {
      sqlite3_bind_null(st, 12);
      sqlite3_bind_null(st, 13);
    }
    bind_cstr(st, 14,
              dr_attribution_kind_name(at ? at->kind : DR_ATTR_NONE));
    if (at && at->cue_end > at->cue_start) {
      bind_int(st, 15, at->cue_start);
      bind_int(st, 16, at->cue_end);
    } else {
      sqlite3_bind_null(st, 15);
      sqlite3_bind_null(st, 16);
    }
    /* open is never empty; close is NULL for an unclosed quote. */
    if (bind_text(db, st, 5, text + q->start, q->end - q->start, lossy) ||
        bind_text(db, st, 6, text + q->open_start,
                  q->open_end - q->open_start, lossy) ||
        bind_span(db, st, 7, text, q->close_start, q->close_end, lossy) ||
        step_done(db, st))
      return -1;
    for (size_t k = 0; at && k < at->n_addressees; k++) {
      if (at->addressees[k] >= nc)
        continue;
      sqlite3_bind_int64(ad, 1, id);
      bind_int(ad, 2, i + 1);
      bind_int(ad, 3, at->addressees[k] + 1);
      if (step_done(db, ad))
        return -1;
    }
  }
  return 0;
}

static int store_interactions(cdb *db, sqlite3_int64 id, const dr_doc *doc) {
  sqlite3_stmt *st = stmt(db, S_INTER);
  if (!st)
    return -1;
  for (size_t i = 0; i < dr_interaction_count(doc); i++) {
    const dr_interaction *x = dr_interaction_at(doc, i);
    sqlite3_bind_int64(st, 1, id);
    bind_int(st, 2, x->a + 1);
    bind_int(st, 3, x->b + 1);
    bind_int(st, 4, x->quotes);
    bind_int(st, 5, x->co_occurrences);
    sqlite3_bind_double(st, 6, x->weight);
    if (step_done(db, st))
      return -1;
  }
  return 0;
}

/* Ends the transaction: COMMIT when ok, else ROLLBACK keeping the message
 * of the failure. */
static int finish_tx(cdb *db, int ok) {
  if (ok == 0 && exec(db, "COMMIT") == 0)
    return 0;
  sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
  return -1;
}

int cdb_store_doc(cdb *db, const char *path, uint64_t hash, size_t bytes,
                  const dr_doc *doc) {
  dr_doc_info info;
  dr_doc_get_info(doc, &info);
  size_t tlen;
  const char *text = dr_doc_text(doc, &tlen);
  bool lossy = info.invalid_bytes > 0;
  char hex[17];
  hash_hex(hash, hex);
  sqlite3_stmt *ins = stmt(db, S_DOC);
  if (!ins || exec(db, "BEGIN IMMEDIATE") != 0)
    return -1;
  sqlite3_bind_text(ins, 2, hex, 16, SQLITE_TRANSIENT);
  bind_int(ins, 3, bytes);
  bind_cstr(ins, 4, info.format);
  bind_cstr(ins, 15, info.encoding);
  bind_int(ins, 7, info.words);
  bind_cstr(ins, 8, dr_pov_name(info.pov));
  bind_int(ins, 9, dr_chapter_count(doc));
  bind_int(ins, 10, dr_scene_count(doc));
  bind_cstr(ins, 11, "ok");
  sqlite3_bind_null(ins, 12);
  sqlite3_bind_null(ins, 13);
  sqlite3_int64 id = 0;
  int rc = -1;
  if (bind_span(db, ins, 5, text, info.title_start, info.title_end, lossy) ||
      bind_span(db, ins, 6, text, info.author_start, info.author_end,
                lossy) ||
      replace_doc(db, ins, path, &id) ||
      store_notes_tags(db, id, doc, text, lossy) ||
      store_characters(db, id, doc, lossy) ||
      store_quotes(db, id, doc, text, lossy) ||
      store_interactions(db, id, doc))
    goto done;
  rc = 0;
done:
  /* Static bindings point into the document: drop them now. */
  sqlite3_clear_bindings(ins);
  return finish_tx(db, rc);
}

int cdb_store_error(cdb *db, const char *path, bool has_hash, uint64_t hash,
                    size_t bytes, const char *msg, size_t byte) {
  char hex[17] = "";
  if (has_hash)
    hash_hex(hash, hex);
  sqlite3_stmt *ins = stmt(db, S_DOC);
  if (!ins || exec(db, "BEGIN IMMEDIATE") != 0)
    return -1;
  for (int i = 4; i <= 10; i++)
    sqlite3_bind_null(ins, i);
  sqlite3_bind_null(ins, 15);
  sqlite3_bind_text(ins, 2, hex, -1, SQLITE_TRANSIENT);
  bind_int(ins, 3, bytes);
  bind_cstr(ins, 11, "error");
  bind_cstr(ins, 12, msg);
  bind_int(ins, 13, byte);
  sqlite3_int64 id;
  int rc = replace_doc(db, ins, path, &id);
  sqlite3_clear_bindings(ins);
  return finish_tx(db, rc);
}

/* ------------------------------------------------------------------------ */
/* Merge                                                                     */
/* ------------------------------------------------------------------------ */

/* exec() of an sqlite3_mprintf'd statement. */
static int execf(cdb *db, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *sql = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  if (!sql) {
    set_err(db, "out of memory");
    return -1;
  }
  int rc = exec(db, sql);
  sqlite3_free(sql);
  return rc;
}

static int count_rows(cdb *db, const char *sql, size_t *n) {
  sqlite3_stmt *st = NULL;
  *n = 0;
  if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK) {
    set_err(db, "%s", sqlite3_errmsg(db->db));
    return -1;
  }
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *n = (size_t)sqlite3_column_int64(st, 0);
  else
    set_err(db, "%s", sqlite3_errmsg(db->db));
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : -1;
}

int cdb_merge(cdb *db, const char *shard_path, size_t *taken, size_t *kept) {
  *taken = *kept = 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->db, "ATTACH DATABASE ?1 AS shard", -1, &st,
                         NULL) != SQLITE_OK) {
    set_err(db, "%s", sqlite3_errmsg(db->db));
    return -1;
  }
  sqlite3_bind_text(st, 1, shard_path, -1, SQLITE_STATIC);
  int rc = step_done(db, st);
  sqlite3_finalize(st);
  if (rc != 0)
    return -1;
  size_t total = 0;
  rc = -1;
  if (check_version(db, "shard") != 0 || exec(db, "BEGIN IMMEDIATE") != 0)
    goto detach;
  /* The shard's documents the target does not already hold. */
  if (exec(db,
           "DROP TABLE IF EXISTS temp.take;"
           "CREATE TEMP TABLE take (old INTEGER PRIMARY KEY,"
           "                        path TEXT NOT NULL);"
           "INSERT INTO temp.take SELECT s.id, s.path FROM shard.documents s"
           " WHERE NOT EXISTS (SELECT 1 FROM main.documents d"
           "  WHERE d.path = s.path AND d.content_hash = s.content_hash"
           "    AND d.status = 'ok');"
           "DELETE FROM main.documents"
           " WHERE path IN (SELECT path FROM temp.take);") != 0 ||
      execf(db,
            "INSERT INTO main.documents (%s) SELECT %s FROM shard.documents"
            " WHERE id IN (SELECT old FROM temp.take) ORDER BY path;",
            doc_cols, doc_cols) != 0 ||
      exec(db, "DROP TABLE IF EXISTS temp.map;"
               "CREATE TEMP TABLE map (old INTEGER PRIMARY KEY,"
               "                       new INTEGER NOT NULL);"
               "INSERT INTO temp.map SELECT t.old, d.id FROM temp.take t"
               " JOIN main.documents d ON d.path = t.path;") != 0)
    goto rollback;
  for (size_t i = 0; i < N_CHILD; i++) {
    if (execf(db,
              "INSERT INTO main.%s (doc_id, %s) SELECT m.new, %s"
              " FROM shard.%s JOIN temp.map m ON m.old = doc_id"
              " ORDER BY m.new;",
              child_tables[i].name, child_tables[i].cols,
              child_tables[i].cols, child_tables[i].name) != 0)
      goto rollback;
  }
  if (count_rows(db, "SELECT count(*) FROM temp.take", taken) != 0 ||
      count_rows(db, "SELECT count(*) FROM shard.documents", &total) != 0 ||
      exec(db, "DROP TABLE temp.take; DROP TABLE temp.map;") != 0)
    goto rollback;
  *kept = total - *taken;
  rc = finish_tx(db, 0);
  goto detach;
rollback:
  finish_tx(db, -1);
detach:
  /* Keep the first failure's message. */
  if (rc == 0)
    rc = exec(db, "DETACH DATABASE shard");
  else
    sqlite3_exec(db->db, "DETACH DATABASE shard", NULL, NULL, NULL);
  return rc;
}

/* ------------------------------------------------------------------------ */
/* Stats and queries                                                         */
/* ------------------------------------------------------------------------ */

int cdb_print_stats(cdb *db, FILE *out) {
  size_t docs, errors, words, bytes, n;
  if (count_rows(db, "SELECT count(*) FROM documents", &docs) ||
      count_rows(db, "SELECT count(*) FROM documents WHERE status = 'error'",
                 &errors) ||
      count_rows(db, "SELECT total(words) FROM documents", &words) ||
      count_rows(db, "SELECT total(bytes) FROM documents", &bytes))
    return -1;
  fprintf(out, "documents:        %zu (%zu ok, %zu errors)\n", docs,
          docs - errors, errors);
  fprintf(out, "bytes:            %zu\n", bytes);
  fprintf(out, "words:            %zu\n", words);
  for (size_t i = 0; i < N_CHILD; i++) {
    char sql[96], label[32];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s",
             child_tables[i].name);
    if (count_rows(db, sql, &n))
      return -1;
    snprintf(label, sizeof label, "%s:", child_tables[i].name);
    fprintf(out, "%-17s %zu\n", label, n);
    if (strcmp(child_tables[i].name, "quotes") == 0) {
      if (count_rows(db,
                     "SELECT count(*) FROM quotes WHERE speaker IS NOT NULL",
                     &n))
        return -1;
      fprintf(out, "  with a speaker: %zu\n", n);
    }
  }
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->db,
                         "SELECT tag, count(DISTINCT doc_id) AS c FROM tags"
                         " GROUP BY tag ORDER BY c DESC, tag LIMIT 10",
                         -1, &st, NULL) != SQLITE_OK) {
    set_err(db, "%s", sqlite3_errmsg(db->db));
    return -1;
  }
  int rc;
  bool any = false;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    fprintf(out, "%s %s (%d)", any ? "," : "top tags:        ",
            (const char *)sqlite3_column_text(st, 0),
            sqlite3_column_int(st, 1));
    any = true;
  }
  if (any)
    fputc('\n', out);
  if (rc != SQLITE_DONE)
    set_err(db, "%s", sqlite3_errmsg(db->db));
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

static void put_field(const unsigned char *s, int n, FILE *out) {
  for (int i = 0; i < n; i++) {
    switch (s[i]) {
    case '\t':
      fputs("\\t", out);
      break;
    case '\n':
      fputs("\\n", out);
      break;
    case '\r':
      fputs("\\r", out);
      break;
    case '\\':
      fputs("\\\\", out);
      break;
    default:
      fputc(s[i], out);
    }
  }
}

int cdb_print_query(cdb *db, const char *sql, FILE *out) {
  sqlite3_stmt *st = NULL;
  const char *tail = NULL;
  if (sqlite3_prepare_v2(db->db, sql, -1, &st, &tail) != SQLITE_OK) {
    set_err(db, "%s", sqlite3_errmsg(db->db));
    return -1;
  }
  if (!st) {
    set_err(db, "no SQL statement");
    return -1;
  }
  tail += strspn(tail, " \t\r\n;");
  if (*tail) {
    sqlite3_finalize(st);
    set_err(db, "one SQL statement at a time");
    return -1;
  }
  if (!sqlite3_stmt_readonly(st)) {
    sqlite3_finalize(st);
    set_err(db, "the statement would write; queries are read-only");
    return -1;
  }
  int nc = sqlite3_column_count(st);
  for (int i = 0; i < nc; i++) {
    const char *name = sqlite3_column_name(st, i);
    if (i)
      fputc('\t', out);
    put_field((const unsigned char *)(name ? name : ""),
              name ? (int)strlen(name) : 0, out);
  }
  if (nc)
    fputc('\n', out);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int i = 0; i < nc; i++) {
      if (i)
        fputc('\t', out);
      if (sqlite3_column_type(st, i) == SQLITE_NULL)
        continue;
      const unsigned char *v = sqlite3_column_text(st, i);
      put_field(v, sqlite3_column_bytes(st, i), out);
    }
    fputc('\n', out);
  }
  if (rc != SQLITE_DONE)
    set_err(db, "%s", sqlite3_errmsg(db->db));
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}
