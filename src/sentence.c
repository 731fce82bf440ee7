/*
 * sentence.c -- sentences.
 *
 * One pass over the tokens of each paragraph; a sentence never crosses a
 * paragraph, and line breaks inside a paragraph are only white space.
 *
 * 1. A candidate end is a terminal token: . ! ? ‼ ⁇ ⁈ ⁉ (and the CJK
 *    。！？．), an ellipsis, or an abbreviation that may end a sentence
 *    (etc., Jr., p.m.; never a title like Mr. or vs., nor an initial like
 *    J. or J.R.R., nor e.g. or i.e.).
 * 2. The candidate extends over what clings to it: more terminals (?! !!!
 *    ?...), closing quote marks, and closing brackets and emphasis marks
 *    (_ *) that touch the text before them.  A quote mark closes when it
 *    touches the text before it and white space, punctuation or the
 *    paragraph end follows; it opens when white space is before it and
 *    text after; otherwise its shape decides (“ ‘ „ « open, ” ’ » close).
 * 3. The sentence ends after that run if white space follows the run (not
 *    needed after the CJK terminals, as CJK uses no spaces) and the next
 *    token, past at most a few opening quote marks, opening brackets,
 *    emphasis marks, dashes and ellipses, is a number or a word that does
 *    not start with a lower-case letter.  So "Hardly." The... breaks after
 *    the closing mark, while "Hardly!" he said. and Mr. Darcy do not.
 * 4. Sentences are pushed as found; each one's first token gets
 *    DR_TF_SENT_START.
 */
#include "internal.h"

#include "token_abbrev.inc"

/* How many opening marks, dashes and ellipses may stand between a sentence
 * end and the word that shows a new sentence ("...' '-- Then").  Bounds the
 * look-ahead so the pass stays linear. */
#define MAX_OPENERS 8

/* A token's role at a sentence boundary. */
typedef enum {
  R_NONE,  /* anything else */
  R_END,   /* a terminal: . ! ? ‼ ⁇ ⁈ ⁉, an ellipsis */
  R_WIDE,  /* a CJK terminal, which needs no white space after it */
  R_OPEN,  /* an opening bracket: ( [ { ¿ ¡ */
  R_CLOSE, /* a closing bracket: ) ] } */
  R_EMPH   /* an emphasis mark, _ or *, which wraps words on both sides:
              "_Try._ Then" */
} role;

typedef enum { Q_OPEN, Q_CLOSE } quote_dir;

/* The first code point of token t. */
static int32_t first_cp(const dr_doc *d, const drp_tok *t) {
  int32_t cp;
  drp_utf8_next((const unsigned char *)d->text + t->start, t->len,
                &cp);
  return cp;
}

static role punct_role(const dr_doc *d, const drp_tok *t) {
  if (drp_tok_kind(t) == DR_TOK_ELLIPSIS)
    return R_END;
  if (drp_tok_kind(t) != DR_TOK_PUNCT)
    return R_NONE;
  switch (first_cp(d, t)) {
  case '.':
  case '!':
  case '?':
  case 0x203C: /* ‼ */
  case 0x2047: /* ⁇ */
  case 0x2048: /* ⁈ */
  case 0x2049: /* ⁉ */
    return R_END;
  case 0x3002: /* 。 */
  case 0xFF01: /* ！ */
  case 0xFF0E: /* ． */
  case 0xFF1F: /* ？ */
    return R_WIDE;
  case '(':
  case '[':
  case '{':
  case 0xBF: /* ¿ */
  case 0xA1: /* ¡ */
    return R_OPEN;
  case ')':
  case ']':
  case '}':
    return R_CLOSE;
  case '_':
  case '*':
    return R_EMPH;
  }
  return R_NONE;
}

/* True if the abbreviation token t (ending in '.') may end a sentence. */
static bool abbrev_may_end(const dr_doc *d, const drp_tok *t) {
  const unsigned char *s = (const unsigned char *)d->text + t->start;
  size_t n = t->len - 1; /* without the final period */
  if (memchr(s, '.', n)) {
    /* Dotted: capitals are initials (J.R.R., U.S.); e.g. and i.e. lead
     * on; a.m. and p.m. may end a sentence. */
    bool lower = false;
    for (size_t i = 0; i < n; i++)
      if (s[i] >= 'a' && s[i] <= 'z')
        lower = true;
    if (!lower)
      return false;
    if (n == 3 && (((s[0] | 0x20) == 'e' && (s[2] | 0x20) == 'g') ||
                   ((s[0] | 0x20) == 'i' && (s[2] | 0x20) == 'e')))
      return false;
    return true;
  }
  /* Listed; an initial (J.) is not listed and never ends one. */
  return abbr_class(s, n) == ABBR_END;
}

/* Whether the quote mark t (in a paragraph whose tokens end at pend)
 * opens or closes a quotation, judged by the white space around it and, if
 * that is ambiguous, by its shape. */
static quote_dir quote_direction(const dr_doc *d, size_t t, size_t pend) {
  const drp_tok *q = &d->toks[t];
  int32_t cp = first_cp(d, q);
  if (cp == 0x300C || cp == 0x300E) /* 「 『: CJK has no spaces to tell */
    return Q_OPEN;
  if (cp == 0x300D || cp == 0x300F) /* 」 』 */
    return Q_CLOSE;
  bool before = drp_tok_flags(q) & DR_TF_SPACE_BEFORE;
  bool after = drp_tok_flags(q) & DR_TF_SPACE_AFTER;
  if (!before && after)
    return Q_CLOSE;
  if (before && !after)
    return Q_OPEN;
  if (!before && !after) {
    /* Touching on both sides: it opens before a word ("("Hi"), closes
     * before punctuation ("Hi",). */
    if (t + 1 >= pend)
      return Q_CLOSE;
    dr_token_kind k = drp_tok_kind(&d->toks[t + 1]);
    return k == DR_TOK_WORD || k == DR_TOK_NUMBER || k == DR_TOK_SYMBOL
               ? Q_OPEN
               : Q_CLOSE;
  }
  /* Free-standing: the shape decides. */
  switch (cp) {
  case 0x201C: /* “ */
  case 0x2018: /* ‘ */
  case 0x201E: /* „ */
  case 0x201A: /* ‚ */
  case 0x201B: /* ‛ */
  case 0x201F: /* ‟ */
  case 0xAB:   /* « */
  case 0x2039: /* ‹ */
  case '`':
    return Q_OPEN;
  }
  return Q_CLOSE;
}

/* True if token t can begin a sentence: a number, or a word whose first
 * letter is not lower case (capitals, and scripts without case). */
static bool starts_sentence(const dr_doc *d, const drp_tok *t) {
  if (drp_tok_kind(t) == DR_TOK_NUMBER)
    return true;
  if (drp_tok_kind(t) != DR_TOK_WORD)
    return false;
  if (drp_tok_flags(t) & DR_TF_CAP)
    return true;
  unsigned char c = (unsigned char)d->text[t->start];
  if (c < 0x80)
    return false; /* an ASCII word that is not capitalised */
  return !drp_is_lower(first_cp(d, t));
}

static bool push(dr_doc *d, size_t first, size_t last, size_t para) {
  drp_sent *s = DRP_PUSH(d, d->sents, d->n_sents, d->cap_sents);
  if (!s)
    return false;
  s->first_token = (uint32_t)first;
  s->n_tokens = (uint32_t)(last - first + 1);
  s->para = (uint32_t)para;
  drp_tok_add_flags(&d->toks[first], DR_TF_SENT_START);
  return true;
}

/* Splits the tokens [f, e) of paragraph p into sentences. */
static bool split_para(dr_doc *d, size_t f, size_t e, size_t p) {
  size_t start = f;
  for (size_t t = f; t < e; t++) {
    const drp_tok *tok = &d->toks[t];
    role r;
    if (drp_tok_kind(tok) == DR_TOK_WORD) {
      if (!(drp_tok_flags(tok) & DR_TF_ABBREV) || !abbrev_may_end(d, tok))
        continue;
      r = R_END;
    } else {
      r = punct_role(d, tok);
      if (r != R_END && r != R_WIDE)
        continue;
    }
    /* 2. The run that clings to the terminal. */
    bool wide = r == R_WIDE;
    size_t last = t;
    while (last + 1 < e) {
      const drp_tok *u = &d->toks[last + 1];
      role ru;
      if (drp_tok_kind(u) == DR_TOK_QUOTE) {
        if (quote_direction(d, last + 1, e) != Q_CLOSE)
          break;
      } else if ((ru = punct_role(d, u)) == R_END || ru == R_WIDE) {
        wide = wide || ru == R_WIDE;
      } else if (!((ru == R_CLOSE || ru == R_EMPH) &&
                   !(drp_tok_flags(u) & DR_TF_SPACE_BEFORE))) {
        break;
      }
      last++;
    }
    t = last;
    if (last + 1 >= e)
      break; /* the paragraph end closes it anyway */
    if (!wide && !(drp_tok_flags(&d->toks[last]) & DR_TF_SPACE_AFTER))
      continue;
    /* 3. Does a sentence start next? */
    size_t u = last + 1;
    for (int n = 0; u < e && n < MAX_OPENERS; n++, u++) {
      const drp_tok *v = &d->toks[u];
      if (drp_tok_kind(v) == DR_TOK_QUOTE) {
        if (quote_direction(d, u, e) != Q_OPEN)
          break;
      } else if (drp_tok_kind(v) != DR_TOK_DASH && drp_tok_kind(v) != DR_TOK_ELLIPSIS) {
        role rv = punct_role(d, v);
        if (rv != R_OPEN && rv != R_EMPH)
          break;
      }
    }
    if (u < e && starts_sentence(d, &d->toks[u])) {
      if (!push(d, start, last, p))
        return false;
      start = last + 1;
    }
  }
  return start >= e || push(d, start, e - 1, p);
}

dr_status drp_sentences(dr_doc *d) {
  /* Prose has a sentence every fifteen tokens or so. */
  if (!drp_reserve(d, (void **)&d->sents, &d->cap_sents, d->n_toks / 16 + 16,
                   sizeof *d->sents))
    return d->status;
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (pa->n_tokens &&
        !split_para(d, pa->first_token, pa->first_token + pa->n_tokens, p))
      return d->status;
  }
  return DR_OK;
}
