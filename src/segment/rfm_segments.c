/*
 * rfm_segments.c — names for the 125 RFM cells.
 *
 * The rules are kept in order and compiled into a 125-entry table (cell ->
 * rule), so a lookup is one index. Adding a rule only fills the cells no
 * earlier rule named: "first match wins".
 */
#include "clm/segment.h"

#include <string.h>

#include "core/core.h"

#define CELLS 125
#define NAME_MAX_LEN 63

struct clm_rfm_segments {
    char **names;          /* names[j] of rule j */
    size_t count;
    uint8_t cell[CELLS];   /* rule index + 1, 0 = unnamed */
};

int clm_rfm_segments_new(clm_rfm_segments **out)
{
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "rfm segments: out is NULL");
    clm_rfm_segments *s = clm_core__calloc(1, sizeof *s);
    if (s == NULL)
        return clm_core__oom("rfm segments");
    *out = s;
    return CLM_OK;
}

void clm_rfm_segments_free(clm_rfm_segments *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->count; i++)
        clm_core__free(s->names[i]);
    clm_core__free(s->names);
    clm_core__free(s);
}

static int bad_range(int lo, int hi)
{
    return lo < 1 || hi > 5 || lo > hi;
}

int clm_rfm_segments_add(clm_rfm_segments *s, const char *name, int r_min, int r_max,
                         int f_min, int f_max, int m_min, int m_max)
{
    if (s == NULL || name == NULL)
        return clm_core__fail(CLM_EINVAL, "rfm segments: %s is NULL",
                         s == NULL ? "table" : "name");
    size_t len = strlen(name);
    if (len == 0 || len > NAME_MAX_LEN)
        return clm_core__fail_at(CLM_EINVAL, "name", "", 0,
                            "rfm segments: a name must have 1 to %d bytes (got %zu)",
                            NAME_MAX_LEN, len);
    if (clm_core__check_textn(name, len, CLM_CORE__TEXT_ID, "name") < 0)
        return CLM_EINVAL;
    if (bad_range(r_min, r_max) || bad_range(f_min, f_max) || bad_range(m_min, m_max))
        return clm_core__fail_at(CLM_EINVAL, "range", "", 0,
                            "rfm segments: rule '%s': each range must be within 1..5 with"
                            " min <= max (R %d-%d, F %d-%d, M %d-%d)", name, r_min, r_max,
                            f_min, f_max, m_min, m_max);
    if (s->count >= CELLS)
        return clm_core__fail(CLM_ELIMIT, "rfm segments: at most %d rules", CELLS);
    char *copy = clm_core__strdup(name);
    if (copy == NULL)
        return clm_core__oom("rfm segment name");
    char **names = clm_core__reallocarray(s->names, s->count + 1, sizeof *names);
    if (names == NULL) {
        clm_core__free(copy);
        return clm_core__oom("rfm segment rules");
    }
    s->names = names;
    names[s->count] = copy;
    s->count++;
    for (int r = r_min; r <= r_max; r++)
        for (int f = f_min; f <= f_max; f++)
            for (int m = m_min; m <= m_max; m++) {
                uint8_t *c = &s->cell[(r - 1) * 25 + (f - 1) * 5 + (m - 1)];
                if (*c == 0)
                    *c = (uint8_t)s->count;
            }
    return CLM_OK;
}

int clm_rfm_segments_new_default(clm_rfm_segments **out)
{
    static const struct {
        const char *name;
        int r0, r1, f0, f1, m0, m1;
    } rules[] = {
        { "champions", 4, 5, 4, 5, 4, 5 },
        { "loyal", 3, 5, 3, 5, 3, 5 },
        { "new", 5, 5, 1, 1, 1, 5 },
        { "potential_loyalist", 4, 5, 1, 3, 1, 5 },
        { "cant_lose", 1, 1, 4, 5, 4, 5 },
        { "at_risk", 1, 2, 3, 5, 1, 5 },
        { "hibernating", 1, 2, 1, 2, 1, 5 },
        { "need_attention", 1, 5, 1, 5, 1, 5 },
    };
    if (out == NULL)
        return clm_core__fail(CLM_EINVAL, "rfm segments: out is NULL");
    clm_rfm_segments *s = NULL;
    int rc = clm_rfm_segments_new(&s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        rc = clm_rfm_segments_add(s, rules[i].name, rules[i].r0, rules[i].r1, rules[i].f0,
                                  rules[i].f1, rules[i].m0, rules[i].m1);
        if (rc < 0) {
            clm_rfm_segments_free(s);
            return rc;
        }
    }
    *out = s;
    return CLM_OK;
}

const char *clm_rfm_segments_name(const clm_rfm_segments *s, clm_rfm_score score)
{
    if (s == NULL || score.r < 1 || score.r > 5 || score.f < 1 || score.f > 5 ||
        score.m < 1 || score.m > 5)
        return NULL;
    uint8_t c = s->cell[(score.r - 1) * 25 + (score.f - 1) * 5 + (score.m - 1)];
    return c == 0 ? NULL : s->names[c - 1];
}
