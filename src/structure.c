/*
 * structure.c -- notes, tags, chapters, scenes.  PLACEHOLDER: one chapter,
 * one scene.
 */
#include "internal.h"

dr_status drp_structure(dr_doc *d) {
  dr_chapter *c = DRP_PUSH(d, d->chapters, d->n_chapters, d->cap_chapters);
  if (!c)
    return d->status;
  c->n = 1;
  c->start = d->body_start;
  c->end = d->len;
  dr_scene *s = DRP_PUSH(d, d->scenes, d->n_scenes, d->cap_scenes);
  if (!s)
    return d->status;
  s->n = 1;
  s->start = d->body_start;
  s->end = d->len;
  return DR_OK;
}
