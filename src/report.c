/*
 * report.c -- the HTML report (dr_doc_write_html): one self-contained page,
 * with inline CSS, SVG and a little JavaScript and nothing fetched, for
 * reading an analysis.  Uses only the public API (plus buf.h for
 * appending and escaping), like json.c.
 *
 * 1. Ranking: characters are ranked by lines spoken, then mentions, then
 *    index (a total order, so the page is deterministic).  The first
 *    RP_COLOURS get a palette colour (Tableau 10, told apart by most
 *    readers); the rest share a grey.  Quotes, table rows, legend and graph
 *    nodes use the same colour classes (c0..c9, cg, cx for unknown).
 * 2. Header: title, author and counts.
 * 3. Cast table, in character order (C1, C2, ...: most mentioned first):
 *    name, aliases, gender, mentions, lines spoken and the share of all
 *    attributed lines as a bar scaled to the largest share.
 * 4. Network: the first RP_NODES ranked characters.  Positions come from
 *    RP_ITER rounds of a force-directed layout (Fruchterman-Reingold
 *    repulsion, linear springs along edges weighted by quotes exchanged, a
 *    weak pull to the centre) started from a Halton sequence by rank: no
 *    random numbers and no libm, so the same document always draws the same
 *    picture.  Node area grows with lines spoken, edge width with quotes
 *    exchanged; pairs that only share scenes are faint dashes.
 * 5. Paratext and tags: tags as chips, notes in order.
 * 6. Text: paragraphs in order (notes are shown in 5 and only marked
 *    here); every top-level quote, marks included, is a span coloured by
 *    speaker whose title holds speaker -> addressees, attribution and score,
 *    cue and id.  The script turns titles into a popover that also works by
 *    tapping, and lets a click on a character dim everyone else's lines.
 *
 * Every piece of document text goes through drp_buf_put_escaped (HTML
 * mode), so a story containing <script> or & cannot change the page.
 */
#include "buf.h"
#include "dramatis.h"

#include <stdbool.h>
#include <string.h>

#define RP_COLOURS 10 /* palette size; more colours stop being tellable */
#define RP_NODES 20   /* graph nodes; past this labels collide on a page */
#define RP_ITER 400   /* layout rounds: settled for 20 nodes, < 1 ms */
#define RP_W 640      /* SVG drawing box */
#define RP_H 440
#define RP_MIN_EDGE 50 /* edges under 1/50 of the busiest are not drawn */
#define RP_STRETCH 1.5 /* most one axis may be scaled over the other */

static const char *const PALETTE[RP_COLOURS] = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
#define GREY "#8d96a0"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

static void esc(dr_buf *b, const char *s, size_t n) {
  drp_buf_put_escaped(b, s, n, DRP_ESC_XML);
}

static void esc_c(dr_buf *b, const char *s) {
  if (s)
    esc(b, s, strlen(s));
}

/* sqrt by Newton's method for x in [0, 1] (keeps the library off libm). */
static double unit_sqrt(double x) {
  if (!(x > 0))
    return 0;
  if (x > 1)
    x = 1;
  double r = 1;
  for (int i = 0; i < 40; i++)
    r = 0.5 * (r + x / r);
  return r;
}

/* The i-th element of the Halton sequence in base `base` (0 < result < 1). */
static double halton(size_t i, unsigned base) {
  double f = 1, r = 0;
  while (i > 0) {
    f /= base;
    r += f * (double)(i % base);
    i /= base;
  }
  return r;
}

/* True when character a ranks before character b (lines, mentions, index). */
static bool ranks_before(const dr_doc *doc, size_t a, size_t b) {
  const dr_character *x = dr_character_at(doc, a), *y = dr_character_at(doc, b);
  if (x->quotes_spoken != y->quotes_spoken)
    return x->quotes_spoken > y->quotes_spoken;
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions;
  return a < b;
}

/* Fills top[0, max) with the best-ranked characters; returns how many.
 * Each pass takes the best character ranked after the previous pick, so
 * no scratch memory is needed. */
static size_t rank_top(const dr_doc *doc, size_t *top, size_t max) {
  size_t n = dr_character_count(doc), k = 0;
  while (k < max) {
    size_t best = DR_NONE;
    for (size_t i = 0; i < n; i++) {
      if (k > 0 && !ranks_before(doc, top[k - 1], i))
        continue;
      if (best == DR_NONE || ranks_before(doc, i, best))
        best = i;
    }
    if (best == DR_NONE)
      break;
    top[k++] = best;
  }
  return k;
}

/* Position of character ci in top[0, n), or -1. */
static int slot_of(const size_t *top, size_t n, size_t ci) {
  for (size_t i = 0; i < n; i++)
    if (top[i] == ci)
      return (int)i;
  return -1;
}

typedef struct {
  const dr_doc *doc;
  dr_buf *b;
  const char *text;
  size_t top[RP_COLOURS]; /* coloured characters, by rank */
  size_t n_top;
} rp;

/* The colour class of character ci (DR_NONE: unknown speaker). */
static void put_cls(rp *r, size_t ci) {
  if (ci == DR_NONE) {
    drp_buf_puts(r->b, "cx");
    return;
  }
  int s = slot_of(r->top, r->n_top, ci);
  if (s < 0)
    drp_buf_puts(r->b, "cg");
  else
    drp_buf_printf(r->b, "c%d", s);
}

static const char *colour_of(const rp *r, size_t ci) {
  int s = slot_of(r->top, r->n_top, ci);
  return s < 0 ? GREY : PALETTE[s];
}

static void put_name(rp *r, size_t ci) {
  esc_c(r->b, dr_character_at(r->doc, ci)->name);
}

static const char *note_title(dr_note_kind k) {
  switch (k) {
  case DR_NOTE_AUTHORS_NOTE:
    return "Author\xE2\x80\x99s note";
  case DR_NOTE_DISCLAIMER:
    return "Disclaimer";
  case DR_NOTE_SUMMARY:
    return "Summary";
  case DR_NOTE_HEADER:
    return "Archive header";
  case DR_NOTE_ENDNOTE:
    return "End note";
  }
  return "Note";
}

static const char *gender_word(dr_gender g) {
  switch (g) {
  case DR_GENDER_MALE:
    return "male";
  case DR_GENDER_FEMALE:
    return "female";
  case DR_GENDER_NONBINARY:
    return "they/them";
  case DR_GENDER_UNKNOWN:
    break;
  }
  return "unknown";
}

/* ------------------------------------------------------------------------ */
/* Style and script                                                          */
/* ------------------------------------------------------------------------ */

static const char CSS[] =
    ":root{--ink:#1f2328;--muted:#5f6670;--line:#e3e0d8;--paper:#f7f6f2;"
    "--card:#fff;--accent:#2f5d8a;"
    "--sans:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\","
    "Lato,Arial,sans-serif;"
    "--serif:\"Iowan Old Style\",\"Palatino Linotype\",Palatino,Georgia,"
    "\"Liberation Serif\",\"DejaVu Serif\",serif}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%}\n"
    "body{margin:0;background:var(--paper);color:var(--ink);"
    "font:15px/1.5 var(--sans)}\n"
    ".wrap{max-width:1180px;margin:0 auto;padding:0 20px}\n"
    "header.top{padding:34px 0 22px;border-bottom:1px solid var(--line);"
    "background:linear-gradient(#fff,var(--paper))}\n"
    ".kicker{margin:0;font-size:12px;letter-spacing:.14em;"
    "text-transform:uppercase;color:var(--accent);font-weight:600}\n"
    "h1{margin:.2em 0 0;font:600 clamp(26px,4.5vw,40px)/1.15 var(--serif);"
    "overflow-wrap:anywhere}\n"
    ".by{margin:.3em 0 0;color:var(--muted);font:italic 17px var(--serif)}\n"
    ".stats{display:flex;flex-wrap:wrap;gap:8px 22px;margin:18px 0 0;"
    "padding:0;list-style:none;color:var(--muted)}\n"
    ".stats b{display:block;color:var(--ink);font-size:22px;"
    "font-variant-numeric:tabular-nums;font-weight:600}\n"
    "main{padding-top:22px;padding-bottom:40px}\n"
    ".grid{display:grid;grid-template-columns:minmax(0,1.05fr) "
    "minmax(0,1fr);gap:20px;align-items:start}\n"
    "@media (max-width:900px){.grid{grid-template-columns:minmax(0,1fr)}}\n"
    ".card{background:var(--card);border:1px solid var(--line);"
    "border-radius:10px;padding:18px 20px;margin-bottom:20px;"
    "box-shadow:0 1px 2px rgba(0,0,0,.04)}\n"
    ".grid>.card{margin-bottom:0}\n"
    ".grid{margin-bottom:20px}\n"
    "h2{margin:0 0 12px;font-size:13px;letter-spacing:.1em;"
    "text-transform:uppercase;color:var(--muted);font-weight:600}\n"
    ".scroll{overflow:auto;max-height:560px}\n"
    "table{border-collapse:collapse;width:100%;font-size:14px}\n"
    "th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;"
    "padding:0 8px 6px;border-bottom:1px solid var(--line);"
    "white-space:nowrap;position:sticky;top:0;background:var(--card)}\n"
    "td{padding:7px 8px;border-bottom:1px solid #f0eee8;vertical-align:top}\n"
    "tr[data-focus]{cursor:pointer}\n"
    "tbody tr:hover{background:#faf9f6}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".nm{font-weight:600}\n"
    "td:first-child{min-width:11em}\n"
    ".dot{display:inline-block;width:10px;height:10px;border-radius:50%;"
    "margin-right:7px;vertical-align:baseline;background:var(--c)}\n"
    ".al{color:var(--muted);font-size:12.5px;margin:2px 0 0 17px}\n"
    ".share{white-space:nowrap}\n"
    ".bar{display:inline-block;width:52px;height:8px;border-radius:4px;"
    "background:#efece6;vertical-align:middle;margin-right:6px;"
    "overflow:hidden}\n"
    ".bar i{display:block;height:100%;background:var(--c)}\n"
    ".pc{font-size:12.5px;color:var(--muted);font-variant-numeric:"
    "tabular-nums}\n"
    "svg.net{width:100%;height:auto;display:block}\n"
    ".net line{stroke:#7d8792;stroke-linecap:round;stroke-opacity:.55}\n"
    ".net line.co{stroke-dasharray:3 4;stroke-opacity:.3}\n"
    ".net circle{stroke:#fff;stroke-width:1.5}\n"
    ".net text{font:500 14px var(--sans);fill:var(--ink);paint-order:stroke;"
    "stroke:#fff;stroke-width:3.5px;stroke-linejoin:round}\n"
    ".net .node{cursor:pointer}\n"
    ".cap{margin:8px 0 0;color:var(--muted);font-size:12.5px}\n"
    ".chips{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 14px}\n"
    ".chip{display:inline-block;padding:3px 10px;border-radius:999px;"
    "background:#eef2f6;color:#27415c;font-size:13px}\n"
    ".chip b{font-weight:600;color:var(--muted);margin-right:4px}\n"
    ".notes details{border-left:3px solid var(--line);padding:2px 0 2px "
    "12px;margin:0 0 10px}\n"
    ".notes summary{cursor:pointer;font-weight:600}\n"
    ".notes summary small{font-weight:400;color:var(--muted)}\n"
    ".notes p{margin:6px 0 0;white-space:pre-line;color:#3b4148;"
    "font:15px/1.55 var(--serif)}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin:0 0 16px;"
    "font-size:13px;color:var(--muted)}\n"
    ".legend span{cursor:pointer;white-space:nowrap}\n"
    ".story{max-width:40em;margin:0 auto;font:17px/1.7 var(--serif);"
    "overflow-wrap:break-word}\n"
    ".story p{margin:0 0 .9em}\n"
    ".story h3{font:600 21px/1.3 var(--serif);margin:1.8em 0 .8em;"
    "text-align:center}\n"
    ".story .brk{text-align:center;color:var(--muted);letter-spacing:.5em}\n"
    ".story .nm{font:13px var(--sans);color:var(--muted);"
    "border-left:3px solid var(--line);padding-left:10px}\n"
    ".q{background:var(--t);box-shadow:inset 0 -2px 0 var(--c);"
    "border-radius:3px;cursor:help;-webkit-box-decoration-break:clone;"
    "box-decoration-break:clone}\n"
    ".q.cx{background:none;box-shadow:inset 0 -1px 0 #b9bfc6}\n"
    ".cx{--c:#b9bfc6}\n"
    ".cg{--c:" GREY ";--t:#8d96a01c}\n"
    "#tip{position:fixed;z-index:10;max-width:min(360px,92vw);"
    "background:#1f2328;color:#f4f4f2;border-radius:8px;padding:8px 11px;"
    "font:13px/1.45 var(--sans);box-shadow:0 6px 24px rgba(0,0,0,.25);"
    "pointer-events:none}\n"
    "#tip b{display:block;font-size:14px;margin-bottom:2px}\n"
    "#tip div{color:#c9ced4}\n"
    "footer{color:var(--muted);font-size:12.5px;padding:0 0 40px}\n"
    ".empty{color:var(--muted);font-style:italic}\n"
    "@media (max-width:600px){body{font-size:14px}.wrap{padding:0 12px}"
    ".card{padding:14px 12px;border-radius:8px}.story{font-size:16px}"
    ".bar{width:40px}.stats b{font-size:19px}"
    "td,th{padding-left:5px;padding-right:5px}.hm{display:none}"
    "td:first-child{min-width:8em}.net text{font-size:21px;"
    "stroke-width:5px}}\n";

static const char JS[] =
    "(function(){\n"
    "var tip=document.getElementById('tip'),cur=null,B=document.body;\n"
    "function q(e){var t=e.target;return t&&t.closest?t.closest('.q'):null}\n"
    "function show(el){if(el.title){el.setAttribute('data-tip',el.title);"
    "el.removeAttribute('title')}var s=el.getAttribute('data-tip');"
    "if(!s)return;var l=s.split('\\n');tip.textContent='';"
    "var h=document.createElement('b');h.textContent=l[0];"
    "tip.appendChild(h);for(var i=1;i<l.length;i++){"
    "var d=document.createElement('div');d.textContent=l[i];"
    "tip.appendChild(d)}tip.hidden=false;var r=el.getClientRects()[0]||"
    "el.getBoundingClientRect();var x=Math.max(8,Math.min(r.left,"
    "innerWidth-tip.offsetWidth-8)),y=r.bottom+6;"
    "if(y+tip.offsetHeight>innerHeight-8)y=r.top-tip.offsetHeight-6;"
    "tip.style.left=x+'px';tip.style.top=Math.max(4,y)+'px';cur=el}\n"
    "function hide(){if(cur){tip.hidden=true;cur=null}}\n"
    "document.addEventListener('mouseover',function(e){var el=q(e);"
    "if(el)show(el);else hide()});\n"
    "document.addEventListener('click',function(e){var el=q(e);"
    "if(el){show(el);return}hide();var t=e.target,f=t&&t.closest?"
    "t.closest('[data-focus]'):null;if(!f)return;"
    "var c=f.getAttribute('data-focus');"
    "if(B.getAttribute('data-focus')===c)B.removeAttribute('data-focus');"
    "else B.setAttribute('data-focus',c)});\n"
    "document.addEventListener('keydown',function(e){if(e.key==='Escape')"
    "{hide();B.removeAttribute('data-focus')}});\n"
    "addEventListener('scroll',hide,{passive:true});\n"
    "document.documentElement.setAttribute('data-ready','1');\n"
    "})();\n";

/* Colour classes and the focus rules, one per palette slot in use. */
static void put_colour_css(rp *r) {
  for (size_t i = 0; i < r->n_top; i++)
    drp_buf_printf(r->b, ".c%zu{--c:%s;--t:%s24}\n", i, PALETTE[i], PALETTE[i]);
  for (size_t i = 0; i < r->n_top; i++)
    drp_buf_printf(r->b,
                   "body[data-focus=c%zu] .q:not(.c%zu){background:none;"
                   "box-shadow:none;opacity:.45}"
                   "body[data-focus=c%zu] .node:not(.c%zu){opacity:.25}"
                   "body[data-focus=c%zu] tr.c%zu,"
                   "body[data-focus=c%zu] .legend .c%zu{"
                   "background:%s24;font-weight:600}\n",
                   i, i, i, i, i, i, i, i, PALETTE[i]);
}

/* ------------------------------------------------------------------------ */
/* Sections                                                                  */
/* ------------------------------------------------------------------------ */

/* v with thin spaces between thousands: 122 253. */
static void put_count(dr_buf *b, size_t v) {
  char digits[32];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v && n < (int)sizeof digits);
  while (n-- > 0) {
    drp_buf_putc(b, digits[n]);
    if (n > 0 && n % 3 == 0)
      drp_buf_puts(b, "\xE2\x80\x89");
  }
}

static void put_stat(dr_buf *b, size_t v, const char *what) {
  drp_buf_puts(b, "<li><b>");
  put_count(b, v);
  drp_buf_printf(b, "</b>%s</li>", what);
}

/* The title: the document's, else the file name of its source. */
static void put_title(rp *r, const dr_doc_info *info) {
  if (info->title_end > info->title_start) {
    esc(r->b, r->text + info->title_start, info->title_end - info->title_start);
  } else if (info->source && *info->source) {
    const char *base = strrchr(info->source, '/');
    esc_c(r->b, base && base[1] ? base + 1 : info->source);
  } else {
    drp_buf_puts(r->b, "Untitled");
  }
}

static void put_header(rp *r, const dr_doc_info *info) {
  dr_buf *b = r->b;
  drp_buf_puts(b, "<header class=\"top\"><div class=\"wrap\">"
                  "<p class=\"kicker\">dramatis report</p><h1>");
  put_title(r, info);
  drp_buf_puts(b, "</h1>");
  if (info->author_end > info->author_start) {
    drp_buf_puts(b, "<p class=\"by\">by ");
    esc(b, r->text + info->author_start, info->author_end - info->author_start);
    drp_buf_puts(b, "</p>");
  }
  size_t nq = dr_quote_count(r->doc), top = 0, attributed = 0;
  for (size_t i = 0; i < nq; i++) {
    if (dr_quote_at(r->doc, i)->parent != DR_NONE)
      continue;
    top++;
    const dr_attribution *a = dr_quote_attribution(r->doc, i);
    if (a && a->speaker != DR_NONE)
      attributed++;
  }
  drp_buf_puts(b, "<ul class=\"stats\">");
  put_stat(b, info->words, "words");
  put_stat(b, dr_chapter_count(r->doc), "chapters");
  put_stat(b, dr_scene_count(r->doc), "scenes");
  put_stat(b, top, "quotes");
  drp_buf_printf(b, "<li><b>%zu%%</b>with a speaker</li>",
                 top ? (attributed * 100 + top / 2) / top : 0);
  put_stat(b, dr_character_count(r->doc), "characters");
  drp_buf_puts(b, "</ul></div></header>\n");
}

static void put_cast(rp *r) {
  dr_buf *b = r->b;
  size_t n = dr_character_count(r->doc), total = 0, most = 0;
  for (size_t i = 0; i < n; i++) {
    size_t s = dr_character_at(r->doc, i)->quotes_spoken;
    total += s;
    if (s > most)
      most = s;
  }
  drp_buf_puts(b, "<section class=\"card\" id=\"cast\"><h2>Cast</h2>");
  if (n == 0) {
    drp_buf_puts(b, "<p class=\"empty\">No characters found.</p></section>\n");
    return;
  }
  drp_buf_puts(b, "<div class=\"scroll\"><table><thead><tr><th>Character"
                  "</th><th>Gender</th><th class=\"num hm\">Mentions</th>"
                  "<th class=\"num\">Lines</th><th>Share of lines</th>"
                  "</tr></thead><tbody>\n");
  for (size_t i = 0; i < n; i++) {
    const dr_character *c = dr_character_at(r->doc, i);
    drp_buf_puts(b, "<tr class=\"");
    put_cls(r, i);
    drp_buf_puts(b, "\"");
    if (slot_of(r->top, r->n_top, i) >= 0) {
      drp_buf_puts(b, " data-focus=\"");
      put_cls(r, i);
      drp_buf_puts(b, "\"");
    }
    drp_buf_printf(b,
                   " id=\"C%zu\"><td><span class=\"dot\"></span>"
                   "<span class=\"nm\">",
                   i + 1);
    put_name(r, i);
    drp_buf_puts(b, "</span>");
    /* Aliases other than the name itself, most used first. */
    bool any = false;
    for (size_t k = 0; k < c->n_aliases && k < 4; k++) {
      if (c->name && c->aliases[k].text &&
          strcmp(c->name, c->aliases[k].text) == 0)
        continue;
      drp_buf_puts(b, any ? " \xC2\xB7 " : "<div class=\"al\">");
      esc_c(b, c->aliases[k].text);
      drp_buf_printf(b, " \xC3\x97%zu", c->aliases[k].count);
      any = true;
    }
    if (any)
      drp_buf_puts(b, "</div>");
    double share = total ? (double)c->quotes_spoken / (double)total : 0;
    double width = most ? 100.0 * (double)c->quotes_spoken / (double)most : 0;
    drp_buf_printf(b,
                   "</td><td title=\"%s (%.2f)\">%s</td>"
                   "<td class=\"num hm\">%zu</td><td class=\"num\">%zu</td>"
                   "<td class=\"share\"><span class=\"bar\"><i style=\""
                   "width:%.1f%%\"></i></span><span class=\"pc\">%.1f%%"
                   "</span></td></tr>\n",
                   gender_word(c->gender), c->gender_score,
                   c->gender == DR_GENDER_UNKNOWN ? "\xE2\x80\x93"
                                                  : dr_gender_name(c->gender),
                   c->mentions, c->quotes_spoken, width, 100.0 * share);
  }
  drp_buf_puts(b, "</tbody></table></div></section>\n");
}

/* A label box, for keeping graph labels apart. */
typedef struct {
  double x0, y0, x1, y1;
} box;

static double overlap(box a, box b) {
  double w = (a.x1 < b.x1 ? a.x1 : b.x1) - (a.x0 > b.x0 ? a.x0 : b.x0);
  double h = (a.y1 < b.y1 ? a.y1 : b.y1) - (a.y0 > b.y0 ? a.y0 : b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

/* Code points in a NUL-terminated UTF-8 string (for label widths). */
static size_t n_chars(const char *s) {
  size_t n = 0;
  for (; s && *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* Force-directed layout of n nodes in the unit square (phase 4). */
static void layout(const dr_doc *doc, const size_t *node, size_t n, size_t maxq,
                   double *x, double *y) {
  double dx[RP_NODES], dy[RP_NODES];
  /* The springs between drawn nodes, found once: a novel has thousands of
   * interactions, 20 nodes at most 190 pairs. */
  struct {
    int a, c;
    double w;
  } spring[RP_NODES * (RP_NODES - 1) / 2];
  size_t ns = 0, ni = dr_interaction_count(doc);
  for (size_t e = 0; e < ni && ns < sizeof spring / sizeof spring[0]; e++) {
    const dr_interaction *xe = dr_interaction_at(doc, e);
    int a = slot_of(node, n, xe->a), c = slot_of(node, n, xe->b);
    if (a < 0 || c < 0 || a == c)
      continue;
    /* Springs by quotes exchanged; shared scenes pull only a little. */
    spring[ns].a = a;
    spring[ns].c = c;
    spring[ns].w = xe->quotes && maxq
                       ? 0.1 + 0.9 * (double)xe->quotes / (double)maxq
                       : 0.02;
    ns++;
  }
  for (size_t i = 0; i < n; i++) {
    x[i] = 0.1 + 0.8 * halton(i + 1, 2);
    y[i] = 0.1 + 0.8 * halton(i + 1, 3);
  }
  double k2 = 0.5 / (double)n; /* ideal distance, squared */
  for (int it = 0; it < RP_ITER; it++) {
    double t = 0.05 * (1.0 - (double)it / RP_ITER) + 0.001;
    for (size_t i = 0; i < n; i++) {
      dx[i] = 0.03 * (0.5 - x[i]);
      dy[i] = 0.03 * (0.5 - y[i]);
    }
    for (size_t i = 0; i < n; i++)
      for (size_t j = i + 1; j < n; j++) {
        double ex = x[i] - x[j], ey = y[i] - y[j];
        double d2 = ex * ex + ey * ey;
        if (d2 < 1e-9) { /* coincident: push apart by index */
          ex = 1e-3 * (double)(j - i);
          ey = 1e-3;
          d2 = ex * ex + ey * ey;
        }
        double f = 0.05 * k2 / d2; /* magnitude ~ k^2/d along (ex,ey)/d */
        dx[i] += ex * f, dy[i] += ey * f;
        dx[j] -= ex * f, dy[j] -= ey * f;
      }
    for (size_t e = 0; e < ns; e++) {
      int a = spring[e].a, c = spring[e].c;
      double w = spring[e].w;
      double ex = x[a] - x[c], ey = y[a] - y[c];
      dx[a] -= 0.1 * w * ex, dy[a] -= 0.1 * w * ey;
      dx[c] += 0.1 * w * ex, dy[c] += 0.1 * w * ey;
    }
    for (size_t i = 0; i < n; i++) {
      x[i] += dx[i] > t ? t : dx[i] < -t ? -t : dx[i];
      y[i] += dy[i] > t ? t : dy[i] < -t ? -t : dy[i];
    }
  }
}

/* The network: layout, label placement and drawing. */
static void put_network(rp *r) {
  dr_buf *b = r->b;
  const dr_doc *doc = r->doc;
  size_t node[RP_NODES];
  size_t n = rank_top(doc, node, RP_NODES);
  drp_buf_puts(b, "<section class=\"card\" id=\"network\">"
                  "<h2>Who talks to whom</h2>");
  if (n == 0) {
    drp_buf_puts(b, "<p class=\"empty\">No characters, no network.</p>"
                    "</section>\n");
    return;
  }
  size_t maxq = 0, maxlines = 0, ni = dr_interaction_count(doc);
  for (size_t e = 0; e < ni; e++) {
    const dr_interaction *xe = dr_interaction_at(doc, e);
    if (slot_of(node, n, xe->a) >= 0 && slot_of(node, n, xe->b) >= 0 &&
        xe->quotes > maxq)
      maxq = xe->quotes;
  }
  for (size_t i = 0; i < n; i++) {
    size_t l = dr_character_at(doc, node[i])->quotes_spoken;
    if (l > maxlines)
      maxlines = l;
  }
  /* Pairs that only share scenes are drawn for small casts only: in a
   * novel nearly everyone shares a scene and they hide the dialogue. */
  bool draw_co = n <= 8 || maxq == 0;
  /* Likewise pairs with a handful of quotes in a long text: under 2% of
   * the busiest pair (the GraphML has them all). */
  size_t min_q = maxq / RP_MIN_EDGE;

  double x[RP_NODES], y[RP_NODES], rad[RP_NODES];
  layout(doc, node, n, maxq, x, y);
  double x0 = x[0], x1 = x[0], y0 = y[0], y1 = y[0];
  for (size_t i = 1; i < n; i++) {
    x0 = x[i] < x0 ? x[i] : x0;
    x1 = x[i] > x1 ? x[i] : x1;
    y0 = y[i] < y0 ? y[i] : y0;
    y1 = y[i] > y1 ? y[i] : y1;
  }
  /* Into the drawing box, centred, keeping room for labels.  The axes
   * may stretch by at most RP_STRETCH against each other, so the layout
   * keeps its shape (two nodes lie side by side, not in corners). */
  if (n == 2) {
    y[0] = y[1] = y0 = y1 = 0.5;
    x0 = x[0] = 0.3;
    x1 = x[1] = 0.7;
  }
  const double ml = 90, mr = 90, mt = 34, mb = 34;
  double sx = x1 > x0 ? (RP_W - ml - mr) / (x1 - x0) : 0;
  double sy = y1 > y0 ? (RP_H - mt - mb) / (y1 - y0) : 0;
  if (sx > 0 && sy > 0) {
    sx = sx < RP_STRETCH * sy ? sx : RP_STRETCH * sy;
    sy = sy < RP_STRETCH * sx ? sy : RP_STRETCH * sx;
  }
  for (size_t i = 0; i < n; i++) {
    x[i] = RP_W / 2.0 + (x[i] - (x0 + x1) / 2) * sx;
    y[i] = RP_H / 2.0 + (y[i] - (y0 + y1) / 2) * sy;
    const dr_character *c = dr_character_at(doc, node[i]);
    rad[i] = 5 + 16 * unit_sqrt(maxlines ? (double)c->quotes_spoken /
                                               (double)maxlines
                                         : 0);
  }

  drp_buf_printf(b,
                 "<svg class=\"net\" viewBox=\"0 0 %d %d\" role=\"img\" "
                 "aria-label=\"Interaction network\"><g>",
                 RP_W, RP_H);
  for (int pass = 0; pass < 2; pass++)
    for (size_t e = 0; e < ni; e++) {
      const dr_interaction *xe = dr_interaction_at(doc, e);
      int a = slot_of(node, n, xe->a), c = slot_of(node, n, xe->b);
      if (a < 0 || c < 0 || (pass == 0) != (xe->quotes == 0))
        continue;
      if ((!xe->quotes && !draw_co) || (xe->quotes && xe->quotes < min_q))
        continue;
      double f = maxq ? (double)xe->quotes / (double)maxq : 0;
      drp_buf_printf(b,
                     "<line%s x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                     "y2=\"%.1f\" stroke-width=\"%.1f\"",
                     xe->quotes ? "" : " class=\"co\"", x[a], y[a], x[c], y[c],
                     xe->quotes ? 1 + 9 * f : 1.0);
      if (xe->quotes)
        drp_buf_printf(b, " stroke-opacity=\"%.2f\"", 0.35 + 0.45 * f);
      drp_buf_puts(b, "><title>");
      put_name(r, xe->a);
      drp_buf_puts(b, " \xE2\x80\x93 ");
      put_name(r, xe->b);
      drp_buf_printf(b,
                     ": %zu quote%s exchanged, %zu shared scene%s"
                     "</title></line>",
                     xe->quotes, xe->quotes == 1 ? "" : "s", xe->co_occurrences,
                     xe->co_occurrences == 1 ? "" : "s");
    }
  drp_buf_puts(b, "</g><g>");
  /* Labels: right, left, above or below the node, whichever overlaps the
   * labels placed so far and the nodes least (best-ranked placed first). */
  box placed[RP_NODES];
  for (size_t i = 0; i < n; i++) {
    const dr_character *c = dr_character_at(doc, node[i]);
    double w = 7.6 * (double)n_chars(c->name), g = rad[i] + 4;
    box cand[4] = {{x[i] + g, y[i] - 9, x[i] + g + w, y[i] + 7},
                   {x[i] - g - w, y[i] - 9, x[i] - g, y[i] + 7},
                   {x[i] - w / 2, y[i] - g - 15, x[i] + w / 2, y[i] - g},
                   {x[i] - w / 2, y[i] + g, x[i] + w / 2, y[i] + g + 15}};
    int order[4] = {0, 1, 2, 3};
    if (x[i] > RP_W * 0.6)
      order[0] = 1, order[1] = 0;
    int best = order[0];
    double best_cost = -1;
    for (int k = 0; k < 4; k++) {
      box cb = cand[order[k]];
      double cost = 0;
      for (size_t j = 0; j < i; j++)
        cost += overlap(cb, placed[j]);
      for (size_t j = 0; j < n; j++)
        if (j != i)
          cost += overlap(cb, (box){x[j] - rad[j], y[j] - rad[j], x[j] + rad[j],
                                    y[j] + rad[j]});
      if (cb.x0 < 0)
        cost += 16 * -cb.x0;
      if (cb.x1 > RP_W)
        cost += 16 * (cb.x1 - RP_W);
      if (cb.y0 < 0 || cb.y1 > RP_H)
        cost += 400;
      if (best_cost < 0 || cost < best_cost) {
        best_cost = cost;
        best = order[k];
      }
    }
    placed[i] = cand[best];
    static const char *const anchor[4] = {"start", "end", "middle", "middle"};
    double tx = best == 0 ? x[i] + g : best == 1 ? x[i] - g : x[i];
    double ty = best == 2   ? y[i] - g - 3.5
                : best == 3 ? y[i] + g + 12.5
                            : y[i] + 5;
    drp_buf_puts(b, "<g class=\"node ");
    put_cls(r, node[i]);
    drp_buf_puts(b, "\"");
    if (slot_of(r->top, r->n_top, node[i]) >= 0) {
      drp_buf_puts(b, " data-focus=\"");
      put_cls(r, node[i]);
      drp_buf_puts(b, "\"");
    }
    drp_buf_printf(b,
                   "><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
                   "fill=\"%s\"><title>",
                   x[i], y[i], rad[i], colour_of(r, node[i]));
    put_name(r, node[i]);
    drp_buf_printf(b,
                   ": %zu line%s, %zu mention%s</title></circle>"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
                   c->quotes_spoken, c->quotes_spoken == 1 ? "" : "s",
                   c->mentions, c->mentions == 1 ? "" : "s", tx, ty,
                   anchor[best]);
    put_name(r, node[i]);
    drp_buf_puts(b, "</text></g>");
  }
  drp_buf_puts(b, "</g></svg>");
  drp_buf_printf(b,
                 "<p class=\"cap\">The %zu characters with the most lines. "
                 "Node size: lines spoken. Line width: quotes exchanged%s",
                 n, draw_co ? " (dashed: shared scenes only)" : "");
  if (min_q > 1)
    drp_buf_printf(b, "; pairs with fewer than %zu are left out", min_q);
  drp_buf_puts(b, ". Click a character to follow their lines.</p>"
                  "</section>\n");
}

static void put_paratext(rp *r) {
  dr_buf *b = r->b;
  size_t nt = dr_tag_count(r->doc), nn = dr_note_count(r->doc);
  drp_buf_puts(b, "<section class=\"card\" id=\"paratext\">"
                  "<h2>Paratext and tags</h2>");
  if (nt == 0 && nn == 0)
    drp_buf_puts(b, "<p class=\"empty\">No notes or tags.</p>");
  if (nt) {
    drp_buf_puts(b, "<div class=\"chips\">");
    for (size_t i = 0; i < nt; i++) {
      const dr_tag *t = dr_tag_at(r->doc, i);
      const dr_note *n = dr_note_at(r->doc, t->note);
      drp_buf_puts(b, "<span class=\"chip\" title=\"");
      esc(b, r->text + t->start, t->end - t->start);
      if (n) {
        drp_buf_puts(b, " (");
        esc_c(b, dr_note_kind_name(n->kind));
        drp_buf_puts(b, ")");
      }
      drp_buf_puts(b, "\">");
      /* Tag names are snake case: show them as words. */
      if (t->value)
        drp_buf_puts(b, "<b>");
      for (const char *p = t->tag; *p; p++) {
        const char *u = strchr(p, '_');
        size_t len = u ? (size_t)(u - p) : strlen(p);
        esc(b, p, len);
        p += len;
        if (!*p)
          break;
        drp_buf_putc(b, ' ');
      }
      if (t->value) {
        drp_buf_puts(b, "</b>");
        esc_c(b, t->value);
      }
      drp_buf_puts(b, "</span>");
    }
    drp_buf_puts(b, "</div>");
  }
  if (nn) {
    drp_buf_puts(b, "<div class=\"notes\">");
    for (size_t i = 0; i < nn; i++) {
      const dr_note *n = dr_note_at(r->doc, i);
      drp_buf_printf(b,
                     "<details open id=\"N%zu\"><summary>%s <small>"
                     "bytes %zu\xE2\x80\x93%zu</small></summary><p>",
                     i + 1, note_title(n->kind), n->start, n->end);
      esc(b, r->text + n->start, n->end - n->start);
      drp_buf_puts(b, "</p></details>");
    }
    drp_buf_puts(b, "</div>");
  }
  drp_buf_puts(b, "</section>\n");
}

/* The tooltip of quote i: "speaker -> addressees", how, cue, id. */
static void put_quote_title(rp *r, size_t i, const dr_attribution *a) {
  dr_buf *b = r->b;
  if (a && a->speaker != DR_NONE)
    put_name(r, a->speaker);
  else
    drp_buf_puts(b, "Speaker unknown");
  for (size_t k = 0; a && k < a->n_addressees; k++) {
    drp_buf_puts(b, k ? ", " : " \xE2\x86\x92 ");
    put_name(r, a->addressees[k]);
  }
  drp_buf_puts(b, "&#10;");
  if (a && a->speaker != DR_NONE)
    drp_buf_printf(b, "%s attribution \xC2\xB7 score %.2f",
                   dr_attribution_kind_name(a->kind), a->speaker_score);
  else
    drp_buf_puts(b, "no attribution");
  if (a && a->cue_end > a->cue_start) {
    drp_buf_puts(b, "&#10;cue: \xE2\x80\x9C");
    esc(b, r->text + a->cue_start, a->cue_end - a->cue_start);
    drp_buf_puts(b, "\xE2\x80\x9D");
  }
  drp_buf_printf(b, "&#10;Q%zu", i + 1);
  const dr_quote *q = dr_quote_at(r->doc, i);
  if (q->continues != DR_NONE)
    drp_buf_printf(b, ", continues Q%zu", q->continues + 1);
}

static void put_legend(rp *r) {
  dr_buf *b = r->b;
  drp_buf_puts(b, "<div class=\"legend\">");
  for (size_t i = 0; i < r->n_top; i++) {
    drp_buf_printf(b,
                   "<span class=\"c%zu\" data-focus=\"c%zu\">"
                   "<span class=\"dot\"></span>",
                   i, i);
    put_name(r, r->top[i]);
    drp_buf_puts(b, "</span>");
  }
  if (dr_character_count(r->doc) > r->n_top)
    drp_buf_puts(b, "<span class=\"cg\"><span class=\"dot\"></span>"
                    "others</span>");
  drp_buf_puts(b, "<span class=\"cx\"><span class=\"dot\"></span>"
                  "speaker unknown</span></div>");
}

static void put_text(rp *r) {
  dr_buf *b = r->b;
  const dr_doc *doc = r->doc;
  size_t np = dr_paragraph_count(doc), nq = dr_quote_count(doc), qi = 0;
  size_t last_note = DR_NONE;
  drp_buf_puts(b, "<section class=\"card\" id=\"text\"><h2>Text</h2>");
  put_legend(r);
  drp_buf_puts(b, "<article class=\"story\">\n");
  for (size_t p = 0; p < np; p++) {
    const dr_paragraph *para = dr_paragraph_at(doc, p);
    while (qi < nq && dr_quote_at(doc, qi)->paragraph < p)
      qi++;
    if (para->kind == DR_PARA_NOTE) {
      if (para->note != last_note && para->note != DR_NONE) {
        const dr_note *n = dr_note_at(doc, para->note);
        last_note = para->note;
        drp_buf_printf(b,
                       "<p class=\"nm\"><a href=\"#N%zu\">%s</a> "
                       "(see Paratext)</p>\n",
                       para->note + 1, n ? note_title(n->kind) : "Note");
      }
      continue;
    }
    if (para->kind == DR_PARA_BREAK) {
      drp_buf_puts(b, "<p class=\"brk\">* * *</p>\n");
      continue;
    }
    bool heading = para->kind == DR_PARA_HEADING;
    drp_buf_puts(b, heading ? "<h3>" : "<p>");
    size_t pos = para->start;
    for (; qi < nq && dr_quote_at(doc, qi)->paragraph == p; qi++) {
      const dr_quote *q = dr_quote_at(doc, qi);
      size_t s = q->open_start < q->start ? q->open_start : q->start;
      size_t e = q->close_end > q->close_start ? q->close_end : q->end;
      if (q->parent != DR_NONE || s < pos || e > para->end || e < s)
        continue; /* nested quotes are drawn inside their parent */
      const dr_attribution *a = dr_quote_attribution(doc, qi);
      esc(b, r->text + pos, s - pos);
      drp_buf_printf(b, "<span class=\"q ");
      put_cls(r, a ? a->speaker : DR_NONE);
      drp_buf_printf(b, "\" id=\"Q%zu\" title=\"", qi + 1);
      put_quote_title(r, qi, a);
      drp_buf_puts(b, "\">");
      esc(b, r->text + s, e - s);
      drp_buf_puts(b, "</span>");
      pos = e;
    }
    if (para->end > pos)
      esc(b, r->text + pos, para->end - pos);
    drp_buf_puts(b, heading ? "</h3>\n" : "</p>\n");
  }
  drp_buf_puts(b, "</article></section>\n");
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                               */
/* ------------------------------------------------------------------------ */

dr_status dr_doc_write_html(const dr_doc *doc, unsigned flags, dr_buf *out) {
  (void)flags;
  dr_status st = drp_writer_check(doc, out);
  if (st != DR_OK)
    return st;
  rp r;
  memset(&r, 0, sizeof r);
  r.doc = doc;
  r.b = out;
  size_t tlen;
  r.text = dr_doc_text(doc, &tlen);
  r.n_top = rank_top(doc, r.top, RP_COLOURS);
  dr_doc_info info;
  dr_doc_get_info(doc, &info);

  dr_buf *b = out;
  drp_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
                  "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                  "content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"dramatis " DR_VERSION
                  "\">\n<title>");
  put_title(&r, &info);
  drp_buf_puts(b, " \xE2\x80\x94 dramatis report</title>\n<style>\n");
  drp_buf_puts(b, CSS);
  put_colour_css(&r);
  drp_buf_puts(b, "</style></head>\n<body>\n");
  put_header(&r, &info);
  drp_buf_puts(b, "<main class=\"wrap\"><div class=\"grid\">\n");
  put_cast(&r);
  put_network(&r);
  drp_buf_puts(b, "</div>\n");
  put_paratext(&r);
  put_text(&r);
  drp_buf_puts(b,
               "</main>\n<footer class=\"wrap\">Made by dramatis " DR_VERSION);
  if (info.source) {
    drp_buf_puts(b, " from ");
    esc_c(b, info.source);
  }
  drp_buf_printf(b,
                 " (%zu bytes). Speakers, addressees and characters are "
                 "machine guesses: hover or tap a quote for the "
                 "evidence.</footer>\n"
                 "<div id=\"tip\" role=\"tooltip\" hidden></div>\n"
                 "<script>\n",
                 info.bytes);
  drp_buf_puts(b, JS);
  drp_buf_puts(b, "</script>\n</body></html>\n");
  return dr_buf_status(out);
}
