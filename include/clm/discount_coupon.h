/*
 * discount_coupon.h — coupons with usage limits, counted through the store
 * (docs/rules.md, "Price lists, promotions and retro-bonuses", Coupons).
 *
 * A discount rule looks at a document's coupons (CLM_DISCOUNT_COND_COUPON);
 * whether the client may still use a coupon is a question of what other
 * documents used it, so it is answered by the store, where two processes
 * see the same counts:
 *
 *     clm_coupon_def c = CLM_COUPON_DEF_INIT;
 *     c.code = "SPRING10"; c.max_uses = 100; c.max_uses_per_client = 1;
 *     clm_coupon_store_define(st, &who, &c);
 *     ...
 *     clm_coupon_use_request u = CLM_COUPON_USE_REQUEST_INIT;
 *     u.code = "spring10"; u.client = "C-1"; u.document = "SO-17";
 *     u.date = today; u.stage = CLM_COUPON_AT_ORDER;
 *     clm_coupon_use use;
 *     rc = clm_coupon_store_use(&use, st, &who, &u);   // order confirmed
 *     ... clm_coupon_store_release(st, &who, "SPRING10", "SO-17"); // cancelled
 *
 * Codes
 * -----
 * Coupon codes compare case-insensitively by default, by ASCII case
 * folding: the bytes 'A'..'Z' become 'a'..'z' and every other byte,
 * including every byte of a non-ASCII UTF-8 character, is kept as it is
 * (so "Spring10" and "SPRING10" are one code, but "СКИДКА" and "скидка"
 * are two). This is not Unicode case folding, on purpose: a code is typed
 * from a leaflet or a web page, the ASCII rule is the same in every
 * locale and every database, and it never changes a code's length. A
 * coupon defined with CLM_DISCOUNT_COUPON_EXACT matches only its code byte
 * for byte; two coupons whose codes fold to the same text cannot both
 * exist (the folded code is the coupon's key in the store). The discount
 * engine compares a rule's coupon condition with a document's coupons the
 * same way, by the policy's coupon match (clm_discount_policy_set_coupon_match).
 *
 * Counting
 * --------
 * A coupon has a validity period, a limit of uses in total and a limit of
 * uses per client (each may be unlimited), and says at which stage a use
 * counts: when an offer is made with it or when an order is confirmed
 * (CLM_COUPON_AT_OFFER / CLM_COUPON_AT_ORDER). A use belongs to one
 * document (an offer or order id): it is recorded by
 * clm_coupon_store_use() at the counting stage and given back by
 * clm_coupon_store_release() when the document is cancelled. Asking again
 * for a document that holds a use counts nothing more.
 *
 * Atomicity: every recorded or released use rewrites the coupon's record
 * under the store's version rule (store.h) in the same transaction as the
 * use's own record, so two handles (two processes) that race for the last
 * use cannot both get it: one commits, the other's write conflicts, and
 * it reads the counts again (a call that opened the transaction itself
 * retries; inside the caller's transaction the conflict is returned as
 * CLM_ECONFLICT for the caller to retry). The limits are therefore never
 * exceeded, on SQLite, PostgreSQL or the memory store.
 *
 * Records: kind CLM_RECORD_COUPON. The coupon: id "c:" + the folded code,
 * state "coupon", name = the code as defined, amount absent, body = its
 * definition and its count of uses. A use: id "u:<length of the folded
 * code>:<folded code>:<document>", state "used", client_id = the client,
 * category = the folded code, name = the document, due = the date of use.
 * Every write is audited (clm_store_put_audited) by the actor given.
 *
 * Thread safety: as the store: one thread per handle. The pure functions
 * (names, clm_coupon_code_fold) are thread-safe.
 */
#ifndef CLM_DISCOUNT_COUPON_H
#define CLM_DISCOUNT_COUPON_H

#include "actor.h"
#include "common.h"
#include "date.h"
#include "discount.h"
#include "store.h"

CLM_BEGIN_DECLS

/** The longest coupon code, in bytes. */
#define CLM_COUPON_CODE_MAX 64
/** The longest document id a use may name, in bytes (the use's record id
 *  holds the code and the document within CLM_RECORD_ID_MAX). */
#define CLM_COUPON_DOCUMENT_MAX 180
/** "No limit" for max_uses and max_uses_per_client. */
#define CLM_COUPON_UNLIMITED INT64_C(-1)

/** When a use counts. */
typedef enum clm_coupon_stage {
    CLM_COUPON_AT_ORDER = 1, /**< "order": when an order is confirmed (default) */
    CLM_COUPON_AT_OFFER = 2  /**< "offer": when an offer is made */
} clm_coupon_stage;

/** "order", "offer"; NULL for an unknown value. Thread-safe. */
CLM_API const char *clm_coupon_stage_name(clm_coupon_stage s);
/** The stage named `name`. Errors: CLM_EINVAL (NULL), CLM_ENOTFOUND
 *  (unknown name). *out untouched on error. */
CLM_API int clm_coupon_stage_from_name(clm_coupon_stage *out, const char *name);

/**
 * *out (room for `size` bytes, CLM_COUPON_CODE_MAX + 1 always suffices)
 * = `code` folded as the "Codes" section says: 'A'..'Z' to 'a'..'z',
 * every other byte unchanged.
 * Errors: CLM_EINVAL (NULL; a code that is not an id (common.h) or is
 * longer than CLM_COUPON_CODE_MAX), CLM_EBUFSIZE. *out untouched on error.
 * Thread-safe.
 */
CLM_API int clm_coupon_code_fold(char *out, size_t size, const char *code);

/** 1 if codes a and b are the same code under `match`, else 0 (also for
 *  NULL or an unknown match). Thread-safe. */
CLM_API int clm_coupon_code_equal(const char *a, const char *b,
                                  clm_discount_coupon_match match);

#define CLM_COUPON_DEF_VERSION 1

/** A coupon (copied by clm_coupon_store_define). */
typedef struct clm_coupon_def {
    unsigned int version;            /**< CLM_COUPON_DEF_VERSION */
    const char *code;                /**< an id of at most CLM_COUPON_CODE_MAX bytes */
    clm_date valid_from;             /**< inclusive; CLM_DATE_MIN: open */
    clm_date valid_to;               /**< inclusive; CLM_DATE_MAX: open */
    int64_t max_uses;                /**< >= 1, or CLM_COUPON_UNLIMITED */
    int64_t max_uses_per_client;     /**< >= 1, or CLM_COUPON_UNLIMITED */
    clm_coupon_stage count_at;
    clm_discount_coupon_match match;
} clm_coupon_def;

#define CLM_COUPON_DEF_INIT \
    { .version = CLM_COUPON_DEF_VERSION, .valid_from = CLM_DATE_MIN, \
      .valid_to = CLM_DATE_MAX, .max_uses = CLM_COUPON_UNLIMITED, \
      .max_uses_per_client = CLM_COUPON_UNLIMITED, .count_at = CLM_COUPON_AT_ORDER, \
      .match = CLM_DISCOUNT_COUPON_FOLD_ASCII }

/** Sets *def to CLM_COUPON_DEF_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_coupon_def_init(clm_coupon_def *def);

/**
 * Creates coupon `def` in the store with no use, audited as done by `who`.
 * Errors: CLM_EINVAL (NULL; a bad code, a period that is empty or outside
 * the calendar, a limit of 0 or below other than CLM_COUPON_UNLIMITED, an
 * unknown stage or match: the field is named), CLM_EVERSION, CLM_EEXISTS
 * (a coupon whose code folds to the same text exists), and the store's
 * errors (CLM_EBUSY, CLM_EIO, CLM_ENOMEM). Nothing is written on error.
 */
CLM_API int clm_coupon_store_define(clm_store *st, const clm_actor *who,
                                    const clm_coupon_def *def);

/** A coupon as stored, with its count of uses. */
typedef struct clm_coupon_info {
    char code[CLM_COUPON_CODE_MAX + 1];     /**< as defined */
    char key[CLM_COUPON_CODE_MAX + 1];      /**< folded */
    clm_date valid_from, valid_to;
    int64_t max_uses, max_uses_per_client;
    clm_coupon_stage count_at;
    clm_discount_coupon_match match;
    int64_t uses;                           /**< uses held now, in total */
} clm_coupon_info;

/**
 * *out = the coupon `code` names (looked up by its folded form; a coupon
 * defined EXACT must be named byte for byte).
 * Errors: CLM_EINVAL (NULL, a bad code), CLM_ENOTFOUND, CLM_EPARSE (the
 * record does not hold a coupon), the store's errors. *out untouched on
 * error.
 */
CLM_API int clm_coupon_store_get(clm_coupon_info *out, clm_store *st, const char *code);

/**
 * *out = how many uses `client` holds of coupon `code` now.
 * Errors: as clm_coupon_store_get(), and CLM_EINVAL for a bad client id.
 */
CLM_API int clm_coupon_store_client_uses(int64_t *out, clm_store *st, const char *code,
                                         const char *client);

#define CLM_COUPON_USE_REQUEST_VERSION 1

/** A document that wants to use a coupon. Strings borrowed for the call. */
typedef struct clm_coupon_use_request {
    unsigned int version;            /**< CLM_COUPON_USE_REQUEST_VERSION */
    const char *code;                /**< as the client typed it */
    const char *client;              /**< an id */
    const char *document;            /**< an id, at most CLM_COUPON_DOCUMENT_MAX bytes */
    clm_date date;                   /**< the document's date */
    clm_coupon_stage stage;          /**< where the document is */
} clm_coupon_use_request;

#define CLM_COUPON_USE_REQUEST_INIT \
    { .version = CLM_COUPON_USE_REQUEST_VERSION, .stage = CLM_COUPON_AT_ORDER }

/** Sets *r to CLM_COUPON_USE_REQUEST_INIT. Errors: CLM_EINVAL (NULL). */
CLM_API int clm_coupon_use_request_init(clm_coupon_use_request *r);

/** What clm_coupon_store_use() did. */
typedef struct clm_coupon_use {
    char key[CLM_COUPON_CODE_MAX + 1]; /**< the coupon's folded code */
    int counted;        /**< 1: this call recorded a use; 0: the document
                             held one already, or `stage` is not the
                             coupon's counting stage (checked only) */
    int held;           /**< 1 if the document holds a use after the call */
    int64_t uses;       /**< uses in total after the call */
    int64_t client_uses;/**< the client's uses after the call */
} clm_coupon_use;

/**
 * Uses coupon req->code for document req->document of client req->client
 * on req->date. If the document holds a use of the coupon already,
 * nothing changes and the call succeeds (counted 0, held 1). Otherwise the
 * coupon must be valid on the date and leave room under both limits; then
 * if req->stage is the coupon's counting stage a use is recorded (counted
 * 1, held 1), and if not the call only checks (counted 0, held 0): an
 * offer may ask about a coupon that counts at the order.
 *
 * Errors: CLM_EINVAL (NULL; a bad code, client, document or date; the
 * field is named), CLM_EVERSION, CLM_ENOTFOUND (no such coupon; or an
 * EXACT coupon named in another case), CLM_ERANGE (the date is outside
 * the coupon's validity: the message gives the period), CLM_ELIMIT (the
 * limit in total, or the client's, is reached: the message says which and
 * the count), CLM_ECONFLICT (inside a transaction the caller opened,
 * another handle changed the coupon since it was read: roll back and
 * retry), CLM_EPARSE (a corrupt coupon record), the store's errors
 * (CLM_EBUSY, CLM_EIO, CLM_ENOMEM). On error nothing is written and *out
 * is untouched.
 */
CLM_API int clm_coupon_store_use(clm_coupon_use *out, clm_store *st, const clm_actor *who,
                                 const clm_coupon_use_request *req);

/**
 * Gives back the use of coupon `code` held by `document` (a cancelled
 * order or a withdrawn offer): deletes the use and lowers the coupon's
 * count, atomically and audited, under the same version rule as a use.
 * Errors: CLM_EINVAL (NULL, bad code or document), CLM_ENOTFOUND (no such
 * coupon, or the document holds no use of it), CLM_ECONFLICT (as above),
 * CLM_EPARSE, the store's errors. Nothing changes on error.
 */
CLM_API int clm_coupon_store_release(clm_store *st, const clm_actor *who, const char *code,
                                     const char *document);

CLM_END_DECLS

#endif /* CLM_DISCOUNT_COUPON_H */
