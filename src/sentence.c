/*
 * sentence.c -- sentences.  PLACEHOLDER: one sentence per paragraph.
 */
#include "internal.h"

dr_status drp_sentences(dr_doc *d) {
  for (size_t p = 0; p < d->n_paras; p++) {
    const dr_paragraph *pa = &d->paras[p];
    if (!pa->n_tokens)
      continue;
    dr_sentence *s = DRP_PUSH(d, d->sents, d->n_sents, d->cap_sents);
    if (!s)
      return d->status;
    s->first_token = pa->first_token;
    s->n_tokens = pa->n_tokens;
    s->paragraph = p;
    s->start = d->toks[pa->first_token].start;
    s->end = d->toks[pa->first_token + pa->n_tokens - 1].end;
  }
  return DR_OK;
}
