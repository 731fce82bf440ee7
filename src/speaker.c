/*
 * speaker.c -- speakers, addressees, interactions.
 * PLACEHOLDER: attributes nothing yet (every quote gets no speaker).
 */
#include "internal.h"

dr_status drp_speakers(dr_doc *d) {
  (void)d;
  return DR_OK;
}
