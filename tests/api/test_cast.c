/*
 * test_cast.c -- a known cast (dr_options.cast, src/cast.c).
 */
#include "harness.h"

static const char *story =
    "Mrs. Bennet came in. \"Lizzy, sit down,\" said Mrs. Bennet.\n\n"
    "\"I will not,\" said Elizabeth. \"Jane may.\"\n\n"
    "The Hatter laughed. \"Tea?\" said the Hatter.\n\n"
    "\"Yes,\" said nanny. Nanny poured. Do you? I will, said Mr Darcy.\n";

static const char *cast =
    "# name | aliases | gender\n"
    "Elizabeth Bennet | Elizabeth; Lizzy | F\n"
    "\n"
    "Mrs. Bennet |  | female\n"
    "Jane Bennet\tJane\tF\n"
    "The Hatter | Hatter | M\n"
    "nanny | | F\n"
    "Will | | M\n"
    "Mr. Darcy | Darcy | M\n"
    "Nobody | Zebedee | U\n";

static dr_doc *with_cast(const char *text, const char *c, dr_status *st) {
  dr_options o;
  memset(&o, 0, sizeof o);
  o.cast = c;
  o.cast_len = strlen(c);
  dr_doc *d = NULL;
  *st = dr_doc_parse(text, strlen(text), &o, &d);
  return d;
}

static const dr_character *named(const dr_doc *d, const char *name) {
  for (size_t i = 0; i < dr_character_count(d); i++)
    if (strcmp(dr_character_at(d, i)->name, name) == 0)
      return dr_character_at(d, i);
  return NULL;
}

static void test_characters(void) {
  dr_status st;
  dr_doc *d = with_cast(story, cast, &st);
  INT_EQ(st, DR_OK);
  /* Everyone mentioned, nobody else: Nobody and Will are never named
   * ("I will" is not the name Will). */
  INT_EQ(dr_character_count(d), 6);
  OK(named(d, "Nobody") == NULL);
  OK(named(d, "Will") == NULL);
  const dr_character *liz = named(d, "Elizabeth Bennet");
  OK(liz != NULL);
  if (liz) {
    INT_EQ(liz->gender, DR_GENDER_FEMALE);
    OK(liz->gender_score == 1.0);
    INT_EQ(liz->mentions, 2);
    /* Aliases most used first; an unused one is kept with count 0. */
    INT_EQ(liz->n_aliases, 3);
    INT_EQ(liz->aliases[2].count, 0);
    STR_EQ(liz->aliases[2].text, "Elizabeth Bennet");
  }
  const dr_character *mrs = named(d, "Mrs. Bennet");
  OK(mrs && mrs->mentions == 2 && mrs->gender == DR_GENDER_FEMALE);
  /* "the Hatter" and "The Hatter" match the two-word name in any case. */
  const dr_character *hat = named(d, "The Hatter");
  OK(hat && hat->mentions == 2);
  /* A lower-case one-word alias matches capitalised too. */
  const dr_character *nan = named(d, "nanny");
  OK(nan && nan->mentions == 2);
  /* "Mr Darcy" matches "Mr. Darcy": a final '.' is ignored. */
  const dr_character *darcy = named(d, "Mr. Darcy");
  OK(darcy && darcy->mentions == 1);
  /* Most mentioned first. */
  OK(dr_character_at(d, 0)->mentions >= dr_character_at(d, 1)->mentions);
  /* The vocative is marked; mentions are in order with valid ids. */
  size_t voc = 0;
  for (size_t i = 0; i < dr_mention_count(d); i++) {
    const dr_mention *m = dr_mention_at(d, i);
    OK(m->character < dr_character_count(d));
    if (i)
      OK(m->start >= dr_mention_at(d, i - 1)->end);
    if (m->kind == DR_MENTION_VOCATIVE) {
      voc++;
      SPAN_EQ(d, m->start, m->end, "Lizzy");
    }
  }
  INT_EQ(voc, 1);
  /* Attribution runs over the cast. */
  INT_EQ(dr_quote_count(d), 5);
  const dr_attribution *a = dr_quote_attribution(d, 2);
  OK(a && a->speaker != DR_NONE &&
     strcmp(dr_character_at(d, a->speaker)->name, "Elizabeth Bennet") == 0);
  dr_doc_free(d);
}

static void test_shared_alias(void) {
  /* "Bennet" belongs to two characters: the one named last wins. */
  const char *c = "Jane Bennet | Jane; Bennet | F\n"
                  "Mr. Bennet | Bennet | M\n";
  const char *t = "Jane smiled. Mr. Bennet frowned. Bennet left.\n";
  dr_status st;
  dr_doc *d = with_cast(t, c, &st);
  INT_EQ(st, DR_OK);
  const dr_character *mr = named(d, "Mr. Bennet");
  OK(mr && mr->mentions == 2);
  dr_doc_free(d);
}

/* The last word of a listed name of several words is a name too, kept
 * for the one man among those who share it, and never taking over a
 * word some line lists itself; reported only when the text uses it. */
static void test_surnames(void) {
  const char *c = "William Rodney | Mr. Rodney; William | M\n"
                  "Katharine Hilbery | Katharine | F\n"
                  "Mr. Bennet | | M\n"
                  "Jane Bennet | Jane | F\n"
                  "Mrs. Bennet | | F\n"
                  "Mary Datchet | Mary | F\n"
                  "Datchet | | M\n";
  const char *t = "Katharine smiled at Jane. \"Well,\" Rodney exclaimed.\n\n"
                  "Bennet left the room. Datchet followed. Mrs. Bennet "
                  "sighed.\n";
  dr_status st;
  dr_doc *d = with_cast(t, c, &st);
  INT_EQ(st, DR_OK);
  const dr_character *w = named(d, "William Rodney");
  OK(w && w->mentions == 1);
  if (w) {
    INT_EQ(w->n_aliases, 4); /* the three listed and the used surname */
    STR_EQ(w->aliases[0].text, "Rodney");
    INT_EQ(w->aliases[0].count, 1);
  }
  const dr_character *mr = named(d, "Mr. Bennet");
  OK(mr && mr->mentions == 1); /* the man, not Jane or Mrs. Bennet */
  const dr_character *jb = named(d, "Jane Bennet");
  OK(jb && jb->mentions == 1);
  if (jb)
    for (size_t i = 0; i < jb->n_aliases; i++)
      OK(strcmp(jb->aliases[i].text, "Bennet") != 0); /* unused: not shown */
  const dr_character *dt = named(d, "Datchet");
  OK(dt && dt->mentions == 1); /* listed by itself */
  OK(named(d, "Mary Datchet") == NULL);
  INT_EQ(dr_mention_count(d), 6);
  dr_doc_free(d);
}

/* The first word of a listed name of several words is a name too
 * ("Tom" for Tom Bertram), unless it is an honorific ("Sir", "Lady",
 * "The") or some line lists it; two characters who share it take it in
 * turn, the most recently mentioned first. */
static void test_given_names(void) {
  const char *c = "Tom Bertram | | M\n"
                  "Sir Thomas Bertram | Sir Thomas | M\n"
                  "Lady Bertram | | F\n"
                  "Henry Crawford | | M\n"
                  "Henry Tilney | | M\n"
                  "Maria Bertram | | F\n"
                  "Maria | | F\n";
  const char *t = "\"Well,\" said Tom. Lady came in. Henry Tilney sat.\n\n"
                  "\"No,\" said Henry. Sir Thomas frowned. Henry Crawford "
                  "rose. \"Yes,\" said Henry. Maria laughed.\n";
  dr_status st;
  dr_doc *d = with_cast(t, c, &st);
  INT_EQ(st, DR_OK);
  const dr_character *tom = named(d, "Tom Bertram");
  OK(tom && tom->mentions == 1);
  if (tom)
    STR_EQ(tom->aliases[0].text, "Tom");
  OK(named(d, "Lady Bertram") == NULL); /* "Lady" alone is no one */
  const dr_character *st1 = named(d, "Sir Thomas Bertram");
  OK(st1 && st1->mentions == 1);
  /* Henry: Tilney, then Crawford, each when last named. */
  const dr_character *ht = named(d, "Henry Tilney");
  const dr_character *hc = named(d, "Henry Crawford");
  OK(ht && ht->mentions == 2);
  OK(hc && hc->mentions == 2);
  /* Maria is listed by itself: it never goes to Maria Bertram. */
  OK(named(d, "Maria") != NULL);
  OK(named(d, "Maria Bertram") == NULL);
  dr_doc_free(d);
}

/* A word taken from a longer name is no name where the story writes it
 * mostly in lower case: "His hat" is not the detective's colleague, nor
 * "Young people" the young lady.  A surname that is also a word ("at
 * last", "Tony Last") and a title called out ("Vicar") stay names. */
static void test_common_words(void) {
  const char *c = "The Detective Colleague | His Colleague | M\n"
                  "John Beaver | | M\n"
                  "A Kindly Young Lady | Young Lady | F\n"
                  "Tony Last | Mr. Last | M\n"
                  "The Vicar | | M\n";
  const char *t = "His hat was on the table. John Beaver took his hat. "
                  "Young people came in, and a lady smiled at "
                  "the young man.\n\n"
                  "\"A fine sermon, Vicar,\" said Tony Last. At last the "
                  "vicar laughed. Last went home.\n";
  dr_status st;
  dr_doc *d = with_cast(t, c, &st);
  INT_EQ(st, DR_OK);
  OK(named(d, "The Detective Colleague") == NULL);
  OK(named(d, "A Kindly Young Lady") == NULL);
  const dr_character *jb = named(d, "John Beaver");
  OK(jb && jb->mentions == 1);
  const dr_character *tl = named(d, "Tony Last");
  OK(tl && tl->mentions == 2); /* "Tony Last", "Last went home" */
  const dr_character *v = named(d, "The Vicar");
  OK(v && v->mentions == 2); /* "Vicar", "the vicar" */
  INT_EQ(dr_character_count(d), 3);
  dr_doc_free(d);
}

/* The honorific before a surname taken from a longer name picks whose it
 * is: "Miss Bennet" is Jane's though a bare "Bennet" is the man's, and
 * "Mr. Steele" is no woman's. */
static void test_honorific_surname(void) {
  const char *c = "Mr. Bennet | | M\n"
                  "Jane Bennet | Jane | F\n"
                  "Lucy Steele | Lucy | F\n";
  const char *t = "Mr. Bennet came in. Jane smiled. Miss Bennet sat down. "
                  "Bennet laughed. Lucy Steele looked up; Mr. Steele was "
                  "away.\n";
  dr_status st;
  dr_doc *d = with_cast(t, c, &st);
  INT_EQ(st, DR_OK);
  const dr_character *mr = named(d, "Mr. Bennet");
  OK(mr && mr->mentions == 2);
  const dr_character *jb = named(d, "Jane Bennet");
  OK(jb && jb->mentions == 2);
  const dr_character *ls = named(d, "Lucy Steele");
  OK(ls && ls->mentions == 1);
  dr_doc_free(d);
}

static void test_errors(void) {
  const char *msg = NULL;
  size_t off = 99;
  INT_EQ(dr_cast_check(cast, strlen(cast), &msg, &off), DR_OK);
  STR_EQ(msg, "");
  INT_EQ(off, 0);
  const char *bad = "Jane | x | F\nTom | | Q\n";
  INT_EQ(dr_cast_check(bad, strlen(bad), &msg, &off), DR_EINVAL);
  STR_EQ(msg, "gender must be M, F, N or U");
  INT_EQ(off, 13);
  bad = "Jane\n | Tom\n";
  INT_EQ(dr_cast_check(bad, strlen(bad), &msg, &off), DR_EINVAL);
  STR_EQ(msg, "a cast line without a name");
  INT_EQ(off, 5);
  bad = "a | b | c | d\n";
  INT_EQ(dr_cast_check(bad, strlen(bad), NULL, NULL), DR_EINVAL);
  bad = "One Two Three Four Five Six Seven Eight Nine Ten Eleven\n";
  INT_EQ(dr_cast_check(bad, strlen(bad), &msg, &off), DR_EINVAL);
  STR_EQ(msg, "a name of more than 10 words");
  INT_EQ(dr_cast_check(NULL, 3, &msg, NULL), DR_EINVAL);
  /* An empty cast is valid: no characters at all. */
  INT_EQ(dr_cast_check("", 0, NULL, NULL), DR_OK);
  dr_status st;
  dr_doc *d = with_cast(story, "# nobody\n", &st);
  INT_EQ(st, DR_OK);
  INT_EQ(dr_character_count(d), 0);
  INT_EQ(dr_mention_count(d), 0);
  dr_doc_free(d);
  /* dr_doc_parse refuses a malformed cast. */
  d = with_cast(story, "Tom | | Q\n", &st);
  INT_EQ(st, DR_EINVAL);
  OK(d == NULL);
}

static void test_no_nul_and_memory(void) {
  /* The cast need not be NUL-terminated: an exact-size copy. */
  size_t n = strlen(cast);
  char *c = exact_copy(cast, n);
  char *buf;
  dr_options o;
  memset(&o, 0, sizeof o);
  o.cast = c;
  o.cast_len = n;
  buf = exact_copy(story, strlen(story));
  dr_doc *d = NULL;
  INT_EQ(dr_doc_parse(buf, strlen(story), &o, &d), DR_OK);
  INT_EQ(dr_character_count(d), 6);
  dr_doc_free(d);
  /* Every allocation failing in turn: DR_ENOMEM, never a leak. */
  int ok = 0;
  for (int k = 0; k < 400; k++) {
    h_fail_ctx fc = {k};
    dr_allocator al = h_fail_allocator(&fc);
    o.allocator = &al;
    d = NULL;
    dr_status st = dr_doc_parse(buf, strlen(story), &o, &d);
    if (st == DR_OK) {
      ok++;
      INT_EQ(dr_character_count(d), 6);
    } else {
      INT_EQ(st, DR_ENOMEM);
    }
    dr_doc_free(d);
  }
  OK(ok > 0);
  free(buf);
  free(c);
}

int main(void) {
  test_characters();
  test_shared_alias();
  test_surnames();
  test_given_names();
  test_common_words();
  test_honorific_surname();
  test_errors();
  test_no_nul_and_memory();
  DONE();
}
