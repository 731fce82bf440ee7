/*
 * names.c -- characters: name mentions, alias clusters, gender.
 * PLACEHOLDER: finds none yet.
 */
#include "internal.h"

dr_status drp_characters(dr_doc *d) {
  (void)d;
  return DR_OK;
}
