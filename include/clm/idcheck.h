/*
 * idcheck.h — checks of tax and registration identifiers, e-mail addresses
 * and phone numbers.
 *
 * Identifier validators live in a registry keyed by (country, kind): the
 * library ships the Russian ones (INN, KPP, OGRN, OGRNIP) and a program adds
 * its own for other countries (a German USt-IdNr, a Kazakh BIN) with
 * clm_idcheck_register(). A registry also says which identifiers a client
 * of a given legal type must have in that country (clm_client_validate()).
 *
 * Thread safety: a registry is immutable once built; const functions may
 * run concurrently. The built-in registry is a static constant.
 */
#ifndef CLM_IDCHECK_H
#define CLM_IDCHECK_H

#include "common.h"

CLM_BEGIN_DECLS

/** Legal type of a client. Stable names: "legal_entity", "sole_trader",
 *  "individual". */
typedef enum clm_legal_type {
    CLM_LEGAL_ENTITY = 1,  /**< an organisation (ООО, АО ...) */
    CLM_SOLE_TRADER,       /**< an individual entrepreneur (ИП) */
    CLM_INDIVIDUAL         /**< a private person */
} clm_legal_type;

/** Bit for a legal type in a `required` mask. */
#define CLM_LEGAL_BIT(t) (1u << ((t) - 1))

/** The stable name; NULL for a value out of range. */
CLM_API const char *clm_legal_type_name(clm_legal_type t);
/** Parses a stable name. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND. */
CLM_API int clm_legal_type_from_name(clm_legal_type *out, const char *name);

/* ---- built-in Russian identifiers ---------------------------------------
 * Each returns 0 if `value` is valid, CLM_EINVAL with the reason (field
 * "inn", "ogrn", ...) if not. Pure; thread-safe.
 */

/**
 * INN (taxpayer identification number), order of the Federal Tax Service of
 * 29.06.2012 No. ММВ-7-6/435@ (appendix: check-digit algorithm):
 *  - 10 digits (organisations): n10 = (2,4,10,3,5,9,4,6,8 . n1..n9) mod 11
 *    mod 10;
 *  - 12 digits (individuals, sole traders): n11 = (7,2,4,10,3,5,9,4,6,8 .
 *    n1..n10) mod 11 mod 10, n12 = (3,7,2,4,10,3,5,9,4,6,8 . n1..n11) mod
 *    11 mod 10.
 * `type` selects the length: CLM_LEGAL_ENTITY 10, others 12; type 0
 * accepts either length.
 */
CLM_API int clm_inn_check(const char *value, int type);

/** OGRN (primary state registration number of an organisation, 13 digits):
 *  the first digit is 1 or 5 (the record is an OGRN; 2, 6-9 mark other
 *  register records) and the 13th digit = (the first 12 as a number mod
 *  11) mod 10 (Government decree No. 438 of 19.06.2002, rules of keeping
 *  the Unified State Register of Legal Entities, p. 8). */
CLM_API int clm_ogrn_check(const char *value);

/** OGRNIP (sole trader, 15 digits): the first digit is 3 and the 15th
 *  digit = (the first 14 as a number mod 13) mod 10 (Government decree
 *  No. 630 of 16.10.2003, rules of keeping the register of sole traders). */
CLM_API int clm_ogrnip_check(const char *value);

/** KPP (tax registration reason code): 9 characters, NNNNPPNNN, where PP
 *  is two digits or upper-case Latin letters (FTS order ММВ-7-6/435@).
 *  There is no check digit. */
CLM_API int clm_kpp_check(const char *value);

/* ---- contact shapes ----------------------------------------------------- */

/**
 * E-mail shape (not deliverability): one '@'; a local part of 1-64 bytes
 * of letters, digits and !#$%&'*+/=?^_`{|}~.- with no leading, trailing or
 * double dot; a domain of 1-255 bytes of dot-separated labels of 1-63
 * letters, digits and '-' (not at a label's ends), at least two labels,
 * the last at least two letters. Non-ASCII bytes (UTF-8) are allowed in
 * both parts (RFC 6531). Errors: CLM_EINVAL with the reason (field "email").
 */
CLM_API int clm_email_check(const char *value);

/**
 * Phone shape: an optional leading '+', then digits, with single spaces,
 * '-', '.' and one pair of parentheses as separators, and 5 to 15 digits in
 * all (E.164 caps international numbers at 15 digits). Errors: CLM_EINVAL
 * with the reason (field "phone").
 */
CLM_API int clm_phone_check(const char *value);

/* ---- the registry ------------------------------------------------------- */

typedef struct clm_idcheck_registry clm_idcheck_registry;

/**
 * A validator: returns 0 if `value` is a valid identifier for a client of
 * `legal_type`, 1 if it is not (and writes a short reason, NUL-terminated,
 * into reason[0..reason_size-1]; reason_size is at least 128), or a
 * negative CLM_E* code for its own failure.
 */
typedef int (*clm_idcheck_fn)(const char *value, clm_legal_type legal_type,
                              char *reason, size_t reason_size, void *payload);

/**
 * The built-in registry (static, never freed): RU INN (required for legal
 * entities and sole traders; 10 digits for legal entities, 12 otherwise),
 * RU KPP (optional; legal entities only), RU OGRN (required for legal
 * entities, which alone have one), RU OGRNIP (required for sole traders,
 * which alone have one).
 */
CLM_API const clm_idcheck_registry *clm_idcheck_registry_builtin(void);

/**
 * Creates a registry; with `with_builtin` 1 it starts with the built-in
 * entries, with 0 empty. Errors: CLM_EINVAL, CLM_ENOMEM.
 */
CLM_API int clm_idcheck_registry_new(clm_idcheck_registry **out, int with_builtin);
CLM_API void clm_idcheck_registry_free(clm_idcheck_registry *reg);

/**
 * Registers `fn` for (country, kind) — country two upper-case letters, kind
 * 1-16 characters of [A-Z0-9_], both copied — with `required` a mask of
 * CLM_LEGAL_BIT() for the legal types that must have this identifier (0:
 * optional). An existing entry for the pair is replaced (so a program can
 * override a built-in check). Errors: CLM_EINVAL (bad names, NULL fn,
 * bits beyond the legal types), CLM_ENOMEM. Unchanged on error.
 */
CLM_API int clm_idcheck_register(clm_idcheck_registry *reg, const char *country,
                                 const char *kind, unsigned int required,
                                 clm_idcheck_fn fn, void *payload);

/**
 * Checks `value` as the (country, kind) identifier of a client of
 * `legal_type`. *known = 1 if the registry has a validator for the pair, 0
 * if not (the value is then accepted); known may be NULL.
 * Returns 0 if valid or unknown; CLM_EINVAL with the validator's reason
 * (field "id.<country>.<kind>") if invalid; CLM_EINVAL for bad arguments;
 * a validator's own negative code as it is. `reg` NULL = the built-in one.
 */
CLM_API int clm_idcheck(const clm_idcheck_registry *reg, const char *country,
                        const char *kind, clm_legal_type legal_type,
                        const char *value, int *known);

/** Number of entries and the i-th (in (country, kind) order); outputs may
 *  be NULL; strings owned by the registry. Errors: CLM_EINVAL, CLM_ERANGE. */
CLM_API size_t clm_idcheck_count(const clm_idcheck_registry *reg);
CLM_API int clm_idcheck_at(const char **country, const char **kind, unsigned int *required,
                           const clm_idcheck_registry *reg, size_t i);

CLM_END_DECLS

#endif /* CLM_IDCHECK_H */
