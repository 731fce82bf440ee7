/*
 * speaker.c -- speakers, addressees, interactions.
 *
 * Reads the quotes, paragraphs, tokens and character mentions of earlier
 * stages and fills d->attrs (one record per quote), d->addressees (their
 * pool), d->inter, and the characters' quotes_spoken / quotes_addressed.
 * The unit of conversation is a *turn*: a story paragraph holding top-level
 * quotes (a paragraph whose first quote continues a quote of the previous
 * paragraph -- a multi-paragraph speech -- belongs to the previous turn).
 *
 * 1. Lexicon.  The speech verbs of speaker_verbs.inc (learned from PDNC
 *    cues by train/speakers/gen_verbs.py; a word counts when at least
 *    SPK_MIN_NOVELS novels support it, minus the held-out one under
 *    -DDRP_SPEAKERS_HOLDOUT=i) are hashed into a small per-call table,
 *    beside a few pronouns.
 * 2. Paragraph sweep, in document order.  Each story paragraph's mentions
 *    are lined up with its tokens.  Narration name mentions (outside
 *    quotes, not vocatives) feed a most-recent-first list per gender
 *    (salience; and a second list that keeps a sentence's subject, or
 *    the name a later "he" or "she" of the paragraph is taken for, ahead
 *    of the names after it -- "Anne looked at Louisa" -- whose first two
 *    of each gender are the salience candidates of a turn) and count
 *    toward the narrator guess (phase 5).  For a
 *    paragraph with quotes, its narration tokens are classed (speech verb,
 *    subject pronoun, object pronoun, "to", stop punctuation, word) and:
 *    a. Cues (sieves 1-2).  For each top-level quote, the narration right
 *       after it (up to a stop or the next quote, CUE_WINDOW tokens) and
 *       then right before it is searched, nearest first, for a speech verb
 *       with a subject: a name mention just before it (Jane said, Jane
 *       replied softly, Jane's voice) or just after it past a few lower
 *       case words (said Jane, began a breathless Mrs. Bennet) -- explicit;
 *       a subject pronoun (he said, said she, I say) -- anaphoric, resolved
 *       in phase 3.  Failing that, a lower-case word right after the
 *       quote followed by a name ("...," yawned Mrs. Moore) is a cue too,
 *       and so is a lower-case subject pronoun right after the quote
 *       followed by a lower-case word ("...," she sniffled), or, after a
 *       quote ending in a comma, a name so followed ("...," Kitty
 *       whimpered); so are a word and a particle before a name ("...,"
 *       put in Lucy), "was" and a word of speech with its possessor
 *       ("...," was his answer), and "the voice of" a name after the
 *       verb (said the voice of Mr. Haq).
 *       Of a cue after the quote and one before it, the nearer wins (a tie
 *       goes to the one after); a cue in narration that runs from a
 *       paragraph's last quote to its end and leads into the next
 *       paragraph's quote with ':', ',', a dash or no mark is that quote's
 *       (prev_para_cue), unless it opens the narration (a tag).  An
 *       object after the verb (asked her, said to Jane) is the cue's
 *       target.  The cue span runs from verb to subject.
 *    b. Action beat (sieve 4).  The first narration clause of the
 *       paragraph that opens (after at most one capitalised word: "But")
 *       with a name, or its possessive, followed by a lower-case word, or
 *       with he/she/I, gives its subject (Jane sighed. "Not again.";
 *       Mrs. Bennet's voice carried) -- but not a name followed by a verb
 *       of listening (Fanny listened, Ralph wondered: the listener, not
 *       the speaker); "Her mother sighed." gives the one
 *       Mrs. of the family of the woman named last (kin_of).  It is a
 *       ranking feature (phase 3).
 *    c. Vocatives in its quotes (names.c marks them) are kept for the
 *       next turn (sieve 5) and for addressees (phase 4).
 *    The paragraph's quotes take the first cue found in it; a quote whose
 *    own cue names someone else keeps its own, except the second piece of
 *    a speech its tag interrupts ("Three!" cried Thorpe, "five."), which
 *    keeps the tag's speaker unless it has a tag of its own before it.
 *    A cue "the" + a rank alone (said the Admiral) names the one character
 *    so titled (title_char).
 *    Role characters (phase 2b, make_roles).  A cue whose subject is
 *    "the" + a person noun (said the croupier, the old waiter said) adds
 *    a candidate character "the croupier" (one per noun; a character
 *    already called so -- a known cast's, a title-name's -- is the
 *    speaker outright).  Nouns the PDNC novels mostly used for named
 *    people (the old man = Mr. Emerson) give the weaker feature F_ROLEG,
 *    other nouns F_ROLE; the ranker decides (phase 3), and keep_roles
 *    drops the roles no turn chose, giving the rest their alias and a
 *    nominal mention per cue.  Characters the earlier stages found keep
 *    their indices; roles follow them.
 * 3. Turns, in order (sieves 2, 3, 4, 5).  An explicit cue decides; "I"
 *    in a cue or beat is the narrator (phase 5).  Other turns rank
 *    candidate characters with a linear score over binary features
 *    (rank(): named in this paragraph's narration before the cue, or
 *    opening a later sentence there (the nearer antecedent of "he said":
 *    "When Tony came back... Beaver was telling Brenda's fortune. '...,'
 *    he was saying"), subject of the action beat, speaker two turns back,
 *    previous speaker, vocative or cue target of the previous turn,
 *    a third party (who spoke three turns back, or was called by name two
 *    to eight turns back), salience, last speaker of the pronoun's gender,
 *    explicit speakers and vocatives of the next two turns, opener of the
 *    narration paragraph just before, named as vocative in this very turn,
 *    or -- "Mamma, ..." -- the mother or father of another candidate, or
 *    the one whose silence opens the narration paragraph just before
 *    ("Rosa said nothing."): the last three are addressed, not speaking);
 *    a pronoun cue (or
 *    beat) restricts the candidates to its gender and uses the second
 *    weight row.  This is where a learned ranker plugs in: features are
 *    bits and the weights a table.  Two nominal cues are decided before
 *    ranking: "said his wife", "her mother cried" name the one Mr./Mrs. of
 *    the possessor's surname (kin_of; the possessor is the one the quote
 *    calls by name, else the last speaker or the last name of the
 *    pronoun's gender); "said the other" names whom the last speaker named
 *    or spoke to, else who spoke before.  History resets at scene and
 *    chapter breaks, and history features have a far variant across
 *    narration paragraphs.  The history features (who spoke one, two,
 *    three turns back, and whom they named or spoke to) depend on earlier
 *    decisions, so the turns are decided by beam search rather than one at
 *    a time: BEAM paths (sequences of choices) are kept per turn, each
 *    extended by every candidate of the next turn ranked under that path's
 *    own history, and a path's score is the sum of its choices' ranker
 *    scores; paths that agree on the last three speakers are one state
 *    (the better is kept), and only the best path crosses a scene break.
 *    A chain of unmarked turns is thus decided as a whole: a wrong turn
 *    early in the chain no longer flips every turn after it, when the
 *    chain's later cues fit the other order better.  A paragraph whose
 *    first quote continues one of the paragraph before is the same turn.
 *    Quotes of a turn share its speaker, except one whose own cue names
 *    someone else.  Nested quotes (parent set) are left without speaker:
 *    they report someone else's words inside a speech, and that speaker
 *    is rarely recoverable from the text.
 * 4. Addressees (sieve 6), once every speaker is known: vocatives in the
 *    turn's quotes, the cue's target, the previous turn's speaker and the
 *    next turn's speaker when those turns are adjacent (else the previous
 *    speaker of the scene, if nothing else); never the speaker, no duplicates,
 * at most MAX_ADDR.  The pool is filled completely before attrs take pointers
 * into it.
 * 5. Narrator.  First person is decided from pronouns in the narration of
 *    quote paragraphs (as doc.c does for the whole text); the narrator is
 *    the character most often addressed by vocatives relative to its
 *    narration mentions (others call the narrator by name; the narration
 *    says "I").  Without one, "I said" cues stay unresolved.
 * 6. Interactions: quotes from each speaker to each addressee; per scene,
 *    the characters mentioned or speaking there (at most SCENE_CAST each,
 *    in order of appearance) count one co-occurrence per pair.  Pairs live
 *    in a hash table, then are sorted by (a, b).
 *
 * Time is linear: each paragraph's tokens are classed once, each cue
 * window is bounded, each turn ranks at most MAX_CAND candidates per path
 * (BEAM paths), and pairs per scene are capped.  No global mutable state.
 */
#include "internal.h"

#include <stdlib.h>

typedef struct {
  const char *w;
  uint32_t mask; /* novels in whose cues it is a speech verb */
  int n;         /* cues using it (for the record) */
} spk_verb_t;

typedef struct {
  const char *w;
  uint32_t mask;   /* novels whose cues use it as a subject's noun */
  uint32_t male;   /* novels where it named a man */
  uint32_t female; /* ... a woman */
  int speech;      /* its possessor is the speaker: "his voice" */
  uint32_t role;   /* novels where "the X" was mostly a role with no name
                      of its own (The Policeman), not a named character */
} spk_noun_t;

#include "speaker_verbs.inc"

#define NONE32 UINT32_MAX

#ifdef DRP_SPEAKERS_DUMP
#include <stdio.h>
#endif

#ifdef DRP_SPEAKERS_HOLDOUT
#define SPK_EXCLUDE (1u << (DRP_SPEAKERS_HOLDOUT))
#else
#define SPK_EXCLUDE 0u
#endif

/* A word is a speech verb when this many novels' cues support it: one
 * novel's habit ("the", a translator's tic) is not enough. */
#define SPK_MIN_NOVELS 2
/* A turn whose paragraph runs on this many words of narration after its
 * last quote is followed as if a narration paragraph came between (the
 * far variants of the history features): in PDNC the next paragraph's
 * quote is the same speaker's after 3% of paragraphs that end with their
 * quote, 28% of those that end with 16 or more words of narration, and
 * 40% of narration paragraphs.  In sample: never 0.8139, 16 0.8135, 25
 * 0.8146, 60 0.8149 (held out 0.8085 -> 0.8086, LitBank 0.468 -> 0.473),
 * 100 0.8149; for the addressees' adjacency too, 0.8125 at 16. */
#define TAIL_FAR 60
/* An unmarked turn takes no salience candidates of a gender whose lists
 * no narration name, "he" or "she" has touched for more than this many
 * paragraphs: after a long talk, the name last read is no longer the
 * likely speaker.  In sample: never 0.8120, 7 0.8112, 8 0.8129, 9 0.8144,
 * 10 0.8139, 12 0.8135, 15 0.8130, 20 0.8126; held out (10) 0.8068 ->
 * 0.8085.  The same for pronoun cues too cost: 0.8123 (5), 0.8133 (10)
 * against 0.8139 without. */
#define SAL_STALE 10
/* "I said" cues that make an unnamed narrator (phase 5). */
#define ANON_NARR_MIN 2
/* Narration tokens searched on each side of a quote for a cue: cues are
 * short ("said Mrs. Bennet, with a smile"); a longer clause is narration. */
#define CUE_WINDOW 10
/* Lower-case words allowed between an inverted verb and its subject
 * ("began a breathless Mrs. Bennet"). */
#define SUBJ_SKIP 3
/* Candidates ranked per turn (the features name at most this many). */
#define MAX_CAND 12
/* Addressees kept per quote. */
#define MAX_ADDR 4
/* Characters per scene paired for co-occurrence: bounds the quadratic
 * pairing on a scene that names thousands of people. */
#define SCENE_CAST 64
/* Characters counted as the main cast (F_MAJOR). */
#define MAJOR_N 6
/* Salience list length per gender. */
#define SAL_N 3
_Static_assert(SAL_N >= 3, "a pronoun cue reads three names of its gender");

/* ------------------------------------------------------------------------ */
/* Lexicon                                                                   */
/* ------------------------------------------------------------------------ */

enum {
  W_OTHER = 0,
  W_VERB,   /* a speech verb */
  W_SUBJ_M, /* he */
  W_SUBJ_F, /* she */
  W_SUBJ_I, /* I */
  W_OBJ_M,  /* him */
  W_OBJ_F,  /* her */
  W_OBJ_I,  /* me */
  W_TO,     /* to */
  W_FIRST,  /* my, me, myself, we (first person, for the narrator) */
  W_THIRD,  /* himself, they... (third person) */
  W_DET,    /* the, a, an, your: opens a noun phrase */
  W_NOUN,   /* a person noun of cue subjects (lexicon: noun info) */
  W_POSS_M, /* his */
  W_NOROLE, /* other, latter, elder...: "said the other" is no role */
  W_AUX,    /* would, could, did...: "Tony would say" */
  W_N
};

/* Noun info bits (lexicon). */
enum { N_MALE = 1, N_FEMALE = 2, N_SPEECH = 4, N_INDEF = 8, N_ROLE = 16 };

#define LEX_SIZE 2048 /* power of two, > 2x the lexicon */

typedef struct {
  uint32_t h[LEX_SIZE];
  uint8_t cls[LEX_SIZE];
  uint8_t info[LEX_SIZE]; /* N_* bits of a W_NOUN or W_DET entry */
} lexicon;

static void lex_put(lexicon *lx, const char *w, uint8_t cls) {
  uint32_t h = drp_hash_fold(w, strlen(w));
  uint32_t i = h & (LEX_SIZE - 1);
  while (lx->cls[i] && lx->h[i] != h)
    i = (i + 1) & (LEX_SIZE - 1);
  if (!lx->cls[i] || cls != W_VERB) {
    lx->h[i] = h;
    lx->cls[i] = cls;
  }
}

/* Adds a noun or determiner with its info bits unless the word is taken
 * (a verb or pronoun keeps its class). */
static void lex_put_info(lexicon *lx, const char *w, uint8_t cls,
                         uint8_t info) {
  uint32_t h = drp_hash_fold(w, strlen(w));
  uint32_t i = h & (LEX_SIZE - 1);
  while (lx->cls[i] && lx->h[i] != h)
    i = (i + 1) & (LEX_SIZE - 1);
  if (lx->cls[i])
    return;
  lx->h[i] = h;
  lx->cls[i] = cls;
  lx->info[i] = info;
}

static uint32_t lex_slot(const lexicon *lx, uint32_t h) {
  uint32_t i = h & (LEX_SIZE - 1);
  while (lx->cls[i]) {
    if (lx->h[i] == h)
      return i;
    i = (i + 1) & (LEX_SIZE - 1);
  }
  return NONE32;
}

static uint8_t lex_get(const lexicon *lx, uint32_t h) {
  uint32_t i = lex_slot(lx, h);
  return i == NONE32 ? W_OTHER : lx->cls[i];
}

static uint8_t lex_info(const lexicon *lx, uint32_t h) {
  uint32_t i = lex_slot(lx, h);
  return i == NONE32 ? 0 : lx->info[i];
}

static int popcount32(uint32_t x) {
  int n = 0;
  for (; x; x &= x - 1)
    n++;
  return n;
}

static int cmp_noun(const void *key, const void *e) {
  return strcmp((const char *)key, ((const spk_noun_t *)e)->w);
}

/* For the tagger (tagger.c): spk_nouns is sorted by gen_verbs.py. */
bool drp_person_noun(const char *w) {
  const spk_noun_t *e = bsearch(w, spk_nouns, sizeof spk_nouns /
                                                  sizeof *spk_nouns,
                                sizeof *spk_nouns, cmp_noun);
  return e && popcount32(e->mask) >= SPK_MIN_NOVELS && !e->speech;
}

static void lex_init(lexicon *lx) {
  memset(lx, 0, sizeof *lx);
  size_t n = sizeof spk_verbs / sizeof spk_verbs[0];
  for (size_t i = 0; i < n && i < LEX_SIZE / 2; i++)
    if (popcount32(spk_verbs[i].mask & ~SPK_EXCLUDE) >= SPK_MIN_NOVELS)
      lex_put(lx, spk_verbs[i].w, W_VERB);
  /* Pronouns last: they override a verb entry of the same hash. */
  lex_put(lx, "he", W_SUBJ_M);
  lex_put(lx, "she", W_SUBJ_F);
  lex_put(lx, "i", W_SUBJ_I);
  lex_put(lx, "him", W_OBJ_M);
  lex_put(lx, "her", W_OBJ_F);
  lex_put(lx, "me", W_OBJ_I);
  lex_put(lx, "to", W_TO);
  lex_put(lx, "his", W_POSS_M);
  static const char *const first[] = {"my", "myself", "we", "us", "our"};
  static const char *const third[] = {"himself", "herself", "they", "them",
                                      "their"};
  for (size_t i = 0; i < sizeof first / sizeof *first; i++)
    lex_put(lx, first[i], W_FIRST);
  for (size_t i = 0; i < sizeof third / sizeof *third; i++)
    lex_put(lx, third[i], W_THIRD);
  /* Words that stand for a noun after "the" without being a role. */
  static const char *const norole[] = {
      "other", "others", "one",    "latter", "former",  "elder",  "younger",
      "eldest", "youngest", "first", "last", "same",    "rest",   "two",
      "three",  "both",     "whole", "next", "second",  "third",  "little",
      "and",    "or",       "but",   "then", "that",    "which",
      "who",    "what",     "when",  "where", "while",  "as",     "so",
      "now",    "there",    "here",  "very", "somewhat", "rather", "quite",
      "still",  "also",     "again", "once", "too",     "even",   "just",
      "only",   "much",     "more",  "most", "less"};
  for (size_t i = 0; i < sizeof norole / sizeof *norole; i++)
    lex_put(lx, norole[i], W_NOROLE);
  static const char *const aux[] = {"would", "could", "should", "might",
                                    "will",  "shall", "can",    "did",
                                    "must",  "may",   "had"};
  for (size_t i = 0; i < sizeof aux / sizeof *aux; i++)
    lex_put(lx, aux[i], W_AUX);
  lex_put_info(lx, "the", W_DET, 0);
  lex_put_info(lx, "your", W_DET, 0);
  lex_put_info(lx, "this", W_DET, 0); /* "said this young lady" */
  lex_put_info(lx, "a", W_DET, N_INDEF);
  lex_put_info(lx, "an", W_DET, N_INDEF);
  /* Person nouns: a noun is known when SPK_MIN_NOVELS novels' cues use
   * it; its gender when its novels agree two to one. */
  size_t nn = sizeof spk_nouns / sizeof spk_nouns[0];
  for (size_t i = 0; i < nn; i++) {
    const spk_noun_t *e = &spk_nouns[i];
    if (popcount32(e->mask & ~SPK_EXCLUDE) < SPK_MIN_NOVELS)
      continue;
    int m = popcount32(e->male & ~SPK_EXCLUDE);
    int f = popcount32(e->female & ~SPK_EXCLUDE);
    int r = popcount32(e->role & ~SPK_EXCLUDE);
    uint8_t info = e->speech ? N_SPEECH : 0;
    /* A role when at least half its novels used "the X" for one. */
    if (r >= 1 && 2 * r >= popcount32(e->mask & ~SPK_EXCLUDE))
      info |= N_ROLE;
    if (m > 2 * f)
      info |= N_MALE;
    else if (f > 2 * m)
      info |= N_FEMALE;
    lex_put_info(lx, e->w, W_NOUN, info);
  }
}

/* ------------------------------------------------------------------------ */
/* State                                                                     */
/* ------------------------------------------------------------------------ */

/* Token classes inside a quote paragraph (scratch, one per token). */
enum {
  T_QUOTE = 0x80, /* inside a top-level quote (marks included) */
  T_STOP = 0x40,  /* . ! ? ; -- ends a cue clause */
  T_CAP = 0x20,   /* starts with a capital */
  T_WORD = 0x10,  /* a word */
  T_CLS = 0x0f    /* the W_* class */
};

/* What a cue or a beat says about the speaker. */
enum { S_NONE = 0, S_NAME, S_PRON_M, S_PRON_F, S_PRON_I, S_NOM };

typedef struct {
  uint8_t how;     /* S_* */
  uint32_t who;    /* character for S_NAME */
  int8_t nom_g;    /* S_NOM: the noun's gender slot (0 M, 1 F, -1 unknown) */
  uint8_t poss;    /* S_NOM: its possessor (S_PRON_M/F/I: his, her, my) or
                      S_NONE; S_NAME marks an indefinite (a man) */
  uint32_t cs, ce; /* cue span */
  uint8_t tgt_how; /* S_* of the cue's target (S_NONE: none) */
  uint32_t tgt;    /* character for a named target */
  uint32_t role1;  /* S_NOM "the X" where X may be a role (said the
                      croupier): X's token index + 1; 0 if none */
  uint32_t role_c; /* with role1: the role character "the X" (phase 2b) */
  uint8_t role_gen; /* X is a person noun the novels used for named
                       characters (the old man): F_ROLEG, not F_ROLE */
  uint8_t kin;      /* S_NOM with a possessor: K_SPOUSE (his wife, her
                       husband), K_PARENT (her mother), else K_NONE */
  uint8_t other;    /* S_NOM "the other" (man): not the previous speaker */
} cue_t;

enum { K_NONE, K_SPOUSE, K_PARENT };

/* A turn: one paragraph with top-level quotes (or several, for a speech
 * that runs over paragraphs). */
typedef struct {
  uint32_t para;      /* its (first) paragraph */
  uint32_t last_para; /* its last paragraph */
  uint32_t tail;      /* words of narration after its last quote there */
  uint32_t q0, q1;    /* its quotes [q0, q1) */
  cue_t cue;          /* the first cue of the paragraph, or none */
  cue_t beat;         /* the action beat, when no cue */
  uint32_t local_m, local_f, local_u; /* first narration name of each
                                         gender in the paragraph before
                                         its cue (or anywhere), or NONE:
                                         the subject ("perceived Mrs.
                                         Hughes, attended by Miss
                                         Tilney") */
  uint32_t last_m, last_f; /* the last narration name of each gender
                              before its cue opening a sentence, when not
                              the first: the nearer antecedent of "he
                              said" */
  uint32_t sal[2][SAL_N];             /* salience before the paragraph: M, F */
  uint32_t ssal[2][SAL_N];            /* the same, a sentence's subject kept
                                         ahead of the names after it: the
                                         candidates by salience */
  uint32_t sal_any;  /* the most recent narration name of any gender */
  bool mute;         /* prevnar answered with silence ("Rosa said
                        nothing."): addressed, not speaking (F_SELF) */
  size_t sal_age[2]; /* paragraphs since narration last touched ssal[g] */
  uint32_t prevnar;  /* the name opening the narration paragraph just
                        before, or NONE */
  uint32_t prevlast; /* the last name of that paragraph, or NONE */
  uint32_t voc0;     /* first vocative character in its quotes */
  uint32_t voc1;     /* second distinct vocative, or NONE */
  uint32_t named[2]; /* characters its quotes name, not as a vocative */
  int8_t voc_g;      /* gender a vocative word of its quotes gives the one
                        spoken to ("Yes, sir.": 0; "Mamma, ...": 1), or -1 */
  int8_t voc_kin;    /* that word names a parent ("Mamma, ...", "Daddy"): the
                        parent's gender, else -1 */
  uint32_t scene, chapter;
  uint32_t speaker; /* decided in phase 3 */
  uint32_t target;  /* the cue's target, resolved */
  uint8_t kind;     /* dr_attribution_kind */
  float score;
} turn_t;

/* The character a narration "I" stands for, once the narrator is known. */
#define PM_NARR (UINT32_MAX - 1)

/* A pronoun mention, compact (a document's offsets fit 32 bits). */
typedef struct {
  uint32_t start, end;
  uint32_t who; /* character, or PM_NARR: the narrator, once known */
} pron_t;

typedef struct {
  dr_doc *d;
  lexicon lx;
  uint8_t *cls;   /* per token of the current paragraph */
  int32_t *m_at;  /* mention index starting at token, or -1 */
  int32_t *m_end; /* mention index ending at token, or -1 */
  size_t cap_tok;
  turn_t *turns;
  size_t n_turns, cap_turns;
  cue_t *qcue;         /* per quote: its own cue */
  uint32_t *qlo, *qhi; /* per quote: its token range in its paragraph
                          (offsets from the paragraph's first token) */
  uint32_t *voc_n;     /* per character: vocatives naming it */
  uint32_t *cue_n;     /* per character: cues and action beats naming it
                          as the speaker */
  uint32_t *nar_n;     /* per character: narration mentions */
  bool pron;           /* DR_OPT_PRONOUNS: make pronoun mentions */
  pron_t *pm;          /* pronoun mentions (phase 6): the narration's in
                          text order, then the quotes' */
  size_t n_pm, cap_pm;
  bool pm_oom; /* a pronoun mention could not be stored */
  uint32_t sal[2][SAL_N];
  uint32_t ssal[2][SAL_N];
  uint32_t sal_any;
  size_t sal_subj[2];   /* paragraph + 1 where ssal[g][0] was last a
                           subject (its name opened a sentence, or a "he" or
                           "she" was taken for it), or 0 */
  size_t sal_para;      /* the paragraph being read */
  size_t sal_seen[2];   /* the last paragraph naming (or "he"/"she") each
                           gender in narration */
  uint32_t nar_subj;    /* the name opening the last narration paragraph */
  size_t nar_subj_para; /* that paragraph */
  bool nar_mute;        /* its verb is silence (said nothing) */
  uint32_t nar_last;    /* the last name of the last narration paragraph */
  size_t nar_last_para; /* that paragraph */
  size_t first, third;  /* narration pronouns in quote paragraphs */
  uint32_t narrator;
  bool narr_anon; /* the narrator is one the text never names (phase 5):
                     only "I said" cues are its */
  size_t n_known; /* characters before the role characters (phase 2b) */
#ifdef DRP_SPEAKERS_DUMP
  bool dump; /* rank_all prints its candidates (the decided path) */
#endif
} ctx;

static int gender_slot(const dr_doc *d, uint32_t c) {
  dr_gender g = d->chars[c].gender;
  return g == DR_GENDER_MALE ? 0 : g == DR_GENDER_FEMALE ? 1 : -1;
}

/* A sentence's subject stays ahead of the names after it in ssal for
 * this many paragraphs after its own (a "he" or "she" of a later
 * paragraph renews it there).  Speaker accuracy in sample, with the
 * pronouns: 0 0.8063, 1 0.8021, 2 0.7981. */
#ifndef SUBJ_KEEP
#define SUBJ_KEEP 0
#endif

/* Moves c to s[at] (inserting it there if absent), shifting the entries
 * between down one; the last falls off. */
static void sal_insert(uint32_t *s, uint32_t c, int at) {
  int k = at;
  while (k < SAL_N - 1 && s[k] != c)
    k++;
  for (; k > at; k--)
    s[k] = s[k - 1];
  s[at] = c;
}

static void sal_push(ctx *x, uint32_t c, bool subj) {
  x->sal_any = c;
  int g = gender_slot(x->d, c);
  if (g < 0)
    return;
  sal_insert(x->sal[g], c, 0);
  x->sal_seen[g] = x->sal_para;
  /* In ssal a name that does not open its sentence ("Anne looked at
   * Louisa") goes behind the last subject of its gender, of this
   * paragraph (or the SUBJ_KEEP before it), which stays the likelier
   * speaker and the likelier "she" of "said she". */
  uint32_t *s = x->ssal[g];
  bool behind = !subj && s[0] != c && x->sal_subj[g] &&
                x->sal_para + 1 <= x->sal_subj[g] + SUBJ_KEEP;
  sal_insert(s, c, behind ? 1 : 0);
  if (!behind)
    x->sal_subj[g] = subj ? x->sal_para + 1 : 0;
}

static bool grow_tok(ctx *x, size_t n) {
  if (n <= x->cap_tok)
    return true;
  size_t cap = x->cap_tok;
  size_t c1 = cap, c2 = cap, c3 = cap;
  if (!drp_reserve(x->d, (void **)&x->cls, &c1, n, sizeof *x->cls) ||
      !drp_reserve(x->d, (void **)&x->m_at, &c2, n, sizeof *x->m_at) ||
      !drp_reserve(x->d, (void **)&x->m_end, &c3, n, sizeof *x->m_end))
    return false;
  /* The three arrays grew by the same rule, so they agree. */
  x->cap_tok = c1 < c2 ? (c1 < c3 ? c1 : c3) : (c2 < c3 ? c2 : c3);
  return true;
}

/* ------------------------------------------------------------------------ */
/* Phase 2: cues in one paragraph                                            */
/* ------------------------------------------------------------------------ */

static bool is_lower_word(uint8_t c) {
  return (c & T_WORD) && !(c & T_CAP) && !(c & T_QUOTE);
}

/* Sets *out to a cue naming character who over bytes [cs, ce). */
static void char_cue(cue_t *out, uint32_t who, size_t cs, size_t ce) {
  out->how = S_NAME;
  out->who = who;
  out->cs = (uint32_t)cs;
  out->ce = (uint32_t)ce;
}

/* The same for mention m's character. */
static void name_cue(cue_t *out, const dr_mention *m, size_t cs, size_t ce) {
  char_cue(out, (uint32_t)m->character, cs, ce);
}

/* The S_PRON_* of a subject pronoun class (W_SUBJ_M, _F, _I). */
static uint8_t pron_how(uint8_t w) {
  return w == W_SUBJ_M ? S_PRON_M : w == W_SUBJ_F ? S_PRON_F : S_PRON_I;
}

/* Whether W_* class w is a subject pronoun (he, she, I). */
static bool is_subj(uint8_t w) {
  return w == W_SUBJ_M || w == W_SUBJ_F || w == W_SUBJ_I;
}

/* A pronoun cue (subject pronoun class w) spanning [cs, ce), as name_cue
 * for a name. */
static void pron_cue(cue_t *out, uint8_t w, size_t cs, size_t ce) {
  out->how = pron_how(w);
  out->cs = (uint32_t)cs;
  out->ce = (uint32_t)ce;
}

/* The lexicon's N_* bits of token t's word (0 if it has none). */
static uint8_t tok_info(const ctx *x, const drp_tok *t) {
  return lex_info(&x->lx, drp_hash_fold(x->d->text + t->start, t->len));
}

/* A determiner opening a noun phrase: the, a, his, her, my; its possessor
 * (S_PRON_*), S_NAME for an indefinite, S_NONE for the/your; -1 if none. */
static int det_of(const ctx *x, size_t j, size_t base) {
  uint8_t c = x->cls[j];
  if (!(c & T_WORD) || (c & T_QUOTE))
    return -1;
  switch (c & T_CLS) {
  case W_POSS_M:
    return S_PRON_M;
  case W_OBJ_F:
    return S_PRON_F;
  case W_FIRST: {
    const drp_tok *t = &x->d->toks[base + j];
    return t->len == 2 ? S_PRON_I : -1; /* my, not we/our */
  }
  case W_DET: {
    return tok_info(x, &x->d->toks[base + j]) & N_INDEF ? S_NAME : S_NONE;
  }
  default:
    return -1;
  }
}

/* Whether token t is a comma. */
static bool is_comma(const dr_doc *d, const drp_tok *t) {
  return drp_tok_kind(t) == DR_TOK_PUNCT && d->text[t->start] == ',';
}

/* Whether token t is exactly the word w (as written). */
static bool tok_is(const dr_doc *d, const drp_tok *t, const char *w) {
  size_t n = strlen(w);
  return t->len == n && memcmp(d->text + t->start, w, n) == 0;
}

/* Whether token t is exactly one of the n words of list (as written). */
static bool tok_in(const dr_doc *d, const drp_tok *t, const char *const *list,
                   size_t n) {
  for (size_t i = 0; i < n; i++)
    if (tok_is(d, t, list[i]))
      return true;
  return false;
}

/* Whether the mention starting at token k (of the paragraph starting at
 * token first) opens its sentence, after at most one capitalised word
 * ("But Jock stopped."). */
static bool opens_sentence(const dr_doc *d, size_t first, size_t k) {
  for (int hop = 0; hop < 2; hop++) {
    if (k <= first)
      return true;
    const drp_tok *t = &d->toks[k - 1];
    int kind = drp_tok_kind(t);
    if (kind == DR_TOK_QUOTE)
      return true;
    if (kind == DR_TOK_PUNCT) {
      char ch = d->text[t->start];
      return ch == '.' || ch == '!' || ch == '?' || ch == ';' || ch == ':';
    }
    if (hop || !(drp_tok_flags(t) & DR_TF_CAP))
      return false;
    k--;
  }
  return false;
}

/* A narration "he" or "she" is the subject of its clause and, taken to be
 * the first name of its gender in ssal, keeps that name ahead of the
 * names after it in this paragraph ("This made Elizabeth smile, as she
 * thought of Miss Bingley"). */
static void sal_pronoun(ctx *x, const drp_tok *tk) {
  static const char *const he[] = {"he", "He"}, *const she[] = {"she", "She"};
  const dr_doc *d = x->d;
  int g = tok_in(d, tk, he, 2) ? 0 : tok_in(d, tk, she, 2) ? 1 : -1;
  if (g < 0)
    return;
  if (x->ssal[g][0] != NONE32)
    x->sal_subj[g] = x->sal_para + 1;
  x->sal_seen[g] = x->sal_para;
}

#define TOK_IN(d, t, list)                                                    \
  tok_in((d), (t), (list), sizeof(list) / sizeof *(list))

/* The person of a personal pronoun token: 0 he/him/his/himself, 1 she/
 * her/hers/herself, 2 I/me/my/myself/mine ("I" as written), -1 none. */
static int pron_person(const dr_doc *d, const drp_tok *t) {
  if (drp_tok_kind(t) != DR_TOK_WORD || t->len > 7)
    return -1;
  const char *w = d->text + t->start;
  if (t->len == 1)
    return w[0] == 'I' ? 2 : -1;
  char c0 = (char)(w[0] | 0x20);
  if (c0 != 'h' && c0 != 's' && c0 != 'm')
    return -1;
  char b[8];
  for (size_t k = 0; k < t->len; k++)
    b[k] = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] | 0x20 : w[k]);
  switch (t->len) {
  case 2:
    return memcmp(b, "he", 2) == 0                              ? 0
           : memcmp(b, "me", 2) == 0 || memcmp(b, "my", 2) == 0 ? 2
                                                                : -1;
  case 3:
    return memcmp(b, "him", 3) == 0 || memcmp(b, "his", 3) == 0   ? 0
           : memcmp(b, "she", 3) == 0 || memcmp(b, "her", 3) == 0 ? 1
                                                                  : -1;
  case 4:
    return memcmp(b, "hers", 4) == 0 ? 1 : memcmp(b, "mine", 4) == 0 ? 2 : -1;
  case 6:
    return memcmp(b, "myself", 6) == 0 ? 2 : -1;
  case 7:
    return memcmp(b, "himself", 7) == 0   ? 0
           : memcmp(b, "herself", 7) == 0 ? 1
                                          : -1;
  }
  return -1;
}

/* Records token tk as a pronoun mention of character c (PM_NARR: the
 * narrator, resolved once known); x->pm_oom on ENOMEM.  A narration
 * he/she (and their forms) is taken for the most recent narration name
 * of its gender (LitBank's pronouns: 0.658 right of those found, against
 * 0.630 for the subject-first list the speaker candidates read;
 * train/speakers/eval_litbank_coref.py). */
static void pron_note(ctx *x, const drp_tok *tk, uint32_t c) {
  pron_t *m = DRP_PUSH(x->d, x->pm, x->n_pm, x->cap_pm);
  if (!m) {
    x->pm_oom = true;
    return;
  }
  m->start = tk->start;
  m->end = drp_tok_end(tk);
  m->who = c;
}

/* A narration token: its salience effect (sal_pronoun) and its pronoun
 * mention (pron_note). */
static void nar_token(ctx *x, const drp_tok *tk) {
  if (!x->pron) {
    sal_pronoun(x, tk);
    return;
  }
  int p = pron_person(x->d, tk);
  if (p < 0)
    return;
  if (p < 2)
    sal_pronoun(x, tk); /* he or she, not him or her */
  if (p == 2)
    pron_note(x, tk, PM_NARR);
  else if (p >= 0 && x->sal[p][0] != NONE32)
    pron_note(x, tk, x->sal[p][0]);
}

/* Whether token t is the word "the" (any case). */
static bool is_the(const dr_doc *d, const drp_tok *t) {
  const char *p = d->text + t->start;
  return t->len == 3 && (p[0] | 0x20) == 't' && (p[1] | 0x20) == 'h' &&
         (p[2] | 0x20) == 'e';
}

/* Whether token t names a spouse or a parent ("wife", "mother"): K_SPOUSE,
 * K_PARENT or K_NONE; *g gets the kin's gender (0 male, 1 female). */
static uint8_t kin_word(const dr_doc *d, const drp_tok *t, int *g) {
  static const struct {
    const char *w;
    uint8_t kin, g;
  } kin[] = {{"wife", K_SPOUSE, 1},   {"husband", K_SPOUSE, 0},
             {"lady", K_SPOUSE, 1},   {"mother", K_PARENT, 1},
             {"father", K_PARENT, 0}, {"mamma", K_PARENT, 1},
             {"papa", K_PARENT, 0}};

  for (size_t i = 0; i < sizeof kin / sizeof *kin; i++)
    if (tok_is(d, t, kin[i].w)) {
      *g = kin[i].g;
      return kin[i].kin;
    }
  return K_NONE;
}

/* Whether token j (paragraph-relative) may stand between a determiner
 * and its noun: a lower-case word of no class, or an adjective of order
 * or size the lexicon keeps from being a role itself ("said the little
 * girl", "said the second gentleman"). */
static bool modifier_at(const ctx *x, size_t j, size_t base) {
  if (!is_lower_word(x->cls[j]))
    return false;
  uint8_t c = x->cls[j] & T_CLS;
  if (c == W_OTHER)
    return true;
  static const char *const adj[] = {"little",  "second", "third",    "elder",
                                    "younger", "eldest", "youngest", "first",
                                    "last",    "same"};
  return c == W_NOROLE && TOK_IN(x->d, &x->d->toks[base + j], adj);
}

/* A nominal subject: determiner, at most two lower-case words, a person
 * noun at n ("said the old man", "her mother cried").  d0 is the
 * determiner's offset.  Fills out (how S_NOM, or a pronoun for "his
 * voice") and returns true when [d0, n] is one. */
static bool nominal(const ctx *x, size_t d0, size_t n, size_t base,
                    cue_t *out) {
  int poss = det_of(x, d0, base);
  if (poss < 0 || n <= d0 || n - d0 > 3)
    return false;
  for (size_t j = d0 + 1; j < n; j++)
    if (!modifier_at(x, j, base))
      return false;
  uint8_t c = x->cls[n];
  const drp_tok *t = &x->d->toks[base + n];
  bool the = poss == S_NONE && is_the(x->d, &x->d->toks[base + d0]);
  if (the && n == d0 + 1 && tok_is(x->d, t, "other")) {
    /* "said the other": the one of the two who did not just speak. */
    out->how = S_NOM;
    out->poss = S_NONE;
    out->nom_g = -1;
    out->other = 1;
    return true;
  }
  if (!is_lower_word(c) || (c & T_CLS) != W_NOUN)
    return false;
  uint8_t info = tok_info(x, t);
  if (info & N_SPEECH) {
    /* "his voice", "her reply": the possessor speaks. */
    if (poss != S_PRON_M && poss != S_PRON_F && poss != S_PRON_I)
      return false;
    out->how = (uint8_t)poss;
    return true;
  }
  out->how = S_NOM;
  out->poss = (uint8_t)poss;
  out->nom_g = info & N_MALE ? 0 : info & N_FEMALE ? 1 : -1;
  out->other = the && n == d0 + 2 && tok_is(x->d, t - 1, "other");
  int kin_g; /* the lexicon's gender (nom_g) decides a cue's kin */
  if (poss == S_PRON_M || poss == S_PRON_F || poss == S_PRON_I)
    out->kin = kin_word(x->d, t, &kin_g);
  if (the) {
    out->role1 = (uint32_t)(base + n + 1);
    out->role_gen = !(info & N_ROLE);
  }
  return true;
}

/* Whether token t ends in the ASCII suffix sfx. */
static bool ends_with(const dr_doc *d, const drp_tok *t, const char *sfx) {
  size_t n = strlen(sfx);
  return t->len > n + 2 && memcmp(d->text + t->start + t->len - n, sfx, n) == 0;
}

/* Whether token t is an inflected verb form: -ed, -s, or a common
 * irregular past ("said", "began").  A role's verb must be one when it
 * follows the role directly: "the croupier said", not "the high colour"
 * ("colour" is a speech verb of the lexicon, as in "she coloured"). */
static bool past_form(const dr_doc *d, const drp_tok *t);

static bool inflected(const dr_doc *d, const drp_tok *t) {
  if (ends_with(d, t, "s") && !ends_with(d, t, "ss"))
    return true;
  return past_form(d, t);
}

/* Whether token t is a past form: -ed or a common irregular past. */
static bool past_form(const dr_doc *d, const drp_tok *t) {
  if (ends_with(d, t, "ed"))
    return true;
  static const char *const past[] = {
      "said", "spoke", "began", "told", "went", "thought", "wrote", "swore",
      "broke", "rang", "sang", "put", "burst", "knew", "came", "took",
      "gave", "made", "saw", "felt", "heard", "bade", "shook", "drew",
      "ran", "rose", "stood", "sat", "led", "let", "got", "struck", "hissed",
      "laid", "held"};
  return TOK_IN(d, t, past);
}

/* Whether the mention starting at token k and ending at byte mend, in the
 * paragraph of tokens [first, end), is its clause's subject: it opens the
 * sentence, or follows a comma, "and", "but" or "then" and comes right
 * before an inflected verb ("A week after this, Kitty turned to him and
 * told him that Minty's story had reached them": Kitty, not Minty, is the
 * "she" that follows). */
static bool clause_subject(const dr_doc *d, size_t first, size_t k, size_t end,
                           uint32_t mend) {
  if (opens_sentence(d, first, k))
    return true;
  size_t e = k; /* the token after the mention */
  while (e < end && d->toks[e].start < mend)
    e++;
  if (k <= first || e >= end)
    return false;
  static const char *const conj[] = {"and", "but", "then"};
  const drp_tok *pt = &d->toks[k - 1], *vt = &d->toks[e];
  return (is_comma(d, pt) || TOK_IN(d, pt, conj)) &&
         drp_tok_kind(vt) == DR_TOK_WORD && !(drp_tok_flags(vt) & DR_TF_CAP) &&
         inflected(d, vt);
}

/* A role no novel taught us: "the", at most one lower-case word, and a
 * lower-case noun at n that the lexicon does not know ("said the
 * croupier", "the old waiter said").  bounded: the cue ends right after n
 * (a verb follows); else the token after n must not be a lower-case word
 * other than an -ly adverb. */
static bool role_np(const ctx *x, size_t d0, size_t n, size_t hi, size_t base,
                    bool bounded, cue_t *out) {
  const dr_doc *d = x->d;
  if (n <= d0 || n - d0 > 2 || n >= hi || (x->cls[d0] & T_CLS) != W_DET)
    return false;
  if (!is_the(d, &d->toks[base + d0]))
    return false;
  for (size_t j = d0 + 1; j < n; j++)
    if (!modifier_at(x, j, base))
      return false;
  if (!is_lower_word(x->cls[n]) || (x->cls[n] & T_CLS) != W_OTHER)
    return false;
  const drp_tok *t = &d->toks[base + n];
  if (t->len < 3 || ends_with(d, t, "ly") || ends_with(d, t, "ing") ||
      ends_with(d, t, "ed") || (ends_with(d, t, "s") && !ends_with(d, t, "ss")))
    return false; /* not adverbs, participles or plurals (the children) */
  for (uint32_t b = 0; b < t->len; b++) {
    char ch = d->text[t->start + b];
    if (ch < 'a' || ch > 'z')
      return false;
  }
  /* What may follow the role: a verb, an adverb, or a preposition that
   * opens a phrase of manner ("said the clerk with his finger on the
   * place", "said the valet somewhat affably"). */
  static const char *const after[] = {
      "with",  "in",    "at",     "from",     "to",     "as",    "without",
      "under", "after", "before", "somewhat", "rather", "quite", "very"};
  if (!bounded && n + 1 < hi && (x->cls[n + 1] & T_WORD) &&
      ((x->cls[n + 1] & T_CAP) ||
       ((x->cls[n + 1] & T_CLS) != W_VERB &&
        !ends_with(d, &d->toks[base + n + 1], "ly") &&
        !TOK_IN(d, &d->toks[base + n + 1], after))))
    return false; /* "said the hopeless Inspector", "said the old man" */
  /* The verb right after the role (bounded: at hi) must be inflected:
   * not "observing the high colour in her face". */
  if (bounded ? n + 1 == hi && !inflected(d, &d->toks[base + hi])
              : n + 1 < hi && (x->cls[n + 1] & T_WORD) &&
                    (x->cls[n + 1] & T_CLS) == W_VERB &&
                    !inflected(d, &d->toks[base + n + 1]))
    return false;
  out->how = S_NOM;
  out->poss = S_NONE;
  out->nom_g = -1;
  out->role1 = (uint32_t)(base + n + 1);
  return true;
}

/* The character of chars[0, nc) the text calls by title w[0, n) and a
 * name ("Inspector Lestrade" for "Inspector" or "inspector"), when one
 * is named at least three times as often as any other so called; NONE32
 * if none, or for Mr, Mrs, Dr, Miss and the like. */
static uint32_t title_holder(const dr_doc *d, const char *w, size_t n,
                             size_t nc) {
  if (!drp_is_honorific(w, n) || n < 4) /* not Mr, Mrs, Dr, Miss */
    return NONE32;
  static const char *const not_titles[] = {"miss", "mister", "missus"};
  for (size_t i = 0; i < sizeof not_titles / sizeof *not_titles; i++)
    if (drp_fold_eq(w, n, not_titles[i], strlen(not_titles[i])))
      return NONE32;
  uint32_t found = NONE32, second = NONE32;
  for (uint32_t c = 0; c < nc; c++) {
    const dr_character *ch = &d->chars[c];
    bool is = false;
    for (size_t k = 0; k <= ch->n_aliases && !is; k++) {
      const char *a = k < ch->n_aliases ? ch->aliases[k].text : ch->name;
      is = strlen(a) > n + 1 && drp_fold_eq(a, n, w, n) && a[n] == ' ' &&
           a[n + 1] >= 'A' && a[n + 1] <= 'Z';
    }
    if (!is)
      continue;
    if (found == NONE32 || ch->mentions > d->chars[found].mentions) {
      second = found;
      found = c;
    } else if (second == NONE32 ||
               ch->mentions > d->chars[second].mentions) {
      second = c;
    }
  }
  if (second != NONE32 &&
      d->chars[found].mentions < 3 * d->chars[second].mentions)
    return NONE32;
  return found;
}

/* "said the Admiral", "the bewildered Colonel said": token at j is a
 * capitalised title (names.c's honorifics: Admiral, Colonel, Major,
 * Inspector...) that no mention covers, after "the" and at most two
 * lower-case words starting at d0.  The one character whose name or an
 * alias is that title and more ("Admiral Croft"), or of several the one
 * named three times as often as any other (Admiral Croft, not Admiral
 * Baldwin, met once); else NONE32 (Colonel Brandon and Colonel
 * Fitzwilliam). */
static uint32_t title_char(const ctx *x, size_t d0, size_t j, size_t base) {
  const dr_doc *d = x->d;
  if (j <= d0 || j - d0 > 3 || !is_the(d, &d->toks[base + d0]) ||
      x->m_at[j] >= 0 || !(x->cls[j] & T_CAP) || (x->cls[j] & T_QUOTE))
    return NONE32;
  for (size_t k = d0 + 1; k < j; k++)
    if (!is_lower_word(x->cls[k]) || (x->cls[k] & T_CLS) != W_OTHER)
      return NONE32;
  const drp_tok *t = &d->toks[base + j];
  return title_holder(d, d->text + t->start, t->len, d->n_chars);
}

/* "Lilia, getting more and more angry, said", "till he, stopping short
 * as he entered, said": the subject before a clause set off by commas,
 * when the clause names nobody or opens with a lower-case word
 * ("Isabella, embracing Catherine, thus began").  comma is the comma
 * before the verb; the subject (a name's last token or a subject pronoun)
 * is returned, or NONE32. */
static size_t paren_subject(const ctx *x, size_t lo, size_t comma, size_t base,
                            bool noun) {
  const dr_doc *d = x->d;
  size_t k = comma;
  while (k > lo && comma - k < 10 && !(x->cls[k - 1] & (T_QUOTE | T_STOP)) &&
         !is_comma(d, &d->toks[base + k - 1]))
    k--;
  for (size_t i = k; i < comma; i++)
    if (x->m_end[i] >= 0 && (i == k || !is_lower_word(x->cls[k])))
      return NONE32;
  if (k <= lo + 1 || k >= comma || !is_comma(d, &d->toks[base + k - 1]))
    return NONE32;
  uint8_t c = x->cls[k - 2];
  uint8_t w = c & T_CLS;
  if (x->m_end[k - 2] >= 0 ||
      ((c & T_WORD) && !(c & T_QUOTE) && is_subj(w)))
    return k - 2;
  /* With noun, a lower-case noun too, for the caller's nominal ("but her
   * mother, without waiting for her assent, continued"). */
  if (noun && is_lower_word(c) && w == W_NOUN)
    return k - 2;
  return NONE32;
}

/* A word that may stand between a subject and its verb: -ly, or one of a
 * few adverbs of time and degree. */
static bool is_adverb(const dr_doc *d, const drp_tok *t) {
  if (t->len > 3 && d->text[t->start + t->len - 1] == 'y' &&
      d->text[t->start + t->len - 2] == 'l')
    return true;
  static const char *const adv[] = {"now",  "soon", "afterwards", "once",
                                    "again", "also", "very", "just",
                                    "even", "too",  "first", "at",
                                    "last", "thus", "quite"};
  return TOK_IN(d, t, adv);
}

/* A word of degree before an adjective ("the more candid", "the still
 * astonished"). */
static bool is_degree(const dr_doc *d, const drp_tok *t) {
  static const char *const deg[] = {"more",   "most",     "less", "very",
                                    "rather", "somewhat", "much", "still",
                                    "quite"};
  return TOK_IN(d, t, deg);
}

/* The speaker named by the subject of the verb at v (token offsets within
 * the paragraph), searching [lo, hi) only. */
static void subject_of(const ctx *x, size_t v, size_t lo, size_t hi,
                       size_t base, cue_t *out) {
  const dr_doc *d = x->d;
  const uint8_t *cls = x->cls;
  /* Before the verb: "Jane said", "Jane's voice", "he quietly said". */
  if (v > lo) {
    size_t j = v - 1;
    /* Up to three adverbs and auxiliaries between: "Tony would say", "she
     * could only say", "she very innocently said", "he soon afterwards
     * said". */
    for (int k = 0; k < 3 && j > lo && is_lower_word(cls[j]); k++) {
      uint8_t w = cls[j] & T_CLS;
      if (w == W_AUX ||
          ((w == W_OTHER || w == W_NOROLE) && is_adverb(d, &d->toks[base + j])))
        j--;
      else
        break;
    }
    /* "she ventured to say", "he began to add": the subject of the verb
     * the infinitive hangs on (not "had only to say", after a quote often
     * reported speech). */
    if (j > lo + 1 && is_lower_word(cls[j]) && (cls[j] & T_CLS) == W_TO &&
        is_lower_word(cls[j - 1])) {
      size_t k = j - 1;
      if (k > lo && is_adverb(d, &d->toks[base + k]) &&
          is_lower_word(cls[k - 1]))
        k--;
      static const char *const hang[] = {
          "began",     "ventured", "seemed",  "tried",    "wished",
          "wanted",    "longed",   "managed", "hastened", "proceeded",
          "continued", "paused",   "stopped", "turned"};
      if (k > lo && (TOK_IN(d, &d->toks[base + k], hang) ||
                     ends_with(d, &d->toks[base + k], "ed")))
        j = k - 1;
    }
    /* "heard him say", "he heard her say:": the one heard speaks (a
     * name there is the subject below already: "heard Willoughby say"). */
    static const char *const perceive[] = {"heard", "hear", "hears"};
    uint8_t oc = cls[j] & T_CLS;
    if (j > lo && (oc == W_OBJ_M || oc == W_OBJ_F) &&
        is_lower_word(cls[j - 1]) &&
        TOK_IN(d, &d->toks[base + j - 1], perceive)) {
      pron_cue(out, oc == W_OBJ_M ? W_SUBJ_M : W_SUBJ_F,
               d->toks[base + j - 1].start, drp_tok_end(&d->toks[base + v]));
      return;
    }
    if (j > lo && is_comma(d, &d->toks[base + j])) {
      size_t s = paren_subject(x, lo, j, base, true);
      if (s != NONE32)
        j = s;
    }
    if (x->m_end[j] < 0 && j > lo + 1 && is_lower_word(cls[j]) &&
        drp_tok_kind(&d->toks[base + j - 1]) == DR_TOK_CLITIC &&
        (tok_info(x, &d->toks[base + j]) & N_SPEECH))
      j--; /* "the Rabbit's voice said" */
    if (x->m_end[j] < 0 && j > lo &&
        drp_tok_kind(&d->toks[base + j]) == DR_TOK_CLITIC)
      j--; /* Jane's voice */
    if (x->m_end[j] >= 0) {
      const dr_mention *m = &d->mentions[x->m_end[j]];
      name_cue(out, m, m->start, drp_tok_end(&d->toks[base + v]));
      return;
    }
    uint8_t c = cls[j] & T_CLS;
    if (!(cls[j] & T_QUOTE) && is_subj(c)) {
      pron_cue(out, c, d->toks[base + j].start,
               drp_tok_end(&d->toks[base + v]));
      return;
    }
    /* "Mr. Das looked annoyed and said", "..., Cecil bent towards Lucy
     * and said": the name opening the clause (after lo or a comma). */
    const drp_tok *tj = &d->toks[base + j];
    if (j > lo && tok_is(d, tj, "and") &&
        is_lower_word(cls[j])) {
      size_t open = lo;
      for (size_t k = j; k > lo; k--)
        if (is_comma(d, &d->toks[base + k - 1])) {
          open = k;
          break;
        }
      for (size_t k = open; k < j && k <= open + 1; k++) {
        if (x->m_at[k] < 0)
          continue;
        const dr_mention *m = &d->mentions[x->m_at[k]];
        name_cue(out, m, m->start, drp_tok_end(&d->toks[base + v]));
        return;
      }
    }
    /* "the Admiral said". */
    for (size_t d0 = j; d0 + 3 >= j && d0 > lo; d0--) {
      uint32_t tc = title_char(x, d0 - 1, j, base);
      if (tc != NONE32) {
        char_cue(out, tc, d->toks[base + d0 - 1].start,
                 drp_tok_end(&d->toks[base + v]));
        return;
      }
    }
    /* "her mother cried", "the old man said". */
    for (size_t d0 = j; d0 + 3 >= j && d0 >= lo; d0--) {
      if (nominal(x, d0, j, base, out)) {
        out->cs = d->toks[base + d0].start;
        out->ce = drp_tok_end(&d->toks[base + v]);
        return;
      }
      if (d0 == 0)
        break;
    }
    /* "the croupier said". */
    for (size_t d0 = j; d0 + 2 >= j && d0 >= lo; d0--) {
      if (role_np(x, d0, j, v, base, true, out)) {
        out->cs = d->toks[base + d0].start;
        out->ce = drp_tok_end(&d->toks[base + v]);
        return;
      }
      if (d0 == 0)
        break;
    }
  }
  /* After the verb: "said Jane", "said he", "began a breathless Mrs. B". */
  size_t j = v + 1;
  if (j < hi) {
    uint8_t c = cls[j] & T_CLS;
    if (is_subj(c)) {
      pron_cue(out, c, d->toks[base + v].start,
               drp_tok_end(&d->toks[base + j]));
      return;
    }
  }
  /* "said his lady", "cried the old man". */
  for (size_t n = v + 2; j < hi && n < hi && n <= v + 4; n++) {
    if (!(n + 1 < hi && x->m_at[n + 1] >= 0) && /* "his sister Jane" */
        nominal(x, v + 1, n, base, out)) {
      out->cs = d->toks[base + v].start;
      out->ce = drp_tok_end(&d->toks[base + n]);
      return;
    }
  }
  /* "said the Admiral", "said the bewildered Colonel": the clause ends
   * with the title. */
  for (size_t n = v + 2; j < hi && n < hi && n <= v + 4; n++) {
    if (n + 1 < hi && (x->cls[n + 1] & T_CAP))
      continue;
    uint32_t tc = title_char(x, v + 1, n, base);
    if (tc != NONE32) {
      char_cue(out, tc, d->toks[base + v].start,
               drp_tok_end(&d->toks[base + n]));
      return;
    }
  }
  /* "said Mademoiselle": a title alone names the one so titled. */
  if (j < hi && x->m_at[j] < 0 && (cls[j] & T_CAP) && !(cls[j] & T_QUOTE) &&
      !(j + 1 < hi && (cls[j + 1] & T_CAP))) {
    const drp_tok *tt = &d->toks[base + j];
    uint32_t tc = title_holder(d, d->text + tt->start, tt->len, d->n_chars);
    if (tc != NONE32) {
      char_cue(out, tc, d->toks[base + v].start, drp_tok_end(tt));
      return;
    }
  }
  /* "said the croupier". */
  for (size_t n = v + 2; j < hi && n < hi && n <= v + 3; n++) {
    if (!(n + 1 < hi && x->m_at[n + 1] >= 0) &&
        role_np(x, v + 1, n, hi, base, false, out)) {
      out->cs = d->toks[base + v].start;
      out->ce = drp_tok_end(&d->toks[base + n]);
      return;
    }
  }
  /* "said the voice of Mr. Haq", "called the shattered voice of Aziz":
   * the one whose voice it is. */
  bool the_next = j < hi && is_the(d, &d->toks[base + v + 1]);
  for (size_t n = v + 2; the_next && n + 2 < hi && n <= v + 3; n++) {
    const drp_tok *nt = &d->toks[base + n];
    if (!is_lower_word(cls[n]) ||
        (cls[n] & T_CLS) != W_NOUN || x->m_at[n + 2] < 0 ||
        !tok_is(d, &d->toks[base + n + 1], "of") ||
        (n == v + 3 && (!is_lower_word(cls[v + 2]) ||
                        (cls[v + 2] & T_CLS) != W_OTHER)) ||
        !(tok_info(x, nt) & N_SPEECH))
      continue;
    const dr_mention *m = &d->mentions[x->m_at[n + 2]];
    name_cue(out, m, d->toks[base + v].start, m->end);
    return;
  }
  for (int k = 0; j < hi && k <= SUBJ_SKIP; j++, k++) {
    if (x->m_at[j] >= 0) {
      const dr_mention *m = &d->mentions[x->m_at[j]];
      /* "said Brenda's solicitor": the name is the speaker's possessor;
       * but "said the Rabbit's voice" is the Rabbit's (a speech noun). */
      size_t e = j;
      while (e + 1 < hi && x->m_end[e] != x->m_at[j])
        e++;
      if (e + 2 < hi &&
          drp_tok_kind(&d->toks[base + e + 1]) == DR_TOK_CLITIC &&
          is_lower_word(cls[e + 2])) {
        const drp_tok *nt = &d->toks[base + e + 2];
        if (!(tok_info(x, nt) & N_SPEECH))
          return;
        name_cue(out, m, d->toks[base + v].start, drp_tok_end(nt));
        return;
      }
      /* After "the", an epithet comes first and the name ends the clause
       * ("the poet Syme.", not "the sister Gregory loved"). */
      if (k > 0 && is_the(d, &d->toks[base + v + 1]) &&
          (k < 2 || (e + 1 < hi && (cls[e + 1] & T_WORD))))
        return; /* nor "the Englishman": an epithet needs its word */
      name_cue(out, m, d->toks[base + v].start, m->end);
      return;
    }
    /* "asked the staring Gregory", "replied the poet Syme": "the" opens
     * an epithet when the name ends the clause. */
    if (k == 0 && is_lower_word(cls[j]) && is_the(d, &d->toks[base + j]))
      continue;
    /* "said the more candid Lady Bertram": a degree word in the epithet. */
    if (k > 0 && is_lower_word(cls[j]) && (cls[j] & T_CLS) == W_NOROLE &&
        is_the(d, &d->toks[base + v + 1]) && is_degree(d, &d->toks[base + j]))
      continue;
    if (!is_lower_word(cls[j]) || (cls[j] & T_CLS) != W_OTHER ||
        (k > 0 && is_the(d, &d->toks[base + v + 1]) &&
         tok_is(d, &d->toks[base + j], "of")))
      break;
  }
}

/* The object after the cue (asked her, said to Jane). */
static void target_of(const ctx *x, size_t from, size_t hi, size_t base,
                      cue_t *out) {
  const dr_doc *d = x->d;
  (void)base;
  for (size_t j = from, k = 0; j < hi && k < 4; j++, k++) {
    uint8_t c = x->cls[j];
    if (c & (T_QUOTE | T_STOP))
      return;
    if (x->m_at[j] >= 0) {
      if (k == 0 || (j > 0 && (x->cls[j - 1] & T_CLS) == W_TO)) {
        out->tgt_how = S_NAME;
        out->tgt = (uint32_t)d->mentions[x->m_at[j]].character;
      }
      return;
    }
    uint8_t w = c & T_CLS;
    if (w == W_OBJ_M || w == W_OBJ_F || w == W_OBJ_I) {
      out->tgt_how = w == W_OBJ_M   ? S_PRON_M
                     : w == W_OBJ_F ? S_PRON_F
                                    : S_PRON_I;
      return;
    }
  }
}

/* Whether token j (paragraph offset) starts before byte end. */
static bool tok_before(const ctx *x, size_t base, size_t j, uint32_t end) {
  return x->d->toks[base + j].start < end;
}

/* Searches narration tokens [lo, hi) for a verb with a subject; forward
 * from lo when fwd, else backward from hi. */
static bool find_cue(const ctx *x, size_t lo, size_t hi, bool fwd, size_t base,
                     cue_t *out) {
  for (size_t k = 0; k < hi - lo; k++) {
    size_t v = fwd ? lo + k : hi - 1 - k;
    if ((x->cls[v] & T_CLS) != W_VERB || !(x->cls[v] & T_WORD))
      continue;
    /* "Rosa said nothing.", "Tom made no answer": silence, not speech. */
    if (v + 1 < hi && (tok_is(x->d, &x->d->toks[base + v + 1], "nothing") ||
                       tok_is(x->d, &x->d->toks[base + v + 1], "no")))
      continue;
    memset(out, 0, sizeof *out);
    subject_of(x, v, lo, hi, base, out);
    if (out->how != S_NONE) {
      size_t after = v + 1;
      while (after < hi && tok_before(x, base, after, out->ce))
        after++;
      target_of(x, after, hi, base, out);
      return true;
    }
  }
  return false;
}

/* Narration tokens a long cue's sentence may span. */
#define LONG_CUE 40
/* A speech running over paragraphs takes a cue, and local candidates
 * (names in its narration), from its second paragraph at the latest: the
 * convict's story told over forty paragraphs in The Sign of the Four is
 * not the narrator's because a paragraph deep inside it reports
 * `"Take him to the main guard," said I.` */
#define CUE_RUN 1

/* Whether token j is a verb of speech used as a verb: not after a
 * determiner ("Tom made no answer.", "replied with a smile:"). */
static bool verb_at(const ctx *x, size_t j, size_t lo, size_t base) {
  if ((x->cls[j] & T_CLS) != W_VERB || !(x->cls[j] & T_WORD))
    return false;
  static const char *const det[] = {"no", "a",     "an",  "the",  "his", "her",
                                    "my", "their", "any", "some", "this"};
  return !(j > lo && is_lower_word(x->cls[j - 1]) &&
           TOK_IN(x->d, &x->d->toks[base + j - 1], det));
}

/* A speech verb ending the narration just before a quote, whose subject
 * opens the sentence far from it: "Mrs. Dashwood, accidentally taking up
 * a volume of Shakespeare, exclaimed, "...", "Elinor first spoke."  The
 * narration is [lo, hi); the verb may be followed only by punctuation and
 * -ly adverbs, and the subject (a name or a subject pronoun) must be
 * among the sentence's first four tokens -- unless a later clause of the
 * sentence has a subject of its own nearer the verb (a name after a comma
 * or a conjunction, followed by an inflected verb: "..., Mr. Gradgrind
 * lifted up his head, and said"; "..., and Mary at once explained the
 * strange fact of her being there by saying:"). */
static bool long_cue(const ctx *x, size_t lo, size_t hi, size_t base,
                     cue_t *out) {
  const dr_doc *d = x->d;
  size_t v = hi;
  while (v > lo) {
    const drp_tok *t = &d->toks[base + v - 1];
    uint8_t c = x->cls[v - 1];
    if (c & T_QUOTE)
      return false;
    if (!(c & T_WORD) && drp_tok_kind(t) != DR_TOK_WORD) {
      v--;
      continue;
    }
    if (is_lower_word(c) && (c & T_CLS) == W_OTHER && ends_with(d, t, "ly")) {
      v--;
      /* "said rather abruptly", "replied almost pertly". */
      static const char *const deg[] = {"rather", "almost", "very",     "quite",
                                        "so",     "too",    "somewhat", "most"};
      if (v > lo && is_lower_word(x->cls[v - 1]) &&
          TOK_IN(d, &d->toks[base + v - 1], deg))
        v--;
      continue;
    }
    break;
  }
  if (v > lo && !verb_at(x, v - 1, lo, base)) {
    /* "said in reply,", "signalled back,", "ran on with a feverish
     * irony.", "said, with a firmer tone than usual,": a short tail of
     * lower-case words (at most eight tokens) after the verb that opens
     * with a preposition or a particle. */
    static const char *const tail[] = {"in",   "with", "to",   "after",
                                       "from", "at",   "back", "again",
                                       "on",   "out",  "forth", "up",
                                       "aloud", "as"};
    size_t p = v - 1;
    bool found = false;
    while (p > lo && v - p <= 8) {
      const drp_tok *t = &d->toks[base + p];
      uint8_t c = x->cls[p];
      if (x->m_end[p] >= 0) {
        /* "said to Darcy,": the one spoken to may end the tail. */
        size_t s = p;
        while (s > lo && x->m_at[s] != x->m_end[p])
          s--;
        if (s > lo + 1 && x->m_at[s] == x->m_end[p] &&
            (x->cls[s - 1] & T_CLS) == W_TO && is_lower_word(x->cls[s - 1])) {
          p = s - 1;
          continue;
        }
        break;
      }
      if (!(is_lower_word(c) || is_comma(d, t)) || x->m_at[p] >= 0)
        break;
      if (!(x->cls[p - 1] & T_QUOTE) && verb_at(x, p - 1, lo, base)) {
        /* "said, as she passed him,": the tail may follow a comma. */
        const drp_tok *tt =
            is_comma(d, t) && p + 1 < v ? &d->toks[base + p + 1] : t;
        found = TOK_IN(d, tt, tail);
        if (found)
          v = p;
        break;
      }
      p--;
    }
  }
  if (v == lo || !verb_at(x, v - 1, lo, base))
    return false;
  size_t verb = v - 1, st = verb;
  /* "... showed the letter to Jock, who said,": the name before ", who". */
  /* "...broken by Isabella, who in a voice of cold resentment said,". */
  for (size_t k = verb; k >= lo + 3 && verb - k < 16; k--) {
    if (x->cls[k - 1] & (T_STOP | T_QUOTE))
      break;
    const drp_tok *w = &d->toks[base + k - 1];
    if (tok_is(d, w, "who") &&
        is_comma(d, &d->toks[base + k - 2])) {
      if (x->m_end[k - 3] < 0)
        return false; /* "to his friend, who said": not the subject */
      const dr_mention *m = &d->mentions[x->m_end[k - 3]];
      memset(out, 0, sizeof *out);
      name_cue(out, m, m->start, drp_tok_end(&d->toks[base + verb]));
      return true;
    }
  }
  /* "...; and, in her agitation, had quite overlooked it, till he,
   * stopping short as he entered, said,": the subject before a clause set
   * off by commas, nearer the verb than the sentence's opener. */
  if (verb > lo + 2 && is_comma(d, &d->toks[base + verb - 1])) {
    size_t s = paren_subject(x, lo, verb - 1, base, false);
    if (s != NONE32) {
      memset(out, 0, sizeof *out);
      if (x->m_end[s] >= 0) {
        const dr_mention *m = &d->mentions[x->m_end[s]];
        name_cue(out, m, m->start, drp_tok_end(&d->toks[base + verb]));
      } else {
        pron_cue(out, x->cls[s] & T_CLS, d->toks[base + s].start,
                 drp_tok_end(&d->toks[base + verb]));
      }
      return true;
    }
  }
  while (st > lo && verb - st < LONG_CUE &&
         !(x->cls[st - 1] & (T_STOP | T_QUOTE)))
    st--;
  if (st > lo && !(x->cls[st - 1] & (T_STOP | T_QUOTE)))
    return false; /* the sentence starts beyond the window */
  /* "Rachael, assenting to this, was gone, Mr. Gradgrind lifted up his
   * head, and said": a later clause's subject -- a name after a comma or
   * a conjunction, followed by an inflected verb, perhaps past an adverb
   * or two ("and Mary at once explained") -- is the speaker rather
   * than the sentence's opener; the nearest such to the verb wins, unless
   * a subject pronoun stands nearer. */
  for (size_t k = verb; k > st + 2; k--) {
    static const char *const pron[] = {"it", "they", "we", "you"};
    if ((x->cls[k - 1] & T_WORD) && (is_subj(x->cls[k - 1] & T_CLS) ||
                                     TOK_IN(d, &d->toks[base + k - 1], pron))) {
      /* "His voice, she noticed, had a slight vibrating sound in it, as
       * he laid down the manuscript and said": a subject pronoun whose
       * own verb the speech verb joins (no comma between) speaks. */
      uint8_t pc = x->cls[k - 1] & T_CLS;
      /* Its verb: inflected, or an auxiliary ("she could not help
       * crying out"). */
      bool pverb =
          k < verb && is_lower_word(x->cls[k]) &&
          (inflected(d, &d->toks[base + k]) || (x->cls[k] & T_CLS) == W_AUX);
      bool joined = is_subj(pc) && pverb;
      for (size_t j = k; joined && j < verb; j++)
        if (is_comma(d, &d->toks[base + j]) ||
            (x->cls[j] & (T_STOP | T_QUOTE)) || x->m_at[j] >= 0)
          joined = false;
      /* "After a silence of several minutes he came towards her in an
       * agitated manner, and thus began,": the pronoun's clause (not a
       * subordinate one: "as she went hunting about, and called out")
       * runs on to an "and" (and a word or two) before the verb, with no
       * other name or subject between. */
      static const char *const sub[] = {
          "as",    "when",    "while", "if",   "though", "although", "because",
          "since", "till",    "until", "that", "before", "after",    "where",
          "whom",  "whether", "than",  "so",   "once"};
      bool coord = !joined && is_subj(pc) && pverb &&
                   !(k >= 2 && TOK_IN(d, &d->toks[base + k - 2], sub));
      size_t and_at = verb;
      for (size_t j = k; coord && j < verb; j++) {
        if ((x->cls[j] & (T_STOP | T_QUOTE)) || x->m_at[j] >= 0 ||
            ((x->cls[j] & T_WORD) && is_subj(x->cls[j] & T_CLS)))
          coord = false;
        else if (tok_is(d, &d->toks[base + j], "and"))
          and_at = j;
      }
      coord = coord && and_at < verb && verb - and_at <= 3;
      if (joined || coord) {
        memset(out, 0, sizeof *out);
        pron_cue(out, pc, d->toks[base + k - 1].start,
                 drp_tok_end(&d->toks[base + verb]));
        return true;
      }
      break; /* "(..., Alice thought), and it said": a nearer subject */
    }
    /* "..., Isabella had only time to press her friend's hand and say,":
     * "had" and "was" count as inflected here. */
    static const char *const aux_past[] = {"had", "was"};
    if (!is_lower_word(x->cls[k - 1]) ||
        !(inflected(d, &d->toks[base + k - 1]) ||
          TOK_IN(d, &d->toks[base + k - 1], aux_past)))
      continue;
    /* Up to two adverbs between the name and its verb: "and Mary at once
     * explained". */
    size_t e = k - 2;
    for (int a = 0;
         a < 2 && e > st + 1 && x->m_end[e] < 0 && is_lower_word(x->cls[e]) &&
         is_adverb(d, &d->toks[base + e]);
         a++)
      e--;
    if (x->m_end[e] < 0)
      continue;
    const dr_mention *m = &d->mentions[x->m_end[e]];
    size_t s = e;
    while (s > st && x->m_at[s] != x->m_end[e])
      s--;
    if (s <= st || x->m_at[s] != x->m_end[e])
      break;
    static const char *const joins[] = {"and", "but", "when", "that",
                                        "while", "till", "until"};
    /* After a lower-case word too ("and at last Miss Bartlett rose"),
     * but not a subordinator: in "as Archer made no effort ..., the
     * lawyer continued" another subject follows. */
    static const char *const subord[] = {
        "as",    "if",     "though", "although", "because",
        "since", "before", "after",  "unless",   "whether",
        "than",  "where",  "what",   "which",    "whom"};
    const drp_tok *b = &d->toks[base + s - 1];
    /* "He surveyed the company, saw Fielding crouched below him ..., and
     * said": a name after a verb in the past is its object (not after a
     * plural: "After a silence of several minutes Darcy came ..., and
     * thus began,"). */
    if (is_lower_word(x->cls[s - 1]) && !TOK_IN(d, b, joins) && past_form(d, b))
      continue;
    if (!is_comma(d, b) && !TOK_IN(d, b, joins) &&
        (!is_lower_word(x->cls[s - 1]) || TOK_IN(d, b, subord)))
      break;
    memset(out, 0, sizeof *out);
    name_cue(out, m, m->start, drp_tok_end(&d->toks[base + verb]));
    return true;
  }
  for (size_t k = st; k < verb && k <= st + 3; k++) {
    if (x->m_at[k] >= 0) {
      const dr_mention *m = &d->mentions[x->m_at[k]];
      memset(out, 0, sizeof *out);
      name_cue(out, m, m->start, drp_tok_end(&d->toks[base + verb]));
      return true;
    }
    uint8_t c = x->cls[k] & T_CLS;
    if ((x->cls[k] & T_WORD) && is_subj(c)) {
      memset(out, 0, sizeof *out);
      pron_cue(out, c, d->toks[base + k].start,
               drp_tok_end(&d->toks[base + verb]));
      return true;
    }
  }
  return false;
}

/* ------------------------------------------------------------------------ */
/* Phase 2: the paragraph sweep                                              */
/* ------------------------------------------------------------------------ */

static bool is_top(const dr_quote *q) { return q->parent == DR_NONE; }

/* End of a top-level quote's extent (marks included). */
static size_t quote_extent_end(const dr_quote *q, const dr_paragraph *pa) {
  if (q->close_end > q->close_start)
    return q->close_end;
  return q->end > pa->end ? q->end : pa->end;
}

/* Classes the tokens of paragraph pa; lines its mentions [ma, mb) up with
 * them; sets the token ranges of its quotes [qa, qb). */
static void class_tokens(ctx *x, const dr_paragraph *pa, size_t qa, size_t qb,
                         size_t ma, size_t mb) {
  dr_doc *d = x->d;
  size_t base = pa->first_token, nt = pa->n_tokens;
  size_t q = qa;
  while (q < qb && !is_top(&d->quotes[q]))
    q++;
  size_t m = ma;
  for (size_t j = 0; j < nt; j++) {
    const drp_tok *t = &d->toks[base + j];
    x->m_at[j] = x->m_end[j] = -1;
    /* Top-level quotes are in order and do not overlap. */
    while (q < qb && quote_extent_end(&d->quotes[q], pa) <= t->start) {
      do
        q++;
      while (q < qb && !is_top(&d->quotes[q]));
    }
    uint8_t c = 0;
    bool in_q = q < qb && d->quotes[q].open_start <= t->start;
    if (in_q) {
      c |= T_QUOTE;
      if (x->qlo[q] == NONE32)
        x->qlo[q] = (uint32_t)j;
      x->qhi[q] = (uint32_t)j + 1;
    }
    dr_token_kind k = drp_tok_kind(t);
    unsigned fl = drp_tok_flags(t);
    if (k == DR_TOK_WORD) {
      c |= T_WORD;
      if (fl & DR_TF_CAP)
        c |= T_CAP;
      if (!in_q && t->len <= 16) {
        uint8_t w = lex_get(&x->lx, drp_hash_fold(d->text + t->start, t->len));
        c |= w;
        if (w == W_SUBJ_I || w == W_OBJ_I || w == W_FIRST)
          x->first++;
        else if (w == W_SUBJ_M || w == W_SUBJ_F || w == W_OBJ_M ||
                 w == W_OBJ_F || w == W_THIRD || w == W_POSS_M)
          x->third++;
      }
    } else if (k == DR_TOK_PUNCT && t->len == 1) {
      char ch = d->text[t->start];
      if (ch == '.' || ch == '!' || ch == '?' || ch == ';')
        c |= T_STOP;
    }
    x->cls[j] = c;
    while (m < mb && d->mentions[m].start < t->start)
      m++;
    if (m < mb && d->mentions[m].start == t->start)
      x->m_at[j] = (int32_t)m;
  }
  /* Mention ends: a second merge over the same tokens. */
  size_t j = 0;
  for (m = ma; m < mb; m++) {
    while (j < nt && drp_tok_end(&d->toks[base + j]) < d->mentions[m].end)
      j++;
    if (j < nt && drp_tok_end(&d->toks[base + j]) == d->mentions[m].end)
      x->m_end[j] = (int32_t)m;
  }
  /* A mention inside a quote is no subject of narration. */
  for (j = 0; j < nt; j++)
    if (x->cls[j] & T_QUOTE)
      x->m_at[j] = x->m_end[j] = -1;
}

/* Whether the quote's text ends with a comma (before its closing mark):
 * a tag follows ("Yes," Mary said). */
static bool quote_ends_comma(const dr_doc *d, const dr_quote *q) {
  if (q->close_end <= q->close_start)
    return false;
  size_t i = q->close_start;
  while (i > q->open_start && (d->text[i - 1] == ' ' || d->text[i - 1] == '\n'))
    i--;
  return i > q->open_start && d->text[i - 1] == ',';
}

/* Whether paragraph pa ends with a mark that leads into what follows: a
 * dash, ':' or ','. */
static bool ends_leading(const dr_doc *d, const dr_paragraph *pa) {
  if (pa->n_tokens == 0)
    return false;
  const drp_tok *last = &d->toks[pa->first_token + pa->n_tokens - 1];
  char ch = d->text[last->start];
  return drp_tok_kind(last) == DR_TOK_DASH ||
         (drp_tok_kind(last) == DR_TOK_PUNCT && (ch == ':' || ch == ','));
}

/* Whether the narration after a paragraph's last quote, up to token hi,
 * runs to the paragraph's end and leads into a quote opening the next
 * paragraph: "...," was darting away, when Anne eagerly suggested--
 * (the caller also asks that the cue not open the narration: "...," said
 * Jane, turning to her sister: is that quote's tag, while in "...," but the
 * Admiral interrupted her with-- the Admiral speaks next). */
static bool leads_on(const ctx *x, const dr_paragraph *pa, size_t hi) {
  const dr_doc *d = x->d;
  if (hi + 1 < pa->n_tokens || !ends_leading(d, pa))
    return false;
  size_t p = (size_t)(pa - d->paras) + 1;
  return p < d->n_paras && d->paras[p].n_tokens > 0 &&
         drp_tok_kind(&d->toks[d->paras[p].first_token]) == DR_TOK_QUOTE;
}

/* The start of the cue window that ends at token hi: CUE_WINDOW tokens
 * back, not before lo, and not past the last stop or quote mark. */
static size_t window_start(const ctx *x, size_t lo, size_t hi) {
  if (hi > lo + CUE_WINDOW)
    lo = hi - CUE_WINDOW;
  for (size_t j = hi; j > lo; j--)
    if (x->cls[j - 1] & (T_STOP | T_QUOTE))
      return j;
  return lo;
}

/* The cue of top-level quote q: after it, then before it. */
static void quote_cue(ctx *x, const dr_paragraph *pa, size_t q, size_t prev,
                      size_t next, cue_t *out) {
  size_t base = pa->first_token, nt = pa->n_tokens;
  memset(out, 0, sizeof *out);
  if (x->qlo[q] == NONE32)
    return;
  /* After: up to the next quote, a stop, or CUE_WINDOW tokens. */
  size_t lo = x->qhi[q];
  size_t hi = next != NONE32 && x->qlo[next] != NONE32 ? x->qlo[next] : nt;
  if (hi > lo + CUE_WINDOW)
    hi = lo + CUE_WINDOW;
  bool a_quote = next != NONE32 && x->qlo[next] == hi;
  for (size_t j = lo; j < hi; j++)
    if (x->cls[j] & (T_STOP | T_QUOTE)) {
      a_quote = (x->cls[j] & T_QUOTE) != 0;
      hi = a_quote ? j : j + 1;
      break;
    }
  size_t a_hi = hi;
  /* Where the narration after the quote ends, past the window: "...!"
   * and was hastening to meet him, when Elinor cried out, -- leads on. */
  size_t n_end = a_hi;
  if (!a_quote && a_hi == lo + CUE_WINDOW) {
    while (n_end < nt && !(x->cls[n_end] & (T_STOP | T_QUOTE)))
      n_end++;
    if (n_end < nt && (x->cls[n_end] & T_STOP))
      n_end++;
  }
  cue_t after, before;
  memset(&after, 0, sizeof after);
  memset(&before, 0, sizeof before);
  size_t a_lo = lo;
  bool got_a = hi > lo && find_cue(x, lo, hi, true, base, &after);
  static const char *const particle[] = {"in", "up", "out", "forth"};
  if (!got_a && hi >= lo + 2 && is_lower_word(x->cls[lo]) &&
      (x->cls[lo] & T_CLS) == W_OTHER && x->m_at[lo + 1] >= 0) {
    /* "...," yawned Mrs. Moore: any word between quote and name. */
    const dr_mention *m = &x->d->mentions[x->m_at[lo + 1]];
    name_cue(&after, m, x->d->toks[base + lo].start, m->end);
    got_a = true;
  } else if (!got_a && hi >= lo + 3 && is_lower_word(x->cls[lo]) &&
             (x->cls[lo] & T_CLS) == W_OTHER && x->m_at[lo + 2] >= 0 &&
             is_lower_word(x->cls[lo + 1]) &&
             TOK_IN(x->d, &x->d->toks[base + lo + 1], particle)) {
    /* "...," put in Freddy; chimed in Kitty: a word and its particle. */
    const dr_mention *m = &x->d->mentions[x->m_at[lo + 2]];
    name_cue(&after, m, x->d->toks[base + lo].start, m->end);
    got_a = true;
  } else if (!got_a && hi >= lo + 2 && is_lower_word(x->cls[lo]) &&
             is_lower_word(x->cls[lo + 1]) &&
             (x->cls[lo + 1] & T_CLS) == W_OTHER) {
    /* "...," she sobbed: a lower-case subject pronoun right after the
     * quote, then a lower-case word, is a tag whatever its verb. */
    uint8_t w = x->cls[lo] & T_CLS;
    if (is_subj(w)) {
      memset(&after, 0, sizeof after);
      pron_cue(&after, w, x->d->toks[base + lo].start,
               drp_tok_end(&x->d->toks[base + lo + 1]));
      got_a = true;
    }
  }
  if (!got_a && hi >= lo + 3 && is_lower_word(x->cls[lo]) &&
      (x->cls[lo] & T_CLS) == W_OTHER &&
      ends_with(x->d, &x->d->toks[base + lo], "ed") &&
      (x->qlo[q] == 0 || (x->cls[x->qlo[q] - 1] & (T_STOP | T_QUOTE)))) {
    /* "Rouge!" proclaimed the croupier: any verb in -ed between the
     * quote (opening its sentence: not a shout of "Harris!" that
     * shivered the tranquil air) and a role or a person noun. */
    for (size_t n = lo + 2; n < hi && n <= lo + 3 && !got_a; n++)
      if (!(n + 1 < hi && x->m_at[n + 1] >= 0) &&
          (role_np(x, lo + 1, n, hi, base, false, &after) ||
           nominal(x, lo + 1, n, base, &after))) {
        after.cs = x->d->toks[base + lo].start;
        after.ce = drp_tok_end(&x->d->toks[base + n]);
        got_a = true;
      }
  }
  if (!got_a && hi >= lo + 2 && x->m_at[lo] >= 0 &&
      quote_ends_comma(x->d, &x->d->quotes[q])) {
    /* "...," Mary whimpered: after a comma, a name right after the quote
     * and a lower-case word after the name. */
    const dr_mention *m = &x->d->mentions[x->m_at[lo]];
    size_t e = lo;
    while (e < hi && x->m_end[e] != x->m_at[lo])
      e++;
    if (e + 1 < hi && is_lower_word(x->cls[e + 1]) &&
        (x->cls[e + 1] & T_CLS) == W_OTHER) {
      name_cue(&after, m, m->start, drp_tok_end(&x->d->toks[base + e + 1]));
      got_a = true;
    }
  }
  if (!got_a && hi >= lo + 3 && is_lower_word(x->cls[lo]) &&
      tok_is(x->d, &x->d->toks[base + lo], "was")) {
    /* "...," was his answer; was her cautious reply: the owner of the
     * words speaks ("was Elinor's reply" is the rule above). */
    static const char *const words[] = {
        "answer", "reply",      "remark",   "observation", "address",
        "salutation", "rejoinder", "response", "retort",   "comment",
        "exclamation", "greeting", "cry",      "question",  "words"};
    int poss = det_of(x, lo + 1, base);
    bool pron = poss == S_PRON_M || poss == S_PRON_F || poss == S_PRON_I;
    for (size_t n = lo + 2; pron && n < hi && n <= lo + 4; n++) {
      const drp_tok *w = &x->d->toks[base + n];
      if (!is_lower_word(x->cls[n]))
        break;
      if (TOK_IN(x->d, w, words)) {
        after.how = (uint8_t)poss;
        after.cs = (uint32_t)x->d->toks[base + lo].start;
        after.ce = (uint32_t)drp_tok_end(w);
        got_a = true;
        break;
      }
    }
  }
  /* Before: back to the previous quote, a stop, or CUE_WINDOW tokens. */
  hi = x->qlo[q];
  lo = prev != NONE32 && x->qhi[prev] != 0 ? x->qhi[prev] : 0;
  lo = window_start(x, lo, hi);
  size_t b_hi = hi;
  bool got_b = hi > lo && find_cue(x, lo, hi, false, base, &before);
  if (!got_b) {
    /* A long sentence whose verb leads into the quote. */
    size_t llo = prev != NONE32 && x->qhi[prev] != 0 ? x->qhi[prev] : 0;
    got_b = hi > llo && long_cue(x, llo, hi, base, &before);
  }
  /* The cue after leads into the next quote ("Piglet said, "..." and
   * Pooh said "Yes.""): it is that quote's. */
  bool a_leads = got_a && !a_quote && leads_on(x, pa, n_end) &&
                 x->d->toks[base + a_lo].start < after.cs;
  if (got_a && a_quote) {
    size_t j = a_lo;
    while (j < a_hi && tok_before(x, base, j, after.ce))
      j++;
    a_leads = true;
    for (; j < a_hi; j++)
      if (x->cls[j] & T_WORD)
        a_leads = false;
  }
  /* "Who is this?" She said it to the Knave: a capitalised pronoun after
   * the quote opens a new sentence, weaker than a cue before it. */
  bool a_new = got_a && after.how >= S_PRON_M && after.how <= S_PRON_I &&
               (x->d->text[after.cs] >= 'A' && x->d->text[after.cs] <= 'Z');
  if (got_a && got_b && (a_leads || a_new)) {
    *out = before;
  } else if (a_leads && !a_quote) {
    /* The paragraph's last words lead into the next one's quote: the cue
     * is that quote's (prev_para_cue), none of this one's. */
  } else if (got_a && got_b) {
    /* The cue nearer its quote wins ("Beaver said, "..." and Brenda
     * asked"); a tie goes to the cue after. */
    size_t da = 0, db = 0;
    while (a_lo + da < nt && x->d->toks[base + a_lo + da].start < after.cs)
      da++;
    while (db < b_hi &&
           drp_tok_end(&x->d->toks[base + b_hi - 1 - db]) > before.ce)
      db++;
    /* A cue before that leads in with a colon ("He added:") is the
     * quote's unless the quote ends in a comma, which binds it to the
     * words after ("India does wonders..." Mrs. Turton closed her eyes
     * and remarked that...). */
    bool colon = db == 1 && b_hi > 0 &&
                 x->d->text[x->d->toks[base + b_hi - 1].start] == ':' &&
                 !quote_ends_comma(x->d, &x->d->quotes[q]);
    /* "and saying, "..." she led Denham behind the curtain": a
     * participle of speech right before the quote is its cue. */
    bool part = db == 1 && b_hi > 1 &&
                is_comma(x->d, &x->d->toks[base + b_hi - 1]) &&
                ends_with(x->d, &x->d->toks[base + b_hi - 2], "ing") &&
                drp_tok_end(&x->d->toks[base + b_hi - 2]) == before.ce;
    *out = db < da || colon || part ? before : after;
  } else if (got_a) {
    *out = after;
  } else if (got_b) {
    *out = before;
  }
}

static uint32_t kin_of(const dr_doc *d, uint32_t owner, uint8_t kin, int g);

/* A verb of listening or perceiving: its subject hears the quote rather
 * than speaks it ("Fanny listened", "Ralph wondered"). */
static bool listener_verb(const dr_doc *d, const drp_tok *t) {
  static const char *const lv[] = {"listened", "heard",    "watched",
                                   "wondered", "knew",     "saw",
                                   "noticed",  "perceived", "understood",
                                   "realised", "realized", "overheard"};
  return TOK_IN(d, t, lv);
}

static bool mute_answer(const ctx *x, const dr_paragraph *pa, uint32_t from);

/* The action beat: the first narration clause opening with a name and a
 * lower-case word (not a verb of listening or silence), with a subject
 * pronoun, or with his/her and a kin noun. */
static void find_beat(const ctx *x, const dr_paragraph *pa, cue_t *out) {
  const dr_doc *d = x->d;
  size_t base = pa->first_token, nt = pa->n_tokens;
  memset(out, 0, sizeof *out);
  for (size_t j = 0; j < nt; j++) {
    uint8_t c = x->cls[j];
    if (c & T_QUOTE)
      continue;
    if (j > 0 && !(x->cls[j - 1] & (T_QUOTE | T_STOP)))
      continue;
    /* One capitalised opener before the subject: "But Jock stopped". */
    if (x->m_at[j] < 0 && (c & T_CAP) && (c & T_CLS) == W_OTHER && j + 1 < nt &&
        x->m_at[j + 1] >= 0)
      j++;
    if (x->m_at[j] >= 0) {
      const dr_mention *m = &d->mentions[x->m_at[j]];
      size_t e = j;
      while (e < nt && e < j + 16 && x->m_end[e] != x->m_at[j])
        e++;
      if (e == nt || x->m_end[e] != x->m_at[j])
        continue;
      /* "Mrs. Bennet's voice carried": the possessive's owner acts. */
      if (e + 2 < nt && drp_tok_kind(&d->toks[base + e + 1]) == DR_TOK_CLITIC)
        e++;
      /* Nor one whose silence opens the clause ("Archer made no answer,
       * and she continued"). */
      if (e + 1 < nt && is_lower_word(x->cls[e + 1]) &&
          !listener_verb(d, &d->toks[base + e + 1])) {
        if (mute_answer(x, pa, m->end))
          continue;
        name_cue(out, m, m->start, drp_tok_end(&d->toks[base + e + 1]));
        return;
      }
      continue;
    }
    uint8_t w = c & T_CLS;
    if ((c & T_WORD) && is_subj(w) && j + 1 < nt &&
        is_lower_word(x->cls[j + 1])) {
      pron_cue(out, w, d->toks[base + j].start,
               drp_tok_end(&d->toks[base + j + 1]));
      return;
    }
    /* "Her mother sighed.": the one Mrs. of the family of the woman
     * named last (kin_of). */
    if ((c & T_WORD) && (w == W_POSS_M || w == W_OBJ_F) && j + 2 < nt &&
        is_lower_word(x->cls[j + 2])) {
      const drp_tok *kt = &d->toks[base + j + 1];
      int kg = 1;
      uint8_t kin = kin_word(d, kt, &kg);
      uint32_t owner = x->sal[w == W_POSS_M ? 0 : 1][0];
      uint32_t who =
          kin && owner != NONE32 ? kin_of(d, owner, kin, kg) : NONE32;
      if (who != NONE32) {
        char_cue(out, who, d->toks[base + j].start, drp_tok_end(kt));
        return;
      }
    }
  }
}

/* A cue closing the paragraph just before quote paragraph p (first
 * quote qa, first mention ma): "Katharine raised her head and said:",
 * "Mrs. Hurst began again."  A paragraph of narration must end with ':',
 * ',' or a dash, or with '.' right after the cue, or with the cue itself
 * and no mark at all ("Bull said"); one with quotes gives a cue only from
 * the narration after its last quote, ending in ':', ',', a dash or the
 * cue ("...," was darting away, when Anne eagerly suggested--). */
static dr_status prev_para_cue(ctx *x, size_t p, size_t qa, size_t ma,
                               cue_t *out) {
  dr_doc *d = x->d;
  memset(out, 0, sizeof *out);
  if (p == 0)
    return DR_OK;
  const dr_paragraph *pp = &d->paras[p - 1];
  if (pp->kind != DR_PARA_TEXT || pp->n_tokens < 2)
    return DR_OK;
  size_t base = pp->first_token, nt = pp->n_tokens;
  const drp_tok *last = &d->toks[base + nt - 1];
  bool stop = drp_tok_kind(last) == DR_TOK_PUNCT && d->text[last->start] == '.';
  bool lead = ends_leading(d, pp);
  /* No mark at all ("she exclaimed" and a blank line: a dash lost, or
   * never typed): the cue must end the paragraph, as after '.'. */
  bool bare = drp_tok_kind(last) == DR_TOK_WORD;
  if (!stop && !lead && !bare)
    return DR_OK;
  /* A paragraph with quotes gives a cue only from narration after its
   * last quote that leads into this one: "...," cried Marianne, and was
   * hastening to meet him, when Elinor cried out, */
  size_t q0 = qa;
  while (q0 > 0 && d->quotes[q0 - 1].paragraph == p - 1)
    q0--;
  bool quoted = q0 < qa;
  if (quoted && !lead && !bare)
    return DR_OK;
  if (!grow_tok(x, nt))
    return DR_ENOMEM;
  size_t m0 = ma;
  while (m0 > 0 && d->mentions[m0 - 1].start >= pp->start)
    m0--;
  size_t first = x->first, third = x->third;
  class_tokens(x, pp, q0, qa, m0, ma);
  x->first = first; /* counted once, by the paragraph sweep */
  x->third = third;
  size_t hi = bare ? nt : nt - 1, lo = window_start(x, 0, hi);
  if (hi <= lo || !find_cue(x, lo, hi, false, base, out)) {
    /* "and then Ratcliffe said, looking out over the swollen sea, all a
     * sort of grey purple" and a lost dash: the verb before a
     * participle's phrase that ends the paragraph. */
    if (bare || lead) {
      size_t c = hi;
      while (c > 1 && hi - c < LONG_CUE &&
             !(x->cls[c - 1] & (T_STOP | T_QUOTE)) &&
             !(is_comma(d, &d->toks[base + c - 1]) && c < nt &&
               is_lower_word(x->cls[c]) &&
               ends_with(d, &d->toks[base + c], "ing")))
        c--;
      if (c > 1 && c < hi && is_comma(d, &d->toks[base + c - 1])) {
        size_t e = c - 1, s = window_start(x, 0, e);
        if ((e > s && find_cue(x, s, e, false, base, out) &&
             out->ce == drp_tok_end(&d->toks[base + e - 1])) ||
            long_cue(x, 0, e, base, out))
          return DR_OK;
        memset(out, 0, sizeof *out);
      }
    }
    /* "Elinor first spoke.", "Fanny, feeling it due to herself, returned
     * to Mr. Crawford, and said:"; after quotes too, from the sentence
     * that ends the paragraph ("...," said William. Denham got up from
     * his chair, looked at Katharine, and said:). */
    long_cue(x, 0, nt, base, out);
    return DR_OK;
  }
  /* After '.', the cue must end the sentence: "began again."  With no
   * mark at all (a dash lost), any tail may follow it: "the Secretary
   * said in a curious, strained voice", then the quote. */
  if (stop && out->ce < d->toks[base + (hi >= 2 ? hi - 2 : 0)].start)
    memset(out, 0, sizeof *out);
  return DR_OK;
}

/* Whether cue c of quote a is the tag that interrupts a speech going on
 * in quote b ("Three!" cried Thorpe, "five."): it lies between the two,
 * and the narration between ends in a comma ("...," said Mary, "but"; not
 * ", and \"No!\" cried Louisa" or "thus spoke Mary:").  The caller takes
 * it for b unless b's own cue lies before b too (", so eagerly that the
 * Gryphon said, \"Hm!\""): a cue after b ("Morland remonstrated") is
 * another speaker's. */
static bool tag_between(const dr_doc *d, const dr_quote *a, const dr_quote *b,
                        const cue_t *c) {
  if (c->how == S_NONE || c->cs < a->close_end || c->ce > b->open_start)
    return false;
  size_t i = b->open_start;
  while (i > c->ce && (d->text[i - 1] == ' ' || d->text[i - 1] == '\n' ||
                       d->text[i - 1] == '\t' || d->text[i - 1] == '\r'))
    i--;
  return i > c->ce && d->text[i - 1] == ',';
}

/* The gender slot a cue gives its speaker (0 male, 1 female), or -1. */
static int cue_gender(const dr_doc *d, const cue_t *c) {
  switch (c->how) {
  case S_NAME:
    return gender_slot(d, c->who);
  case S_PRON_M:
    return 0;
  case S_PRON_F:
    return 1;
  case S_NOM:
    return c->nom_g;
  default:
    return -1;
  }
}

/* A nominal cue with a possessive pronoun: "his mother", "her friend". */
static bool owned_nominal(const cue_t *c) {
  return c->how == S_NOM &&
         (c->poss == S_PRON_M || c->poss == S_PRON_F || c->poss == S_PRON_I);
}

/* Whether cue c names another voice than cue a: another name, one's
 * kin or friend beside a name, or a pronoun or name of the other
 * gender. */
static bool cue_voice_differs(const dr_doc *d, const cue_t *a,
                              const cue_t *c) {
  if (a->how == S_NAME && c->how == S_NAME)
    return a->who != c->who;
  /* "Janey commented ...; and his mother added:": one's mother, wife or
   * friend is someone else. */
  if ((a->how == S_NAME && owned_nominal(c)) ||
      (c->how == S_NAME && owned_nominal(a)))
    return true;
  int ga = cue_gender(d, a), gc = cue_gender(d, c);
  return ga >= 0 && gc >= 0 && ga != gc;
}

/* The gender of the one the top-level quotes [qa, qb) of paragraph pa
 * speak to, by a vocative word standing alone between punctuation or the
 * quote's edges ("Yes, sir.", "Mamma, do come!"): 0 male, 1 female, -1
 * none. */
static int voc_gender(const ctx *x, const dr_paragraph *pa, size_t qa,
                      size_t qb, int8_t *kin) {
  static const struct {
    const char *w;
    int8_t g;    /* 0 male, 1 female */
    bool parent; /* names a parent ("Mamma, ...") */
  } words[] = {{"sir", 0, false},   {"papa", 0, true},   {"father", 0, true},
               {"dad", 0, true},    {"daddy", 0, true},  {"uncle", 0, false},
               {"madam", 1, false}, {"mamma", 1, true},  {"mama", 1, true},
               {"mother", 1, true}, {"mummy", 1, true},  {"mumsy", 1, true},
               {"aunt", 1, false},  {"auntie", 1, false}};
  *kin = -1;
  const dr_doc *d = x->d;
  size_t base = pa->first_token;
  for (size_t q = qa; q < qb; q++) {
    if (!is_top(&d->quotes[q]) || x->qlo[q] == NONE32)
      continue;
    for (size_t j = x->qlo[q]; j < x->qhi[q]; j++) {
      const drp_tok *t = &d->toks[base + j];
      bool alone = (x->cls[j] & T_WORD) &&
                   (j == 0 || !(x->cls[j - 1] & T_WORD) ||
                    !(x->cls[j - 1] & T_QUOTE)) &&
                   (j + 1 == pa->n_tokens || !(x->cls[j + 1] & T_WORD));
      char w[16];
      if (!alone || t->len >= sizeof w)
        continue;
      memcpy(w, d->text + t->start, t->len);
      w[0] = (char)(w[0] | 0x20); /* "Sir, ...", "Mamma, ..." */
      w[t->len] = 0;
      for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(w, words[i].w) == 0) {
          if (words[i].parent)
            *kin = words[i].g;
          return words[i].g;
        }
    }
  }
  return -1;
}

/* One story paragraph with quotes [qa, qb) and mentions [ma, mb). */
static dr_status quote_para(ctx *x, size_t p, size_t qa, size_t qb, size_t ma,
                            size_t mb) {
  dr_doc *d = x->d;
  const dr_paragraph *pa = &d->paras[p];
  cue_t pre;
  dr_status st = prev_para_cue(x, p, qa, ma, &pre);
  if (st != DR_OK)
    return st;
  if (!grow_tok(x, pa->n_tokens ? pa->n_tokens : 1))
    return DR_ENOMEM;
  class_tokens(x, pa, qa, qb, ma, mb);
  /* Cues per top-level quote. */
  size_t prev = NONE32;
  for (size_t q = qa; q < qb; q++) {
    if (!is_top(&d->quotes[q]))
      continue;
    size_t next = q + 1;
    while (next < qb && !is_top(&d->quotes[next]))
      next++;
    /* A speech interrupted by its tag ("Three!" cried Thorpe, "five.")
     * goes on in the same voice: its second piece takes the first's cue,
     * not a later sentence's ("Morland remonstrated"). */
    quote_cue(x, pa, q, prev, next < qb ? next : NONE32, &x->qcue[q]);
    if (prev != NONE32 && d->quotes[q].continues == prev &&
        tag_between(d, &d->quotes[prev], &d->quotes[q], &x->qcue[prev]) &&
        x->qcue[q].cs > d->quotes[q].open_start) {
      x->qcue[q] = x->qcue[prev];
      prev = q;
      continue;
    }
    if (x->qcue[q].how == S_NAME)
      x->cue_n[x->qcue[q].who]++;
    prev = q;
  }
  /* One turn per voice: a quote whose own cue names someone else than the
   * turn's first cue opens a new turn in the same paragraph ("Dr Messinger
   * asked Rosa, "..." And she replied, "...""). */
  size_t sa = qa, m = ma;
  uint32_t lo_b = pa->start;
  /* Token cursors, carried from one turn's bytes [lo_b, hi_b) to the
   * next: j to the mention read, pj past the narration pronouns read. */
  size_t j = 0, pj = 0;
  while (sa < qb) {
    cue_t first;
    memset(&first, 0, sizeof first);
    size_t sb = sa;
    uint32_t hi_b = pa->end;
    for (prev = NONE32; sb < qb; sb++) {
      if (!is_top(&d->quotes[sb]))
        continue;
      const cue_t *c = &x->qcue[sb];
      if (prev != NONE32 && first.how != S_NONE && c->how != S_NONE &&
          c->cs != first.cs && cue_voice_differs(d, &first, c)) {
        hi_b = d->quotes[prev].close_end > d->quotes[prev].open_start
                   ? (uint32_t)d->quotes[prev].close_end
                   : (uint32_t)d->quotes[prev].end;
        break;
      }
      if (first.how == S_NONE)
        first = *c;
      prev = sb;
    }
    bool head = sa == qa;
    /* A speech running on from the previous paragraph joins its turn. */
    const dr_quote *q0 = &d->quotes[sa];
    turn_t *t = NULL;
    if (head && is_top(q0) && q0->continues != DR_NONE && x->n_turns > 0 &&
        x->turns[x->n_turns - 1].last_para + 1 == p) {
      t = &x->turns[x->n_turns - 1];
      t->last_para = (uint32_t)p;
      t->q1 = (uint32_t)sb;
      if (t->cue.how == S_NONE && p <= t->para + CUE_RUN)
        t->cue = first;
    } else {
      t = DRP_PUSH(d, x->turns, x->n_turns, x->cap_turns);
      if (!t)
        return DR_ENOMEM;
      t->para = t->last_para = (uint32_t)p;
      t->q0 = (uint32_t)sa;
      t->q1 = (uint32_t)sb;
      t->cue = first.how != S_NONE || !head ? first : pre;
      memcpy(t->sal, x->sal, sizeof t->sal);
      memcpy(t->ssal, x->ssal, sizeof t->ssal);
      for (int g = 0; g < 2; g++)
        t->sal_age[g] = p - x->sal_seen[g];
      t->sal_any = x->sal_any;
      t->local_m = t->local_f = t->local_u = NONE32;
      t->last_m = t->last_f = NONE32;
      t->voc0 = t->voc1 = NONE32;
      t->named[0] = t->named[1] = NONE32;
      t->voc_g = t->voc_kin = -1;
      t->prevnar =
          head && x->nar_subj_para + 1 == p ? x->nar_subj : NONE32;
      t->mute = t->prevnar != NONE32 && x->nar_mute;
      t->prevlast =
          head && x->nar_last_para + 1 == p ? x->nar_last : NONE32;
      t->speaker = t->target = NONE32;
      t->scene = (uint32_t)pa->scene;
      t->chapter = (uint32_t)pa->chapter;
      if (head)
        find_beat(x, pa, &t->beat);
      else
        memset(&t->beat, 0, sizeof t->beat);
      if (t->beat.how == S_NAME)
        x->cue_n[t->beat.who]++; /* "Jane sighed. "Not again."" */
    }
    { /* The narration after the turn's last quote (TAIL_FAR). */
      uint32_t qend = 0;
      for (size_t q = sa; q < sb; q++)
        if (d->quotes[q].end > qend)
          qend = d->quotes[q].end;
      uint32_t tail = 0;
      for (size_t k = pa->first_token + pa->n_tokens;
           k > pa->first_token && d->toks[k - 1].start >= qend; k--)
        if (drp_tok_kind(&d->toks[k - 1]) == DR_TOK_WORD)
          tail++;
      t->tail = tail;
    }
    /* "Yes, sir.", "Mamma, ...": the one spoken to is a man, a woman. */
    if (t->voc_g < 0)
      t->voc_g = (int8_t)voc_gender(x, pa, sa, sb, &t->voc_kin);
    /* Names in narration (salience, local candidates), vocatives. */
    uint32_t cue_at = t->cue.how != S_NONE ? t->cue.cs : hi_b;
    size_t base = pa->first_token;
    for (; m < mb && d->mentions[m].start < hi_b; m++) {
      const dr_mention *mn = &d->mentions[m];
      uint32_t c = (uint32_t)mn->character;
      while (j < pa->n_tokens && d->toks[base + j].start < mn->start)
        j++;
      for (; pj < j; pj++)
        if (!(x->cls[pj] & T_QUOTE))
          nar_token(x, &d->toks[base + pj]);
      bool in_q = j < pa->n_tokens && (x->cls[j] & T_QUOTE);
      if (in_q) {
        if (mn->kind == DR_MENTION_VOCATIVE) {
          x->voc_n[c]++;
          if (t->voc0 == NONE32)
            t->voc0 = c;
          else if (t->voc1 == NONE32 && t->voc0 != c)
            t->voc1 = c;
        } else if (t->named[0] == NONE32) {
          t->named[0] = c;
        } else if (t->named[1] == NONE32 && t->named[0] != c) {
          t->named[1] = c;
        }
        continue;
      }
      x->nar_n[c]++;
      if (mn->start < cue_at && mn->start >= lo_b &&
          p <= t->para + CUE_RUN) {
        int g = gender_slot(d, c);
        if (g == 0 && t->local_m == NONE32)
          t->local_m = c;
        else if (g == 1 && t->local_f == NONE32)
          t->local_f = c;
        else if (g < 0 && t->local_u == NONE32)
          t->local_u = c;
        /* A later sentence's subject: it opens the sentence, after at
         * most one capitalised word ("But Jock stopped."). */
        bool opens = j == 0 || (x->cls[j - 1] & (T_QUOTE | T_STOP)) ||
                     ((x->cls[j - 1] & T_CAP) &&
                      (j == 1 || (x->cls[j - 2] & (T_QUOTE | T_STOP))));
        if (g == 0 && opens)
          t->last_m = c != t->local_m ? c : NONE32;
        else if (g == 1 && opens)
          t->last_f = c != t->local_f ? c : NONE32;
      }
      sal_push(x, c,
               clause_subject(d, base, base + j, base + pa->n_tokens, mn->end));
    }
    for (; pj < pa->n_tokens && d->toks[base + pj].start < hi_b; pj++)
      if (!(x->cls[pj] & T_QUOTE))
        nar_token(x, &d->toks[base + pj]);
    lo_b = hi_b;
    sa = sb;
  }
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* Phase 3: ranking candidates                                               */
/* ------------------------------------------------------------------------ */

enum {
  F_LOCAL,   /* named first in this paragraph's narration, before the cue */
  F_BEAT,    /* subject of this paragraph's action beat */
  F_PREV2,   /* speaker two turns back */
  F_PREV1,   /* previous turn's speaker */
  F_VOC,     /* named as vocative in the previous turn */
  F_TARGET,  /* target of the previous turn's cue */
  F_SAL0,    /* most recent narration name (of the cue's gender) */
  F_SAL1,    /* second most recent */
  F_NEXT1,   /* explicit speaker of the next turn */
  F_NEXT2,   /* explicit speaker of the turn after */
  F_GUNK,    /* gender unknown, under a gendered pronoun */
  F_NARR,    /* the narrator (first-person text) */
  F_LASTG,   /* the last speaker of the cue's gender in the scene */
  F_SELF,    /* named as vocative in this turn (so addressed, not speaking) */
  F_NEXTVOC, /* named as vocative in the next turn (answered) */
  F_PREVNAR, /* opens the narration paragraph just before this turn */
  /* The history features again, when narration separates the turns. */
  F_PREV2_FAR,
  F_PREV1_FAR,
  F_VOC_FAR,
  F_TARGET_FAR,
  F_LASTG_FAR,
  F_PREV3,    /* a third party: the speaker three turns back, or one
                 called by name two to BACK turns back in the scene, or
                 named by a cue three to LATER turns on */
  F_PREVLAST, /* last name of the narration paragraph just before */
  F_NAMED,    /* named in this turn's quotes, not addressed ("Let Laurie
                 help": rarely the speaker) */
  F_SILENT,   /* never named by a speech cue nor addressed in the whole
                 document (often a place or a passer-by, not a speaker) */
  F_MAJOR,    /* one of the MAJOR_N most mentioned characters */
  F_NOGENDER, /* gender unknown (any mode; places and groups often are) */
  F_RECENT,   /* spoke four to eight turns back in this scene */
  F_ROLE,     /* the role a nominal cue names ("said the croupier": the
                 character "the croupier" rather than someone named) */
  F_ROLEG,    /* the same for a noun the novels mostly used for named
                 characters ("said the old man") */
  F_LLAST,    /* the subject of a later sentence of this paragraph's
                 narration before the cue (not the first name), of the
                 cue's gender */
  F_VOCG,     /* of the gender a vocative word of this turn's quotes gives
                 the one spoken to ("Yes, sir.") */
  F_N
};
_Static_assert(F_N <= 32, "a candidate's features are the bits of a word");

/* Weights per mode (0: no cue, any gender; 1: a pronoun or nominal cue,
 * one gender), learned by train/speakers/train_ranker.py from the PDNC
 * novels: speaker_weights.inc holds one table per held-out novel and one
 * from all twenty (row SPK_N_NOVELS), so that leave-one-novel-out scores
 * (-DDRP_SPEAKERS_HOLDOUT=i) never use weights fitted to novel i. */
#include "speaker_weights.inc"
_Static_assert(sizeof spk_weights[0][0] / sizeof spk_weights[0][0][0] == F_N,
               "speaker_weights.inc has one weight per feature");

#ifdef DRP_SPEAKERS_HOLDOUT
#define SPK_WROW (DRP_SPEAKERS_HOLDOUT)
#else
#define SPK_WROW SPK_N_NOVELS
#endif

#ifdef DRP_SPEAKERS_TUNE
/* Tuning build (train/speakers/tune_ranker.py): the weights of both modes
 * are read once from the file $DRP_SPEAKERS_WEIGHTS (2 x F_N numbers, mode
 * 0 first) instead of the table; without it the table's row is used.
 * Never part of the library proper. */
#include <stdio.h>
#include <stdlib.h>
static const float *spk_row(int mode) {
  static float w[2][F_N];
  static int state; /* 0 unread, 1 from the file, 2 the table */
  if (state == 0) {
    const char *path = getenv("DRP_SPEAKERS_WEIGHTS");
    FILE *f = path ? fopen(path, "r") : NULL;
    state = 2;
    if (f) {
      size_t n = 0;
      float *flat = &w[0][0];
      while (n < 2 * (size_t)F_N && fscanf(f, "%f", &flat[n]) == 1)
        n++;
      fclose(f);
      if (n == 2 * (size_t)F_N)
        state = 1;
    }
  }
  return state == 1 ? w[mode] : spk_weights[SPK_WROW][mode];
}
#else
static const float *spk_row(int mode) { return spk_weights[SPK_WROW][mode]; }
#endif

typedef struct {
  uint32_t c[MAX_CAND];
  uint32_t f[MAX_CAND]; /* feature bits */
  int n;
} cands;

static void cand_add(cands *cs, uint32_t c, int feat) {
  if (c == NONE32)
    return;
  for (int i = 0; i < cs->n; i++)
    if (cs->c[i] == c) {
      cs->f[i] |= 1u << feat;
      return;
    }
  if (cs->n == MAX_CAND)
    return;
  cs->c[cs->n] = c;
  cs->f[cs->n] = 1u << feat;
  cs->n++;
}

/* Context of turn k for ranking. */
typedef struct {
  uint32_t prev1, prev2; /* speakers of the previous two turns, or NONE */
  uint32_t prev3;        /* of the turn before those, if another one */
  uint32_t recent[3];    /* other speakers of turns k-4..k-8 in the scene */
  bool adj1, adj2;       /* adjacent (no narration between) */
  uint32_t voc, voc2;    /* vocatives of the previous turn */
  uint32_t target;       /* the previous cue's target */
  uint32_t next1, next2; /* explicit speakers of the next turns */
  uint32_t lastg[2];     /* the last male / female speaker in the scene */
  uint32_t nextvoc[2];   /* vocatives of the next turn (adjacent) */
  uint32_t later[2];     /* the first two named by cues of turns
                            k+3..k+LATER of the adjacent run */
  uint32_t oldvoc[2];    /* the first two called by name in turns
                            k-2..k-BACK of the scene */
} history;

/* The last word of character c's name when it has several ("Bennet" of
 * Elizabeth Bennet and of Mrs. Bennet); *n = 0 if none. */
static const char *surname_of(const dr_doc *d, uint32_t c, size_t *n) {
  const char *nm = d->chars[c].name;
  const char *sp = strrchr(nm, ' ');
  *n = sp && sp[1] ? strlen(sp + 1) : 0;
  return *n ? sp + 1 : nm;
}

/* Whether alias a is "Mr. S" / "Mrs. S" (hon without its period) for the
 * surname s[0, n). */
static bool hon_surname(const char *a, const char *hon, const char *s,
                        size_t n) {
  size_t h = strlen(hon);
  if (strncmp(a, hon, h) != 0)
    return false;
  a += h;
  if (*a == '.')
    a++;
  return *a == ' ' && strlen(a + 1) == n && memcmp(a + 1, s, n) == 0;
}

/* "said his wife", "her mother cried": the one character of gender g
 * (0 male, 1 female) called Mr./Mrs. <owner's surname>, other than the
 * owner -- the spouse, or for a parent the owner's father or mother (so
 * not when the owner is the Mr./Mrs. of the name: her mother is no
 * Mrs. Bennet when she is Mrs. Bennet).  NONE32 if there is not exactly
 * one. */
static uint32_t kin_of(const dr_doc *d, uint32_t owner, uint8_t kin, int g) {
  size_t n;
  const char *sn = surname_of(d, owner, &n);
  if (!n)
    return NONE32;
  const char *hon = g == 0 ? "Mr" : "Mrs";
  const dr_character *oc = &d->chars[owner];
  if (kin == K_PARENT)
    for (size_t k = 0; k < oc->n_aliases; k++)
      if (hon_surname(oc->aliases[k].text, hon, sn, n))
        return NONE32;
  uint32_t found = NONE32;
  for (uint32_t c = 0; c < d->n_chars; c++) {
    if (c == owner || gender_slot(d, c) != g)
      continue;
    const dr_character *ch = &d->chars[c];
    bool is = hon_surname(ch->name, hon, sn, n);
    for (size_t k = 0; k < ch->n_aliases && !is; k++)
      is = hon_surname(ch->aliases[k].text, hon, sn, n);
    if (!is)
      continue;
    if (found != NONE32)
      return NONE32;
    found = c;
  }
  return found;
}

/* A candidate speaker and its linear score. */
typedef struct {
  uint32_t c;
  float s;
} scored_t;

/* Whether the narrator of a first-person text is a party to the
 * conversation of a turn with history h: the scene's first turn, or the
 * narrator spoke in it (one to eight turns back, or the scene's last of
 * a gender) or speaks by an explicit cue in the next two turns.  Only
 * then is the narrator a candidate as such (F_NARR): a narrator who
 * watches Holmes question a witness is no likely speaker of the
 * witness's answers. */
static bool narrator_party(const ctx *x, const history *h) {
  uint32_t n = x->narrator;
  if (h->prev1 == NONE32 || n == h->prev1 || n == h->prev2 || n == h->prev3 ||
      n == h->next1 || n == h->next2 || n == h->lastg[0] || n == h->lastg[1])
    return true;
  for (int i = 0; i < 3; i++)
    if (n == h->recent[i])
      return true;
  return false;
}

/* Scores the candidates of turn t (at most MAX_CAND, in candidate order)
 * into out; returns how many.  gender 0/1 restricts them to male/female
 * (a pronoun cue), -1 takes any; exclude is never a candidate. */
static int rank_all(const ctx *x, const turn_t *t, const history *h,
                    int gender, uint32_t exclude, uint32_t role,
                    bool role_gen, scored_t *out) {
  const dr_doc *d = x->d;
  cands cs;
  cs.n = 0;
  cand_add(&cs, role, role_gen ? F_ROLEG : F_ROLE);
  int mode = gender >= 0 ? 1 : 0;
  if (gender == 0) {
    cand_add(&cs, t->local_m, F_LOCAL);
  } else if (gender == 1) {
    cand_add(&cs, t->local_f, F_LOCAL);
  } else {
    cand_add(&cs, t->local_m, F_LOCAL);
    cand_add(&cs, t->local_f, F_LOCAL);
  }
  cand_add(&cs, t->local_u, F_LOCAL);
  if (gender != 1)
    cand_add(&cs, t->last_m, F_LLAST);
  if (gender != 0)
    cand_add(&cs, t->last_f, F_LLAST);
  if (t->beat.how == S_NAME)
    cand_add(&cs, t->beat.who, F_BEAT);
  cand_add(&cs, h->prev2, F_PREV2);
  cand_add(&cs, h->prev1, F_PREV1);
  cand_add(&cs, h->voc, F_VOC);
  cand_add(&cs, h->voc2, F_VOC);
  cand_add(&cs, h->target, F_TARGET);
  if (gender >= 0) {
    cand_add(&cs, t->ssal[gender][0], F_SAL0);
    cand_add(&cs, t->ssal[gender][1], F_SAL1);
    /* The third name of the list too, as the second ("Tom, Dick, listen
     * to me," he said: Harry, named before either). */
    cand_add(&cs, t->ssal[gender][2], F_SAL1);
  } else {
    cand_add(&cs, t->sal_any, F_SAL0);
    for (int g = 0; g < 2; g++)
      for (int i = 0; i < 2 && t->sal_age[g] <= SAL_STALE; i++)
        cand_add(&cs, t->ssal[g][i], F_SAL1);
  }
  cand_add(&cs, h->next1, F_NEXT1);
  cand_add(&cs, h->next2, F_NEXT2);
  if (x->narrator != NONE32 && !x->narr_anon && narrator_party(x, h))
    cand_add(&cs, x->narrator, F_NARR);
  if (gender >= 0)
    cand_add(&cs, h->lastg[gender], F_LASTG);
  cand_add(&cs, h->nextvoc[0], F_NEXTVOC);
  cand_add(&cs, h->nextvoc[1], F_NEXTVOC);
  cand_add(&cs, t->prevnar, F_PREVNAR);
  cand_add(&cs, t->prevlast, F_PREVLAST);
  cand_add(&cs, h->prev3, F_PREV3);
  for (int i = 0; i < 3; i++)
    cand_add(&cs, h->recent[i], F_RECENT);
  /* An unmarked turn: one of the conversation called by name a few
   * turns back is a party to it (the previous turn's own vocatives have
   * F_VOC).  Under a pronoun cue it cost more than it gave. */
  for (int i = 0; i < 2 && gender < 0; i++)
    if (h->oldvoc[i] != h->voc && h->oldvoc[i] != h->voc2)
      cand_add(&cs, h->oldvoc[i], F_PREV3);
  /* So is one a cue names a few turns further on (h->later). */
  for (int i = 0; i < 2 && gender < 0; i++)
    cand_add(&cs, h->later[i], F_PREV3);
  for (int i = 0; i < cs.n; i++) {
    if (cs.c[i] == t->voc0 || cs.c[i] == t->voc1 ||
        (t->mute && cs.c[i] == t->prevnar))
      cs.f[i] |= 1u << F_SELF;
    /* "Mamma, ...": the one of the candidates who is another's mother
     * (the Mrs. of the family) is spoken to. */
    if (t->voc_kin >= 0) {
      uint32_t p = kin_of(d, cs.c[i], K_PARENT, t->voc_kin);
      for (int j = 0; p != NONE32 && j < cs.n; j++)
        if (cs.c[j] == p)
          cs.f[j] |= 1u << F_SELF;
    }
    if (cs.c[i] == t->named[0] || cs.c[i] == t->named[1])
      cs.f[i] |= 1u << F_NAMED;
    if (x->cue_n[cs.c[i]] == 0 && x->voc_n[cs.c[i]] == 0)
      cs.f[i] |= 1u << F_SILENT;
    if (cs.c[i] < MAJOR_N) /* characters are most mentioned first */
      cs.f[i] |= 1u << F_MAJOR;
    if (gender_slot(d, cs.c[i]) < 0)
      cs.f[i] |= 1u << F_NOGENDER;
    else if (gender_slot(d, cs.c[i]) == t->voc_g)
      cs.f[i] |= 1u << F_VOCG;
  }
  int n = 0;
  const float *wt = spk_row(mode);
  for (int i = 0; i < cs.n; i++) {
    uint32_t c = cs.c[i];
    if (c == exclude || (x->narr_anon && c == x->narrator))
      continue; /* "the narrator" speaks only its "I said" turns */
    if (gender >= 0) {
      int g = gender_slot(d, c);
      if (g >= 0 && g != gender)
        continue;
      if (g < 0)
        cs.f[i] |= 1u << F_GUNK;
    }
    /* History across narration: the far variant of the feature. */
    static const uint8_t near_far[][3] = {{F_PREV1, F_PREV1_FAR, 1},
                                          {F_PREV2, F_PREV2_FAR, 2},
                                          {F_LASTG, F_LASTG_FAR, 1},
                                          {F_VOC, F_VOC_FAR, 1},
                                          {F_TARGET, F_TARGET_FAR, 1}};
    for (size_t k = 0; k < sizeof near_far / sizeof *near_far; k++) {
      bool adj = near_far[k][2] == 1 ? h->adj1 : h->adj2;
      if (!adj && (cs.f[i] & (1u << near_far[k][0])))
        cs.f[i] ^= (1u << near_far[k][0]) | (1u << near_far[k][1]);
    }
    float s = 0;
    for (int f = 0; f < F_N; f++)
      if (cs.f[i] & (1u << f))
        s += wt[f];
#ifdef DRP_SPEAKERS_DUMP
    /* Training dump (train/speakers/train_ranker.py): the turn, its
     * mode, and each candidate's features (on the decided path only). */
    if (x->dump)
      fprintf(stderr, "cand\t%zu\t%d\t%u\t%u\n", d->quotes[t->q0].start,
              mode, c, cs.f[i]);
#endif
    out[n].c = c;
    out[n].s = s;
    n++;
  }
  return n;
}

/* The speaker_score of choosing candidate i of sc[0, n): its margin over
 * the best other, squashed without libm (0.5 at no margin, toward 1 as it
 * grows, toward 0 as it falls), within [0.05, 0.95]. */
static float rank_score(const scored_t *sc, int n, int i) {
  float other = -1e9f;
  for (int j = 0; j < n; j++)
    if (j != i && sc[j].s > other)
      other = sc[j].s;
  if (other < -1e8f)
    other = 0;
  float m = sc[i].s - other;
  float v = 0.5f + 0.5f * m / ((m < 0 ? -m : m) + 2.0f);
  return v < 0.05f ? 0.05f : v > 0.95f ? 0.95f : v;
}

/* The character a pronoun cue's target names. */
static uint32_t resolve_target(const ctx *x, const turn_t *t, const cue_t *cue,
                               const history *h, uint32_t speaker) {
  const dr_doc *d = x->d;
  if (cue->tgt_how == S_NAME)
    return cue->tgt;
  if (cue->tgt_how == S_PRON_I)
    return x->narrator;
  if (cue->tgt_how != S_PRON_M && cue->tgt_how != S_PRON_F)
    return NONE32;
  int g = cue->tgt_how == S_PRON_M ? 0 : 1;
  /* After narration the last name read is the better guess. */
  uint32_t order[4] = {h->prev1, h->voc, t->sal[g][0], t->sal[g][1]};
  if (!h->adj1) {
    order[0] = t->sal[g][0];
    order[2] = h->prev1;
  }
  for (int i = 0; i < 4; i++)
    if (order[i] != NONE32 && order[i] != speaker &&
        gender_slot(d, order[i]) == g)
      return order[i];
  return NONE32;
}

static bool turns_adjacent(const turn_t *a, const turn_t *b) {
  return a->last_para + 1 == b->para || a->last_para == b->para;
}
/* The same, for the history features: not across a long narration tail
 * (TAIL_FAR). */
static bool hist_adjacent(const turn_t *a, const turn_t *b) {
  return turns_adjacent(a, b) &&
         (a->last_para == b->para || a->tail < TAIL_FAR);
}

static bool same_scene(const turn_t *a, const turn_t *b) {
  return a->scene == b->scene && a->chapter == b->chapter;
}

static uint32_t explicit_of(const turn_t *t) {
  return t->cue.how == S_NAME ? t->cue.who : NONE32;
}

/* Turns remembered behind the current one on a decoding path. */
#define BACK 8
/* Turns read ahead for the parties a cue names (history.later).
 * Sixteenth session, in sample: 6 0.8159, 8 0.8166, 12 0.8160. */
#define LATER 8
/* Decoding paths kept per turn (beam search; 1 is greedy).  Measured on
 * the 20 PDNC novels, speaker accuracy in sample: 1 0.7667, 2 0.7744,
 * 4 0.7775, 8 0.7802, 16 0.7805, 32 0.7812; 8 costs 20% of the whole
 * pipeline's time over greedy, 16 nearly doubles it.  Fifteenth session,
 * with more candidates per turn: 4 0.8070, 8 0.8104, 16 0.8120 (held out
 * 0.8052 -> 0.8068), 32 0.8120; 16 costs the speaker stage half again
 * (138 -> 212 ms over the 20 novels, ./bench/run). */
#define BEAM 16
_Static_assert(BEAM >= 1 && BEAM < 255, "a path's parent index is a byte");

/* The ranking context of turn k on one decoding path: back[j] is the
 * speaker of turn k-1-j (j < BACK, NONE32 before the first turn),
 * prev_target the previous turn's resolved target, lastg the last male
 * and female speakers so far. */
static void make_history(const ctx *x, size_t k, const uint32_t *back,
                         uint32_t prev_target, const uint32_t *lastg,
                         history *hp) {
  const turn_t *t = &x->turns[k];
  history h;
  h.prev1 = h.prev2 = h.prev3 = h.voc = h.voc2 = h.target = NONE32;
  h.recent[0] = h.recent[1] = h.recent[2] = NONE32;
  for (size_t j = 4, r = 0; j <= BACK && j <= k && r < 3; j++) {
    const turn_t *o = &x->turns[k - j];
    if (!same_scene(o, t))
      break;
    uint32_t os = back[j - 1];
    if (os != NONE32 && os != h.recent[0] && os != h.recent[1])
      h.recent[r++] = os;
  }
  h.next1 = h.next2 = NONE32;
  h.nextvoc[0] = h.nextvoc[1] = NONE32;
  /* The first two called by name in the scene's turns k-2..k-BACK,
   * nearest first: parties to the conversation, whether or not a
   * decision has given them a turn yet ("Christopher Robin, look!" cried
   * Pooh; Piglet spoke between; the next unmarked turn may be
   * Christopher Robin's). */
  h.oldvoc[0] = h.oldvoc[1] = NONE32;
  h.later[0] = h.later[1] = NONE32;
  for (size_t j = 2, r = 0; j <= BACK && j <= k && r < 2; j++) {
    const turn_t *o = &x->turns[k - j];
    if (!same_scene(o, t))
      break;
    uint32_t v[2] = {o->voc0, o->voc1};
    for (int i = 0; i < 2 && r < 2; i++) {
      bool skip = v[i] == NONE32 || (r == 1 && h.oldvoc[0] == v[i]);
      if (!skip)
        h.oldvoc[r++] = v[i];
    }
  }
  h.lastg[0] = lastg[0];
  h.lastg[1] = lastg[1];
  if (k > 0 && !same_scene(&x->turns[k - 1], t))
    h.lastg[0] = h.lastg[1] = NONE32;
  h.adj1 = h.adj2 = false;
  if (k > 0 && same_scene(&x->turns[k - 1], t)) {
    const turn_t *p = &x->turns[k - 1];
    h.prev1 = back[0];
    h.adj1 = hist_adjacent(p, t);
    h.voc = p->voc0 != back[0] ? p->voc0 : p->voc1;
    h.voc2 = p->voc0 != back[0] ? p->voc1 : NONE32;
    /* "Yes, sir.": the scene's last other speaker of the gender the
     * previous turn's vocative word gives stands for the one it named. */
    for (size_t j = 1; h.voc == NONE32 && p->voc_g >= 0 && j < BACK && j < k;
         j++) {
      const turn_t *o = &x->turns[k - 1 - j];
      if (!same_scene(o, t))
        break;
      if (back[j] != NONE32 && back[j] != back[0] &&
          gender_slot(x->d, back[j]) == p->voc_g)
        h.voc = back[j];
    }
    h.target = prev_target;
    if (k > 1 && same_scene(&x->turns[k - 2], t)) {
      const turn_t *pp = &x->turns[k - 2];
      h.prev2 = back[1] != h.prev1 ? back[1] : NONE32;
      h.adj2 = h.adj1 && hist_adjacent(pp, p);
      if (k > 2 && same_scene(&x->turns[k - 3], t) && h.adj2 &&
          turns_adjacent(&x->turns[k - 3], pp)) {
        uint32_t s3 = back[2];
        if (s3 != h.prev1 && s3 != back[1])
          h.prev3 = s3;
      }
    }
  }
  if (k + 1 < x->n_turns && same_scene(t, &x->turns[k + 1]) &&
      turns_adjacent(t, &x->turns[k + 1])) {
    h.next1 = explicit_of(&x->turns[k + 1]);
    h.nextvoc[0] = x->turns[k + 1].voc0;
    h.nextvoc[1] = x->turns[k + 1].voc1;
    if (k + 2 < x->n_turns &&
        turns_adjacent(&x->turns[k + 1], &x->turns[k + 2])) {
      h.next2 = explicit_of(&x->turns[k + 2]);
      /* Parties to the conversation named by cues further on ("Out,"
       * said Tom, four turns later): a turn has no cue here because the
       * two who talk are plain to the reader. */
      for (size_t j = k + 3, r = 0;
           j < x->n_turns && j <= k + LATER && r < 2 &&
           same_scene(t, &x->turns[j]) &&
           turns_adjacent(&x->turns[j - 1], &x->turns[j]);
           j++) {
        uint32_t e = explicit_of(&x->turns[j]);
        if (e != NONE32 && e != h.next1 && e != h.next2 &&
            (r == 0 || e != h.later[0]))
          h.later[r++] = e;
      }
    }
  }
  *hp = h;
}

/* One way to decide a turn. */
typedef struct {
  uint32_t speaker, target;
  uint8_t kind;  /* dr_attribution_kind */
  bool beat_cue; /* the action beat becomes the turn's cue */
  float score;   /* speaker_score */
  float gain;    /* the ranker's score, added to the path's (0 for a rule) */
} option_t;

/* The options of turn k given its history: one when a rule decides
 * (explicit cue, narrator, kin noun), else every ranked candidate (or one
 * without speaker).  Returns how many (at least 1, at most MAX_CAND). */
static int turn_options(const ctx *x, size_t k, const history *hp,
                        option_t *o) {
  const turn_t *t = &x->turns[k];
  const history h = *hp;
  const cue_t *cue = &t->cue;
  scored_t sc[MAX_CAND];
  int n = -1; /* ranked candidates, or -1 when a rule decided */
  float mul = 1.0f;
  /* How a ranked choice is named. */
  enum {
    BY_TURN,  /* implicit (explicit when it is the beat's name) */
    BY_PRON,  /* anaphoric: a pronoun cue */
    BY_NOUN,  /* a nominal cue: explicit for its role, else anaphoric */
    BY_BEAT   /* anaphoric: a pronoun beat, which becomes the cue */
  } how = BY_TURN;
  uint32_t role = NONE32;
  memset(o, 0, sizeof *o);
  o[0].speaker = NONE32;
  o[0].kind = DR_ATTR_NONE;
  if (cue->how == S_NAME) {
    o[0].speaker = cue->who;
    o[0].kind = DR_ATTR_EXPLICIT;
    o[0].score = 0.95f;
  } else if (cue->how == S_PRON_I && x->narrator != NONE32) {
    o[0].speaker = x->narrator;
    o[0].kind = DR_ATTR_ANAPHORIC;
    o[0].score = 0.85f;
  } else if (cue->how == S_NOM && cue->poss != S_NAME) {
    /* "said his wife": someone of the noun's gender other than the
     * possessor (the previous speaker or the last name of its gender;
     * the narrator for "my"). */
    uint32_t owner = NONE32;
    if (cue->other) {
      owner = h.adj1 ? h.prev1 : NONE32;
    } else if (cue->poss == S_PRON_I) {
      owner = x->narrator;
    } else if (cue->poss == S_PRON_M || cue->poss == S_PRON_F) {
      int pg = cue->poss == S_PRON_M ? 0 : 1;
      owner = h.adj1 && h.prev1 != NONE32 && gender_slot(x->d, h.prev1) == pg
                  ? h.prev1
                  : t->sal[pg][0];
      /* "Mrs. Bounderby," said her husband: the one the quote calls
       * is the possessor. */
      if (cue->kin && t->voc0 != NONE32 && gender_slot(x->d, t->voc0) == pg)
        owner = t->voc0;
    }
    role = cue->role1 ? cue->role_c : NONE32;
    /* Decided without ranking: the spouse or parent named by a kin
     * noun, or "the other" of two. */
    uint32_t direct = cue->kin && owner != NONE32 && cue->nom_g >= 0
                          ? kin_of(x->d, owner, cue->kin, cue->nom_g)
                          : NONE32;
    if (cue->kin && direct == NONE32 && cue->nom_g >= 0 &&
        (cue->poss == S_PRON_M || cue->poss == S_PRON_F)) {
      /* "Lizzy." -- "...," said her mother: of the others who may be
       * "her" (the one the last turn called, the two last names of her
       * gender), the first whose mother the cast has. */
      int pg = cue->poss == S_PRON_M ? 0 : 1;
      uint32_t alt[3] = {h.voc, t->sal[pg][0], t->sal[pg][1]};
      for (int i = 0; i < 3 && direct == NONE32; i++)
        if (alt[i] != NONE32 && alt[i] != owner &&
            gender_slot(x->d, alt[i]) == pg &&
            (direct = kin_of(x->d, alt[i], cue->kin, cue->nom_g)) != NONE32)
          owner = alt[i];
    }
    if (cue->other && owner != NONE32) {
      /* The other of the two: whom the last speaker named or spoke
       * to, else who spoke before the last. */
      uint32_t oo[3] = {h.voc, h.target, h.prev2};
      for (int i = 0; i < 3 && direct == NONE32; i++)
        if (oo[i] != NONE32 && oo[i] != owner &&
            (cue->nom_g < 0 || gender_slot(x->d, oo[i]) == cue->nom_g))
          direct = oo[i];
    }
    if (direct != NONE32) {
      o[0].speaker = direct;
      o[0].kind = DR_ATTR_ANAPHORIC;
      o[0].score = 0.85f;
    } else {
      n = rank_all(x, t, hp, cue->nom_g, owner, role, cue->role_gen, sc);
      mul = 0.9f;
      how = BY_NOUN;
    }
  } else if (cue->how == S_NOM) {
    /* "said a tall man": someone new, not in the cast. */
  } else if (cue->how == S_PRON_M || cue->how == S_PRON_F) {
    n = rank_all(x, t, hp, cue_gender(x->d, cue), NONE32, NONE32, false, sc);
    how = BY_PRON;
  } else if (t->beat.how == S_PRON_I && x->narrator != NONE32) {
    o[0].speaker = x->narrator;
    o[0].kind = DR_ATTR_ANAPHORIC;
    o[0].score = 0.7f;
  } else if (t->beat.how == S_PRON_M || t->beat.how == S_PRON_F) {
    n = rank_all(x, t, hp, cue_gender(x->d, &t->beat), NONE32, NONE32, false,
                 sc);
    mul = 0.9f;
    how = BY_BEAT;
  } else {
    n = rank_all(x, t, hp, -1, NONE32, NONE32, false, sc);
  }
  if (n <= 0) {
    o[0].target = resolve_target(x, t, cue, hp, o[0].speaker);
    return 1;
  }
  for (int i = 0; i < n; i++) {
    option_t *a = &o[i];
    a->speaker = sc[i].c;
    a->gain = sc[i].s;
    a->score = rank_score(sc, n, i) * mul;
    a->beat_cue = false;
    if (how == BY_PRON) {
      a->kind = DR_ATTR_ANAPHORIC;
    } else if (how == BY_NOUN) {
      a->kind = a->speaker == role ? DR_ATTR_EXPLICIT : DR_ATTR_ANAPHORIC;
    } else if (how == BY_BEAT) {
      a->kind = DR_ATTR_ANAPHORIC;
      a->beat_cue = true;
    } else if (t->beat.how == S_NAME && a->speaker == t->beat.who) {
      a->kind = DR_ATTR_EXPLICIT;
      a->beat_cue = true;
    } else {
      a->kind = DR_ATTR_IMPLICIT;
    }
    a->target =
        resolve_target(x, t, a->beat_cue ? &t->beat : cue, hp, a->speaker);
  }
  return n;
}

/* A decoding path's step at turn k: the option chosen (as much of it as
 * the turn keeps) and the index of the path it extends at turn k-1. */
typedef struct {
  uint32_t speaker, target;
  float score;
  uint8_t parent; /* NO_PARENT at the first turn */
  uint8_t kind;
  bool beat_cue;
} step_t;

#define NO_PARENT 0xffu

/* What a path carries forward from its last step: its total gain, the
 * speakers of the two turns before it (the merge key) and the last male
 * and female speakers. */
typedef struct {
  double total;
  uint32_t s1, s2;
  uint32_t lastg[2];
} live_t;

/* The path of row[0, n) with the highest total (the first of equals). */
static uint32_t best_path(const live_t *row, int n) {
  uint32_t b = 0;
  for (int i = 1; i < n; i++)
    if (row[i].total > row[b].total)
      b = (uint32_t)i;
  return b;
}

/* The speakers behind path b of turn k-1 (back[j]: turn k-1-j) and the
 * previous turn's target; lat holds BEAM steps per turn. */
static void path_back(const step_t *lat, size_t k, uint32_t b, uint32_t *back,
                      uint32_t *prev_target) {
  for (int j = 0; j < BACK; j++)
    back[j] = NONE32;
  *prev_target = NONE32;
  if (k == 0 || b == NONE32)
    return;
  const step_t *st = &lat[(k - 1) * BEAM + b];
  *prev_target = st->target;
  for (size_t j = 0; j < BACK && j < k; j++) {
    back[j] = st->speaker;
    if (st->parent == NO_PARENT)
      break;
    st = &lat[(k - 2 - j) * BEAM + st->parent];
  }
}

/* Phase 3: every turn's speaker, by beam search over the turns in order:
 * each path's history (previous speakers, their targets) feeds the
 * ranking of the next turn, and the paths with the highest summed ranker
 * score survive (of paths that agree on their last three speakers, the
 * best).  A scene or chapter break resets the history, so only the best
 * path crosses it. */
static dr_status decide_turns(ctx *x) {
  size_t nt = x->n_turns;
  if (nt == 0)
    return DR_OK;
  step_t *lat = drp_alloc(x->d, nt * BEAM * sizeof *lat);
  if (!lat)
    return DR_ENOMEM;
  option_t opt[MAX_CAND];
  uint32_t back[BACK], ptgt;
  live_t rows[2][BEAM];
  int np = 1, ncur = 0; /* paths kept at the previous and this turn */
  for (size_t k = 0; k < nt; k++, np = ncur) {
    step_t *row = &lat[k * BEAM];
    live_t *cur = rows[k & 1], *prev = rows[(k & 1) ^ 1];
    ncur = 0;
    uint32_t only = NONE32;
    if (k > 0 && !same_scene(&x->turns[k - 1], &x->turns[k]))
      only = best_path(prev, np); /* the best path alone crosses a break */
    for (int p = 0; p < np; p++) {
      uint32_t par = k == 0 ? NONE32 : (uint32_t)p;
      if (only != NONE32 && par != only)
        continue;
      static const uint32_t no_lastg[2] = {NONE32, NONE32};
      double base = par == NONE32 ? 0 : prev[par].total;
      path_back(lat, k, par, back, &ptgt);
      history h;
      make_history(x, k, back, ptgt, par == NONE32 ? no_lastg : prev[par].lastg,
                   &h);
      int no = turn_options(x, k, &h, opt);
      for (int i = 0; i < no; i++) {
        const option_t *o = &opt[i];
        live_t c;
        c.total = base + o->gain;
        c.s1 = back[0];
        c.s2 = back[1];
        c.lastg[0] = h.lastg[0];
        c.lastg[1] = h.lastg[1];
        int g = o->speaker != NONE32 ? gender_slot(x->d, o->speaker) : -1;
        if (g >= 0)
          c.lastg[g] = o->speaker;
        /* A path agreeing on the last three speakers is the same state. */
        int at = -1;
        for (int b = 0; b < ncur && at < 0; b++)
          if (row[b].speaker == o->speaker && cur[b].s1 == c.s1 &&
              cur[b].s2 == c.s2)
            at = b;
        if (at >= 0) {
          if (!(c.total > cur[at].total))
            continue;
        } else if (ncur < BEAM) {
          at = ncur++;
        } else {
          int worst = 0;
          for (int b = 1; b < BEAM; b++)
            if (cur[b].total < cur[worst].total)
              worst = b;
          if (!(c.total > cur[worst].total))
            continue;
          at = worst;
        }
        cur[at] = c;
        row[at].speaker = o->speaker;
        row[at].target = o->target;
        row[at].score = o->score;
        row[at].parent = par == NONE32 ? NO_PARENT : (uint8_t)par;
        row[at].kind = o->kind;
        row[at].beat_cue = o->beat_cue;
      }
    }
  }
  /* The best path, back to front. */
  uint32_t b = best_path(rows[(nt - 1) & 1], ncur);
  for (size_t k = nt; k-- > 0;) {
    const step_t *st = &lat[k * BEAM + b];
    turn_t *t = &x->turns[k];
    t->speaker = st->speaker;
    t->target = st->target;
    t->kind = st->kind;
    t->score = st->score;
    if (st->beat_cue)
      t->cue = t->beat;
    b = st->parent;
  }
#ifdef DRP_SPEAKERS_DUMP
  /* The training dump: each turn's candidates on the decided path. */
  x->dump = true;
  for (size_t k = 0; k < nt; k++) {
    for (int j = 0; j < BACK; j++)
      back[j] = (size_t)j < k ? x->turns[k - 1 - j].speaker : NONE32;
    uint32_t lg[2] = {NONE32, NONE32};
    for (size_t j = k; j-- > 0 && (lg[0] == NONE32 || lg[1] == NONE32);) {
      if (!same_scene(&x->turns[j], &x->turns[k]))
        break;
      int g = x->turns[j].speaker != NONE32
                  ? gender_slot(x->d, x->turns[j].speaker)
                  : -1;
      if (g >= 0 && lg[g] == NONE32)
        lg[g] = x->turns[j].speaker;
    }
    history h;
    make_history(x, k, back, k ? x->turns[k - 1].target : NONE32, lg, &h);
    turn_options(x, k, &h, opt);
  }
  x->dump = false;
#endif
  drp_free(x->d, lat);
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* Phase 5: the narrator                                                     */
/* ------------------------------------------------------------------------ */

/* The cue of quote q of turn t, for q in [t->q0, t->q1]: the quote's own
 * (x->qcue), and at q == t->q1 the turn's first cue (t->cue). */
static cue_t *turn_cue(ctx *x, turn_t *t, size_t q) {
  return q < t->q1 ? &x->qcue[q] : &t->cue;
}

/* Whether the narration of quote paragraphs is in the first person. */
static bool first_person(const ctx *x) {
  return x->first >= 3 && x->first * 10 >= (x->first + x->third) * 3;
}

static void find_narrator(ctx *x) {
  x->narrator = NONE32;
  if (!first_person(x))
    return;
  double best = 0;
  for (size_t c = 0; c < x->d->n_chars; c++) {
    if (x->voc_n[c] < 2 || x->voc_n[c] <= x->nar_n[c])
      continue;
    double s = (double)x->voc_n[c] / (double)(x->nar_n[c] + 1);
    if (s > best) {
      best = s;
      x->narrator = (uint32_t)c;
    }
  }
}

/* A narrator the text never names: when no character is the narrator
 * but ANON_NARR_MIN cues or beats or more say "I said" ("'What about a
 * story?' I said." in Winnie-the-Pooh's frame), a character "the
 * narrator" speaks those turns (and no others: it is no candidate of
 * the ranker's), in a story told in the third person with a narrator of
 * its own in a frame.  Kept only if it speaks (keep_roles). */
static bool grow_char_counts(ctx *x, size_t n_old);

static dr_status anon_narrator(ctx *x) {
  dr_doc *d = x->d;
  x->narr_anon = false;
  /* A first-person story whose narrator no vocative names keeps its "I
   * said" cues for the ranker: the narrator is a character there, often
   * named (Pip), and "the narrator" would hide the name. */
  if (x->narrator != NONE32 || first_person(x))
    return DR_OK;
  size_t n = 0;
  uint32_t first = UINT32_MAX;
  for (size_t k = 0; k < x->n_turns; k++) {
    turn_t *t = &x->turns[k];
    for (size_t q = t->q0; q <= t->q1; q++) {
      const cue_t *c = turn_cue(x, t, q);
      if (c->how == S_PRON_I) {
        n++;
        if (c->cs < first)
          first = c->cs;
      }
    }
    if (t->beat.how == S_PRON_I) {
      n++;
      if (t->beat.cs < first)
        first = t->beat.cs;
    }
  }
  if (n < ANON_NARR_MIN)
    return DR_OK;
  size_t n_old = d->n_chars;
  dr_character *nc = DRP_PUSH(d, d->chars, d->n_chars, d->cap_chars);
  if (!nc)
    return DR_ENOMEM;
  memset(nc, 0, sizeof *nc);
  nc->name = drp_strndup(d, "the narrator", 12);
  if (!nc->name)
    return DR_ENOMEM;
  nc->gender = DR_GENDER_UNKNOWN;
  nc->first = first;
  if (!grow_char_counts(x, n_old))
    return DR_ENOMEM;
  x->narrator = (uint32_t)(d->n_chars - 1);
  x->narr_anon = true;
  x->cue_n[x->narrator] = (uint32_t)n; /* not F_SILENT */
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* Phase 4: attributions and addressees                                      */
/* ------------------------------------------------------------------------ */

static void addr_add(uint32_t *a, int *n, uint32_t c, uint32_t speaker) {
  if (c == NONE32 || c == speaker || *n == MAX_ADDR)
    return;
  for (int i = 0; i < *n; i++)
    if (a[i] == c)
      return;
  a[(*n)++] = c;
}

/* The addressees of turn k into a (at most MAX_ADDR). */
static int turn_addressees(const ctx *x, size_t k, uint32_t *a) {
  const turn_t *t = &x->turns[k];
  int n = 0;
  if (t->speaker == NONE32)
    return 0;
  addr_add(a, &n, t->voc0, t->speaker);
  addr_add(a, &n, t->voc1, t->speaker);
  addr_add(a, &n, t->target, t->speaker);
  const turn_t *p = k > 0 ? &x->turns[k - 1] : NULL;
  const turn_t *nx = k + 1 < x->n_turns ? &x->turns[k + 1] : NULL;
  bool padj = p && same_scene(p, t) && turns_adjacent(p, t);
  bool nadj = nx && same_scene(t, nx) && turns_adjacent(t, nx);
  if (nadj && nx->speaker != t->speaker)
    addr_add(a, &n, nx->speaker, t->speaker);
  if (padj && p->speaker != t->speaker)
    addr_add(a, &n, p->speaker, t->speaker);
  if (n == 0 && nx && same_scene(t, nx) && nx->para <= t->last_para + 4)
    addr_add(a, &n, nx->speaker, t->speaker);
  if (n == 0 && p && same_scene(p, t))
    addr_add(a, &n, p->speaker, t->speaker);
  return n;
}

static dr_status fill_attrs(ctx *x) {
  dr_doc *d = x->d;
  size_t nq = d->n_quotes;
  if (!drp_reserve(d, (void **)&d->attrs, &d->cap_attrs, nq ? nq : 1,
                   sizeof *d->attrs))
    return DR_ENOMEM;
  memset(d->attrs, 0, (nq ? nq : 1) * sizeof *d->attrs);
  for (size_t i = 0; i < nq; i++) {
    d->attrs[i].speaker = DR_NONE;
    d->attrs[i].kind = DR_ATTR_NONE;
  }
  d->n_attrs = nq;
  /* Speakers, and the size of the addressee pool. */
  size_t pool = 0;
  uint32_t a[MAX_ADDR];
  for (size_t k = 0; k < x->n_turns; k++) {
    const turn_t *t = &x->turns[k];
    int na = turn_addressees(x, k, a);
    for (size_t q = t->q0; q < t->q1; q++) {
      const dr_quote *qq = &d->quotes[q];
      if (!is_top(qq))
        continue;
      dr_attribution *at = &d->attrs[q];
      const cue_t *own = &x->qcue[q];
      if (own->how == S_NAME && own->who != t->speaker) {
        at->speaker = own->who;
        at->kind = DR_ATTR_EXPLICIT;
        at->speaker_score = 0.9;
        at->cue_start = own->cs;
        at->cue_end = own->ce;
      } else if (t->speaker != NONE32) {
        at->speaker = t->speaker;
        at->kind = (dr_attribution_kind)t->kind;
        at->speaker_score = t->score;
        const cue_t *c =
            own->how != S_NONE && t->kind != DR_ATTR_IMPLICIT ? own : &t->cue;
        if (t->kind != DR_ATTR_IMPLICIT && c->how != S_NONE) {
          at->cue_start = c->cs;
          at->cue_end = c->ce;
        }
      }
      if (at->speaker != DR_NONE)
        pool += (size_t)na;
    }
  }
  /* The pool, filled completely before any pointer is taken. */
  if (pool && !drp_reserve(d, (void **)&d->addressees, &d->cap_addressees, pool,
                           sizeof *d->addressees))
    return DR_ENOMEM;
  d->n_addressees = 0;
  for (size_t k = 0; k < x->n_turns; k++) {
    const turn_t *t = &x->turns[k];
    int na = turn_addressees(x, k, a);
    for (size_t q = t->q0; q < t->q1; q++) {
      dr_attribution *at = &d->attrs[q];
      if (!is_top(&d->quotes[q]) || at->speaker == DR_NONE)
        continue;
      at->n_addressees = 0;
      for (int i = 0; i < na; i++)
        if (a[i] != at->speaker) {
          d->addressees[d->n_addressees++] = a[i];
          at->n_addressees++;
        }
    }
  }
  /* The pool was filled in quote order: point into it. */
  for (size_t q = 0, off = 0; q < nq; q++) {
    dr_attribution *at = &d->attrs[q];
    at->addressees = at->n_addressees ? d->addressees + off : NULL;
    off += at->n_addressees;
  }
  /* Counts on the characters. */
  for (size_t c = 0; c < d->n_chars; c++)
    d->chars[c].quotes_spoken = d->chars[c].quotes_addressed = 0;
  for (size_t q = 0; q < nq; q++) {
    const dr_attribution *at = &d->attrs[q];
    if (at->speaker == DR_NONE)
      continue;
    d->chars[at->speaker].quotes_spoken++;
    for (size_t i = 0; i < at->n_addressees; i++)
      d->chars[at->addressees[i]].quotes_addressed++;
  }
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* Phase 6: interactions                                                     */
/* ------------------------------------------------------------------------ */

typedef struct {
  uint64_t *key; /* (a << 32 | b) + 1; 0 = empty */
  uint32_t *val; /* index into d->inter */
  size_t cap, n;
} pair_table;

static dr_interaction *pair_get(dr_doc *d, pair_table *pt, uint32_t a,
                                uint32_t b) {
  if (a > b) {
    uint32_t t = a;
    a = b;
    b = t;
  }
  if ((pt->n + 1) * 2 > pt->cap) {
    size_t cap = pt->cap ? pt->cap * 2 : 256;
    uint64_t *k = drp_alloc(d, cap * sizeof *k);
    uint32_t *v = drp_alloc(d, cap * sizeof *v);
    if (!k || !v) {
      drp_free(d, k);
      drp_free(d, v);
      return NULL;
    }
    memset(k, 0, cap * sizeof *k);
    for (size_t i = 0; i < pt->cap; i++) {
      if (!pt->key[i])
        continue;
      size_t j = (size_t)(pt->key[i] * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1);
      while (k[j])
        j = (j + 1) & (cap - 1);
      k[j] = pt->key[i];
      v[j] = pt->val[i];
    }
    drp_free(d, pt->key);
    drp_free(d, pt->val);
    pt->key = k;
    pt->val = v;
    pt->cap = cap;
  }
  uint64_t key = ((uint64_t)a << 32 | b) + 1;
  size_t j = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & (pt->cap - 1);
  while (pt->key[j] && pt->key[j] != key)
    j = (j + 1) & (pt->cap - 1);
  if (pt->key[j])
    return &d->inter[pt->val[j]];
  dr_interaction *x = DRP_PUSH(d, d->inter, d->n_inter, d->cap_inter);
  if (!x)
    return NULL;
  x->a = a;
  x->b = b;
  pt->key[j] = key;
  pt->val[j] = (uint32_t)(d->n_inter - 1);
  pt->n++;
  return x;
}

static int cmp_inter(const void *pa, const void *pb) {
  const dr_interaction *a = pa, *b = pb;
  if (a->a != b->a)
    return a->a < b->a ? -1 : 1;
  if (a->b != b->b)
    return a->b < b->b ? -1 : 1;
  return 0;
}

/* Adds co-occurrences for a scene's cast. */
static bool flush_cast(dr_doc *d, pair_table *pt, const uint32_t *cast,
                       size_t n) {
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++) {
      dr_interaction *x = pair_get(d, pt, cast[i], cast[j]);
      if (!x)
        return false;
      x->co_occurrences++;
    }
  return true;
}

/* The first mention from m on that is not before story paragraph pa:
 * names.c also finds names in chapter headings, which are no turn's or
 * scene's narration. */
static size_t skip_mentions(const dr_doc *d, size_t m,
                            const dr_paragraph *pa) {
  while (m < d->n_mentions && d->mentions[m].start < pa->start)
    m++;
  return m;
}

static dr_status interactions(ctx *x) {
  dr_doc *d = x->d;
  pair_table pt;
  memset(&pt, 0, sizeof pt);
  dr_status st = DR_OK;
  d->n_inter = 0;
  /* Quotes spoken to each addressee. */
  for (size_t q = 0; q < d->n_quotes && st == DR_OK; q++) {
    const dr_attribution *at = &d->attrs[q];
    for (size_t i = 0; i < at->n_addressees; i++) {
      dr_interaction *it =
          pair_get(d, &pt, (uint32_t)at->speaker, (uint32_t)at->addressees[i]);
      if (!it) {
        st = DR_ENOMEM;
        break;
      }
      it->quotes++;
    }
  }
  /* Scenes: who is mentioned or speaks. voc_n is reused as the stamp of
   * the last scene each character was seen in (scene index + 1). */
  uint32_t cast[SCENE_CAST];
  size_t n_cast = 0;
  size_t cur = SIZE_MAX;
  uint32_t *stamp = x->voc_n;
  memset(stamp, 0, d->n_chars * sizeof *stamp);
  size_t m = 0, q = 0;
  for (size_t p = 0; p < d->n_paras && st == DR_OK; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (pa->kind != DR_PARA_TEXT)
      continue;
    if (pa->scene != cur) {
      if (!flush_cast(d, &pt, cast, n_cast))
        st = DR_ENOMEM;
      n_cast = 0;
      cur = pa->scene;
    }
    uint32_t tag = (uint32_t)(cur + 1);
    m = skip_mentions(d, m, pa); /* a heading's are no scene's */
    for (; m < d->n_mentions && d->mentions[m].start < pa->end; m++) {
      uint32_t c = (uint32_t)d->mentions[m].character;
      if (stamp[c] != tag && n_cast < SCENE_CAST) {
        stamp[c] = tag;
        cast[n_cast++] = c;
      }
    }
    for (; q < d->n_quotes && d->quotes[q].paragraph <= p; q++) {
      uint32_t c = (uint32_t)d->attrs[q].speaker;
      if (d->attrs[q].speaker != DR_NONE && stamp[c] != tag &&
          n_cast < SCENE_CAST) {
        stamp[c] = tag;
        cast[n_cast++] = c;
      }
    }
  }
  if (st == DR_OK && !flush_cast(d, &pt, cast, n_cast))
    st = DR_ENOMEM;
  drp_free(d, pt.key);
  drp_free(d, pt.val);
  if (st != DR_OK)
    return st;
  for (size_t i = 0; i < d->n_inter; i++)
    d->inter[i].weight =
        (double)d->inter[i].quotes + (double)d->inter[i].co_occurrences;
  if (d->n_inter > 1)
    qsort(d->inter, d->n_inter, sizeof *d->inter, cmp_inter);
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* The stage                                                                 */
/* ------------------------------------------------------------------------ */

/* Whether the narration paragraph pa, from byte `from` (the end of the
 * name opening it), answers with silence: "Rosa said nothing.", "Darcy
 * made no answer.", "Fanny was silent."  The one so named listened; the
 * next quote is not theirs.  (A gesture -- "Piglet nodded.", "Darcy
 * bowed.", "Eeyore shook his head." -- as often comes before the
 * nodder's own words: measured and left out.) */
static bool mute_answer(const ctx *x, const dr_paragraph *pa, uint32_t from) {
  const dr_doc *d = x->d;
  size_t k = pa->first_token, kend = k + pa->n_tokens;
  while (k < kend && d->toks[k].start < from)
    k++;
  /* At most two adverbs first ("still said nothing"). */
  for (int i = 0; i < 2 && k < kend && is_adverb(d, &d->toks[k]); i++)
    k++;
  if (k + 1 >= kend)
    return false;
  const drp_tok *a = &d->toks[k], *b = &d->toks[k + 1];
  return (tok_is(d, a, "said") && tok_is(d, b, "nothing")) ||
         (tok_is(d, a, "answered") && tok_is(d, b, "nothing")) ||
         (tok_is(d, a, "made") && tok_is(d, b, "no")) ||
         (tok_is(d, a, "was") && tok_is(d, b, "silent")) ||
         (tok_is(d, a, "remained") && tok_is(d, b, "silent"));
}

static dr_status sweep(ctx *x) {
  dr_doc *d = x->d;
  size_t q = 0, m = 0;
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (pa->kind != DR_PARA_TEXT)
      continue;
    m = skip_mentions(d, m, pa);
    size_t qa = q, ma = m;
    while (q < d->n_quotes && d->quotes[q].paragraph == p)
      q++;
    while (m < d->n_mentions && d->mentions[m].start < pa->end)
      m++;
    x->sal_para = p;
    if (q > qa) {
      dr_status st = quote_para(x, p, qa, q, ma, m);
      if (st != DR_OK)
        return st;
      continue;
    }
    if (m > ma && d->mentions[ma].start == pa->start) {
      x->nar_subj = (uint32_t)d->mentions[ma].character;
      x->nar_subj_para = p;
      x->nar_mute = mute_answer(x, pa, d->mentions[ma].end);
    }
    size_t k = pa->first_token, kend = pa->first_token + pa->n_tokens;
    for (size_t i = ma; i < m; i++) {
      for (; k < kend && d->toks[k].start < d->mentions[i].start; k++)
        nar_token(x, &d->toks[k]);
      uint32_t c = (uint32_t)d->mentions[i].character;
      x->nar_n[c]++;
      sal_push(x, c,
               clause_subject(d, pa->first_token, k, kend, d->mentions[i].end));
      x->nar_last = c;
      x->nar_last_para = p;
    }
    for (; k < kend; k++)
      nar_token(x, &d->toks[k]);
  }
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* Phase 2b: role characters                                                 */
/* ------------------------------------------------------------------------ */

/* At most this many role characters per document (the rest stay cues of
 * unknown speakers). */
#define ROLE_MAX 256
#define ROLE_PRON_WINDOW 20 /* tokens role_pron_gender reads */

/* Whether alias text a is "the X" or "X" for the role noun X (any case). */
static bool alias_is_role(const char *a, const char *w, size_t n) {
  size_t an = strlen(a);
  if (an == n + 4 && drp_fold_eq(a, 4, "the ", 4))
    a += 4, an -= 4;
  return drp_fold_eq(a, an, w, n);
}

/* Grows a per-character counter array to n entries, zeroing the new ones. */
static bool grow_counts(dr_doc *d, uint32_t **a, size_t old, size_t n) {
  uint32_t *p = drp_realloc(d, *a, n * sizeof *p);
  if (!p)
    return false;
  memset(p + old, 0, (n - old) * sizeof *p);
  *a = p;
  return true;
}

/* Grows the per-character counts (vocatives, cues, narration mentions)
 * from n_old characters to the document's, new ones zero. */
static bool grow_char_counts(ctx *x, size_t n_old) {
  dr_doc *d = x->d;
  size_t old = n_old ? n_old : 1;
  return grow_counts(d, &x->voc_n, old, d->n_chars) &&
         grow_counts(d, &x->cue_n, old, d->n_chars) &&
         grow_counts(d, &x->nar_n, old, d->n_chars);
}

/* The gender a pronoun gives the role noun at token k in the rest of its
 * clause ("said the lawyer with an air of piety, for he had not had";
 * "proclaimed the croupier as once more he invited"): 0 for he/his/
 * himself, 1 for she/herself, -1 when a quote, the sentence's end or a
 * capitalised word (a name the pronoun may be) comes first. */
static int role_pron_gender(const dr_doc *d, size_t k) {
  static const char *const m[] = {"he", "his", "himself"};
  static const char *const f[] = {"she", "herself"};
  for (size_t j = k + 1; j < d->n_toks && j <= k + ROLE_PRON_WINDOW; j++) {
    const drp_tok *t = &d->toks[j];
    int kind = drp_tok_kind(t);
    if (kind == DR_TOK_QUOTE)
      return -1;
    if (kind == DR_TOK_PUNCT) {
      char ch = d->text[t->start];
      if (ch == '.' || ch == '!' || ch == '?' || ch == ';')
        return -1;
      continue;
    }
    if (kind != DR_TOK_WORD)
      continue;
    if (drp_tok_flags(t) & (DR_TF_CAP | DR_TF_PARA_START))
      return -1;
    if (TOK_IN(d, t, m))
      return 0;
    if (TOK_IN(d, t, f))
      return 1;
  }
  return -1;
}

static int cmp_mention(const void *pa, const void *pb) {
  const dr_mention *a = pa, *b = pb;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return (a->end > b->end) - (a->end < b->end);
}

/* Role characters for cues "said the croupier": one per role noun of the
 * document, a candidate the ranker weighs against the named characters
 * (F_ROLE), since "replied the clergyman" is as often Mr. Beebe as a
 * clergyman with no name.  A character already named "the X" (a known
 * cast's "The Croupier", a title-name's "the Vicar") is the cue's speaker
 * outright.  Roles never chosen are dropped again by keep_roles. */
static dr_status make_roles(ctx *x) {
  dr_doc *d = x->d;
  uint32_t role_tok[ROLE_MAX], role_ch[ROLE_MAX], role_n[ROLE_MAX];
  uint32_t role_g[ROLE_MAX][2]; /* pronouns after the role's cues: M, F */
  size_t n_roles = 0, n_old = d->n_chars;
  for (size_t k = 0; k < x->n_turns; k++) {
    turn_t *t = &x->turns[k];
    for (size_t q = t->q0; q <= t->q1; q++) {
      cue_t *c = turn_cue(x, t, q);
      if (c->how != S_NOM || !c->role1)
        continue;
      const drp_tok *nt = &d->toks[c->role1 - 1];
      const char *w = d->text + nt->start;
      size_t r = 0;
      for (; r < n_roles; r++) {
        const drp_tok *o = &d->toks[role_tok[r]];
        if (o->len == nt->len && memcmp(d->text + o->start, w, nt->len) == 0)
          break;
      }
      if (r == n_roles) {
        if (n_roles == ROLE_MAX) {
          c->role1 = 0;
          continue;
        }
        role_tok[r] = c->role1 - 1;
        role_ch[r] = NONE32;
        role_n[r] = 0;
        role_g[r][0] = role_g[r][1] = 0;
        for (size_t ch = 0; ch < n_old && role_ch[r] == NONE32; ch++)
          for (size_t a = 0; a < d->chars[ch].n_aliases; a++)
            if (alias_is_role(d->chars[ch].aliases[a].text, w, nt->len)) {
              role_ch[r] = (uint32_t)ch;
              break;
            }
        /* "said the inspector" of the one Inspector Lestrade: an office,
         * not a form of address ("said the lady" is no Lady Mellanby). */
        static const char *const offices[] = {
            "doctor",  "captain", "colonel",  "inspector", "professor",
            "admiral", "general", "major",    "lieutenant", "sergeant",
            "judge",   "nurse",   "president", "reverend"};
        if (role_ch[r] == NONE32)
          for (size_t o = 0; o < sizeof offices / sizeof *offices; o++)
            if (drp_fold_eq(offices[o], strlen(offices[o]), w, nt->len))
              role_ch[r] = title_holder(d, w, nt->len, n_old);
        if (role_ch[r] == NONE32) {
          /* A new character: no aliases until keep_roles. */
          dr_character *nc = DRP_PUSH(d, d->chars, d->n_chars, d->cap_chars);
          if (!nc)
            return DR_ENOMEM;
          char buf[4 + 64];
          size_t len = nt->len < 64 ? nt->len : 64;
          memcpy(buf, "the ", 4);
          memcpy(buf + 4, w, len);
          memset(nc, 0, sizeof *nc);
          nc->name = drp_strndup(d, buf, 4 + len);
          if (!nc->name)
            return DR_ENOMEM;
          uint8_t info = tok_info(x, nt);
          nc->gender = info & N_MALE     ? DR_GENDER_MALE
                       : info & N_FEMALE ? DR_GENDER_FEMALE
                                         : DR_GENDER_UNKNOWN;
          nc->gender_score = nc->gender == DR_GENDER_UNKNOWN ? 0.0 : 0.7;
          nc->first = nt->start;
          role_ch[r] = (uint32_t)(d->n_chars - 1);
        }
        n_roles++;
      }
      if (role_ch[r] < n_old) {
        c->how = S_NAME; /* "said the Vicar" of a known Vicar */
        c->who = role_ch[r];
        c->role1 = 0;
        if (q < t->q1)
          x->cue_n[c->who]++;
      } else {
        c->role_c = role_ch[r];
        role_n[r] += q < t->q1;
        int g = role_pron_gender(d, c->role1 - 1);
        if (g >= 0)
          role_g[r][g]++;
      }
    }
  }
  /* A role noun of no known gender ("the croupier") takes the one its
   * cues' pronouns give, when they agree two to one; so do its cues. */
  for (size_t r = 0; r < n_roles; r++) {
    if (role_ch[r] < n_old)
      continue;
    dr_character *rc = &d->chars[role_ch[r]];
    uint32_t gm = role_g[r][0], gf = role_g[r][1];
    if (rc->gender != DR_GENDER_UNKNOWN || gm + gf == 0 ||
        (gm <= 2 * gf && gf <= 2 * gm))
      continue;
    rc->gender = gm > gf ? DR_GENDER_MALE : DR_GENDER_FEMALE;
    rc->gender_score = 0.6;
  }
  for (size_t k = 0; k < x->n_turns; k++) {
    turn_t *t = &x->turns[k];
    for (size_t q = t->q0; q <= t->q1; q++) {
      cue_t *c = turn_cue(x, t, q);
      if (c->how == S_NOM && c->role1 && c->nom_g < 0)
        c->nom_g = (int8_t)gender_slot(d, c->role_c);
    }
  }
  if (d->n_chars > n_old && !grow_char_counts(x, n_old))
    return DR_ENOMEM;
  for (size_t r = 0; r < n_roles; r++)
    if (role_ch[r] >= n_old)
      x->cue_n[role_ch[r]] = role_n[r]; /* not F_SILENT */
  x->n_known = n_old;
  return DR_OK;
}

/* A phrase a role's cue writes: its character, its tokens [tok, tok + n),
 * its uses, and the hash of its case-folded words. */
typedef struct {
  uint32_t who, tok, n, count, hash;
} role_form;

/* The first token of the role phrase whose noun is token n: its "the",
 * at most two modifiers before the noun ("the genial passenger" of
 * role_np, "the little old lady" of nominal), else the noun itself. */
static size_t role_phrase(const dr_doc *d, size_t n) {
  for (size_t k = 1; k <= 3 && k <= n; k++)
    if (is_the(d, &d->toks[n - k]))
      return n - k;
  return n;
}

/* Whether two forms write the same words ("The" and "the" alike; the
 * white space between them does not count). */
static bool same_form(const dr_doc *d, const role_form *a, const role_form *b) {
  if (a->hash != b->hash || a->n != b->n)
    return false;
  for (uint32_t i = 0; i < a->n; i++) {
    const drp_tok *x = &d->toks[a->tok + i], *y = &d->toks[b->tok + i];
    if (!drp_fold_eq(d->text + x->start, x->len, d->text + y->start, y->len))
      return false;
  }
  return true;
}

/* By character, then hash and word count (equal phrases together), then
 * position. */
static int cmp_form_text(const void *pa, const void *pb) {
  const role_form *a = pa, *b = pb;
  if (a->who != b->who)
    return a->who < b->who ? -1 : 1;
  if (a->hash != b->hash)
    return a->hash < b->hash ? -1 : 1;
  if (a->n != b->n)
    return a->n < b->n ? -1 : 1;
  return (a->tok > b->tok) - (a->tok < b->tok);
}

/* By character, then most used, then first written. */
static int cmp_form_count(const void *pa, const void *pb) {
  const role_form *a = pa, *b = pb;
  if (a->who != b->who)
    return a->who < b->who ? -1 : 1;
  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  return (a->tok > b->tok) - (a->tok < b->tok);
}

/* Keeps the role characters some turn chose (renumbered in order), with
 * the phrases their cues write as aliases ("the genial passenger", "the
 * passenger") and a nominal mention per cue of a turn they speak; drops
 * the others. */
static dr_status keep_roles(ctx *x) {
  dr_doc *d = x->d;
  size_t n_old = x->n_known, n_all = d->n_chars;
  if (n_all == n_old)
    return DR_OK;
  uint32_t *map = drp_alloc(d, (n_all - n_old) * sizeof *map);
  if (!map)
    return DR_ENOMEM;
  for (size_t i = 0; i < n_all - n_old; i++)
    map[i] = NONE32;
  for (size_t k = 0; k < x->n_turns; k++)
    if (x->turns[k].speaker != NONE32 && x->turns[k].speaker >= n_old)
      map[x->turns[k].speaker - n_old] = 0;
  size_t n_keep = 0;
  for (size_t i = 0; i < n_all - n_old; i++)
    if (map[i] != NONE32) {
      map[i] = (uint32_t)(n_old + n_keep);
      d->chars[n_old + n_keep] = d->chars[n_old + i];
      n_keep++;
    }
  d->n_chars = n_old + n_keep;
  /* "the narrator" is made after the roles and moves with them. */
  if (x->narrator != NONE32 && x->narrator >= n_old) {
    x->narrator = map[x->narrator - n_old];
    x->narr_anon = x->narrator != NONE32;
  }
  size_t n_ment = 0;
  for (size_t k = 0; k < x->n_turns; k++) {
    turn_t *t = &x->turns[k];
    if (t->cue.role1 && t->speaker != t->cue.role_c)
      t->cue.role1 = 0; /* the cue's role did not speak: no mention */
    if (t->speaker != NONE32 && t->speaker >= n_old)
      t->speaker = map[t->speaker - n_old];
    if (t->target != NONE32 && t->target >= n_old)
      t->target = map[t->target - n_old];
    if (t->speaker != NONE32 && t->speaker >= n_old && t->cue.role1)
      n_ment++;
  }
  drp_free(d, map);
  if (n_keep == 0)
    return DR_OK;
  /* Aliases: each phrase the role's cues write ("the genial passenger",
   * "the passenger"), most used first; the array may move, so every
   * character's pointer is re-made. */
  role_form *fm = drp_alloc(d, (n_ment ? n_ment : 1) * sizeof *fm);
  if (!fm)
    return DR_ENOMEM;
  size_t n_fm = 0;
  for (size_t k = 0; k < x->n_turns; k++) {
    const turn_t *t = &x->turns[k];
    if (t->speaker == NONE32 || t->speaker < n_old || !t->cue.role1)
      continue;
    size_t a = role_phrase(d, t->cue.role1 - 1);
    role_form *f = &fm[n_fm++];
    f->who = t->speaker;
    f->tok = (uint32_t)a;
    f->n = (uint32_t)(t->cue.role1 - a);
    f->count = 1;
    f->hash = 0;
    for (uint32_t w = 0; w < f->n; w++) {
      const drp_tok *wt = &d->toks[a + w];
      f->hash = f->hash * 31u + drp_hash_fold(d->text + wt->start, wt->len);
    }
  }
  if (n_fm)
    qsort(fm, n_fm, sizeof *fm, cmp_form_text);
  size_t n_u = 0; /* distinct forms, counted */
  for (size_t i = 0; i < n_fm; i++) {
    if (n_u && fm[n_u - 1].who == fm[i].who &&
        same_form(d, &fm[n_u - 1], &fm[i])) {
      fm[n_u - 1].count++;
      continue;
    }
    fm[n_u++] = fm[i];
  }
  if (n_u)
    qsort(fm, n_u, sizeof *fm, cmp_form_count);
  size_t n_al = d->n_aliases;
  if (!drp_reserve(d, (void **)&d->aliases, &d->cap_aliases,
                   n_al + n_keep + n_u, sizeof *d->aliases) ||
      !drp_reserve(d, (void **)&d->mentions, &d->cap_mentions,
                   d->n_mentions + n_ment, sizeof *d->mentions)) {
    drp_free(d, fm);
    return DR_ENOMEM;
  }
  for (size_t i = 0, f = 0; i < n_keep; i++) {
    dr_character *c = &d->chars[n_old + i];
    c->n_aliases = 0; /* its phrases below; "the narrator" has none */
    for (; f < n_u && fm[f].who == n_old + i; f++) {
      /* Its words joined by one space ("the\ngenial passenger"). */
      const drp_tok *wt = &d->toks[fm[f].tok];
      size_t bl = fm[f].n - 1;
      for (uint32_t w = 0; w < fm[f].n; w++)
        bl += wt[w].len;
      char buf[128];
      if (bl >= sizeof buf)
        continue; /* a phrase longer than any role's: not an alias */
      for (uint32_t w = 0, o = 0; w < fm[f].n; w++) {
        if (w > 0)
          buf[o++] = ' ';
        memcpy(buf + o, d->text + wt[w].start, wt[w].len);
        o += wt[w].len;
      }
      if (buf[0] >= 'A' && buf[0] <= 'Z')
        buf[0] = (char)(buf[0] - 'A' + 'a'); /* "The clerk said" */
      const char *txt = drp_strndup(d, buf, bl);
      if (!txt) {
        drp_free(d, fm);
        return DR_ENOMEM;
      }
      dr_alias *al = &d->aliases[d->n_aliases++];
      al->text = txt;
      al->count = fm[f].count;
      if (c->n_aliases++ == 0)
        c->name = txt; /* the phrase its cues write most */
    }
  }
  drp_free(d, fm);
  for (size_t ch = 0, off = 0; ch < d->n_chars; ch++) {
    d->chars[ch].aliases = d->aliases + off;
    off += d->chars[ch].n_aliases;
  }
  /* A nominal mention where each turn's role cue names its speaker. */
  for (size_t k = 0; k < x->n_turns; k++) {
    const turn_t *t = &x->turns[k];
    if (t->speaker == NONE32 || t->speaker < n_old || !t->cue.role1)
      continue;
    const drp_tok *nt = &d->toks[t->cue.role1 - 1];
    dr_mention *m = &d->mentions[d->n_mentions++];
    m->start = nt->start;
    m->end = drp_tok_end(nt);
    m->character = t->speaker;
    m->kind = DR_MENTION_NOMINAL;
    dr_character *c = &d->chars[t->speaker];
    if (c->mentions == 0 || nt->start < c->first)
      c->first = nt->start;
    c->mentions++;
  }
  /* None when only "the narrator" was kept (it has no mentions), and a
   * text without names has no mentions array at all. */
  if (n_ment)
    qsort(d->mentions, d->n_mentions, sizeof *d->mentions, cmp_mention);
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* Phase 6: pronoun mentions                                                 */
/* ------------------------------------------------------------------------ */

/* The first token starting at or after byte b. */
static size_t tok_from(const dr_doc *d, size_t b) {
  size_t lo = 0, hi = d->n_toks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->toks[mid].start < b)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The first pronoun mention starting at or after byte b. */
static size_t pm_from(const ctx *x, size_t b) {
  size_t lo = 0, hi = x->n_pm;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (x->pm[mid].start < b)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Whether [s, e) overlaps a mention of d (d->mentions sorted by start,
 * none overlapping another). */
static bool overlaps_mention(const dr_doc *d, size_t s, size_t e) {
  size_t lo = 0, hi = d->n_mentions;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->mentions[mid].end <= s)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < d->n_mentions && d->mentions[lo].start < e;
}

/* Adds the pronoun mentions (kind pronoun) to d->mentions: the narration
 * he/she forms noted in the sweep (a pronoun cue's own "he" or "she" is
 * the speaker decided for its quote), a narration I/me/my the narrator's
 * when there is one, and I/me/my inside a quote its speaker's.  The
 * characters' mention counts stay those of their names.  Linear: the
 * narration's and the quotes' runs are each in text order, and merge
 * with d->mentions from the back. */
static dr_status pron_mentions(ctx *x) {
  dr_doc *d = x->d;
  if (!x->pron)
    return DR_OK;
  if (x->pm_oom)
    return DR_ENOMEM;
  /* A pronoun cue's pronoun is whoever the quote was given to. */
  for (size_t q = 0; q < d->n_quotes; q++) {
    const dr_attribution *a = &d->attrs[q];
    if (a->kind != DR_ATTR_ANAPHORIC || a->speaker == DR_NONE)
      continue;
    for (size_t i = pm_from(x, a->cue_start);
         i < x->n_pm && x->pm[i].start < a->cue_end; i++) {
      const char *w = d->text + x->pm[i].start;
      size_t n = x->pm[i].end - x->pm[i].start;
      if (drp_fold_eq(w, n, "he", 2) || drp_fold_eq(w, n, "she", 3) ||
          (n == 1 && w[0] == 'I'))
        x->pm[i].who = (uint32_t)a->speaker;
    }
  }
  /* First person inside a quote: its speaker. */
  size_t n_nar = x->n_pm;
  for (size_t q = 0; q < d->n_quotes; q++) {
    const dr_quote *qu = &d->quotes[q];
    size_t sp = d->attrs[q].speaker;
    if (qu->parent != DR_NONE || sp == DR_NONE)
      continue;
    size_t nest = q + 1; /* the quotes nested in this one follow it */
    for (size_t k = tok_from(d, qu->start);
         k < d->n_toks && d->toks[k].start < qu->end; k++) {
      const drp_tok *t = &d->toks[k];
      while (nest < d->n_quotes && d->quotes[nest].start < qu->end &&
             d->quotes[nest].end <= t->start)
        nest++;
      if (nest < d->n_quotes && d->quotes[nest].parent != DR_NONE &&
          d->quotes[nest].start <= t->start && t->start < d->quotes[nest].end)
        continue;
      if (pron_person(d, t) == 2)
        pron_note(x, t, (uint32_t)sp);
    }
  }
  if (x->pm_oom)
    return DR_ENOMEM;
  /* Narration "I": the narrator's, or nobody's; none over a name. */
  size_t runs[2][2] = {{0, 0}, {n_nar, n_nar}}, n = 0;
  for (int r = 0; r < 2; r++) {
    size_t from = r ? n_nar : 0, to = r ? x->n_pm : n_nar;
    runs[r][0] = n;
    for (size_t i = from; i < to; i++) {
      pron_t m = x->pm[i];
      if (m.who == PM_NARR) {
        if (x->narrator == NONE32)
          continue;
        m.who = x->narrator;
      }
      if (!overlaps_mention(d, m.start, m.end))
        x->pm[n++] = m;
    }
    runs[r][1] = n;
  }
  if (!n)
    return DR_OK;
  size_t nm = d->n_mentions;
  if (!drp_reserve(d, (void **)&d->mentions, &d->cap_mentions, nm + n,
                   sizeof *d->mentions))
    return DR_ENOMEM;
  /* From the back: the last of the three runs' ends goes last. */
  size_t ia = runs[0][1], ib = runs[1][1], im = nm, o = nm + n;
  while (o > 0) {
    size_t sa = ia > runs[0][0] ? x->pm[ia - 1].start : 0;
    size_t sb = ib > runs[1][0] ? x->pm[ib - 1].start : 0;
    size_t smm = im > 0 ? d->mentions[im - 1].start : 0;
    bool ha = ia > runs[0][0], hb = ib > runs[1][0], hm = im > 0;
    dr_mention *out = &d->mentions[--o];
    if (hm && (!ha || smm > sa) && (!hb || smm > sb)) {
      *out = d->mentions[--im];
      continue;
    }
    const pron_t *p;
    if (ha && (!hb || sa > sb))
      p = &x->pm[--ia];
    else
      p = &x->pm[--ib];
    out->start = p->start;
    out->end = p->end;
    out->character = p->who;
    out->kind = DR_MENTION_PRONOUN;
  }
  d->n_mentions = nm + n;
  return DR_OK;
}

dr_status drp_speakers(dr_doc *d) {
  ctx *x = drp_alloc(d, sizeof *x);
  if (!x)
    return DR_ENOMEM;
  memset(x, 0, sizeof *x);
  x->d = d;
  dr_status st = DR_ENOMEM;
  lex_init(&x->lx);
  for (int g = 0; g < 2; g++)
    for (int i = 0; i < SAL_N; i++)
      x->sal[g][i] = x->ssal[g][i] = NONE32;
  x->sal_any = NONE32;
  x->nar_subj = x->nar_last = NONE32;
  x->nar_subj_para = x->nar_last_para = SIZE_MAX - 1;
  x->n_known = d->n_chars;
  x->pron = (d->flags & DR_OPT_PRONOUNS) != 0;
  size_t nq = d->n_quotes ? d->n_quotes : 1;
  size_t nc = d->n_chars ? d->n_chars : 1;
  x->qcue = drp_alloc(d, nq * sizeof *x->qcue);
  x->qlo = drp_alloc(d, nq * sizeof *x->qlo);
  x->qhi = drp_alloc(d, nq * sizeof *x->qhi);
  x->voc_n = drp_alloc(d, nc * sizeof *x->voc_n);
  x->cue_n = drp_alloc(d, nc * sizeof *x->cue_n);
  x->nar_n = drp_alloc(d, nc * sizeof *x->nar_n);
  if (!x->qcue || !x->qlo || !x->qhi || !x->voc_n || !x->cue_n || !x->nar_n)
    goto done;
  memset(x->qcue, 0, nq * sizeof *x->qcue);
  memset(x->qlo, 0xff, nq * sizeof *x->qlo);
  memset(x->qhi, 0, nq * sizeof *x->qhi);
  memset(x->voc_n, 0, nc * sizeof *x->voc_n);
  memset(x->cue_n, 0, nc * sizeof *x->cue_n);
  memset(x->nar_n, 0, nc * sizeof *x->nar_n);
  st = sweep(x);
  if (st != DR_OK)
    goto done;
  st = make_roles(x);
  if (st != DR_OK)
    goto done;
#ifdef DRP_SPEAKERS_DUMP
  for (size_t c = 0; c < d->n_chars; c++) {
    fprintf(stderr, "char\t%zu\t%s", c, d->chars[c].name);
    for (size_t k = 0; k < d->chars[c].n_aliases; k++)
      fprintf(stderr, "\t%s", d->chars[c].aliases[k].text);
    fputc('\n', stderr);
  }
#endif

  find_narrator(x);
  st = anon_narrator(x);
  if (st != DR_OK)
    goto done;
  st = decide_turns(x);
  if (st != DR_OK)
    goto done;
  st = keep_roles(x);
  if (st != DR_OK)
    goto done;
  st = fill_attrs(x);
  if (st != DR_OK)
    goto done;
  st = interactions(x);
  if (st != DR_OK)
    goto done;
  st = pron_mentions(x);
done:
  drp_free(d, x->cls);
  drp_free(d, x->m_at);
  drp_free(d, x->m_end);
  drp_free(d, x->turns);
  drp_free(d, x->qcue);
  drp_free(d, x->qlo);
  drp_free(d, x->qhi);
  drp_free(d, x->voc_n);
  drp_free(d, x->cue_n);
  drp_free(d, x->nar_n);
  drp_free(d, x->pm);
  drp_free(d, x);
  return st;
}
