/*
 * test_speaker.c -- speakers, addressees, interactions (speaker.c).
 */
#include "harness.h"

#include <stdbool.h>

/* The index of the first quote whose text starts with s, or DR_NONE. */
static size_t quote_of(const dr_doc *d, const char *s) {
  size_t len;
  const char *t = dr_doc_text(d, &len);
  for (size_t i = 0; i < dr_quote_count(d); i++) {
    const dr_quote *q = dr_quote_at(d, i);
    if (q->end - q->start >= strlen(s) &&
        memcmp(t + q->start, s, strlen(s)) == 0)
      return i;
  }
  return DR_NONE;
}

static const dr_attribution *attr_of(const dr_doc *d, const char *s) {
  size_t q = quote_of(d, s);
  return q == DR_NONE ? NULL : dr_quote_attribution(d, q);
}

/* Checks the invariants every document must keep. */
static void invariants(const dr_doc *d) {
  size_t nq = dr_quote_count(d), nc = dr_character_count(d);
  size_t spoken = 0, addressed = 0;
  for (size_t i = 0; i < nq; i++) {
    const dr_attribution *a = dr_quote_attribution(d, i);
    OK(a != NULL);
    if (!a)
      continue;
    OK(a->speaker == DR_NONE || a->speaker < nc);
    OK((a->speaker == DR_NONE) == (a->kind == DR_ATTR_NONE));
    OK(a->speaker_score >= 0 && a->speaker_score <= 1);
    OK(a->cue_start <= a->cue_end);
    if (dr_quote_at(d, i)->parent != DR_NONE)
      OK(a->speaker == DR_NONE);
    if (a->speaker != DR_NONE)
      spoken++;
    for (size_t k = 0; k < a->n_addressees; k++) {
      OK(a->addressees[k] < nc && a->addressees[k] != a->speaker);
      addressed++;
    }
  }
  OK(dr_quote_attribution(d, nq) == NULL);
  size_t cs = 0, ca = 0;
  for (size_t c = 0; c < nc; c++) {
    cs += dr_character_at(d, c)->quotes_spoken;
    ca += dr_character_at(d, c)->quotes_addressed;
  }
  INT_EQ(cs, spoken);
  INT_EQ(ca, addressed);
  for (size_t i = 0; i < dr_interaction_count(d); i++) {
    const dr_interaction *x = dr_interaction_at(d, i);
    OK(x->a < x->b && x->b < nc);
    OK(x->weight == (double)(x->quotes + x->co_occurrences));
    if (i > 0) {
      const dr_interaction *p = dr_interaction_at(d, i - 1);
      OK(p->a < x->a || (p->a == x->a && p->b < x->b));
    }
  }
}

/* One expected attribution: the quote starting with `quote` is spoken by
 * the character with alias `owner`, attributed as `kind` (or any kind
 * when kind is -1). */
typedef struct {
  const char *quote, *owner;
  int kind;
} expect_t;

/* Parses s, checks each expectation and the invariants, frees. */
static void expect_speakers(const char *s, const expect_t *e, size_t n) {
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  for (size_t i = 0; i < n; i++) {
    size_t want = h_owner_of(d, e[i].owner);
    const dr_attribution *a = attr_of(d, e[i].quote);
    OK(want != DR_NONE && a && a->speaker == want &&
       (e[i].kind < 0 || a->kind == (dr_attribution_kind)e[i].kind));
    if (!(a && a->speaker == want))
      fprintf(stderr, "  %s: want %s\n", e[i].quote, e[i].owner);
  }
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

static void test_cues(void) {
  const char *s =
      "Jane Bennet and Elizabeth Bennet sat by the fire. Mr. Darcy came "
      "in.\n\n"
      "\"Good evening,\" said Mr. Darcy.\n\n"
      "Jane said, \"Good evening, Mr. Darcy.\"\n\n"
      "\"It is cold,\" Elizabeth replied softly. \"Sit down.\"\n\n"
      "\"Thank you,\" he said.\n\n"
      "\"You are welcome,\" she answered.\n\n"
      "\"Will you stay long?\"\n\n"
      "\"A week.\"\n\n"
      "\"Only a week?\"\n\n"
      "Jane sighed. \"Perhaps longer.\"\n\n"
      "Nobody answered.\n\n"
      "\"Elizabeth,\" said Jane, \"be kind.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t darcy = h_owner_of(d, "Mr. Darcy");
  size_t jane = h_owner_of(d, "Jane");
  size_t liz = h_owner_of(d, "Elizabeth");
  OK(darcy != DR_NONE && jane != DR_NONE && liz != DR_NONE);
  INT_EQ(dr_quote_count(d), 12);
  const dr_attribution *a = attr_of(d, "Good evening,");
  OK(a && a->speaker == darcy && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "said Mr. Darcy");
  a = attr_of(d, "Good evening, Mr. Darcy.");
  OK(a && a->speaker == jane && a->kind == DR_ATTR_EXPLICIT);
  if (a) {
    SPAN_EQ(d, a->cue_start, a->cue_end, "Jane said");
    OK(a->n_addressees >= 1 && a->addressees[0] == darcy);
  }
  a = attr_of(d, "It is cold");
  OK(a && a->speaker == liz && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "Sit down.");
  OK(a && a->speaker == liz);
  a = attr_of(d, "Thank you");
  OK(a && a->speaker == darcy && a->kind == DR_ATTR_ANAPHORIC);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "he said");
  a = attr_of(d, "You are welcome");
  OK(a && a->speaker == liz && a->kind == DR_ATTR_ANAPHORIC);
  /* Turn-taking: the speaker two back. */
  a = attr_of(d, "Will you stay long?");
  OK(a && a->speaker == darcy && a->kind == DR_ATTR_IMPLICIT);
  a = attr_of(d, "A week.");
  OK(a && a->speaker == liz && a->kind == DR_ATTR_IMPLICIT);
  /* Action beat. */
  a = attr_of(d, "Perhaps longer.");
  OK(a && a->speaker == jane);
  /* Vocative: addressed, and the interrupted speech keeps its speaker. */
  a = attr_of(d, "Elizabeth,");
  OK(a && a->speaker == jane);
  if (a)
    OK(a->n_addressees >= 1 && a->addressees[0] == liz);
  a = attr_of(d, "be kind.");
  OK(a && a->speaker == jane);
  OK(dr_character_at(d, darcy)->quotes_spoken >= 3);
  OK(dr_interaction_count(d) >= 3);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

static void test_nested_and_scenes(void) {
  const char *s = "Tom Smith and Ann Smith walked home. Tom was tired.\n\n"
                  "\"My father always said, 'Never hurry,'\" said Tom.\n\n"
                  "\"He was right,\" said Ann.\n\n"
                  "* * *\n\n"
                  "\"Where is everyone?\"\n\n"
                  "Ann looked round. Tom had gone.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t tom = h_owner_of(d, "Tom"), ann = h_owner_of(d, "Ann");
  OK(tom != DR_NONE && ann != DR_NONE);
  const dr_attribution *a = attr_of(d, "My father");
  OK(a && a->speaker == tom);
  a = attr_of(d, "Never hurry");
  OK(a && a->speaker == DR_NONE && a->kind == DR_ATTR_NONE &&
     a->n_addressees == 0);
  a = attr_of(d, "He was right");
  OK(a && a->speaker == ann && a->n_addressees == 1 && a->addressees[0] == tom);
  /* Tom and Ann share both scenes (both named in each). */
  OK(dr_interaction_count(d) == 1);
  if (dr_interaction_count(d) == 1) {
    const dr_interaction *x = dr_interaction_at(d, 0);
    INT_EQ(x->co_occurrences, 2);
    OK(x->quotes >= 2);
  }
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

static void test_empty_and_odd(void) {
  static const char *const cases[] = {
      "",
      "No quotes here at all.\n",
      "\"A quote with nobody.\"\n\n\"Another.\"\n",
      "\"said\" said said.\n",
      "\"unclosed he said\n\n\"and she said",
      "Jo said, \"\" \"\" \"\"\n",
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *buf;
    dr_doc *d = parse_str(cases[i], &buf);
    OK(d != NULL);
    if (!d) {
      free(buf);
      continue;
    }
    invariants(d);
    dr_doc_free(d);
    free(buf);
  }
}

/* The character of the given name, or DR_NONE. */
static size_t char_named(const dr_doc *d, const char *name) {
  for (size_t c = 0; c < dr_character_count(d); c++)
    if (strcmp(dr_character_at(d, c)->name, name) == 0)
      return c;
  return DR_NONE;
}

/* "said the croupier": a role character with no name of its own, with a
 * nominal mention per cue it speaks; "said the other" makes none. */
static void test_roles(void) {
  const char *s =
      "Tony Last and Brenda Last walked into the casino at midnight.\n\n"
      "\"Faites vos jeux,\" said the croupier.\n\n"
      "\"Red,\" said Tony.\n\n"
      "\"Rouge,\" the croupier replied. \"Nothing more.\"\n\n"
      "Brenda laughed.\n\n"
      "\"Good luck,\" said the other.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t cr = char_named(d, "the croupier");
  size_t tony = h_owner_of(d, "Tony");
  OK(cr != DR_NONE && tony != DR_NONE);
  OK(char_named(d, "the other") == DR_NONE);
  const dr_attribution *a = attr_of(d, "Faites vos jeux");
  OK(a && a->speaker == cr && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "said the croupier");
  a = attr_of(d, "Red,");
  OK(a && a->speaker == tony);
  a = attr_of(d, "Rouge,");
  OK(a && a->speaker == cr);
  if (cr != DR_NONE) {
    const dr_character *c = dr_character_at(d, cr);
    OK(c->quotes_spoken >= 2);
    INT_EQ(c->n_aliases, 1);
    OK(strcmp(c->aliases[0].text, "the croupier") == 0);
    INT_EQ(c->mentions, c->aliases[0].count);
    size_t nominal = 0, prev = 0;
    for (size_t i = 0; i < dr_mention_count(d); i++) {
      const dr_mention *m = dr_mention_at(d, i);
      OK(m->start >= prev); /* still in document order */
      prev = m->start;
      if (m->character == cr) {
        OK(m->kind == DR_MENTION_NOMINAL);
        SPAN_EQ(d, m->start, m->end, "croupier");
        OK(m->start >= c->first);
        nominal++;
      }
    }
    INT_EQ(nominal, c->mentions);
  }
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* Cues whose subject is not right before the verb: an auxiliary between
 * ("Tony would say"), a clause set off by commas ("Lilia, getting more
 * and more angry, said"). */
static void test_cue_shapes(void) {
  const char *s =
      "Tony Last and Lilia Herriton sat in the garden with Gino.\n\n"
      "Tony would say, \"Yes, I have seen it.\"\n\n"
      "Gino laughed.\n\n"
      "Lilia, getting more and more angry, said, \"And I have the "
      "money.\"\n\n"
      "\"Well,\" Gino, who had not heard, replied.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t tony = h_owner_of(d, "Tony"), lilia = h_owner_of(d, "Lilia");
  size_t gino = h_owner_of(d, "Gino");
  OK(tony != DR_NONE && lilia != DR_NONE && gino != DR_NONE);
  const dr_attribution *a = attr_of(d, "Yes, I have seen it.");
  OK(a && a->speaker == tony && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "Tony would say");
  a = attr_of(d, "And I have the money.");
  OK(a && a->speaker == lilia && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "Well,");
  OK(a && a->speaker == gino && a->kind == DR_ATTR_EXPLICIT);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* Long cues: a speech verb leading into the quote whose subject opens a
 * long sentence, a verb closing the narration paragraph before the quote
 * ("Elinor, who had watched the rain ..., at last answered."), and
 * ", who said,". */
static void test_long_cues(void) {
  const char *s =
      "Marianne Dashwood, Elinor Dashwood and Edward Ferrars sat in the "
      "parlour.\n\n"
      "Marianne, accidentally taking up a volume of Shakespeare from the "
      "table by the window, exclaimed, \"Ah, he has read this!\"\n\n"
      "They were silent for a while. Elinor, who had watched the rain at "
      "the window for some minutes, at last answered.\n\n"
      "\"We must not keep him waiting.\"\n\n"
      "Edward smiled.\n\n"
      "Later Marianne gave the book to Edward, who said, \"I thank you, "
      "Miss Dashwood.\"\n\n"
      "\"The carriage is here, ma'am,\" said Marianne's maid.\n\n"
      "Elinor, who saw that her whole heart was in the subject, took her "
      "hand and said in a low voice, \"Go, then.\"\n\n"
      "Elinor smiled at her sister. Marianne put the book back on the "
      "shelf by the window, adding, "
      "\"It is his favourite.\"\n\n"
      "Edward, who was holding open the door, said, as she passed him, "
      "\"You must keep a dance for me.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t mar = h_owner_of(d, "Marianne"), eli = h_owner_of(d, "Elinor");
  size_t edw = h_owner_of(d, "Edward");
  OK(mar != DR_NONE && eli != DR_NONE && edw != DR_NONE);
  const dr_attribution *a = attr_of(d, "Ah, he has read this!");
  OK(a && a->speaker == mar && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end,
            "Marianne, accidentally taking up a volume of Shakespeare from "
            "the table by the window, exclaimed");
  a = attr_of(d, "We must not keep him waiting.");
  OK(a && a->speaker == eli && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "I thank you, Miss Dashwood.");
  OK(a && a->speaker == edw && a->kind == DR_ATTR_EXPLICIT);
  /* A tail after the verb: "said in a low voice,". */
  a = attr_of(d, "Go, then.");
  OK(a && a->speaker == eli && a->kind == DR_ATTR_EXPLICIT);
  /* A present participle learned from "added": "..., adding,". */
  a = attr_of(d, "It is his favourite.");
  OK(a && a->speaker == mar && a->kind == DR_ATTR_EXPLICIT);
  /* A tail after a comma: "said, as she passed him,". */
  a = attr_of(d, "You must keep a dance for me.");
  OK(a && a->speaker == edw && a->kind == DR_ATTR_EXPLICIT);
  /* "said Marianne's maid" is no cue naming Marianne (the maid, having no
   * name, is left to the ranker). */
  a = attr_of(d, "The carriage is here, ma'am,");
  OK(a && !(a->kind == DR_ATTR_EXPLICIT && a->speaker == mar));
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A subject before a clause set off by commas, nearer the verb than the
 * sentence's opener: "...; and, in her agitation, had overlooked it, till
 * he, stopping short as he entered, said,". */
static void test_paren_subject(void) {
  const char *s =
      "Sir Thomas Bertram came home. Fanny Price was upstairs with Mrs. "
      "Norris. Sir Thomas Bertram smiled. Fanny Price sighed.\n\n"
      "She was all attention, however, in placing a chair for him; and, "
      "in her agitation, had quite overlooked the deficiencies of her "
      "apartment, till he, stopping short as he entered, said, with much "
      "surprise, \"Why have you no fire to-day?\"\n\n"
      "\"I am not cold, sir.\"\n\n"
      "She was all attention again; and, in her agitation, had quite "
      "forgotten the fire, till Sir Thomas, stopping short at the door, "
      "said, with much surprise, \"You must have one.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t tom = h_owner_of(d, "Sir Thomas Bertram");
  OK(tom != DR_NONE);
  const dr_attribution *a = attr_of(d, "Why have you no fire to-day?");
  OK(a && a->speaker == tom && a->kind == DR_ATTR_ANAPHORIC);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end,
            "he, stopping short as he entered, said");
  a = attr_of(d, "You must have one.");
  OK(a && a->speaker == tom && a->kind == DR_ATTR_EXPLICIT);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* The first woman the paragraph names before "said she" is the subject
 * of its sentence, not the one who attends her. */
static void test_local_first(void) {
  const char *s =
      "Catherine Morland went to the ball. Catherine Morland danced. Mrs. "
      "Hughes came. Miss Tilney came.\n\n"
      "She was roused by a touch on the shoulder, and turning round, "
      "perceived Mrs. Hughes directly behind her, attended by Miss Tilney "
      "and a gentleman. \"I beg your pardon, Miss Morland,\" said she, "
      "\"for this liberty.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t hug = h_owner_of(d, "Mrs. Hughes");
  OK(hug != DR_NONE);
  const dr_attribution *a = attr_of(d, "I beg your pardon, Miss Morland,");
  OK(a && a->speaker == hug && a->kind == DR_ATTR_ANAPHORIC);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A chain of unmarked turns is decided as a whole: greedy ranking gave
 * "You sit still" to the woman who had just stopped (the narration's
 * "She") and every turn after it to her as well; the paths that alternate
 * from "Miss Honeychurch!" fit the chain and its closing "He said"
 * better. */
static void test_chain_decoding(void) {
  const char *s =
      "Lucy Honeychurch and George Emerson stood in the square. Lucy "
      "Honeychurch thanked George Emerson. George Emerson bowed.\n\n"
      "\"Would you fetch my photographs?\" she asked.\n\n"
      "He went. As soon as he had turned his back, Lucy arose and stole "
      "down the arcade towards the river.\n\n"
      "\"Miss Honeychurch!\"\n\n"
      "She stopped with her hand on her heart.\n\n"
      "\"You sit still; you aren't fit to go home alone.\"\n\n"
      "\"Yes, I am, thank you so very much.\"\n\n"
      "\"No, you aren't. You'd go openly if you were.\"\n\n"
      "\"But I had rather--\"\n\n"
      "\"Then I don't fetch your photographs.\"\n\n"
      "\"I had rather be alone.\"\n\n"
      "He said imperiously: \"Sit down till you are rested.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t lucy = h_owner_of(d, "Lucy Honeychurch");
  size_t geo = h_owner_of(d, "George Emerson");
  OK(lucy != DR_NONE && geo != DR_NONE);
  static const char *const q[] = {
      "Miss Honeychurch!", "You sit still; you aren't fit to go home alone.",
      "Yes, I am, thank you so very much.",
      "No, you aren't. You'd go openly if you were.", "But I had rather--",
      "Then I don't fetch your photographs.", "I had rather be alone.",
      "Sit down till you are rested."};
  /* George calls her, and goes on after the narration; then they
   * alternate. */
  const size_t who[] = {geo, geo, lucy, geo, lucy, geo, lucy, geo};
  for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
    const dr_attribution *a = attr_of(d, q[i]);
    OK(a && a->speaker == who[i]);
  }
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* Two voices in one paragraph: a cue after a quote that leads into the
 * next quote is that quote's ("Tigger said, "..." and Owl said "...""),
 * and a quote whose own cue names another voice opens its own turn, so a
 * pronoun cue there ("And she answered") is not the first speaker. */
static void test_two_voices(void) {
  const char *s =
      "Tigger Stripe and Owl Hooter sat in the wood. Tigger Stripe looked "
      "at Owl Hooter. Owl Hooter blinked.\n\n"
      "Then Tigger said, \"Is that a honey pot?\" and Owl said \"No, it is "
      "a lamp.\"\n\n"
      "Mr. Harold Price and Nurse Martha Reed worked late. Mr. Harold "
      "Price frowned. Nurse Martha Reed smiled.\n\n"
      "Every evening Mr. Harold Price asked Nurse Martha Reed, \"Are the "
      "beds ready?\" And she answered, \"Almost, Doctor.\"\n\n"
      "Nurse Martha Reed looked at Mr. Harold Price, and Mr. Harold Price "
      "said sharply \"Who is that man?\" She said nothing.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t tig = h_owner_of(d, "Tigger Stripe");
  size_t owl = h_owner_of(d, "Owl Hooter");
  size_t doc = h_owner_of(d, "Mr. Harold Price");
  size_t nur = h_owner_of(d, "Nurse Martha Reed");
  OK(tig != DR_NONE && owl != DR_NONE && doc != DR_NONE && nur != DR_NONE);
  const dr_attribution *a = attr_of(d, "Is that a honey pot?");
  OK(a && a->speaker == tig && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "Tigger said");
  a = attr_of(d, "No, it is a lamp.");
  OK(a && a->speaker == owl);
  a = attr_of(d, "Are the beds ready?");
  OK(a && a->speaker == doc);
  a = attr_of(d, "Almost, Doctor.");
  OK(a && a->speaker == nur && a->kind == DR_ATTR_ANAPHORIC);
  /* A capitalised pronoun after the quote opens a new sentence: the cue
   * before it wins. */
  a = attr_of(d, "Who is that man?");
  OK(a && a->speaker == doc && a->kind == DR_ATTR_EXPLICIT);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A subject kept from its verb by adverbs ("she very innocently said") or
 * by a relative clause ("Isabella, who in a cold voice said"); a tag with
 * a verb no novel taught ("she sniffled", "Kitty whimpered"). */
static void test_distant_subject(void) {
  const char *s =
      "Kitty Bennet and Jane Bennet sat with Mrs. Bennet. Kitty Bennet "
      "coughed. Jane Bennet sewed. Mrs. Bennet winked at Kitty Bennet.\n\n"
      "When at last Kitty looked up, she very innocently said, \"Why do "
      "you keep winking at me?\"\n\n"
      "The silence was broken by Jane, who in a voice of quiet reproach "
      "said, \"Kitty, you must not tease.\"\n\n"
      "Mr. Bennet came in. He looked at Jane Bennet.\n\n"
      "Mr. Bennet frowned at them. \"I only asked,\" she sniffled.\n\n"
      "Jane Bennet sighed. \"Very well,\" Kitty whimpered.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t kit = h_owner_of(d, "Kitty Bennet");
  size_t jan = h_owner_of(d, "Jane Bennet");
  OK(kit != DR_NONE && jan != DR_NONE);
  const dr_attribution *a = attr_of(d, "Why do you keep winking at me?");
  OK(a && a->speaker == kit && a->kind == DR_ATTR_ANAPHORIC);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "she very innocently said");
  a = attr_of(d, "Kitty, you must not tease.");
  OK(a && a->speaker == jan && a->kind == DR_ATTR_EXPLICIT);
  /* A lower-case pronoun right after the quote is a tag, whatever its
   * verb. */
  a = attr_of(d, "I only asked,");
  OK(a && a->kind == DR_ATTR_ANAPHORIC);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "she sniffled");
  a = attr_of(d, "Very well,");
  OK(a && a->speaker == kit && a->kind == DR_ATTR_EXPLICIT);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* An epithet between "the" and the name: "asked the staring Gregory",
 * "replied the poet Syme", "said the more candid Syme"; not when the name does not end the clause. */
static void test_epithets(void) {
  const char *s =
      "Gregory and Syme sat in the cafe. Gregory laughed. Syme "
      "frowned.\n\n"
      "\"You will not tell my secret?\" asked the staring Gregory.\n\n"
      "\"Never,\" replied the poet Syme.\n\n"
      "\"Good,\" cried the chaotic Gregory.\n\n"
      "\"Is it?\" said the more candid Syme.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t gre = h_owner_of(d, "Gregory"), syme = h_owner_of(d, "Syme");
  OK(gre != DR_NONE && syme != DR_NONE);
  const dr_attribution *a = attr_of(d, "You will not tell my secret?");
  OK(a && a->speaker == gre && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "asked the staring Gregory");
  a = attr_of(d, "Never,");
  OK(a && a->speaker == syme && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "Good,");
  OK(a && a->speaker == gre && a->kind == DR_ATTR_EXPLICIT);
  /* A degree word inside the epithet. */
  a = attr_of(d, "Is it?");
  OK(a && a->speaker == syme && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "said the more candid Syme");
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A paragraph whose narration after its last quote ends in a cue and a
 * comma or colon leads into the next paragraph's quote: "...!" cried
 * Marianne, and was hastening to meet him, when Elinor cried out, */
static void test_trailing_cue(void) {
  const char *s =
      "Elinor Dashwood and Marianne Dashwood walked with Edward Ferrars. "
      "Marianne Dashwood laughed. Edward Ferrars smiled.\n\n"
      "\"It is he; it is indeed!\" cried Marianne, and was hastening to "
      "meet him, when Elinor cried out,\n\n"
      "\"Indeed, Marianne, I think you are mistaken.\"\n\n"
      "\"He has, he has,\" cried Marianne. \"I am sure.\"\n\n"
      "\"No,\" said Edward Ferrars.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t eli = h_owner_of(d, "Elinor Dashwood");
  OK(eli != DR_NONE);
  const dr_attribution *a =
      attr_of(d, "Indeed, Marianne, I think you are mistaken.");
  OK(a && a->speaker == eli && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "Elinor cried");
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A narration sentence's subject speaks the next paragraph's quote when
 * the sentence ends with "said to <name>," (the one spoken to ends the
 * tail), and a lower-case adjective before a lexicon verb that is also a
 * noun is no role: "observing the high colour in her face, said--". */
static void test_long_cue_tail(void) {
  const char *s =
      "Mr. Darcy was a tall man. Mr. Darcy looked at the room. Elizabeth "
      "Bennet watched him. Lady Catherine watched them both.\n\n"
      "\"You mean to frighten me,\" said Elizabeth.\n\n"
      "\"I shall not say that you are mistaken,\" replied Darcy.\n\n"
      "Elizabeth immediately began playing again. Lady Catherine "
      "approached, and, after listening for a few minutes, said to "
      "Darcy,\n\n"
      "\"Miss Bennet would not play at all amiss.\"\n\n"
      "\"She has a very good notion of fingering,\" said Darcy.\n\n"
      "Such a speech could not be heard without putting Elizabeth in a "
      "glow; and Lady Catherine, observing the high colour in her face, "
      "said--\n\n"
      "\"The language, I know, is rather strong.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t cat = h_owner_of(d, "Lady Catherine");
  OK(cat != DR_NONE);
  const dr_attribution *a =
      attr_of(d, "Miss Bennet would not play at all amiss.");
  OK(a && a->speaker == cat && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "The language, I know, is rather strong.");
  OK(a && a->speaker == cat && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end,
            "Lady Catherine, observing the high colour in her face, said");
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* Narration after a paragraph's last quote that ends in a dash leads into
 * the next paragraph's quote: its cue is that quote's, not the one before
 * (which keeps its own cue before it); a tag right after a quote stays
 * that quote's even when the narration goes on to a colon. */
static void test_leading_dash(void) {
  const char *s =
      "Anne Elliot and Captain Wentworth stood on the Cobb with Charles "
      "Musgrove. Captain Wentworth looked at Anne Elliot.\n\n"
      "Captain Wentworth caught the word; it seemed to rouse him at once, "
      "and saying only-- \"True, true, a surgeon this instant,\" was "
      "darting away, when Anne eagerly suggested--\n\n"
      "\"Charles Musgrove, would not it be better for Charles?\"\n\n"
      "\"Indeed,\" said Charles Musgrove, turning to Anne:\n\n"
      "\"I know where a surgeon is to be found.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t anne = h_owner_of(d, "Anne Elliot");
  size_t wen = h_owner_of(d, "Captain Wentworth");
  size_t cha = h_owner_of(d, "Charles Musgrove");
  OK(anne != DR_NONE && wen != DR_NONE && cha != DR_NONE);
  const dr_attribution *a =
      attr_of(d, "Charles Musgrove, would not it be better for Charles?");
  OK(a && a->speaker == anne && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "True, true, a surgeon this instant,");
  OK(a && a->speaker != anne);
  a = attr_of(d, "Indeed,");
  OK(a && a->speaker == cha && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "I know where a surgeon is to be found.");
  OK(a && a->speaker == cha);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A beat whose verb is one of listening ("Fanny listened") names the one
 * who hears the quote, not its speaker: the turn goes by the exchange. */
static void test_listener_beat(void) {
  const char *s =
      "Tom Bertram and Fanny Price sat in the parlour. Tom Bertram looked "
      "at Fanny Price.\n\n"
      "\"You must come to the play,\" said Tom.\n\n"
      "\"I cannot act,\" said Fanny.\n\n"
      "\"But you must, indeed you must. Everybody is to act.\" Fanny "
      "listened in silence.\n\n"
      "\"I cannot,\" she said at last.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t tom = h_owner_of(d, "Tom Bertram");
  size_t fan = h_owner_of(d, "Fanny Price");
  OK(tom != DR_NONE && fan != DR_NONE);
  const dr_attribution *a =
      attr_of(d, "But you must, indeed you must. Everybody is to act.");
  OK(a && a->speaker == tom);
  a = attr_of(d, "I cannot,");
  OK(a && a->speaker == fan);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "he said" after a paragraph naming two men: the one named last, the
 * subject of the sentence before the quote, is the nearer antecedent
 * (F_LLAST), though the first spoke before. */
static void test_last_named(void) {
  const char *s =
      "Tony Last, Brenda Last and John Beaver spent the week-end at "
      "Hetton.\n\n"
      "\"Tony has gone to church,\" said Brenda.\n\n"
      "\"Yes,\" said Tony.\n\n"
      "When Tony came back from church they were sitting in the library. "
      "Beaver was telling Brenda's fortune with cards. \"Now cut to me "
      "again,\" he was saying.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t bea = h_owner_of(d, "John Beaver");
  OK(bea != DR_NONE);
  const dr_attribution *a = attr_of(d, "Now cut to me again,");
  OK(a && a->speaker == bea && a->kind == DR_ATTR_ANAPHORIC);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A long cue whose sentence opens with one name and has another clause's
 * subject nearer its verb: that subject speaks ("When Rachael, assenting
 * to this, was gone, Mr. Gradgrind lifted up his head, and said"); but a
 * subject pronoun nearer still ("(with passion, Alice thought), and it
 * said") leaves the name alone. */
static void test_later_subject(void) {
  const char *s =
      "Rachael Black and Thomas Gradgrind and Louisa Gradgrind sat in the "
      "room. Rachael Black looked at Louisa Gradgrind.\n\n"
      "\"I never saw him,\" said Rachael.\n\n"
      "When Rachael, assenting to this, was gone, Mr. Gradgrind lifted up "
      "his head, and said to his daughter:\n\n"
      "\"Louisa, my dear, I have never seen this man.\"\n\n"
      "\"Nor have I,\" said Louisa.\n\n"
      "Alice sat by the pool with the Mouse. Alice looked at the Mouse.\n\n"
      "\"Mouse dear! Do come back again,\" said Alice.\n\n"
      "Its face was quite pale (with passion, Alice thought), and it said "
      "in a low trembling voice, \"Let us get to the shore.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t gra = h_owner_of(d, "Thomas Gradgrind");
  OK(gra != DR_NONE);
  const dr_attribution *a =
      attr_of(d, "Louisa, my dear, I have never seen this man.");
  OK(a && a->speaker == gra && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "Let us get to the shore.");
  OK(a && a->kind != DR_ATTR_EXPLICIT);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A subject pronoun whose own verb the speech verb joins speaks, though
 * another pronoun opens the sentence ("His voice, she noticed, had a
 * slight creaking sound in it, as he laid down the manuscript and
 * said:"). */
static void test_joined_pronoun(void) {
  const char *s =
      "Ralph Denham and Katharine Hilbery sat in the room. Katharine "
      "Hilbery looked at Ralph Denham.\n\n"
      "\"Will you read it to me?\" asked Katharine.\n\n"
      "His voice, she noticed, had a slight creaking sound in it, as he "
      "laid down the manuscript and said:\n\n"
      "\"You must be very proud of your family, Miss Hilbery.\"\n";
  static const expect_t e[] = {
      {"You must be very proud", "Ralph Denham", DR_ATTR_ANAPHORIC}};
  expect_speakers(s, e, 1);
}

/* A speech running over paragraphs takes no cue, and no local
 * candidate, from its third paragraph on: the story Mr Todd tells is not
 * Tony's because a speech it reports four paragraphs in is (`"Go away,"
 * said Tony.`).  Before, that cue gave the whole story to the one it
 * reports. */
static void test_cue_run(void) {
  const char *s =
      "Tony Last sat with Mr Todd by the fire. Mr Todd filled his pipe.\n\n"
      "\"Tell me how you came here,\" said Tony.\n\n"
      "\"It was long ago, and I was young.\n\n"
      "\"My father kept a store by the river.\n\n"
      "\"One day a man came to the store and looked at me for a long "
      "time.\n\n"
      "\"Go away,\" said Tony. The man went away.\n\n"
      "\"So I left the store and came here.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  const char *start = strstr(buf, "It was long ago");
  const char *deep = strstr(buf, "Go away");
  size_t todd = h_owner_of(d, "Mr Todd");
  const dr_attribution *a = attr_of(d, "It was long ago");
  OK(a && start && deep && todd != DR_NONE);
  if (a && deep)
    OK(a->cue_start == a->cue_end || a->cue_start < (size_t)(deep - buf));
  OK(a && a->speaker == todd);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "said the inspector" is the one character the text calls Inspector
 * by name; "said the lady" is not its one Lady (a form of address, not
 * an office). */
static void test_office_role(void) {
  const char *s =
      "Inspector Lestrade came in and sat down by Holmes. Holmes looked at "
      "Inspector Lestrade. Lady Mellanby and Adela Quested sat by the "
      "window.\n\n"
      "\"Where did you get that?\" asked Holmes.\n\n"
      "\"From the river,\" said the inspector.\n\n"
      "\"How very odd,\" said the lady by the door.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t les = h_owner_of(d, "Inspector Lestrade");
  size_t mel = h_owner_of(d, "Lady Mellanby");
  OK(les != DR_NONE && mel != DR_NONE);
  const dr_attribution *a = attr_of(d, "From the river,");
  OK(a && a->speaker == les && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "How very odd,");
  OK(a && a->speaker != mel);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "said the Rabbit's voice" and "the Rabbit's voice said" are the
 * Rabbit's: a speech noun after the possessive, unlike "said Brenda's
 * solicitor" (the solicitor speaks, no one named). */
static void test_possessor_voice(void) {
  static const expect_t e[] = {
      {"We must burn the house down!", "the Rabbit", DR_ATTR_EXPLICIT},
      {"Fetch the ladder!", "the Rabbit", DR_ATTR_EXPLICIT}};
  expect_speakers(
      "Alice sat by the pool with the White Rabbit and Bill. Alice looked "
      "at Bill.\n\n"
      "\"So you did, old fellow!\" said Alice.\n\n"
      "\"We must burn the house down!\" said the Rabbit's voice; and "
      "Alice called out as loud as she could.\n\n"
      "\"Nothing of the sort,\" said Bill.\n\n"
      "\"Fetch the ladder!\" the Rabbit's voice said; and Alice ran.\n",
      e, 2);
  /* Before its verb, where no earlier cue named the Rabbit (its name is
   * then "White Rabbit"). */
  static const expect_t e2[] = {
      {"We must burn the house down!", "White Rabbit", DR_ATTR_EXPLICIT}};
  expect_speakers(
      "Alice sat by the pool with the White Rabbit and Bill. Alice looked "
      "at Bill.\n\n"
      "\"So you did, old fellow!\" said Alice.\n\n"
      "\"We must burn the house down!\" the Rabbit's voice said; and "
      "Alice called out as loud as she could.\n",
      e2, 1);
}

/* "heard her say:" is hers, not the hearer's (and "heard Willoughby
 * say," stays Willoughby's). */
static void test_heard_say(void) {
  static const expect_t e[] = {
      {"Newland! Do shut the window.", "May Welland", -1},
      {"The horse is mine.", "John Willoughby", DR_ATTR_EXPLICIT}};
  expect_speakers(
      "Newland Archer and May Welland sat in the library. Newland Archer "
      "looked at May Welland.\n\n"
      "\"What news?\" asked May.\n\n"
      "Newland opened the window, and after a few minutes he heard her "
      "say:\n\n"
      "\"Newland! Do shut the window.\"\n\n"
      "Elinor Dashwood sat by John Willoughby at the table. Elinor heard "
      "Willoughby say, \"The horse is mine.\"\n",
      e, 2);
}

/* A clause set off by commas between subject and verb may name someone
 * else when a lower-case word opens it: "Isabella, embracing Catherine,
 * thus began:" is Isabella's (the name nearest the verb is the one
 * embraced), and "Henry, approaching Julia, said," is Henry's. */
static void test_paren_names(void) {
  static const expect_t e[] = {
      {"Yes, my dear, it is so indeed.", "Isabella Thorpe", DR_ATTR_EXPLICIT},
      {"I hope I am not to lose my companion.", "Henry Crawford",
       DR_ATTR_EXPLICIT}};
  expect_speakers(
      "Isabella Thorpe and Catherine Morland sat together. Henry Crawford "
      "and Julia Bertram walked in the garden.\n\n"
      "The servant was sent away, and Isabella, embracing Catherine, thus "
      "began: \"Yes, my dear, it is so indeed.\"\n\n"
      "At the same moment Henry, approaching Julia, said, \"I hope I am "
      "not to lose my companion.\"\n",
      e, 2);
}

/* An implicit turn after narration: the woman who opens a sentence
 * ("Then Anne Elliot turned and looked at Louisa and at Henrietta") stays
 * more salient than the two she looks at, named after her, so she is
 * among the candidates and speaks; by recency alone the two looked at
 * came first and Louisa spoke. */
static void test_subject_salience(void) {
  static const expect_t e[] = {
      {"Shall we go down to Winthrop?", "Anne Elliot", DR_ATTR_IMPLICIT},
      {"Oh yes, do let us go,", "Henrietta Musgrove", DR_ATTR_EXPLICIT}};
  expect_speakers(
      "Anne Elliot, Louisa Musgrove and Henrietta Musgrove had walked all "
      "morning over the hills above Uppercross.\n\n"
      "For a long time nobody spoke. Then Anne Elliot turned and looked at "
      "Louisa Musgrove and at Henrietta Musgrove, who were resting on the "
      "stile.\n\n"
      "\"Shall we go down to Winthrop?\"\n\n"
      "\"Oh yes, do let us go,\" said Henrietta Musgrove.\n",
      e, 2);
}

/* "she" in narration is taken for the first woman of the salience list
 * and keeps her there: "At this Elizabeth Bennet smiled, as she thought
 * of poor Caroline Bingley." leaves Elizabeth, not the Caroline named
 * after her, the likelier "she" of the next turn's "said she". */
static void test_pronoun_salience(void) {
  static const expect_t e[] = {
      {"Mr. Collins,", "Elizabeth Bennet", DR_ATTR_ANAPHORIC},
      {"I am tired of cards,", "Caroline Bingley", DR_ATTR_EXPLICIT}};
  expect_speakers(
      "Elizabeth Bennet walked with Mr. Darcy in the shrubbery at "
      "Netherfield.\n\n"
      "\"It is a fine evening,\" said Elizabeth Bennet.\n\n"
      "\"It is,\" said Mr. Darcy.\n\n"
      "At this Elizabeth Bennet smiled, as she thought of poor Caroline "
      "Bingley.\n\n"
      "\"Mr. Collins,\" said she, \"speaks highly of Lady Catherine.\"\n\n"
      "\"Does he?\" said Mr. Darcy.\n\n"
      "* * *\n\n"
      "\"I am tired of cards,\" said Caroline Bingley.\n",
      e, 2);
}

/* A paragraph that ends in its speech verb with no mark at all ("she
 * exclaimed" and a blank line: a dash lost in conversion, or never
 * typed) leads into the next paragraph's quote, as "she exclaimed:"
 * does; a last word that is no speech verb gives no cue. */
static void test_bare_lead(void) {
  static const expect_t e[] = {
      {"Four months! Have you known of this?", "Marianne Dashwood",
       DR_ATTR_ANAPHORIC},
      {"I understand nothing.", "Tom Bull", DR_ATTR_EXPLICIT},
      {"Nothing at all.", "Marianne Dashwood", DR_ATTR_IMPLICIT}};
  expect_speakers(
      "Marianne Dashwood looked at Edward Ferrars and Tom Bull. After a "
      "pause, she exclaimed\n\n"
      "\"Four months! Have you known of this?\"\n\n"
      "Edward Ferrars looked away.\n\n"
      "Bull said\n\n"
      "\"I understand nothing.\"\n\n"
      "Marianne Dashwood looked at the garden\n\n"
      "\"Nothing at all.\"\n",
      e, 3);
}

/* "Yes, madam, ...": the one spoken to is a woman, so of two candidates
 * alike in all else the man speaks; "Yes, sir, ..." the woman (F_VOCG,
 * a small weight: it only breaks near ties); the same for "Madam, ..."
 * and "Sir, ..." opening the quote. */
static void test_vocative_gender(void) {
  static const char *const said[] = {"Yes, madam, I will", "Yes, sir, I will",
                                     "Madam, I will", "Sir, I will"};
  static const char *const who[] = {"Tom Hale", "Mary Grey", "Tom Hale",
                                    "Mary Grey"};
  for (int i = 0; i < 4; i++) {
    char s[256];
    snprintf(s, sizeof s,
             "Tom Hale and Mary Grey came home late with Rover.\n\n"
             "By the fire sat Tom and Mary, and Rover. \"%s see to it at "
             "once.\"\n",
             said[i]);
    const expect_t e[] = {{said[i], who[i], -1}};
    expect_speakers(s, e, 1);
  }
}

/* "Yes, sir, ..." says to a man: the next turn is his (the scene's last
 * other male speaker), not the one two turns back. */
static void test_answered_sir(void) {
  static const expect_t e[] = {{"Then I will have a cup.", "Tom Hale", -1}};
  expect_speakers(
      "Tom Hale and Mary Grey and Anna Bell sat in the hall.\n\n"
      "\"Is the tea ready?\" said Tom.\n\n"
      "\"Good,\" said Mary.\n\n"
      "\"Yes, sir, it is very hot,\" said Anna.\n\n"
      "\"Then I will have a cup.\"\n",
      e, 1);
}

/* "...," said her mother: when the first guess at "her" (the last
 * name of her gender, Mrs. Bennet) has no mother in the cast, the one
 * the last turn called ("Lizzy") has. */
static void test_her_mother(void) {
  static const expect_t e[] = {
      {"We are not in a way", "Mrs. Bennet", DR_ATTR_ANAPHORIC}};
  expect_speakers(
      "Mr. Bennet and Mrs. Bennet sat with Elizabeth Bennet in the "
      "parlour. Mrs. Bennet sewed.\n\n"
      "\"I hope Mr. Bingley will like it, Lizzy,\" said Mr. Bennet.\n\n"
      "\"We are not in a way to know what Mr. Bingley likes,\" said her "
      "mother resentfully.\n",
      e, 1);
}

/* A long cue closing a paragraph that has quotes of its own leads into
 * the next paragraph's quote ("Denham got up from his chair, looked at
 * Katharine, and said:"); and a later clause's subject may follow a
 * lower-case word ("and at last Charlotte Bartlett rose with a sigh, and
 * said:"). */
static void test_long_cue_after_quotes(void) {
  const char *s =
      "Ralph Denham, William Rodney and Katharine Hilbery sat in the room. "
      "William Rodney looked at Katharine Hilbery.\n\n"
      "\"But what will you do in the country?\" asked Katharine.\n\n"
      "\"Yes, yes,\" said William, and looked at Katharine. Ralph Denham "
      "got up from his chair, looked at Katharine, and said:\n\n"
      "\"I am going, too. Shall we go together?\"\n\n"
      "Lucy Honeychurch and Charlotte Bartlett and George Emerson sat in "
      "the hotel. Lucy Honeychurch looked at George Emerson.\n\n"
      "\"Is it time?\" asked Lucy.\n\n"
      "\"Not yet,\" said George.\n\n"
      "Thus the half-hour crept profitably away, and at last Charlotte "
      "Bartlett rose with a sigh, and said:\n\n"
      "\"I think one might venture now.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t den = h_owner_of(d, "Ralph Denham");
  size_t cha = h_owner_of(d, "Charlotte Bartlett");
  OK(den != DR_NONE && cha != DR_NONE);
  const dr_attribution *a = attr_of(d, "I am going, too.");
  OK(a && a->speaker == den && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "I think one might venture now.");
  OK(a && a->speaker == cha && a->kind == DR_ATTR_EXPLICIT);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "said the voice of Mr. Haq": the one whose voice it is speaks. */
static void test_voice_of(void) {
  const char *s =
      "Dr. Aziz and Cyril Fielding and Mr. Haq were at the house. Mr. Haq "
      "looked at Dr. Aziz.\n\n"
      "\"You are ill,\" said Fielding.\n\n"
      "\"When an engineer falls ill, it is important,\" said the voice of "
      "Mr. Haq.\n\n"
      "\"Cyril, Cyril, don't leave me,\" called the shattered voice of "
      "Aziz.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t haq = h_owner_of(d, "Mr. Haq");
  size_t azi = h_owner_of(d, "Dr. Aziz");
  OK(haq != DR_NONE && azi != DR_NONE);
  const dr_attribution *a =
      attr_of(d, "When an engineer falls ill, it is important,");
  OK(a && a->speaker == haq && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "Cyril, Cyril, don't leave me,");
  OK(a && a->speaker == azi && a->kind == DR_ATTR_EXPLICIT);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A long cue's tail may run to eight tokens: "Fanny, averting her face,
 * said, with a firmer tone than usual," (six words after the comma). */
static void test_long_tail(void) {
  const char *s =
      "Fanny Price and Henry Crawford sat in the room. Henry Crawford "
      "looked at Fanny Price.\n\n"
      "\"We would have had a week's calm,\" said Henry.\n\n"
      "He seemed determined to be answered; and Fanny, averting her face, "
      "said, with a firmer tone than usual, \"As far as I am concerned, "
      "sir, I would not have delayed his return.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t fan = h_owner_of(d, "Fanny Price");
  OK(fan != DR_NONE);
  const dr_attribution *a = attr_of(d, "As far as I am concerned, sir,");
  OK(a && a->speaker == fan && a->kind == DR_ATTR_EXPLICIT);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "...," was her answer: the owner of the words speaks (an anaphoric
 * cue after the quote, though "was" is no speech verb). */
static void test_was_his_answer(void) {
  const char *s =
      "Henry Crawford and Mary Bertram sat in the room. Henry Crawford "
      "looked at Mary Bertram.\n\n"
      "\"Shall we act?\" asked Henry.\n\n"
      "\"Certainly,\" was her answer.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t mar = h_owner_of(d, "Mary Bertram");
  OK(mar != DR_NONE);
  const dr_attribution *a = attr_of(d, "Certainly,");
  OK(a && a->speaker == mar && a->kind == DR_ATTR_ANAPHORIC &&
     a->cue_end > a->cue_start);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "said his lady to him": the lady speaks, not her husband; "said this
 * gentleman": he does.  "lady" had
 * been taken for a speech noun like "voice" ("his voice": the possessor
 * speaks), because one novel's cues made it a speech verb too, and the
 * quote was left without a speaker. */
static void test_his_lady(void) {
  const char *s =
      "Mr. Bennet and Mrs. Bennet sat in the parlour at Longbourn. Mr. "
      "Bennet looked at Mrs. Bennet.\n\n"
      "\"My dear Mr. Bennet,\" said his lady to him one day, \"have you "
      "heard that Netherfield Park is let at last?\"\n\n"
      "\"I have not,\" said this gentleman.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t mrs = h_owner_of(d, "Mrs. Bennet");
  OK(mrs != DR_NONE);
  const dr_attribution *a = attr_of(d, "My dear Mr. Bennet,");
  OK(a && a->speaker == mrs && a->kind == DR_ATTR_ANAPHORIC);
  /* "this" opens a noun phrase as "the" does. */
  size_t mr = h_owner_of(d, "Mr. Bennet");
  a = attr_of(d, "I have not,");
  OK(a && mr != DR_NONE && a->speaker == mr && a->kind == DR_ATTR_ANAPHORIC);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "...," put in Lucy: a word and its particle between the quote and the
 * name ("put" is no speech verb of the lexicon). */
static void test_put_in(void) {
  const char *s =
      "Lucy Honeychurch and Charlotte Bartlett and Eleanor Lavish stood in "
      "the hall. Charlotte Bartlett looked at Eleanor Lavish. Lucy "
      "Honeychurch smiled, and Lucy waited.\n\n"
      "\"Let me go my wicked way,\" said Eleanor.\n\n"
      "\"Eleanor!\" said Charlotte.\n\n"
      "\"I'm sure it's all right,\" put in Lucy.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t luc = h_owner_of(d, "Lucy Honeychurch");
  OK(luc != DR_NONE);
  const dr_attribution *a = attr_of(d, "I'm sure it's all right,");
  OK(a && a->speaker == luc && a->kind == DR_ATTR_EXPLICIT);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A cue that leads in with a colon ("He added:") is its quote's, though
 * a cue after the quote starts nearer ("...," Mrs. Turton closed her eyes
 * and remarked that ...), unless the quote ends in a comma. */
static void test_colon_lead(void) {
  const char *s =
      "Mr. Turton and Mrs. Turton drove home. Mr. Turton looked at Mrs. "
      "Turton.\n\n"
      "\"She is pleasant,\" said Mrs. Turton.\n\n"
      "He only said that Miss Quested made mistakes. He added: \"India "
      "does wonders for the judgment.\" Mrs. Turton closed her eyes at "
      "this name and remarked that he was wrong.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t mr = h_owner_of(d, "Mr. Turton");
  OK(mr != DR_NONE);
  const dr_attribution *a =
      attr_of(d, "India does wonders for the judgment.");
  OK(a && a->speaker == mr && a->kind == DR_ATTR_ANAPHORIC);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A speech interrupted by its tag goes on in the same voice: a sentence
 * after its second piece ("Morland remonstrated") is another's action,
 * not its cue; but a second tag before the second piece is its own. */
static void test_interrupted(void) {
  const char *s =
      "Catherine looked at John Thorpe and James Morland.\n\n"
      "\"Three-and-twenty!\" cried Thorpe, \"five-and-twenty if it is an "
      "inch.\" Morland remonstrated, pleaded the authority of "
      "road-books.\n\n"
      "\"Oh, a song,\" Catherine replied, so eagerly that Thorpe said, in "
      "a rather offended tone, \"Hm! No accounting for tastes!\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t tho = h_owner_of(d, "Thorpe"), cat = h_owner_of(d, "Catherine");
  OK(tho != DR_NONE && cat != DR_NONE);
  const dr_attribution *a = attr_of(d, "Three-and-twenty!");
  OK(a && a->speaker == tho && a->kind == DR_ATTR_EXPLICIT);
  a = attr_of(d, "five-and-twenty if it is an inch.");
  OK(a && a->speaker == tho && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "cried Thorpe");
  a = attr_of(d, "Oh, a song,");
  OK(a && a->speaker == cat);
  a = attr_of(d, "Hm! No accounting for tastes!");
  OK(a && a->speaker == tho);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "said his wife", "her mother cried": the Mr./Mrs. of the possessor's
 * surname, when there is one; the possessor is the last speaker of the
 * pronoun's gender. */
static void test_kin(void) {
  const char *s =
      "Mr. Bennet read. Mrs. Bennet sewed. Elizabeth Bennet sat by the "
      "fire. Mr. Bennet yawned. Mrs. Bennet sighed.\n\n"
      "\"I am going out,\" said Mr. Bennet.\n\n"
      "Charlotte Lucas came in. Charlotte Lucas smiled.\n\n"
      "\"But it is raining,\" cried his wife.\n\n"
      "\"I like rain,\" said Elizabeth to Charlotte Lucas.\n\n"
      "\"Nonsense, child,\" her mother cried.\n\n"
      "Mr. Lucas and Mrs. Lucas went home. Mrs. Lucas was tired. Mr. "
      "Lucas yawned.\n\n"
      "\"Mrs. Bennet,\" said her husband, \"it is late.\"\n\n"
      "Elizabeth Bennet came in from the garden.\n\n"
      "Her mother frowned. \"You are very late, Lizzy.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t mrs = h_owner_of(d, "Mrs. Bennet"), mr = h_owner_of(d, "Mr. Bennet");
  OK(mrs != DR_NONE && mr != DR_NONE && mrs != mr);
  const dr_attribution *a = attr_of(d, "But it is raining,");
  OK(a && a->speaker == mrs && a->kind == DR_ATTR_ANAPHORIC);
  a = attr_of(d, "Nonsense, child,");
  OK(a && a->speaker == mrs);
  /* The woman the quote calls is the possessor of "her husband". */
  a = attr_of(d, "Mrs. Bennet,");
  OK(a && a->speaker == mr);
  /* An action beat by a kin noun: "Her mother frowned." after Elizabeth
   * is named is Mrs. Bennet's. */
  a = attr_of(d, "You are very late, Lizzy.");
  OK(a && a->speaker == mrs);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "said the other": not the one who just spoke, whoever the paragraph
 * names, but the one spoken to or who spoke before. */
static void test_the_other(void) {
  const char *s =
      "Aziz and Fielding walked to the gate. Fielding paused.\n\n"
      "\"Shall we sit?\" said Fielding.\n\n"
      "\"Let us now return to your visit,\" said Aziz.\n\n"
      "Aziz smiled. \"We have not talked of poetry,\" said the other.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t az = h_owner_of(d, "Aziz"), fi = h_owner_of(d, "Fielding");
  OK(az != DR_NONE && fi != DR_NONE);
  const dr_attribution *a = attr_of(d, "We have not talked of poetry,");
  OK(a && a->speaker == fi);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "said the Admiral": the one character with that title, or the one
 * named three times as often as any other with it. */
static void test_titles(void) {
  const char *s =
      "Admiral Croft, Admiral Baldwin and Anne Elliot walked. Admiral "
      "Croft laughed. Admiral Croft sat. Admiral Croft rose. Admiral Croft "
      "smiled. Admiral Croft nodded. Admiral Baldwin slept.\n\n"
      "\"We shall have rain,\" said the Admiral.\n\n"
      "\"No,\" said Anne Elliot.\n\n"
      "Colonel Brandon and Colonel Fitzwilliam came in. Colonel Brandon "
      "bowed. Colonel Fitzwilliam sat.\n\n"
      "\"Indeed,\" the old Colonel said.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t cr = h_owner_of(d, "Admiral Croft");
  OK(cr != DR_NONE);
  const dr_attribution *a = attr_of(d, "We shall have rain,");
  OK(a && a->speaker == cr && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "said the Admiral");
  a = attr_of(d, "Indeed,");
  OK(a && a->kind != DR_ATTR_EXPLICIT); /* two colonels: no cue */
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* Names in a chapter title are mentions, but of no scene: they make no
 * co-occurrence with the people of the chapter's first scene, and are
 * not its narration. */
static void test_heading_mentions(void) {
  const char *s =
      "Chapter 1\n\n"
      "Mr. Pomfret read by the fire. Mr. Pomfret slept.\n\n"
      "Chapter 2: Mr. Pomfret Goes Out\n\n"
      "Daisy Hale watched the rain with Jane Lark.\n\n"
      "\"It will stop,\" said Daisy.\n\n"
      "\"Never,\" said Jane.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t pom = h_owner_of(d, "Mr. Pomfret"), dai = h_owner_of(d, "Daisy");
  size_t jan = h_owner_of(d, "Jane");
  OK(pom != DR_NONE && dai != DR_NONE && jan != DR_NONE);
  const dr_character *pc = pom != DR_NONE ? dr_character_at(d, pom) : NULL;
  OK(pc && pc->mentions == 3); /* the title's mention counts */
  bool dj = false;
  for (size_t i = 0; i < dr_interaction_count(d); i++) {
    const dr_interaction *x = dr_interaction_at(d, i);
    OK(x->a != pom && x->b != pom);
    if ((x->a == dai && x->b == jan) || (x->a == jan && x->b == dai))
      dj = x->co_occurrences == 1;
  }
  OK(dj);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* Every allocation failure returns DR_ENOMEM cleanly (ASan sees leaks). */
static void test_oom(void) {
  const char *s = "Jane Bennet met Mr. Darcy.\n\n"
                  "\"Hello, Mr. Darcy,\" said Jane.\n\n"
                  "\"Hello,\" he said.\n\n\"Well?\"\n\n"
                  "* * *\n\n"
                  "\"Faites vos jeux,\" said the croupier.\n";
  size_t n = strlen(s);
  char *buf = exact_copy(s, n);
  int ok = 0;
  for (int k = 0; k < 400; k++) {
    h_fail_ctx c = {k};
    dr_allocator al = h_fail_allocator(&c);
    dr_options o;
    memset(&o, 0, sizeof o);
    o.allocator = &al;
    dr_doc *d = NULL;
    dr_status st = dr_doc_parse(buf, n, &o, &d);
    OK(st == DR_OK || st == DR_ENOMEM);
    if (st == DR_OK) {
      invariants(d);
      OK(char_named(d, "the croupier") != DR_NONE); /* roles' allocations */
      ok = 1;
      dr_doc_free(d);
      break;
    }
    OK(d == NULL);
  }
  OK(ok);
  free(buf);
}

/* A role cue followed by a phrase of manner: "said the clerk with his
 * finger on the place", "said the valet somewhat affably".  The role had
 * to end its clause or meet a verb or an -ly adverb. */
static void test_role_manner(void) {
  const char *s =
      "Tony Last and Milly walked up to the desk of the hotel.\n\n"
      "Tony wrote their names in the book.\n\n"
      "\"And daughter,\" said the clerk with his finger on the place.\n\n"
      "Tony hesitated. Milly smiled at him.\n\n"
      "\"Your room is ready, sir,\" said the valet somewhat affably.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t clerk = char_named(d, "the clerk"), valet = char_named(d, "the valet");
  OK(clerk != DR_NONE && valet != DR_NONE);
  const dr_attribution *a = attr_of(d, "And daughter");
  OK(a && a->speaker == clerk && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "said the clerk");
  a = attr_of(d, "Your room is ready");
  OK(a && a->speaker == valet);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* "Mamma, ...": of two candidates, the one who is the other's mother
 * (the Mrs. of the family) is spoken to, not speaking. */
static void test_parent_vocative(void) {
  const char *s =
      "Lucy Honeychurch came in from the garden. Mrs. Honeychurch was "
      "writing letters by the window.\n\n"
      "\"We shall have Charlotte to stay,\" said Mrs. Honeychurch.\n\n"
      "Lucy put down her hat. Mrs. Honeychurch went on writing.\n\n"
      "\"Mother, no!\" she pleaded. \"It is impossible.\"\n";
  static const expect_t e[] = {
      {"We shall have", "Mrs. Honeychurch", DR_ATTR_EXPLICIT},
      {"Mother, no!", "Lucy Honeychurch", -1},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A narration paragraph that opens with a name and its silence ("Rosa
 * said nothing.") makes that one the listener: the next quote is the
 * other's, though the name opens the paragraph just before it. */
static void test_silence(void) {
  const char *s =
      "Dr Messinger and Rosa stood by the boats at dawn.\n\n"
      "\"Women no go in boats,\" said Rosa.\n\n"
      "\"The women will stay here. You tell the men that,\" said Dr "
      "Messinger.\n\n"
      "Rosa said nothing.\n\n"
      "\"Understand?\"\n";
  static const expect_t e[] = {
      {"Women no go", "Rosa", DR_ATTR_EXPLICIT},
      {"Understand?", "Dr Messinger", -1},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
  /* The same with "was silent", which holds no speech verb. */
  const char *s2 =
      "Dr Messinger and Rosa stood by the boats at dawn.\n\n"
      "\"Women no go in boats,\" said Rosa.\n\n"
      "\"The women will stay here. You tell the men that,\" said Dr "
      "Messinger.\n\n"
      "Rosa was silent.\n\n"
      "\"Understand?\"\n";
  expect_speakers(s2, e, sizeof e / sizeof *e);
}

/* One called by name a few turns back may answer though no decision has
 * given him a turn yet: Piglet's interjection stands between Pooh's call
 * and Christopher Robin's answer, whose vocative "Pooh" rules Pooh out. */
static void test_old_vocative(void) {
  const char *s =
      "Christopher Robin was at home. He was reading.\n\n"
      "Pooh floated up to the sky under his balloon. Piglet watched from "
      "the tree below, and Rabbit and Owl came by to see. Then Eeyore "
      "came.\n\n"
      "\"Christopher Robin, look at me!\" cried Pooh.\n\n"
      "\"Oh, bother,\" said Piglet.\n\n"
      "\"What are you doing up there, Pooh?\"\n";
  static const expect_t e[] = {
      {"Christopher Robin, look", "Pooh", DR_ATTR_EXPLICIT},
      {"What are you doing", "Christopher Robin", DR_ATTR_IMPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A paragraph that runs on long after its quote ("It is," said Elinor,
 * and ninety words of her at the window) is followed as if narration
 * came between: the next unmarked quote may well be hers again, not
 * Marianne's by turn-taking. */
static void test_narration_tail(void) {
  const char *s =
      "Elinor and Marianne sat in the parlour at Barton Cottage.\n\n"
      "\"It is very dull today,\" said Marianne.\n\n"
      "\"It is,\" said Elinor. She put down her work and went to the "
      "window, where she stood for a long while looking out at the rain "
      "that fell on the lawn, on the hedges, on the lane beyond the gate "
      "and on the low grey hills that shut in the valley, thinking of "
      "Norland and of the years they had spent there, of her father, and "
      "of all that had happened to them since they came into Devonshire; "
      "and at last she turned back to the room.\n\n"
      "\"The rain has stopped. We might walk to Allenham after all.\"\n";
  static const expect_t e[] = {
      {"It is very dull", "Marianne", DR_ATTR_EXPLICIT},
      {"It is,", "Elinor", DR_ATTR_EXPLICIT},
      {"The rain has stopped", "Elinor", -1},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* The two who talk may be named only by cues a few turns on: the first
 * unmarked line of the scene is one of them, not no one. */
static void test_later_cue(void) {
  const char *s = "It was raining hard, and the inn was dark and cold.\n\n"
                  "\"Is anyone at home?\"\n\n"
                  "\"Only me.\"\n\n"
                  "\"Where is everyone?\"\n\n"
                  "\"Out,\" said Tom. \"They went to the fair.\"\n\n"
                  "\"How dull,\" said Anna.\n\n"
                  "\"Never mind, Anna. We shall go tomorrow.\"\n\n"
                  "\"Tom, you are no help at all.\"\n";
  static const expect_t e[] = {
      {"Is anyone at home", "Anna", DR_ATTR_IMPLICIT},
      {"Only me", "Tom", DR_ATTR_IMPLICIT},
      {"Where is everyone", "Anna", DR_ATTR_IMPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A later clause's subject may stand an adverb or two before its verb:
 * "and Mary at once explained ... by saying:" is Mary's, not Ralph's,
 * who opens the sentence. */
static void test_later_clause_adverb(void) {
  const char *s =
      "Mary Datchet and Ralph Denham were at work in the office when "
      "Katharine Hilbery came in.\n\n"
      "Ralph, Katharine supposed, was a frequent visitor, for the only "
      "person he thought it necessary to greet was herself, and Mary at "
      "once explained the strange fact of her being there by saying:\n\n"
      "\"Katharine has come to see how one runs an office.\"\n";
  static const expect_t e[] = {
      {"Katharine has come", "Mary Datchet", DR_ATTR_EXPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* "Janey said ...; and his mother added:": one's mother is another
 * voice than the name before her, so the second quote is a turn of its
 * own, the mother's. */
static void test_kin_after_name(void) {
  const char *s =
      "Newland Archer came down late to breakfast, where Mrs. Archer and "
      "Janey sat.\n\n"
      "\"Mercy, how pale you look, Newland!\" Janey said over the "
      "coffee-cups; and his mother added: \"Newland, dear, I do hope you "
      "are not overworked.\"\n";
  static const expect_t e[] = {
      {"Mercy, how pale", "Janey", DR_ATTR_EXPLICIT},
      {"Newland, dear", "Mrs. Archer", -1},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A later clause's subject with "had" for its verb: "..., Isabella had
 * only time to ... say," is Isabella's, not Catherine's, who opens the
 * sentence. */
static void test_later_clause_had(void) {
  const char *s =
      "Catherine Morland and Isabella Thorpe sat together in the rooms.\n\n"
      "Catherine, though a little disappointed, had too much good nature "
      "to make any opposition, and the others rising up, Isabella had only "
      "time to press her friend's hand and say, \"Good-bye, my dear "
      "love,\" before they hurried off.\n";
  static const expect_t e[] = {
      {"Good-bye, my dear", "Isabella Thorpe", DR_ATTR_EXPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* Narration that runs on past the cue window after a quote and leads
 * into the next paragraph's quote is that quote's cue, however long:
 * "It is he!" is Marianne's, Elinor cries out the next one. */
static void test_long_lead_on(void) {
  const char *s =
      "Marianne and Elinor walked in the lane.\n\n"
      "In a moment afterwards Marianne rapturously exclaimed,\n\n"
      "\"It is he; it is indeed; I know it is!\" and was hastening to meet "
      "him, when Elinor cried out,\n\n"
      "\"Indeed, Marianne, I think you are mistaken.\"\n";
  static const expect_t e[] = {
      {"It is he", "Marianne", DR_ATTR_EXPLICIT},
      {"Indeed, Marianne", "Elinor", DR_ATTR_EXPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* "she ventured to say": the subject of the verb the infinitive hangs on
 * speaks, not "Miss Tilney continuing" before it. */
static void test_ventured_to_say(void) {
  const char *s =
      "Catherine Morland walked with Miss Tilney along the gallery.\n\n"
      "Catherine looked long at the picture. Miss Tilney continuing "
      "silent, she ventured to say, \"Her death must have been a great "
      "affliction!\"\n\n"
      "\"A great and increasing one,\" replied Miss Tilney.\n";
  static const expect_t e[] = {
      {"Her death", "Catherine Morland", DR_ATTR_ANAPHORIC},
      {"A great and", "Miss Tilney", DR_ATTR_EXPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A name right after a verb is its object, not a later clause's subject:
 * "He surveyed the company, saw Fielding crouched below him ..., and
 * said," has "He" for its cue, not Fielding. */
static void test_object_name(void) {
  const char *s =
      "Cyril Fielding sat with the ladies. Major Callendar came in from "
      "the hospital.\n\n"
      "His face looked ill-tempered. He surveyed the company, saw Fielding "
      "crouched below him on an ottoman, and said, \"H'm! Much as one "
      "expected.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  const dr_attribution *a = attr_of(d, "H'm!");
  OK(a && a->kind == DR_ATTR_ANAPHORIC);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_start + 2, "He");
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A paragraph that ends with no mark at all (a dash lost) leads into the
 * next one's quote even when a short tail follows its verb: "Then Gogol
 * said, with the absolute simplicity of a child". */
static void test_bare_lead_tail(void) {
  const char *s = "Sunday and Gogol sat in the garden. Sunday was silent.\n\n"
                  "And then Gogol said, with the absolute simplicity of a "
                  "child\n\n"
                  "\"I wish I knew why I was hurt so much.\"\n";
  static const expect_t e[] = {
      {"I wish I knew", "Gogol", DR_ATTR_EXPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A participle of speech right before a quote ("and saying, "...",") is
 * its cue, though a pronoun and a verb follow the quote ("she led"). */
static void test_participle_cue(void) {
  const char *s =
      "Cassandra Otway and William Rodney sat by the relics. Katharine "
      "Hilbery came in with Ralph Denham.\n\n"
      "With a set expression, Katharine encountered their eyes, and "
      "saying, \"We're not going to interrupt you,\" she led Denham behind "
      "the curtain. Cassandra watched them go.\n";
  static const expect_t e[] = {
      {"We're not going", "Katharine Hilbery", DR_ATTR_EXPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A kin noun before a clause set off by commas is the subject of the
 * verb after it: "but her mother, without waiting for her assent,
 * continued," is Mrs. Dashwood's. */
static void test_paren_nominal(void) {
  const char *s =
      "Elinor sat with Mrs. Dashwood in the parlour.\n\n"
      "\"I never saw it,\" said Elinor.\n\n"
      "Elinor could not remember it; but her mother, without waiting for "
      "her assent, continued,\n\n"
      "\"And his manners are more pleasing to me than ever.\"\n";
  static const expect_t e[] = {
      {"And his manners", "Mrs. Dashwood", DR_ATTR_ANAPHORIC},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A pronoun cue reads the third name of its gender's salience too: "Tom,
 * Dick, listen to me," he said -- Harry, named before both, and the two
 * spoken to cannot be the speaker. */
static void test_third_salient(void) {
  const char *s =
      "Harry Brown was the sexton of the parish, and the village knew "
      "Harry Brown well.\n\n"
      "\"Good morning,\" said Harry Brown.\n\n"
      "CHAPTER II\n\n"
      "The morning was cold. Dick came into the yard, and Tom followed "
      "him.\n\n"
      "\"Tom, Dick, listen to me,\" he said. \"We dig here.\"\n\n"
      "\"Why here?\" asked Dick.\n";
  static const expect_t e[] = {
      {"Tom, Dick, listen", "Harry Brown", DR_ATTR_ANAPHORIC},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A verb of speech followed by a degree word and an -ly adverb still ends
 * the cue ("and who now said rather abruptly,"). */
static void test_degree_adverb(void) {
  const char *s =
      "Elinor Dashwood and Marianne sat with Sir John. Elinor Dashwood was "
      "tired.\n\n"
      "A short pause succeeded this speech, which was first broken by Sir "
      "John, who seemed very much disposed for conversation, and who now "
      "said rather abruptly, \"And how do you like Devonshire, Miss "
      "Dashwood?\"\n";
  static const expect_t e[] = {
      {"And how do you like", "Sir John", DR_ATTR_EXPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* A title alone after the verb names the one so titled: "answered
 * Mademoiselle." is Mademoiselle Reisz's. */
static void test_title_alone(void) {
  const char *s =
      "Mademoiselle Reisz played the piano for Edna Pontellier. Edna "
      "Pontellier listened.\n\n"
      "\"Did you want me to come?\" asked Edna.\n\n"
      "\"I had not thought much about it,\" answered Mademoiselle.\n";
  static const expect_t e[] = {
      {"I had not thought", "Mademoiselle Reisz", DR_ATTR_EXPLICIT},
  };
  expect_speakers(s, e, sizeof e / sizeof *e);
}

/* Silence is no cue and no action beat: "Tom made no answer." ("answer"
 * a noun after "no") is no explicit cue for the quote after it (the
 * ranker still weighs Tom, named first in the paragraph). */
static void test_silent_beat(void) {
  const char *s = "Mary Price and Tom Price sat at the table.\n\n"
                  "\"Will you come with me to the village?\" asked Mary.\n\n"
                  "Tom made no answer. \"Then I shall go alone.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  const dr_attribution *a = attr_of(d, "Then I shall");
  OK(a && a->kind != DR_ATTR_EXPLICIT);
  OK(a && a->cue_start == a->cue_end);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* The mention at byte offset of text w, or NULL. */
static const dr_mention *mention_of(const dr_doc *d, const char *s,
                                    const char *w) {
  const char *at = strstr(s, w);
  for (size_t i = 0; at && i < dr_mention_count(d); i++)
    if (dr_mention_at(d, i)->start == (size_t)(at - s))
      return dr_mention_at(d, i);
  return NULL;
}

/* Pronoun mentions (DR_OPT_PRONOUNS): a narration she/her is the last
 * woman named; a pronoun cue's "she" and the "I" and "my" of its quote
 * are the speaker decided for the quote; the characters' mention counts
 * stay their names'.  Without the option there are none. */
static void test_pronoun_mentions(void) {
  const char *s =
      "Elizabeth Bennet walked to the window; Elizabeth was tired. She "
      "looked out at the rain, and her sister Jane Bennet came in.\n\n"
      "\"It will stop soon,\" said Jane.\n\n"
      "\"I hope so,\" she said. \"My shoes are thin.\"\n";
  /* Only when asked for (DR_OPT_PRONOUNS). */
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  for (size_t k = 0; d && k < dr_mention_count(d); k++)
    OK(dr_mention_at(d, k)->kind != DR_MENTION_PRONOUN);
  dr_doc_free(d);
  free(buf);
  dr_options o;
  memset(&o, 0, sizeof o);
  o.flags = DR_OPT_PRONOUNS;
  d = NULL;
  OK(dr_doc_parse(s, strlen(s), &o, &d) == DR_OK && d != NULL);
  if (!d)
    return;
  size_t liz = h_owner_of(d, "Elizabeth Bennet");
  const dr_mention *she = mention_of(d, s, "She looked");
  const dr_mention *her = mention_of(d, s, "her sister");
  OK(she && she->kind == DR_MENTION_PRONOUN && she->character == liz);
  OK(her && her->kind == DR_MENTION_PRONOUN && her->character == liz);
  const dr_attribution *a = attr_of(d, "I hope so");
  OK(a && a->speaker != DR_NONE);
  const dr_mention *i = mention_of(d, s, "I hope");
  const dr_mention *cue = mention_of(d, s, "she said");
  const dr_mention *my = mention_of(d, s, "My shoes");
  OK(i && i->kind == DR_MENTION_PRONOUN && a && i->character == a->speaker);
  OK(cue && cue->kind == DR_MENTION_PRONOUN && a &&
     cue->character == a->speaker);
  OK(my && my->kind == DR_MENTION_PRONOUN && a && my->character == a->speaker);
  /* "It" is no one's; counts are the names'. */
  OK(mention_of(d, s, "It will") == NULL);
  INT_EQ(dr_character_at(d, liz)->mentions, 2);
  for (size_t k = 1; k < dr_mention_count(d); k++)
    OK(dr_mention_at(d, k)->start >= dr_mention_at(d, k - 1)->end);
  invariants(d);
  dr_doc_free(d);
}

/* A role noun of no known gender ("the croupier") takes the gender of
 * the pronoun that follows it in its cue's clause, and so does the cue:
 * the woman named before is no candidate. */
static void test_role_gender(void) {
  const char *s =
      "Brenda Last sat at the table. Brenda watched the wheel turn.\n\n"
      "\"Zero!\" cried the croupier, as he raked in the stakes.\n\n"
      "Brenda sighed.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t cr = char_named(d, "the croupier");
  OK(cr != DR_NONE);
  const dr_attribution *a = attr_of(d, "Zero!");
  OK(a && cr != DR_NONE && a->speaker == cr);
  if (cr != DR_NONE)
    OK(dr_character_at(d, cr)->gender == DR_GENDER_MALE);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A narration paragraph with no closing mark (a dash lost) leads into
 * the next paragraph's quote whatever the tail after its cue. */
static void test_bare_tail(void) {
  const char *s =
      "Gabriel Syme and Dr. Bull sat by the sea with Inspector Ratcliffe."
      "\n\n"
      "\"It is all over,\" said Bull.\n\n"
      "\"Not yet,\" said Syme.\n\n"
      "There was a long silence, and then Ratcliffe said in a curious, "
      "strained voice \n\n"
      "\"You do not know Sunday at all.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t r = h_owner_of(d, "Inspector Ratcliffe");
  OK(r != DR_NONE);
  const dr_attribution *a = attr_of(d, "You do not know Sunday at all.");
  OK(a && r != DR_NONE && a->speaker == r && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "Ratcliffe said");
  dr_doc_free(d);
  free(buf);
  /* A participle's phrase after the verb, longer than the cue window. */
  s = "Gabriel Syme and Dr. Bull sat by the sea with Inspector Ratcliffe."
      "\n\n"
      "\"It is all over,\" said Bull.\n\n"
      "\"Not yet,\" said Syme.\n\n"
      "There was a long silence, and then Ratcliffe said, looking out over "
      "the swollen sea, all a sort of grey purple \n\n"
      "\"What does it matter?\"\n";
  d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  r = h_owner_of(d, "Inspector Ratcliffe");
  a = attr_of(d, "What does it matter?");
  OK(a && r != DR_NONE && a->speaker == r && a->kind == DR_ATTR_EXPLICIT);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "Ratcliffe said");
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A name after a comma (or "and", "but", "then") and before an inflected
 * verb is its clause's subject, ahead in salience of a name after it that
 * is no subject: the "she" of the next cue. */
static void test_clause_subject(void) {
  const char *s =
      "Kitty Hamilton and Minty Brown worked in the big house with Joe "
      "Hamilton.\n\n"
      "A week or more after this, Kitty turned to him and told him that "
      "the story of Minty had reached the employers of Joe.\n\n"
      "\"You see,\" she said sadly, \"we are out of work.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t kitty = h_owner_of(d, "Kitty Hamilton");
  OK(kitty != DR_NONE);
  const dr_attribution *a = attr_of(d, "You see,");
  OK(a && kitty != DR_NONE && a->speaker == kitty);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A verb in -ed the lexicon does not know, between a quote that opens
 * its sentence and a role: "Rouge!" proclaimed the croupier.  Not when
 * the quote sits inside a sentence (a shout of "Harris!" shivered the
 * air). */
static void test_unknown_verb_role(void) {
  const char *s =
      "Tony Last and Brenda Last sat at the table. The wheel revolved.\n\n"
      "\"Rouge!\" proclaimed the croupier.\n\n"
      "\"We have won,\" said Brenda.\n\n"
      "Her shout of \"Tony!\" shivered the tranquil air.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t cr = char_named(d, "the croupier");
  OK(cr != DR_NONE);
  const dr_attribution *a = attr_of(d, "Rouge!");
  OK(a && cr != DR_NONE && a->speaker == cr);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "proclaimed the croupier");
  OK(char_named(d, "the air") == DR_NONE);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A subject pronoun past an opening phrase whose clause runs on to "and"
 * and the speech verb: "After a silence of several minutes he came
 * towards her in an agitated manner, and thus began," -- not one in a
 * subordinate clause ("as she went hunting about, and called out"). */
static void test_coordinated_verb(void) {
  const char *s =
      "Elizabeth Bennet sat alone when Mr. Darcy came in.\n\n"
      "\"Good evening,\" said Elizabeth.\n\n"
      "After a silence of several minutes he came towards her in an "
      "agitated manner, and thus began,\n\n"
      "\"In vain have I struggled.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t darcy = h_owner_of(d, "Mr. Darcy");
  OK(darcy != DR_NONE);
  const dr_attribution *a = attr_of(d, "In vain have I struggled.");
  OK(a && darcy != DR_NONE && a->speaker == darcy &&
     a->kind == DR_ATTR_ANAPHORIC);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end,
            "he came towards her in an agitated manner, and thus began");
  dr_doc_free(d);
  free(buf);
  /* A name there too, after a plural noun ("minutes Darcy"). */
  s = "Elizabeth Bennet sat alone when Mr. Darcy came in.\n\n"
      "\"Good evening,\" said Elizabeth.\n\n"
      "After a silence of several minutes Darcy came towards her in an "
      "agitated manner, and thus began,\n\n"
      "\"In vain have I struggled.\"\n";
  d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  darcy = h_owner_of(d, "Mr. Darcy");
  a = attr_of(d, "In vain have I struggled.");
  OK(a && darcy != DR_NONE && a->speaker == darcy &&
     a->kind == DR_ATTR_EXPLICIT);
  dr_doc_free(d);
  free(buf);
  /* An auxiliary as the pronoun's verb: "for she did not scruple to call
   * out,". */
  s = "Lady Catherine sat by the fire with Mr. Darcy.\n\n"
      "\"You play well,\" said Darcy.\n\n"
      "Her curiosity was openly acknowledged, for she did not scruple to "
      "call out,\n\n"
      "\"What is that you are saying?\"\n";
  d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t cat = h_owner_of(d, "Lady Catherine");
  a = attr_of(d, "What is that you are saying?");
  OK(a && cat != DR_NONE && a->speaker == cat && a->kind == DR_ATTR_ANAPHORIC);
  dr_doc_free(d);
  free(buf);
  s = "The White Rabbit ran past. Alice Liddell followed it.\n\n"
      "Very soon the Rabbit noticed Alice, as she went hunting about, and "
      "called out to her in an angry tone,\n\n"
      "\"Why, Mary Ann, what are you doing out here?\"\n";
  d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  a = attr_of(d, "Why, Mary Ann, what are you doing out here?");
  OK(a && a->kind != DR_ATTR_ANAPHORIC);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A role's aliases are the phrases its cues write, the most written its
 * name: "the genial passenger" (twice, once across a line break) and
 * "the passenger". */
static void test_role_phrases(void) {
  const char *s =
      "Tony Last walked on the deck of the ship every morning. Tony liked the "
      "sea.\n"
      "\n"
      "\"It's not much of a boat,\" said the genial passenger, sitting down "
      "beside Tony.\n"
      "\n"
      "\"No,\" said Tony.\n"
      "\n"
      "\"Travel with this line often?\" asked the genial\n"
      "passenger.\n"
      "\n"
      "\"Never before,\" said Tony.\n"
      "\n"
      "\"Ah. Well, so long,\" said the passenger, and went below.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t p = char_named(d, "the genial passenger");
  OK(p != DR_NONE);
  if (p != DR_NONE) {
    const dr_character *c = dr_character_at(d, p);
    INT_EQ(c->n_aliases, 2);
    if (c->n_aliases == 2) {
      OK(strcmp(c->aliases[0].text, "the genial passenger") == 0 &&
         c->aliases[0].count == 2);
      OK(strcmp(c->aliases[1].text, "the passenger") == 0 &&
         c->aliases[1].count == 1);
    }
    INT_EQ(c->mentions, 3);
  }
  const dr_attribution *a = attr_of(d, "Ah. Well, so long,");
  OK(a && p != DR_NONE && a->speaker == p);
  invariants(d);
  dr_doc_free(d);
  free(buf);
  /* Two modifiers (a nominal cue's most): the phrase from its "the". */
  s = "Tony Last walked on the deck of the ship every morning. Tony liked "
      "the sea.\n\n"
      "\"It's not much of a boat,\" said the little old lady, sitting down "
      "beside Tony.\n\n"
      "\"No,\" said Tony.\n\n"
      "\"Travel with this line often?\" asked the little old lady.\n";
  d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  p = char_named(d, "the little old lady");
  OK(p != DR_NONE);
  if (p != DR_NONE) {
    const dr_character *c = dr_character_at(d, p);
    INT_EQ(c->n_aliases, 1);
    OK(c->n_aliases == 1 &&
       strcmp(c->aliases[0].text, "the little old lady") == 0);
  }
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* An adjective of size or order between "the" and the noun of a cue:
 * "said the little girl" is the girl's. */
static void test_role_adjective(void) {
  const char *s =
      "Philip Herriton walked down the lane with Caroline Abbott.\n\n"
      "\"I shall have to leave a message,\" he called.\n\n"
      "\"Now Perfetta has gone for her basket,\" said the little girl.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t girl = char_named(d, "the little girl");
  OK(girl != DR_NONE);
  if (girl != DR_NONE) {
    const dr_character *c = dr_character_at(d, girl);
    INT_EQ(c->n_aliases, 1);
    OK(strcmp(c->aliases[0].text, "the little girl") == 0 &&
       c->aliases[0].count == 1);
  }
  const dr_attribution *a = attr_of(d, "Now Perfetta has gone for her basket,");
  OK(a && girl != DR_NONE && a->speaker == girl);
  if (a)
    SPAN_EQ(d, a->cue_start, a->cue_end, "said the little girl");
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

/* A story in the third person whose frame has a narrator of its own:
 * "I said" cues are "the narrator"'s (no other turn's); a first-person
 * story without a named narrator makes none. */
/* A first-person narrator who watches a conversation is no candidate as
 * such: Mrs. Smith answers Holmes, not Watson, who has not spoken in the
 * chapter. */
static void test_narrator_party(void) {
  const char *s =
      "CHAPTER I\n"
      "\n"
      "I had been lying on the sofa all morning when my friend came in and "
      "threw his hat upon the table. I looked up at him from my book.\n"
      "\n"
      "\"Watson,\" said Holmes, \"we have a case.\"\n"
      "\n"
      "\"What is it?\" I asked, and I put my book down on my knee.\n"
      "\n"
      "\"A missing launch, Watson. Come along, we shall take a cab.\"\n"
      "\n"
      "\"I am ready,\" I said, and I followed him out, and I hailed a cab for "
      "us both.\n"
      "\n"
      "CHAPTER II\n"
      "\n"
      "The house stood at the end of the lane. Holmes knocked at the door, and "
      "Mrs. Smith opened it and looked at him. I stood a little behind on the "
      "path and watched the two of them, and I said nothing.\n"
      "\n"
      "\"Good morning, madam,\" said Holmes, raising his hat.\n"
      "\n"
      "\"Good morning to you, sir.\"\n"
      "\n"
      "\"Is your husband at home?\"\n"
      "\n"
      "\"He went out at dawn, sir, and he has not come back.\"\n"
      "\n"
      "\"When do you expect him?\"\n"
      "\n"
      "\"Not before night, sir, if then.\"\n"
      "\n"
      "\"Did he take the launch?\"\n"
      "\n"
      "\"He did, sir.\"\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t smith = char_named(d, "Mrs. Smith");
  size_t watson = char_named(d, "Watson");
  OK(smith != DR_NONE && watson != DR_NONE);
  const dr_attribution *a = attr_of(d, "I am ready,");
  OK(a && a->speaker == watson);
  a = attr_of(d, "Good morning to you, sir.");
  OK(a && a->speaker == smith);
  a = attr_of(d, "He did, sir.");
  OK(a && a->speaker == smith);
  invariants(d);
  dr_doc_free(d);
  free(buf);
}

static void test_anon_narrator(void) {
  const char *s =
      "Christopher Robin sat by the fire with Pooh Bear.\n\n"
      "\"What about a story?\" said Christopher Robin, and he looked at "
      "his bear as he said it, and his bear looked at him.\n\n"
      "\"What about a story?\" I said.\n\n"
      "\"Could you tell Pooh one?\" he asked, and he hugged his bear.\n\n"
      "\"I suppose I could,\" I said. \"What sort?\"\n\n"
      "\"About himself,\" said Christopher Robin, and he smiled at his "
      "friend as he sat down, and she smiled too.\n";
  char *buf;
  dr_doc *d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  size_t nar = char_named(d, "the narrator");
  OK(nar != DR_NONE);
  const dr_attribution *a = attr_of(d, "I suppose I could,");
  OK(a && nar != DR_NONE && a->speaker == nar);
  a = attr_of(d, "About himself,");
  OK(a && a->speaker != nar);
  if (nar != DR_NONE)
    OK(dr_character_at(d, nar)->quotes_spoken == 3);
  invariants(d);
  dr_doc_free(d);
  free(buf);
  s = "I walked to the river with my dog. I was tired, and I sat down on my "
      "coat by the water, and I slept.\n\n"
      "\"Hallo,\" I said, and I looked up at my visitor.\n\n"
      "\"Good day,\" said Tom Smith, and I nodded to him.\n\n"
      "\"Fine weather,\" I said, and I smiled at my friend.\n";
  d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  OK(char_named(d, "the narrator") == DR_NONE);
  invariants(d);
  dr_doc_free(d);
  free(buf);
  /* A text without a name: "the narrator" is its one character (no
   * mentions at all: the fuzzer's qsort of a NULL mentions array), and
   * the "he said" turn is not its. */
  s = "\"Hello,\" I said.\n\n"
      "\"Yes,\" he said, and he looked at his hat, and he smiled at his "
      "dog as he sat by his fire.\n\n"
      "\"Well,\" I said, and he nodded.\n";
  d = parse_str(s, &buf);
  OK(d != NULL);
  if (!d)
    return;
  nar = char_named(d, "the narrator");
  OK(nar != DR_NONE && dr_character_count(d) == 1);
  a = attr_of(d, "Hello,");
  OK(a && nar != DR_NONE && a->speaker == nar);
  a = attr_of(d, "Yes,");
  OK(a && a->speaker != nar);
  INT_EQ(dr_mention_count(d), 0);
  invariants(d);
  dr_doc_free(d);
  free(buf);
  /* A role dropped before it ("the man" does not speak here): the
   * narrator moves down with the kept characters, and a narration "I"
   * (with pronoun mentions on) is still its, not an id past the end. */
  s = "Tony Last walked into the casino with his dog, and he smiled at his "
      "dog as he sat down by the table.\n\n"
      "\"Faites vos jeux,\" said the man, and he looked at his cards, and "
      "he smiled at his friend as he dealt them to his guests.\n\n"
      "\"Red,\" said Tony, and he looked at his dog, and he laughed, and he "
      "patted his dog on his head, and he smiled at his friend.\n\n"
      "\"What about a story?\" I said, and I smiled.\n\n"
      "\"Yes,\" said Tony, and he smiled at his dog, and he sat back in his "
      "chair, and he looked at his hands.\n\n"
      "\"I suppose I could,\" I said.\n";
  dr_options o;
  memset(&o, 0, sizeof o);
  o.flags = DR_OPT_PRONOUNS;
  d = NULL;
  OK(dr_doc_parse(s, strlen(s), &o, &d) == DR_OK && d != NULL);
  if (!d)
    return;
  nar = char_named(d, "the narrator");
  OK(nar != DR_NONE && char_named(d, "the man") == DR_NONE);
  if (nar != DR_NONE)
    INT_EQ(dr_character_at(d, nar)->n_aliases, 0);
  const dr_mention *i = mention_of(d, s, "I smiled");
  OK(i && i->kind == DR_MENTION_PRONOUN && i->character == nar);
  for (size_t k = 0; k < dr_mention_count(d); k++)
    OK(dr_mention_at(d, k)->character < dr_character_count(d));
  invariants(d);
  dr_doc_free(d);
}

int main(void) {
  test_cues();
  test_anon_narrator();
  test_narrator_party();
  test_role_adjective();
  test_role_phrases();
  test_coordinated_verb();
  test_unknown_verb_role();
  test_clause_subject();
  test_bare_tail();
  test_role_gender();
  test_nested_and_scenes();
  test_empty_and_odd();
  test_roles();
  test_cue_shapes();
  test_long_cues();
  test_paren_subject();
  test_local_first();
  test_chain_decoding();
  test_two_voices();
  test_distant_subject();
  test_epithets();
  test_trailing_cue();
  test_long_cue_tail();
  test_leading_dash();
  test_listener_beat();
  test_last_named();
  test_later_subject();
  test_joined_pronoun();
  test_cue_run();
  test_office_role();
  test_possessor_voice();
  test_heard_say();
  test_bare_lead();
  test_paren_names();
  test_subject_salience();
  test_pronoun_salience();
  test_vocative_gender();
  test_answered_sir();
  test_her_mother();
  test_long_cue_after_quotes();
  test_voice_of();
  test_long_tail();
  test_was_his_answer();
  test_his_lady();
  test_put_in();
  test_colon_lead();
  test_interrupted();
  test_heading_mentions();
  test_kin();
  test_the_other();
  test_titles();
  test_oom();
  test_role_manner();
  test_parent_vocative();
  test_silence();
  test_old_vocative();
  test_narration_tail();
  test_later_cue();
  test_later_clause_adverb();
  test_kin_after_name();
  test_later_clause_had();
  test_long_lead_on();
  test_ventured_to_say();
  test_object_name();
  test_bare_lead_tail();
  test_participle_cue();
  test_paren_nominal();
  test_third_salient();
  test_degree_adverb();
  test_title_alone();
  test_silent_beat();
  test_pronoun_mentions();
  DONE();
}
