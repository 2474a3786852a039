/*
 * client_internal.h — what the files of src/client share: the layout of a
 * clm_client, the history-entry builder and the text escaping of the
 * storage formats. Not installed.
 */
#ifndef CLM_CLIENT_INTERNAL_H
#define CLM_CLIENT_INTERNAL_H

#include <stdbool.h>
#include <string.h>

#include "core/core.h"
#include "clm/client.h"


/* How many values the public enumerations have (they carry no count
 * member, so a value added later shifts no public constant). */
#define CLM_CLIENT__SOURCE_COUNT ((int)CLM_SOURCE_OTHER + 1)
#define CLM_CLIENT__TEXT_COUNT ((int)CLM_CLIENT_NOTES + 1)
#define CLM_CLIENT__DATE_COUNT ((int)CLM_CLIENT_LAST_PURCHASE + 1)
#define CLM_CLIENT__FLAG_COUNT ((int)CLM_CLIENT_PRIVILEGED + 1)

typedef struct clm_client__ident {
    char *country;
    char *kind;
    char *value;
} clm_client__ident;

typedef struct clm_client__person {
    char *name;
    char *position;
    char *phone;
    char *email;
} clm_client__person;

/* One history entry; every string lives in `block` (one allocation). */
typedef struct clm_client__change {
    char *block;
    clm_client_change view;
} clm_client__change;

struct clm_client {
    char *id;
    clm_legal_type legal;
    clm_client_state state;
    clm_source_channel source;
    char *manager;                        /* NULL = none */
    char *lost_to;                        /* NULL = unknown / not lost */
    char *text[CLM_CLIENT__TEXT_COUNT];   /* NULL = unset */
    clm_date dates[CLM_CLIENT__DATE_COUNT];
    bool flags[CLM_CLIENT__FLAG_COUNT];
    clm_client__ident *ids;                      /* sorted by (country, kind) */
    size_t nids, capids;
    clm_client__person *persons;
    size_t npersons, cappersons;
    size_t dm;                            /* CLM_CLIENT_NO_PERSON = none */
    char **cats;                          /* sorted by strcmp, unique */
    size_t ncats, capcats;
    clm_client__change *hist;
    size_t nhist, caphist;
    int64_t stored_version;               /* client_store.h; 0 = never stored */
};

/* "" for NULL. */
static inline const char *clm_client__s(const char *s)
{
    return s != NULL ? s : "";
}

/* True if s is NULL or "". */
static inline bool clm_client__empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

/* Builds a history entry; on failure CLM_ENOMEM and *out untouched. */
int clm_client__change_make(clm_client__change *out, const clm_actor *actor, const char *field,
                     const char *old_value, const char *new_value,
                     const char *reason);
void clm_client__change_free(clm_client__change *ch);
/* Makes room for `extra` more history entries (may fail, changes nothing
 * observable). */
int clm_client__hist_reserve(clm_client *c, size_t extra);
/* Appends (after clm_client__hist_reserve succeeded: cannot fail). */
void clm_client__hist_push(clm_client *c, clm_client__change *ch);
/* Common preamble of a mutating call: c non-NULL, actor valid. */
int clm_client__check_actor(const clm_client *c, const clm_actor *actor);
/* Records one change: reserve + make + push; on failure nothing changes. */
int clm_client__record(clm_client *c, const clm_actor *actor, const char *field,
                       const char *old_value, const char *new_value,
                       const char *reason);

/* Allocates an empty client (all fields empty, state potential) with
 * `id` copied; NULL on ENOMEM (last error set). */
clm_client *clm_client__alloc(const char *id, clm_legal_type type);

/* Shape checks of the text fields shared by the setters and the decoder. */
int clm_client__text_check(clm_client_text f, const char *value);
int clm_client__country_check(const char *s, const char *field);
int clm_client__idkind_check(const char *s, const char *field);
/* Person shape (name required). */
int clm_client__person_check(const char *name, const char *position, const char *phone,
                      const char *email);

/* The index of the next entry at or after i that the registry (NULL =
 * built-in) marks as required for (country, t), setting *kind; the
 * registry's size when there is none. */
size_t clm_client__idcheck_required(const clm_idcheck_registry *reg, const char *country,
                             clm_legal_type t, size_t i, const char **kind);

/* ---- lookup keys (lookup.c, client_lookup.h) ------------------------------ */
#include "clm/store_keys.h"

/* The lookup keys of a client: values owned here. */
typedef struct clm_client__keys {
    clm_record_key *v;
    size_t n, cap;
} clm_client__keys;

/* Computes c's keys into *k (zeroed by the caller). On failure (ENOMEM)
 * *k holds what was made; free it with clm_client__keys_free either way. */
int clm_client__keys_of(clm_client__keys *k, const clm_client *c);
void clm_client__keys_free(clm_client__keys *k);

/* ---- escaping of the storage formats ------------------------------------ */
/* Appends s[0..n) as clm_core__buf_append() does, without its call when
 * the buffer has room (a client's encoding makes about 60 appends, most
 * of a few bytes, into a buffer reserved up front). */
static inline void clm_client__put(clm_core__buf *b, const char *s, size_t n)
{
    if (!b->failed && n < b->cap - b->len) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
        b->data[b->len] = '\0';
        return;
    }
    clm_core__buf_append(b, s, n);
}
/* Appends s escaped (\\, \n, \r, |, other control bytes as \xHH). */
void clm_client__esc(clm_core__buf *b, const char *s);
/* Unescapes text[0..n) into a new string (NULL on malformed input with
 * *bad = 1, or on ENOMEM with *bad = 0). The text must not contain an
 * unescaped '|'. */
char *clm_client__unesc(const char *text, size_t n, int *bad);
/* Splits an escaped value at unescaped '|': fills starts/lengths of up to
 * `max` parts and returns the number of parts (max + 1 if there are more). */
size_t clm_client__split(const char *text, size_t n, const char **parts, size_t *lens,
                  size_t max);

#endif
