/*
 * dmap.c — the string -> index hash map behind the policy's id lookups
 * and the compiled indexes (open addressing, linear probing, FNV-1a).
 */
#include <assert.h>
#include <string.h>

#include "discount_internal.h"

uint64_t clm_discount__hash(const char *s)
{
    /* FNV-1a, 64-bit (Fowler, Noll, Vo). */
    uint64_t h = UINT64_C(14695981039346656037);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

void clm_discount__map_init(clm_discount__map *m)
{
    memset(m, 0, sizeof *m);
}

void clm_discount__map_free(clm_discount__map *m)
{
    clm_core__free(m->slots);
    clm_discount__map_init(m);
}

/* The slot of a hash: FNV-1a's low bits depend only on the low bits of
 * each byte (multiplication carries upwards), so keys like "p1".."p99999"
 * crowd a few runs of slots; fold the high half in first. */
static size_t slot_of(uint64_t h, size_t cap)
{
    return (size_t)(h ^ (h >> 29) ^ (h >> 47)) & (cap - 1);
}

static void put_raw(clm_discount__slot *slots, size_t cap, const char *key, uint64_t h, uint32_t val)
{
    size_t i = slot_of(h, cap);
    while (slots[i].key != NULL)
        i = (i + 1) & (cap - 1);
    slots[i].key = key;
    slots[i].val = val;
    slots[i].hash = h;
}

int clm_discount__map_reserve(clm_discount__map *m, size_t extra)
{
    size_t need = m->count + extra;
    /* load factor at most 1/2 */
    if (need <= m->cap / 2)
        return 0;
    size_t cap = m->cap ? m->cap : 16;
    while (cap / 2 < need) {
        if (cap > SIZE_MAX / 4)
            return clm_core__oom("discount index");
        cap *= 2;
    }
    clm_discount__slot *slots = clm_core__calloc(cap, sizeof *slots);
    if (slots == NULL)
        return clm_core__oom("discount index");
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key != NULL)
            put_raw(slots, cap, m->slots[i].key, m->slots[i].hash, m->slots[i].val);
    clm_core__free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

void clm_discount__map_put(clm_discount__map *m, const char *key, uint32_t val)
{
    /* clm_discount__map_reserve ran first: an open slot always exists */
    assert(m->count + 1 <= m->cap / 2);
    put_raw(m->slots, m->cap, key, clm_discount__hash(key), val);
    m->count++;
}

uint32_t clm_discount__map_get(const clm_discount__map *m, const char *key)
{
    if (m->cap == 0 || key == NULL)
        return CLM__NONE32;
    return clm_discount__map_get_h(m, key, clm_discount__hash(key));
}

uint32_t clm_discount__map_get_h(const clm_discount__map *m, const char *key, uint64_t h)
{
    if (m->cap == 0 || key == NULL)
        return CLM__NONE32;
    size_t i = slot_of(h, m->cap);
    while (m->slots[i].key != NULL) {
        if (m->slots[i].hash == h && clm_core__streq(m->slots[i].key, key))
            return m->slots[i].val;
        i = (i + 1) & (m->cap - 1);
    }
    return CLM__NONE32;
}

const clm_discount__slot *clm_discount__map_find(const clm_discount__map *m, const char *key)
{
    if (m->cap == 0 || key == NULL)
        return NULL;
    return clm_discount__map_find_h(m, key, clm_discount__hash(key));
}

const clm_discount__slot *clm_discount__map_find_h(const clm_discount__map *m, const char *key,
                                                   uint64_t h)
{
    if (m->cap == 0 || key == NULL)
        return NULL;
    size_t i = slot_of(h, m->cap);
    while (m->slots[i].key != NULL) {
        if (m->slots[i].hash == h && clm_core__streq(m->slots[i].key, key))
            return &m->slots[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

const clm_discount__slot *clm_discount__map_home(const clm_discount__map *m, uint64_t h)
{
    return m->cap == 0 ? NULL : &m->slots[slot_of(h, m->cap)];
}
