/*
 * test_structure.c -- notes, tags, chapters and scenes (src/structure.c).
 *
 * 1. Invariants every document must keep (check_invariants): chapters and
 *    scenes numbered from 1 and tiling the body, paragraph indexes valid,
 *    notes in order and made of whole paragraphs, tags inside their notes.
 * 2. The sample stories in ../shared/samples, as a careful reader marks
 *    them (skipped when ../shared is absent).
 * 3. The fixtures in tests/fixtures/structure: FanFiction.net style, AO3
 *    text download, notes between chapters, a Gutenberg head, heading and
 *    break spellings, one-line-per-paragraph metadata, and a story full of
 *    near misses that must stay story.
 * 4. Small inline cases: empty and note-only texts, ratings, pairings,
 *    free-form tags, CRLF, allocation failures.
 * 5. Real novels from ../shared/data/pdnc when present: their chapters, and
 *    no story paragraph taken for a note.
 */
#include "harness.h"

#include <stdbool.h>

/* The file parsed with default options; NULL (said on stderr when it
 * exists) if it cannot be read or parsed. */
static dr_doc *parse_file(const char *path, char **buf) {
  size_t n;
  dr_status st;
  dr_doc *d = h_parse_file(path, NULL, &st, buf, &n);
  if (*buf && st != DR_OK) {
    fprintf(stderr, "%s: parse failed\n", path);
    dr_doc_free(d);
    return NULL;
  }
  return d;
}

/* The byte offset of the first occurrence of s in the document. */
static size_t at(const dr_doc *d, const char *s) {
  size_t len, n = strlen(s);
  const char *t = dr_doc_text(d, &len);
  for (size_t i = 0; i + n <= len; i++)
    if (memcmp(t + i, s, n) == 0)
      return i;
  fprintf(stderr, "text not found: %s\n", s);
  return (size_t)-1;
}

/* The paragraph that starts with s. */
static const dr_paragraph *para_at(const dr_doc *d, const char *s) {
  size_t off = at(d, s);
  for (size_t i = 0; i < dr_paragraph_count(d); i++)
    if (dr_paragraph_at(d, i)->start == off)
      return dr_paragraph_at(d, i);
  fprintf(stderr, "no paragraph starts with: %s\n", s);
  return NULL;
}

static int para_kind(const dr_doc *d, const char *s) {
  const dr_paragraph *p = para_at(d, s);
  return p ? (int)p->kind : -1;
}

/* Index of the tag (tag, value), or -1. */
static long find_tag(const dr_doc *d, const char *tag, const char *value) {
  for (size_t i = 0; i < dr_tag_count(d); i++) {
    const dr_tag *t = dr_tag_at(d, i);
    if (strcmp(t->tag, tag) != 0)
      continue;
    if ((!value && !t->value) ||
        (value && t->value && strcmp(value, t->value) == 0))
      return (long)i;
  }
  return -1;
}

/* The tag exists, says label, and comes from note `note`. */
#define TAG_IS(d, tag_, value_, label_, note_)                                 \
  do {                                                                         \
    long x_k = find_tag((d), (tag_), (value_));                                \
    OK(x_k >= 0);                                                              \
    if (x_k >= 0) {                                                            \
      const dr_tag *x_tag = dr_tag_at((d), (size_t)x_k);                       \
      SPAN_EQ((d), x_tag->start, x_tag->end, (label_));                        \
      INT_EQ(x_tag->note, (note_));                                            \
    }                                                                          \
  } while (0)

#define NOTE_IS(d, i_, kind_, starts_)                                         \
  do {                                                                         \
    const dr_note *x_n = dr_note_at((d), (i_));                                \
    OK(x_n != NULL);                                                           \
    if (x_n) {                                                                 \
      INT_EQ(x_n->kind, (kind_));                                              \
      SPAN_EQ((d), x_n->start, x_n->start + strlen(starts_), (starts_));       \
    }                                                                          \
  } while (0)

#define TITLE_IS(d, i_, want_)                                                 \
  do {                                                                         \
    const dr_chapter *x_c = dr_chapter_at((d), (i_));                          \
    OK(x_c != NULL);                                                           \
    if (x_c)                                                                   \
      SPAN_EQ((d), x_c->title_start, x_c->title_end, (want_));                 \
  } while (0)

/* ------------------------------------------------------------------------ */
/* 1. Invariants                                                             */
/* ------------------------------------------------------------------------ */

static void check_invariants(const dr_doc *d) {
  size_t len;
  const char *text = dr_doc_text(d, &len);
  size_t nc = dr_chapter_count(d), ns = dr_scene_count(d);
  size_t np = dr_paragraph_count(d), nn = dr_note_count(d);
  OK(nc >= 1);
  OK(ns >= nc);
  /* Chapters: numbered, in order, tiling. */
  for (size_t i = 0; i < nc; i++) {
    const dr_chapter *c = dr_chapter_at(d, i);
    INT_EQ(c->n, i + 1);
    OK(c->start <= c->end && c->end <= len);
    OK(c->title_start <= c->title_end);
    if (c->title_end > c->title_start)
      OK(c->title_start >= c->start && c->title_end <= c->end);
    if (i + 1 < nc)
      INT_EQ(c->end, dr_chapter_at(d, i + 1)->start);
  }
  /* Scenes: numbered, each chapter's tiled by its own. */
  size_t s = 0;
  for (size_t c = 0; c < nc; c++) {
    const dr_chapter *ch = dr_chapter_at(d, c);
    OK(s < ns);
    if (s >= ns)
      break;
    INT_EQ(dr_scene_at(d, s)->start, ch->start);
    size_t prev_end = ch->start;
    while (s < ns && dr_scene_at(d, s)->chapter == c) {
      const dr_scene *sc = dr_scene_at(d, s);
      INT_EQ(sc->n, s + 1);
      INT_EQ(sc->start, prev_end);
      OK(sc->start <= sc->end);
      prev_end = sc->end;
      s++;
    }
    INT_EQ(prev_end, ch->end);
  }
  INT_EQ(s, ns);
  /* Paragraphs: valid indexes; body paragraphs inside their chapter and
   * scene; note paragraphs and only they point at a note. */
  for (size_t i = 0; i < np; i++) {
    const dr_paragraph *p = dr_paragraph_at(d, i);
    OK(p->chapter < nc && p->scene < ns);
    if (p->chapter >= nc || p->scene >= ns)
      continue;
    OK(dr_scene_at(d, p->scene)->chapter == p->chapter);
    const dr_chapter *c = dr_chapter_at(d, p->chapter);
    if (p->start >= c->start && p->end <= c->end) {
      const dr_scene *sc = dr_scene_at(d, p->scene);
      OK(p->start >= sc->start && p->end <= sc->end);
    } else {
      OK(p->kind == DR_PARA_NOTE); /* only notes lie outside chapters */
    }
    if (p->kind == DR_PARA_NOTE) {
      OK(p->note < nn);
      if (p->note < nn) {
        const dr_note *n = dr_note_at(d, p->note);
        OK(n->start <= p->start && p->end <= n->end);
      }
    } else {
      OK(p->note == DR_NONE);
    }
  }
  /* Notes: in order, apart, each starting and ending at a paragraph. */
  for (size_t i = 0; i < nn; i++) {
    const dr_note *n = dr_note_at(d, i);
    OK(n->start < n->end && n->end <= len);
    if (i + 1 < nn)
      OK(n->end < dr_note_at(d, i + 1)->start);
    bool starts = false, ends = false;
    for (size_t k = 0; k < np; k++) {
      const dr_paragraph *p = dr_paragraph_at(d, k);
      starts = starts || (p->start == n->start && p->note == i);
      ends = ends || (p->end == n->end && p->note == i);
    }
    OK(starts && ends);
  }
  /* Tags: inside their note, label trimmed and non-empty. */
  for (size_t i = 0; i < dr_tag_count(d); i++) {
    const dr_tag *t = dr_tag_at(d, i);
    OK(t->tag && t->tag[0]);
    OK(t->note < nn);
    if (t->note >= nn)
      continue;
    const dr_note *n = dr_note_at(d, t->note);
    OK(n->start <= t->start && t->start < t->end && t->end <= n->end);
    OK(text[t->start] != ' ' && text[t->end - 1] != ' ' &&
       text[t->end - 1] != '\n');
  }
  /* Title and author spans. */
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  OK(info.title_start <= info.title_end && info.title_end <= len);
  OK(info.author_start <= info.author_end && info.author_end <= len);
}

/* ------------------------------------------------------------------------ */
/* 2. Sample stories                                                         */
/* ------------------------------------------------------------------------ */

static int skipped;

static void test_netherfield(void) {
  char *buf;
  dr_doc *d = parse_file("../shared/samples/netherfield-ball.txt", &buf);
  if (!d && !buf) {
    printf("skipped: ../shared not present (netherfield-ball.txt)\n");
    skipped++;
    return;
  }
  OK(d != NULL);
  if (!d) {
    free(buf);
    return;
  }
  check_invariants(d);
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  INT_EQ(info.title_end - info.title_start, 0);
  INT_EQ(info.author_end - info.author_start, 0);

  /* Notes: the disclaimer and the author's note on top, the end note. */
  INT_EQ(dr_note_count(d), 3);
  NOTE_IS(d, 0, DR_NOTE_DISCLAIMER, "Disclaimer: I don't own Pride");
  SPAN_EQ(d, dr_note_at(d, 0)->start, dr_note_at(d, 0)->end,
          "Disclaimer: I don't own Pride and Prejudice. Miss Austen does, "
          "and she would probably be appalled.");
  NOTE_IS(d, 1, DR_NOTE_AUTHORS_NOTE, "A/N: Modern AU");
  NOTE_IS(d, 2, DR_NOTE_ENDNOTE, "A/N: Thanks for reading!");
  SPAN_EQ(d, dr_note_at(d, 2)->start, dr_note_at(d, 2)->end,
          "A/N: Thanks for reading! Chapter 2 will have dancing, I promise.");

  /* Tags, each where it was said. */
  INT_EQ(dr_tag_count(d), 4);
  TAG_IS(d, "disclaimer", NULL, "Disclaimer", 0);
  TAG_IS(d, "alternate_universe", NULL, "Modern AU", 1);
  TAG_IS(d, "fluff", NULL, "fluff", 1);
  TAG_IS(d, "out_of_character", NULL, "probably OOC", 1);

  /* One chapter, from its heading to the last story paragraph. */
  INT_EQ(dr_chapter_count(d), 1);
  TITLE_IS(d, 0, "Chapter 1: The Wrong Table");
  const dr_chapter *c = dr_chapter_at(d, 0);
  INT_EQ(c->start, at(d, "Chapter 1: The Wrong Table"));
  const dr_paragraph *last = para_at(d, "Beside her, Fitzwilliam Darcy");
  OK(last && c->end == last->end);
  INT_EQ(para_kind(d, "Chapter 1: The Wrong"), DR_PARA_HEADING);

  /* Two scenes, split at ~~~. */
  INT_EQ(dr_scene_count(d), 2);
  INT_EQ(para_kind(d, "~~~"), DR_PARA_BREAK);
  INT_EQ(dr_scene_at(d, 1)->start, at(d, "Later, when the speeches"));
  INT_EQ(dr_scene_at(d, 0)->end, dr_scene_at(d, 1)->start);
  const dr_paragraph *brk = para_at(d, "~~~");
  OK(brk && brk->scene == 0);

  /* Paragraph kinds and note indexes. */
  const dr_paragraph *p0 = para_at(d, "Disclaimer:");
  OK(p0 && p0->kind == DR_PARA_NOTE && p0->note == 0);
  const dr_paragraph *pe = para_at(d, "A/N: Thanks");
  OK(pe && pe->kind == DR_PARA_NOTE && pe->note == 2 && pe->chapter == 0);
  INT_EQ(para_kind(d, "Elizabeth Bennet had not"), DR_PARA_TEXT);
  INT_EQ(para_kind(d, "\"I want to tell you"), DR_PARA_TEXT);
  dr_doc_free(d);
  free(buf);
}

static void test_greenwood(void) {
  char *buf;
  dr_doc *d = parse_file("../shared/samples/greenwood.txt", &buf);
  if (!d && !buf) {
    printf("skipped: ../shared not present (greenwood.txt)\n");
    skipped++;
    return;
  }
  OK(d != NULL);
  if (!d) {
    free(buf);
    return;
  }
  check_invariants(d);

  /* The metadata block is one header note, its Summary: line included. */
  INT_EQ(dr_note_count(d), 1);
  NOTE_IS(d, 0, DR_NOTE_HEADER, "Title: Greenwood");
  const dr_paragraph *sum = para_at(d, "Title: Greenwood");
  OK(sum && sum->note == 0);
  INT_EQ(dr_note_at(d, 0)->end,
         at(d, "She does not expect him to be glad.") +
             strlen("She does not expect him to be glad."));
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  SPAN_EQ(d, info.title_start, info.title_end, "Greenwood");
  INT_EQ(info.author_end - info.author_start, 0);

  INT_EQ(dr_tag_count(d), 7);
  TAG_IS(d, "fandom", "Robin Hood (Traditional)", "Robin Hood (Traditional)",
         0);
  TAG_IS(d, "pairing", "Marian/Robin", "Marian/Robin", 0);
  TAG_IS(d, "rating", "teen", "T", 0);
  TAG_IS(d, "angst", NULL, "Angst", 0);
  TAG_IS(d, "hurt_comfort", NULL, "Hurt/Comfort", 0);
  TAG_IS(d, "first_person", NULL, "First Person", 0);
  TAG_IS(d, "canon_divergence", NULL, "Canon Divergence", 0);

  INT_EQ(dr_chapter_count(d), 2);
  TITLE_IS(d, 0, "Chapter One");
  TITLE_IS(d, 1, "Chapter Two");
  INT_EQ(dr_chapter_at(d, 0)->start, at(d, "Chapter One"));
  INT_EQ(dr_chapter_at(d, 1)->start, at(d, "Chapter Two"));
  const dr_paragraph *last = para_at(d, "\xE2\x80\x98Then stay");
  OK(last && dr_chapter_at(d, 1)->end == last->end);

  /* * * * closes chapter one; it splits no scene (nothing follows it in
   * that chapter), so each chapter has one scene. */
  INT_EQ(para_kind(d, "* * *"), DR_PARA_BREAK);
  const dr_paragraph *brk = para_at(d, "* * *");
  OK(brk && brk->chapter == 0);
  INT_EQ(dr_scene_count(d), 2);
  INT_EQ(dr_scene_at(d, 0)->chapter, 0);
  INT_EQ(dr_scene_at(d, 1)->chapter, 1);
  INT_EQ(para_kind(d, "Chapter Two"), DR_PARA_HEADING);
  dr_doc_free(d);
  free(buf);
}

/* ------------------------------------------------------------------------ */
/* 3. Fixtures                                                               */
/* ------------------------------------------------------------------------ */

#define FIX "tests/fixtures/structure/"

static dr_doc *fixture(const char *name, char **buf) {
  char path[256];
  snprintf(path, sizeof path, FIX "%s", name);
  dr_doc *d = parse_file(path, buf);
  OK(d != NULL);
  if (d)
    check_invariants(d);
  return d;
}

/* FanFiction.net: disclaimer, A/N with tags, chapter headings with : and
 * -, xXx and -LINEBREAK- breaks, a bracketed two-paragraph note between
 * chapters, a lone "A/N:" label over its text at the end. */
static void test_ffn(void) {
  char *buf;
  dr_doc *d = fixture("ffn.txt", &buf);
  if (!d) {
    free(buf);
    return;
  }
  INT_EQ(dr_note_count(d), 4);
  NOTE_IS(d, 0, DR_NOTE_DISCLAIMER, "Disclaimer: I don't own Harry Potter.");
  NOTE_IS(d, 1, DR_NOTE_AUTHORS_NOTE, "A/N: This is a one-shot");
  NOTE_IS(d, 2, DR_NOTE_AUTHORS_NOTE, "[A/N: Sorry for the long wait");
  SPAN_EQ(d, dr_note_at(d, 2)->start, dr_note_at(d, 2)->end,
          "[A/N: Sorry for the long wait between chapters! Real life got in "
          "the way.\n\nThanks to everyone who reviewed!]");
  NOTE_IS(d, 3, DR_NOTE_ENDNOTE, "A/N:\n\nThanks for reading!");
  SPAN_EQ(d, dr_note_at(d, 3)->start, dr_note_at(d, 3)->end,
          "A/N:\n\nThanks for reading! Please review, it makes my day :)");

  TAG_IS(d, "disclaimer", NULL, "Disclaimer", 0);
  TAG_IS(d, "one_shot", NULL, "one-shot", 1);
  TAG_IS(d, "out_of_character", NULL, "Slightly OOC", 1);
  TAG_IS(d, "alternate_universe", NULL, "alternate universe", 1);
  TAG_IS(d, "hurt_comfort", NULL, "Hurt/Comfort", 1);
  TAG_IS(d, "angst", NULL, "angst", 1);
  TAG_IS(d, "rating", "teen", "Rated T", 1);
  INT_EQ(dr_tag_count(d), 7);

  INT_EQ(dr_chapter_count(d), 2);
  TITLE_IS(d, 0, "Chapter 1: The Letter");
  TITLE_IS(d, 1, "Chapter 2 - Malfoy Manor");
  /* The note between chapters belongs to chapter 1. */
  const dr_paragraph *mid = para_at(d, "Thanks to everyone who reviewed!]");
  OK(mid && mid->chapter == 0 && mid->note == 2);
  INT_EQ(dr_chapter_at(d, 1)->start, at(d, "Chapter 2 - Malfoy Manor"));
  INT_EQ(dr_chapter_at(d, 1)->end, at(d, "\"You asked,\" she said.") +
                                       strlen("\"You asked,\" she said."));

  INT_EQ(para_kind(d, "xXx"), DR_PARA_BREAK);
  INT_EQ(para_kind(d, "-LINEBREAK-"), DR_PARA_BREAK);
  INT_EQ(dr_scene_count(d), 4);
  INT_EQ(dr_scene_at(d, 1)->start, at(d, "The second sign was the owl."));
  INT_EQ(dr_scene_at(d, 1)->chapter, 0);
  INT_EQ(dr_scene_at(d, 2)->start, at(d, "Chapter 2 - Malfoy Manor"));
  INT_EQ(dr_scene_at(d, 3)->start, at(d, "Draco met her at the gate."));
  INT_EQ(para_kind(d, "She read the letter twice."), DR_PARA_TEXT);
  dr_doc_free(d);
  free(buf);
}

/* AO3 text download: title + "Posted originally", Key: / indented value
 * metadata, title and by-line, Summary and Notes sections, "Chapter
 * Text" markers, <hr>, Chapter End Notes and End Notes. */
static void test_ao3(void) {
  char *buf;
  dr_doc *d = fixture("ao3.txt", &buf);
  if (!d) {
    free(buf);
    return;
  }
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  SPAN_EQ(d, info.title_start, info.title_end, "The Quiet Hours");
  SPAN_EQ(d, info.author_start, info.author_end, "inkwellian");

  INT_EQ(dr_note_count(d), 5);
  NOTE_IS(d, 0, DR_NOTE_HEADER, "The Quiet Hours\nPosted originally");
  INT_EQ(dr_note_at(d, 0)->end, at(d, "by inkwellian") + 13);
  NOTE_IS(d, 1, DR_NOTE_SUMMARY, "Summary\n\n    Watson keeps a diary");
  NOTE_IS(d, 2, DR_NOTE_AUTHORS_NOTE, "Notes\n\n    Written for a prompt");
  NOTE_IS(d, 3, DR_NOTE_ENDNOTE, "Chapter End Notes\n\n    Next chapter");
  NOTE_IS(d, 4, DR_NOTE_ENDNOTE, "End Notes\n\n    Thank you for reading!");

  TAG_IS(d, "rating", "teen", "Teen And Up Audiences", 0);
  TAG_IS(d, "warning", "none", "No Archive Warnings Apply", 0);
  TAG_IS(d, "fandom", "Sherlock Holmes - Arthur Conan Doyle",
         "Sherlock Holmes - Arthur Conan Doyle", 0);
  TAG_IS(d, "pairing", "Mary Morstan/John Watson", "Mary Morstan/John Watson",
         0);
  TAG_IS(d, "pairing", "Sherlock Holmes & John Watson",
         "Sherlock Holmes & John Watson", 0);
  TAG_IS(d, "fluff", NULL, "Fluff", 0);
  TAG_IS(d, "case_fic", NULL, "Case Fic", 0);
  TAG_IS(d, "post_canon", NULL, "Post-Canon", 0);
  TAG_IS(d, "domestic", NULL, "Domestic", 0);
  TAG_IS(d, "complete", NULL, "2/2", 0);
  INT_EQ(dr_tag_count(d), 10);

  /* "Chapter 1: Baker Street" + "Chapter Text" is one chapter; the
   * chapter's end notes stay in it. */
  INT_EQ(dr_chapter_count(d), 2);
  TITLE_IS(d, 0, "Chapter 1: Baker Street");
  TITLE_IS(d, 1, "Chapter 2: The Case");
  INT_EQ(dr_chapter_at(d, 0)->start, at(d, "Chapter 1: Baker Street"));
  INT_EQ(para_kind(d, "Chapter Text"), DR_PARA_HEADING);
  const dr_paragraph *cen = para_at(d, "Chapter End Notes");
  OK(cen && cen->chapter == 0 && cen->kind == DR_PARA_NOTE);
  INT_EQ(para_kind(d, "<hr>"), DR_PARA_BREAK);
  INT_EQ(dr_scene_count(d), 3);
  INT_EQ(dr_scene_at(d, 1)->start, at(d, "At midnight the bell rang."));
  INT_EQ(para_kind(d, "Mary set a second cup"), DR_PARA_TEXT);
  dr_doc_free(d);
  free(buf);
}

/* Notes between chapters: (Author's Note: ...), Note: at a chapter's top,
 * [AN: ...] before a heading; PART ONE + Chapter One make one chapter. */
static void test_between(void) {
  char *buf;
  dr_doc *d = fixture("between.txt", &buf);
  if (!d) {
    free(buf);
    return;
  }
  INT_EQ(dr_note_count(d), 3);
  NOTE_IS(d, 0, DR_NOTE_AUTHORS_NOTE, "(Author's Note: I wrote this");
  NOTE_IS(d, 1, DR_NOTE_AUTHORS_NOTE, "Note: this chapter mentions");
  NOTE_IS(d, 2, DR_NOTE_AUTHORS_NOTE, "[AN: Two more chapters to go!]");
  INT_EQ(dr_tag_count(d), 0);

  INT_EQ(dr_chapter_count(d), 4);
  TITLE_IS(d, 0, "Chapter One");
  TITLE_IS(d, 1, "Chapter Two");
  TITLE_IS(d, 2, "Chapter Three");
  TITLE_IS(d, 3, "Epilogue");
  INT_EQ(dr_chapter_at(d, 0)->start, at(d, "PART ONE"));
  INT_EQ(para_kind(d, "PART ONE"), DR_PARA_HEADING);
  /* The note at chapter one's end is in chapter one. */
  const dr_paragraph *n0 = para_at(d, "(Author's Note:");
  OK(n0 && n0->chapter == 0);
  const dr_paragraph *n1 = para_at(d, "Note: this chapter");
  OK(n1 && n1->chapter == 1);
  INT_EQ(dr_scene_count(d), 5);
  INT_EQ(dr_scene_at(d, 2)->start, at(d, "In the summer he went back."));
  INT_EQ(para_kind(d, "The boy's grandmother died"), DR_PARA_TEXT);
  dr_doc_free(d);
  free(buf);
}

/* A Gutenberg file: boiler plate, Title:/Author:, START marker, title
 * page, contents, chapters with title lines, END marker and licence. */
static void test_gutenberg(void) {
  char *buf;
  dr_doc *d = fixture("gutenberg.txt", &buf);
  if (!d) {
    free(buf);
    return;
  }
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  SPAN_EQ(d, info.title_start, info.title_end, "The Lantern Keeper");
  SPAN_EQ(d, info.author_start, info.author_end, "Anne Example");
  INT_EQ(dr_note_count(d), 2);
  NOTE_IS(d, 0, DR_NOTE_HEADER, "The Project Gutenberg EBook of");
  INT_EQ(dr_note_at(d, 0)->end, at(d, "CHAPTER II.     The Storm") +
                                    strlen("CHAPTER II.     The Storm"));
  NOTE_IS(d, 1, DR_NOTE_ENDNOTE, "End of the Project Gutenberg EBook");
  size_t len;
  dr_doc_text(d, &len);
  INT_EQ(dr_note_at(d, 1)->end, len - 1);
  INT_EQ(dr_tag_count(d), 0);

  INT_EQ(dr_chapter_count(d), 2);
  TITLE_IS(d, 0, "CHAPTER I.\nTHE LIGHT");
  TITLE_IS(d, 1, "CHAPTER II.\nTHE STORM");
  INT_EQ(dr_chapter_at(d, 0)->start, at(d, "CHAPTER I.\nTHE LIGHT"));
  INT_EQ(dr_chapter_at(d, 1)->end,
         at(d, "the old man gone.") + strlen("the old man gone."));
  INT_EQ(dr_scene_count(d), 2);
  INT_EQ(para_kind(d, "\"It will not go out"), DR_PARA_TEXT);
  dr_doc_free(d);
  free(buf);
}

/* Near misses: "By nightfall", "Status:" mid-paragraph, "Au revoir",
 * "about", "Note to self", "I don't own a greenhouse", "Chapter 2 will
 * ..." -- all story, one chapter, no notes, no tags. */
static void test_plain(void) {
  char *buf;
  dr_doc *d = fixture("plain.txt", &buf);
  if (!d) {
    free(buf);
    return;
  }
  INT_EQ(dr_note_count(d), 0);
  INT_EQ(dr_tag_count(d), 0);
  INT_EQ(dr_chapter_count(d), 1);
  INT_EQ(dr_scene_count(d), 1);
  const dr_chapter *c = dr_chapter_at(d, 0);
  INT_EQ(c->start, 0);
  INT_EQ(c->title_end - c->title_start, 0);
  size_t len;
  dr_doc_text(d, &len);
  INT_EQ(c->end, len - 1);
  for (size_t i = 0; i < dr_paragraph_count(d); i++)
    INT_EQ(dr_paragraph_at(d, i)->kind, DR_PARA_TEXT);
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  INT_EQ(info.title_end - info.title_start, 0);
  INT_EQ(info.author_end - info.author_start, 0);
  dr_doc_free(d);
  free(buf);
}

static void test_breaks(void) {
  char *buf;
  dr_doc *d = fixture("breaks.txt", &buf);
  if (!d) {
    free(buf);
    return;
  }
  static const char *const brk[] = {
      "***",   "* * *", "~~~", "-x-",       "oOo",  "o0o",      "#",    "-----",
      "_____", "=====", "+++", "* * * * *", "<hr>", "\xC2\xA7", "~*~*~"};
  for (size_t i = 0; i < sizeof brk / sizeof brk[0]; i++) {
    /* Each break paragraph follows "Word.\n\n". */
    INT_EQ(para_kind(d, brk[i]), DR_PARA_BREAK);
  }
  INT_EQ(dr_scene_count(d), 16);
  INT_EQ(dr_chapter_count(d), 1);
  /* "..." is a pause, not a break. */
  INT_EQ(para_kind(d, "...\n"), DR_PARA_TEXT);
  INT_EQ(dr_scene_at(d, 15)->start, at(d, "Sixteen."));
  dr_doc_free(d);
  free(buf);
}

static void test_headings(void) {
  char *buf;
  dr_doc *d = fixture("headings.txt", &buf);
  if (!d) {
    free(buf);
    return;
  }
  static const char *const titles[] = {"Prologue",
                                       "Chapter 1",
                                       "Chapter One",
                                       "CHAPTER IV",
                                       "CHAPTER I.",
                                       "Chapter 3: Title",
                                       "Chapter 12 - Title",
                                       "PART I",
                                       "IV.",
                                       "~ Chapter Twenty-One ~",
                                       "Chapter 7 The Long Night",
                                       "Epilogue"};
  size_t n = sizeof titles / sizeof titles[0];
  INT_EQ(dr_chapter_count(d), n);
  for (size_t i = 0; i < n && i < dr_chapter_count(d); i++) {
    TITLE_IS(d, i, titles[i]);
    INT_EQ(para_kind(d, titles[i]), DR_PARA_HEADING);
  }
  INT_EQ(dr_note_count(d), 0);
  dr_doc_free(d);
  free(buf);
}

/* One line per paragraph (no blank lines): metadata lines, story, A/N. */
static void test_lines(void) {
  char *buf;
  dr_doc *d = fixture("lines.txt", &buf);
  if (!d) {
    free(buf);
    return;
  }
  INT_EQ(dr_note_count(d), 2);
  NOTE_IS(d, 0, DR_NOTE_HEADER, "Title: Salt and Iron");
  INT_EQ(dr_note_at(d, 0)->end, at(d, "two keepers.") + 12);
  NOTE_IS(d, 1, DR_NOTE_ENDNOTE, "A/N: Please review!");
  dr_doc_info info;
  dr_doc_get_info(d, &info);
  SPAN_EQ(d, info.title_start, info.title_end, "Salt and Iron");
  SPAN_EQ(d, info.author_start, info.author_end, "quietfox");
  TAG_IS(d, "fandom", "Original Work", "Original Work", 0);
  TAG_IS(d, "rating", "mature", "M", 0);
  TAG_IS(d, "warning", "major_character_death", "Major Character Death", 0);
  TAG_IS(d, "warning", "violence", "Violence", 0);
  TAG_IS(d, "complete", NULL, "Complete", 0);
  INT_EQ(dr_tag_count(d), 5);
  INT_EQ(dr_chapter_count(d), 1);
  INT_EQ(dr_chapter_at(d, 0)->start, at(d, "The sea came in"));
  INT_EQ(dr_chapter_at(d, 0)->end,
         at(d, "Maren said.") + strlen("Maren said."));
  dr_doc_free(d);
  free(buf);
}

/* ------------------------------------------------------------------------ */
/* 4. Inline cases                                                           */
/* ------------------------------------------------------------------------ */

static dr_doc *str_doc(const char *s, char **buf) {
  dr_doc *d = parse_str(s, buf);
  OK(d != NULL);
  if (d)
    check_invariants(d);
  return d;
}

static void test_edges(void) {
  char *buf;
  /* Empty: one empty chapter and scene. */
  dr_doc *d = str_doc("", &buf);
  if (d) {
    INT_EQ(dr_chapter_count(d), 1);
    INT_EQ(dr_scene_count(d), 1);
    INT_EQ(dr_note_count(d), 0);
  }
  dr_doc_free(d);
  free(buf);

  /* Only a note: it is not an end note (no story before it). */
  d = str_doc("A/N: just a note.\n", &buf);
  if (d) {
    INT_EQ(dr_note_count(d), 1);
    NOTE_IS(d, 0, DR_NOTE_AUTHORS_NOTE, "A/N: just a note.");
    INT_EQ(dr_chapter_count(d), 1);
    INT_EQ(dr_chapter_at(d, 0)->start, dr_chapter_at(d, 0)->end);
  }
  dr_doc_free(d);
  free(buf);

  /* Story before the first heading: an untitled chapter; notes on top do
   * not make one. */
  d = str_doc("A/N: hi there.\n\nIt began with rain.\n\nChapter 2\n\n"
              "It went on raining.\n",
              &buf);
  if (d) {
    INT_EQ(dr_chapter_count(d), 2);
    INT_EQ(dr_chapter_at(d, 0)->start, at(d, "It began"));
    INT_EQ(dr_chapter_at(d, 0)->title_end, dr_chapter_at(d, 0)->title_start);
    TITLE_IS(d, 1, "Chapter 2");
  }
  dr_doc_free(d);
  free(buf);

  /* A long title wrapped over several Title Case lines is the heading,
   * whole; prose under a heading line is not ("glued": story text that
   * starts a chapter). */
  d = str_doc("It began with rain.\n\n"
              "Chapter 2: The Reverend Arthur Pomfret, Miss Daisy Pomfret,\n"
              "and the Vicar Drive Out in Carriages to See a View; the\n"
              "Farmers Drive Them Home Again, Slowly and with Care\n\n"
              "It went on raining.\n\n"
              "Chapter 3: The Thaw\n"
              "It stopped raining at last, and the Pomfrets went out into "
              "the lanes to look at the floods.\n",
              &buf);
  if (d) {
    INT_EQ(dr_chapter_count(d), 3);
    TITLE_IS(d, 1,
             "Chapter 2: The Reverend Arthur Pomfret, Miss Daisy Pomfret,\n"
             "and the Vicar Drive Out in Carriages to See a View; the\n"
             "Farmers Drive Them Home Again, Slowly and with Care");
    INT_EQ(para_kind(d, "Chapter 2:"), DR_PARA_HEADING);
    INT_EQ(para_kind(d, "Chapter 3:"), DR_PARA_TEXT);
  }
  dr_doc_free(d);
  free(buf);

  /* Headings in a row make one chapter; a break right after a heading
   * or at a chapter's end splits nothing. */
  d = str_doc("Chapter 1\n\n* * *\n\nText one.\n\n***\n\nChapter 2\n\n"
              "Text two.\n",
              &buf);
  if (d) {
    INT_EQ(dr_chapter_count(d), 2);
    INT_EQ(dr_scene_count(d), 2);
  }
  dr_doc_free(d);
  free(buf);

  /* CRLF line ends. */
  d = str_doc("Disclaimer: I don't own Naruto.\r\n\r\nChapter 1: Rain\r\n\r\n"
              "Text.\r\n\r\n~~~\r\n\r\nMore text.\r\n\r\nA/N: bye!\r\n",
              &buf);
  if (d) {
    INT_EQ(dr_note_count(d), 2);
    NOTE_IS(d, 0, DR_NOTE_DISCLAIMER, "Disclaimer: I don't own Naruto.");
    SPAN_EQ(d, dr_note_at(d, 0)->start, dr_note_at(d, 0)->end,
            "Disclaimer: I don't own Naruto.");
    NOTE_IS(d, 1, DR_NOTE_ENDNOTE, "A/N: bye!");
    TITLE_IS(d, 0, "Chapter 1: Rain");
    INT_EQ(dr_scene_count(d), 2);
  }
  dr_doc_free(d);
  free(buf);

  /* A disclaimer without a label, at the top. */
  d = str_doc("I don't own Sherlock Holmes or any of the characters.\n\n"
              "The fog was thick.\n",
              &buf);
  if (d) {
    INT_EQ(dr_note_count(d), 1);
    NOTE_IS(d, 0, DR_NOTE_DISCLAIMER, "I don't own");
    TAG_IS(d, "disclaimer", NULL, "I don't own", 0);
  }
  dr_doc_free(d);
  free(buf);

  /* A summary alone. */
  d = str_doc("Summary: Two people, one umbrella.\n\nIt rained.\n", &buf);
  if (d) {
    INT_EQ(dr_note_count(d), 1);
    NOTE_IS(d, 0, DR_NOTE_SUMMARY, "Summary: Two");
  }
  dr_doc_free(d);
  free(buf);
}

static void test_tags(void) {
  char *buf;
  /* "AU" is a whole upper-case word; "about", "Au revoir" are not. */
  dr_doc *d = str_doc("A/N: This is about a trip to Paris. Au revoir!\n\n"
                      "Story text.\n",
                      &buf);
  if (d)
    INT_EQ(dr_tag_count(d), 0);
  dr_doc_free(d);
  free(buf);

  /* Ratings. */
  static const struct {
    const char *line, *value, *label;
  } rt[] = {{"Rating: K+", "general", "K+"},
            {"Rating: K", "general", "K"},
            {"Rating: T", "teen", "T"},
            {"Rating: M", "mature", "M"},
            {"Rating: MA", "explicit", "MA"},
            {"Rating: G", "general", "G"},
            {"Rating: PG-13", "teen", "PG-13"},
            {"Rating: General Audiences", "general", "General Audiences"},
            {"Rating: Teen And Up Audiences", "teen", "Teen And Up Audiences"},
            {"Rating: Explicit", "explicit", "Explicit"},
            {"Rating: Not Rated", "not_rated", "Not Rated"},
            {"Rated: NC-17", "explicit", "NC-17"}};
  for (size_t i = 0; i < sizeof rt / sizeof rt[0]; i++) {
    char text[200];
    snprintf(text, sizeof text, "Title: X\n%s\n\nStory text.\n", rt[i].line);
    d = str_doc(text, &buf);
    if (d) {
      TAG_IS(d, "rating", rt[i].value, rt[i].label, 0);
      INT_EQ(dr_tag_count(d), 1);
    }
    dr_doc_free(d);
    free(buf);
  }

  /* Pairings split on commas; free-form tags in snake case; status. */
  d = str_doc("Pairing: Harry/Draco, Ron & Hermione, Ginny\n"
              "Tags: Case Fic, Friends to Lovers, Slow Burn, Fluff and Angst\n"
              "Genre: Romance/Hurt/Comfort\n"
              "Status: WIP\n\nStory text.\n",
              &buf);
  if (d) {
    TAG_IS(d, "pairing", "Harry/Draco", "Harry/Draco", 0);
    TAG_IS(d, "pairing", "Ron & Hermione", "Ron & Hermione", 0);
    OK(find_tag(d, "pairing", "Ginny") < 0);
    TAG_IS(d, "case_fic", NULL, "Case Fic", 0);
    TAG_IS(d, "friends_to_lovers", NULL, "Friends to Lovers", 0);
    TAG_IS(d, "slow_burn", NULL, "Slow Burn", 0);
    TAG_IS(d, "fluff", NULL, "Fluff", 0);
    TAG_IS(d, "angst", NULL, "Angst", 0);
    TAG_IS(d, "romance", NULL, "Romance", 0);
    TAG_IS(d, "hurt_comfort", NULL, "Hurt/Comfort", 0);
    TAG_IS(d, "wip", NULL, "WIP", 0);
    INT_EQ(dr_tag_count(d), 10);
  }
  dr_doc_free(d);
  free(buf);

  /* Phrases in free text, widened labels, and no repeats. */
  d = str_doc("A/N: Completely out of character, a Coffee Shop AU, fluffy "
              "oneshot, crossover with Doctor Who, canon-divergent, first "
              "person POV. Fluff! OOC! [Complete]\n\nStory text.\n",
              &buf);
  if (d) {
    TAG_IS(d, "out_of_character", NULL, "Completely out of character", 0);
    TAG_IS(d, "alternate_universe", NULL, "Coffee Shop AU", 0);
    TAG_IS(d, "fluff", NULL, "fluffy", 0);
    TAG_IS(d, "one_shot", NULL, "oneshot", 0);
    TAG_IS(d, "crossover", NULL, "crossover", 0);
    TAG_IS(d, "canon_divergence", NULL, "canon-divergent", 0);
    TAG_IS(d, "first_person", NULL, "first person", 0);
    TAG_IS(d, "complete", NULL, "[Complete]", 0);
    INT_EQ(dr_tag_count(d), 8);
  }
  dr_doc_free(d);
  free(buf);

  /* Tags come only from notes: the same words in the story say nothing. */
  d = str_doc("Chapter 1\n\nIt was pure fluff, she said, probably OOC.\n",
              &buf);
  if (d) {
    INT_EQ(dr_tag_count(d), 0);
    INT_EQ(dr_note_count(d), 0);
  }
  dr_doc_free(d);
  free(buf);
}

/* A note runs on over reader talk, never over story. */
static void test_continuation(void) {
  char *buf;
  dr_doc *d = str_doc("Chapter 1\n\nShe ran.\n\nA/N: Short one today.\n\n"
                      "Please review!\n\nChapter 2\n\nHe ran.\n\n"
                      "A/N: Sorry.\n\nShe walked away.\n\nChapter 3\n\n"
                      "End.\n",
                      &buf);
  if (d) {
    INT_EQ(dr_note_count(d), 2);
    SPAN_EQ(d, dr_note_at(d, 0)->start, dr_note_at(d, 0)->end,
            "A/N: Short one today.\n\nPlease review!");
    SPAN_EQ(d, dr_note_at(d, 1)->start, dr_note_at(d, 1)->end, "A/N: Sorry.");
    INT_EQ(para_kind(d, "She walked away."), DR_PARA_TEXT);
    INT_EQ(dr_chapter_count(d), 3);
  }
  dr_doc_free(d);
  free(buf);
}

/* Every allocation failure in the stage returns DR_ENOMEM cleanly. */
static void test_enomem(void) {
  size_t n;
  char *text = h_read_file(FIX "ao3.txt", &n);
  OK(text != NULL);
  if (!text)
    return;
  int succeeded = 0;
  for (int k = 0; k < 400 && !succeeded; k++) {
    h_fail_ctx c = {k};
    dr_allocator al = h_fail_allocator(&c);
    dr_options o;
    memset(&o, 0, sizeof o);
    o.allocator = &al;
    dr_doc *d = NULL;
    dr_status st = dr_doc_parse(text, n, &o, &d);
    if (st == DR_OK) {
      succeeded = 1;
      INT_EQ(dr_tag_count(d), 10);
    } else {
      OK(st == DR_ENOMEM && d == NULL);
    }
    dr_doc_free(d);
  }
  OK(succeeded);
  free(text);
}

/* ------------------------------------------------------------------------ */
/* 5. Novels                                                                 */
/* ------------------------------------------------------------------------ */

static void test_novels(void) {
  static const struct {
    const char *name;
    size_t chapters;
    const char *title, *author, *first;
  } nv[] = {
      {"PrideAndPrejudice", 61, NULL, NULL, "CHAPTER I."},
      {"Persuasion", 24, "Persuasion", "Jane Austen", "Chapter 1"},
      {"AlicesAdventuresInWonderland", 12, NULL, NULL,
       "CHAPTER I.\nDown the Rabbit-Hole"},
      {"HardTimes", 37, "Hard Times", "Charles Dickens",
       "CHAPTER I\nTHE ONE THING NEEDFUL"},
      {"ARoomWithAView", 20, NULL, NULL, "Chapter I: The Bertolini"},
      {"TheAwakening", 39, "THE AWAKENING", NULL, "I"},
  };
  for (size_t k = 0; k < sizeof nv / sizeof nv[0]; k++) {
    char path[256], *buf;
    snprintf(path, sizeof path, "../shared/data/pdnc/%s/novel_text.txt",
             nv[k].name);
    dr_doc *d = parse_file(path, &buf);
    if (!d && !buf) {
      printf("skipped: ../shared not present (%s)\n", nv[k].name);
      skipped++;
      continue;
    }
    OK(d != NULL);
    if (!d) {
      free(buf);
      continue;
    }
    check_invariants(d);
    INT_EQ(dr_chapter_count(d), nv[k].chapters);
    TITLE_IS(d, 0, nv[k].first);
    dr_doc_info info;
    dr_doc_get_info(d, &info);
    if (nv[k].title)
      SPAN_EQ(d, info.title_start, info.title_end, nv[k].title);
    else
      INT_EQ(info.title_end - info.title_start, 0);
    if (nv[k].author)
      SPAN_EQ(d, info.author_start, info.author_end, nv[k].author);
    /* Notes only before the first chapter; no tags. */
    for (size_t i = 0; i < dr_note_count(d); i++)
      OK(dr_note_at(d, i)->end <= dr_chapter_at(d, 0)->start);
    INT_EQ(dr_tag_count(d), 0);
    dr_doc_free(d);
    free(buf);
  }
}

int main(void) {
  test_netherfield();
  test_greenwood();
  test_ffn();
  test_ao3();
  test_between();
  test_gutenberg();
  test_plain();
  test_breaks();
  test_headings();
  test_lines();
  test_edges();
  test_tags();
  test_continuation();
  test_enomem();
  test_novels();
  if (skipped)
    printf("%d skipped\n", skipped);
  DONE();
}
