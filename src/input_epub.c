/*
 * input_epub.c -- EPUB (2 and 3) to plain text plus structure hints.
 *
 * 1. Open the archive from memory (libzip, zip_source_buffer_create): the
 *    file system is never touched and nothing is extracted.
 * 2. Limits, each with its own message: at most DR_EPUB_MAX_ENTRIES
 *    entries (the central directory is read once, so a 100 000-entry
 *    archive is refused before any entry is); every entry read is counted
 *    against max_bytes uncompressed in total, and its real size is checked
 *    against the size it declares while reading; an entry over 1 MiB that
 *    is compressed more than DR_EPUB_MAX_RATIO to 1 is a zip bomb.
 * 3. META-INF/container.xml names the package document (the first
 *    rootfile); the package's manifest maps ids to hrefs, its spine lists
 *    the reading order; linear="no" items are skipped, and so are spine
 *    items that are not (X)HTML.  XML is parsed with libxml2 without
 *    network access, DTD loading or entity substitution.
 * 4. Paths: an href is percent-decoded, loses its #fragment and is taken
 *    relative to the package document's folder.  An absolute path, a
 *    scheme ("http:", "C:"), a backslash or any ".." segment is refused
 *    (DR_EFORMAT): a package only ever reads its own entries.
 * 5. Text: dc:title and dc:creator become a header note at the top
 *    ("Title: ...", "Author: ..."), hinted as title and author; then each
 *    spine item is rendered by input_html.c in spine order, its first
 *    paragraph starting a chapter.
 */
#include "internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "dynlib.h" /* libxml2 and libzip, loaded when first needed */

/* Entries larger than this are checked for their compression ratio;
 * small ones (a stylesheet of spaces) may legitimately compress well. */
#define RATIO_MIN_BYTES ((zip_uint64_t)1 << 20)
/* Longest entry path we accept; zip allows 64 KiB, books use < 100. */
#define PATH_MAX_LEN 1024
/* Longest title or author we copy into the header. */
#define META_MAX 512

typedef struct {
  dr_doc *d;
  zip_t *za;
  zip_uint64_t total; /* uncompressed bytes read so far */
} ep;

static dr_status fail(dr_doc *d, const char *fmt, const char *arg) {
  return drp_fail(d, DR_EFORMAT, 0, fmt, arg);
}

/* Reads entry `path` whole into a new buffer (NUL-terminated). */
static dr_status read_entry(ep *E, const char *path, char **out, size_t *len) {
  dr_doc *d = E->d;
  *out = NULL;
  *len = 0;
  zip_int64_t idx = zip_name_locate(E->za, path, 0);
  if (idx < 0)
    idx = zip_name_locate(E->za, path, ZIP_FL_NOCASE);
  if (idx < 0)
    return fail(d, "EPUB: missing entry %s", path);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(E->za, (zip_uint64_t)idx, 0, &st) != 0 ||
      !(st.valid & ZIP_STAT_SIZE))
    return fail(d, "EPUB: cannot read entry %s", path);
  zip_uint64_t size = st.size;
  if (size > d->max_bytes || E->total > d->max_bytes - size)
    return drp_fail(d, DR_ETOOBIG, d->max_bytes,
                    "EPUB entries hold more than %zu bytes uncompressed "
                    "(at %s)",
                    d->max_bytes, path);
  if (size > RATIO_MIN_BYTES && (st.valid & ZIP_STAT_COMP_SIZE) &&
      (st.comp_size == 0 || size / st.comp_size > DR_EPUB_MAX_RATIO))
    return drp_fail(d, DR_EFORMAT, 0,
                    "EPUB: entry %s expands %llu bytes to %llu, over "
                    "%d:1 (a zip bomb?)",
                    path, (unsigned long long)st.comp_size,
                    (unsigned long long)size, DR_EPUB_MAX_RATIO);
  char *buf = drp_alloc(d, (size_t)size + 1);
  if (!buf)
    return DR_ENOMEM;
  zip_file_t *zf = zip_fopen_index(E->za, (zip_uint64_t)idx, 0);
  if (!zf) {
    drp_free(d, buf);
    return fail(d, "EPUB: cannot open entry %s (encrypted or damaged)", path);
  }
  zip_uint64_t got = 0;
  while (got < size) {
    zip_int64_t k = zip_fread(zf, buf + got, size - got);
    if (k <= 0)
      break;
    got += (zip_uint64_t)k;
  }
  char extra;
  zip_int64_t more = got == size ? zip_fread(zf, &extra, 1) : 0;
  zip_fclose(zf);
  if (got != size || more != 0) {
    drp_free(d, buf);
    return fail(d, "EPUB: entry %s is damaged or not the size it declares",
                path);
  }
  buf[size] = '\0';
  E->total += size;
  *out = buf;
  *len = (size_t)size;
  return DR_OK;
}

/* ------------------------------------------------------------------------ */
/* XML helpers                                                               */
/* ------------------------------------------------------------------------ */

static xmlDocPtr parse_xml(const char *s, size_t n) {
  if (n > INT32_MAX)
    return NULL;
  xmlParserCtxtPtr ctx = xmlNewParserCtxt();
  if (!ctx)
    return NULL;
  xmlDocPtr doc = xmlCtxtReadMemory(ctx, s, (int)n, NULL, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR |
                                        XML_PARSE_NOWARNING);
  xmlFreeParserCtxt(ctx);
  return doc;
}

/* The next element after n in document order within root (pre-order, no
 * recursion). */
static const xmlNode *next_el(const xmlNode *n, const xmlNode *root) {
  for (;;) {
    if (n->children && n->type == XML_ELEMENT_NODE)
      n = n->children;
    else {
      while (n != root && !n->next)
        n = n->parent;
      if (n == root)
        return NULL;
      n = n->next;
    }
    if (n->type == XML_ELEMENT_NODE)
      return n;
  }
}

static bool local_is(const xmlNode *n, const char *name) {
  return n->name && strcmp((const char *)n->name, name) == 0;
}

static const char *attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (a->name && strcmp((const char *)a->name, name) == 0 && a->children &&
        a->children->type == XML_TEXT_NODE)
      return (const char *)a->children->content;
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Paths                                                                     */
/* ------------------------------------------------------------------------ */

static int hexval(int c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* dir + href (percent-decoded, fragment dropped) into out[PATH_MAX_LEN];
 * false if it is unsafe or too long. */
static bool resolve(const char *dir, const char *href, char *out) {
  size_t n = 0, dl = strlen(dir);
  if (dl >= PATH_MAX_LEN)
    return false;
  memcpy(out, dir, dl);
  n = dl;
  size_t seg = n; /* start of the current segment */
  if (href[0] == '/' || href[0] == '\0')
    return false;
  for (const char *h = href; *h && *h != '#' && *h != '?'; h++) {
    int c = (unsigned char)*h;
    if (c == '%' && hexval(h[1]) >= 0 && hexval(h[2]) >= 0) {
      c = hexval(h[1]) * 16 + hexval(h[2]);
      h += 2;
    }
    if (c == '\\' || c == '\0' || (c == ':' && seg == dl))
      return false; /* backslashes, NULs, schemes and drive letters */
    if (n + 1 >= PATH_MAX_LEN)
      return false;
    if (c == '/') {
      size_t sl = n - seg;
      if (sl == 2 && out[seg] == '.' && out[seg + 1] == '.')
        return false;
      if (sl == 1 && out[seg] == '.') {
        n = seg; /* "./" */
        continue;
      }
      if (sl == 0)
        continue; /* "//" */
      out[n++] = '/';
      seg = n;
      continue;
    }
    out[n++] = (char)c;
  }
  size_t sl = n - seg;
  if (sl == 0 || (sl == 2 && out[seg] == '.' && out[seg + 1] == '.') ||
      (sl == 1 && out[seg] == '.'))
    return false;
  out[n] = '\0';
  return true;
}

/* ------------------------------------------------------------------------ */
/* The header: title and author                                              */
/* ------------------------------------------------------------------------ */

/* Writes "Key: value" with the value's white space collapsed; hints the
 * value as kind.  Returns false on failure. */
static bool meta_line(drp_out *o, const char *key, const xmlNode *el, int kind,
                      bool *any) {
  if (!el)
    return true;
  xmlChar *v = xmlNodeGetContent(el);
  if (!v)
    return true;
  char buf[META_MAX];
  size_t n = 0;
  bool sp = false;
  for (const xmlChar *c = v; *c && n + 4 < sizeof buf; c++) {
    if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r') {
      sp = n > 0;
      continue;
    }
    if (sp)
      buf[n++] = ' ';
    sp = false;
    buf[n++] = (char)*c;
  }
  /* Do not end inside a UTF-8 sequence cut by the cap. */
  size_t e = n;
  while (e > 0 && ((unsigned char)buf[e - 1] & 0xC0) == 0x80)
    e--;
  if (e > 0 && (unsigned char)buf[e - 1] >= 0xC0) {
    unsigned lead = (unsigned char)buf[e - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (n - (e - 1) < want)
      n = e - 1;
  }
  xmlFree(v);
  if (n == 0)
    return true;
  if (*any && !drp_out_put(o, "\n", 1))
    return false;
  if (!drp_out_put(o, key, strlen(key)))
    return false;
  size_t a = o->len;
  if (!drp_out_put(o, buf, n))
    return false;
  *any = true;
  return drp_out_hint(o, (uint32_t)a, (uint32_t)o->len, kind, 0);
}

/* ------------------------------------------------------------------------ */
/* The package                                                               */
/* ------------------------------------------------------------------------ */

static dr_status render_package(ep *E, drp_out *o) {
  dr_doc *d = E->d;
  char *buf = NULL;
  size_t len;
  dr_status st;
  char path[PATH_MAX_LEN], opf_path[PATH_MAX_LEN], dir[PATH_MAX_LEN];
  xmlDocPtr cdoc = NULL, odoc = NULL;

  zip_int64_t entries = zip_get_num_entries(E->za, 0);
  if (entries < 0 || entries > DR_EPUB_MAX_ENTRIES) {
    char n[32];
    snprintf(n, sizeof n, "%lld", (long long)entries);
    return drp_fail(d, DR_EFORMAT, 0,
                    "EPUB has %s entries, over the limit of %d", n,
                    DR_EPUB_MAX_ENTRIES);
  }

  /* 1. The container names the package document. */
  if ((st = read_entry(E, "META-INF/container.xml", &buf, &len)) != DR_OK)
    return st;
  cdoc = parse_xml(buf, len);
  drp_free(d, buf);
  buf = NULL;
  if (!cdoc)
    return fail(d, "EPUB: %s is not well-formed XML", "META-INF/container.xml");
  const char *full = NULL;
  const xmlNode *croot = xmlDocGetRootElement(cdoc);
  for (const xmlNode *n = croot; n && !full; n = next_el(n, croot))
    if (local_is(n, "rootfile"))
      full = attr(n, "full-path");
  if (!full) {
    xmlFreeDoc(cdoc);
    return fail(d, "EPUB: %s names no package document (rootfile)",
                "META-INF/container.xml");
  }
  if (!resolve("", full, opf_path)) {
    st = fail(d, "EPUB: unsafe or invalid package path %s", full);
    xmlFreeDoc(cdoc);
    return st;
  }
  xmlFreeDoc(cdoc);
  memcpy(dir, opf_path, strlen(opf_path) + 1);
  char *slash = strrchr(dir, '/');
  if (slash)
    slash[1] = '\0';
  else
    dir[0] = '\0';

  /* 2. The package: metadata, manifest, spine. */
  if ((st = read_entry(E, opf_path, &buf, &len)) != DR_OK)
    return st;
  odoc = parse_xml(buf, len);
  drp_free(d, buf);
  buf = NULL;
  if (!odoc)
    return fail(d, "EPUB: package %s is not well-formed XML", opf_path);
  const xmlNode *root = xmlDocGetRootElement(odoc);
  const xmlNode *title = NULL, *creator = NULL, *spine = NULL;
  size_t n_items = 0, n_refs = 0;
  for (const xmlNode *n = root; n; n = next_el(n, root)) {
    if (local_is(n, "title") && !title && n->parent &&
        local_is(n->parent, "metadata"))
      title = n;
    else if (local_is(n, "creator") && !creator)
      creator = n;
    else if (local_is(n, "item"))
      n_items++;
    else if (local_is(n, "itemref")) {
      n_refs++;
      if (!spine)
        spine = n->parent;
    }
  }
  if (n_items > DR_EPUB_MAX_ENTRIES || n_refs > DR_EPUB_MAX_ENTRIES) {
    st = fail(d, "EPUB: package %s lists more items than the entry limit",
              opf_path);
    goto out;
  }
  if (!spine) {
    st = fail(d, "EPUB: package %s has no spine items", opf_path);
    goto out;
  }

  bool any = false;
  size_t h0 = o->len;
  if (!meta_line(o, "Title: ", title, DRP_HINT_TITLE, &any) ||
      !meta_line(o, "Author: ", creator, DRP_HINT_AUTHOR, &any)) {
    st = d->status;
    goto out;
  }
  if (any && (!drp_out_hint(o, (uint32_t)h0, (uint32_t)o->len, DRP_HINT_NOTE,
                            DR_NOTE_HEADER) ||
              !drp_out_put(o, "\n\n", 2))) {
    st = d->status;
    goto out;
  }

  /* 3. The spine, in order. */
  for (const xmlNode *r = spine->children; r; r = r->next) {
    if (r->type != XML_ELEMENT_NODE || !local_is(r, "itemref"))
      continue;
    const char *idref = attr(r, "idref"), *lin = attr(r, "linear");
    if (lin && strcmp(lin, "no") == 0)
      continue;
    if (!idref) {
      st = fail(d, "EPUB: a spine item in %s has no idref", opf_path);
      goto out;
    }
    const xmlNode *item = NULL;
    for (const xmlNode *n = root; n && !item; n = next_el(n, root))
      if (local_is(n, "item")) {
        const char *id = attr(n, "id");
        if (id && strcmp(id, idref) == 0)
          item = n;
      }
    if (!item) {
      st = fail(d, "EPUB: spine item %s is not in the manifest", idref);
      goto out;
    }
    const char *href = attr(item, "href"), *mt = attr(item, "media-type");
    if (!href) {
      st = fail(d, "EPUB: manifest item %s has no href", idref);
      goto out;
    }
    if (mt && strcmp(mt, "application/xhtml+xml") != 0 &&
        strcmp(mt, "text/html") != 0)
      continue; /* an image or SVG page in the spine */
    if (!resolve(dir, href, path)) {
      st = fail(d, "EPUB: unsafe or invalid path %s", href);
      goto out;
    }
    if ((st = read_entry(E, path, &buf, &len)) != DR_OK)
      goto out;
    st = drp_html_render(o, buf, len, true, NULL);
    drp_free(d, buf);
    buf = NULL;
    if (st != DR_OK)
      goto out;
  }
  st = DR_OK;
out:
  xmlFreeDoc(odoc);
  return st;
}

/* Opens s[0, n) as a zip archive; NULL (with *why set) on failure. */
static zip_t *open_zip(const char *s, size_t n, const char **why,
                       zip_error_t *ze) {
  zip_error_init(ze);
  zip_source_t *src = zip_source_buffer_create(s, n, 0, ze);
  if (!src) {
    *why = zip_error_strerror(ze);
    return NULL;
  }
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, ze);
  if (!za) {
    zip_source_free(src);
    *why = zip_error_strerror(ze);
    return NULL;
  }
  return za;
}

dr_status drp_epub_render(drp_out *o, const char *s, size_t n) {
  dr_doc *d = o->d;
  char need[256];
  if (!drp_dl_need(DRP_DL_ZIP, need, sizeof need) ||
      !drp_dl_need(DRP_DL_XML, need, sizeof need))
    return drp_fail(d, DR_EFORMAT, 0, "EPUB input needs libzip and libxml2: %s",
                    need);
  zip_error_t ze;
  const char *why = "";
  zip_t *za = open_zip(s, n, &why, &ze);
  if (!za) {
    dr_status st =
        drp_fail(d, DR_EFORMAT, 0, "EPUB: not a zip archive (%s)", why);
    zip_error_fini(&ze);
    return st;
  }
  zip_error_fini(&ze);
  ep E;
  memset(&E, 0, sizeof E);
  E.d = d;
  E.za = za;
  dr_status st = render_package(&E, o);
  zip_discard(za);
  return st;
}

bool drp_epub_sniff(const char *s, size_t n) {
  static const char mt[] = "application/epub+zip";
  if (n < 4 || memcmp(s, "PK\3\4", 4) != 0)
    return false;
  /* The OCF layout: "mimetype", stored, first. */
  if (n >= 58 && memcmp(s + 30, "mimetype", 8) == 0 &&
      memcmp(s + 38, mt, sizeof mt - 1) == 0)
    return true;
  char need[256];
  if (!drp_dl_need(DRP_DL_ZIP, need, sizeof need))
    return false; /* cannot look inside: not taken for an EPUB */
  zip_error_t ze;
  const char *why;
  zip_t *za = open_zip(s, n, &why, &ze);
  zip_error_fini(&ze);
  if (!za)
    return false;
  bool yes = false;
  zip_int64_t idx = zip_name_locate(za, "mimetype", 0);
  zip_stat_t st;
  zip_stat_init(&st);
  if (idx >= 0 && zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 &&
      (st.valid & ZIP_STAT_SIZE) && st.size < 64) {
    char buf[64];
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (zf) {
      zip_int64_t k = zip_fread(zf, buf, st.size);
      zip_fclose(zf);
      size_t m = k > 0 ? (size_t)k : 0;
      while (m &&
             (buf[m - 1] == '\n' || buf[m - 1] == '\r' || buf[m - 1] == ' '))
        m--;
      yes = m == sizeof mt - 1 && memcmp(buf, mt, m) == 0;
    }
  }
  zip_discard(za);
  return yes;
}
