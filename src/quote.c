/*
 * quote.c -- quotations.  PLACEHOLDER: finds none.
 */
#include "internal.h"

dr_status drp_quotes(dr_doc *d) {
  (void)d;
  return DR_OK;
}
