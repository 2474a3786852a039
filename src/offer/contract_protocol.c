/*
 * contract_protocol.c — the protocol of disagreements: the client's
 * disputes (Civil Code art. 443), the company's answers, their settlement
 * and the answer term of art. 445 p. 1, and the protocol printed in clause
 * order (clm/contract.h).
 */
#include <stdio.h>
#include <string.h>

#include "offer_internal.h"

int clm_contract_disagreement_init(clm_contract_disagreement *d)
{
    if (d == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_disagreement_init: NULL");
    *d = (clm_contract_disagreement)CLM_CONTRACT_DISAGREEMENT_INIT;
    return 0;
}

static int dis_event(clm_contract *c, const clm_actor *who, const char *action,
                     clm_contract_state to, const char *note, clm_contract__event *e)
{
    void *arr = c->events;
    int rc = clm_core__grow(&arr, &c->cap_events, c->n_events + 1, sizeof *c->events,
                            "contract events");
    if (rc < 0)
        return rc;
    c->events = arr;
    memset(e, 0, sizeof *e);
    e->at = who->at;
    e->from = c->state;
    e->to = to;
    e->user = clm_core__strdup(who->user);
    e->role = clm_core__strdup(who->role);
    e->action = clm_core__strdup(action);
    e->note = note != NULL ? clm_core__strdup(note) : NULL;
    if (!e->user || !e->role || !e->action || (note != NULL && e->note == NULL)) {
        clm_contract__event_clear(e);
        return clm_core__oom("contract event");
    }
    return 0;
}

static void dis_push(clm_contract *c, clm_contract__event *e)
{
    c->events[c->n_events++] = *e;
    c->state = e->to;
    memset(e, 0, sizeof *e);
}

/* "clause 4.2" or "line 3" (1-based) for messages and notes. */
static void where(char *buf, size_t size, const clm_contract__disagreement *d)
{
    if (d->clause != NULL)
        snprintf(buf, size, "clause %.64s", d->clause);
    else
        snprintf(buf, size, "line %zu", d->line + 1);
}

int clm_contract_dispute(size_t *index, clm_contract *c, const clm_actor *who,
                         const clm_contract_disagreement *d)
{
    int rc;
    if (c == NULL || d == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_dispute: NULL argument");
    if ((rc = clm_core__check_version(d->version, CLM_CONTRACT_DISAGREEMENT_VERSION,
                                      "clm_contract_disagreement")) < 0)
        return rc;
    if ((rc = clm_actor_check(who)) < 0)
        return rc;
    if ((d->clause == NULL) == (d->line == CLM_CONTRACT_NO_LINE))
        return clm_core__fail_at(CLM_EINVAL, "clause", "", 0,
                                 "disagreement: give exactly one of a clause and a line");
    if (d->clause != NULL && (rc = clm_offer__check_id(d->clause, "clause")) < 0)
        return rc;
    if (d->clause == NULL && d->line >= c->offer->n_lines)
        return clm_core__fail_at(CLM_EINVAL, "line", "", 0,
                                 "disagreement: line %zu: the offer has %zu lines", d->line + 1,
                                 c->offer->n_lines);
    if ((rc = clm_core__check_text(d->draft, CLM_CORE__TEXT_NOTE, "draft")) < 0)
        return rc;
    if (d->client == NULL || d->client[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "client", "", 0,
                                 "disagreement: the client's wording is required");
    if ((rc = clm_core__check_text(d->client, CLM_CORE__TEXT_NOTE, "client")) < 0)
        return rc;
    if (d->has_figure != 0 && d->has_figure != 1)
        return clm_core__fail_at(CLM_EINVAL, "has_figure", "", 0,
                                 "disagreement: has_figure must be 0 or 1");
    if (d->has_figure && (d->clause != NULL || d->figure < 0))
        return clm_core__fail_at(CLM_EINVAL, "figure", "", 0,
                                 "disagreement: a figure (>= 0) only on a line");
    if (d->received_on < CLM_DATE_MIN || d->received_on > CLM_DATE_MAX)
        return clm_core__fail_at(CLM_EINVAL, "received_on", "", 0,
                                 "disagreement: received_on is not a valid date");
    if (c->state != CLM_CONTRACT_DRAFT && c->state != CLM_CONTRACT_NEGOTIATION &&
        c->state != CLM_CONTRACT_AGREED)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "contract %s: no protocol of disagreements once it is %s",
                                 c->id, clm_contract_state_name(c->state));
    for (size_t i = 0; i < c->n_dis; i++) {
        const clm_contract__disagreement *x = &c->dis[i];
        if (clm_contract_settled(x->settlement))
            continue;
        if (d->clause != NULL ? clm_core__streq(x->clause, d->clause)
                              : (x->clause == NULL && x->line == d->line)) {
            char w[96];
            where(w, sizeof w, x);
            return clm_core__fail_at(CLM_EEXISTS, d->clause ? "clause" : "line", "", 0,
                                     "contract %s: %s is disputed already (disagreement %zu)",
                                     c->id, w, i + 1);
        }
    }
    if (c->n_dis >= CLM_CONTRACT__MAX_DISAGREEMENTS)
        return clm_core__fail(CLM_ELIMIT, "contract %s: more than %d disagreements", c->id,
                              CLM_CONTRACT__MAX_DISAGREEMENTS);
    void *arr = c->dis;
    if ((rc = clm_core__grow(&arr, &c->cap_dis, c->n_dis + 1, sizeof *c->dis,
                             "contract disagreements")) < 0)
        return rc;
    c->dis = arr;
    clm_contract__disagreement n = { .line = d->clause ? CLM_CONTRACT_NO_LINE : d->line,
                                     .has_figure = d->has_figure,
                                     .figure = d->has_figure ? d->figure : 0,
                                     .received_on = d->received_on,
                                     .settlement = CLM_CONTRACT_OPEN };
    n.clause = clm_core__strdup(d->clause);
    n.draft = clm_core__strdup(d->draft);
    n.client = clm_core__strdup(d->client);
    if ((d->clause && !n.clause) || (d->draft && !n.draft) || !n.client) {
        clm_contract__dis_clear(&n);
        return clm_core__oom("contract disagreement");
    }
    char w[96];
    where(w, sizeof w, &n);
    clm_contract__event e;
    if ((rc = dis_event(c, who, "dispute", CLM_CONTRACT_NEGOTIATION, w, &e)) < 0) {
        clm_contract__dis_clear(&n);
        return rc;
    }
    if (c->state == CLM_CONTRACT_AGREED)
        c->agreed_on = CLM_OFFER_NO_DATE;
    c->dis[c->n_dis] = n;
    if (index != NULL)
        *index = c->n_dis;
    c->n_dis++;
    dis_push(c, &e);
    return 0;
}

static int find_open(clm_contract__disagreement **out, clm_contract *c, size_t i, const char *act)
{
    if (i >= c->n_dis)
        return clm_core__fail(CLM_ERANGE, "contract %s: no disagreement %zu", c->id, i);
    if (c->state != CLM_CONTRACT_NEGOTIATION)
        return clm_core__fail_at(CLM_ESTATE, "state", "", 0,
                                 "contract %s: cannot %s: it is %s, not in negotiation", c->id,
                                 act, clm_contract_state_name(c->state));
    if (clm_contract_settled(c->dis[i].settlement)) {
        char w[96];
        where(w, sizeof w, &c->dis[i]);
        return clm_core__fail_at(CLM_ESTATE, "settlement", "", 0,
                                 "contract %s: cannot %s: %s is settled already (%s)", c->id,
                                 act, w, clm_contract_settlement_name(c->dis[i].settlement));
    }
    *out = &c->dis[i];
    return 0;
}

int clm_contract_answer(clm_contract *c, const clm_actor *who, size_t i, const char *answer,
                        int has_figure, int64_t figure)
{
    int rc;
    clm_contract__disagreement *d;
    if (c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_answer: NULL contract");
    if ((rc = clm_actor_check(who)) < 0)
        return rc;
    if (answer == NULL || answer[0] == '\0')
        return clm_core__fail_at(CLM_EINVAL, "answer", "", 0, "contract: the answer is required");
    if ((rc = clm_core__check_text(answer, CLM_CORE__TEXT_NOTE, "answer")) < 0)
        return rc;
    if (has_figure != 0 && has_figure != 1)
        return clm_core__fail_at(CLM_EINVAL, "has_figure", "", 0,
                                 "contract: has_figure must be 0 or 1");
    if ((rc = find_open(&d, c, i, "answer")) < 0)
        return rc;
    if (has_figure && (d->clause != NULL || figure < 0))
        return clm_core__fail_at(CLM_EINVAL, "figure", "", 0,
                                 "contract: a figure (>= 0) only on a line");
    char *a = clm_core__strdup(answer);
    if (a == NULL)
        return clm_core__oom("contract answer");
    char w[96];
    where(w, sizeof w, d);
    clm_contract__event e;
    if ((rc = dis_event(c, who, "answer", c->state, w, &e)) < 0) {
        clm_core__free(a);
        return rc;
    }
    clm_core__free(d->answer);
    d->answer = a;
    d->has_answer_figure = has_figure;
    d->answer_figure = has_figure ? figure : 0;
    d->settlement = CLM_CONTRACT_ANSWERED;
    dis_push(c, &e);
    return 0;
}

int clm_contract_settle(clm_contract *c, const clm_actor *who, size_t i,
                        clm_contract_settlement how, const char *note)
{
    int rc;
    clm_contract__disagreement *d;
    if (c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_settle: NULL contract");
    if ((rc = clm_actor_check(who)) < 0)
        return rc;
    if (!clm_contract_settled(how))
        return clm_core__fail_at(CLM_EINVAL, "how", "", 0,
                                 "contract: settle on client-wording, company-wording or "
                                 "answer");
    if ((rc = clm_core__check_text(note, CLM_CORE__TEXT_LINE, "note")) < 0)
        return rc;
    if ((rc = find_open(&d, c, i, "settle")) < 0)
        return rc;
    if (how == CLM_CONTRACT_ANSWER && d->answer == NULL)
        return clm_core__fail_at(CLM_EINVAL, "how", "", 0,
                                 "contract %s: no answer to settle on", c->id);
    char *by = clm_core__strdup(who->user), *role = clm_core__strdup(who->role);
    char *nt = note != NULL ? clm_core__strdup(note) : NULL;
    char w[96];
    where(w, sizeof w, d);
    clm_contract__event e;
    if (by == NULL || role == NULL || (note != NULL && nt == NULL)) {
        rc = clm_core__oom("contract settlement");
        goto fail;
    }
    if ((rc = dis_event(c, who, "settle", c->state, w, &e)) < 0)
        goto fail;
    clm_core__free(d->decided_by);
    clm_core__free(d->decided_role);
    clm_core__free(d->note);
    d->decided_by = by;
    d->decided_role = role;
    d->note = nt;
    d->decided_at = who->at;
    d->settlement = how;
    dis_push(c, &e);
    return 0;
fail:
    clm_core__free(by);
    clm_core__free(role);
    clm_core__free(nt);
    return rc;
}

size_t clm_contract_disagreement_count(const clm_contract *c) { return c ? c->n_dis : 0; }

int clm_contract_disagreement_at(clm_contract_disagreement_record *out, const clm_contract *c,
                                 size_t i)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_disagreement_at: NULL argument");
    if (i >= c->n_dis)
        return clm_core__fail(CLM_ERANGE, "contract %s: no disagreement %zu", c->id, i);
    const clm_contract__disagreement *d = &c->dis[i];
    *out = (clm_contract_disagreement_record){
        .clause = d->clause, .line = d->line, .draft = d->draft, .client = d->client,
        .has_figure = d->has_figure, .figure = d->figure, .received_on = d->received_on,
        .answer = d->answer, .has_answer_figure = d->has_answer_figure,
        .answer_figure = d->answer_figure, .settlement = d->settlement,
        .decided_by = d->decided_by, .decided_role = d->decided_role,
        .decided_at = d->decided_at, .note = d->note,
    };
    return 0;
}

/* Civil Code art. 445 p. 1: the party for which the contract is obligatory
 * answers a protocol of disagreements within thirty days of receiving it;
 * a term in days runs from the next day (art. 191). */
#define ART445_DAYS 30

int clm_contract_answer_due(clm_date *out, const clm_contract *c, size_t i)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_answer_due: NULL argument");
    if (i >= c->n_dis)
        return clm_core__fail(CLM_ERANGE, "contract %s: no disagreement %zu", c->id, i);
    if (!c->obligatory) {
        *out = CLM_OFFER_NO_DATE;
        return 0;
    }
    clm_date due;
    int rc = clm_date_add_days(&due, c->dis[i].received_on, ART445_DAYS);
    if (rc < 0)
        return rc;
    *out = due;
    return 0;
}

/* ---- clause order and the printed protocol --------------------------------------------- */

/* Compares dotted clause numbers part by part: numeric parts by value,
 * a numeric part before a text part, text parts bytewise; a number that is
 * a prefix of another ("4" vs "4.1") comes first. */
int clm_contract__clause_cmp(const char *a, const char *b)
{
    while (*a != '\0' || *b != '\0') {
        if (*a == '\0')
            return -1;
        if (*b == '\0')
            return 1;
        size_t la = strcspn(a, "."), lb = strcspn(b, ".");
        int na = la > 0 && strspn(a, "0123456789") >= la;
        int nb = lb > 0 && strspn(b, "0123456789") >= lb;
        if (na && nb) {
            const char *x = a, *y = b;
            size_t lx = la, ly = lb;
            while (lx > 1 && *x == '0') x++, lx--;
            while (ly > 1 && *y == '0') y++, ly--;
            if (lx != ly)
                return lx < ly ? -1 : 1;
            int r = memcmp(x, y, lx);
            if (r != 0)
                return r < 0 ? -1 : 1;
        } else if (na != nb) {
            return na ? -1 : 1;
        } else {
            size_t l = la < lb ? la : lb;
            int r = memcmp(a, b, l);
            if (r != 0)
                return r < 0 ? -1 : 1;
            if (la != lb)
                return la < lb ? -1 : 1;
        }
        a += la;
        b += lb;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
    }
    return 0;
}

typedef struct ordered {
    const clm_contract__disagreement *d;
    size_t i;
} ordered;

static int order_cmp(const void *pa, const void *pb)
{
    const ordered *a = pa, *b = pb;
    if ((a->d->clause == NULL) != (b->d->clause == NULL))
        return a->d->clause != NULL ? -1 : 1;
    int r = 0;
    if (a->d->clause != NULL)
        r = clm_contract__clause_cmp(a->d->clause, b->d->clause);
    else if (a->d->line != b->d->line)
        r = a->d->line < b->d->line ? -1 : 1;
    if (r != 0)
        return r;
    return a->i < b->i ? -1 : a->i > b->i;   /* stable: the order recorded */
}

/* How a disagreement stands, as the protocol says it: in English the
 * settlement's name (clm_contract_settlement_name), in another language
 * its translation (the catalogue translates these names only here). */
static const char *settlement_text(clm_contract_settlement st)
{
    static const char *const TEXT[] = {
        NULL, CLM_N_("open"), CLM_N_("answered"), CLM_N_("client-wording"),
        CLM_N_("company-wording"), CLM_N_("answer"),
    };
    const char *name = clm_contract_settlement_name(st);
    if (name == NULL || (size_t)st >= sizeof TEXT / sizeof TEXT[0])
        return name != NULL ? name : "?";
    return clm_core__tr(TEXT[st]);
}

int clm_contract_protocol_text(char **out, size_t *len, const clm_contract *c)
{
    if (out == NULL || c == NULL)
        return clm_core__fail(CLM_EINVAL, "clm_contract_protocol_text: NULL argument");
    ordered *ord = clm_core__calloc(c->n_dis ? c->n_dis : 1, sizeof *ord);
    if (ord == NULL)
        return clm_core__oom("contract protocol");
    for (size_t i = 0; i < c->n_dis; i++)
        ord[i] = (ordered){ &c->dis[i], i };
    clm_core__qsort(ord, c->n_dis, sizeof *ord, order_cmp);
    clm_core__buf b;
    clm_core__buf_init(&b);
    /* The document in the thread's language (clm/lang.h): every line is
     * one translated format; money and dates in its forms. The wordings,
     * clause numbers, products and names are the parties' own. */
    clm_core__buf_printf(&b, clm_core__tr("Protocol of disagreements to contract %s (offer %s, client %s)\n"),
                         c->id, c->offer->id, c->offer->client_id);
    for (size_t k = 0; k < c->n_dis; k++) {
        const clm_contract__disagreement *d = ord[k].d;
        char day[CLM_CORE__TEXT_VALUE_MAX];
        clm_core__date_text(day, sizeof day, d->received_on);
        if (d->clause != NULL)
            clm_core__buf_printf(&b, clm_core__tr("\nClause %s (received %s)\n"), d->clause, day);
        else
            clm_core__buf_printf(&b, clm_core__tr("\nLine %zu (received %s)\n"), d->line + 1, day);
        if (d->line != CLM_CONTRACT_NO_LINE && d->line < c->offer->n_lines)
            clm_core__buf_printf(&b, clm_core__tr("  product: %s\n"), c->offer->lines[d->line].product);
        if (d->draft != NULL)
            clm_core__buf_printf(&b, clm_core__tr("  draft: %s\n"), d->draft);
        clm_core__buf_printf(&b, clm_core__tr("  client: %s\n"), d->client);
        char m[CLM_CORE__TEXT_VALUE_MAX];
        if (d->has_figure)
            clm_core__buf_printf(&b, clm_core__tr("  client's figure: %s\n"),
                                 clm_core__money_text(m, sizeof m, d->figure, c->offer->currency));
        if (d->answer != NULL)
            clm_core__buf_printf(&b, clm_core__tr("  company: %s\n"), d->answer);
        if (d->has_answer_figure)
            clm_core__buf_printf(&b, clm_core__tr("  company's figure: %s\n"),
                                 clm_core__money_text(m, sizeof m, d->answer_figure, c->offer->currency));
        clm_core__buf_printf(&b, clm_core__tr("  settlement: %s"), settlement_text(d->settlement));
        if (d->decided_by != NULL)
            clm_core__buf_printf(&b, clm_core__tr(" (decided by %s, %s)"), d->decided_by, d->decided_role);
        clm_core__buf_puts(&b, "\n");
        if (d->note != NULL)
            clm_core__buf_printf(&b, clm_core__tr("  note: %s\n"), d->note);
    }
    clm_core__free(ord);
    char *text;
    size_t n;
    int rc = clm_core__buf_finish(&b, &text, &n);
    if (rc < 0)
        return rc;
    *out = text;
    if (len != NULL)
        *len = n;
    return 0;
}
