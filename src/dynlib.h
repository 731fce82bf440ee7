/*
 * dynlib.h -- libxml2 and libzip, loaded only when a document needs them.
 *
 * Linking libxml2 (and through it ICU) and libzip (and through it libcrypto)
 * into every process that uses dramatis cost about 11 ms of dynamic-loader
 * work at start-up, four times a bare process start, for every run -- even
 * for plain text, which is what most runs read.  So the HTML and EPUB
 * readers reach the two libraries through these shims instead: each one
 * opens the library with dlopen (RTLD_NODELETE: loaded on first use, kept
 * loaded after), looks its symbol up and calls it.  There is no state of
 * ours: the dynamic loader's own table of loaded objects is the cache,
 * and an already loaded library is found in microseconds.
 *
 * A reader first calls drp_dl_need(): it fails with a message naming the
 * missing library, which the reader turns into DR_EFORMAT.  After that the
 * shims assume the library is there.  Include this header after the
 * libraries' own headers: it redirects their names to the shims.
 */
#ifndef DRP_DYNLIB_H
#define DRP_DYNLIB_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

enum { DRP_DL_XML = 0, DRP_DL_ZIP = 1 };

/* Whether library `which` (DRP_DL_*) can be loaded with every symbol the
 * readers use; if not, writes why to err[0, n). */
bool drp_dl_need(int which, char *err, size_t n);

htmlParserCtxtPtr drp_htmlNewParserCtxt(void);
htmlDocPtr drp_htmlCtxtReadMemory(htmlParserCtxtPtr ctxt, const char *buffer,
                                  int size, const char *url,
                                  const char *encoding, int options);
void drp_htmlFreeParserCtxt(htmlParserCtxtPtr ctxt);
xmlParserCtxtPtr drp_xmlNewParserCtxt(void);
xmlDocPtr drp_xmlCtxtReadMemory(xmlParserCtxtPtr ctxt, const char *buffer,
                                int size, const char *url,
                                const char *encoding, int options);
void drp_xmlFreeParserCtxt(xmlParserCtxtPtr ctxt);
void drp_xmlFreeDoc(xmlDocPtr doc);
xmlNodePtr drp_xmlDocGetRootElement(const xmlDoc *doc);
xmlChar *drp_xmlNodeGetContent(const xmlNode *cur);
void drp_xmlFree(void *mem);

zip_source_t *drp_zip_source_buffer_create(const void *data, zip_uint64_t len,
                                           int freep, zip_error_t *error);
void drp_zip_source_free(zip_source_t *src);
zip_t *drp_zip_open_from_source(zip_source_t *src, int flags,
                                zip_error_t *error);
void drp_zip_discard(zip_t *za);
zip_int64_t drp_zip_get_num_entries(zip_t *za, zip_flags_t flags);
zip_int64_t drp_zip_name_locate(zip_t *za, const char *name,
                                zip_flags_t flags);
void drp_zip_stat_init(zip_stat_t *st);
int drp_zip_stat_index(zip_t *za, zip_uint64_t index, zip_flags_t flags,
                       zip_stat_t *st);
zip_file_t *drp_zip_fopen_index(zip_t *za, zip_uint64_t index,
                                zip_flags_t flags);
zip_int64_t drp_zip_fread(zip_file_t *zf, void *buf, zip_uint64_t n);
int drp_zip_fclose(zip_file_t *zf);
void drp_zip_error_init(zip_error_t *err);
void drp_zip_error_fini(zip_error_t *err);
const char *drp_zip_error_strerror(zip_error_t *err);

#ifndef DRP_DYNLIB_IMPL
#undef xmlFree
#define htmlNewParserCtxt drp_htmlNewParserCtxt
#define htmlCtxtReadMemory drp_htmlCtxtReadMemory
#define htmlFreeParserCtxt drp_htmlFreeParserCtxt
#define xmlNewParserCtxt drp_xmlNewParserCtxt
#define xmlCtxtReadMemory drp_xmlCtxtReadMemory
#define xmlFreeParserCtxt drp_xmlFreeParserCtxt
#define xmlFreeDoc drp_xmlFreeDoc
#define xmlDocGetRootElement drp_xmlDocGetRootElement
#define xmlNodeGetContent drp_xmlNodeGetContent
#define xmlFree drp_xmlFree
#define zip_source_buffer_create drp_zip_source_buffer_create
#define zip_source_free drp_zip_source_free
#define zip_open_from_source drp_zip_open_from_source
#define zip_discard drp_zip_discard
#define zip_get_num_entries drp_zip_get_num_entries
#define zip_name_locate drp_zip_name_locate
#define zip_stat_init drp_zip_stat_init
#define zip_stat_index drp_zip_stat_index
#define zip_fopen_index drp_zip_fopen_index
#define zip_fread drp_zip_fread
#define zip_fclose drp_zip_fclose
#define zip_error_init drp_zip_error_init
#define zip_error_fini drp_zip_error_fini
#define zip_error_strerror drp_zip_error_strerror
#endif

#endif
