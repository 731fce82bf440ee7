/*
 * dynlib.c -- the shims of dynlib.h: libxml2 and libzip through dlopen.
 *
 * Each shim opens its library (a no-op but for a reference count once it is
 * loaded; RTLD_NODELETE keeps it loaded when that count drops), looks the
 * symbol up, lets the reference go and calls it.  The one piece of state is
 * a once-flag: libxml2 (2.9, Debian 12) must be initialised by one thread
 * before others use it -- two threads parsing their first HTML document at
 * the same moment otherwise deadlock inside its implicit initialisation
 * (xmlRMutexLock under xmlDictCreate; `corpus add -j 2` over HTML and
 * EPUB files hung about one run in thirty).  drp_dl_need runs
 * xmlInitParser exactly once, whichever thread gets there first.
 */
#define DRP_DYNLIB_IMPL
#include "dynlib.h"

#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static const char *const lib_names[2] = {"libxml2.so.2", "libzip.so.4"};

static const char *const xml_syms[] = {
    "htmlNewParserCtxt", "htmlCtxtReadMemory",   "htmlFreeParserCtxt",
    "xmlNewParserCtxt",  "xmlCtxtReadMemory",    "xmlFreeParserCtxt",
    "xmlFreeDoc",        "xmlDocGetRootElement", "xmlNodeGetContent",
    "xmlFree"};
static const char *const zip_syms[] = {
    "zip_source_buffer_create", "zip_source_free",     "zip_open_from_source",
    "zip_discard",              "zip_get_num_entries", "zip_name_locate",
    "zip_stat_init",            "zip_stat_index",      "zip_fopen_index",
    "zip_fread",                "zip_fclose",          "zip_error_init",
    "zip_error_fini",           "zip_error_strerror"};

static void *lib_open(int which) {
  return dlopen(lib_names[which], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
}

/* The address of symbol name of library which, or NULL. */
static void *sym(int which, const char *name) {
  void *h = lib_open(which);
  if (!h)
    return NULL;
  void *p = dlsym(h, name);
  dlclose(h); /* RTLD_NODELETE: the library and p stay */
  return p;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void) {
  typedef void (*init_t)(void);
  init_t f = (init_t)sym(DRP_DL_XML, "xmlInitParser");
  if (f)
    f();
}

bool drp_dl_need(int which, char *err, size_t n) {
  void *h = lib_open(which);
  if (!h) {
    const char *why = dlerror();
    snprintf(err, n, "%s", why ? why : lib_names[which]);
    return false;
  }
  const char *const *names = which == DRP_DL_XML ? xml_syms : zip_syms;
  size_t k = which == DRP_DL_XML ? sizeof xml_syms / sizeof *xml_syms
                                 : sizeof zip_syms / sizeof *zip_syms;
  bool ok = true;
  for (size_t i = 0; i < k && ok; i++)
    if (!dlsym(h, names[i])) {
      snprintf(err, n, "%s has no %s", lib_names[which], names[i]);
      ok = false;
    }
  dlclose(h);
  if (ok && which == DRP_DL_XML && pthread_once(&xml_once, xml_init) != 0) {
    snprintf(err, n, "libxml2 could not be initialised");
    ok = false;
  }
  return ok;
}

/* The body of a shim: calls symbol NAME of library LIB, returning RET and
 * taking PARAMS, with ARGS; FAIL is the result when the symbol cannot be
 * found (drp_dl_need said it could). */
#define CALL(lib, ret, name, params, args, fail)                              \
  typedef ret(*fn_t) params;                                                  \
  fn_t f_ = (fn_t)sym(lib, name);                                             \
  return f_ ? f_ args : fail
#define CALL_VOID(lib, name, params, args)                                    \
  typedef void(*fn_t) params;                                                 \
  fn_t f_ = (fn_t)sym(lib, name);                                             \
  if (f_)                                                                     \
  f_ args

htmlParserCtxtPtr drp_htmlNewParserCtxt(void) {
  CALL(DRP_DL_XML, htmlParserCtxtPtr, "htmlNewParserCtxt", (void), (), NULL);
}

htmlDocPtr drp_htmlCtxtReadMemory(htmlParserCtxtPtr ctxt, const char *buffer,
                                  int size, const char *url,
                                  const char *encoding, int options) {
  CALL(DRP_DL_XML, htmlDocPtr, "htmlCtxtReadMemory",
       (htmlParserCtxtPtr, const char *, int, const char *, const char *, int),
       (ctxt, buffer, size, url, encoding, options), NULL);
}

void drp_htmlFreeParserCtxt(htmlParserCtxtPtr ctxt) {
  CALL_VOID(DRP_DL_XML, "htmlFreeParserCtxt", (htmlParserCtxtPtr), (ctxt));
}

xmlParserCtxtPtr drp_xmlNewParserCtxt(void) {
  CALL(DRP_DL_XML, xmlParserCtxtPtr, "xmlNewParserCtxt", (void), (), NULL);
}

xmlDocPtr drp_xmlCtxtReadMemory(xmlParserCtxtPtr ctxt, const char *buffer,
                                int size, const char *url,
                                const char *encoding, int options) {
  CALL(DRP_DL_XML, xmlDocPtr, "xmlCtxtReadMemory",
       (xmlParserCtxtPtr, const char *, int, const char *, const char *, int),
       (ctxt, buffer, size, url, encoding, options), NULL);
}

void drp_xmlFreeParserCtxt(xmlParserCtxtPtr ctxt) {
  CALL_VOID(DRP_DL_XML, "xmlFreeParserCtxt", (xmlParserCtxtPtr), (ctxt));
}

void drp_xmlFreeDoc(xmlDocPtr doc) {
  CALL_VOID(DRP_DL_XML, "xmlFreeDoc", (xmlDocPtr), (doc));
}

xmlNodePtr drp_xmlDocGetRootElement(const xmlDoc *doc) {
  CALL(DRP_DL_XML, xmlNodePtr, "xmlDocGetRootElement", (const xmlDoc *), (doc),
       NULL);
}

xmlChar *drp_xmlNodeGetContent(const xmlNode *cur) {
  CALL(DRP_DL_XML, xmlChar *, "xmlNodeGetContent", (const xmlNode *), (cur),
       NULL);
}

void drp_xmlFree(void *mem) {
  /* xmlFree is a variable holding libxml2's deallocator. */
  xmlFreeFunc *f = (xmlFreeFunc *)sym(DRP_DL_XML, "xmlFree");
  if (f && *f)
    (*f)(mem);
}

zip_source_t *drp_zip_source_buffer_create(const void *data, zip_uint64_t len,
                                           int freep, zip_error_t *error) {
  CALL(DRP_DL_ZIP, zip_source_t *, "zip_source_buffer_create",
       (const void *, zip_uint64_t, int, zip_error_t *),
       (data, len, freep, error), NULL);
}

void drp_zip_source_free(zip_source_t *src) {
  CALL_VOID(DRP_DL_ZIP, "zip_source_free", (zip_source_t *), (src));
}

zip_t *drp_zip_open_from_source(zip_source_t *src, int flags,
                                zip_error_t *error) {
  CALL(DRP_DL_ZIP, zip_t *, "zip_open_from_source",
       (zip_source_t *, int, zip_error_t *), (src, flags, error), NULL);
}

void drp_zip_discard(zip_t *za) {
  CALL_VOID(DRP_DL_ZIP, "zip_discard", (zip_t *), (za));
}

zip_int64_t drp_zip_get_num_entries(zip_t *za, zip_flags_t flags) {
  CALL(DRP_DL_ZIP, zip_int64_t, "zip_get_num_entries", (zip_t *, zip_flags_t),
       (za, flags), -1);
}

zip_int64_t drp_zip_name_locate(zip_t *za, const char *name,
                                zip_flags_t flags) {
  CALL(DRP_DL_ZIP, zip_int64_t, "zip_name_locate",
       (zip_t *, const char *, zip_flags_t), (za, name, flags), -1);
}

void drp_zip_stat_init(zip_stat_t *st) {
  CALL_VOID(DRP_DL_ZIP, "zip_stat_init", (zip_stat_t *), (st));
}

int drp_zip_stat_index(zip_t *za, zip_uint64_t index, zip_flags_t flags,
                       zip_stat_t *st) {
  CALL(DRP_DL_ZIP, int, "zip_stat_index",
       (zip_t *, zip_uint64_t, zip_flags_t, zip_stat_t *),
       (za, index, flags, st), -1);
}

zip_file_t *drp_zip_fopen_index(zip_t *za, zip_uint64_t index,
                                zip_flags_t flags) {
  CALL(DRP_DL_ZIP, zip_file_t *, "zip_fopen_index",
       (zip_t *, zip_uint64_t, zip_flags_t), (za, index, flags), NULL);
}

zip_int64_t drp_zip_fread(zip_file_t *zf, void *buf, zip_uint64_t n) {
  CALL(DRP_DL_ZIP, zip_int64_t, "zip_fread",
       (zip_file_t *, void *, zip_uint64_t), (zf, buf, n), -1);
}

int drp_zip_fclose(zip_file_t *zf) {
  CALL(DRP_DL_ZIP, int, "zip_fclose", (zip_file_t *), (zf), -1);
}

void drp_zip_error_init(zip_error_t *err) {
  CALL_VOID(DRP_DL_ZIP, "zip_error_init", (zip_error_t *), (err));
}

void drp_zip_error_fini(zip_error_t *err) {
  CALL_VOID(DRP_DL_ZIP, "zip_error_fini", (zip_error_t *), (err));
}

const char *drp_zip_error_strerror(zip_error_t *err) {
  CALL(DRP_DL_ZIP, const char *, "zip_error_strerror", (zip_error_t *), (err),
       "libzip is not available");
}
