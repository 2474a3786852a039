/*
 * category_internal.h — the compiled form of a category policy, shared by
 * src/category/ and the XML reader/writer (src/xml/category_xml.c). Not
 * installed.
 */
#ifndef CLM_CATEGORY_INTERNAL_H
#define CLM_CATEGORY_INTERNAL_H

#include <stdbool.h>

#include "clm/category.h"
#include "core/core.h"

/* Highest clm_fact value. */
#define CLM__FACT_LAST CLM_FACT_STATE
/* Deepest condition nesting a policy accepts (evaluation recurses). */
#define CLM__COND_MAX_DEPTH 64

typedef enum clm_category__fact_kind {
    CLM__KIND_MONEY = 1,
    CLM__KIND_NUMBER,
    CLM__KIND_DATE,
    CLM__KIND_CLASS,
    CLM__KIND_TEXT
} clm_category__fact_kind;

/* The kind of a valid fact; 0 for an invalid value. */
clm_category__fact_kind clm_category__fact_kind_of(int fact);

typedef enum clm_category__cond_kind {
    CLM__COND_CMP = 1, /* fact op a */
    CLM__COND_CMP_TEXT, /* fact op text[0] */
    CLM__COND_RANGE,    /* a <= fact <= b */
    CLM__COND_IN,       /* fact in ints */
    CLM__COND_IN_TEXT,  /* fact in texts */
    CLM__COND_KNOWN,
    CLM__COND_ALL,
    CLM__COND_ANY,
    CLM__COND_NOT
} clm_category__cond_kind;

/* A condition as the builder API makes it: a tree. */
struct clm_condition {
    uint8_t kind;
    uint8_t fact;
    uint8_t op;
    int64_t a, b;
    int64_t *ints;        /* IN */
    char **texts;         /* CMP_TEXT (one), IN_TEXT */
    size_t nvals;
    clm_condition **kids; /* ALL, ANY, NOT */
    size_t nkids;
};

/* A compiled condition node. A rule's condition is a pre-order run of nodes;
 * `size` is the number of nodes of the subtree rooted here, so the next
 * sibling of node i is i + size. */
typedef struct clm_category__cnode {
    uint8_t kind;
    uint8_t fact;
    uint8_t op;
    uint32_t size;
    uint32_t first;   /* IN: index into ints; CMP_TEXT/IN_TEXT: into texts */
    uint32_t count;   /* number of values */
    int64_t a, b;
} clm_category__cnode;

typedef struct clm_category__category {
    char *name;
    char **roles;
    size_t nroles;
} clm_category__category;

typedef struct clm_category__rule {
    char *name;
    uint32_t category;
    uint32_t root;    /* first node */
} clm_category__rule;

struct clm_category_policy {
    char *name;
    char currency[4];
    bool uses_money;
    clm_category__category cats[CLM_CATEGORY_MAX];
    size_t ncats;
    clm_category__rule *rules;
    size_t nrules, rules_cap;
    clm_category__cnode *nodes;
    size_t nnodes, nodes_cap;
    int64_t *ints;
    size_t nints, ints_cap;
    char **texts;
    size_t ntexts, texts_cap;
};

/* The value a condition compares an enumerated fact with must be one of
 * the fact's values: an ABC/XYZ class 1..3, an RFM part 1..5 or cell of such
 * digits (check_value, for = != and sets), a legal type or lifecycle state
 * name of the client module (check_text_value). CLM_EINVAL, field "value",
 * naming the value and the vocabulary; CLM_OK for every other fact. */
int clm_category__check_value(int fact, int64_t v);
int clm_category__check_text_value(int fact, const char *v);

/* Checks a policy, category, rule or role name: 1..max bytes, no control
 * characters. Fails with CLM_EINVAL naming `what`. */
int clm_category__check_name(const char *name, size_t max, const char *what);

#endif
