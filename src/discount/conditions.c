/*
 * conditions.c — what a rule's conditions mean: their validation, their
 * test against a document and a line, and the sentence saying why one
 * failed.
 */
#include <inttypes.h>
#include <string.h>

#include "clm/discount_coupon.h"
#include "clm/idcheck.h"
#include "discount_internal.h"

bool clm_discount__cond_is_line(clm_discount_cond_kind k)
{
    return k == CLM_DISCOUNT_COND_PRODUCT || k == CLM_DISCOUNT_COND_GROUP ||
           k == CLM_DISCOUNT_COND_LINE_QUANTITY || k == CLM_DISCOUNT_COND_LINE_AMOUNT;
}

int clm_discount__cond_check(const clm_discount_condition *c, const clm_discount_rule *r)
{
    const char *kn = clm_discount_cond_name(c->kind);
    if (kn == NULL)
        return clm_core__fail_at(CLM_EINVAL, "kind", "", 0,
                            "discount rule '%s': unknown condition kind %d", r->id,
                            (int)c->kind);
    if ((r->action.kind == CLM_DISCOUNT_EARLY_PAYMENT ||
         r->action.kind == CLM_DISCOUNT_AMOUNT_OFF_DOCUMENT) &&
        clm_discount__cond_is_line(c->kind))
        return clm_core__fail_at(CLM_EINVAL, kn, "", 0,
                            "discount rule '%s': an %s rule applies to the "
                            "document and cannot have a %s condition", r->id,
                            clm_discount_action_name(r->action.kind), kn);
    bool grouped = c->kind == CLM_DISCOUNT_COND_GROUP_QUANTITY ||
                   c->kind == CLM_DISCOUNT_COND_GROUP_AMOUNT;
    if (clm_discount_cond_is_set(c->kind) == 1) {
        if (c->values == NULL || c->value_count == 0)
            return clm_core__fail_at(CLM_EINVAL, kn, "", 0,
                                "discount rule '%s': the %s condition lists no values", r->id,
                                kn);
        for (size_t i = 0; i < c->value_count; i++)
            if (clm_core__check_text(c->values[i], CLM_CORE__TEXT_ID, kn) < 0)
                return CLM_EINVAL;
        int rc = clm_discount__cond_vocabulary(c->kind, c->values, c->value_count, r->id);
        if (rc < 0)
            return rc;
    } else {
        if (c->values != NULL || c->value_count != 0)
            return clm_core__fail_at(CLM_EINVAL, kn, "", 0,
                                "discount rule '%s': the %s condition is a range and takes "
                                "no values", r->id, kn);
        if (c->min > c->max)
            return clm_core__fail_at(CLM_EINVAL, kn, "", 0,
                                "discount rule '%s': the %s range is empty (min %" PRId64
                                " > max %" PRId64 ")", r->id, kn, c->min, c->max);
    }
    if (grouped && clm_core__check_text(c->group, CLM_CORE__TEXT_ID, "group") < 0)
        return CLM_EINVAL;
    if (!grouped && c->group != NULL)
        return clm_core__fail_at(CLM_EINVAL, "group", "", 0,
                            "discount rule '%s': the %s condition takes no group", r->id, kn);
    if (c->kind == CLM_DISCOUNT_COND_TURNOVER && c->period_days <= 0)
        return clm_core__fail_at(CLM_EINVAL, "period", "", 0,
                            "discount rule '%s': the turnover condition needs a period of "
                            "at least one day", r->id);
    if (c->kind != CLM_DISCOUNT_COND_TURNOVER && c->period_days != 0)
        return clm_core__fail_at(CLM_EINVAL, "period", "", 0,
                            "discount rule '%s': the %s condition takes no period", r->id, kn);
    return 0;
}

/* The enumerated facts a condition may name take their values from the
 * module that owns the fact: a legal type is one of clm_legal_type_name()'s
 * names, so a policy written "legal-entity" fails here instead of never
 * matching a client the library describes as "legal_entity". The other set
 * conditions name things the user defines (client ids, categories, regions,
 * risk classes, products, groups, coupons, sales channels). */
int clm_discount__cond_vocabulary(clm_discount_cond_kind kind, const char *const *values,
                                  size_t n, const char *rule)
{
    if (kind != CLM_DISCOUNT_COND_LEGAL_TYPE)
        return 0;
    for (size_t i = 0; i < n; i++) {
        clm_legal_type t;
        if (clm_legal_type_from_name(&t, values[i]) != 0)
            return clm_core__fail_at(CLM_EINVAL, clm_discount_cond_name(kind), "", 0,
                                     "discount rule '%s': '%.80s' is not a legal type "
                                     "(one of %s, %s, %s)", rule, values[i],
                                     clm_legal_type_name(CLM_LEGAL_ENTITY),
                                     clm_legal_type_name(CLM_SOLE_TRADER),
                                     clm_legal_type_name(CLM_INDIVIDUAL));
    }
    return 0;
}

void clm_discount__cond_free(clm_discount_condition *c)
{
    if (c->values) {
        for (size_t i = 0; i < c->value_count; i++)
            clm_core__free((char *)c->values[i]);
        clm_core__free((void *)c->values);
    }
    clm_core__free((char *)c->group);
    c->values = NULL;
    c->value_count = 0;
    c->group = NULL;
}

int clm_discount__cond_copy(clm_discount_condition *dst, const clm_discount_condition *src)
{
    clm_discount_condition c = *src;
    c.values = NULL;
    c.value_count = 0;
    c.group = NULL;
    if (src->value_count > 0) {
        char **v = clm_core__calloc(src->value_count, sizeof *v);
        if (v == NULL)
            return clm_core__oom("discount condition");
        c.values = (const char *const *)v;
        for (size_t i = 0; i < src->value_count; i++) {
            v[i] = clm_core__strdup(src->values[i]);
            c.value_count = i + 1;
            if (v[i] == NULL) {
                clm_discount__cond_free(&c);
                return clm_core__oom("discount condition");
            }
        }
    }
    if (src->group != NULL) {
        c.group = clm_core__strdup(src->group);
        if (c.group == NULL) {
            clm_discount__cond_free(&c);
            return clm_core__oom("discount condition");
        }
    }
    *dst = c;
    return 0;
}

static bool in_set(const clm_discount_condition *c, const char *s)
{
    if (s == NULL)
        return false;
    for (size_t i = 0; i < c->value_count; i++)
        if (strcmp(c->values[i], s) == 0)
            return true;
    return false;
}

static bool in_range(const clm_discount__ccond *cc, int64_t v)
{
    return cc->min <= v && v <= cc->max;
}

static bool turnover_of(const clm_discount_client *cl, int32_t period, int64_t *out)
{
    for (size_t i = 0; i < cl->turnover_count; i++)
        if (cl->turnover[i].period_days == period) {
            *out = cl->turnover[i].amount;
            return true;
        }
    return false;
}

static bool cond_holds(const clm_discount__ccond *cc, const clm_discount__doc *d, const clm_discount__line *l)
{
    const clm_discount_condition *c = cc->c;
    const clm_discount_document *doc = d->doc;
    switch (cc->kind) {
    case CLM_DISCOUNT_COND_CLIENT:
        return in_set(c, doc->client.id);
    case CLM_DISCOUNT_COND_CATEGORY:
        for (size_t i = 0; i < doc->client.category_count; i++)
            if (in_set(c, doc->client.categories[i]))
                return true;
        return false;
    case CLM_DISCOUNT_COND_LEGAL_TYPE:
        return in_set(c, doc->client.legal_type);
    case CLM_DISCOUNT_COND_REGION:
        return in_set(c, doc->client.region);
    case CLM_DISCOUNT_COND_RISK_CLASS:
        return in_set(c, doc->client.risk_class);
    case CLM_DISCOUNT_COND_PRODUCT:
        return l != NULL && in_set(c, l->line->product);
    case CLM_DISCOUNT_COND_GROUP:
        if (l == NULL)
            return false;
        for (size_t i = 0; i < c->value_count; i++)
            for (size_t j = 0; j < l->chain_len; j++)
                if (cc->gids[i] == l->chain[j])
                    return true;
        return false;
    case CLM_DISCOUNT_COND_COUPON:
        for (size_t i = 0; i < doc->coupon_count; i++)
            for (size_t k = 0; k < c->value_count; k++)
                if (clm_coupon_code_equal(c->values[k], doc->coupons[i], d->coupon_match))
                    return true;
        return false;
    case CLM_DISCOUNT_COND_CHANNEL:
        return in_set(c, doc->channel);
    case CLM_DISCOUNT_COND_LINE_QUANTITY:
        return l != NULL && in_range(cc, l->line->quantity);
    case CLM_DISCOUNT_COND_LINE_AMOUNT:
        return l != NULL && in_range(cc, l->base);
    case CLM_DISCOUNT_COND_DOC_QUANTITY:
        return in_range(cc, d->quantity);
    case CLM_DISCOUNT_COND_DOC_AMOUNT:
        return in_range(cc, d->amount);
    case CLM_DISCOUNT_COND_GROUP_QUANTITY:
        return in_range(cc, cc->slot == CLM__NONE32 ? 0 : d->slot_qty[cc->slot]);
    case CLM_DISCOUNT_COND_GROUP_AMOUNT:
        return in_range(cc, cc->slot == CLM__NONE32 ? 0 : d->slot_amount[cc->slot]);
    case CLM_DISCOUNT_COND_DATE:
        return in_range(cc, doc->date);
    case CLM_DISCOUNT_COND_PREPAYMENT:
        return in_range(cc, doc->prepayment);
    case CLM_DISCOUNT_COND_DEFERRAL:
        return in_range(cc, doc->deferral_days);
    case CLM_DISCOUNT_COND_TURNOVER: {
        int64_t t;
        return turnover_of(&doc->client, c->period_days, &t) && in_range(cc, t);
    }
    case CLM_DISCOUNT_COND_TENURE:
        return d->has_tenure && in_range(cc, d->tenure);
    }
    return false;
}

int clm_discount__cond_match(const clm_discount__crule *cr, uint32_t ri, const clm_discount__doc *d,
                     const clm_discount__line *l, clm_discount__cache *cache)
{
    for (size_t i = 0; i < cr->nline; i++)
        if (!cond_holds(&cr->conds[i], d, l))
            return (int)i;
    if (cr->nline == cr->ncond)
        return -1;
    if (cache != NULL && cache->gen[ri] == cache->now)
        return cache->res[ri];
    int res = -1;
    for (size_t i = cr->nline; i < cr->ncond && res < 0; i++)
        if (!cond_holds(&cr->conds[i], d, l))
            res = (int)i;
    if (cache != NULL) {
        cache->gen[ri] = cache->now;
        cache->res[ri] = res;
    }
    return res;
}

/* ---- explanations -------------------------------------------------------- */

/* The values of a set condition, ", "-separated, into buf (size > 0): cut
 * to size - 1 bytes at most, never inside a UTF-8 character. */
static void list_values(char *buf, size_t size, const clm_discount_condition *c)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->value_count && n + 1 < size; i++) {
        int w = clm_discount__fmt(buf + n, size - n, "%s%s", i ? ", " : "", c->values[i]);
        if (w < 0)
            break;
        n += (size_t)w;
    }
    if (n >= size) /* cut: on the last whole character (a name may be Cyrillic) */
        buf[clm_core__utf8_cut(buf, size - 1)] = '\0';
}

/* How a range condition's values read: a plain number, money, a quantity,
 * a rate, a date. */
typedef enum value_kind { VALUE_NUMBER, VALUE_MONEY, VALUE_QTY, VALUE_RATE, VALUE_DATE } value_kind;

static value_kind kind_of(clm_discount_cond_kind k)
{
    switch (k) {
    case CLM_DISCOUNT_COND_LINE_AMOUNT:
    case CLM_DISCOUNT_COND_DOC_AMOUNT:
    case CLM_DISCOUNT_COND_GROUP_AMOUNT:
    case CLM_DISCOUNT_COND_TURNOVER:
        return VALUE_MONEY;
    case CLM_DISCOUNT_COND_LINE_QUANTITY:
    case CLM_DISCOUNT_COND_DOC_QUANTITY:
    case CLM_DISCOUNT_COND_GROUP_QUANTITY:
        return VALUE_QTY;
    case CLM_DISCOUNT_COND_PREPAYMENT:
        return VALUE_RATE;
    case CLM_DISCOUNT_COND_DATE:
        return VALUE_DATE;
    default:
        return VALUE_NUMBER;
    }
}

/* One value of a condition's fact, in the forms of the thread's language. */
static void value_text(char *o, size_t size, int64_t v, const clm_discount_engine *e, value_kind kind)
{
    switch (kind) {
    case VALUE_MONEY:
        clm_discount__fmt_money(o, size, v, e->exponent, e->policy->currency);
        break;
    case VALUE_QTY:
        clm_discount__fmt_qty(o, size, v);
        break;
    case VALUE_RATE:
        clm_discount__fmt_rate(o, size, v);
        break;
    case VALUE_DATE:
        clm_discount__fmt_date(o, size, v);
        break;
    default:
        clm_discount__fmt(o, size, "%" PRId64, v);
    }
}

static void range_text(char *buf, size_t size, const clm_discount_condition *c,
                       const clm_discount_engine *e, value_kind kind)
{
    char lo[64], hi[64];
    for (int side = 0; side < 2; side++) {
        int64_t v = side ? c->max : c->min;
        char *o = side ? hi : lo;
        if (v == (side ? INT64_MAX : INT64_MIN))
            clm_discount__fmt(o, sizeof lo, "%s", clm_core__tr("any"));
        else
            value_text(o, sizeof lo, v, e, kind);
    }
    if (c->min == INT64_MIN)
        clm_discount__fmt(buf, size, clm_core__tr("at most %s"), hi);
    else if (c->max == INT64_MAX)
        clm_discount__fmt(buf, size, clm_core__tr("at least %s"), lo);
    else
        clm_discount__fmt(buf, size, clm_core__tr("%s to %s"), lo, hi);
}

void clm_discount__cond_want(char *buf, size_t size, const clm_discount__ccond *cc,
                             const clm_discount_engine *e)
{
    if (clm_discount_cond_is_set(cc->kind) == 1)
        list_values(buf, size, cc->c);
    else
        range_text(buf, size, cc->c, e, kind_of(cc->kind));
}

/* The fact a set condition reads: the document's or the line's string
 * (NULL when it is not given). Not for CATEGORY, GROUP and COUPON, which
 * read lists. */
static const char *set_fact(clm_discount_cond_kind kind, const clm_discount__doc *d,
                            const clm_discount__line *l)
{
    const clm_discount_document *doc = d->doc;
    switch (kind) {
    case CLM_DISCOUNT_COND_CLIENT: return doc->client.id;
    case CLM_DISCOUNT_COND_LEGAL_TYPE: return doc->client.legal_type;
    case CLM_DISCOUNT_COND_REGION: return doc->client.region;
    case CLM_DISCOUNT_COND_RISK_CLASS: return doc->client.risk_class;
    case CLM_DISCOUNT_COND_CHANNEL: return doc->channel;
    case CLM_DISCOUNT_COND_PRODUCT: return l ? l->line->product : NULL;
    default: return NULL;
    }
}

/* The value a range condition reads; false when the document does not
 * give it (the turnover over the condition's period, the date the client
 * joined). Without a line, a line's fact is 0. */
static bool cond_value(const clm_discount__ccond *cc, const clm_discount__doc *d,
                       const clm_discount__line *l, int64_t *v)
{
    const clm_discount_document *doc = d->doc;
    *v = 0;
    switch (cc->kind) {
    case CLM_DISCOUNT_COND_LINE_QUANTITY: *v = l ? l->line->quantity : 0; break;
    case CLM_DISCOUNT_COND_LINE_AMOUNT: *v = l ? l->base : 0; break;
    case CLM_DISCOUNT_COND_DOC_QUANTITY: *v = d->quantity; break;
    case CLM_DISCOUNT_COND_DOC_AMOUNT: *v = d->amount; break;
    case CLM_DISCOUNT_COND_GROUP_QUANTITY: *v = cc->slot == CLM__NONE32 ? 0 : d->slot_qty[cc->slot]; break;
    case CLM_DISCOUNT_COND_GROUP_AMOUNT: *v = cc->slot == CLM__NONE32 ? 0 : d->slot_amount[cc->slot]; break;
    case CLM_DISCOUNT_COND_DATE: *v = doc->date; break;
    case CLM_DISCOUNT_COND_PREPAYMENT: *v = doc->prepayment; break;
    case CLM_DISCOUNT_COND_DEFERRAL: *v = doc->deferral_days; break;
    case CLM_DISCOUNT_COND_TURNOVER: return turnover_of(&doc->client, cc->c->period_days, v);
    case CLM_DISCOUNT_COND_TENURE:
        *v = d->tenure;
        return d->has_tenure;
    default:
        break;
    }
    return true;
}

/* The length clm_discount__fmt() wrote into a buffer of `size` bytes. */
static size_t written(int n, size_t size)
{
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

size_t clm_discount__cond_fixed(char *buf, size_t size, const clm_discount__ccond *cc,
                               const char *want)
{
    const char *kn = clm_discount_cond_name(cc->kind);
    if (cc->kind == CLM_DISCOUNT_COND_CATEGORY)
        return written(clm_discount__fmt(buf, size, clm_core__tr("%s: the client is in none of %s"), kn, want),
                       size);
    if (cc->kind == CLM_DISCOUNT_COND_COUPON)
        return written(clm_discount__fmt(buf, size, clm_core__tr("%s: the document has none of the coupons %s"), kn,
                                         want),
                       size);
    return 0;
}

size_t clm_discount__cond_sentence(char *buf, size_t size, const clm_discount__ccond *cc,
                                  const char *want, const char *fact)
{
    const clm_discount_condition *c = cc->c;
    const char *kn = clm_discount_cond_name(c->kind);
    if (clm_discount_cond_is_set(c->kind) == 1) {
        if (c->kind == CLM_DISCOUNT_COND_GROUP)
            return written(clm_discount__fmt_static(buf, size, clm_core__tr("%s: the line's group %s%s%s is not %s nor below it"), kn,
                                             fact ? "'" : "", fact ? fact : clm_core__tr("(none)"), fact ? "'" : "", want),
                           size);
        if (fact == NULL)
            return written(clm_discount__fmt_static(buf, size, clm_core__tr("%s: not given (needs %s)"), kn, want), size);
        return written(clm_discount__fmt_static(buf, size, clm_core__tr("%s: '%s' is not %s"), kn, fact, want), size);
    }
    if (fact == NULL) {
        if (c->kind == CLM_DISCOUNT_COND_TURNOVER)
            return written(clm_discount__fmt_static(buf, size, clm_core__tr("%s: the client's turnover over %" PRId32
                                             " days is not given"), kn, c->period_days),
                           size);
        return written(clm_discount__fmt_static(buf, size, clm_core__tr("%s: the date the client joined is not given"), kn),
                       size);
    }
    int k;
    if (c->kind == CLM_DISCOUNT_COND_GROUP_QUANTITY || c->kind == CLM_DISCOUNT_COND_GROUP_AMOUNT)
        k = clm_discount__fmt_static(buf, size, clm_core__tr("%s: %s in group '%s' is not %s"), kn, fact, c->group, want);
    else if (c->kind == CLM_DISCOUNT_COND_TURNOVER)
        k = clm_discount__fmt_static(buf, size, clm_core__tr("%s: %s over %" PRId32 " days is not %s"), kn, fact,
                              c->period_days, want);
    else if (c->kind == CLM_DISCOUNT_COND_TENURE || c->kind == CLM_DISCOUNT_COND_DEFERRAL)
        k = clm_discount__fmt_static(buf, size, clm_core__tr("%s: %s days is not %s"), kn, fact, want);
    else
        k = clm_discount__fmt_static(buf, size, clm_core__tr("%s: %s is not %s"), kn, fact, want);
    return written(k, size);
}

/* Writes why condition cc fails into buf (size > 0) in the thread's
 * language and returns the length written: the policy's part from t's
 * texts, the fact's value through t's memo. A sentence that fits is
 * copied from the pieces t's texts keep around the fact
 * (clm_discount__texts_frame), the fact between them. */
static size_t cond_explain(char *buf, size_t size, const clm_discount__ccond *cc,
                           const clm_discount__doc *d, const clm_discount__line *l,
                           const clm_discount_engine *e, clm_discount__trace *t)
{
    const clm_discount_condition *c = cc->c;
    size_t n = 0;
    const char *fixed = clm_discount__texts_fixed(t->texts, e, cc, &n);
    if (fixed != NULL) { /* its whole sentence, cut as a buffer of `size` would */
        if (n > size - 1)
            n = size - 1;
        memcpy(buf, fixed, n);
        buf[n] = '\0';
        return n;
    }
    /* the fact the sentence names: NULL when the document does not give it */
    const char *fact;
    size_t flen = 0;
    if (clm_discount_cond_is_set(c->kind) == 1) {
        /* CATEGORY and COUPON are fixed sentences, unless t has no texts */
        if (c->kind == CLM_DISCOUNT_COND_CATEGORY || c->kind == CLM_DISCOUNT_COND_COUPON) {
            char wbuf[CLM_DISCOUNT__WANT_MAX];
            clm_discount__cond_want(wbuf, sizeof wbuf, cc, e);
            return clm_discount__cond_fixed(buf, size, cc, wbuf);
        }
        fact = c->kind == CLM_DISCOUNT_COND_GROUP ? (l && l->line->group ? l->line->group : NULL)
                                                  : set_fact(c->kind, d, l);
        if (fact != NULL)
            flen = strlen(fact);
    } else {
        int64_t v;
        fact = NULL;
        if (cond_value(cc, d, l, &v)) {
            value_kind kind = kind_of(c->kind);
            if (t->got_kind != (int)kind || t->got_value != v) {
                value_text(t->got, sizeof t->got, v, e, kind);
                t->got_len = strlen(t->got);
                t->got_kind = (int)kind;
                t->got_value = v;
            }
            fact = t->got;
            flen = t->got_len;
        }
    }
    size_t at = 0;
    const char *frame = clm_discount__texts_frame(t->texts, e, cc, fact != NULL, &at, &n);
    if (frame != NULL && fact == NULL) { /* a whole sentence, cut as above */
        if (n > size - 1)
            n = size - 1;
        memcpy(buf, frame, n);
        buf[n] = '\0';
        return n;
    }
    if (frame != NULL && n - 1 + flen < size) { /* the text before the fact, the fact, the rest */
        char *p = buf;
        clm_discount__copy(p, frame, at);
        p += at;
        clm_discount__copy(p, fact, flen);
        p += flen;
        clm_discount__copy(p, frame + at + 1, n - at - 1);
        p += n - at - 1;
        *p = '\0';
        return (size_t)(p - buf);
    }
    char wbuf[CLM_DISCOUNT__WANT_MAX];
    const char *want = clm_discount__texts_want(t->texts, e, cc);
    if (want == NULL) {
        clm_discount__cond_want(wbuf, sizeof wbuf, cc, e);
        want = wbuf;
    }
    return clm_discount__cond_sentence(buf, size, cc, want, fact);
}

void clm_discount__trace_not_matched(clm_discount__trace *t, size_t line, clm_discount_stage stage,
                                     size_t rule, int64_t amount, size_t limit,
                                     const clm_discount__ccond *cc, const clm_discount__doc *d,
                                     const clm_discount__line *l, const clm_discount_engine *e)
{
    /* the sentence straight into the entry's reason, cut where the buffer
     * it was once written into (of `limit` bytes) cut it */
    char *why = clm_discount__trace_open(t, line, CLM_DISCOUNT_TRACE_NOT_MATCHED, stage, rule,
                                         e->rules[rule].r->pub.id, amount, amount);
    if (why == NULL)
        return;
    size_t size = limit < CLM_DISCOUNT__REASON_MAX ? limit : CLM_DISCOUNT__REASON_MAX;
    clm_discount__trace_close(t, cond_explain(why, size, cc, d, l, e, t));
}
