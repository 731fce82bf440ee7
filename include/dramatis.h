/*
 * dramatis.h -- the public interface of libdramatis.
 *
 * dramatis reads fiction and recovers its dramatis personae.  This header is
 * the whole public API and is written as its manual.
 *
 * The model in one paragraph: you hand dr_doc_parse() a byte buffer and get
 * an opaque dr_doc.  The document holds layers -- tokens, sentences,
 * paragraphs, notes (paratext), tags, chapters, scenes and quotes -- each an
 * array of small read-only records that you walk with dr_<layer>_count() and
 * dr_<layer>_at().  Every position is a half-open byte range [start, end)
 * into the document text (dr_doc_text()).  For plain-text input that text is
 * the caller's buffer itself, so the buffer must outlive the document.
 *
 * Thread safety: there is no global mutable state.  Separate documents may be
 * parsed and read on separate threads at the same time; one document must not
 * be used from two threads at once unless all of them only read it.
 *
 * Memory: every record returned by an accessor is owned by its document and
 * stays valid until dr_doc_free().  Memory the library hands over (a dr_buf)
 * is freed with the matching destructor, never with free().
 *
 * Errors: fallible functions return a dr_status.  The library never prints,
 * never exits and never aborts the host process.
 */
#ifndef DRAMATIS_H
#define DRAMATIS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DR_BUILDING_LIBRARY) && defined(__GNUC__)
#define DR_EXPORT __attribute__((visibility("default")))
#else
#define DR_EXPORT
#endif

/* Version of the library and of the JSON schema it writes. */
#define DR_VERSION "0.1.0"
#define DR_SCHEMA_VERSION 1

/* Returns DR_VERSION of the library actually linked. */
DR_EXPORT const char *dr_version(void);

/* ------------------------------------------------------------------------ */
/* Status codes                                                              */
/* ------------------------------------------------------------------------ */

typedef enum dr_status {
  DR_OK = 0,
  DR_ENOMEM = -1,  /* an allocation failed; nothing was leaked */
  DR_EINVAL = -2,  /* a bad argument (NULL where not allowed, bad abi) */
  DR_EUTF8 = -3,   /* the input is not valid UTF-8 (see dr_doc_erroffset) */
  DR_ETOOBIG = -4, /* the input exceeds a configured limit */
  DR_EIO = -5,     /* reading or writing failed (used by helpers, CLI) */
  DR_EBINARY = -6, /* the input looks like a binary file, not text */
  DR_EFORMAT = -7  /* a malformed document container: an EPUB without its
                      container, package or spine entries, an unsafe path,
                      a zip bomb, an HTML document libxml2 cannot read */
} dr_status;

/* A fixed English sentence for a status; never NULL, never to be freed. */
DR_EXPORT const char *dr_strerror(dr_status st);

/* ------------------------------------------------------------------------ */
/* Options                                                                   */
/* ------------------------------------------------------------------------ */

/* A custom allocator.  realloc(ctx, NULL, n) allocates; free(ctx, NULL) is a
 * no-op.  Returning NULL from realloc makes the call fail with DR_ENOMEM. */
typedef struct dr_allocator {
  void *ctx;
  void *(*realloc)(void *ctx, void *ptr, size_t size);
  void (*free)(void *ctx, void *ptr);
} dr_allocator;

/* Option flags (dr_options.flags). */
#define DR_OPT_LOSSY (1u << 0)     /* analyse invalid UTF-8 anyway: each bad  \
                                      byte becomes one opaque byte */
#define DR_OPT_ALLOW_BINARY (1u << 1) /* skip the binary-file check */
#define DR_OPT_PRONOUNS                                                        \
  (1u << 2) /* add pronoun mentions (kind                                      \
               DR_MENTION_PRONOUN) to the mentions:                            \
               he/she as the speakers stage takes                              \
               them, I/me/my as the quote's speaker                            \
               or the narrator (costs time and                                 \
               memory: off unless asked for) */
#define DR_OPT_ALL (DR_OPT_LOSSY | DR_OPT_ALLOW_BINARY | DR_OPT_PRONOUNS)

/* Default cap on the input size.  Offsets are stored in 32 bits internally,
 * so no document may exceed 4 GiB; 1 GiB keeps peak memory on a laptop
 * sensible.  Raise it with dr_options.max_bytes (up to DR_HARD_MAX_BYTES). */
#define DR_DEFAULT_MAX_BYTES ((size_t)1 << 30)
#define DR_HARD_MAX_BYTES ((size_t)0xFFFFFFF0u)

/* What the input bytes are (dr_options.input_format).
 *
 * DR_INPUT_AUTO looks at the content, not a file name: after an optional
 * BOM and white space, "<!DOCTYPE html", "<html" or "<?xml ... <html" is
 * HTML; a zip archive whose "mimetype" entry reads application/epub+zip is
 * EPUB; anything else is plain text.
 *
 * HTML is read with libxml2's HTML parser (no network, no external
 * entities); block elements become paragraphs separated by blank lines,
 * entities are decoded, <hr> becomes a "* * *" scene-break line, headings
 * start chapters, and an archive download's metadata block, summary, notes
 * and end notes become notes and tags.  EPUB follows META-INF/container.xml
 * to the package document and reads the spine's XHTML files in spine order
 * the same way, each starting a chapter; dc:title and dc:creator give the
 * title and author.  For both, the document text is the extracted UTF-8
 * text, owned by the document (dr_doc_text), and libxml2 and libzip
 * allocate their own working memory with malloc, not dr_options.allocator.
 * Limits: the input and the extracted text are capped by max_bytes; an
 * EPUB's entries may hold at most max_bytes uncompressed in total, at most
 * DR_EPUB_MAX_ENTRIES entries, no entry compressed more than
 * DR_EPUB_MAX_RATIO to 1 (zip bombs) and no path that leaves the package
 * (".." or absolute); breaking one gives DR_EFORMAT or DR_ETOOBIG. */
typedef enum dr_input_format {
  DR_INPUT_AUTO = 0, /* detect from content */
  DR_INPUT_TEXT = 1, /* plain text (UTF-8 or a legacy encoding) */
  DR_INPUT_HTML = 2, /* HTML or XHTML */
  DR_INPUT_EPUB = 3  /* EPUB 2 or 3 (a zip archive) */
} dr_input_format;

#define DR_EPUB_MAX_ENTRIES 10000 /* files in one EPUB: books hold hundreds */
#define DR_EPUB_MAX_RATIO 200     /* deflate reaches ~10:1 on prose and
                                     1032:1 at most: 200:1 is a bomb */

/* Analysis options.  An all-zero struct (or a NULL pointer) means defaults.
 * abi_version must be 0. */
typedef struct dr_options {
  unsigned abi_version;          /* must be 0 */
  unsigned flags;                /* DR_OPT_* bits */
  const dr_allocator *allocator; /* NULL: the C library's malloc family */
  size_t max_bytes;              /* 0: DR_DEFAULT_MAX_BYTES */
  const char *source;            /* name written as document.source; copied.
                                    NULL: written as null */
  unsigned min_mentions;         /* characters named fewer times than this
                                    are dropped (0: DR_DEFAULT_MIN_MENTIONS);
                                    one ever named with an honorific (Mrs.
                                    Hudson) counts one more */
  dr_input_format input_format;  /* DR_INPUT_AUTO: detected from content */
  const char *encoding;          /* NULL (detect: UTF-8, or Windows-1252
                                    when the bytes are not UTF-8 but
                                    plausibly that; HTML: its declared
                                    charset), "utf-8", "windows-1252" (or
                                    "cp1252"), "latin-1" (or "iso-8859-1")
                                    to force one (for HTML it overrides the
                                    declared charset; EPUB ignores it);
                                    anything else is DR_EINVAL.  Only read
                                    during dr_doc_parse. */
  const char *cast;              /* a known cast, or NULL: characters are
                                    found in the text (see below); copied */
  size_t cast_len;               /* its length in bytes */
} dr_options;

/* A known cast (dr_options.cast), one character per line:
 *
 *     NAME | ALIAS; ALIAS ... | GENDER
 *
 * Fields are separated by '|' or a tab, aliases by ';'; GENDER is M,
 * F, N or U (or male, female, nonbinary, unknown) and may be left out;
 * blank lines and lines starting with '#' are skipped.  With a cast, the
 * characters are exactly its lines that the story mentions (min_mentions
 * does not apply), each name and alias matched in the text (a final '.'
 * ignored; a name of several words in any case, a one-word name as written
 * or, when written in lower case, also capitalised), and gender is as
 * given.  dr_doc_parse returns DR_EINVAL for a malformed cast;
 * dr_cast_check says where. */

/* Checks cast text.  Returns DR_OK, or DR_EINVAL with a fixed English
 * message in *msg and the byte offset of the bad line in *offset (both
 * may be NULL). */
DR_EXPORT dr_status dr_cast_check(const char *cast, size_t len,
                                  const char **msg, size_t *offset);

/* Characters named fewer times than this are left out by default: one-off
 * names are usually passers-by, not the cast. */
#define DR_DEFAULT_MIN_MENTIONS 2

/* ------------------------------------------------------------------------ */
/* Documents                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct dr_doc dr_doc; /* opaque */

/* Analyses text[0, len) and stores a new document in *out.
 *
 * The text is not copied and never written to: it must stay valid and
 * unchanged until dr_doc_free().  It need not be NUL-terminated and may hold
 * NUL bytes.  (HTML, EPUB and text converted from a legacy encoding are
 * turned into a new UTF-8 text that the document owns; offsets then refer
 * to that text, which dr_doc_text returns.)
 *
 * Plain text that is not valid UTF-8 is read as Windows-1252 when every
 * byte above 0x7F is plausible there (no byte undefined in Windows-1252,
 * no C1 control, nothing that looks like a damaged UTF-8 sequence or a
 * run of binary); dr_doc_info.encoding then says "windows-1252".
 * Otherwise the result is DR_EUTF8 at the first bad byte.  DR_OPT_LOSSY
 * turns this detection off (bad bytes stay opaque); dr_options.encoding
 * forces an encoding.
 *
 * Returns DR_OK, or an error.  On DR_EUTF8, DR_EBINARY, DR_EFORMAT and
 * DR_ETOOBIG, *out is still set to a document that holds only the error
 * (dr_doc_errmsg, dr_doc_erroffset) and must be freed; its layers are
 * empty.  On DR_ENOMEM
 * and DR_EINVAL, *out is set to NULL.  out must not be NULL. */
DR_EXPORT dr_status dr_doc_parse(const char *text, size_t len,
                                 const dr_options *opt, dr_doc **out);

/* Frees a document and everything it owns.  NULL is a no-op. */
DR_EXPORT void dr_doc_free(dr_doc *doc);

/* The status of the last failure on this document (DR_OK if none). */
DR_EXPORT dr_status dr_doc_status(const dr_doc *doc);

/* A message for the last failure, e.g. "invalid UTF-8", or "" if none.
 * Owned by the document. */
DR_EXPORT const char *dr_doc_errmsg(const dr_doc *doc);

/* The byte offset the last failure refers to (0 if none applies). */
DR_EXPORT size_t dr_doc_erroffset(const dr_doc *doc);

/* The document text that all offsets refer to, and its length in bytes. */
DR_EXPORT const char *dr_doc_text(const dr_doc *doc, size_t *len);

/* Whole-document facts. */
typedef enum dr_pov {
  DR_POV_UNKNOWN = 0,
  DR_POV_FIRST = 1,
  DR_POV_SECOND = 2,
  DR_POV_THIRD = 3
} dr_pov;

/* "first", "second", "third", or NULL for DR_POV_UNKNOWN (JSON null). */
DR_EXPORT const char *dr_pov_name(dr_pov p);

typedef struct dr_doc_info {
  const char *source; /* as given in dr_options.source, or NULL */
  const char *format; /* "text", "html" or "epub" */
  size_t bytes;       /* length of the document text */
  size_t words;       /* word and number tokens outside notes */
  size_t title_start, title_end;   /* the title's span; equal if none */
  size_t author_start, author_end; /* the author's span; equal if none */
  dr_pov pov;                      /* narrative person, by pronoun counts */
  int has_bom;                     /* the text starts with a UTF-8 BOM */
  size_t invalid_bytes;            /* bad bytes tolerated under DR_OPT_LOSSY */
  const char *encoding;            /* what the input was read as: "utf-8",
                                      "windows-1252", "latin-1" (HTML: the
                                      charset it declares, lower case, or
                                      "utf-8") */
} dr_doc_info;

/* Fills *info.  Pointers in it are owned by the document. */
DR_EXPORT void dr_doc_get_info(const dr_doc *doc, dr_doc_info *info);

/* ------------------------------------------------------------------------ */
/* Tokens                                                                    */
/* ------------------------------------------------------------------------ */

typedef enum dr_token_kind {
  DR_TOK_WORD = 1,     /* letters, with inner apostrophes/hyphens: don't is
                          split as do + n't, Darcy's as Darcy + 's */
  DR_TOK_NUMBER = 2,   /* 1, 1,000, 3.14, 1st, 1990s */
  DR_TOK_PUNCT = 3,    /* . , ; : ! ? ( ) [ ] and the like */
  DR_TOK_QUOTE = 4,    /* a quotation-mark candidate: " “ ” ‘ ’ ' « » ‹ › „ */
  DR_TOK_DASH = 5,     /* - -- — – used as a dash, or a word cut off: "you-" */
  DR_TOK_ELLIPSIS = 6, /* ... or … */
  DR_TOK_SYMBOL = 7,   /* anything else: emoji, &, #, an invalid byte */
  DR_TOK_CLITIC = 8    /* 's 'm 'd 'll 're 've n't split off a word */
} dr_token_kind;

/* Token flags. */
#define DR_TF_CAP (1u << 0)        /* starts with an upper-case letter */
#define DR_TF_UPPER (1u << 1)      /* has letters and all are upper case */
#define DR_TF_ABBREV (1u << 2)     /* an abbreviation ending in '.' (Mr.) */
#define DR_TF_SENT_START (1u << 3) /* first token of a sentence */
#define DR_TF_PARA_START (1u << 4) /* first token of a paragraph */
#define DR_TF_SPACE_BEFORE (1u << 5) /* white space (or text start) before */
#define DR_TF_SPACE_AFTER (1u << 6)  /* white space (or text end) after */
#define DR_TF_CUT (1u << 7)          /* a word cut off by a dash: you- */
#define DR_TF_NONASCII (1u << 8)     /* holds a non-ASCII code point */

typedef struct dr_token {
  size_t start, end;  /* byte span */
  dr_token_kind kind; /* DR_TOK_* */
  unsigned flags;     /* DR_TF_* */
  uint32_t hash;      /* hash of the case-folded form (for features) */
  size_t paragraph;   /* index of its paragraph */
} dr_token;

DR_EXPORT size_t dr_token_count(const dr_doc *doc);
/* Token i, by value.  i must be < dr_token_count(). */
DR_EXPORT dr_token dr_token_at(const dr_doc *doc, size_t i);

/* ------------------------------------------------------------------------ */
/* Sentences and paragraphs                                                  */
/* ------------------------------------------------------------------------ */

typedef struct dr_sentence {
  size_t start, end;            /* from its first token's start to its last
                                   token's end */
  size_t first_token, n_tokens; /* token range */
  size_t paragraph;             /* a sentence never crosses paragraphs */
} dr_sentence;

DR_EXPORT size_t dr_sentence_count(const dr_doc *doc);
/* Sentence i, by value (sentences are stored compactly, like tokens).
 * i must be < dr_sentence_count(); otherwise all fields are zero. */
DR_EXPORT dr_sentence dr_sentence_at(const dr_doc *doc, size_t i);

typedef enum dr_para_kind {
  DR_PARA_TEXT = 0,    /* story text */
  DR_PARA_NOTE = 1,    /* inside a note (paratext); see dr_paragraph.note */
  DR_PARA_HEADING = 2, /* a chapter heading */
  DR_PARA_BREAK = 3    /* a scene break line (***, ~~~, <hr>) */
} dr_para_kind;

typedef struct dr_paragraph {
  size_t start, end;  /* from its first non-blank byte to the end of its last
                         non-blank byte (line ends excluded) */
  size_t first_token, n_tokens;
  dr_para_kind kind;  /* set by the structure stage */
  size_t note;        /* index of the note it belongs to, or SIZE_MAX */
  size_t chapter;     /* index of its chapter */
  size_t scene;       /* index of its scene */
  unsigned n_lines;   /* physical lines it spans */
  size_t n_words;     /* its word and number tokens */
} dr_paragraph;

DR_EXPORT size_t dr_paragraph_count(const dr_doc *doc);
DR_EXPORT const dr_paragraph *dr_paragraph_at(const dr_doc *doc, size_t i);

/* ------------------------------------------------------------------------ */
/* Structure: notes, tags, chapters, scenes                                  */
/* ------------------------------------------------------------------------ */

typedef enum dr_note_kind {
  DR_NOTE_AUTHORS_NOTE = 0,
  DR_NOTE_DISCLAIMER = 1,
  DR_NOTE_SUMMARY = 2,
  DR_NOTE_HEADER = 3, /* an archive metadata block (Title:, Rating:, ...) */
  DR_NOTE_ENDNOTE = 4
} dr_note_kind;

/* "authors_note", "disclaimer", "summary", "header", "endnote". */
DR_EXPORT const char *dr_note_kind_name(dr_note_kind k);

typedef struct dr_note {
  dr_note_kind kind;
  size_t start, end; /* the whole note, label included */
} dr_note;

DR_EXPORT size_t dr_note_count(const dr_doc *doc);
DR_EXPORT const dr_note *dr_note_at(const dr_doc *doc, size_t i);

typedef struct dr_tag {
  const char *tag;   /* normalised, e.g. "out_of_character", "rating",
                        "pairing"; NUL-terminated, owned by the document */
  const char *value; /* normalised value or NULL, e.g. "teen" for a rating,
                        "Marian/Robin" for a pairing */
  size_t start, end; /* the words that said it (the label) */
  size_t note;       /* the note it came from (its kind is the source) */
  const size_t *characters; /* pairing: the characters it names, as
                               character indexes (names matched against
                               the cast's aliases), in pairing order;
                               owned by the document */
  size_t n_characters;
} dr_tag;

DR_EXPORT size_t dr_tag_count(const dr_doc *doc);
DR_EXPORT const dr_tag *dr_tag_at(const dr_doc *doc, size_t i);

typedef struct dr_chapter {
  size_t n;                      /* 1-based number in document order */
  size_t title_start, title_end; /* the heading line; equal if none */
  size_t start, end;             /* the chapter's extent */
} dr_chapter;

DR_EXPORT size_t dr_chapter_count(const dr_doc *doc);
DR_EXPORT const dr_chapter *dr_chapter_at(const dr_doc *doc, size_t i);

typedef struct dr_scene {
  size_t n;          /* 1-based number in document order */
  size_t chapter;    /* index of the chapter it belongs to */
  size_t start, end; /* the scene's extent */
} dr_scene;

DR_EXPORT size_t dr_scene_count(const dr_doc *doc);
DR_EXPORT const dr_scene *dr_scene_at(const dr_doc *doc, size_t i);

/* ------------------------------------------------------------------------ */
/* Quotes                                                                    */
/* ------------------------------------------------------------------------ */

#define DR_NONE SIZE_MAX /* "no index" in index fields */

/* Quote flags. */
#define DR_QF_UNCLOSED (1u << 0) /* no closing mark: closed at paragraph end
                                    (so is every piece of a multi-paragraph
                                    speech but the last) */
#define DR_QF_REOPENED (1u << 1) /* continues a quote of an earlier
                                    paragraph (multi-paragraph speech) */
#define DR_QF_NESTED (1u << 2)   /* lies inside another quote (parent) */

typedef struct dr_quote {
  size_t start, end;               /* the quoted words, marks excluded */
  size_t open_start, open_end;     /* the opening mark */
  size_t close_start, close_end;   /* the closing mark; equal if unclosed */
  size_t paragraph;                /* its paragraph */
  size_t continues;                /* index of the quote it continues, or
                                      DR_NONE */
  size_t parent;                   /* index of the enclosing quote in the
                                      same array (quotes, or quoted terms:
                                      a quote nested in a term is a term),
                                      or DR_NONE */
  unsigned flags;                  /* DR_QF_* */
} dr_quote;

/* Quotes in document order (a nested quote comes after its parent). */
DR_EXPORT size_t dr_quote_count(const dr_doc *doc);
DR_EXPORT const dr_quote *dr_quote_at(const dr_doc *doc, size_t i);

/* Quoted spans that are not speech (scare quotes, titles, single terms):
 * found, then set aside, so a reader can still see them. */
DR_EXPORT size_t dr_quoted_term_count(const dr_doc *doc);
DR_EXPORT const dr_quote *dr_quoted_term_at(const dr_doc *doc, size_t i);

/* ------------------------------------------------------------------------ */
/* Characters and mentions                                                   */
/* ------------------------------------------------------------------------ */

typedef struct dr_alias {
  const char *text; /* the surface form as written (NUL-terminated; owned by
                       the document) */
  size_t count;     /* how many mentions use it */
} dr_alias;

typedef enum dr_gender {
  DR_GENDER_UNKNOWN = 0, /* "U" */
  DR_GENDER_MALE = 1,    /* "M" */
  DR_GENDER_FEMALE = 2,  /* "F" */
  DR_GENDER_NONBINARY = 3 /* "N": they/them */
} dr_gender;

/* "U", "M", "F", "N". */
DR_EXPORT const char *dr_gender_name(dr_gender g);

typedef struct dr_character {
  const char *name;        /* its fullest common form; owned by the doc */
  dr_gender gender;        /* best guess */
  double gender_score;     /* confidence in gender, 0..1 */
  const dr_alias *aliases; /* its names, most used first */
  size_t n_aliases;
  size_t mentions;         /* story mentions (names, and pronouns once
                              coreference lands) */
  size_t first;            /* byte offset of its first mention */
  size_t quotes_spoken;    /* quotes it speaks (filled by attribution) */
  size_t quotes_addressed; /* quotes spoken to it (filled by attribution) */
} dr_character;

/* Characters, most mentioned first, then the role characters the speakers
 * stage adds ("the croupier": a cue's "the" + noun, kept when it speaks,
 * named by the phrase its cues write most, "the genial passenger", each
 * phrase an alias)
 * and, in a story told in the third person whose frame says "I said",
 * "the narrator" (no mentions; it speaks only those turns); ids in JSON
 * are C1, C2, ... in this order. */
DR_EXPORT size_t dr_character_count(const dr_doc *doc);
DR_EXPORT const dr_character *dr_character_at(const dr_doc *doc, size_t i);

typedef enum dr_mention_kind {
  DR_MENTION_NAME = 0,     /* a proper name: Darcy, Mr. Darcy */
  DR_MENTION_PRONOUN = 1,  /* he, she, I ... */
  DR_MENTION_NOMINAL = 2,  /* her husband, the inspector */
  DR_MENTION_VOCATIVE = 3  /* a name used in address inside a quote */
} dr_mention_kind;

/* "name", "pronoun", "nominal", "vocative". */
DR_EXPORT const char *dr_mention_kind_name(dr_mention_kind k);

typedef struct dr_mention {
  size_t start, end;    /* its span */
  size_t character;     /* index of its character, or DR_NONE */
  dr_mention_kind kind;
} dr_mention;

/* Character mentions in story text, in document order (never in notes).
 * Mentions of characters dropped under min_mentions are removed, so every
 * mention's character is a valid index. */
DR_EXPORT size_t dr_mention_count(const dr_doc *doc);
DR_EXPORT const dr_mention *dr_mention_at(const dr_doc *doc, size_t i);

/* ------------------------------------------------------------------------ */
/* Speakers, addressees, interactions                                        */
/* ------------------------------------------------------------------------ */

typedef enum dr_attribution_kind {
  DR_ATTR_NONE = 0,      /* "none": no speaker found */
  DR_ATTR_EXPLICIT = 1,  /* "explicit": the cue names the speaker */
  DR_ATTR_ANAPHORIC = 2, /* "anaphoric": a pronoun or description in the
                            cue ("he said", "the old man muttered") */
  DR_ATTR_IMPLICIT = 3   /* "implicit": no cue; conversation structure */
} dr_attribution_kind;

/* "none", "explicit", "anaphoric", "implicit". */
DR_EXPORT const char *dr_attribution_kind_name(dr_attribution_kind k);

/* Who says a quote and to whom: one record per quote (same index). */
typedef struct dr_attribution {
  size_t speaker;             /* character index, or DR_NONE */
  double speaker_score;       /* confidence, 0..1 */
  dr_attribution_kind kind;   /* how the speaker was found */
  size_t cue_start, cue_end;  /* the cue ("he said"); equal if none */
  const size_t *addressees;   /* character indexes, possibly none */
  size_t n_addressees;
} dr_attribution;

/* The attribution of quote i (i < dr_quote_count), or NULL if attribution
 * did not run.  Owned by the document. */
DR_EXPORT const dr_attribution *dr_quote_attribution(const dr_doc *doc,
                                                     size_t i);

/* A pair of characters and how much they interact.  a < b. */
typedef struct dr_interaction {
  size_t a, b;           /* character indexes */
  size_t quotes;         /* quotes one spoke to the other */
  size_t co_occurrences; /* scenes in which both are mentioned or speak */
  double weight;         /* quotes + co_occurrences (a simple, documented
                            sum; scripts can recompute their own) */
} dr_interaction;

DR_EXPORT size_t dr_interaction_count(const dr_doc *doc);
DR_EXPORT const dr_interaction *dr_interaction_at(const dr_doc *doc,
                                                  size_t i);

/* ------------------------------------------------------------------------ */
/* Output buffers and writers                                                */
/* ------------------------------------------------------------------------ */

typedef struct dr_buf dr_buf; /* a growable byte buffer */

/* A new, empty buffer; allocator may be NULL.  NULL when out of memory. */
DR_EXPORT dr_buf *dr_buf_new(const dr_allocator *allocator);
/* Frees the buffer.  NULL is a no-op. */
DR_EXPORT void dr_buf_free(dr_buf *buf);
/* The bytes written so far (NUL-terminated) and their count. */
DR_EXPORT const char *dr_buf_data(const dr_buf *buf, size_t *len);
/* Empties the buffer, keeping its capacity. */
DR_EXPORT void dr_buf_clear(dr_buf *buf);
/* DR_OK, or the first failure (DR_ENOMEM) since creation or clear. */
DR_EXPORT dr_status dr_buf_status(const dr_buf *buf);

/* JSON writer flags. */
#define DR_JSON_PRETTY (1u << 0)   /* indent (default: one compact line) */
#define DR_JSON_MENTIONS (1u << 1) /* include the (large) mentions list */

/* Appends the document as one JSON object, per the output contract
 * (docs/output-format.md), followed by a newline.  Returns DR_OK or the
 * buffer's failure. */
DR_EXPORT dr_status dr_doc_write_json(const dr_doc *doc, unsigned flags,
                                      dr_buf *out);

/* ------------------------------------------------------------------------ */
/* Output: report, tables and graphs                                         */
/* ------------------------------------------------------------------------ */

/* The writers below append to `out` and return DR_OK, DR_EINVAL (a NULL
 * argument, an unknown part) or the buffer's failure (DR_ENOMEM).  `flags`
 * is reserved: pass 0.  Document text in them is escaped for the format and
 * bytes that are not UTF-8 (only under DR_OPT_LOSSY) are written as U+FFFD.
 * None of them allocates except through the buffer. */

/* Appends an HTML report: one self-contained page (inline CSS, SVG and
 * script; nothing is fetched) with the cast table, the interaction network
 * (laid out deterministically), notes and tags, and the full text with each
 * quote coloured by speaker and a tooltip (speaker, addressees,
 * attribution, score, cue). */
DR_EXPORT dr_status dr_doc_write_html(const dr_doc *doc, unsigned flags,
                                      dr_buf *out);

/* Appends the quotes as CSV (RFC 4180, CRLF line ends, a header line):
 * start,end,speaker,speaker_name,addressees,attribution,cue,text, where
 * speaker and addressees are character ids (C1; several joined by ';'),
 * empty when unknown. */
DR_EXPORT dr_status dr_doc_write_csv(const dr_doc *doc, unsigned flags,
                                     dr_buf *out);

/* Appends the character network as GraphML: undirected; nodes C1, C2, ...
 * with name, label, gender, lines (quotes spoken), addressed and mentions;
 * edges with quotes, co_occurrences and weight (see dr_interaction). */
DR_EXPORT dr_status dr_doc_write_graphml(const dr_doc *doc, unsigned flags,
                                         dr_buf *out);

/* Appends the same network as GEXF 1.2 (Gephi): node labels are names,
 * edge weight is the interaction weight, the rest are attributes. */
DR_EXPORT dr_status dr_doc_write_gexf(const dr_doc *doc, unsigned flags,
                                      dr_buf *out);

/* The three files of BookNLP's output that dramatis can fill. */
typedef enum dr_booknlp_part {
  DR_BOOKNLP_TOKENS = 0,   /* PREFIX.tokens: one row per token */
  DR_BOOKNLP_ENTITIES = 1, /* PREFIX.entities: one row per mention */
  DR_BOOKNLP_QUOTES = 2    /* PREFIX.quotes: one row per quote */
} dr_booknlp_part;

/* Appends one BookNLP-compatible tab-separated file (BookNLP's header and
 * columns; README says which columns hold placeholders and how offsets
 * differ).  Token, sentence and paragraph ids are 0-based; COREF and
 * char_id are character indexes (C1 is 0), -1 when unknown. */
DR_EXPORT dr_status dr_doc_write_booknlp(const dr_doc *doc,
                                         dr_booknlp_part part, dr_buf *out);

#ifdef __cplusplus
}
#endif

#endif /* DRAMATIS_H */
