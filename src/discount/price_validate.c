/*
 * price_validate.c — the price-list checks of the validator
 * (discount_validate.h, clm_price_set_validate): entries that can never be
 * chosen, and sample lines no list prices. It reads the set through
 * price.h's introspection and prices the samples through a book it
 * compiles, like any caller.
 */
#include <stdio.h>
#include <string.h>

#include "clm/lang.h"
#include "clm/price.h"
#include "core/core.h"
#include "validate_internal.h"

typedef struct ventry {
    size_t list, entry;      /* indexes in the set */
    size_t order;            /* definition order over the whole set */
    const clm_price_list_def *l;
    const clm_price_entry *e;
    clm_date from, to;       /* effective: the entry's within its list's */
} ventry;

static const char *nz(const char *s)
{
    return s != NULL ? s : "";
}

/* Entries that compete on keys 1-3 of the precedence (same currency,
 * audience, target and break) sort next to each other. */
static int cmp_key(const void *x, const void *y)
{
    const ventry *a = x, *b = y;
    int c = strcmp(a->l->currency, b->l->currency);
    if (c == 0)
        c = (a->l->audience > b->l->audience) - (a->l->audience < b->l->audience);
    if (c == 0)
        c = strcmp(nz(a->l->audience_value), nz(b->l->audience_value));
    if (c == 0)
        c = (a->e->product == NULL) - (b->e->product == NULL);
    if (c == 0)
        c = strcmp(a->e->product != NULL ? a->e->product : a->e->group,
                   b->e->product != NULL ? b->e->product : b->e->group);
    if (c == 0)
        c = (a->e->min_quantity > b->e->min_quantity) - (a->e->min_quantity < b->e->min_quantity);
    if (c == 0)
        c = (a->order > b->order) - (a->order < b->order);
    return c;
}

static int cmp_from(const void *x, const void *y)
{
    const ventry *const *a = x, *const *b = y;
    return ((*a)->from > (*b)->from) - ((*a)->from < (*b)->from);
}

/* F ranks ahead of E wherever both are valid: a later valid-from, or the
 * same one and defined first (keys 4 and 5). */
static int ahead(const ventry *f, const ventry *e)
{
    return f->from > e->from || (f->from == e->from && f->order < e->order);
}

static void entry_name(char *buf, size_t size, const ventry *v)
{
    snprintf(buf, size, "%s#%zu", v->l->id, v->entry);
}

/* If the entries of `block` ahead of `e` cover its whole validity, *by =
 * the one that wins on its first day. `tmp` has room for the block. */
static int covered(const ventry *e, const ventry *block, size_t n, const ventry **tmp,
                   const ventry **by)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (&block[i] != e && ahead(&block[i], e) && block[i].from <= block[i].to)
            tmp[k++] = &block[i];
    clm_core__qsort(tmp, k, sizeof *tmp, cmp_from);
    clm_date reach = e->from; /* the first day not yet covered */
    *by = NULL;
    for (size_t i = 0; i < k && reach <= e->to; i++) {
        if (tmp[i]->from > reach)
            return 0;
        if (*by == NULL)
            *by = tmp[i];
        if (tmp[i]->to >= e->to)
            return 1;
        if (tmp[i]->to + 1 > reach)
            reach = tmp[i]->to + 1;
    }
    return reach > e->to;
}

static int check_entries(clm_discount_findings *f, const clm_price_set *s, size_t *seq)
{
    size_t n = 0, nl = clm_price_set_list_count(s);
    for (size_t l = 0; l < nl; l++)
        n += clm_price_set_entry_count(s, l);
    if (n == 0)
        return 0;
    ventry *all = clm_core__calloc(n, sizeof *all);
    const ventry **tmp = clm_core__calloc(n, sizeof *tmp);
    int rc = 0;
    if (all == NULL || tmp == NULL) {
        rc = clm_core__oom("price validator");
        goto done;
    }
    size_t k = 0;
    for (size_t l = 0; l < nl; l++) {
        const clm_price_list_def *ld = clm_price_set_list(s, l);
        for (size_t i = 0; i < clm_price_set_entry_count(s, l); i++, k++) {
            const clm_price_entry *e = clm_price_set_entry(s, l, i);
            all[k] = (ventry){ l, i, k, ld, e, e->valid_from > ld->valid_from ? e->valid_from : ld->valid_from,
                               e->valid_to < ld->valid_to ? e->valid_to : ld->valid_to };
        }
    }
    clm_core__qsort(all, n, sizeof *all, cmp_key);
    char name[CLM_ID_MAX + 32], other[CLM_ID_MAX + 32], msg[2048];
    for (size_t b = 0; b < n && rc == 0;) {
        size_t end = b + 1;
        while (end < n && strcmp(all[end].l->currency, all[b].l->currency) == 0 &&
               all[end].l->audience == all[b].l->audience &&
               strcmp(nz(all[end].l->audience_value), nz(all[b].l->audience_value)) == 0 &&
               (all[end].e->product == NULL) == (all[b].e->product == NULL) &&
               strcmp(nz(all[end].e->product != NULL ? all[end].e->product : all[end].e->group),
                      nz(all[b].e->product != NULL ? all[b].e->product : all[b].e->group)) == 0 &&
               all[end].e->min_quantity == all[b].e->min_quantity)
            end++;
        for (size_t i = b; i < end && rc == 0; i++) {
            const ventry *e = &all[i];
            const char *target = e->e->product != NULL ? e->e->product : e->e->group;
            entry_name(name, sizeof name, e);
            if (e->from > e->to) {
                /* findings in the thread's language (clm/lang.h) */
                snprintf(msg, sizeof msg,
                         clm_core__tr("price entry %s (%s) can never be chosen: its validity lies outside list '%s''s"),
                         name, target, e->l->id);
                rc = clm_discount__findings_add(f, CLM_DISCOUNT_FINDING_PRICE_SHADOWED, name, NULL, target,
                                                e->order, CLM_DISCOUNT_NONE, (*seq)++, msg);
                continue;
            }
            const ventry *by;
            if (end - b > 1 && covered(e, &all[b], end - b, tmp, &by)) {
                entry_name(other, sizeof other, by);
char qty[48];
                if (e->e->min_quantity % 1000 == 0)
                    snprintf(qty, sizeof qty, "%lld", (long long)(e->e->min_quantity / 1000));
                else
                    /* the decimal mark of the thread's language (clm/lang.h) */
                    snprintf(qty, sizeof qty, "%lld%s%03lld", (long long)(e->e->min_quantity / 1000),
                             clm_lang_get() == CLM_LANG_RU ? "," : ".",
                             (long long)(e->e->min_quantity % 1000));
                /* one sentence for a product, one for a group: a translation
                 * declines the noun */
                const char *tail = clm_core__tr(by->from > e->from ? CLM_N_(", with a later valid-from")
                                                                   : CLM_N_(", defined earlier"));
                if (e->e->product != NULL)
                    snprintf(msg, sizeof msg,
                             clm_core__tr("price entry %s (%s from %s units) can never be chosen: on every "
                                          "day of its validity an entry for the same product and quantity "
                                          "break in a list for the same clients ranks ahead of it (%s "
                                          "first%s)"),
                             name, target, qty, other, tail);
                else
                    snprintf(msg, sizeof msg,
                             clm_core__tr("price entry %s (%s from %s units) can never be chosen: on every "
                                          "day of its validity an entry for the same group and quantity "
                                          "break in a list for the same clients ranks ahead of it (%s "
                                          "first%s)"),
                             name, target, qty, other, tail);
                rc = clm_discount__findings_add(f, CLM_DISCOUNT_FINDING_PRICE_SHADOWED, name, other, target,
                                                e->order, by->order, (*seq)++, msg);
            }
        }
        b = end;
    }
done:
    clm_core__free(all);
    clm_core__free(tmp);
    return rc;
}

static int check_samples(clm_discount_findings *f, const clm_price_set *s, const clm_discount_policy *groups,
                         const clm_discount_document *samples, size_t n_samples, size_t *seq)
{
    clm_price_book *book = NULL;
    int rc = clm_price_book_compile(&book, s, groups);
    if (rc < 0)
        return rc;
    char msg[1024], where[128];
    for (size_t d = 0; d < n_samples && rc == 0; d++) {
        const clm_discount_document *doc = &samples[d];
        if (doc->lines == NULL && doc->line_count > 0) {
            rc = clm_core__fail(CLM_EINVAL, "price validator: sample %zu has NULL lines", d);
            break;
        }
        for (size_t k = 0; k < doc->line_count && rc == 0; k++) {
            const clm_discount_line *ln = &doc->lines[k];
            if (ln->unit_price.currency[0] != '\0')
                continue; /* the line brings its own price */
            clm_price_query q = CLM_PRICE_QUERY_INIT;
            q.currency = doc->currency;
            q.date = doc->date;
            q.client = doc->client.id;
            q.categories = doc->client.categories;
            q.category_count = doc->client.category_count;
            q.region = doc->client.region;
            q.channel = doc->channel;
            q.product = ln->product;
            q.group = ln->group;
            q.quantity = ln->quantity;
            clm_price_quote quote;
            rc = clm_price_book_lookup(&quote, book, &q);
            if (rc == CLM_ENOTFOUND) {
                snprintf(where, sizeof where, clm_core__tr("sample %zu line %zu"), d + 1, k + 1);
                snprintf(msg, sizeof msg,
                         clm_core__tr("%s: no price list prices product '%.200s' for client '%.100s' on "
                                      "that date and quantity, and the line carries no price"),
                         where, ln->product, doc->client.id != NULL ? doc->client.id : clm_core__tr("(none)"));
                rc = clm_discount__findings_add(f, CLM_DISCOUNT_FINDING_PRICE_GAP, NULL, NULL, ln->product,
                                                (size_t)-2, CLM_DISCOUNT_NONE, (*seq)++, msg);
            } else if (rc < 0 && rc != CLM_ENOMEM) {
                const clm_error *e = clm_error_last();
                char why[400];
                snprintf(why, sizeof why, "%s", e->message);
                rc = clm_core__fail_at(rc, e->field, "", 0, "price validator: sample %zu line %zu: %s",
                                       d + 1, k + 1, why);
            }
        }
    }
    clm_price_book_free(book);
    return rc;
}

int clm_price_set_validate(clm_discount_findings **out, const clm_price_set *s,
                           const clm_discount_policy *groups, const clm_discount_document *samples,
                           size_t n_samples)
{
    if (out == NULL || s == NULL)
        return clm_core__fail(CLM_EINVAL, "price validator: NULL argument");
    if (samples == NULL && n_samples > 0)
        return clm_core__fail(CLM_EINVAL, "price validator: samples is NULL with a count of %zu", n_samples);
    int rc = clm_price_set_check(s);
    if (rc < 0)
        return rc;
    clm_discount_findings *f = clm_discount__findings_new();
    if (f == NULL)
        return clm_core__oom("price validator");
    size_t seq = 0;
    rc = check_entries(f, s, &seq);
    if (rc == 0 && n_samples > 0)
        rc = check_samples(f, s, groups, samples, n_samples, &seq);
    if (rc < 0) {
        clm_discount_findings_free(f);
        return rc;
    }
    clm_discount__findings_sort(f);
    *out = f;
    return 0;
}
