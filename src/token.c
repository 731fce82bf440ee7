/*
 * token.c -- tokens.  PLACEHOLDER: splits on white space only.
 */
#include "internal.h"

dr_status drp_tokenize(dr_doc *d) {
  const unsigned char *s = (const unsigned char *)d->text;
  for (size_t p = 0; p < d->n_paras; p++) {
    dr_paragraph *pa = &d->paras[p];
    pa->first_token = d->n_toks;
    size_t i = pa->start;
    while (i < pa->end) {
      while (i < pa->end && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
      if (i >= pa->end)
        break;
      size_t a = i;
      while (i < pa->end && !(s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
      drp_tok *t = DRP_PUSH(d, d->toks, d->n_toks, d->cap_toks);
      if (!t)
        return d->status;
      t->start = (uint32_t)a;
      t->end = (uint32_t)i;
      t->kind = DR_TOK_WORD;
      t->para = (uint32_t)p;
      t->hash = drp_hash_fold(d->text + a, i - a);
    }
    pa->n_tokens = d->n_toks - pa->first_token;
  }
  return DR_OK;
}
