/*
 * names.c -- characters: name mentions, alias clusters, gender.
 *
 * Names are found from tokens, capitalisation, honorifics and statistics of
 * the document itself, helped by small lexicons learned from PDNC and
 * LitBank (names_lexicon.inc, written by train/names/gen_lexicon.py).  No
 * tagger is needed; a tagger's PER spans could later feed phase 2 as one
 * more source of candidates.  Story paragraphs (DR_PARA_TEXT) are read,
 * and chapter headings for mentions only (phase 2).
 *
 * 1. Word types.  One pass over the words of story paragraphs interns each
 *    case-folded word (hash table) and counts how often it is written lower
 *    case, capitalised in mid-sentence, capitalised at a sentence start (or
 *    after an opening quote), after a locative preposition (in, into,
 *    near...) or before a place word (Park, Street, Hall...).  A capitalised
 *    type is a name word when the text mostly capitalises it in mid-sentence
 *    (or only ever at sentence starts and it is no common word), it is not
 *    mostly a place, and the learned lexicon does not list it as a common
 *    lower-case word or a capitalised non-name (London, God; a nationality
 *    and its plural or -man compound: Indians, Englishman; a verb or
 *    function word: Hence; a day: Sunday) -- the document's own strong
 *    evidence overrides the lexicon (an honorific, or a speech verb next
 *    to one use in ten for a non-name).  A word only ever at sentence
 *    starts and mostly followed by ! or ?, or by a comma and a capital
 *    ("Hallo, Pooh"), is an exclamation (Aha!); so is one followed by !
 *    in most of its uses wherever it stands ("By Jove!"), unless it is a
 *    given name or a person by the evidence above.  "After a locative
 *    preposition" counts one capitalised word between (in New York).
 * 2. Mentions.  In each story paragraph: an optional honorific (Mr., Mrs,
 *    Miss, Lady, Colonel... capitalised and followed by a capitalised word)
 *    and then one to four name words, in Title case or ALL CAPS, with
 *    particles (de, van, von...) and initials (Mr. E. W. B. Childers,
 *    John H. Watson: in the text, not in the key) between them; "the" and
 *    a title-name (the Hatter) or a rank alone (the Admiral); "the
 *    Cheshire Cat" is the Cheshire Cat the text also names without "the".
 *    In a chapter heading (Title Case throughout) only words the story
 *    uses as names count.
 *    A possessive clitic ('s) ends the name.  A mention inside a quote
 *    between punctuation (or the quote's edge) is a vocative: "Sit down,
 *    Elizabeth."  A narration mention (not a vocative) that is the first
 *    name of its sentence takes a gender vote from the first
 *    he/his/himself or she/hers/herself (or possessive her) after it, up to
 *    the end of the next sentence, before another name and any quotation
 *    mark.
 * 3. Keys.  Each mention's honorific (normalised: Mr = Mr. = Mister) and
 *    name words (case-folded) form its key; mentions of one key are one
 *    alias cluster to start with.  Surface forms (the text as written, runs
 *    of white space made one space) are the aliases.
 * 4. Full names (two or more name words) become characters, given name =
 *    first word, surname = last; a full name with the same given name and
 *    surname joins one (middle names, Lady Catherine de Bourgh = Catherine
 *    de Bourgh) unless the honorific's gender contradicts it (Mrs. John
 *    Dashwood is John's wife).
 * 5. Honorific + one word, given-name uses first (Miss Elizabeth, Sir
 *    William, Lady Catherine join the one character of that given name and
 *    a compatible gender), then surname uses: Mr. X joins the one male
 *    character surnamed X (a full name, or one known only by a rank or
 *    title: Mr. Brandon is Colonel Brandon); Mrs. X only a character
 *    already called Mrs. with a full name; Miss X the one unmarried woman
 *    surnamed X who is never "Miss <given name>" (the eldest daughter:
 *    Miss Bennet is Jane, not Elizabeth); titles (Colonel, Captain,
 *    Dr....) the one compatible character, a rank never a man the text
 *    calls Mr. X unless it gives him the rank by full name (Admiral
 *    Crawford is not Mr. Crawford).  Several men the text calls Mr. by
 *    full name share Mr. X between them.  Otherwise the key makes its own
 *    character (Mr. Bennet, Colonel Fitzwilliam).
 * 6. One word X: the one character with given name or surname X; among
 *    several surnamed X, the only man (a bare surname is a man's); still
 *    ambiguous, the key keeps its candidates and phase 8 decides each
 *    mention.  No candidate: a new one-word character.
 * 7. One-word characters with no surname (orphans) join another character
 *    when exactly one fits and the two are never named in one sentence:
 *    learned nicknames (Lizzy / Elizabeth), diminutives (Jo / Josephine,
 *    Teddy / Theodore, Beth / Elizabeth, Laurie / Laurence), one-letter
 *    typos of long names (Bingly / Bingley), and learned canon full names
 *    (a lone Charles and a lone Mr. Bingley when "Charles Bingley" is a
 *    known character).  Gender must agree.  Two characters are never
 *    merged for sharing only a surname or only a given name.
 *    7b: a plain Miss X that found no eldest daughter joins the one
 *    unmarried woman the text names with given name and surname X when
 *    the two are not named together: an only daughter (Miss Honeychurch,
 *    Lucy Honeychurch).
 *    7c: a plain Mrs. X (Madame X) that found no Mrs. <Given> X joins the
 *    family's one woman with a given name when the text never calls her
 *    Miss X and the two keep apart (never named together in a sentence,
 *    at most a quarter of the rarer one's paragraphs): an only wife
 *    (Madame Olenska, Ellen Olenska).
 *    7d: two women named by one given name and two surnames, with no
 *    third character of that given name, join when they keep apart: a
 *    maiden and a married name (May Welland, May Archer).  Never men.
 *    7e: a full name whose surname is one part of another's hyphenated
 *    surname, with the same given name, joins it (Jock Menzies, Jock
 *    Grant-Menzies).
 * 8. Mentions in order: a definite key gives its character; an ambiguous
 *    one the candidate last named for certain by the same word ("John":
 *    the one a definite "John Andrew" named last, not the "Mr Beaver" of
 *    the line before), else the candidate named most recently, within
 *    RECENT name mentions; else the most named.
 * 9. Gender: honorifics (strong), learned given-name statistics, and the
 *    pronoun votes, summed as evidence E (+ male); score 0.5 + 0.5|E|/(|E|
 *    + 2); M or F when the score reaches 0.6, else U.
 * 10. Output: characters with at least d->min_mentions mentions (one ever
 *    named with an honorific counts one more: a single "Mrs. Hudson" is a
 *    person, a single "Quill" may be a word), but not one only ever named
 *    as a vocative with no honorific and no gender ("Aye, ...", "Mmm,
 *    ..."), most mentioned first;
 *    mentions of the others are removed (so every mention has a
 *    character).  A character's name is its alias with the most name
 *    words (then the most used; a character joined from a lone given name
 *    and a lone surname by a canon full name is named by the two: Charles
 *    Bingley).  Aliases are filled into d->aliases first, and only then
 *    pointed to, since the array may move while it grows.
 *
 * Time is linear in the tokens plus O(k log k) in the distinct names; every
 * candidate walk is capped (MAX_CHAIN), and phase 7 tries each one-word
 * character against at most 4096 others (so a text of 100,000 distinct
 * lone names costs seconds, not hours).  No global mutable state: every
 * table is per document, allocated through the document's allocator.
 *
 * Leave-one-novel-out: compiled with -DDRP_NAMES_HOLDOUT=i, the learned
 * lexicons ignore the evidence of PDNC novel i (see train/names/loo.py).
 */
#include "internal.h"

#include <stdlib.h>

typedef struct {
  const char *name;
  uint32_t m, f;  /* masks of novels with a male / female character */
  uint8_t lm, lf; /* other LitBank works with a male / female chain */
} lex_given_t;
typedef struct {
  const char *a, *b;
  uint32_t mask;
} lex_pair_t;
typedef struct {
  const char *w;
  uint32_t lower, cap, alias; /* masks of novels */
  int per;                    /* LitBank tags it as part of a person */
} lex_word_t;
typedef struct {
  const char *w;
  int src; /* 1 LitBank place, 2 UD EWT capitalised adjective, 4 UD EWT
               verb or function word (bits) */
} lex_nonname_t;

#include "names_lexicon.inc"

#ifdef DRP_NAMES_HOLDOUT
#define LEX_EXCLUDE (1u << (DRP_NAMES_HOLDOUT))
#else
#define LEX_EXCLUDE 0u
#endif

/* The closed word lists' table (a power of two, > 2x their words) and
 * the longest word in them. */
#define LIT_SIZE 1024
#define LIT_MAXLEN 16

/* Name words in one mention: "Lady Catherine de Bourgh" has three; longer
 * capitalised runs are titles of books, ships and societies. */
#define MAXP 4
/* Candidates kept for an ambiguous key, and entities walked per chain: a
 * bound on work for texts with thousands of Smiths. */
#define MAXC 8
#define MAX_CHAIN 64
/* Weight of a given name's ending as gender evidence (a pronoun vote is
 * 0.6, a known given name up to 2.4). */
#ifndef ENDING_W
#define ENDING_W 0.8
#endif

/* An ending guesses a gender when at least ENDING_MIN learned given names
 * share it and ENDING_SHARE percent of them are of one gender. */
#ifndef ENDING_MIN
#define ENDING_MIN 3
#endif
#ifndef ENDING_SHARE
#define ENDING_SHARE 70 /* held out: 60-70 score alike, 75 worse */
#endif

/* An ambiguous name goes to the candidate named within this many name
 * mentions before it, else to the most named one. */
#ifndef RECENT
#define RECENT 60
#endif
/* ... if that candidate is named at least 1/RECENT_SHARE as often as the
 * most named. */
#ifndef RECENT_SHARE
#define RECENT_SHARE 20
#endif
/* Name words per entity whose last sure mention phase 8 remembers. */
#define WORD_SLOTS 4
/* A capitalised word seen OF_MIN times or more, more than OF_SHARE percent
 * of them after a locative preposition or "of", is a place (phase 1). */
#ifndef OF_SHARE
/* 45 drops 3 places from PDNC's casts, 40 one more, 35 costs two gold
 * aliases. */
#define OF_SHARE 45
#endif
#ifndef OF_MIN
#define OF_MIN 10
#endif
/* A common word written GIVEN_MIN times after a known given name and as
 * often alone in mid-sentence is a surname ("Jonathan Small", then "said
 * Small"; phase 1). */
#define GIVEN_MIN 2
/* Mention scans allowed to apart() per document (phases 7c and 7d). */
#define APART_SCANS 64

/* Tokens scanned after a mention for a pronoun. */
#define PRON_WINDOW 24

/* ------------------------------------------------------------------------ */
/* Honorifics                                                                */
/* ------------------------------------------------------------------------ */

enum {
  HC_NONE = 0,
  HC_MR,    /* surname follows */
  HC_MRS,   /* a married woman's surname (or husband's full name) */
  HC_MISS,  /* given name (younger daughters) or surname (the eldest) */
  HC_MS,    /* surname */
  HC_GIVEN, /* Sir, Lady, Lord, Aunt, Uncle, Cousin, Master: either */
  HC_TITLE, /* ranks and professions: surname */
  HC_THE    /* "the" before a capitalised title-name: the Hatter */
};

typedef struct {
  const char *text; /* folded, without a final period */
  uint8_t cls;      /* HC_* */
  int8_t gender;    /* +1 male, -1 female, 0 either */
  uint8_t norm;     /* index of the canonical entry (Mister -> Mr) */
} honorific;

static const honorific honorifics[] = {
    {"", HC_NONE, 0, 0},
    {"mr", HC_MR, 1, 1},
    {"mister", HC_MR, 1, 1},
    {"mrs", HC_MRS, -1, 3},
    {"missus", HC_MRS, -1, 3},
    {"miss", HC_MISS, -1, 5},
    {"ms", HC_MS, -1, 6},
    {"sir", HC_GIVEN, 1, 7},
    {"lady", HC_GIVEN, -1, 8},
    {"lord", HC_GIVEN, 1, 9},
    {"aunt", HC_GIVEN, -1, 10},
    {"auntie", HC_GIVEN, -1, 10},
    {"uncle", HC_GIVEN, 1, 12},
    {"cousin", HC_GIVEN, 0, 13},
    {"master", HC_GIVEN, 1, 14},
    {"dame", HC_GIVEN, -1, 15},
    {"dr", HC_TITLE, 0, 16},
    {"doctor", HC_TITLE, 0, 16},
    {"captain", HC_TITLE, 1, 18},
    {"capt", HC_TITLE, 1, 18},
    {"colonel", HC_TITLE, 1, 20},
    {"col", HC_TITLE, 1, 20},
    {"inspector", HC_TITLE, 0, 22},
    {"insp", HC_TITLE, 0, 22},
    {"professor", HC_TITLE, 0, 24},
    {"prof", HC_TITLE, 0, 24},
    {"admiral", HC_TITLE, 1, 26},
    {"adm", HC_TITLE, 1, 26},
    {"general", HC_TITLE, 1, 28},
    {"gen", HC_TITLE, 1, 28},
    {"major", HC_TITLE, 1, 30},
    {"maj", HC_TITLE, 1, 30},
    {"lieutenant", HC_TITLE, 1, 32},
    {"lt", HC_TITLE, 1, 32},
    {"sergeant", HC_TITLE, 1, 34},
    {"sgt", HC_TITLE, 1, 34},
    {"father", HC_TITLE, 1, 36},
    {"mother", HC_TITLE, -1, 37},
    {"sister", HC_TITLE, -1, 38},
    {"brother", HC_TITLE, 1, 39},
    {"reverend", HC_TITLE, 1, 40},
    {"rev", HC_TITLE, 1, 40},
    {"madame", HC_MRS, -1, 42},
    {"mme", HC_MRS, -1, 42},
    {"mademoiselle", HC_MISS, -1, 44},
    {"mlle", HC_MISS, -1, 44},
    {"monsieur", HC_MR, 1, 46},
    {"signor", HC_MR, 1, 47},
    {"signora", HC_MRS, -1, 48},
    {"herr", HC_MR, 1, 49},
    {"frau", HC_MRS, -1, 50},
    {"prince", HC_GIVEN, 1, 51},
    {"princess", HC_GIVEN, -1, 52},
    {"king", HC_GIVEN, 1, 53},
    {"queen", HC_GIVEN, -1, 54},
    {"duke", HC_GIVEN, 1, 55},
    {"duchess", HC_GIVEN, -1, 56},
    {"count", HC_GIVEN, 1, 57},
    {"countess", HC_GIVEN, -1, 58},
    {"baron", HC_GIVEN, 1, 59},
    {"baroness", HC_GIVEN, -1, 60},
    {"judge", HC_TITLE, 0, 61},
    {"nurse", HC_TITLE, -1, 62},
    {"fr", HC_TITLE, 1, 36},
    {"president", HC_TITLE, 0, 64},
    {"m", HC_MR, 1, 46},
    {"comrade", HC_TITLE, 0, 66},
    {"the", HC_THE, 0, 67},
    {"begum", HC_MRS, -1, 68}, /* after the name: Hamidullah Begum */
};
/* The index of "the" above, of Begum (a title after the name), of Sir
 * (who takes a given name) and of Mr. */
#define HON_THE 67
#define HON_BEGUM 68
#define HON_SIR 7
#define HON_MR 1
/* Titles of the peerage and knighthood, by normalised index: Sir and Lord
 * (a man's), Lady and Dame (a woman's). */
#define HON_LADY 8
#define HON_LORD 9
#define HON_DAME 15
enum { TITLED_MAN = 1, TITLED_WOMAN = 2 };
#define N_HON ((int)(sizeof honorifics / sizeof honorifics[0]))

/* Words that are never names on their own, whatever the text does. */
static const char *const never_names[] = {
    "i",         "a",          "an",       "the",      "and",
    "but",       "or",         "if",       "he",       "she",
    "it",        "we",         "they",     "you",      "his",
    "her",       "my",         "our",      "their",    "your",
    "this",      "that",       "these",    "those",    "what",
    "who",       "why",        "how",      "when",     "where",
    "which",     "yes",        "no",       "oh",       "ah",
    "well",      "not",        "now",      "o",        "mama",
    "mamma",     "papa",       "ma'am",    "madam",    "sir",
    "god",       "heaven",     "lord",     "lady",     "miss",
    "mr",        "mrs",        "ms",       "chapter",  "book",
    "part",      "volume",     "ok",       "okay",     "hey",
    "hi",        "hello",      "dear",     "mother",   "father",
    "mum",       "dad",        "daddy",    "mummy",    "mom",
    "aunt",      "uncle",      "granny",   "grandma",  "grandpa",
    "christ",    "jesus",      "english",  "french",   "german",
    "italian",   "american",   "british",  "sire",     "majesty",
    "highness",  "ladyship",   "lordship", "honour",   "honor",
    "ye",        "thee",       "thou",     "thy",      "mine",
    "hers",      "him",        "me",       "us",       "them",
    "one",       "two",        "three",    "mr.",      "mrs.",
    "dr.",       "sister",     "brother",  "cousin",   "master",
    "nurse",     "doctor",     "captain",  "colonel",  "professor",
    "inspector", "signor",     "monsieur", "madame",   "mademoiselle",
    "herr",      "frau",       "king",     "queen",    "prince",
    "princess",  "duke",       "duchess",  "count",    "countess",
    "baron",     "baroness",   "judge",    "general",  "major",
    "admiral",   "lieutenant", "sergeant", "reverend", "missus",
    "mister",    "dame",       "auntie",   "misses",   "messrs",
    "mesdames",  "messieurs",
    /* 'Tis, 'Twas: a contraction's remains at a sentence start. */
    "tis",       "twas",       "twill",    "twere",    "twould",
};

/* Days and feasts: non-names ("every Tuesday Roo spent the day") unless
 * the text makes them people (the President, "said Sunday"). */
static const char *const day_words[] = {
    "monday",   "tuesday", "wednesday", "thursday",   "friday",
    "saturday", "sunday",  "christmas", "easter",     "michaelmas",
};

/* Capitalised words after which a name is a place (Netherfield Park). */
static const char *const place_words[] = {
    "park",    "hall",    "street",   "square",    "road",      "lane",
    "house",   "lodge",   "abbey",    "castle",    "place",     "court",
    "church",  "chapel",  "cottage",  "manor",     "farm",      "hill",
    "wood",    "woods",   "bridge",   "river",     "gardens",   "garden",
    "terrace", "row",     "inn",      "hotel",     "college",   "club",
    "station", "avenue",  "gate",     "cathedral", "palace",    "mill",
    "green",   "common",  "crescent", "buildings", "theatre",   "island",
    "bay",     "valley",  "forest",   "lake",      "mountain",  "county",
    "town",    "city",    "hospital", "school",    "library",   "museum",
    "market",  "shire",   "grange",   "rectory",   "parsonage", "priory",
    "heath",   "moor",    "cross",    "point",     "harbour",   "harbor",
    "company", "society", "museum",   "office",    "hotel",     "arms",
    "road",    "ocean",   "sea",      "mountains", "hills",     "islands",
};

/* Lower-case words after which a capitalised word is likely a place. */
static const char *const loc_preps[] = {
    "in", "into", "within", "inside", "at",      "from",
    "to", "on",   "near",   "through", "across", "towards"};

/* Verbs after which "at" or "to" points at a person, not a place:
 * "looked at Mary", "turned to Jane" (but "arrived at Longbourn"). */
static const char *const toward_verbs[] = {
    "look",     "looked",    "looking",   "looks",    "smile",   "smiled",
    "smiling",  "smiles",    "stared",    "staring",  "glanced", "glancing",
    "gazed",    "gazing",    "grinned",   "grinning", "frowned", "frowning",
    "nodded",   "nodding",   "waved",     "laughed",  "laughing", "shouted",
    "whispered", "said",     "say",       "says",     "saying",  "spoke",
    "speak",    "speaking",  "talked",    "talking",  "turned",  "turning",
    "replied",  "wrote",     "write",     "writing",  "listened", "pointed",
    "glared",   "glaring",   "beamed",    "winked",   "sneered", "scowled",
    "snapped",  "muttered",  "murmured",  "yelled",   "cried",   "bowed",
    "curtsied", "curtseyed", "belonged",  "belongs",  "married", "engaged",
    "introduced", "listening", "letter",  "sister",   "brother", "wife",
    "husband",  "daughter",  "son",       "mother",   "father",  "kind",
    "cruel",    "rude",      "civil",     "polite",   "devoted", "attached"};

/* Lower-case particles inside names (Catherine de Bourgh). */
static const char *const particles[] = {"de",  "van", "von",   "du", "da",
                                        "di",  "del", "della", "le", "la",
                                        "der", "den", "ter",   "d'"};

static const char *const speech_verbs[] = {
    "said",      "asked",    "cried",  "replied",   "answered", "exclaimed",
    "whispered", "shouted",  "added",  "continued", "returned", "observed",
    "remarked",  "murmured", "called", "repeated",  "inquired", "resumed"};

/* Pronouns that refer back to a sentence's subject; "him" and object
 * "her" mostly name someone else (Laurie stared at her). */
static const char *const he_words[] = {"he", "his", "himself"};
static const char *const she_words[] = {"she", "hers", "herself"};
/* Words after which "her" is an object, not a possessive. */
static const char *const after_object[] = {
    "the",   "a",    "an",   "to", "and",  "in",     "at",  "with",  "for",
    "that",  "as",   "from", "on", "by",   "up",     "out", "off",   "down",
    "again", "back", "away", "so", "but",  "or",     "of",  "into",  "over",
    "very",  "too",  "once", "if", "when", "though", "all", "about", "now"};

/* Words before a vocative name inside a quote ("Oh, dear Jane!"). */
static const char *const voc_before[] = {"dear", "dearest", "my",    "oh", "o",
                                         "poor", "darling", "little"};

/* ------------------------------------------------------------------------ */
/* Per-document tables                                                       */
/* ------------------------------------------------------------------------ */

/* Type flags. */
enum {
  T_NAME = 1u << 0,     /* a name word (phase 1) */
  T_NEVER = 1u << 1,    /* never a name */
  T_HE = 1u << 2,       /* he him his himself */
  T_SHE = 1u << 3,      /* she her hers herself */
  T_LOCPREP = 1u << 4,  /* in, into, near ... */
  T_PLACE = 1u << 5,    /* Park, Street, Hall ... */
  T_PARTICLE = 1u << 6, /* de, van, von ... */
  T_TOWARD = 1u << 7,   /* looked, smiled, said...: "at"/"to" a person */
  T_ASCII = 1u << 8,    /* all ASCII */
  T_SPEECH = 1u << 9,   /* said, asked, cried ... */
  T_TITLE = 1u << 10,   /* a title-name, written "the X" (the Hatter) */
  T_NONNAME = 1u << 11, /* the lexicon's capitalised non-name (London) */
  T_ARTICLE = 1u << 12, /* the */
  T_HER = 1u << 13,     /* her */
  T_OBJNEXT = 1u << 14, /* a word that makes the "her" before it an object */
  T_MAYBE = 1u << 15    /* only seen at sentence starts, unknown to the
                           lexicon: a name if a name word follows */
};

typedef struct {
  uint32_t hash;
  uint32_t start; /* its first occurrence */
  uint16_t len;
  uint16_t flags;  /* T_* */
  uint8_t honix;   /* honorific index (0: none) */
  int8_t prior;    /* learned given-name gender prior, -3..3 (phase 1) */
  int8_t sprior;   /* from the name's ending when the lexicon lacks it */
  uint32_t lower;  /* written lower case */
  uint32_t capmid; /* capitalised in mid-sentence */
  uint32_t capini; /* capitalised at a sentence start */
  uint32_t loc;    /* capitalised after a locative preposition */
  uint32_t place;  /* capitalised before a place word */
  uint32_t of;     /* capitalised after "of" that no capital precedes */
  uint32_t the;    /* capitalised in mid-sentence after "the" */
  uint32_t hon;    /* capitalised right after an honorific */
  uint32_t said;   /* next to a speech verb (said X, X said, said the X) */
  uint32_t exclaim; /* at a sentence start, then ! or ? ("Aha!", "Hush!"),
                       or a comma and a capital ("Hallo, Pooh") */
  uint32_t bang;    /* capitalised anywhere, then ! ("Hush!", "_Aha!_") */
  uint32_t given;   /* capitalised in mid-sentence right after a given
                       name the lexicon knows ("Jonathan Small") */
  int8_t lexgiven;  /* the lexicon knows it as a given name: 1 yes, -1 no,
                       0 not yet looked up */
  int32_t g_head;  /* first entity with this given name, or -1 */
  int32_t s_head;  /* first entity with this surname, or -1 */
} wtype;

typedef struct {
  uint32_t start, end; /* span: honorific (if any) to the last name word */
  uint32_t sent;       /* sentence index */
  int32_t key, form;   /* its key and surface form */
  int32_t ent;         /* its entity (root) after phase 8, or -1 */
  int8_t pron;         /* pronoun vote: +1 he, -1 she, 0 none */
  uint8_t kind;        /* DR_MENTION_NAME or DR_MENTION_VOCATIVE */
} nmention;

typedef struct {
  uint32_t hash;
  uint8_t hon; /* normalised honorific index, 0 none */
  uint8_t n;   /* name words */
  int32_t part[MAXP];
  uint32_t count;
  int32_t pm, pf; /* pronoun votes of its mentions */
  int32_t ent;    /* definite entity, or -1 */
  int32_t cand[MAXC];
  uint8_t n_cand;
} nkey;

typedef struct {
  uint32_t hash;
  uint32_t off, len; /* text in the scratch string buffer */
  int32_t key;
} nform;

typedef struct {
  int32_t given, surname; /* word types, or -1 */
  int32_t next_g, next_s; /* chains by given name and surname */
  int32_t parent;         /* union-find */
  uint32_t count;         /* mentions */
  uint32_t first;         /* first mention's byte */
  double ev;              /* gender evidence: + male, - female */
  uint32_t hons;          /* bit per honorific class used */
  uint64_t hnorm;         /* bit per normalised honorific used (< 64) */
  uint8_t the;            /* a title-name (the Hatter) */
  int32_t canon_given;    /* given name joined from a canon full name */
  uint8_t full;           /* has a key of two or more words */
  uint8_t miss_given;     /* called Miss <given name> */
  uint8_t mrs_full;       /* called Mrs. <given> <surname> */
  uint8_t titled;         /* TITLED_*: Sir, Lord, Lady or Dame by full name */
  int32_t husband;        /* Mrs. John Dashwood: John's type, or -1 */
  uint8_t orphan;         /* one word, no surname known */
  int32_t out;            /* output index, or -1 */
} nent;

typedef struct {
  dr_doc *d;
  wtype *types;
  size_t n_types, cap_types;
  uint32_t *tab; /* type hash table: index + 1, 0 empty */
  size_t tab_cap;
  int32_t *tt; /* type of each token, or -1 */
  nmention *ms;
  size_t n_ms, cap_ms;
  nkey *keys;
  size_t n_keys, cap_keys;
  uint32_t *ktab;
  size_t ktab_cap;
  nform *forms;
  size_t n_forms, cap_forms;
  uint32_t *ftab;
  size_t ftab_cap;
  char *str; /* surface forms */
  size_t n_str, cap_str;
  nent *ents;
  size_t n_ents, cap_ents;
  uint32_t apart_left; /* apart() scans left (phase 7c, 7d) */
  /* The closed word lists (honorifics, place words, pronouns...) hashed
   * once per document, so a new type is classified by one lookup. */
  struct {
    const char *w; /* the literal, NULL: empty slot */
    uint32_t hash;
    uint16_t flags; /* T_* */
    uint8_t honix;  /* honorific index, 0: none */
  } lit[LIT_SIZE];
} ctx;

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

static unsigned char lc(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

static bool eq_lit(const char *s, size_t n, const char *lit) {
  size_t m = strlen(lit);
  return drp_fold_eq(s, n, lit, m);
}

static int popcount32(uint32_t x) {
  int n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

/* Combines a hash with a value; the murmur3 finaliser spreads sequential
 * ids (type indexes) over the whole table, which linear probing needs. */
static uint32_t mix(uint32_t h, uint32_t v) {
  h ^= v + 0x9e3779b9u + (h << 6) + (h >> 2);
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

static const char *type_text(const ctx *c, int32_t t) {
  return c->d->text + c->types[t].start;
}

/* The folded ASCII text of type t in buf (at most cap-1 bytes); false if
 * it is not plain ASCII or too long. */
static bool type_lower(const ctx *c, int32_t t, char *buf, size_t cap) {
  const wtype *w = &c->types[t];
  if (!(w->flags & T_ASCII) || w->len >= cap)
    return false;
  const char *s = type_text(c, t);
  for (size_t i = 0; i < w->len; i++)
    buf[i] = (char)lc((unsigned char)s[i]);
  buf[w->len] = '\0';
  return true;
}

/* Compares a word with a lexicon entry: every word table's entries open
 * with their word (const char *), sorted by strcmp. */
static int cmp_lex_word(const void *key, const void *entry) {
  return strcmp((const char *)key, *(const char *const *)entry);
}

#define LEX_FIND(tab, w)                                                      \
  bsearch((w), (tab), sizeof(tab) / sizeof *(tab), sizeof *(tab), cmp_lex_word)

static const lex_word_t *find_word(const char *w) {
  return LEX_FIND(lex_word, w);
}

/* Whether lower-case word w is a non-name: in lex_nonname, or
 * capitalised in four PDNC novels and never a name there nor part of a
 * LitBank person, or in eight (English, God, Paris) whatever LitBank says
 * ("an Englishman" is a PER span). */
static bool word_nonname(const char *w) {
  const lex_word_t *lw = find_word(w);
  if (lw) {
    int ncap = popcount32(lw->cap & ~LEX_EXCLUDE);
    if ((ncap >= 8 || (ncap >= 4 && !lw->per)) &&
        !(lw->alias & ~LEX_EXCLUDE))
      return true;
  }
  return LEX_FIND(lex_nonname, w) != NULL;
}

/* Whether lower-case word w is a non-name, or the plural of one
 * (Indians), or a compound of one with -man/-men/-woman/-women
 * (Englishman, Frenchwomen). */
static bool find_nonname(const char *w) {
  if (word_nonname(w))
    return true;
  size_t n = strlen(w);
  char stem[48];
  if (n < 4 || n >= sizeof stem)
    return false;
  static const char *const tails[] = {"s", "man", "men", "woman", "women"};
  for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
    size_t k = strlen(tails[i]);
    if (n > k + 2 && strcmp(w + n - k, tails[i]) == 0) {
      memcpy(stem, w, n - k);
      stem[n - k] = 0;
      if (word_nonname(stem))
        return true;
    }
  }
  return false;
}

static const lex_given_t *find_given(const char *w) {
  return LEX_FIND(lex_given, w);
}

/* Whether the pair (a, b) is in a sorted pair table, in either order when
 * sym. */
static bool find_pair(const lex_pair_t *tab, size_t n, const char *a,
                      const char *b) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int r = strcmp(tab[mid].a, a);
    if (r == 0)
      r = strcmp(tab[mid].b, b);
    if (r == 0)
      return (tab[mid].mask & ~LEX_EXCLUDE) != 0;
    if (r < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

/* Works (PDNC novels not held out, other LitBank works) with a man, a
 * woman of the given name. */
static int lex_men(const lex_given_t *g) {
  return popcount32(g->m & ~LEX_EXCLUDE) + g->lm;
}

static int lex_women(const lex_given_t *g) {
  return popcount32(g->f & ~LEX_EXCLUDE) + g->lf;
}

unsigned drp_lex_word_class(const char *w) {
  const lex_given_t *g = find_given(w);
  unsigned r = 0;
  if (g && lex_men(g) + lex_women(g) > 0)
    r |= 1;
  if (find_nonname(w))
    r |= 2;
  if (drp_is_honorific(w, strlen(w)))
    r |= 4;
  return r;
}

/* Learned gender prior of a given name's lexicon entry (NULL: none): + male,
 * - female, in [-3, 3]. */
static int lexicon_prior(const lex_given_t *g) {
  if (!g)
    return 0;
  int dlt = lex_men(g) - lex_women(g);
  if (dlt > 3)
    dlt = 3;
  if (dlt < -3)
    dlt = -3;
  return dlt;
}

/* Compares the last l bytes of a (reversed) with rs[0, l), the reversed
 * ending; a name shorter than l compares by what it has. */
static int rev_cmp(const char *a, const char *rs, size_t l) {
  size_t an = strlen(a);
  for (size_t i = 0; i < l; i++) {
    if (i == an)
      return -1;
    int d = (unsigned char)a[an - 1 - i] - (unsigned char)rs[i];
    if (d)
      return d;
  }
  return 0;
}

/* A guess from the ending of a given name the lexicon lacks: among the
 * learned given names that end in its last 4, else 3 or 2 letters (the
 * longest ending at least ENDING_MIN of them share; one letter says too
 * little: Beth, Elizabeth, Joseph), +1 when ENDING_SHARE percent are men's
 * names, -1 women's (Theodosia, Angela), else 0.  lex_given_rev
 * lists the names by their reversed spelling, so one ending is one run. */
static int suffix_prior(const char *w) {
  size_t n = strlen(w), nl = sizeof lex_given_rev / sizeof *lex_given_rev;
  char rs[4];
  for (size_t l = n - 1 < 4 ? n - 1 : 4; l >= 2 && n > 2; l--) {
    for (size_t i = 0; i < l; i++)
      rs[i] = w[n - 1 - i];
    size_t lo = 0, hi = nl;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (rev_cmp(lex_given[lex_given_rev[mid]].name, rs, l) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    int men = 0, women = 0;
    for (size_t j = lo; j < nl; j++) {
      const lex_given_t *g = &lex_given[lex_given_rev[j]];
      if (rev_cmp(g->name, rs, l) != 0)
        break;
      int m = lex_men(g), f = lex_women(g);
      men += m > f;
      women += f > m;
    }
    if (men + women >= ENDING_MIN)
      return men * 100 >= (men + women) * ENDING_SHARE     ? 1
             : women * 100 >= (men + women) * ENDING_SHARE ? -1
                                                           : 0;
  }
  return 0;
}

/* Both priors of a name type, computed once (phase 1). */
static void set_priors(ctx *c, int32_t t) {
  char buf[48];
  wtype *w = &c->types[t];
  if (!type_lower(c, t, buf, sizeof buf))
    return;
  const lex_given_t *g = find_given(buf);
  w->prior = (int8_t)lexicon_prior(g);
  if (!g || !(lex_men(g) + lex_women(g)))
    w->sprior = (int8_t)suffix_prior(buf);
}

static double given_prior(const ctx *c, int32_t t) {
  return t < 0 ? 0 : (double)c->types[t].prior;
}

/* The ending's guess, for a given name the lexicon does not know. */
static double ending_prior(const ctx *c, int32_t t) {
  return t < 0 ? 0 : (double)c->types[t].sprior;
}

/* ------------------------------------------------------------------------ */
/* Phase 1: word types                                                       */
/* ------------------------------------------------------------------------ */

static bool grow_tab(ctx *c, uint32_t **tab, size_t *cap, size_t need,
                     uint32_t (*hash_of)(const ctx *, uint32_t)) {
  if (need * 2 < *cap)
    return true;
  size_t ncap = *cap ? *cap * 2 : 1024;
  while (need * 2 >= ncap)
    ncap *= 2;
  uint32_t *nt = drp_alloc(c->d, ncap * sizeof *nt);
  if (!nt)
    return false;
  memset(nt, 0, ncap * sizeof *nt);
  for (size_t i = 0; i < *cap; i++) {
    uint32_t v = (*tab)[i];
    if (!v)
      continue;
    size_t j = hash_of(c, v - 1) & (ncap - 1);
    while (nt[j])
      j = (j + 1) & (ncap - 1);
    nt[j] = v;
  }
  drp_free(c->d, *tab);
  *tab = nt;
  *cap = ncap;
  return true;
}

static uint32_t type_hash(const ctx *c, uint32_t i) { return c->types[i].hash; }
static uint32_t key_hash(const ctx *c, uint32_t i) { return c->keys[i].hash; }
static uint32_t form_hash(const ctx *c, uint32_t i) { return c->forms[i].hash; }

static const honorific *hon_of(uint8_t h) { return &honorifics[h]; }

/* The index in honorifics of p[0, n) (any case, a final '.' ignored), or
 * 0. */
static size_t honorific_index(const char *p, size_t n) {
  if (n > 1 && p[n - 1] == '.')
    n--;
  for (size_t i = 1; i < sizeof honorifics / sizeof *honorifics; i++) {
    const char *h = honorifics[i].text;
    size_t j = 0;
    while (j < n && h[j] && lc((unsigned char)p[j]) == (unsigned char)h[j])
      j++;
    if (j == n && !h[j])
      return i;
  }
  return 0;
}

bool drp_is_honorific(const char *p, size_t n) {
  return honorific_index(p, n) != 0;
}

int drp_honorific_gender(const char *p, size_t n) {
  return honorifics[honorific_index(p, n)].gender;
}

/* Adds a literal of a closed list to the per-document table. */
static void lit_put(ctx *c, const char *w, uint16_t flags, uint8_t honix) {
  uint32_t h = drp_hash_fold(w, strlen(w));
  size_t j = h & (LIT_SIZE - 1);
  while (c->lit[j].w && strcmp(c->lit[j].w, w) != 0)
    j = (j + 1) & (LIT_SIZE - 1);
  c->lit[j].w = w;
  c->lit[j].hash = h;
  c->lit[j].flags |= flags;
  if (honix && !c->lit[j].honix)
    c->lit[j].honix = honix;
}

static void lit_init(ctx *c) {
  static const struct {
    const char *const *w;
    size_t n;
    uint16_t flag;
  } lists[] = {
#define LIST(a, f) {a, sizeof a / sizeof *a, f}
      LIST(never_names, T_NEVER),   LIST(place_words, T_PLACE),
      LIST(day_words, T_NONNAME),
      LIST(loc_preps, T_LOCPREP),   LIST(particles, T_PARTICLE),
      LIST(speech_verbs, T_SPEECH), LIST(he_words, T_HE),
      LIST(she_words, T_SHE),       LIST(after_object, T_OBJNEXT),
      LIST(toward_verbs, T_TOWARD),
#undef LIST
  };
  for (int i = 1; i < N_HON; i++)
    lit_put(c, honorifics[i].text, 0, (uint8_t)i);
  for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
    for (size_t i = 0; i < lists[l].n; i++)
      lit_put(c, lists[l].w[i], lists[l].flag, 0);
  lit_put(c, "the", T_ARTICLE, 0);
  lit_put(c, "her", T_HER, 0);
}

/* The table entry for s[0, n) with fold hash h, or NULL. */
static int lit_find(const ctx *c, const char *s, size_t n, uint32_t h) {
  for (size_t j = h & (LIT_SIZE - 1); c->lit[j].w;
       j = (j + 1) & (LIT_SIZE - 1))
    if (c->lit[j].hash == h && eq_lit(s, n, c->lit[j].w))
      return (int)j;
  return -1;
}

/* Sets the static flags of a new type. */
static void classify_type(ctx *c, wtype *w) {
  const char *s = c->d->text + w->start;
  size_t n = w->len;
  bool ascii = true;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80)
      ascii = false;
  if (ascii)
    w->flags |= T_ASCII;
  if (n > LIT_MAXLEN + 1)
    return; /* longer than any listed word */
  int j = lit_find(c, s, n, w->hash);
  bool found = j >= 0;
  if (found) {
    w->flags |= c->lit[j].flags;
    w->honix = c->lit[j].honix;
  }
  /* An honorific may end in '.' (Mr. = Mr); so may a listed word that the
   * tokenizer keeps as an abbreviation (Messrs.). */
  size_t hn = n && s[n - 1] == '.' ? n - 1 : n;
  if (hn != n && hn) {
    j = lit_find(c, s, hn, drp_hash_fold(s, hn));
    if (j >= 0) {
      w->honix = c->lit[j].honix;
      if (!found)
        w->flags |= c->lit[j].flags;
    }
  }
}

/* The type of token t (interning it); -1 on failure. */
static int32_t intern_type(ctx *c, const drp_tok *t) {
  if (!grow_tab(c, &c->tab, &c->tab_cap, c->n_types + 1, type_hash))
    return -1;
  const char *s = c->d->text + t->start;
  uint32_t h = drp_hash_fold(s, t->len);
  size_t j = h & (c->tab_cap - 1);
  while (c->tab[j]) {
    wtype *w = &c->types[c->tab[j] - 1];
    if (w->hash == h && drp_fold_eq(c->d->text + w->start, w->len, s, t->len))
      return (int32_t)(c->tab[j] - 1);
    j = (j + 1) & (c->tab_cap - 1);
  }
  wtype *w = DRP_PUSH(c->d, c->types, c->n_types, c->cap_types);
  if (!w)
    return -1;
  w->hash = h;
  w->start = t->start;
  w->len = t->len;
  w->g_head = w->s_head = -1;
  classify_type(c, w);
  c->tab[j] = (uint32_t)c->n_types;
  return (int32_t)(c->n_types - 1);
}

/* Whether token i starts a sentence for capitalisation purposes: the first
 * token of a sentence, or the first word after an opening quote, a colon or
 * a dash. */
static bool initial_pos(const ctx *c, size_t i, size_t para_first) {
  const drp_tok *t = &c->d->toks[i];
  if (drp_tok_flags(t) & (DR_TF_SENT_START | DR_TF_PARA_START))
    return true;
  if (i == para_first)
    return true;
  const drp_tok *p = &c->d->toks[i - 1];
  dr_token_kind k = drp_tok_kind(p);
  if (k == DR_TOK_QUOTE || k == DR_TOK_DASH || k == DR_TOK_ELLIPSIS)
    return true;
  if (k == DR_TOK_PUNCT) {
    char ch = c->d->text[p->start];
    return ch == ':' || ch == '(' || ch == '[' || ch == ';';
  }
  return false;
}

static bool is_cap_tok(const drp_tok *t) {
  return drp_tok_kind(t) == DR_TOK_WORD &&
         (drp_tok_flags(t) & (DR_TF_CAP | DR_TF_UPPER)) != 0;
}

/* Whether type t is a given name the lexicon knows (cached in the type). */
static bool lex_given_type(ctx *c, int32_t t) {
  wtype *w = &c->types[t];
  if (w->lexgiven == 0) {
    char buf[48];
    w->lexgiven = type_lower(c, t, buf, sizeof buf) && find_given(buf) ? 1 : -1;
  }
  return w->lexgiven > 0;
}

static dr_status count_types(ctx *c) {
  dr_doc *d = c->d;
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (pa->kind != DR_PARA_TEXT)
      continue;
    size_t a = pa->first_token, b = a + pa->n_tokens;
    int32_t prev = -1, prev2 = -1; /* types of the previous word tokens */
    int32_t ahead = -1;            /* type of token i, if interned already */
    bool the_run = false;          /* inside "the" + capitalised words */
    for (size_t i = a; i < b; i++) {
      const drp_tok *t = &d->toks[i];
      if (drp_tok_kind(t) != DR_TOK_WORD) {
        prev = prev2 = -1;
        ahead = -1;
        the_run = false;
        continue;
      }
      /* The type of this word (already interned when the previous word
       * looked ahead) and of the next, so its place and speech-verb flags
       * are read, not matched again.  Both before taking w: interning may
       * move the types array. */
      int32_t ty = ahead >= 0 ? ahead : intern_type(c, t);
      if (ty < 0)
        return DR_ENOMEM;
      c->tt[i] = ty;
      int32_t nty = -1;
      if (i + 1 < b && drp_tok_kind(&d->toks[i + 1]) == DR_TOK_WORD &&
          (nty = intern_type(c, &d->toks[i + 1])) < 0)
        return DR_ENOMEM;
      ahead = nty;
      wtype *w = &c->types[ty];
      unsigned fl = drp_tok_flags(t);
      if (fl & DR_TF_UPPER) {
        /* ALL CAPS says nothing about name-ness. */
        the_run = false;
      } else if (fl & DR_TF_CAP) {
        /* The punctuation mark right after the word, or 0. */
        char pc = i + 1 < b && drp_tok_kind(&d->toks[i + 1]) == DR_TOK_PUNCT
                      ? d->text[d->toks[i + 1].start]
                      : 0;
        bool initial = initial_pos(c, i, a);
        if (initial) {
          w->capini++;
          /* "Hallo, Rabbit": a greeting before the one greeted. */
          if (pc == '!' || pc == '?' ||
              (pc == ',' && i + 2 < b && is_cap_tok(&d->toks[i + 2])))
            w->exclaim++;
        } else {
          w->capmid++;
          if (the_run)
            w->the++;
        }
        if (pc == '!')
          w->bang++;
        const wtype *pw = prev >= 0 ? &c->types[prev] : NULL;
        const wtype *pw2 = prev2 >= 0 ? &c->types[prev2] : NULL;
        /* After "looked at", "turned to", "sister to": a person.  (A
         * previous word type means a token before this one.) */
        const drp_tok *pt = pw ? &d->toks[i - 1] : NULL;
        bool toward = pw && (pw->flags & T_LOCPREP) && pw2 &&
                      (pw2->flags & T_TOWARD) &&
                      (drp_fold_eq(d->text + pt->start, pt->len, "at", 2) ||
                       drp_fold_eq(d->text + pt->start, pt->len, "to", 2));
        /* The word before is written with a capital. */
        bool pcap = pw && (d->text[pt->start] & 0x20) == 0;
        /* "in New York": a capitalised word (no honorific) between. */
        bool cap_between = pcap && !pw->honix;
        if (!toward &&
            pw && ((pw->flags & T_LOCPREP) ||
                   (((pw->flags & T_ARTICLE) || cap_between) && pw2 &&
                    (pw2->flags & T_LOCPREP))))
          w->loc++;
        if (pcap && pw->honix && !(pw->flags & T_ARTICLE))
          w->hon++;
        if (cap_between && !initial && lex_given_type(c, prev))
          w->given++;
        /* "the men of Coketown", not "the Queen of Hearts". */
        if (pw && drp_fold_eq(d->text + pt->start, pt->len, "of", 2) &&
            !(i >= 2 && is_cap_tok(&d->toks[i - 2])))
          w->of++;
        if (pw && ((pw->flags & T_SPEECH) ||
                   ((pw->flags & T_ARTICLE) && pw2 && (pw2->flags & T_SPEECH))))
          w->said++;
        if (nty >= 0) {
          const drp_tok *n = &d->toks[i + 1];
          unsigned nfl = c->types[nty].flags;
          if (is_cap_tok(n)) {
            if (nfl & T_PLACE)
              w->place++;
          } else if (nfl & T_SPEECH) {
            w->said++;
          }
        }
      } else {
        w->lower++;
        the_run = false;
      }
      if (w->flags & T_ARTICLE)
        the_run = true;
      prev2 = prev;
      prev = ty;
    }
  }
  return DR_OK;
}

/* The type with folded text s[0, n), or -1. */
static int32_t find_type(const ctx *c, const char *s, size_t n) {
  if (!c->tab_cap)
    return -1;
  uint32_t h = drp_hash_fold(s, n);
  size_t j = h & (c->tab_cap - 1);
  while (c->tab[j]) {
    const wtype *w = &c->types[c->tab[j] - 1];
    if (w->hash == h && drp_fold_eq(c->d->text + w->start, w->len, s, n))
      return (int32_t)(c->tab[j] - 1);
    j = (j + 1) & (c->tab_cap - 1);
  }
  return -1;
}

/* A surname's plural: the word less its "s" (or the "es" after s, x, z,
 * ch or sh: the Lucases) is a word the text writes after an honorific
 * (Mr. Musgrove, Miss Steele, Admiral Croft) and no given name (Sir
 * William does not make Mr. Williams a family).  "The Musgroves" and "the
 * Miss Steeles" are families, not characters. */
static bool surname_type(ctx *c, int32_t t) {
  char buf[48];
  return t >= 0 && c->types[t].hon >= 1 &&
         !(type_lower(c, t, buf, sizeof buf) && find_given(buf));
}

static bool family_plural(ctx *c, const wtype *w) {
  const char *s = c->d->text + w->start;
  size_t n = w->len;
  if (n < 4 || lc((unsigned char)s[n - 1]) != 's')
    return false;
  if (surname_type(c, find_type(c, s, n - 1)))
    return true;
  if (n < 5 || lc((unsigned char)s[n - 2]) != 'e')
    return false;
  char a = lc((unsigned char)s[n - 3]), b = lc((unsigned char)s[n - 4]);
  if (!(a == 's' || a == 'x' || a == 'z' ||
        (a == 'h' && (b == 'c' || b == 's'))))
    return false;
  return surname_type(c, find_type(c, s, n - 2));
}

/* Decides which types are name words and title-names (phase 1). */
static void decide_names(ctx *c) {
  for (size_t i = 0; i < c->n_types; i++) {
    wtype *w = &c->types[i];
    uint32_t cm = w->capmid, ci = w->capini, l = w->lower;
    if (cm + ci == 0 || w->len < 2 || (w->flags & T_ARTICLE))
      continue;
    /* A title-name: mostly "the X" in mid-sentence, next to a speech verb
     * at least once (said the Hatter), not a place, not a plural of a
     * name (the Bennets). */
    if (cm >= 2 && w->the * 3 >= cm * 2 && w->said >= 1 && w->loc * 4 <= cm &&
        !(w->flags & T_PLACE)) {
      const char *s = c->d->text + w->start;
      int32_t sing = w->len > 3 && lc((unsigned char)s[w->len - 1]) == 's'
                         ? find_type(c, s, w->len - 1u)
                         : -1;
      /* Not a nationality: "said the Englishman" is a role, not a
       * title-name like the Hatter. */
      char lw[48];
      bool demonym = type_lower(c, (int32_t)i, lw, sizeof lw) &&
                     find_nonname(lw) && !find_given(lw);
      if ((sing < 0 || c->types[sing].capmid == 0) && !demonym)
        w->flags |= T_TITLE;
    }
    if (w->flags & T_NEVER || w->honix)
      continue;
    /* The Musgroves, the Miss Steeles: a family, a group, not one person,
     * even after an honorific. */
    if (family_plural(c, w)) {
      w->flags |= T_NEVER;
      continue;
    }
    /* A place: mostly after "in", or before "Park". */
    if ((w->loc + w->place) * 3 > cm + ci)
      continue;
    /* ...or, counting "of" too, nearly half the time, if seen ten times,
     * never after an honorific and seldom by a speech verb: "the men of
     * Coketown", "from Coketown", "the Castle of Chillon". */
    if (!w->hon && w->said * 10 < cm && cm + ci >= OF_MIN &&
        (w->loc + w->place + w->of) * 100 > (cm + ci) * OF_SHARE)
      continue;
    bool common = false, nonname = (w->flags & T_NONNAME) != 0;
    bool known = false, given = false;
    char buf[48];
    if (type_lower(c, (int32_t)i, buf, sizeof buf)) {
      const lex_word_t *lw = find_word(buf);
      bool alias = false;
      if (lw) {
        known = (lw->lower & ~LEX_EXCLUDE) != 0;
        alias = (lw->alias & ~LEX_EXCLUDE) != 0;
        common = popcount32(lw->lower & ~LEX_EXCLUDE) >= 3 && !alias;
      }
      /* India, Avenue, Himalayan, Englishmen: unless some cast is called
       * so. */
      given = find_given(buf) != NULL;
      if (!nonname && !alias && find_nonname(buf) && !given)
        nonname = true;
    }
    if (nonname)
      w->flags |= T_NONNAME;
    /* A person: after an honorific, or next to a speech verb (twice, or
     * once in a text that never writes it lower case: "Much said"). */
    bool person = w->hon >= 1 || w->said >= 2 || (w->said >= 1 && l == 0);
    /* A non-name needs more: an honorific, or a speech verb next to it
     * often enough ("said the Indian" once in 157 "Indian"s is a role). */
    if (nonname && !w->hon && w->said * 10 < cm)
      person = false;
    bool name;
    if (person && cm >= 1 && cm >= l)
      name = true;
    else if (w->bang * 2 > cm + ci && !given)
      name = false; /* mostly an exclamation: "Hush!", "_Aha!_" (a given
                       name called out is still one: "Pat! Pat!") */
    else if (nonname)
      name = false;
    else if (cm >= 2 && cm >= 3 * l)
      name = true; /* the text itself insists */
    else if (w->given >= GIVEN_MIN && cm - w->given >= GIVEN_MIN &&
             !(w->flags & T_PLACE)) {
      name = true; /* "Jonathan Small", then "said Small" */
    } else if (common)
      name = false;
    else if (cm >= 1 && cm >= l)
      name = true;
    else
      /* Only ever at sentence starts: a name if it is no word the
       * lexicon knows in lower case and it comes back -- and is not
       * mostly an exclamation ("Aha!", "Hush!"; a vocative "Lizzy, ..."
       * is followed by a comma). */
      name = cm == 0 && l == 0 && !known && ci >= 2 && w->exclaim * 2 <= ci;
    if (!name && cm == 0 && l == 0 && !known && !nonname)
      w->flags |= T_MAYBE;
    if (name)
      w->flags |= T_NAME;
    if (w->flags & (T_NAME | T_MAYBE))
      set_priors(c, (int32_t)i);
  }
}

/* ------------------------------------------------------------------------ */
/* Phase 2-3: mentions, keys and forms                                       */
/* ------------------------------------------------------------------------ */

/* The slot of the key (hon, part[0, n)) in ktab: its entry, or the empty
 * slot where it would go.  *h gets its hash. */
static size_t key_slot(const ctx *c, uint8_t hon, const int32_t *part,
                       uint8_t n, uint32_t *hp) {
  uint32_t h = mix(2166136261u, hon);
  for (int i = 0; i < n; i++)
    h = mix(h, (uint32_t)part[i]);
  *hp = h;
  size_t j = h & (c->ktab_cap - 1);
  while (c->ktab[j]) {
    const nkey *k = &c->keys[c->ktab[j] - 1];
    if (k->hash == h && k->hon == hon && k->n == n &&
        memcmp(k->part, part, n * sizeof *part) == 0)
      break;
    j = (j + 1) & (c->ktab_cap - 1);
  }
  return j;
}

/* The key (hon, part[0, n)) if the text has it, else NULL. */
static const nkey *find_key(const ctx *c, uint8_t hon, const int32_t *part,
                            uint8_t n) {
  if (!c->ktab_cap)
    return NULL;
  uint32_t h;
  size_t j = key_slot(c, hon, part, n, &h);
  return c->ktab[j] ? &c->keys[c->ktab[j] - 1] : NULL;
}

static int32_t intern_key(ctx *c, uint8_t hon, const int32_t *part, uint8_t n) {
  if (!grow_tab(c, &c->ktab, &c->ktab_cap, c->n_keys + 1, key_hash))
    return -1;
  uint32_t h;
  size_t j = key_slot(c, hon, part, n, &h);
  if (c->ktab[j])
    return (int32_t)(c->ktab[j] - 1);
  nkey *k = DRP_PUSH(c->d, c->keys, c->n_keys, c->cap_keys);
  if (!k)
    return -1;
  k->hash = h;
  k->hon = hon;
  k->n = n;
  memcpy(k->part, part, n * sizeof *part);
  k->ent = -1;
  c->ktab[j] = (uint32_t)c->n_keys;
  return (int32_t)(c->n_keys - 1);
}

/* The surface form of tokens [a, b): their texts joined by one space where
 * the source has white space between them. */
static int32_t intern_form(ctx *c, size_t a, size_t b, int32_t key) {
  dr_doc *d = c->d;
  size_t need = c->n_str;
  for (size_t i = a; i < b; i++)
    need += d->toks[i].len + 1u;
  if (!drp_reserve(d, (void **)&c->str, &c->cap_str, need + 1, 1))
    return -1;
  size_t off = c->n_str, n = 0;
  for (size_t i = a; i < b; i++) {
    const drp_tok *t = &d->toks[i];
    if (i > a && (drp_tok_flags(t) & DR_TF_SPACE_BEFORE))
      c->str[off + n++] = ' ';
    memcpy(c->str + off + n, d->text + t->start, t->len);
    n += t->len;
  }
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)c->str[off + i]) * 16777619u;
  if (!grow_tab(c, &c->ftab, &c->ftab_cap, c->n_forms + 1, form_hash))
    return -1;
  size_t j = h & (c->ftab_cap - 1);
  while (c->ftab[j]) {
    nform *f = &c->forms[c->ftab[j] - 1];
    if (f->hash == h && f->len == n && f->key == key &&
        memcmp(c->str + f->off, c->str + off, n) == 0)
      return (int32_t)(c->ftab[j] - 1);
    j = (j + 1) & (c->ftab_cap - 1);
  }
  nform *f = DRP_PUSH(d, c->forms, c->n_forms, c->cap_forms);
  if (!f)
    return -1;
  f->hash = h;
  f->off = (uint32_t)off;
  f->len = (uint32_t)n;
  f->key = key;
  c->n_str = off + n;
  c->ftab[j] = (uint32_t)c->n_forms;
  return (int32_t)(c->n_forms - 1);
}

/* The quote holding byte s, or NULL.  *q is a cursor: quotes are sorted by
 * start and s only grows. */
const dr_quote *drp_quote_at(const dr_doc *d, size_t *q, size_t s) {
  while (*q + 1 < d->n_quotes && d->quotes[*q + 1].start <= s)
    (*q)++;
  if (*q >= d->n_quotes)
    return NULL;
  size_t i = *q;
  for (int depth = 0; depth < 8 && i != DR_NONE; depth++) {
    const dr_quote *x = &d->quotes[i];
    if (x->start <= s && s < x->end)
      return x;
    i = x->parent;
    if (i != DR_NONE && i >= d->n_quotes)
      break;
  }
  /* An earlier, longer quote may still hold s (a quote with a nested one
   * that ended). */
  for (size_t k = *q, n = 0; k-- > 0 && n < 4; n++) {
    const dr_quote *x = &d->quotes[k];
    if (x->start <= s && s < x->end)
      return x;
  }
  return NULL;
}

/* Whether token i is a word that may stand before a vocative ("Oh, dear
 * Jane!"). */
static bool voc_pre(const dr_doc *d, size_t i) {
  const drp_tok *t = &d->toks[i];
  if (drp_tok_kind(t) != DR_TOK_WORD || t->len > 8)
    return false;
  for (size_t k = 0; k < sizeof voc_before / sizeof *voc_before; k++)
    if (eq_lit(d->text + t->start, t->len, voc_before[k]))
      return true;
  return false;
}

/* Whether the token before a vocative is a fitting left edge. */
static bool voc_left(const dr_doc *d, size_t i, size_t para_first,
                     const dr_quote *q) {
  if (i == para_first || d->toks[i].start <= q->start)
    return true;
  const drp_tok *p = &d->toks[i - 1];
  if (p->start < q->start)
    return true;
  dr_token_kind k = drp_tok_kind(p);
  if (k == DR_TOK_QUOTE || k == DR_TOK_DASH || k == DR_TOK_ELLIPSIS)
    return true;
  if (k == DR_TOK_PUNCT)
    return strchr(",;:!?.", d->text[p->start]) != NULL;
  if (voc_pre(d, i - 1))
    return i - 1 == para_first || p->start <= q->start ||
           voc_left(d, i - 1, para_first, q);
  return false;
}

static bool voc_right(const dr_doc *d, size_t j, size_t para_end,
                      const dr_quote *q) {
  if (j >= para_end)
    return true;
  const drp_tok *t = &d->toks[j];
  if (t->start >= q->end)
    return true;
  dr_token_kind k = drp_tok_kind(t);
  if (k == DR_TOK_QUOTE || k == DR_TOK_DASH || k == DR_TOK_ELLIPSIS)
    return true;
  if (k == DR_TOK_PUNCT)
    return strchr(",;:!?.", d->text[t->start]) != NULL;
  return false;
}

bool drp_vocative(const dr_doc *d, size_t i, size_t e, size_t para_first,
                  size_t para_end, const dr_quote *q) {
  return voc_left(d, i, para_first, q) && voc_right(d, e, para_end, q);
}

/* The pronoun vote for a narration mention ending before token j. */
static int8_t pronoun_vote(const ctx *c, size_t j, size_t para_end,
                           bool narr) {
  const dr_doc *d = c->d;
  int starts = 0;
  for (size_t k = j; k < para_end && k < j + PRON_WINDOW; k++) {
    const drp_tok *t = &d->toks[k];
    dr_token_kind kind = drp_tok_kind(t);
    if (kind == DR_TOK_QUOTE && narr) {
      /* said Sybil. "I think so," she added: the quote the name
       * introduces, then a pronoun as the first word after it. */
      size_t e = k + 1;
      while (e < para_end && drp_tok_kind(&d->toks[e]) != DR_TOK_QUOTE)
        e++;
      for (e++; e < para_end; e++) {
        dr_token_kind ek = drp_tok_kind(&d->toks[e]);
        if (ek == DR_TOK_WORD)
          break;
        if (ek == DR_TOK_QUOTE)
          return 0;
      }
      if (e >= para_end || c->tt[e] < 0)
        return 0;
      uint16_t f = c->types[c->tt[e]].flags;
      return (f & T_HE) ? 1 : (f & T_SHE) && !(f & T_HER) ? -1 : 0;
    }
    if (kind == DR_TOK_QUOTE)
      return 0;
    if (drp_tok_flags(t) & DR_TF_SENT_START && ++starts > 1)
      return 0;
    if (kind != DR_TOK_WORD || c->tt[k] < 0)
      continue;
    const wtype *w = &c->types[c->tt[k]];
    if (w->flags & T_HE)
      return 1;
    if (w->flags & T_SHE)
      return -1;
    if (w->flags & T_HER) {
      /* Possessive "her" (her sister) before a word that is not a
       * preposition or article. */
      const drp_tok *n = k + 1 < para_end ? &d->toks[k + 1] : NULL;
      if (n && drp_tok_kind(n) == DR_TOK_WORD && c->tt[k + 1] >= 0 &&
          !(c->types[c->tt[k + 1]].flags & T_OBJNEXT))
        return -1;
      continue;
    }
    if ((w->flags & T_NAME) && (drp_tok_flags(t) & DR_TF_CAP))
      return 0; /* another name comes first */
  }
  return 0;
}

/* How many tokens the bare initial at token k spans: one capital letter
 * (not the pronoun I) with its period, "E." (one token) or "E" "." (two);
 * 0 if it is none. */
static size_t initial_len(const dr_doc *d, size_t k, size_t b) {
  const drp_tok *t = &d->toks[k];
  if (drp_tok_kind(t) != DR_TOK_WORD)
    return 0;
  char ch = d->text[t->start];
  if (ch < 'A' || ch > 'Z' || ch == 'I')
    return 0;
  if (t->len == 2 && d->text[t->start + 1] == '.')
    return 1;
  if (t->len == 1 && k + 1 < b &&
      drp_tok_kind(&d->toks[k + 1]) == DR_TOK_PUNCT &&
      d->toks[k + 1].len == 1 && d->text[d->toks[k + 1].start] == '.' &&
      !(drp_tok_flags(&d->toks[k + 1]) & DR_TF_SPACE_BEFORE))
    return 2;
  return 0;
}

/* Initials inside a name (Mr. E. W. B. Childers, John H. Watson): how
 * many tokens the initial at token k spans when at most MAX_INITIALS
 * initials lead from it to a capitalised word that may follow a name (not
 * a never-name, non-name or place: "King Henry V. He ..." ends at V); 0
 * if they do not. */
#define MAX_INITIALS 4
static size_t initial_at(const ctx *c, size_t k, size_t b) {
  const dr_doc *d = c->d;
  size_t n = initial_len(d, k, b), at = k + n;
  if (!n)
    return 0;
  for (int i = 1; i < MAX_INITIALS && at < b; i++) {
    size_t m = initial_len(d, at, b);
    if (!m)
      break;
    at += m;
  }
  if (at >= b || !is_cap_tok(&d->toks[at]) || c->tt[at] < 0)
    return 0;
  const wtype *w = &c->types[c->tt[at]];
  if ((w->flags & (T_NEVER | T_NONNAME | T_PLACE)) || w->honix)
    return 0;
  return n;
}

/* How many lower-case particles (at most two: van der, de la) start at
 * token k and lead to a capitalised word before b; 0 if they do not. */
static size_t particle_run(const ctx *c, size_t k, size_t b) {
  const dr_doc *d = c->d;
  size_t n = 0;
  while (k + n < b && n < 2 && c->tt[k + n] >= 0 &&
         !is_cap_tok(&d->toks[k + n]) &&
         (c->types[c->tt[k + n]].flags & T_PARTICLE))
    n++;
  if (n == 0 || k + n >= b || !is_cap_tok(&d->toks[k + n]) ||
      c->tt[k + n] < 0)
    return 0;
  return n;
}

/* The word types of a heading's tokens.  A heading adds no statistics
 * (Title Case capitalises every word), so a word the story never uses
 * gets a type that is no name; honorifics are known all the same. */
static dr_status heading_types(ctx *c, const dr_paragraph *pa) {
  const dr_doc *d = c->d;
  for (size_t i = pa->first_token; i < pa->first_token + pa->n_tokens; i++)
    if (drp_tok_kind(&d->toks[i]) == DR_TOK_WORD &&
        (c->tt[i] = intern_type(c, &d->toks[i])) < 0)
      return DR_ENOMEM;
  return DR_OK;
}

/* Whether type t is a rank or title that may stand alone after "the"
 * (Admiral, Colonel, Inspector, Duke; not Mr., Mrs., Miss). */
static bool title_word(const ctx *c, int32_t t) {
  if (t < 0 || !c->types[t].honix)
    return false;
  int cls = honorifics[c->types[t].honix].cls;
  return cls == HC_TITLE || cls == HC_GIVEN;
}

static dr_status find_mentions(ctx *c) {
  dr_doc *d = c->d;
  size_t q = 0, s = 0;
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    /* A chapter title names people too ("Chapter VI: The Reverend Arthur
     * Beebe, ... and Miss Lucy Honeychurch Drive Out"), but in Title Case:
     * there a name is made only of words the story uses as names. */
    bool heading = pa->kind == DR_PARA_HEADING;
    if (pa->kind != DR_PARA_TEXT && !heading)
      continue;
    if (heading && heading_types(c, pa) != DR_OK)
      return DR_ENOMEM;
    size_t a = pa->first_token, b = a + pa->n_tokens;
    uint32_t last_sent_named = UINT32_MAX;
    for (size_t i = a; i < b; i++) {
      const drp_tok *t = &d->toks[i];
      if (drp_tok_kind(t) != DR_TOK_WORD || c->tt[i] < 0)
        continue;
      const wtype *w = &c->types[c->tt[i]];
      uint8_t hon = 0;
      size_t j = i;
      int32_t part[MAXP];
      uint8_t n = 0;
      size_t e = j;
      if (heading && (w->flags & T_ARTICLE))
        continue;
      if (w->flags & T_ARTICLE) {
        /* the + capitalised words ending in a title-name: the Hatter, the
         * Mock Turtle, the General. */
        size_t k = i + 1;
        while (
            k < b && k < i + 1 + MAXP && is_cap_tok(&d->toks[k]) &&
            c->tt[k] >= 0 && !(drp_tok_flags(&d->toks[k]) & DR_TF_UPPER) &&
            (!(c->types[c->tt[k]].flags & (T_NEVER | T_PLACE)) ||
             (c->types[c->tt[k]].flags & T_TITLE) ||
             (k == i + 1 && title_word(c, c->tt[k]))) &&
            (k == i + 1 || (drp_tok_flags(&d->toks[k]) & DR_TF_SPACE_BEFORE)))
          k++;
        /* ... or one rank or title alone: "the Admiral", "the Colonel"
         * (place_the gives it to the one character so titled). */
        bool rank = k == i + 2 && title_word(c, c->tt[i + 1]);
        if (k == i + 1 ||
            (!(c->types[c->tt[k - 1]].flags & T_TITLE) && !rank) ||
            (k < b && is_cap_tok(&d->toks[k])))
          continue;
        hon = HON_THE;
        for (e = i + 1; e < k; e++)
          part[n++] = c->tt[e];
      } else {
        if (!is_cap_tok(t))
          continue;
        /* Mr. van der Luyden: the particles belong to the name. */
        size_t pr = w->honix && i + 1 < b ? particle_run(c, i + 1, b) : 0;
        if (w->honix && i + 1 + pr < b &&
            ((is_cap_tok(&d->toks[i + 1 + pr]) && c->tt[i + 1 + pr] >= 0 &&
              !(c->types[c->tt[i + 1 + pr]].flags & T_NEVER) &&
              !c->types[c->tt[i + 1 + pr]].honix &&
              (!heading || (c->types[c->tt[i + 1 + pr]].flags & T_NAME))) ||
             (!pr && !heading && initial_at(c, i + 1, b)))) {
          hon = honorifics[w->honix].norm;
          j = i + 1;
        } else if (!(w->flags & T_NAME) &&
                   !(!heading && (w->flags & T_MAYBE) && i + 1 < b &&
                     is_cap_tok(&d->toks[i + 1]) && c->tt[i + 1] >= 0 &&
                     (c->types[c->tt[i + 1]].flags & T_NAME))) {
          continue;
        }
        /* Name words from j. */
        e = j;
        bool too_long = false;
        while (e < b) {
          const drp_tok *u = &d->toks[e];
          /* Initials inside a name (Mr. E. W. B. Childers, John H.
           * Watson) stay in the text, not in the key. */
          size_t ni = n > 0 || hon ? initial_at(c, e, b) : 0;
          if (ni) {
            e += ni;
            continue;
          }
          int32_t ty = c->tt[e];
          if (ty < 0)
            break;
          const wtype *uw = &c->types[ty];
          if (n == 0 && hon && e == j && !is_cap_tok(u)) {
            /* Mr. van der Luyden is Mr. Luyden's key: the particles stay
             * in the text only. */
            size_t np = particle_run(c, e, b);
            if (!np)
              break;
            e += np;
            j = e;
            continue;
          }
          bool ok;
          if (is_cap_tok(u) && heading)
            ok = (uw->flags & T_NAME) != 0;
          else if (is_cap_tok(u))
            ok = (uw->flags & T_NAME) ||
                 (e == j && hon && !(uw->flags & T_NEVER)) ||
                 (e == i && (uw->flags & T_MAYBE)) ||
                 /* Jonathan Small: a capitalised word in mid-sentence
                  * right after a name word. */
                 (n > 0 && !(uw->flags & (T_NEVER | T_NONNAME | T_PLACE)) &&
                  !(drp_tok_flags(u) & DR_TF_UPPER) && !initial_pos(c, e, a) &&
                  uw->len >= 2);
          else {
            /* Catherine de Bourgh, Henry van der Luyden. */
            size_t np = n > 0 ? particle_run(c, e, b) : 0;
            ok = np && (c->types[c->tt[e + np]].flags & T_NAME);
          }
          if (!ok || uw->honix || (n > 0 && part[n - 1] == ty))
            break;
          if ((uw->flags & T_PLACE) && n > 0)
            break;
          if (e > j && !(drp_tok_flags(u) & DR_TF_SPACE_BEFORE) &&
              drp_tok_kind(&d->toks[e - 1]) == DR_TOK_WORD)
            break;
          if (n == MAXP) {
            too_long = true;
            break;
          }
          part[n++] = ty;
          e++;
        }
        if (n == 0)
          continue;
        /* The place word of a place whose first word is no name: the Hall
         * of "Kellynch Hall", the Inn of "Lincoln's Inn Fields". */
        if (!hon && (c->types[part[0]].flags & T_PLACE) && i > a &&
            is_cap_tok(&d->toks[i - 1]) && c->tt[i - 1] >= 0 &&
            !c->types[c->tt[i - 1]].honix) {
          i = e - 1;
          continue;
        }
        /* A title after the name: Hamidullah Begum is Hamidullah's wife,
         * as Mrs. Hamidullah would be. */
        if (!hon && e < b && is_cap_tok(&d->toks[e]) && c->tt[e] >= 0 &&
            c->types[c->tt[e]].honix &&
            honorifics[c->types[c->tt[e]].honix].norm == HON_BEGUM) {
          hon = HON_BEGUM;
          e++;
        }
        /* A place (Netherfield Park), or a run too long to be a name. */
        if (too_long || (e < b && is_cap_tok(&d->toks[e]) && c->tt[e] >= 0 &&
                         (c->types[c->tt[e]].flags & T_PLACE))) {
          while (e < b && is_cap_tok(&d->toks[e]))
            e++;
          i = e - 1;
          continue;
        }
      }
      /* Sentence index for this token. */
      while (s + 1 < d->n_sents && d->sents[s + 1].first_token <= i)
        s++;
      int32_t key = intern_key(c, hon, part, n);
      if (key < 0)
        return DR_ENOMEM;
      int32_t form = intern_form(c, i, e, key);
      if (form < 0)
        return DR_ENOMEM;
      nmention *m = DRP_PUSH(d, c->ms, c->n_ms, c->cap_ms);
      if (!m)
        return DR_ENOMEM;
      m->start = t->start;
      m->end = drp_tok_end(&d->toks[e - 1]);
      m->sent = (uint32_t)s;
      m->key = key;
      m->form = form;
      m->ent = -1;
      m->kind = DR_MENTION_NAME;
      const dr_quote *qq = drp_quote_at(d, &q, m->start);
      if (qq && drp_vocative(d, i, e, a, b, qq))
        m->kind = DR_MENTION_VOCATIVE;
      else if (last_sent_named != s && !heading)
        /* Inside a quote the scan stops at its closing mark. */
        m->pron = pronoun_vote(c, e, b, qq == NULL);
      last_sent_named = (uint32_t)s;
      nkey *k = &c->keys[key];
      k->count++;
      if (m->pron > 0)
        k->pm++;
      else if (m->pron < 0)
        k->pf++;
      i = e - 1;
    }
  }
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* Phases 4-7: clustering                                                    */
/* ------------------------------------------------------------------------ */

static int32_t root(ctx *c, int32_t e) {
  while (c->ents[e].parent != e) {
    c->ents[e].parent = c->ents[c->ents[e].parent].parent;
    e = c->ents[e].parent;
  }
  return e;
}

/* The weight of a key's first word as a given name: 0.8 for a full name
 * or a bare word, 0.5 after Sir, Lady, Aunt... (either a given name or a
 * surname), 0 after Mr., Mrs., ranks (a surname). */
static double given_weight(const nkey *k) {
  if (k->n >= 2 || (k->n == 1 && !k->hon))
    return 0.8;
  if (k->n == 1 && hon_of(k->hon)->cls == HC_GIVEN)
    return 0.5;
  return 0;
}

/* The guess a key's given name's ending gives, if the key names one. */
static double key_ending(const ctx *c, const nkey *k) {
  return given_weight(k) > 0 ? ENDING_W * ending_prior(c, k->part[0]) : 0;
}

/* The gender evidence a key brings without its ending: honorific,
 * given-name prior, pronouns. */
static double key_evidence_known(const ctx *c, const nkey *k) {
  double ev = 0;
  int hg = hon_of(k->hon)->gender;
  ev += 4.0 * hg;
  ev += given_weight(k) * given_prior(c, k->part[0]);
  int pv = k->pm - k->pf;
  if (pv > 8)
    pv = 8;
  if (pv < -8)
    pv = -8;
  ev += 0.6 * pv;
  return ev;
}

/* ... and with it: a name's ending is a guess for when its pronouns say
 * nothing. */
static double key_evidence(const ctx *c, const nkey *k) {
  return key_evidence_known(c, k) + (k->pm + k->pf ? 0 : key_ending(c, k));
}

/* Gender evidence below this, either way, is no lean at all. */
#define LEAN 0.5

/* -1 female, +1 male, 0 unknown, from evidence. */
static int sign_of(double ev) { return ev >= 1.5 ? 1 : ev <= -1.5 ? -1 : 0; }

static bool gender_ok(const ctx *c, int32_t e, int g) {
  int eg = sign_of(c->ents[e].ev);
  return g == 0 || eg == 0 || eg == g;
}

static int32_t new_entity(ctx *c, int32_t key) {
  nent *e = DRP_PUSH(c->d, c->ents, c->n_ents, c->cap_ents);
  if (!e)
    return -1;
  int32_t id = (int32_t)(c->n_ents - 1);
  e->given = e->surname = -1;
  e->next_g = e->next_s = -1;
  e->parent = id;
  e->out = -1;
  e->canon_given = -1;
  e->husband = -1;
  (void)key;
  return id;
}

static void set_given(ctx *c, int32_t e, int32_t t) {
  if (t < 0 || c->ents[e].given >= 0)
    return;
  c->ents[e].given = t;
  c->ents[e].next_g = c->types[t].g_head;
  c->types[t].g_head = e;
}

static void set_surname(ctx *c, int32_t e, int32_t t) {
  if (t < 0 || c->ents[e].surname >= 0)
    return;
  c->ents[e].surname = t;
  c->ents[e].next_s = c->types[t].s_head;
  c->types[t].s_head = e;
}

static void assign(ctx *c, nkey *k, int32_t e) {
  k->ent = e;
  nent *x = &c->ents[e];
  x->ev += key_evidence(c, k);
  x->count += k->count;
  if (k->hon)
    x->hons |= 1u << hon_of(k->hon)->cls;
  if (k->hon && k->hon < 64)
    x->hnorm |= (uint64_t)1 << k->hon;
  if (k->n >= 2)
    x->full = 1;
}

/* qsort has no context argument in C11: sort (size, count, index) tuples
 * instead. */
typedef struct {
  uint32_t n, count;
  int32_t key;
} korder;

static int cmp_korder(const void *a, const void *b) {
  const korder *x = a, *y = b;
  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->key < y->key ? -1 : (x->key > y->key);
}

/* Phase 4: full names. */
static dr_status place_full(ctx *c, nkey *k) {
  int hg = hon_of(k->hon)->gender;
  int cls = hon_of(k->hon)->cls;
  int32_t given = k->part[0], sur = k->part[k->n - 1];
  double prior = given_prior(c, given);
  /* Mrs. John Dashwood: the husband's name, known as a man's from the
   * lexicon, its ending, or the text's own Julius Beaufort or Mr. Julius
   * Beaufort with his pronouns. */
  bool husbands = false;
  if (cls == HC_MRS) {
    const nkey *plain = find_key(c, 0, k->part, k->n);
    const nkey *mr = find_key(c, HON_MR, k->part, k->n);
    husbands = prior >= 1.0 || (prior == 0 && ending_prior(c, given) > 0) ||
               mr || (plain && sign_of(key_evidence(c, plain)) > 0);
  }
  /* A plain full name goes by its own pronouns: Julius Beaufort is not
   * the Mrs. Julius Beaufort already placed. */
  int g = hg ? hg : sign_of(key_evidence(c, k));
  int32_t found = -1;
  if (!husbands) {
    int steps = 0;
    for (int32_t e = c->types[given].g_head; e >= 0 && steps < MAX_CHAIN;
         e = c->ents[e].next_g, steps++)
      if (c->ents[e].surname == sur && c->ents[e].full && gender_ok(c, e, g)) {
        found = e;
        break;
      }
  } else {
    int steps = 0;
    for (int32_t e = c->types[sur].s_head; e >= 0 && steps < MAX_CHAIN;
         e = c->ents[e].next_s, steps++)
      if (c->ents[e].mrs_full && c->ents[e].given < 0 &&
          c->ents[e].husband == given) {
        found = e;
        break;
      }
  }
  if (found < 0) {
    found = new_entity(c, (int32_t)(k - c->keys));
    if (found < 0)
      return DR_ENOMEM;
    if (!husbands)
      set_given(c, found, given);
    else
      c->ents[found].husband = given;
    set_surname(c, found, sur);
  }
  if (cls == HC_MRS)
    c->ents[found].mrs_full = 1;
  if (k->hon == HON_SIR || k->hon == HON_LORD)
    c->ents[found].titled |= TITLED_MAN;
  else if (k->hon == HON_LADY || k->hon == HON_DAME)
    c->ents[found].titled |= TITLED_WOMAN;
  assign(c, k, found);
  return DR_OK;
}

/* Entities on a chain that pass a filter; returns how many (up to max). */
typedef bool (*ent_filter)(const ctx *c, int32_t e, const nkey *k);

static int collect(ctx *c, int32_t head, bool by_given, ent_filter f,
                   const nkey *k, int32_t *out, int max) {
  int n = 0, steps = 0;
  for (int32_t e = head; e >= 0 && steps < MAX_CHAIN;
       e = by_given ? c->ents[e].next_g : c->ents[e].next_s, steps++) {
    if (!f(c, e, k))
      continue;
    bool dup = false;
    for (int i = 0; i < n; i++)
      if (out[i] == e)
        dup = true;
    if (!dup && n < max)
      out[n++] = e;
  }
  return n;
}

static bool f_given_hon(const ctx *c, int32_t e, const nkey *k) {
  return c->ents[e].full && gender_ok(c, e, hon_of(k->hon)->gender);
}

static bool f_mr(const ctx *c, int32_t e, const nkey *k) {
  (void)k;
  const nent *x = &c->ents[e];
  if (x->hons & ((1u << HC_MRS) | (1u << HC_MISS) | (1u << HC_MS)))
    return false;
  /* Sir Walter Elliot is never Mr. Elliot, unless the text also calls him
   * Mr. by full name: a knight or a lord is "Sir Walter" (Mr. Elliot is
   * his heir, Mr. Bertram Sir Thomas's son). */
  if ((x->titled & TITLED_MAN) && !(x->hnorm & ((uint64_t)1 << HON_MR)))
    return false;
  /* A full name, a Mr., or a man known only by a rank or title and this
   * surname (Comrade Witherspoon, Dr. Grant); not a name that leans female
   * at all (Jane Bennet, Caroline Bingley: a woman's name ending is
   * evidence enough to keep Mr. away). */
  return x->ev > -LEAN &&
         (x->full || (x->hons & (1u << HC_MR)) || x->hons == (1u << HC_TITLE));
}

/* Mrs. X is Mrs. Sophia X, never Mrs. John X (that names the husband,
 * and says that plain Mrs. X is another woman). */
static bool f_mrs(const ctx *c, int32_t e, const nkey *k) {
  (void)k;
  return c->ents[e].mrs_full && c->ents[e].given >= 0;
}

/* Mrs. X when the text has one Mrs. <Husband> X and no Mrs. <Given> X:
 * the same woman (Mrs. Henry van der Luyden, Mrs. van der Luyden). */
static bool f_mrs_husband(const ctx *c, int32_t e, const nkey *k) {
  (void)k;
  return c->ents[e].mrs_full && c->ents[e].given < 0 &&
         c->ents[e].husband >= 0;
}

static bool f_miss(const ctx *c, int32_t e, const nkey *k) {
  (void)k;
  const nent *x = &c->ents[e];
  /* Lady Catherine de Bourgh is not Miss de Bourgh (her daughter). */
  return x->full && x->ev < LEAN && !x->miss_given && !x->mrs_full &&
         !(x->titled & TITLED_WOMAN) && !(x->hons & (1u << HC_MR));
}

/* The military ranks' normalised indices: a man the text calls Captain
 * X is not its General X (the Tilneys: Captain Frederick, the General). */
#define RANK_NORMS                                                         \
  (((uint64_t)1 << 18) | ((uint64_t)1 << 20) | ((uint64_t)1 << 26) |       \
   ((uint64_t)1 << 28) | ((uint64_t)1 << 30) | ((uint64_t)1 << 32) |       \
   ((uint64_t)1 << 34))

static bool f_title_any(const ctx *c, int32_t e, const nkey *k) {
  const nent *x = &c->ents[e];
  int hg = hon_of(k->hon)->gender;
  if (hg > 0 && (x->hons & ((1u << HC_MRS) | (1u << HC_MISS))))
    return false;
  return x->full && gender_ok(c, e, hg);
}

/* Whether normalised honorific h is a military rank. */
static bool is_rank(uint8_t h) {
  return h < 64 && (RANK_NORMS & ((uint64_t)1 << h));
}

static bool f_title(const ctx *c, int32_t e, const nkey *k) {
  const nent *x = &c->ents[e];
  if (!f_title_any(c, e, k))
    return false;
  if (is_rank(k->hon) && (x->hnorm & RANK_NORMS & ~((uint64_t)1 << k->hon)))
    return false;
  /* A man the text calls Mr. X is not its Admiral X, unless it gives him
   * the rank by full name (Mr. Crawford, his uncle the Admiral). */
  if (is_rank(k->hon) && (x->hnorm & ((uint64_t)1 << HON_MR)) &&
      !(x->hnorm & ((uint64_t)1 << k->hon)))
    return false;
  return true;
}

/* Phase 5: honorific + one word.  given_pass: only given-name uses. */
static dr_status place_hon1(ctx *c, nkey *k, bool given_pass) {
  int cls = hon_of(k->hon)->cls;
  int hg = hon_of(k->hon)->gender;
  int32_t x = k->part[0];
  int32_t cand[MAXC];
  int n;
  if (given_pass) {
    if (cls != HC_MISS && cls != HC_GIVEN)
      return DR_OK;
    n = collect(c, c->types[x].g_head, true, f_given_hon, k, cand, MAXC);
    if (n > 1 && k->hon < 64) {
      /* Sir John: the one already called Sir John Middleton. */
      int m = 0;
      for (int i = 0; i < n; i++)
        if (c->ents[cand[i]].hnorm & ((uint64_t)1 << k->hon))
          cand[m++] = cand[i];
      n = m;
    }
    if (n == 1) {
      assign(c, k, cand[0]);
      if (cls == HC_MISS)
        c->ents[cand[0]].miss_given = 1;
    }
    return DR_OK;
  }
  if (k->ent >= 0)
    return DR_OK;
  ent_filter f = cls == HC_MR     ? f_mr
                 : cls == HC_MRS  ? f_mrs
                 : cls == HC_MISS ? f_miss
                                  : f_title;
  n = collect(c, c->types[x].s_head, false, f, k, cand, MAXC);
  if (n == 0 && cls == HC_MRS &&
      collect(c, c->types[x].s_head, false, f_mrs_husband, k, cand, 2) == 1)
    n = 1;
  if (cls == HC_TITLE && is_rank(k->hon)) {
    /* General Tilney, with a Henry Tilney and a Captain Frederick Tilney:
     * a rank names one man of a family only when the text gives him that
     * rank by full name, or he is its only man. */
    int32_t all[MAXC];
    int na = collect(c, c->types[x].s_head, false, f_title_any, k, all, MAXC);
    bool ranked = false;
    for (int i = 0; i < n; i++)
      if (c->ents[cand[i]].hnorm & ((uint64_t)1 << k->hon))
        ranked = true;
    if (na > 1 && !ranked)
      n = 0;
  }
  if (n > 1 && hg != 0) {
    /* Several fit: the ones whose gender is known to agree, else those
     * not known to disagree (Mr. Bounderby: Josiah, not "Loo"
     * Bounderby, when neither is known yet but Loo is a woman). */
    int m = 0, u = 0;
    int32_t unknown[MAXC];
    for (int i = 0; i < n; i++) {
      int sg = sign_of(c->ents[cand[i]].ev);
      if (sg == hg)
        cand[m++] = cand[i];
      else if (sg == 0)
        unknown[u++] = cand[i];
    }
    if (m == 0) {
      memcpy(cand, unknown, (size_t)u * sizeof *cand);
      m = u;
    }
    n = m;
  }
  if (n == 1) {
    assign(c, k, cand[0]);
    return DR_OK;
  }
  if (n > 1 && (cls == HC_MR || cls == HC_TITLE) && k->hon < 64) {
    /* Mr. Gradgrind with a Mr. Thomas Gradgrind and a plain Tom
     * Gradgrind: the one the text itself calls Mr. by full name; several
     * so called, the mentions choose among them only (Mr. Dashwood is Mr.
     * John or Mr. Henry Dashwood, never the boy Harry). */
    int32_t called[MAXC];
    int m = 0;
    for (int i = 0; i < n; i++)
      if (c->ents[cand[i]].hnorm & ((uint64_t)1 << k->hon))
        called[m++] = cand[i];
    if (m == 1) {
      assign(c, k, called[0]);
      return DR_OK;
    }
    if (m > 1) {
      memcpy(cand, called, (size_t)m * sizeof *cand);
      n = m;
    }
  }
  if (n > 1 && (cls == HC_MR || cls == HC_TITLE)) {
    /* Mr. Ferrars with two Ferrars men: each mention decides (phase 8). */
    for (int i = 0; i < n && k->n_cand < MAXC; i++)
      k->cand[k->n_cand++] = cand[i];
    return DR_OK;
  }
  int32_t e = new_entity(c, (int32_t)(k - c->keys));
  if (e < 0)
    return DR_ENOMEM;
  if (cls == HC_GIVEN && (x >= 0) &&
      (hg == 0 || given_prior(c, x) * hg > 0 || k->hon == HON_SIR))
    set_given(c, e, x);
  else
    set_surname(c, e, x);
  assign(c, k, e);
  return DR_OK;
}

/* Title-names: "the General" is the one General of the text (General
 * Tilney) if there is one; "the Rabbit" the one "the ... Rabbit". */
static dr_status place_the(ctx *c, nkey *k) {
  int32_t head = k->part[k->n - 1];
  uint8_t hx = c->types[head].honix;
  int32_t found = -1;
  int n = 0;
  if (k->n == 1 && hx && honorifics[hx].norm < 64) {
    /* The one entity so titled, or of several the one named three times
     * as often as any other (Admiral Croft, not Admiral Baldwin). */
    uint64_t bit = (uint64_t)1 << honorifics[hx].norm;
    uint32_t second = 0;
    for (size_t e = 0; e < c->n_ents; e++) {
      if (!(c->ents[e].hnorm & bit))
        continue;
      int32_t r = root(c, (int32_t)e);
      if (r == found)
        continue;
      if (found < 0 || c->ents[r].count > c->ents[found].count) {
        if (found >= 0)
          second = c->ents[found].count;
        found = r;
      } else if (c->ents[r].count > second) {
        second = c->ents[r].count;
      }
    }
    n = found >= 0 && c->ents[found].count >= 3 * second ? 1 : 0;
  } else {
    /* The one title-name entity of this head word; failing that, "the
     * Cheshire Cat" is the Cheshire Cat the text also names without "the":
     * the one full name of the same words and no honorific. */
    int32_t plain = -1;
    bool plains = false; /* several such full names */
    int steps = 0;
    for (int32_t e = c->types[head].s_head; e >= 0 && steps < MAX_CHAIN;
         e = c->ents[e].next_s, steps++) {
      const nent *y = &c->ents[e];
      if (y->the) {
        found = e;
        n++;
      } else if (k->n >= 2 && y->full && !y->hons &&
                 y->given == k->part[0]) {
        if (plain >= 0 && root(c, plain) != root(c, e))
          plains = true;
        plain = e;
      }
    }
    if (n == 0 && plain >= 0 && !plains) {
      found = plain;
      n = 1;
      c->ents[found].the = 1; /* and "the Cat" is it too */
    }
  }
  if (n != 1) {
    found = new_entity(c, (int32_t)(k - c->keys));
    if (found < 0)
      return DR_ENOMEM;
    c->ents[found].the = 1;
    set_surname(c, found, head);
  }
  assign(c, k, found);
  return DR_OK;
}

static bool f_any(const ctx *c, int32_t e, const nkey *k) {
  (void)c;
  (void)e;
  (void)k;
  return true;
}

/* Drops from cand[0, n) the entities known to be of gender g (0: none);
 * returns how many are left. */
static int drop_gender(const ctx *c, int32_t *cand, int n, int g) {
  if (!g)
    return n;
  int m = 0;
  for (int i = 0; i < n; i++)
    if (sign_of(c->ents[cand[i]].ev) != g)
      cand[m++] = cand[i];
  return m;
}

/* Phase 6: one word. */
static dr_status place_one(ctx *c, nkey *k) {
  int32_t x = k->part[0];
  int32_t g[MAXC], s[MAXC];
  int ng = collect(c, c->types[x].g_head, true, f_any, k, g, MAXC);
  int ns = collect(c, c->types[x].s_head, false, f_any, k, s, MAXC);
  /* A word the lexicon knows as a given name is one here when someone
   * has it as one: "Tony" is Tony Last, not the "Harvest Thanksgiving
   * Tony" a capitalised run made. */
  if (ng > 0 && ns > 0 && c->types[x].prior != 0)
    ns = 0;
  /* "Hamidullah" with his own pronouns is not the "Hamidullah Begum"
   * (his wife) already placed: candidates known to be of the other gender
   * drop (dropping those that merely lean that way cost held-out gender
   * 0.963 -> 0.958). */
  int kg = sign_of(key_evidence(c, k));
  ng = drop_gender(c, g, ng, -kg);
  ns = drop_gender(c, s, ns, -kg);
  if (ng + ns == 0) {
    int32_t e = new_entity(c, (int32_t)(k - c->keys));
    if (e < 0)
      return DR_ENOMEM;
    c->ents[e].orphan = 1;
    set_given(c, e, x);
    assign(c, k, e);
    return DR_OK;
  }
  if (ng == 1 && ns == 0) {
    assign(c, k, g[0]);
    return DR_OK;
  }
  if (ng == 0 && ns == 1) {
    assign(c, k, s[0]);
    return DR_OK;
  }
  if (ng == 0) {
    /* A bare surname is a man's, when one man has it: one whose evidence
     * leans male is enough (Julius Beaufort, not Regina Beaufort, before
     * either has pronouns of his or her own). */
    int men = 0;
    int32_t man = -1;
    for (int i = 0; i < ns; i++)
      if (c->ents[s[i]].ev > LEAN) {
        men++;
        man = s[i];
      }
    if (men == 1) {
      assign(c, k, man);
      return DR_OK;
    }
    if (men >= 2) {
      /* Of several, one of the men (John or Harry Dashwood, not
       * Marianne). */
      int m = 0;
      for (int i = 0; i < ns; i++)
        if (c->ents[s[i]].ev > LEAN)
          s[m++] = s[i];
      ns = m;
    }
  }
  for (int i = 0; i < ng && k->n_cand < MAXC; i++)
    k->cand[k->n_cand++] = g[i];
  for (int i = 0; i < ns && k->n_cand < MAXC; i++) {
    bool dup = false;
    for (int j = 0; j < k->n_cand; j++)
      if (k->cand[j] == s[i])
        dup = true;
    if (!dup)
      k->cand[k->n_cand++] = s[i];
  }
  return DR_OK;
}

/* --- Phase 7: orphans ---------------------------------------------------- */

/* The stem of a pet name: Lizzy -> liz, Teddy -> ted, Laurie -> laur. */
static size_t pet_stem(const char *a, size_t n) {
  if (n >= 4 && (a[n - 1] == 'y' || a[n - 1] == 'e')) {
    if (n >= 5 && a[n - 2] == 'i' && a[n - 1] == 'e')
      n -= 2;
    else if (n >= 5 && a[n - 2] == 'e' && a[n - 1] == 'y')
      n -= 2;
    else if (a[n - 1] == 'y')
      n -= 1;
  }
  if (n >= 3 && a[n - 1] == a[n - 2])
    n--;
  return n;
}

static bool is_subseq(const char *a, size_t an, const char *b, size_t bn) {
  size_t j = 0;
  for (size_t i = 0; i < bn && j < an; i++)
    if (a[j] == b[i])
      j++;
  return j == an;
}

static bool has_sub(const char *a, size_t an, const char *b, size_t bn) {
  if (an > bn)
    return false;
  for (size_t i = 0; i + an <= bn; i++)
    if (memcmp(a, b + i, an) == 0)
      return true;
  return false;
}

/* Works naming a character so, from which a given name is no pet form. */
#define OWN_NAME_WORKS 5

/* Whether a (the shorter) can be a pet form of b; a_works: the works the
 * lexicon knows giving characters the name a.  surname: b is a surname,
 * which takes only -ie/-y pet forms of four letters or more. */
/* Whether a word has a vowel (y counts): a pet form is a name, not a
 * fragment. */
static bool has_vowel(const char *a, size_t an) {
  for (size_t i = 0; i < an; i++)
    switch (a[i]) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
      return true;
    default:
      break;
    }
  return false;
}

static bool pet_of(const char *a, size_t an, int a_works, const char *b,
                   size_t bn, bool surname) {
  bool a_known = a_works > 0;
  if (an >= bn || an < 2 || !has_vowel(a, an))
    return false; /* "Th" (from a lossy "Th?r?se") is no Thunderclap */
  size_t st = pet_stem(a, an);
  /* A whole name and a word made from it are no pet and long form:
   * Mohammed and Mohammedan(s), Elizabeth and Elizabethan, Christ and
   * Christian. */
  if (an >= 5 && bn > an && memcmp(a, b, an) == 0) {
    static const char *const sfx[] = {"an", "ans", "ian", "ians", "ite",
                                      "ites", "ism"};
    for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++)
      if (bn - an == strlen(sfx[i]) && memcmp(b + an, sfx[i], bn - an) == 0)
        return false;
  }
  if (surname)
    return st >= 4 && st < an && memcmp(a, b, st) == 0;
  /* A name given to characters in five works or more is a name in its own
   * right, no one's pet form (Mary is not Maria, Henry not Henrietta);
   * only the learned nickname pairs join it. */
  if (a_works >= OWN_NAME_WORKS)
    return false;
  if (memcmp(a, b, st) == 0)
    return true;
  /* Anne is not a pet form of Marianne: a name the lexicon knows as a
   * given name in its own right takes only the prefix rule. */
  if (st == an && a_known)
    return false;
  if (st >= 3 && has_sub(a, st, b, bn))
    return true;
  return st >= 3 && a[0] == b[0] && is_subseq(a, st, b, bn);
}

/* Whether the stem of pet form a begins b (Jo, Josephine; Minnie,
 * Minerva). */
static bool pet_prefix(const char *a, size_t an, const char *b, size_t bn) {
  size_t st = pet_stem(a, an);
  return st <= bn && memcmp(a, b, st) == 0;
}

/* One edit (substitution, insertion, deletion) apart, both long. */
static bool one_edit(const char *a, size_t an, const char *b, size_t bn) {
  if (an < 6 || bn < 6)
    return false;
  if (an == bn) {
    int diff = 0;
    for (size_t i = 0; i < an; i++)
      diff += a[i] != b[i];
    return diff == 1;
  }
  if (an + 1 == bn)
    return one_edit(b, bn, a, an);
  if (an != bn + 1)
    return false;
  size_t i = 0, j = 0;
  bool skipped = false;
  while (i < an && j < bn) {
    if (a[i] == b[j]) {
      i++;
      j++;
    } else if (!skipped) {
      skipped = true;
      i++;
    } else {
      return false;
    }
  }
  return true;
}

/* Sentences where each entity is named (definite keys only), sorted:
 * built once for the co-occurrence veto. */
typedef struct {
  uint32_t *sent; /* sentence ids, grouped by entity */
  uint32_t *para; /* paragraph ids, in the same order */
  uint32_t *at;   /* start of each entity's group; at[n_ents] = total */
} cooc;

static dr_status build_cooc(ctx *c, cooc *co) {
  size_t ne = c->n_ents;
  co->at = drp_alloc(c->d, (ne + 1) * sizeof *co->at);
  co->sent = drp_alloc(c->d, (c->n_ms ? c->n_ms : 1) * sizeof *co->sent);
  co->para = drp_alloc(c->d, (c->n_ms ? c->n_ms : 1) * sizeof *co->para);
  if (!co->at || !co->sent || !co->para)
    return DR_ENOMEM;
  memset(co->at, 0, (ne + 1) * sizeof *co->at);
  for (size_t i = 0; i < c->n_ms; i++) {
    int32_t e = c->keys[c->ms[i].key].ent;
    if (e >= 0)
      co->at[e + 1]++;
  }
  for (size_t e = 0; e < ne; e++)
    co->at[e + 1] += co->at[e];
  /* Fill in document order: each group comes out sorted. */
  uint32_t *fill = drp_alloc(c->d, (ne ? ne : 1) * sizeof *fill);
  if (!fill)
    return DR_ENOMEM;
  memcpy(fill, co->at, ne * sizeof *fill);
  const dr_doc *d = c->d;
  size_t p = 0;
  for (size_t i = 0; i < c->n_ms; i++) {
    while (p + 1 < d->n_paras && c->ms[i].start >= d->paras[p].end)
      p++;
    int32_t e = c->keys[c->ms[i].key].ent;
    if (e >= 0) {
      co->para[fill[e]] = (uint32_t)p;
      co->sent[fill[e]++] = c->ms[i].sent;
    }
  }
  drp_free(c->d, fill);
  return DR_OK;
}

/* How many sentences name both entities a and b (original ids). */
static uint32_t cooccur(const cooc *co, int32_t a, int32_t b) {
  uint32_t i = co->at[a], ie = co->at[a + 1];
  uint32_t j = co->at[b], je = co->at[b + 1];
  uint32_t n = 0;
  while (i < ie && j < je) {
    if (co->sent[i] == co->sent[j]) {
      n++;
      i++;
      j++;
    } else if (co->sent[i] < co->sent[j]) {
      i++;
    } else {
      j++;
    }
  }
  return n;
}

/* Whether orphan o and the character rooted at rb are named together too
 * often to be one person: in 3 sentences, or in more than a fifth of the
 * orphan's.  (Once may be "Mr. Laurence," Laurie said: his grandfather.) */
static bool cooccur_any(ctx *c, const cooc *co, int32_t o, int32_t rb) {
  uint32_t n = 0;
  for (size_t b = 0; b < c->n_ents; b++)
    if (root(c, (int32_t)b) == rb)
      n += cooccur(co, o, (int32_t)b);
  uint32_t mine = co->at[o + 1] - co->at[o];
  return n >= 3 || n * 5 > mine;
}

static void merge(ctx *c, int32_t from, int32_t into) {
  from = root(c, from);
  into = root(c, into);
  if (from == into)
    return;
  c->ents[from].parent = into;
  c->ents[into].ev += c->ents[from].ev;
  c->ents[into].count += c->ents[from].count;
  c->ents[into].hons |= c->ents[from].hons;
}

/* An entity's name words, folded, computed once for phase 7. */
typedef struct {
  char g[32], s[32]; /* given name, surname ("" if none or too long) */
  uint8_t gn, sn;    /* their lengths */
  bool g_known;      /* the lexicon knows the given name as a name */
  int g_works;       /* works naming characters so (lexicon) */
} enames;

static void name_of(const ctx *c, int32_t t, char *buf, uint8_t *n) {
  *n = 0;
  buf[0] = '\0';
  if (t >= 0 && type_lower(c, t, buf, 32))
    *n = (uint8_t)strlen(buf);
}

/* Whether x's given name can be a variant of y's: a learned nickname
 * pair, x's a pet form of y's (Eliza, Elizabeth; pets: whether allowed), or
 * one edit apart (Catharine, Catherine; typos: whether allowed). */
static bool variant_of(const enames *x, const enames *y, bool pets,
                       bool typos) {
  const char *a = x->g, *b = y->g;
  size_t an = x->gn, bn = y->gn;
  if (!an || !bn || (an == bn && memcmp(a, b, an) == 0))
    return false;
  bool lt = strcmp(a, b) < 0;
  if (pets && find_pair(lex_nick, sizeof lex_nick / sizeof *lex_nick,
                        lt ? a : b, lt ? b : a))
    return true;
  if (pets && pet_of(a, an, x->g_works, b, bn, false))
    return true;
  return typos && one_edit(a, an, b, bn);
}

/* Phase 7a: names that are variants of a better-known character's.
 *  - A full name whose given name is a variant of another full name's with
 *    the same surname (Eliza Bennet -> Elizabeth Bennet, Catharine Alan ->
 *    Catherine Alan); between two men only a typo, since sons are named
 *    after fathers (Tom Bertram, Sir Thomas Bertram).
 *  - An honorific and a word that is no one else's surname but is a given
 *    name: the one character so called (Mr. Thaddeus -> Thaddeus Sholto),
 *    or whose given name it is a pet form of (Miss Lizzy -> Elizabeth).
 * Only into a character named more often, of a gender that does not
 * disagree, not named beside it, and only when exactly one fits. */
static void link_variants(ctx *c, const cooc *co, enames *nm, size_t limit) {
  size_t ne = c->n_ents;
  for (size_t o = 0; o < ne; o++) {
    nent *x = &c->ents[o];
    if (root(c, (int32_t)o) != (int32_t)o || x->orphan || x->surname < 0)
      continue;
    int xg = sign_of(x->ev);
    int32_t best = -1;
    int n_fit = 0;
    if (x->given >= 0 && x->full) {
      int steps = 0;
      for (int32_t t = c->types[x->surname].s_head; t >= 0 && steps < MAX_CHAIN;
           t = c->ents[t].next_s, steps++) {
        int32_t r = root(c, t);
        const nent *y = &c->ents[r];
        int yg = sign_of(y->ev);
        if (r == (int32_t)o || c->ents[t].given < 0 || r == best ||
            !variant_of(&nm[o], &nm[t], !(xg > 0 && yg > 0), true))
          continue;
        if ((xg && yg && xg != yg) || y->count <= x->count ||
            cooccur_any(c, co, (int32_t)o, r))
          continue;
        n_fit++;
        best = r;
      }
    } else if (x->given < 0 && x->hons) {
      /* The word as a given name. */
      enames w = nm[o];
      memcpy(w.g, w.s, sizeof w.g);
      w.gn = w.sn;
      const lex_given_t *lg = w.gn ? find_given(w.g) : NULL;
      w.g_works = lg ? lex_men(lg) + lex_women(lg) : 0;
      w.g_known = w.g_works > 0;
      /* A word the lexicon lacks may still end like a pet name (Lizzy,
       * Tottie); anything else joins only a character so called. */
      bool pet_end = w.gn >= 4 && (w.g[w.gn - 1] == 'y' ||
                                   (w.g[w.gn - 2] == 'i' && w.g[w.gn - 1] == 'e'));
      bool exact_only = !w.g_known && !pet_end;
      bool other_surname = false;
      int steps = 0;
      for (int32_t t = c->types[x->surname].s_head; t >= 0 && steps < MAX_CHAIN;
           t = c->ents[t].next_s, steps++)
        if (root(c, t) != (int32_t)o)
          other_surname = true;
      if (other_surname || !w.gn)
        continue;
      for (size_t t = 0; t < limit; t++) {
        if (t == o || root(c, (int32_t)t) != (int32_t)t || !nm[t].gn)
          continue;
        const nent *y = &c->ents[t];
        bool same = nm[t].gn == w.gn && memcmp(nm[t].g, w.g, w.gn) == 0;
        if (!same && (exact_only || !variant_of(&w, &nm[t], true, false)))
          continue;
        int yg = sign_of(y->ev);
        if ((xg && yg && xg != yg) || y->count <= x->count ||
            cooccur_any(c, co, (int32_t)o, (int32_t)t))
          continue;
        n_fit++;
        best = (int32_t)t;
      }
    }
    if (n_fit == 1)
      merge(c, (int32_t)o, best);
  }
}

/* The women of entity o's family: characters (roots other than o's)
 * with a given name and o's surname whose evidence leans female, and
 * (unmarried) never called Mrs. nor Mr.; returns how many (consecutive
 * entries of one character count once), *best the last. */
static int women_of_family(ctx *c, int32_t o, bool unmarried, int32_t *best) {
  int n = 0, steps = 0;
  *best = -1;
  for (int32_t t = c->types[c->ents[o].surname].s_head;
       t >= 0 && steps < MAX_CHAIN; t = c->ents[t].next_s, steps++) {
    int32_t r = root(c, t);
    const nent *y = &c->ents[r];
    if (r == o || r == *best || c->ents[t].given < 0 || y->ev > -LEAN ||
        (unmarried && (y->mrs_full || (y->titled & TITLED_WOMAN) ||
                       (y->hons & ((1u << HC_MRS) | (1u << HC_MR))))))
      continue;
    n++;
    *best = r;
  }
  return n;
}

static int cmp_place(const void *x, const void *y) {
  const uint32_t *a = x, *b = y;
  if (a[0] != b[0])
    return a[0] < b[0] ? -1 : 1;
  return (a[1] > b[1]) - (a[1] < b[1]);
}

/* The (sentence, paragraph) ids of the mentions of root r's entities,
 * sorted, into *out; returns how many, or SIZE_MAX when out of memory. */
static size_t places_of(ctx *c, const cooc *co, int32_t r, uint32_t **out) {
  size_t n = 0;
  for (size_t e = 0; e < c->n_ents; e++)
    if (root(c, (int32_t)e) == r)
      n += co->at[e + 1] - co->at[e];
  *out = drp_alloc(c->d, (2 * n + 2) * sizeof **out);
  if (!*out)
    return SIZE_MAX;
  size_t k = 0;
  for (size_t e = 0; e < c->n_ents; e++)
    if (root(c, (int32_t)e) == r)
      for (uint32_t i = co->at[e]; i < co->at[e + 1]; i++) {
        (*out)[2 * k] = co->sent[i];
        (*out)[2 * k + 1] = co->para[i];
        k++;
      }
  qsort(*out, k, 2 * sizeof **out, cmp_place);
  return k;
}

/* Whether characters a and b (roots) are one woman under two names as
 * far as the text shows: named together in at most a quarter of the
 * rarer one's paragraphs, and (one_sentence) never in one sentence.  A
 * mother and her daughter are named together far more often than a woman
 * under her given name and her married one.  A call walks the entities
 * once and the two characters' mentions; a document gets APART_SCANS
 * calls (the PDNC novels make at most 13), after which the answer is
 * no. */
static bool apart(ctx *c, const cooc *co, int32_t a, int32_t b,
                  bool one_sentence) {
  if (c->apart_left == 0)
    return false;
  c->apart_left--;
  uint32_t *pa = NULL, *pb = NULL;
  size_t na = places_of(c, co, a, &pa);
  size_t nb = na == SIZE_MAX ? SIZE_MAX : places_of(c, co, b, &pb);
  bool ok = na != SIZE_MAX && nb != SIZE_MAX;
  uint32_t ua = 0, ub = 0, both = 0;
  /* Sentence ids grow with the paragraphs: merge the two lists by
   * paragraph. */
  for (size_t i = 0, j = 0; ok && (i < na || j < nb);) {
    uint32_t p = i < na && (j >= nb || pa[2 * i + 1] <= pb[2 * j + 1])
                     ? pa[2 * i + 1]
                     : pb[2 * j + 1];
    size_t i0 = i, j0 = j;
    while (i < na && pa[2 * i + 1] == p)
      i++;
    while (j < nb && pb[2 * j + 1] == p)
      j++;
    bool ia = i > i0, ib = j > j0;
    ua += ia;
    ub += ib;
    both += ia && ib;
    for (size_t x = i0; one_sentence && x < i && ok; x++)
      for (size_t y = j0; y < j && ok; y++)
        if (pa[2 * x] == pb[2 * y])
          ok = false;
  }
  if (pa)
    drp_free(c->d, pa);
  if (pb)
    drp_free(c->d, pb);
  uint32_t rarer = ua < ub ? ua : ub;
  return ok && both * 4 <= rarer;
}

/* Phase 7c: an only wife.  A plain Mrs. X (Madame X) that found no Mrs.
 * <Given> X is the family's one woman with a given name (Madame Olenska,
 * Ellen Olenska; Mrs. Pontellier, Edna Pontellier) when the text never
 * calls her Miss X (a daughter) and the two are not named together in a
 * sentence, nor often in a paragraph. */
static void link_only_wife(ctx *c, const cooc *co) {
  size_t ne = c->n_ents;
  for (size_t o = 0; o < ne; o++) {
    nent *x = &c->ents[o];
    if (root(c, (int32_t)o) != (int32_t)o || x->given >= 0 || x->full ||
        x->surname < 0 || x->canon_given >= 0 || x->husband >= 0 ||
        x->hons != (1u << HC_MRS))
      continue;
    int32_t best;
    if (women_of_family(c, (int32_t)o, false, &best) != 1)
      continue;
    const nent *y = &c->ents[best];
    if (!y->mrs_full && !(y->hons & ((1u << HC_MISS) | (1u << HC_MR))) &&
        !cooccur_any(c, co, (int32_t)o, best) &&
        apart(c, co, (int32_t)o, best, false))
      merge(c, (int32_t)o, best);
  }
}

/* Whether surname a is one part of the hyphenated surname b (Menzies,
 * Grant-Menzies). */
static bool hyphen_part(const ctx *c, int32_t a, int32_t b) {
  char x[32], y[32];
  if (a < 0 || b < 0 || a == b ||
      !memchr(type_text(c, b), '-', c->types[b].len) ||
      !type_lower(c, a, x, sizeof x) || !type_lower(c, b, y, sizeof y))
    return false;
  size_t n = strlen(x), m = strlen(y);
  if (n + 1 >= m)
    return false;
  return (memcmp(y + m - n, x, n) == 0 && y[m - n - 1] == '-') ||
         (memcmp(y, x, n) == 0 && y[n] == '-');
}

/* Phase 7e: a short form of a hyphenated surname.  Jock Menzies is Jock
 * Grant-Menzies when the two share a given name and agree in gender. */
static void link_hyphen_parts(ctx *c) {
  size_t ne = c->n_ents;
  for (size_t o = 0; o < ne; o++) {
    const nent *x = &c->ents[o];
    if (root(c, (int32_t)o) != (int32_t)o || !x->full || x->given < 0 ||
        x->surname < 0)
      continue;
    int steps = 0;
    for (int32_t t = c->types[x->given].g_head; t >= 0 && steps < MAX_CHAIN;
         t = c->ents[t].next_g, steps++) {
      int32_t rt = root(c, t);
      if (rt == (int32_t)o || !c->ents[t].full ||
          !hyphen_part(c, x->surname, c->ents[t].surname))
        continue;
      int xg = sign_of(x->ev), yg = sign_of(c->ents[rt].ev);
      if (xg && yg && xg != yg)
        continue;
      merge(c, (int32_t)o, rt);
      break;
    }
  }
}

/* Whether the surname of character r is rather a given name: the text
 * gives it to a character with a full name (Cassandra Otway) and to
 * nobody else but r as a surname ("Katharine Cassandra"). */
static bool given_not_surname(ctx *c, int32_t r) {
  int32_t t = c->ents[r].surname;
  bool given = false;
  int steps = 0;
  for (int32_t e = c->types[t].g_head; e >= 0 && steps < MAX_CHAIN && !given;
       e = c->ents[e].next_g, steps++)
    given = c->ents[e].full && root(c, e) != r;
  steps = 0;
  for (int32_t e = c->types[t].s_head; e >= 0 && steps < MAX_CHAIN && given;
       e = c->ents[e].next_s, steps++)
    if (root(c, e) != r)
      return false;
  return given;
}

/* Phase 7d: a maiden name.  Two women the text names by one given name
 * and two surnames (Brenda Rex, Brenda Last; May Welland, May Archer) are
 * one woman before and after her marriage when no third character has
 * that given name and the two are apart (above).  Men keep their
 * surnames, so two men are never joined this way (Charles Musgrove,
 * Charles Hayter). */
static void link_maiden_names(ctx *c, const cooc *co) {
  size_t ne = c->n_ents;
  for (size_t o = 0; o < ne; o++) {
    int32_t g = c->ents[o].given;
    if (g < 0 || c->types[g].g_head != (int32_t)o)
      continue; /* each given name once, from its chain's head */
    int32_t r[3];
    int n = 0, steps = 0;
    bool unsure = false;
    for (int32_t t = o; t >= 0 && steps < MAX_CHAIN;
         t = c->ents[t].next_g, steps++) {
      int32_t rt = root(c, t);
      if (!c->ents[t].full || c->ents[t].surname < 0)
        continue;
      if (c->ents[rt].ev > -LEAN) {
        /* A man of that name is no woman's other name ("with Brenda
         * John always came first"); one of unknown gender may be. */
        unsure |= c->ents[rt].ev < LEAN;
        continue;
      }
      bool seen = false;
      for (int i = 0; i < n; i++)
        seen |= r[i] == rt;
      if (!seen && n < 3)
        r[n++] = rt;
    }
    /* Nor "Katharine Cassandra", two given names in a row: a surname
     * that is a given name is no married name. */
    if (n != 2 || unsure ||
        c->ents[r[0]].surname == c->ents[r[1]].surname ||
        given_not_surname(c, r[0]) || given_not_surname(c, r[1]) ||
        !apart(c, co, r[0], r[1], true))
      continue;
    if (c->ents[r[0]].count >= c->ents[r[1]].count)
      merge(c, r[1], r[0]);
    else
      merge(c, r[0], r[1]);
  }
}

/* Phase 7b: an only daughter.  A plain Miss X that found no eldest
 * daughter (every woman surnamed X is also Miss <given>) joins the one
 * unmarried woman the text names with surname X when she is the family's
 * only one, leans female, and the two are not named together: Miss
 * Honeychurch is Lucy Honeychurch; Miss Dashwood, said beside Marianne
 * Dashwood, stays the elder sister.  (The same rule for a plain Mrs. X and
 * the one woman of the family never called Miss was tried: it joined
 * Mrs. Pontellier to Edna, but also mothers, stepmothers and
 * sisters-in-law to the daughters a modern text never calls Miss.) */
static void link_only_daughter(ctx *c, const cooc *co) {
  size_t ne = c->n_ents;
  for (size_t o = 0; o < ne; o++) {
    nent *x = &c->ents[o];
    if (root(c, (int32_t)o) != (int32_t)o || x->given >= 0 || x->full ||
        x->surname < 0 || x->canon_given >= 0 ||
        x->hons != (1u << HC_MISS))
      continue;
    int32_t best;
    if (women_of_family(c, (int32_t)o, true, &best) == 1 &&
        !cooccur_any(c, co, (int32_t)o, best))
      merge(c, (int32_t)o, best);
  }
}

static dr_status link_orphans(ctx *c) {
  cooc co = {NULL, NULL, NULL};
  size_t ne = c->n_ents;
  enames *nm = drp_alloc(c->d, (ne ? ne : 1) * sizeof *nm);
  dr_status st = nm ? build_cooc(c, &co) : DR_ENOMEM;
  if (st != DR_OK)
    goto done;
  for (size_t e = 0; e < ne; e++) {
    name_of(c, c->ents[e].given, nm[e].g, &nm[e].gn);
    name_of(c, c->ents[e].surname, nm[e].s, &nm[e].sn);
    const lex_given_t *g = nm[e].gn ? find_given(nm[e].g) : NULL;
    nm[e].g_works = g ? lex_men(g) + lex_women(g) : 0;
    nm[e].g_known = nm[e].g_works > 0;
  }
  /* Each orphan is tried against the name words of the other entities (at
   * most 4096 of them, so the work stays linear in the orphans). */
  size_t limit = ne < 4096 ? ne : 4096;
  link_variants(c, &co, nm, limit);
  for (size_t o = 0; o < ne; o++) {
    nent *x = &c->ents[o];
    if (!x->orphan || root(c, (int32_t)o) != (int32_t)o || !nm[o].gn)
      continue;
    const char *a = nm[o].g;
    size_t an = nm[o].gn;
    /* The orphan's learned nickname partners. */
    const char *nick[8];
    int n_nick = 0;
    for (size_t k = 0; k < sizeof lex_nick / sizeof *lex_nick; k++) {
      if (!(lex_nick[k].mask & ~LEX_EXCLUDE) || n_nick == 8)
        continue;
      if (strcmp(lex_nick[k].a, a) == 0)
        nick[n_nick++] = lex_nick[k].b;
      else if (strcmp(lex_nick[k].b, a) == 0)
        nick[n_nick++] = lex_nick[k].a;
    }
    int xg = sign_of(x->ev);
    int32_t best = -1;
    int n_fit = 0, n_typo = 0;
    int32_t typo = -1;
    for (size_t t = 0; t < limit; t++) {
      if (t == o || root(c, (int32_t)t) != (int32_t)t)
        continue;
      nent *y = &c->ents[t];
      int yg = sign_of(y->ev);
      if (xg && yg && xg != yg)
        continue;
      bool fit = false, typo_fit = false;
      if (nm[t].gn) {
        const char *b = nm[t].g;
        size_t bn = nm[t].gn;
        for (int k = 0; k < n_nick && !fit; k++)
          fit = strcmp(nick[k], b) == 0;
        /* The orphan as the long form of a name (Jo March <- Josephine)
         * must be a given name the lexicon knows, or begin with the pet
         * form's stem: "Machiavellian" holds m-i-n but is no Minnie. */
        bool long_ok = nm[o].g_known || pet_prefix(b, bn, a, an);
        if (!fit && (pet_of(a, an, nm[o].g_works, b, bn, false) ||
                     (y->orphan && long_ok &&
                      pet_of(b, bn, nm[t].g_works, a, an, false))))
          fit = true;
        else if (!fit && !y->orphan && long_ok &&
                 pet_of(b, bn, nm[t].g_works, a, an, false))
          fit = true; /* Jo March <- Josephine */
        if (one_edit(a, an, b, bn))
          typo_fit = true;
      }
      if (nm[t].sn) {
        const char *b = nm[t].s;
        size_t bn = nm[t].sn;
        if (pet_of(a, an, nm[o].g_works, b, bn, true))
          fit = true;
        if (one_edit(a, an, b, bn))
          typo_fit = true;
      }
      /* Pet names join the more named character. */
      if (fit && y->orphan && y->count < x->count)
        fit = false;
      if (typo_fit && y->count <= x->count)
        typo_fit = false;
      if ((fit || typo_fit) && cooccur_any(c, &co, (int32_t)o, (int32_t)t))
        continue;
      if (fit) {
        n_fit++;
        best = (int32_t)t;
      }
      if (typo_fit) {
        n_typo++;
        typo = (int32_t)t;
      }
    }
    if (n_fit == 1)
      merge(c, (int32_t)o, best);
    else if (n_fit == 0 && n_typo == 1)
      merge(c, (int32_t)o, typo);
  }
  /* Canon full names: a lone given name and a lone surname that a known
   * character joins (Charles + Mr. Bingley). */
  for (size_t o = 0; o < ne; o++) {
    nent *x = &c->ents[o];
    if (!x->orphan || root(c, (int32_t)o) != (int32_t)o || !nm[o].gn)
      continue;
    /* Only given names the full-name table has at all. */
    const char *a = nm[o].g;
    size_t lo = 0, hi = sizeof lex_full / sizeof *lex_full;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (strcmp(lex_full[mid].a, a) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo == sizeof lex_full / sizeof *lex_full || strcmp(lex_full[lo].a, a))
      continue;
    int n_fit = 0;
    int32_t best = -1;
    for (size_t t = 0; t < limit; t++) {
      nent *y = &c->ents[t];
      if (t == o || root(c, (int32_t)t) != (int32_t)t || y->given >= 0 ||
          !nm[t].sn)
        continue;
      if (!find_pair(lex_full, sizeof lex_full / sizeof *lex_full, a, nm[t].s))
        continue;
      int xg = sign_of(x->ev), yg = sign_of(y->ev);
      if (xg && yg && xg != yg)
        continue;
      if (cooccur_any(c, &co, (int32_t)o, (int32_t)t))
        continue;
      n_fit++;
      best = (int32_t)t;
    }
    if (n_fit == 1) {
      merge(c, (int32_t)o, best);
      c->ents[root(c, best)].canon_given = x->given;
    }
  }
  link_only_daughter(c, &co);
  c->apart_left = APART_SCANS;
  link_only_wife(c, &co);
  link_maiden_names(c, &co);
  link_hyphen_parts(c);
done:
  drp_free(c->d, nm);
  drp_free(c->d, co.at);
  drp_free(c->d, co.sent);
  drp_free(c->d, co.para);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Phase 8: each mention's character                                          */
/* ------------------------------------------------------------------------ */

/* Phase 8's memory of which name words last named each entity for
 * certain: WORD_SLOTS slots per entity, each a word type (-1 none) and the
 * index + 1 of the last mention of the entity by a definite key holding
 * that word. */
typedef struct {
  int32_t word;
  uint32_t at;
} word_slot;

static void memo_note(word_slot *memo, int32_t e, const nkey *k, uint32_t at) {
  word_slot *ws = memo + (size_t)e * WORD_SLOTS;
  for (int p = 0; p < k->n; p++) {
    int q = 0, old = 0;
    for (; q < WORD_SLOTS && ws[q].word != k->part[p]; q++)
      if (ws[q].at < ws[old].at)
        old = q; /* the slot to reuse: free (0) or the oldest */
    if (q == WORD_SLOTS)
      q = old;
    ws[q].word = k->part[p];
    ws[q].at = at;
  }
}

static uint32_t memo_last(const word_slot *memo, int32_t e, int32_t word) {
  const word_slot *ws = memo + (size_t)e * WORD_SLOTS;
  for (int q = 0; q < WORD_SLOTS; q++)
    if (ws[q].word == word)
      return ws[q].at;
  return 0;
}

/* The candidate of ambiguous key k for the mention at index now - 1: the
 * one whose last mention (by_word: whose last sure mention with the key's
 * last word, as memo holds) is the latest within RECENT name mentions,
 * among those named at least 1/RECENT_SHARE as often as the most named
 * (most: the largest total of k's candidates); ties, and none recent, go
 * to the most named.  *recent: whether one was recent. */
static int32_t pick_recent(ctx *c, const nkey *k, uint32_t now,
                           const uint32_t *last, const word_slot *memo,
                           bool by_word, const uint32_t *total, uint32_t most,
                           bool *recent) {
  uint32_t best_last = 0, best_count = 0;
  int32_t e = -1;
  for (int j = 0; j < k->n_cand; j++) {
    int32_t r = root(c, k->cand[j]);
    /* Recency counts only for a candidate the text names at least a
     * twentieth as often as the most named: a "Katharine Cassandra" said
     * once does not take the next Katharines from Katharine Hilbery. */
    uint32_t l = by_word ? memo_last(memo, r, k->part[k->n - 1]) : last[r];
    uint32_t lr =
        l && now - l <= RECENT && total[r] * RECENT_SHARE >= most ? l : 0;
    if (e < 0 || lr > best_last || (lr == best_last && total[r] > best_count)) {
      e = r;
      best_last = lr;
      best_count = total[r];
    }
  }
  *recent = best_last > 0;
  return e;
}

static dr_status resolve_mentions(ctx *c) {
  size_t ne = c->n_ents, n1 = ne ? ne : 1;
  uint32_t *last = drp_alloc(c->d, n1 * sizeof *last);
  uint32_t *total = drp_alloc(c->d, n1 * sizeof *total);
  word_slot *memo = drp_alloc(c->d, n1 * WORD_SLOTS * sizeof *memo);
  dr_status st = DR_ENOMEM;
  if (!last || !total || !memo)
    goto done;
  st = DR_OK;
  memset(last, 0, n1 * sizeof *last);
  for (size_t q = 0; q < n1 * WORD_SLOTS; q++) {
    memo[q].word = -1;
    memo[q].at = 0;
  }
  /* Counts and evidence are recomputed from the mentions themselves. */
  for (size_t e = 0; e < ne; e++) {
    total[e] = c->ents[e].count;
    c->ents[e].count = 0;
    c->ents[e].first = UINT32_MAX;
  }
  for (size_t i = 0; i < c->n_ms; i++) {
    nmention *m = &c->ms[i];
    const nkey *k = &c->keys[m->key];
    uint32_t now = (uint32_t)(i + 1);
    int32_t e = -1;
    if (k->ent >= 0) {
      e = root(c, k->ent);
    } else if (k->n_cand) {
      /* The candidate last named for certain by the same word ("John":
       * the child John Andrew the narration calls so, not John Beaver,
       * named "Mr Beaver" a line before; "said Fitzwilliam": the Colonel,
       * not Fitzwilliam Darcy), else the one named last in any way, if
       * within RECENT name mentions; else the one the whole text names
       * most (Charles Musgrove, not the Charles Hayter of three chapters
       * ago). */
      uint32_t most = 0;
      for (int j = 0; j < k->n_cand; j++)
        if (total[root(c, k->cand[j])] > most)
          most = total[root(c, k->cand[j])];
      bool recent;
      e = pick_recent(c, k, now, last, memo, true, total, most, &recent);
      if (!recent)
        e = pick_recent(c, k, now, last, memo, false, total, most, &recent);
    }
    m->ent = e;
    if (e < 0)
      continue;
    last[e] = now;
    if (k->ent >= 0)
      memo_note(memo, e, k, now);
    c->ents[e].count++;
    if (c->ents[e].first == UINT32_MAX)
      c->ents[e].first = m->start;
  }
done:
  drp_free(c->d, last);
  drp_free(c->d, total);
  drp_free(c->d, memo);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Phases 9-10: gender and output                                            */
/* ------------------------------------------------------------------------ */

typedef struct {
  int32_t ent, form;
  uint32_t order; /* mention index */
} pairef;

static int cmp_pair(const void *a, const void *b) {
  const pairef *x = a, *y = b;
  if (x->ent != y->ent)
    return x->ent < y->ent ? -1 : 1;
  if (x->form != y->form)
    return x->form < y->form ? -1 : 1;
  return x->order < y->order ? -1 : (x->order > y->order);
}

typedef struct {
  int32_t ent;
  uint32_t count, first;
} eorder;

static int cmp_eorder(const void *a, const void *b) {
  const eorder *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->first < y->first ? -1 : (x->first > y->first);
}

typedef struct {
  int32_t form;
  uint32_t count;
} acount;

static int cmp_acount(const void *a, const void *b) {
  const acount *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->form < y->form ? -1 : (x->form > y->form);
}

/* Whether name s has a word of two or more letters in ALL CAPS (ASCII):
 * an inscription or a shout, not how the name is written. */
static bool shouting(const char *s) {
  for (size_t i = 0; s[i];) {
    size_t j = i, up = 0, low = 0;
    while (s[j] && s[j] != ' ') {
      up += s[j] >= 'A' && s[j] <= 'Z';
      low += s[j] >= 'a' && s[j] <= 'z';
      j++;
    }
    if (up >= 2 && !low)
      return true;
    i = s[j] ? j + 1 : j;
  }
  return false;
}

/* Lower-cases every letter of s but a word's first (ASCII). */
static void title_case(char *s) {
  bool first = true;
  for (; *s; s++) {
    if (*s == ' ' || *s == '-') {
      first = true;
      continue;
    }
    if (!first && *s >= 'A' && *s <= 'Z')
      *s = (char)(*s + 32);
    if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
      first = false;
  }
}

/* The gender that evidence e gives (+ male, - female), and its score
 * 0.5 + 0.5|e|/(|e| + 2) in *score when score is not NULL: M or F from
 * 0.6, else U (phase 9). */
static dr_gender gender_of(double e, double *score) {
  double ae = e < 0 ? -e : e;
  double sc = 0.5 + 0.5 * ae / (ae + 2.0);
  if (score)
    *score = sc;
  return sc < 0.6 ? DR_GENDER_UNKNOWN
         : e > 0  ? DR_GENDER_MALE
                  : DR_GENDER_FEMALE;
}

static dr_status emit(ctx *c) {
  dr_doc *d = c->d;
  dr_status st = DR_OK;
  size_t ne = c->n_ents;
  double *ev = drp_alloc(d, (ne ? ne : 1) * sizeof *ev);
  pairef *pr = drp_alloc(d, (c->n_ms ? c->n_ms : 1) * sizeof *pr);
  eorder *eo = drp_alloc(d, (ne ? ne : 1) * sizeof *eo);
  size_t *alias_at = drp_alloc(d, (ne + 1) * sizeof *alias_at);
  acount *ac = NULL;
  uint8_t *spoken = NULL; /* per entity: named once not as a vocative */
  size_t n_ac = 0, cap_ac = 0;
  if (!ev || !pr || !eo || !alias_at) {
    st = DR_ENOMEM;
    goto done;
  }
  /* Gender evidence: per key (honorific, given name), plus each resolved
   * mention's pronoun vote. */
  memset(ev, 0, (ne ? ne : 1) * sizeof *ev);
  {
    /* Honorific and prior once per (entity, key). */
    size_t np = 0;
    for (size_t i = 0; i < c->n_ms; i++)
      if (c->ms[i].ent >= 0) {
        pr[np].ent = c->ms[i].ent;
        pr[np].form = c->ms[i].key;
        pr[np].order = (uint32_t)i;
        np++;
      }
    qsort(pr, np, sizeof *pr, cmp_pair);
    int32_t *votes = drp_alloc(d, (ne ? ne : 1) * sizeof *votes);
    double *ending = drp_alloc(d, (ne ? ne : 1) * sizeof *ending);
    if (!votes || !ending) {
      drp_free(d, votes);
      drp_free(d, ending);
      st = DR_ENOMEM;
      goto done;
    }
    memset(votes, 0, (ne ? ne : 1) * sizeof *votes);
    memset(ending, 0, (ne ? ne : 1) * sizeof *ending);
    for (size_t i = 0; i < np; i++) {
      if (i > 0 && pr[i].ent == pr[i - 1].ent && pr[i].form == pr[i - 1].form)
        continue;
      nkey tmp = c->keys[pr[i].form];
      tmp.pm = tmp.pf = 0;
      ev[pr[i].ent] += key_evidence_known(c, &tmp);
      ending[pr[i].ent] += key_ending(c, &tmp);
    }
    for (size_t i = 0; i < c->n_ms; i++)
      if (c->ms[i].ent >= 0)
        votes[c->ms[i].ent] += c->ms[i].pron;
    for (size_t e = 0; e < ne; e++) {
      int v = votes[e];
      /* Pronouns count in full up to 10 votes, then slowly. */
      double pv = v > 10    ? 10 + (v - 10) * 0.2
                  : v < -10 ? -10 + (v + 10) * 0.2
                            : v;
      ev[e] += 0.7 * pv;
      /* Names' endings guess only for a character no pronoun points at. */
      if (v == 0)
        ev[e] += ending[e];
    }
    drp_free(d, votes);
    drp_free(d, ending);
  }
  /* A word only ever said to someone, with no honorific and no gender
   * ("Aye, ...", "Hush, ...", "Mmm, ..."), is an interjection, not a
   * character; a name only called out keeps its gender (Johnny-boy). */
  spoken = drp_alloc(d, ne ? ne : 1);
  if (!spoken) {
    st = DR_ENOMEM;
    goto done;
  }
  memset(spoken, 0, ne ? ne : 1);
  for (size_t i = 0; i < c->n_ms; i++)
    if (c->ms[i].ent >= 0 && c->ms[i].kind != DR_MENTION_VOCATIVE)
      spoken[c->ms[i].ent] = 1;
  /* Order: most mentioned first. */
  size_t n_out = 0;
  for (size_t e = 0; e < ne; e++)
    if (root(c, (int32_t)e) == (int32_t)e && c->ents[e].count > 0 &&
        /* "Mrs. Hudson brought it up. "...," she said": one mention
         * with an honorific is a person, not a passing capital. */
        c->ents[e].count + (c->ents[e].hons != 0) >= d->min_mentions &&
        (spoken[e] || c->ents[e].hons ||
         gender_of(ev[e], NULL) != DR_GENDER_UNKNOWN)) {
      eo[n_out].ent = (int32_t)e;
      eo[n_out].count = c->ents[e].count;
      eo[n_out].first = c->ents[e].first;
      n_out++;
    }
  qsort(eo, n_out, sizeof *eo, cmp_eorder);
  for (size_t i = 0; i < n_out; i++)
    c->ents[eo[i].ent].out = (int32_t)i;

  /* Aliases: (entity, form) counts, grouped by entity in output order. */
  size_t np = 0;
  for (size_t i = 0; i < c->n_ms; i++)
    if (c->ms[i].ent >= 0 && c->ents[c->ms[i].ent].out >= 0) {
      pr[np].ent = c->ents[c->ms[i].ent].out;
      pr[np].form = c->ms[i].form;
      pr[np].order = (uint32_t)i;
      np++;
    }
  qsort(pr, np, sizeof *pr, cmp_pair);
  size_t i = 0;
  for (size_t o = 0; o < n_out; o++) {
    alias_at[o] = d->n_aliases;
    n_ac = 0;
    while (i < np && pr[i].ent == (int32_t)o) {
      size_t j = i;
      while (j < np && pr[j].ent == pr[i].ent && pr[j].form == pr[i].form)
        j++;
      acount *a = DRP_PUSH(d, ac, n_ac, cap_ac);
      if (!a) {
        st = DR_ENOMEM;
        goto done;
      }
      a->form = pr[i].form;
      a->count = (uint32_t)(j - i);
      i = j;
    }
    qsort(ac, n_ac, sizeof *ac, cmp_acount);
    /* Forms of one entity that differ only in spacing share a text. */
    for (size_t k = 0; k < n_ac; k++) {
      const nform *f = &c->forms[ac[k].form];
      const char *txt = drp_strndup(d, c->str + f->off, f->len);
      if (!txt) {
        st = DR_ENOMEM;
        goto done;
      }
      dr_alias *al = DRP_PUSH(d, d->aliases, d->n_aliases, d->cap_aliases);
      if (!al) {
        st = DR_ENOMEM;
        goto done;
      }
      al->text = txt;
      al->count = ac[k].count;
    }
    /* The name: the alias with the most name words, then the most used,
     * then not in ALL CAPS. */
    int best = -1;
    size_t name_ix = alias_at[o];
    /* Full names used once are often asides (Thomas Thomas Gradgrind):
     * when some multi-word alias is used twice, only those compete. */
    bool common_full = false;
    for (size_t k = 0; k < n_ac; k++)
      if (c->keys[c->forms[ac[k].form].key].n >= 2 && ac[k].count >= 2)
        common_full = true;
    for (size_t k = 0; k < n_ac; k++) {
      if (common_full && c->keys[c->forms[ac[k].form].key].n >= 2 &&
          ac[k].count < 2)
        continue;
      const nform *f = &c->forms[ac[k].form];
      const nkey *ky = &c->keys[f->key];
      bool upper = true;
      for (uint32_t b = 0; b < f->len; b++) {
        unsigned char ch = (unsigned char)c->str[f->off + b];
        if (ch >= 'a' && ch <= 'z')
          upper = false;
      }
      int score =
          ky->n * 4 - (upper ? 2 : 0) + (ky->hon && ky->hon != HON_THE ? 1 : 0);
      if (best < 0 || score > best) {
        best = score;
        name_ix = alias_at[o] + k;
      }
    }
    dr_character *ch = DRP_PUSH(d, d->chars, d->n_chars, d->cap_chars);
    if (!ch) {
      st = DR_ENOMEM;
      goto done;
    }
    const nent *x = &c->ents[eo[o].ent];
    ch->name = d->aliases[name_ix].text;
    if (best < 8 && x->canon_given >= 0 && x->surname >= 0) {
      /* Charles + Mr. Bingley: the full name the two halves make. */
      const wtype *g = &c->types[x->canon_given], *sn = &c->types[x->surname];
      char buf[2 * 64 + 2];
      if (g->len < 64 && sn->len < 64) {
        memcpy(buf, d->text + g->start, g->len);
        buf[g->len] = ' ';
        memcpy(buf + g->len + 1, d->text + sn->start, sn->len);
        /* A type keeps its first spelling, which may be lower case
         * ("the last" before Mr Last): a name is written capitalised. */
        if (buf[0] >= 'a' && buf[0] <= 'z')
          buf[0] = (char)(buf[0] - 'a' + 'A');
        if (buf[g->len + 1] >= 'a' && buf[g->len + 1] <= 'z')
          buf[g->len + 1] = (char)(buf[g->len + 1] - 'a' + 'A');
        const char *nm = drp_strndup(d, buf, g->len + 1u + sn->len);
        if (!nm) {
          st = DR_ENOMEM;
          goto done;
        }
        ch->name = nm;
      }
    }
    /* WILLIAM COLLINS (a letter's signature) is named William Collins. */
    size_t nl = strlen(ch->name);
    char tc[256];
    if (nl < sizeof tc && shouting(ch->name)) {
      memcpy(tc, ch->name, nl + 1);
      title_case(tc);
      const char *nm = drp_strndup(d, tc, nl);
      if (!nm) {
        st = DR_ENOMEM;
        goto done;
      }
      ch->name = nm;
    }
    double e = ev[eo[o].ent], score;
    ch->gender = gender_of(e, &score);
    ch->gender_score = e != 0 ? score : 0.0;
    ch->n_aliases = n_ac;
    ch->mentions = x->count;
    ch->first = x->first;
  }
  alias_at[n_out] = d->n_aliases;
  /* Every alias is in place: now take pointers. */
  for (size_t o = 0; o < n_out; o++)
    d->chars[o].aliases = d->aliases + alias_at[o];

  /* Mentions, in document order, of kept characters. */
  for (size_t k = 0; k < c->n_ms; k++) {
    const nmention *m = &c->ms[k];
    if (m->ent < 0 || c->ents[m->ent].out < 0)
      continue;
    dr_mention *dm = DRP_PUSH(d, d->mentions, d->n_mentions, d->cap_mentions);
    if (!dm) {
      st = DR_ENOMEM;
      goto done;
    }
    dm->start = m->start;
    dm->end = m->end;
    dm->character = (size_t)c->ents[m->ent].out;
    dm->kind = (dr_mention_kind)m->kind;
  }
done:
  drp_free(d, ev);
  drp_free(d, pr);
  drp_free(d, eo);
  drp_free(d, alias_at);
  drp_free(d, ac);
  drp_free(d, spoken);
  return st;
}

/* ------------------------------------------------------------------------ */
/* The stage                                                                 */
/* ------------------------------------------------------------------------ */

static dr_status cluster(ctx *c) {
  dr_status st = DR_OK;
  korder *ko = drp_alloc(c->d, (c->n_keys ? c->n_keys : 1) * sizeof *ko);
  if (!ko)
    return DR_ENOMEM;
  for (size_t i = 0; i < c->n_keys; i++) {
    ko[i].n = c->keys[i].n;
    ko[i].count = c->keys[i].count;
    ko[i].key = (int32_t)i;
  }
  qsort(ko, c->n_keys, sizeof *ko, cmp_korder);
  /* Phase 4: full names, longest first. */
  for (size_t i = 0; i < c->n_keys && st == DR_OK; i++) {
    nkey *k = &c->keys[ko[i].key];
    if (k->n >= 2 && k->hon != HON_THE)
      st = place_full(c, k);
  }
  /* Phase 5: honorific + one word: given names, then surnames. */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < c->n_keys && st == DR_OK; i++) {
      nkey *k = &c->keys[ko[i].key];
      if (k->n == 1 && k->hon && k->hon != HON_THE)
        st = place_hon1(c, k, pass == 0);
    }
  /* Title-names, longest first. */
  for (size_t i = 0; i < c->n_keys && st == DR_OK; i++) {
    nkey *k = &c->keys[ko[i].key];
    if (k->hon == HON_THE)
      st = place_the(c, k);
  }
  /* Phase 6: one word. */
  for (size_t i = 0; i < c->n_keys && st == DR_OK; i++) {
    nkey *k = &c->keys[ko[i].key];
    if (k->n == 1 && !k->hon)
      st = place_one(c, k);
  }
  drp_free(c->d, ko);
  if (st == DR_OK)
    st = link_orphans(c);
  return st;
}

dr_status drp_characters(dr_doc *d) {
  if (d->cast)
    return drp_cast_characters(d);
  ctx c;
  memset(&c, 0, sizeof c);
  c.d = d;
  dr_status st = DR_OK;
  if (d->n_toks == 0)
    return DR_OK;
  c.tt = drp_alloc(d, d->n_toks * sizeof *c.tt);
  if (!c.tt) {
    st = DR_ENOMEM;
    goto done;
  }
  memset(c.tt, 0xff, d->n_toks * sizeof *c.tt);
  lit_init(&c);
  st = count_types(&c);
  if (st != DR_OK)
    goto done;
  decide_names(&c);
  st = find_mentions(&c);
  if (st != DR_OK || c.n_ms == 0)
    goto done;
  st = cluster(&c);
  if (st != DR_OK)
    goto done;
  st = resolve_mentions(&c);
  if (st != DR_OK)
    goto done;
  st = emit(&c);
done:
  drp_free(d, c.tt);
  drp_free(d, c.types);
  drp_free(d, c.tab);
  drp_free(d, c.ms);
  drp_free(d, c.keys);
  drp_free(d, c.ktab);
  drp_free(d, c.forms);
  drp_free(d, c.ftab);
  drp_free(d, c.str);
  drp_free(d, c.ents);
  if (st == DR_ENOMEM)
    return DR_ENOMEM;
  return st;
}
