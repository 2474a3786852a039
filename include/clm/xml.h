/*
 * xml.h — XML input and output at the library's edge.
 *
 * Every document libclm reads is parsed hardened — no network access, no
 * external entities or DTD loading, no entity expansion, a size limit — and
 * validated against an XSD shipped inside the library (and installed under
 * <datadir>/libclm/schemas/). Errors carry the line, the element or
 * attribute and the reason in clm_error_last().
 *
 * Each concept's XML functions are declared here (calendar) or in the
 * concept's own header (category and discount policies); all are
 * implemented in src/xml/, so the rules themselves never touch libxml2.
 */
#ifndef CLM_XML_H
#define CLM_XML_H

#include "common.h"
#include "calendar.h"

CLM_BEGIN_DECLS

#define CLM_XML_OPTIONS_VERSION 1
/** Default size limit for one XML document: 16 MiB. */
#define CLM_XML_DEFAULT_MAX_BYTES ((size_t)16 * 1024 * 1024)

/** Options for reading XML. Initialise with CLM_XML_OPTIONS_INIT or
 *  clm_xml_options_init(). A NULL options pointer means the defaults. */
typedef struct clm_xml_options {
    unsigned int version;   /**< CLM_XML_OPTIONS_VERSION */
    size_t max_bytes;       /**< documents larger than this fail with CLM_ELIMIT */
} clm_xml_options;

#define CLM_XML_OPTIONS_INIT \
    { .version = CLM_XML_OPTIONS_VERSION, .max_bytes = CLM_XML_DEFAULT_MAX_BYTES }

/** Sets *opts to the defaults. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_xml_options_init(clm_xml_options *opts);

/**
 * The text of a schema shipped with the library, by name ("calendar",
 * "category-policy", "discount-policy", ...), or NULL if there is none. The
 * string is static. Thread-safe.
 */
CLM_API const char *clm_xml_schema(const char *name);

/**
 * Reads a calendar from an XML document in memory (schema "calendar",
 * namespace urn:libclm:calendar:1). `source` names the input in error
 * messages (may be NULL for "<memory>").
 *
 *   <calendar xmlns="urn:libclm:calendar:1" name="RU" weekend="sat sun"
 *             from="2025-01-01" to="2026-12-31">
 *     <holiday date="2025-01-01" note="New Year holidays"/>
 *     <working date="2025-11-01" note="decree No. 1335: working Saturday"/>
 *   </calendar>
 *
 * `from` and `to` (optional, together) declare the coverage.
 * Errors: CLM_EINVAL (NULL out/buf, bad options version -> CLM_EVERSION),
 * CLM_ELIMIT (larger than opts->max_bytes), CLM_EPARSE (not well-formed, a
 * DTD or entity), CLM_ESCHEMA (invalid against the schema, a duplicate
 * date, a day outside from..to; the message names the line), CLM_ENOMEM.
 * *out untouched on error; on success the caller frees it with
 * clm_calendar_free(). Thread-safe.
 */
CLM_API int clm_calendar_load_xml(clm_calendar **out, const char *buf, size_t len,
                                  const char *source, const clm_xml_options *opts);

/** As clm_calendar_load_xml(), reading the file at `path`. Adds CLM_EIO when
 *  the file cannot be read (the message names the path and the reason). */
CLM_API int clm_calendar_load_file(clm_calendar **out, const char *path,
                                   const clm_xml_options *opts);

/**
 * Writes `cal` as an XML document that clm_calendar_load_xml() reads back
 * into an equal calendar. *out is a NUL-terminated buffer the caller frees
 * with clm_free(); *len (may be NULL) receives its length.
 * Errors: CLM_EINVAL, CLM_ENOMEM (outputs untouched).
 */
CLM_API int clm_calendar_save_xml(char **out, size_t *len, const clm_calendar *cal);

CLM_END_DECLS

#endif /* CLM_XML_H */
