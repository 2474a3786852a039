/*
 * contact_stats.c — contacts per manager, channel and direction over a
 * period.
 */
#include <stdlib.h>
#include <string.h>

#include "contact_internal.h"

struct clm_contact_stats {
    clm_contact_count *cells;   /* sorted by manager, channel, direction */
    size_t n;
    char **names;               /* the managers' names, owned */
    size_t nnames;
};

static int cell_cmp(const void *a, const void *b)
{
    const clm_contact_count *x = a, *y = b;
    int r = strcmp(x->manager, y->manager);
    if (r != 0)
        return r;
    if (x->channel != y->channel)
        return x->channel < y->channel ? -1 : 1;
    if (x->direction != y->direction)
        return x->direction < y->direction ? -1 : 1;
    return 0;
}

void clm_contact_stats_free(clm_contact_stats *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->nnames; i++)
        clm_core__free(s->names[i]);
    clm_core__free(s->names);
    clm_core__free(s->cells);
    clm_core__free(s);
}

int clm_contact_stats_new(clm_contact_stats **out, const clm_contact_log *log,
                          clm_date first, clm_date last)
{
    if (out == NULL || log == NULL)
        return clm_core__fail(CLM_EINVAL, "contact_stats_new: NULL argument");
    if (first < CLM_DATE_MIN || first > CLM_DATE_MAX || last < CLM_DATE_MIN ||
        last > CLM_DATE_MAX)
        return clm_core__fail(CLM_ERANGE, "contact_stats_new: date out of range");
    if (first > last)
        return clm_core__fail_at(CLM_EINVAL, "first", "", 0,
                            "contact_stats_new: the period starts after it ends");
    clm_contact_stats *s = clm_core__calloc(1, sizeof(*s));
    if (s == NULL)
        return clm_core__oom("contact stats");
    size_t m = 0;
    for (size_t i = 0; i < log->n; i++)
        if (log->items[i].day >= first && log->items[i].day <= last)
            m++;
    if (m == 0) {
        *out = s;
        return 0;
    }
    /* One provisional cell per contact (manager borrowed from the log),
     * sorted, then merged; names copied at the end. */
    clm_contact_count *cells = clm_core__calloc(m, sizeof(*cells));
    if (cells == NULL)
        goto oom;
    size_t k = 0;
    for (size_t i = 0; i < log->n; i++) {
        const clm_client__contact *c = &log->items[i];
        if (c->day < first || c->day > last)
            continue;
        cells[k].manager = c->view.manager;
        cells[k].channel = c->view.channel;
        cells[k].direction = c->view.direction;
        cells[k].count = 1;
        k++;
    }
    clm_core__qsort(cells, m, sizeof(*cells), cell_cmp);
    size_t w = 0;
    for (size_t i = 0; i < m; i++) {
        if (w > 0 && cell_cmp(&cells[w - 1], &cells[i]) == 0)
            cells[w - 1].count++;
        else
            cells[w++] = cells[i];
    }
    s->cells = cells;
    s->n = w;
    size_t names = 0;
    for (size_t i = 0; i < w; i++)
        if (i == 0 || strcmp(cells[i - 1].manager, cells[i].manager) != 0)
            names++;
    s->names = clm_core__calloc(names, sizeof(char *));
    if (s->names == NULL)
        goto oom;
    for (size_t i = 0; i < w; i++) {
        if (i > 0 && strcmp(cells[i - 1].manager, cells[i].manager) == 0) {
            cells[i].manager = s->names[s->nnames - 1];
            continue;
        }
        char *nm = clm_core__strdup(cells[i].manager);
        if (nm == NULL)
            goto oom;
        s->names[s->nnames++] = nm;
        cells[i].manager = nm;
    }
    *out = s;
    return 0;
oom:
    clm_contact_stats_free(s);
    return clm_core__oom("contact stats");
}

size_t clm_contact_stats_cells(const clm_contact_stats *s)
{
    return s != NULL ? s->n : 0;
}

const clm_contact_count *clm_contact_stats_at(const clm_contact_stats *s, size_t i)
{
    if (s == NULL || i >= s->n)
        return NULL;
    return &s->cells[i];
}

size_t clm_contact_stats_sum(const clm_contact_stats *s, const char *manager,
                             int channel, int direction)
{
    size_t sum = 0;
    if (s == NULL)
        return 0;
    for (size_t i = 0; i < s->n; i++) {
        const clm_contact_count *c = &s->cells[i];
        if ((manager == NULL || strcmp(c->manager, manager) == 0) &&
            (channel == 0 || (int)c->channel == channel) &&
            (direction == 0 || (int)c->direction == direction))
            sum += c->count;
    }
    return sum;
}
