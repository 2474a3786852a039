/*
 * codec.c — a claim as text, the body of its store record.
 *
 * One line per field: a key, then TAB-separated values. Text values escape
 * backslash, TAB and LF as \\, \t, \n; an absent value is \N; dates are
 * YYYY-MM-DD or \N; money is "12.50 RUB". Every enumerated value is written
 * by its vocabulary name and read back through clm_claim_from_name(), so a
 * body with an unknown name fails naming the line and the field.
 */
#include <stdio.h>
#include <string.h>

#include "claim_internal.h"

#define CODEC_VERSION 1

/* ---- writing ------------------------------------------------------------- */

static void put_text(clm_core__buf *b, const char *s)
{
    clm_core__buf_append(b, "\t", 1);
    if (s == NULL) {
        clm_core__buf_puts(b, "\\N");
        return;
    }
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '\\': clm_core__buf_puts(b, "\\\\"); break;
        case '\t': clm_core__buf_puts(b, "\\t"); break;
        case '\n': clm_core__buf_puts(b, "\\n"); break;
        default: clm_core__buf_append(b, s, 1); break;
        }
    }
}

static void put_name(clm_core__buf *b, clm_claim_vocab v, int value)
{
    const char *n = clm_claim_name(v, value);
    put_text(b, n != NULL ? n : "\\?");
}

static void put_date(clm_core__buf *b, clm_date d)
{
    char s[CLM_DATE_FORMAT_MAX];
    if (d == CLM_CLAIM_NO_DATE || clm_date_format(s, sizeof s, d) < 0)
        put_text(b, NULL);
    else
        put_text(b, s);
}

static void put_int(clm_core__buf *b, long long v)
{
    clm_core__buf_printf(b, "\t%lld", v);
}

static void put_money(clm_core__buf *b, const clm_money *m)
{
    char s[CLM_MONEY_FORMAT_MAX];
    if (m->currency[0] == '\0' || clm_money_format(s, sizeof s, m) < 0)
        put_text(b, NULL);
    else
        put_text(b, s);
}

static void put_term(clm_core__buf *b, const clm_claim_term *t)
{
    put_int(b, t->n);
    put_name(b, CLM_CLAIM_VOCAB_UNIT, (int)t->unit);
}

static void key(clm_core__buf *b, const char *k)
{
    clm_core__buf_puts(b, k);
}

static void eol(clm_core__buf *b)
{
    clm_core__buf_append(b, "\n", 1);
}

int clm_claim_encode(char **out, size_t *len, const clm_claim *c)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_encode: NULL argument");
    const clm_claim_info *in = &c->info;
    clm_core__buf b;
    clm_core__buf_init(&b);
    key(&b, "claim"); put_int(&b, CODEC_VERSION); put_text(&b, c->number); eol(&b);
    key(&b, "parties"); put_name(&b, CLM_CLAIM_VOCAB_DIRECTION, (int)in->direction);
    put_text(&b, in->client_id); put_text(&b, in->manager); put_text(&b, in->client_category);
    eol(&b);
    key(&b, "concerns"); put_name(&b, CLM_CLAIM_VOCAB_CONCERNS, (int)in->concerns);
    put_text(&b, in->concerns_id); eol(&b);
    key(&b, "received"); put_name(&b, CLM_CLAIM_VOCAB_FORM, (int)in->form);
    put_name(&b, CLM_CLAIM_VOCAB_CHANNEL, (int)in->channel); put_date(&b, in->received); eol(&b);
    key(&b, "subject"); put_name(&b, CLM_CLAIM_VOCAB_SUBJECT, (int)in->subject);
    put_name(&b, CLM_CLAIM_VOCAB_DEMAND, (int)in->demand);
    put_int(&b, in->quality_check | (in->out_of_stock << 1)); put_int(&b, in->agreed_term); eol(&b);
    key(&b, "amounts"); put_money(&b, &in->claimed); put_money(&b, &in->price); eol(&b);
    key(&b, "contract"); put_int(&b, in->contract_rate); put_money(&b, &in->contract_cap);
    put_date(&b, in->obligation_due); eol(&b);
    key(&b, "regime"); put_text(&b, in->regime); put_term(&b, &c->ack); put_term(&b, &c->response);
    put_term(&b, &c->resolution); put_name(&b, CLM_CLAIM_VOCAB_PENALTY, (int)c->penalty);
    put_int(&b, c->penalty_rate); eol(&b);
    key(&b, "description"); put_text(&b, in->description); eol(&b);
    key(&b, "state"); put_name(&b, CLM_CLAIM_VOCAB_STATE, (int)c->state);
    put_name(&b, CLM_CLAIM_VOCAB_DEMAND, (int)c->demand); put_int(&b, c->conditions); eol(&b);
    key(&b, "clock"); put_date(&b, c->term_start); put_int(&b, c->paused_days);
    put_date(&b, c->paused_since); put_date(&b, c->last_on); put_date(&b, c->closed_on);
    put_date(&b, c->satisfied_on); eol(&b);
    key(&b, "handler"); put_text(&b, c->handler); put_int(&b, c->level); eol(&b);
    if (c->decided) {
        key(&b, "decision"); put_name(&b, CLM_CLAIM_VOCAB_OUTCOME, (int)c->outcome);
        put_money(&b, &c->granted); put_date(&b, c->decided_on); put_text(&b, c->reasons); eol(&b);
    }
    if (c->informed) {
        key(&b, "notice"); put_date(&b, c->notice.on);
        put_name(&b, CLM_CLAIM_VOCAB_CHANNEL, (int)c->notice.channel); put_text(&b, c->notice.user);
        put_text(&b, c->notice.role); put_text(&b, c->notice.text); eol(&b);
    }
    if (c->cause != NULL) {
        key(&b, "cause"); put_name(&b, CLM_CLAIM_VOCAB_PARTY, (int)c->party);
        put_text(&b, c->cause); eol(&b);
    }
    for (size_t i = 0; i < c->nsteps; i++) {
        const clm_claim__step *s = &c->steps[i];
        key(&b, "step"); put_name(&b, CLM_CLAIM_VOCAB_STATE, (int)s->from);
        put_name(&b, CLM_CLAIM_VOCAB_STATE, (int)s->to); put_text(&b, s->what);
        put_text(&b, s->user); put_text(&b, s->role); put_int(&b, s->at); put_date(&b, s->on);
        put_text(&b, s->note); eol(&b);
    }
    for (size_t i = 0; i < c->nescs; i++) {
        const clm_claim__esc *e = &c->escs[i];
        key(&b, "escalation"); put_int(&b, e->from_level); put_int(&b, e->to_level);
        put_text(&b, e->from_user); put_text(&b, e->to_user); put_text(&b, e->by_user);
        put_text(&b, e->by_role); put_date(&b, e->on); put_int(&b, e->automatic);
        put_text(&b, e->reason); eol(&b);
    }
    key(&b, "end"); eol(&b);
    size_t n = 0;
    int rc = clm_core__buf_finish(&b, out, &n);
    if (rc < 0)
        return clm_core__oom("claim encode");
    if (len != NULL)
        *len = n;
    return 0;
}

/* ---- reading ------------------------------------------------------------------ */

#define MAXF 12

typedef struct rd {
    int line;
    int nf;
    char *f[MAXF];       /* unescaped fields; NULL = \N */
    const char *key;
    int failed;          /* an error was recorded */
    unsigned seen;       /* the one-per-claim lines read so far */
} rd;

/* The lines a claim holds once; the first REQUIRED of them are required. */
static const char *const SINGLE[] = { "parties", "concerns", "received", "subject", "amounts",
    "contract", "regime", "state", "clock", "handler", "description", "decision", "notice",
    "cause" };
#define REQUIRED 10

/* `why` is a CLM_N_ text (translated here, clm/lang.h) or a message
 * already in the thread's language. */
static int bad(rd *r, const char *field, const char *why)
{
    r->failed = 1;
    return clm_core__fail_at(CLM_EPARSE, field, "claim body", r->line,
                             "claim body line %d (%s): %s: %s", r->line, r->key, field, clm_core__tr(why));
}

/* Splits and unescapes one line [s, e) into r->f (allocated). */
static int split(rd *r, const char *s, const char *e)
{
    r->nf = 0;
    while (s <= e) {
        const char *t = s;
        while (t < e && *t != '\t')
            t++;
        if (r->nf == MAXF)
            return bad(r, "line", CLM_N_("too many fields"));
        char *v = NULL;
        if (!(t - s == 2 && s[0] == '\\' && s[1] == 'N')) {
            v = clm_core__malloc((size_t)(t - s) + 1);
            if (v == NULL)
                return clm_core__oom("claim decode");
            size_t k = 0;
            for (const char *p = s; p < t; p++) {
                if (*p == '\\') {
                    if (p + 1 >= t) {
                        clm_core__free(v);
                        return bad(r, "line", CLM_N_("a lone backslash"));
                    }
                    p++;
                    v[k++] = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
                    if (*p != 't' && *p != 'n' && *p != '\\') {
                        clm_core__free(v);
                        return bad(r, "line", CLM_N_("an unknown escape"));
                    }
                } else {
                    v[k++] = *p;
                }
            }
            v[k] = '\0';
        }
        r->f[r->nf++] = v;
        s = t + 1;
    }
    r->key = r->f[0] != NULL ? r->f[0] : "";
    return 0;
}

static void clear(rd *r)
{
    for (int i = 0; i < r->nf; i++)
        clm_core__free(r->f[i]);
    r->nf = 0;
}

static int need(rd *r, int n)
{
    return r->nf == n + 1 ? 0 : bad(r, "line", CLM_N_("wrong number of fields"));
}

/* Field i (1-based) handed over (the reader no longer owns it). */
static char *take(rd *r, int i)
{
    char *v = r->f[i];
    r->f[i] = NULL;
    return v;
}

static int get_name(int *out, rd *r, int i, clm_claim_vocab v, const char *field)
{
    if (r->f[i] == NULL || clm_claim_from_name(out, v, r->f[i]) < 0) {
        char why[256];
        snprintf(why, sizeof why, clm_core__tr("'%.64s' is not a known name"), r->f[i] != NULL ? r->f[i] : "\\N");
        return bad(r, field, why);
    }
    return 0;
}

static int get_int(long long *out, rd *r, int i, long long lo, long long hi, const char *field)
{
    const char *s = r->f[i];
    if (s == NULL || *s == '\0')
        return bad(r, field, CLM_N_("not a number"));
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end != '\0' || v < lo || v > hi)
        return bad(r, field, CLM_N_("not a number in range"));
    *out = v;
    return 0;
}

static int get_date(clm_date *out, rd *r, int i, int optional, const char *field)
{
    if (r->f[i] == NULL) {
        if (!optional)
            return bad(r, field, CLM_N_("a date is required"));
        *out = CLM_CLAIM_NO_DATE;
        return 0;
    }
    if (clm_date_parse(out, r->f[i]) < 0)
        return bad(r, field, CLM_N_("not a date"));
    return 0;
}

static int get_money(clm_money *out, rd *r, int i, int optional, const char *field)
{
    if (r->f[i] == NULL) {
        if (!optional)
            return bad(r, field, CLM_N_("an amount is required"));
        memset(out, 0, sizeof *out);
        return 0;
    }
    if (clm_money_parse(out, r->f[i]) < 0)
        return bad(r, field, CLM_N_("not an amount"));
    return 0;
}

static int get_term(clm_claim_term *t, rd *r, int i, const char *field)
{
    long long n = 0;
    int u = 0;
    if (get_int(&n, r, i, 1, 3660, field) < 0 || get_name(&u, r, i + 1, CLM_CLAIM_VOCAB_UNIT, field) < 0)
        return CLM_EPARSE;
    t->n = (int32_t)n;
    t->unit = (clm_term_unit)u;
    return 0;
}

static int get_text(char **out, rd *r, int i, clm_core__text_kind kind, const char *field)
{
    if (clm_core__check_text(r->f[i], kind, field) < 0) {
        char why[256];
        snprintf(why, sizeof why, "%s", clm_error_last()->message);
        return bad(r, field, why);
    }
    *out = take(r, i);
    return 0;
}

/* One line into the claim. */
static int apply(clm_claim *c, rd *r)
{
    clm_claim_info *in = &c->info;
    const char *k = r->key;
    long long n;
    int v, v2;
    for (unsigned i = 0; i < sizeof SINGLE / sizeof SINGLE[0]; i++)
        if (strcmp(k, SINGLE[i]) == 0) {
            if (r->seen & (1u << i))
                return bad(r, "key", CLM_N_("a line that may appear once appears again"));
            r->seen |= 1u << i;
        }
    if (strcmp(k, "parties") == 0) {
        if (need(r, 4) < 0 || get_name(&v, r, 1, CLM_CLAIM_VOCAB_DIRECTION, "direction") < 0 ||
            get_text((char **)&in->client_id, r, 2, CLM_CORE__TEXT_ID, "client_id") < 0 ||
            get_text((char **)&in->manager, r, 3, CLM_CORE__TEXT_ID, "manager") < 0 ||
            (r->f[4] != NULL &&
             get_text((char **)&in->client_category, r, 4, CLM_CORE__TEXT_ID, "client_category") < 0))
            return CLM_EPARSE;
        in->direction = (clm_claim_direction)v;
    } else if (strcmp(k, "concerns") == 0) {
        if (need(r, 2) < 0 || get_name(&v, r, 1, CLM_CLAIM_VOCAB_CONCERNS, "concerns") < 0 ||
            (r->f[2] != NULL &&
             get_text((char **)&in->concerns_id, r, 2, CLM_CORE__TEXT_ID, "concerns_id") < 0))
            return CLM_EPARSE;
        in->concerns = (clm_claim_concerns)v;
    } else if (strcmp(k, "received") == 0) {
        if (need(r, 3) < 0 || get_name(&v, r, 1, CLM_CLAIM_VOCAB_FORM, "form") < 0 ||
            get_name(&v2, r, 2, CLM_CLAIM_VOCAB_CHANNEL, "channel") < 0 ||
            get_date(&in->received, r, 3, 0, "received") < 0)
            return CLM_EPARSE;
        in->form = (clm_claim_form)v;
        in->channel = (clm_claim_channel)v2;
    } else if (strcmp(k, "subject") == 0) {
        long long a;
        if (need(r, 4) < 0 || get_name(&v, r, 1, CLM_CLAIM_VOCAB_SUBJECT, "subject") < 0 ||
            get_name(&v2, r, 2, CLM_CLAIM_VOCAB_DEMAND, "demand") < 0 ||
            get_int(&n, r, 3, 0, 3, "conditions") < 0 ||
            get_int(&a, r, 4, 0, 3660, "agreed_term") < 0)
            return CLM_EPARSE;
        in->subject = (clm_claim_subject)v;
        in->demand = (clm_claim_demand)v2;
        in->quality_check = (int)(n & CLM_CLAIM_COND_QUALITY_CHECK);
        in->out_of_stock = (n & CLM_CLAIM_COND_OUT_OF_STOCK) != 0;
        in->agreed_term = (int32_t)a;
    } else if (strcmp(k, "amounts") == 0) {
        if (need(r, 2) < 0 || get_money(&in->claimed, r, 1, 0, "claimed") < 0 ||
            get_money(&in->price, r, 2, 0, "price") < 0)
            return CLM_EPARSE;
    } else if (strcmp(k, "contract") == 0) {
        if (need(r, 3) < 0 || get_int(&n, r, 1, 0, 1000000, "contract_rate") < 0 ||
            get_money(&in->contract_cap, r, 2, 1, "contract_cap") < 0 ||
            get_date(&in->obligation_due, r, 3, 1, "obligation_due") < 0)
            return CLM_EPARSE;
        in->contract_rate = n;
    } else if (strcmp(k, "regime") == 0) {
        if (need(r, 9) < 0 || get_text((char **)&in->regime, r, 1, CLM_CORE__TEXT_ID, "regime") < 0 ||
            get_term(&c->ack, r, 2, "acknowledgement") < 0 ||
            get_term(&c->response, r, 4, "response") < 0 ||
            get_term(&c->resolution, r, 6, "resolution") < 0 ||
            get_name(&v, r, 8, CLM_CLAIM_VOCAB_PENALTY, "penalty") < 0 ||
            get_int(&n, r, 9, 0, 1000000, "penalty_rate") < 0)
            return CLM_EPARSE;
        c->penalty = (clm_claim_penalty_method)v;
        c->penalty_rate = n;
    } else if (strcmp(k, "description") == 0) {
        if (need(r, 1) < 0 ||
            (r->f[1] != NULL &&
             get_text((char **)&in->description, r, 1, CLM_CORE__TEXT_NOTE, "description") < 0))
            return CLM_EPARSE;
    } else if (strcmp(k, "state") == 0) {
        if (need(r, 3) < 0 || get_name(&v, r, 1, CLM_CLAIM_VOCAB_STATE, "state") < 0 ||
            get_name(&v2, r, 2, CLM_CLAIM_VOCAB_DEMAND, "demand") < 0 ||
            get_int(&n, r, 3, 0, 3, "conditions") < 0)
            return CLM_EPARSE;
        c->state = (clm_claim_state)v;
        c->demand = (clm_claim_demand)v2;
        c->conditions = (int)n;
    } else if (strcmp(k, "clock") == 0) {
        if (need(r, 6) < 0 || get_date(&c->term_start, r, 1, 0, "term_start") < 0 ||
            get_int(&n, r, 2, 0, 3660000, "paused_days") < 0 ||
            get_date(&c->paused_since, r, 3, 1, "paused_since") < 0 ||
            get_date(&c->last_on, r, 4, 0, "last_on") < 0 ||
            get_date(&c->closed_on, r, 5, 1, "closed_on") < 0 ||
            get_date(&c->satisfied_on, r, 6, 1, "satisfied_on") < 0)
            return CLM_EPARSE;
        c->paused_days = (int32_t)n;
    } else if (strcmp(k, "handler") == 0) {
        if (need(r, 2) < 0 || get_text(&c->handler, r, 1, CLM_CORE__TEXT_ID, "handler") < 0 ||
            get_int(&n, r, 2, 0, 7, "level") < 0)
            return CLM_EPARSE;
        c->level = (int)n;
    } else if (strcmp(k, "decision") == 0) {
        if (need(r, 4) < 0 || get_name(&v, r, 1, CLM_CLAIM_VOCAB_OUTCOME, "outcome") < 0 ||
            get_money(&c->granted, r, 2, 0, "granted") < 0 ||
            get_date(&c->decided_on, r, 3, 0, "decided_on") < 0 ||
            get_text(&c->reasons, r, 4, CLM_CORE__TEXT_NAME, "reasons") < 0)
            return CLM_EPARSE;
        c->outcome = (clm_claim_outcome)v;
        c->decided = 1;
    } else if (strcmp(k, "notice") == 0) {
        if (need(r, 5) < 0 || get_date(&c->notice.on, r, 1, 0, "notice on") < 0 ||
            get_name(&v, r, 2, CLM_CLAIM_VOCAB_CHANNEL, "notice channel") < 0 ||
            get_text((char **)&c->notice.user, r, 3, CLM_CORE__TEXT_ID, "notice user") < 0 ||
            get_text((char **)&c->notice.role, r, 4, CLM_CORE__TEXT_ID, "notice role") < 0 ||
            get_text((char **)&c->notice.text, r, 5, CLM_CORE__TEXT_NOTE, "notice text") < 0)
            return CLM_EPARSE;
        /* clm_claim_inform() records no notice that says nothing */
        if (c->notice.text == NULL || c->notice.text[0] == '\0')
            return bad(r, "notice text", CLM_N_("the notice does not say what the client was told"));
        c->notice.channel = (clm_claim_channel)v;
        c->informed = 1;
    } else if (strcmp(k, "cause") == 0) {
        if (need(r, 2) < 0 || get_name(&v, r, 1, CLM_CLAIM_VOCAB_PARTY, "party") < 0 ||
            get_text(&c->cause, r, 2, CLM_CORE__TEXT_NAME, "cause") < 0)
            return CLM_EPARSE;
        c->party = (clm_claim_party)v;
    } else if (strcmp(k, "step") == 0) {
        long long at;
        if (need(r, 8) < 0 || clm_core__grow((void **)&c->steps, &c->capsteps, c->nsteps + 1,
                                             sizeof *c->steps, "claim decode") < 0)
            return r->failed ? CLM_EPARSE : CLM_ENOMEM;
        clm_claim__step s;
        memset(&s, 0, sizeof s);
        if (get_name(&v, r, 1, CLM_CLAIM_VOCAB_STATE, "step from") < 0 ||
            get_name(&v2, r, 2, CLM_CLAIM_VOCAB_STATE, "step to") < 0 ||
            get_int(&at, r, 6, INT64_MIN, INT64_MAX, "step at") < 0 ||
            get_date(&s.on, r, 7, 0, "step on") < 0 ||
            clm_core__check_text(r->f[3], CLM_CORE__TEXT_ID, "step what") < 0 ||
            clm_core__check_text(r->f[4], CLM_CORE__TEXT_ID, "step user") < 0 ||
            clm_core__check_text(r->f[5], CLM_CORE__TEXT_ID, "step role") < 0 ||
            r->f[8] == NULL)
            return r->failed ? CLM_EPARSE : bad(r, "step", CLM_N_("a bad field"));
        s.from = (clm_claim_state)v;
        s.to = (clm_claim_state)v2;
        s.at = at;
        s.what = take(r, 3);
        s.user = take(r, 4);
        s.role = take(r, 5);
        s.note = take(r, 8);
        c->steps[c->nsteps++] = s;
    } else if (strcmp(k, "escalation") == 0) {
        long long fl, tl, au;
        if (need(r, 9) < 0 || clm_core__grow((void **)&c->escs, &c->capescs, c->nescs + 1,
                                             sizeof *c->escs, "claim decode") < 0)
            return r->failed ? CLM_EPARSE : CLM_ENOMEM;
        clm_claim__esc e;
        memset(&e, 0, sizeof e);
        if (get_int(&fl, r, 1, 0, 7, "from_level") < 0 || get_int(&tl, r, 2, 1, 8, "to_level") < 0 ||
            get_date(&e.on, r, 7, 0, "escalation on") < 0 ||
            get_int(&au, r, 8, 0, 1, "automatic") < 0)
            return CLM_EPARSE;
        for (int i = 3; i <= 6; i++)
            if (clm_core__check_text(r->f[i], CLM_CORE__TEXT_ID, "escalation") < 0)
                return bad(r, "escalation", CLM_N_("a bad user or role"));
        if (clm_core__check_text(r->f[9], CLM_CORE__TEXT_NAME, "reason") < 0)
            return bad(r, "reason", CLM_N_("a bad reason"));
        e.from_level = (int)fl;
        e.to_level = (int)tl;
        e.automatic = (int)au;
        e.from_user = take(r, 3);
        e.to_user = take(r, 4);
        e.by_user = take(r, 5);
        e.by_role = take(r, 6);
        e.reason = take(r, 9);
        c->escs[c->nescs++] = e;
    } else {
        return bad(r, "key", CLM_N_("unknown line"));
    }
    return 0;
}

/* What every stored claim must satisfy, whatever wrote it. */
static int check_whole(const clm_claim *c, rd *r)
{
    const clm_claim_info *in = &c->info;
    if (in->concerns != CLM_CLAIM_CONCERNS_NONE && in->concerns_id == NULL)
        return bad(r, "concerns_id", CLM_N_("the claim concerns a document without naming it"));
    for (unsigned i = 0; i < REQUIRED; i++)
        if ((r->seen & (1u << i)) == 0) {
            r->key = SINGLE[i];
            return bad(r, SINGLE[i], CLM_N_("a required line is missing"));
        }
    if (c->state >= CLM_CLAIM_CLIENT_INFORMED && c->state <= CLM_CLAIM_CLOSED && !c->informed)
        return bad(r, "notice", CLM_N_("the claim is past client_informed without a notice on record"));
    if (c->state >= CLM_CLAIM_DECIDED && c->state <= CLM_CLAIM_CLOSED && !c->decided)
        return bad(r, "decision", CLM_N_("the claim is past decided without a decision"));
    if ((c->state == CLM_CLAIM_AWAITING_CLIENT) != (c->paused_since != CLM_CLAIM_NO_DATE))
        return bad(r, "clock", CLM_N_("paused_since does not match the state"));
    if (strcmp(in->claimed.currency, in->price.currency) != 0)
        return bad(r, "price", CLM_N_("the price and the amount claimed differ in currency"));
    return 0;
}

int clm_claim_decode(clm_claim **out, const char *buf, size_t len)
{
    if (out == NULL || buf == NULL)
        return clm_core__fail(CLM_EINVAL, "claim_decode: NULL argument");
    clm_claim *c = clm_claim__alloc();
    if (c == NULL)
        return clm_core__oom("claim decode");
    rd r;
    memset(&r, 0, sizeof r);
    const char *p = buf, *end = buf + len;
    int rc = 0, ended = 0;
    while (p < end && rc == 0) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (e == NULL) {
            r.line++;
            r.key = "";
            rc = bad(&r, "line", CLM_N_("the last line has no newline"));
            break;
        }
        r.line++;
        if (memchr(p, '\0', (size_t)(e - p)) != NULL) {
            r.key = "";
            rc = bad(&r, "line", CLM_N_("a NUL byte"));
            break;
        }
        if (ended) {
            r.key = "";
            rc = bad(&r, "end", CLM_N_("text after the end line"));
            break;
        }
        if ((rc = split(&r, p, e)) == 0) {
            if (r.line == 1) {
                long long v;
                if (strcmp(r.key, "claim") != 0 || need(&r, 2) < 0 ||
                    get_int(&v, &r, 1, 1, CODEC_VERSION, "version") < 0 ||
                    get_text(&c->number, &r, 2, CLM_CORE__TEXT_ID, "number") < 0)
                    rc = r.failed ? CLM_EPARSE : bad(&r, "claim", CLM_N_("the first line must be 'claim'"));
            } else if (strcmp(r.key, "end") == 0) {
                ended = 1;
            } else {
                rc = apply(&c[0], &r);
            }
        }
        clear(&r);
        r.key = "claim"; /* the key was a field just freed */
        p = e + 1;
    }
    if (rc == 0 && !ended)
        rc = bad(&r, "end", CLM_N_("the body has no end line"));
    if (rc == 0)
        rc = check_whole(c, &r);
    if (rc < 0) {
        clear(&r);
        clm_claim_free(c);
        return rc;
    }
    *out = c;
    return 0;
}
