/*
 * graph.c -- the character network as GraphML and GEXF, for networkx,
 * Gephi, Cytoscape and igraph.  Uses only the public API (plus buf.h).
 *
 * 1. Nodes are the characters in order, with the ids of the JSON output
 *    (C1, C2, ...), so rows can be joined back to it.
 * 2. Edges are the interactions (undirected, a < b), with quotes exchanged,
 *    shared scenes and their weight.
 * 3. Every string goes through the XML escaper (escape.c); numbers are
 *    plain.  Both files declare UTF-8 and are always valid UTF-8.
 */
#include "buf.h"
#include "dramatis.h"

#include <string.h>

static void xml_c(dr_buf *b, const char *s) {
  if (s)
    drp_buf_put_escaped(b, s, strlen(s), DRP_ESC_XML);
}

/* The text span [start, end) escaped, or nothing when empty. */
static void xml_span(dr_buf *b, const char *text, size_t start, size_t end) {
  if (end > start)
    drp_buf_put_escaped(b, text + start, end - start, DRP_ESC_XML);
}

dr_status dr_doc_write_graphml(const dr_doc *doc, unsigned flags, dr_buf *out) {
  (void)flags;
  dr_status st = drp_writer_check(doc, out);
  if (st != DR_OK)
    return st;
  dr_buf *b = out;
  size_t tlen;
  const char *text = dr_doc_text(doc, &tlen);
  dr_doc_info info;
  dr_doc_get_info(doc, &info);

  drp_buf_puts(b,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
               "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
               "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
               "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
               "  <key id=\"title\" for=\"graph\" attr.name=\"title\" "
               "attr.type=\"string\"/>\n"
               "  <key id=\"source\" for=\"graph\" attr.name=\"source\" "
               "attr.type=\"string\"/>\n"
               "  <key id=\"name\" for=\"node\" attr.name=\"name\" "
               "attr.type=\"string\"/>\n"
               "  <key id=\"label\" for=\"node\" attr.name=\"label\" "
               "attr.type=\"string\"/>\n"
               "  <key id=\"gender\" for=\"node\" attr.name=\"gender\" "
               "attr.type=\"string\"/>\n"
               "  <key id=\"lines\" for=\"node\" attr.name=\"lines\" "
               "attr.type=\"int\"/>\n"
               "  <key id=\"addressed\" for=\"node\" attr.name=\"addressed\" "
               "attr.type=\"int\"/>\n"
               "  <key id=\"mentions\" for=\"node\" attr.name=\"mentions\" "
               "attr.type=\"int\"/>\n"
               "  <key id=\"quotes\" for=\"edge\" attr.name=\"quotes\" "
               "attr.type=\"int\"/>\n"
               "  <key id=\"co_occurrences\" for=\"edge\" "
               "attr.name=\"co_occurrences\" attr.type=\"int\"/>\n"
               "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" "
               "attr.type=\"double\"/>\n"
               "  <graph id=\"G\" edgedefault=\"undirected\">\n");
  if (info.title_end > info.title_start) {
    drp_buf_puts(b, "    <data key=\"title\">");
    xml_span(b, text, info.title_start, info.title_end);
    drp_buf_puts(b, "</data>\n");
  }
  if (info.source) {
    drp_buf_puts(b, "    <data key=\"source\">");
    xml_c(b, info.source);
    drp_buf_puts(b, "</data>\n");
  }
  for (size_t i = 0; i < dr_character_count(doc); i++) {
    const dr_character *c = dr_character_at(doc, i);
    drp_buf_printf(b, "    <node id=\"C%zu\">\n      <data key=\"name\">",
                   i + 1);
    xml_c(b, c->name);
    drp_buf_puts(b, "</data>\n      <data key=\"label\">");
    xml_c(b, c->name);
    drp_buf_printf(b,
                   "</data>\n      <data key=\"gender\">%s</data>\n"
                   "      <data key=\"lines\">%zu</data>\n"
                   "      <data key=\"addressed\">%zu</data>\n"
                   "      <data key=\"mentions\">%zu</data>\n    </node>\n",
                   dr_gender_name(c->gender), c->quotes_spoken,
                   c->quotes_addressed, c->mentions);
  }
  for (size_t i = 0; i < dr_interaction_count(doc); i++) {
    const dr_interaction *x = dr_interaction_at(doc, i);
    drp_buf_printf(b,
                   "    <edge id=\"e%zu\" source=\"C%zu\" target=\"C%zu\">\n"
                   "      <data key=\"quotes\">%zu</data>\n"
                   "      <data key=\"co_occurrences\">%zu</data>\n"
                   "      <data key=\"weight\">%.1f</data>\n    </edge>\n",
                   i, x->a + 1, x->b + 1, x->quotes, x->co_occurrences,
                   x->weight);
  }
  drp_buf_puts(b, "  </graph>\n</graphml>\n");
  return dr_buf_status(out);
}

dr_status dr_doc_write_gexf(const dr_doc *doc, unsigned flags, dr_buf *out) {
  (void)flags;
  dr_status st = drp_writer_check(doc, out);
  if (st != DR_OK)
    return st;
  dr_buf *b = out;
  size_t tlen;
  const char *text = dr_doc_text(doc, &tlen);
  dr_doc_info info;
  dr_doc_get_info(doc, &info);

  drp_buf_puts(b,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<gexf xmlns=\"http://www.gexf.net/1.2draft\" "
               "version=\"1.2\">\n  <meta>\n    <creator>dramatis " DR_VERSION
               "</creator>\n    <description>");
  if (info.title_end > info.title_start)
    xml_span(b, text, info.title_start, info.title_end);
  else if (info.source)
    xml_c(b, info.source);
  else
    drp_buf_puts(b, "characters and interactions");
  drp_buf_puts(
      b, "</description>\n  </meta>\n"
         "  <graph mode=\"static\" defaultedgetype=\"undirected\">\n"
         "    <attributes class=\"node\">\n"
         "      <attribute id=\"gender\" title=\"gender\" type=\"string\"/>\n"
         "      <attribute id=\"lines\" title=\"lines\" type=\"integer\"/>\n"
         "      <attribute id=\"addressed\" title=\"addressed\" "
         "type=\"integer\"/>\n"
         "      <attribute id=\"mentions\" title=\"mentions\" "
         "type=\"integer\"/>\n"
         "    </attributes>\n"
         "    <attributes class=\"edge\">\n"
         "      <attribute id=\"quotes\" title=\"quotes\" type=\"integer\"/>\n"
         "      <attribute id=\"co_occurrences\" title=\"co_occurrences\" "
         "type=\"integer\"/>\n"
         "    </attributes>\n    <nodes>\n");
  for (size_t i = 0; i < dr_character_count(doc); i++) {
    const dr_character *c = dr_character_at(doc, i);
    drp_buf_printf(b, "      <node id=\"C%zu\" label=\"", i + 1);
    xml_c(b, c->name);
    drp_buf_printf(b,
                   "\">\n        <attvalues>\n"
                   "          <attvalue for=\"gender\" value=\"%s\"/>\n"
                   "          <attvalue for=\"lines\" value=\"%zu\"/>\n"
                   "          <attvalue for=\"addressed\" value=\"%zu\"/>\n"
                   "          <attvalue for=\"mentions\" value=\"%zu\"/>\n"
                   "        </attvalues>\n      </node>\n",
                   dr_gender_name(c->gender), c->quotes_spoken,
                   c->quotes_addressed, c->mentions);
  }
  drp_buf_puts(b, "    </nodes>\n    <edges>\n");
  for (size_t i = 0; i < dr_interaction_count(doc); i++) {
    const dr_interaction *x = dr_interaction_at(doc, i);
    drp_buf_printf(b,
                   "      <edge id=\"e%zu\" source=\"C%zu\" target=\"C%zu\" "
                   "weight=\"%.1f\">\n        <attvalues>\n"
                   "          <attvalue for=\"quotes\" value=\"%zu\"/>\n"
                   "          <attvalue for=\"co_occurrences\" "
                   "value=\"%zu\"/>\n        </attvalues>\n      </edge>\n",
                   i, x->a + 1, x->b + 1, x->weight, x->quotes,
                   x->co_occurrences);
  }
  drp_buf_puts(b, "    </edges>\n  </graph>\n</gexf>\n");
  return dr_buf_status(out);
}
