/* calendar_xml.c — calendars in and out of XML (schema calendar.xsd). */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "xml/xml_reader.h"

static const char *const weekday_names[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* The schema has checked the tokens; this maps them to a mask. */
static unsigned int weekend_mask(const char *list)
{
    unsigned int mask = 0;
    const char *p = list;
    while (*p != '\0') {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        for (int i = 0; i < 7; i++) {
            if (strncmp(p, weekday_names[i], 3) == 0) {
                mask |= CLM_WEEKDAY_BIT(i + 1);
                p += 3;
                break;
            }
        }
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            p++;
    }
    return mask;
}

typedef struct pending_day {
    clm_date date;
    clm_day_kind kind;
    size_t order; /* document order, for stable duplicate reports */
    xmlNode *node;
} pending_day;

static int pending_cmp(const void *a, const void *b)
{
    const pending_day *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int load_doc(clm_calendar *cal, xmlNode *root, const char *source)
{
    const char *weekend = clm_xml__attr(root, "weekend");
    if (weekend != NULL) {
        if (clm_calendar_set_weekend(cal, weekend_mask(weekend)) != 0)
            return clm_xml__fail(CLM_ESCHEMA, root, source, "weekend", "%s", clm_error_last()->message);
    }
    clm_date from = 0, to = 0;
    int rf = clm_xml__attr_date(&from, root, "from", source, 0);
    if (rf < 0)
        return rf;
    int rt = clm_xml__attr_date(&to, root, "to", source, 0);
    if (rt < 0)
        return rt;
    if (rf != rt)
        return clm_xml__fail(CLM_ESCHEMA, root, source, rf == 0 ? "to" : "from",
                             "'from' and 'to' declare the coverage together: give both or neither");
    if (rf == 0) {
        if (from > to)
            return clm_xml__fail(CLM_ESCHEMA, root, source, "to", "'to' is before 'from'");
        if (clm_calendar_set_coverage(cal, from, to) != 0)
            return clm_xml__fail(CLM_ESCHEMA, root, source, "from", "%s", clm_error_last()->message);
    }
    /* Sort the days before adding them, so that adding is O(1) each and a
     * document in reverse date order cannot make loading quadratic. */
    size_t count = 0;
    for (xmlNode *n = clm_xml__next_element(root->children); n != NULL; n = clm_xml__next_element(n->next))
        count++;
    if (count == 0)
        return 0;
    pending_day *days = clm_core__calloc(count, sizeof *days);
    if (days == NULL)
        return clm_core__oom("calendar days");
    size_t i = 0;
    int rc = 0;
    for (xmlNode *n = clm_xml__next_element(root->children); n != NULL && rc == 0;
         n = clm_xml__next_element(n->next), i++) {
        days[i].node = n;
        days[i].order = i;
        days[i].kind = clm_xml__is(n, "working") ? CLM_DAY_WORKING : CLM_DAY_HOLIDAY;
        rc = clm_xml__attr_date(&days[i].date, n, "date", source, 1);
    }
    if (rc == 0)
        clm_core__qsort(days, count, sizeof *days, pending_cmp);
    for (i = 0; rc == 0 && i < count; i++) {
        xmlNode *n = days[i].node;
        if (i > 0 && days[i - 1].date == days[i].date) {
            rc = clm_xml__fail(CLM_ESCHEMA, n, source, "date", "'%s' appears twice (first on line %ld)",
                               clm_xml__attr(n, "date"), xmlGetLineNo(days[i - 1].node));
            break;
        }
        rc = clm_calendar_add_day(cal, days[i].date, days[i].kind, clm_xml__attr(n, "note"));
        if (rc == CLM_EINVAL)
            rc = clm_xml__fail(CLM_ESCHEMA, n, source, "note", "%s", clm_error_last()->message);
        else if (rc != 0 && rc != CLM_ENOMEM)
            rc = clm_xml__fail(CLM_ESCHEMA, n, source, "date", "'%s' lies outside from..to",
                               clm_xml__attr(n, "date"));
    }
    clm_core__free(days);
    return rc;
}

int clm_calendar_load_xml(clm_calendar **out, const char *buf, size_t len, const char *source,
                          const clm_xml_options *opts)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_load_xml: %s is NULL", out == NULL ? "out" : "buf");
    if (source == NULL)
        source = "<memory>";
    xmlDoc *doc;
    int rc = clm_xml__read(&doc, buf, len, source, "calendar", opts);
    if (rc != 0)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    clm_calendar *cal = NULL;
    rc = clm_calendar_new(&cal, clm_xml__attr(root, "name"));
    if (rc == CLM_EINVAL)
        rc = clm_xml__fail(CLM_ESCHEMA, root, source, "name", "%s", clm_error_last()->message);
    if (rc == 0)
        rc = load_doc(cal, root, source);
    xmlFreeDoc(doc);
    if (rc != 0) {
        clm_calendar_free(cal);
        return rc;
    }
    *out = cal;
    return 0;
}

int clm_calendar_load_file(clm_calendar **out, const char *path, const clm_xml_options *opts)
{
    char *buf;
    size_t len;
    int rc = clm_xml__read_input(&buf, &len, out, path, opts, "clm_calendar_load_file");
    if (rc != 0)
        return rc;
    rc = clm_calendar_load_xml(out, buf, len, path, opts);
    clm_core__free(buf);
    return rc;
}

int clm_calendar_save_xml(char **out, size_t *len, const clm_calendar *cal)
{
    if (out == NULL || cal == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_calendar_save_xml: %s is NULL", out == NULL ? "out" : "calendar");
    clm_core__buf b;
    clm_core__buf_init(&b);
    clm_core__buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<calendar xmlns=\"urn:libclm:calendar:1\" name=\"");
    clm_core__buf_xml_escape(&b, clm_calendar_name(cal));
    clm_core__buf_puts(&b, "\" weekend=\"");
    unsigned int mask = clm_calendar_weekend(cal);
    int first = 1;
    for (int i = 0; i < 7; i++) {
        if (mask & CLM_WEEKDAY_BIT(i + 1)) {
            clm_core__buf_printf(&b, "%s%s", first ? "" : " ", weekday_names[i]);
            first = 0;
        }
    }
    clm_core__buf_puts(&b, "\"");
    clm_date f, l;
    char ds[CLM_DATE_FORMAT_MAX];
    if (clm_calendar_coverage(cal, &f, &l)) {
        clm_date_format(ds, sizeof ds, f);
        clm_core__buf_printf(&b, " from=\"%s\"", ds);
        clm_date_format(ds, sizeof ds, l);
        clm_core__buf_printf(&b, " to=\"%s\"", ds);
    }
    clm_core__buf_puts(&b, ">\n");
    for (size_t i = 0; i < clm_calendar_day_count(cal); i++) {
        clm_date d;
        clm_day_kind kind;
        const char *note;
        clm_calendar_day_at(&d, &kind, &note, cal, i);
        clm_date_format(ds, sizeof ds, d);
        clm_core__buf_printf(&b, "  <%s date=\"%s\"", kind == CLM_DAY_WORKING ? "working" : "holiday", ds);
        if (note[0] != '\0') {
            clm_core__buf_puts(&b, " note=\"");
            clm_core__buf_xml_escape(&b, note);
            clm_core__buf_puts(&b, "\"");
        }
        clm_core__buf_puts(&b, "/>\n");
    }
    clm_core__buf_puts(&b, "</calendar>\n");
    return clm_core__buf_finish(&b, out, len);
}
