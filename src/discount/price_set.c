/*
 * price_set.c — price lists as a mutable, introspectable set: lists, their
 * entries, the formula, the names of the audiences and the check of the
 * graph that parents and formula bases form (docs/rules.md, "Price lists,
 * promotions and retro-bonuses").
 */
#include <stdio.h>
#include <string.h>

#include "price_internal.h"

/* ---- names ------------------------------------------------------------------- */

static const char *const audience_names[] = { "everyone", "channel", "region", "category", "client" };

const char *clm_price_audience_name(clm_price_audience a)
{
    if ((int)a < 0 || (size_t)a >= sizeof audience_names / sizeof *audience_names)
        return NULL;
    return audience_names[a];
}

int clm_price_audience_from_name(clm_price_audience *out, const char *name)
{
    if (out == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "price audience: NULL argument");
    for (size_t i = 0; i < sizeof audience_names / sizeof *audience_names; i++)
        if (strcmp(name, audience_names[i]) == 0) {
            *out = (clm_price_audience)i;
            return 0;
        }
    return clm_core__fail(CLM_ENOTFOUND,
                          "price audience '%.64s' is unknown (everyone, client, category, region, channel)",
                          name);
}

/* ---- the formula ---------------------------------------------------------------- */

static int formula_check(const clm_price_formula *f, const char *who)
{
    if (f->rate < -CLM_RATE_ONE || f->rate > CLM_RATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, "rate", "", 0, "%s: the rate must be -100%% or more", who);
    if (f->step < 1)
        return clm_core__fail_at(CLM_EINVAL, "step", "", 0, "%s: the step must be at least one minor unit", who);
    if (clm_rounding_name(f->rounding) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "rounding", "", 0, "%s: unknown rounding mode %d", who,
                                 (int)f->rounding);
    return 0;
}

int clm_price_formula_apply(int64_t *out, const clm_price_formula *f, int64_t base)
{
    if (out == NULL || f == NULL)
        return clm_core__fail(CLM_EINVAL, "price formula: NULL argument");
    if (base < 0)
        return clm_core__fail(CLM_EINVAL, "price formula: the base price is negative");
    int rc = formula_check(f, "price formula");
    if (rc < 0)
        return rc;
    return clm_discount__formula_run(out, f, base);
}

int clm_discount__formula_run(int64_t *out, const clm_price_formula *f, int64_t base)
{
    /* base x (10^6 + rate) + amount x 10^6, exact; then one rounding to a
     * multiple of step x 10^6 */
    clm_core__i128 num = (clm_core__i128)base * (CLM_RATE_ONE + f->rate) +
                         (clm_core__i128)f->amount * CLM_RATE_ONE;
    if (num < 0)
        return clm_core__fail(CLM_ERANGE, "price formula: the price would be negative");
    clm_core__i128 den = (clm_core__i128)f->step * CLM_RATE_ONE;
    clm_core__i128 q;
    if (num <= INT64_MAX && den <= INT64_MAX) {
        /* the common case, by a 64-bit division: the same quotient and
         * remainder, several times faster than a 128-bit one */
        int64_t n64 = (int64_t)num, d64 = (int64_t)den;
        q = clm_discount__round(n64 / d64, n64 % d64, d64, f->rounding);
    } else {
        q = clm_discount__round(num / den, num % den, den, f->rounding);
    }
    clm_core__i128 r = q * f->step;
    if (r > INT64_MAX)
        return clm_core__fail(CLM_EOVERFLOW, "price formula: the price does not fit a 64-bit amount");
    *out = (int64_t)r;
    return 0;
}

/* ---- the set -------------------------------------------------------------------- */

int clm_price_list_def_init(clm_price_list_def *def)
{
    if (def == NULL)
        return clm_core__fail(CLM_EINVAL, "price list: NULL argument");
    *def = (clm_price_list_def)CLM_PRICE_LIST_INIT;
    return 0;
}

int clm_price_entry_init(clm_price_entry *e)
{
    if (e == NULL)
        return clm_core__fail(CLM_EINVAL, "price entry: NULL argument");
    *e = (clm_price_entry)CLM_PRICE_ENTRY_INIT;
    return 0;
}

int clm_price_query_init(clm_price_query *q)
{
    if (q == NULL)
        return clm_core__fail(CLM_EINVAL, "price query: NULL argument");
    *q = (clm_price_query)CLM_PRICE_QUERY_INIT;
    return 0;
}

int clm_price_set_new(clm_price_set **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "price set: out is NULL");
    clm_price_set *s = clm_core__calloc(1, sizeof *s);
    if (s == NULL)
        return clm_core__oom("price set");
    clm_discount__map_init(&s->ids);
    *out = s;
    return 0;
}

static void entry_strings_free(clm_price_entry *e)
{
    clm_core__free((char *)e->product);
    clm_core__free((char *)e->group);
    clm_core__free((char *)e->base);
}

static void list_free(clm_discount__plist *l)
{
    clm_core__free((char *)l->pub.id);
    clm_core__free((char *)l->pub.currency);
    clm_core__free((char *)l->pub.audience_value);
    clm_core__free((char *)l->pub.parent);
    for (size_t i = 0; i < l->n; i++)
        entry_strings_free(&l->entries[i]);
    clm_core__free(l->entries);
}

void clm_price_set_free(clm_price_set *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        list_free(&s->lists[i]);
    clm_core__free(s->lists);
    clm_discount__map_free(&s->ids);
    clm_core__free(s);
}

uint32_t clm_discount__pset_find(const clm_price_set *s, const char *id)
{
    return clm_discount__map_get(&s->ids, id);
}

static int period_check(clm_date from, clm_date to, const char *who)
{
    if (from < CLM_DATE_MIN || from > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, "valid_from", "", 0, "%s: valid-from is not a date", who);
    if (to < CLM_DATE_MIN || to > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, "valid_to", "", 0, "%s: valid-to is not a date", who);
    if (from > to)
        return clm_core__fail_at(CLM_EINVAL, "valid_from", "", 0, "%s: valid-from is after valid-to", who);
    return 0;
}

/* Copies the strings of `src` into *dst; on failure nothing is left. */
static int dup_strings(const char **dst[], const char *const *src, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        *dst[i] = NULL;
        if (src[i] != NULL && (*dst[i] = clm_core__strdup(src[i])) == NULL)
            break;
    }
    if (i == n)
        return 0;
    while (i-- > 0)
        clm_core__free((char *)*dst[i]);
    return CLM_ENOMEM;
}

static int list_def_check(const clm_price_list_def *d, clm_currency *cur)
{
    int rc = clm_core__check_version(d->version, CLM_PRICE_LIST_VERSION, "price list");
    if (rc < 0)
        return rc;
    if ((rc = clm_core__check_text(d->id, CLM_CORE__TEXT_ID, "id")) < 0)
        return rc;
    if ((rc = clm_currency_find(cur, d->currency)) < 0)
        return rc;
    if (clm_price_audience_name(d->audience) == NULL)
        return clm_core__fail_at(CLM_EINVAL, "audience", "", 0, "price list %s: unknown audience %d", d->id,
                                 (int)d->audience);
    if (d->audience == CLM_PRICE_EVERYONE && d->audience_value != NULL)
        return clm_core__fail_at(CLM_EINVAL, "audience_value", "", 0,
                                 "price list %s: a list for everyone names no audience value", d->id);
    if (d->audience != CLM_PRICE_EVERYONE &&
        (rc = clm_core__check_text(d->audience_value, CLM_CORE__TEXT_ID, "audience_value")) < 0)
        return rc;
    if ((rc = period_check(d->valid_from, d->valid_to, d->id)) < 0)
        return rc;
    if (d->parent != NULL) {
        if ((rc = clm_core__check_text(d->parent, CLM_CORE__TEXT_ID, "parent")) < 0)
            return rc;
        if (strcmp(d->parent, d->id) == 0)
            return clm_core__fail_at(CLM_EINVAL, "parent", "", 0, "price list %s: a list cannot inherit from itself",
                                     d->id);
        if ((rc = formula_check(&d->parent_formula, d->id)) < 0)
            return rc;
    }
    return 0;
}

int clm_price_set_add_list(clm_price_set *s, const clm_price_list_def *def)
{
    if (s == NULL || def == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_price_set_add_list: NULL argument");
    clm_currency cur;
    int rc = list_def_check(def, &cur);
    if (rc < 0)
        return rc;
    if (clm_discount__map_get(&s->ids, def->id) != CLM__NONE32)
        return clm_core__fail_at(CLM_EEXISTS, "id", "", 0, "price list %s exists already", def->id);
    if (s->n >= UINT32_MAX - 1)
        return clm_core__fail(CLM_ELIMIT, "price set: too many lists");
    if (clm_core__grow((void **)&s->lists, &s->cap, s->n + 1, sizeof *s->lists, "price set") < 0 ||
        clm_discount__map_reserve(&s->ids, 1) < 0)
        return CLM_ENOMEM;
    clm_discount__plist *l = &s->lists[s->n];
    memset(l, 0, sizeof *l);
    l->pub = *def;
    l->pub.version = CLM_PRICE_LIST_VERSION;
    if (def->parent == NULL)
        l->pub.parent_formula = (clm_price_formula)CLM_PRICE_FORMULA_INIT;
    const char *cur_code = cur.code;
    const char **dst[] = { &l->pub.id, &l->pub.currency, &l->pub.audience_value, &l->pub.parent };
    const char *src[] = { def->id, cur_code, def->audience_value, def->parent };
    if (dup_strings(dst, src, 4) < 0)
        return clm_core__oom("price list");
    clm_discount__map_put(&s->ids, l->pub.id, (uint32_t)s->n);
    s->n++;
    return 0;
}

static int entry_check(const clm_price_entry *e, const char *list)
{
    int rc = clm_core__check_version(e->version, CLM_PRICE_ENTRY_VERSION, "price entry");
    if (rc < 0)
        return rc;
    if ((e->product == NULL) == (e->group == NULL))
        return clm_core__fail_at(CLM_EINVAL, e->product ? "group" : "product", "", 0,
                                 "price list %s: an entry names a product or a group (exactly one)", list);
    if (e->product != NULL && (rc = clm_core__check_text(e->product, CLM_CORE__TEXT_ID, "product")) < 0)
        return rc;
    if (e->group != NULL && (rc = clm_core__check_text(e->group, CLM_CORE__TEXT_ID, "group")) < 0)
        return rc;
    if (e->min_quantity < 0)
        return clm_core__fail_at(CLM_EINVAL, "min_quantity", "", 0,
                                 "price list %s: the minimum quantity cannot be negative", list);
    if ((rc = period_check(e->valid_from, e->valid_to, list)) < 0)
        return rc;
    if (e->base == NULL) {
        if (e->unit_price < 0)
            return clm_core__fail_at(CLM_EINVAL, "unit_price", "", 0, "price list %s: a price cannot be negative",
                                     list);
        return 0;
    }
    if ((rc = clm_core__check_text(e->base, CLM_CORE__TEXT_ID, "base")) < 0)
        return rc;
    return formula_check(&e->formula, list);
}

int clm_price_set_add_entry(clm_price_set *s, const char *list, const clm_price_entry *entry)
{
    if (s == NULL || list == NULL || entry == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_price_set_add_entry: NULL argument");
    uint32_t li = clm_discount__map_get(&s->ids, list);
    if (li == CLM__NONE32)
        return clm_core__fail_at(CLM_ENOTFOUND, "list", "", 0, "price list '%.64s' does not exist", list);
    int rc = entry_check(entry, list);
    if (rc < 0)
        return rc;
    if (s->nentries >= UINT32_MAX - 1)
        return clm_core__fail(CLM_ELIMIT, "price set: too many entries");
    clm_discount__plist *l = &s->lists[li];
    if (clm_core__grow((void **)&l->entries, &l->cap, l->n + 1, sizeof *l->entries, "price list entries") < 0)
        return CLM_ENOMEM;
    clm_price_entry *e = &l->entries[l->n];
    *e = *entry;
    e->version = CLM_PRICE_ENTRY_VERSION;
    if (entry->base == NULL)
        e->formula = (clm_price_formula)CLM_PRICE_FORMULA_INIT;
    else
        e->unit_price = 0;
    const char **dst[] = { &e->product, &e->group, &e->base };
    const char *src[] = { entry->product, entry->group, entry->base };
    if (dup_strings(dst, src, 3) < 0)
        return clm_core__oom("price list entry");
    l->n++;
    s->nentries++;
    return 0;
}

size_t clm_price_set_list_count(const clm_price_set *s)
{
    return s ? s->n : 0;
}

const clm_price_list_def *clm_price_set_list(const clm_price_set *s, size_t i)
{
    return s && i < s->n ? &s->lists[i].pub : NULL;
}

size_t clm_price_set_entry_count(const clm_price_set *s, size_t list)
{
    return s && list < s->n ? s->lists[list].n : 0;
}

const clm_price_entry *clm_price_set_entry(const clm_price_set *s, size_t list, size_t k)
{
    return s && list < s->n && k < s->lists[list].n ? &s->lists[list].entries[k] : NULL;
}

int clm_discount__pset_dup(clm_price_set **out, const clm_price_set *s)
{
    clm_price_set *d;
    int rc = clm_price_set_new(&d);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        rc = clm_price_set_add_list(d, &s->lists[i].pub);
        for (size_t k = 0; k < s->lists[i].n && rc == 0; k++)
            rc = clm_price_set_add_entry(d, s->lists[i].pub.id, &s->lists[i].entries[k]);
    }
    if (rc < 0) {
        clm_price_set_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

/* ---- the graph of parents and bases --------------------------------------------- */

/* The lists `li` depends on: its parent and its entries' bases. Calls
 * visit(target, entry or NONE) for each; stops at the first nonzero. */
typedef struct walker {
    const clm_price_set *s;
    uint8_t *color;          /* 0 new, 1 on the path, 2 done */
    uint32_t *path;
    size_t depth;
    size_t fault_list, fault_entry;  /* where a failure was found */
} walker;

static int cycle_fail(walker *w, uint32_t back)
{
    char msg[512];
    size_t n = 0;
    size_t k = 0;
    while (k < w->depth && w->path[k] != back)
        k++;
    for (; k < w->depth && n < sizeof msg - 80; k++)
        n += (size_t)snprintf(msg + n, sizeof msg - n, "%.64s -> ", w->s->lists[w->path[k]].pub.id);
    snprintf(msg + n, sizeof msg - n, "%.64s", w->s->lists[back].pub.id);
    return clm_core__fail_at(CLM_ESTATE, w->fault_entry == CLM_DISCOUNT_NONE ? "parent" : "base", "", 0,
                             "price lists form a cycle: %s", msg);
}

static int edge(walker *w, uint32_t from, const char *to, size_t entry)
{
    const clm_discount__plist *l = &w->s->lists[from];
    uint32_t t = clm_discount__map_get(&w->s->ids, to);
    w->fault_list = from;
    w->fault_entry = entry;
    if (t == CLM__NONE32) {
        if (entry == CLM_DISCOUNT_NONE)
            return clm_core__fail_at(CLM_ENOTFOUND, "parent", "", 0,
                                     "price list %s: parent list '%.64s' does not exist", l->pub.id, to);
        return clm_core__fail_at(CLM_ENOTFOUND, "base", "", 0,
                                 "price list %s, entry %zu: base list '%.64s' does not exist", l->pub.id,
                                 entry + 1, to);
    }
    if (strcmp(w->s->lists[t].pub.currency, l->pub.currency) != 0)
        return clm_core__fail_at(CLM_ECURRENCY, entry == CLM_DISCOUNT_NONE ? "parent" : "base", "", 0,
                                 "price list %s (%s) cannot derive from list %s (%s): currencies never mix",
                                 l->pub.id, l->pub.currency, w->s->lists[t].pub.id, w->s->lists[t].pub.currency);
    if (w->color[t] == 1)
        return cycle_fail(w, t);
    if (w->color[t] == 2)
        return 0;
    /* depth-first, iteratively deep as the set (the path is bounded by n) */
    w->color[t] = 1;
    w->path[w->depth++] = t;
    const clm_discount__plist *tl = &w->s->lists[t];
    int rc = 0;
    if (tl->pub.parent != NULL)
        rc = edge(w, t, tl->pub.parent, CLM_DISCOUNT_NONE);
    for (size_t k = 0; k < tl->n && rc == 0; k++)
        if (tl->entries[k].base != NULL)
            rc = edge(w, t, tl->entries[k].base, k);
    w->depth--;
    w->color[t] = 2;
    return rc;
}

int clm_price_set_check(const clm_price_set *s)
{
    if (s == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_price_set_check: set is NULL");
    size_t l, e;
    return clm_discount__pset_check(s, &l, &e);
}

int clm_discount__pset_check(const clm_price_set *s, size_t *list, size_t *entry)
{
    *list = CLM_DISCOUNT_NONE;
    *entry = CLM_DISCOUNT_NONE;
    if (s->n == 0)
        return 0;
    walker w = { s, clm_core__calloc(s->n, 1), clm_core__calloc(s->n, sizeof(uint32_t)), 0,
                 CLM_DISCOUNT_NONE, CLM_DISCOUNT_NONE };
    int rc = 0;
    if (w.color == NULL || w.path == NULL) {
        rc = clm_core__oom("price set check");
    } else {
        for (size_t i = 0; i < s->n && rc == 0; i++) {
            if (w.color[i] != 0)
                continue;
            w.color[i] = 1;
            w.path[w.depth++] = (uint32_t)i;
            const clm_discount__plist *l = &s->lists[i];
            if (l->pub.parent != NULL)
                rc = edge(&w, (uint32_t)i, l->pub.parent, CLM_DISCOUNT_NONE);
            for (size_t k = 0; k < l->n && rc == 0; k++)
                if (l->entries[k].base != NULL)
                    rc = edge(&w, (uint32_t)i, l->entries[k].base, k);
            w.depth--;
            w.color[i] = 2;
        }
    }
    clm_core__free(w.color);
    clm_core__free(w.path);
    if (rc < 0 && rc != CLM_ENOMEM) {
        *list = w.fault_list;
        *entry = w.fault_entry;
    }
    return rc;
}
