/*
 * discount_xml.h — discount policies and orders as XML files.
 *
 * A policy (discount.h) is read from and written to the schema
 * discount-policy.xsd (namespace urn:libclm:discount-policy:1); a document
 * to price (an order, a quote) is read from discount-order.xsd (namespace
 * urn:libclm:discount-order:1). Both schemas are built into the library
 * (clm_xml_schema("discount-policy"), clm_xml_schema("discount-order")) and
 * installed under <datadir>/libclm/schemas/.
 *
 * Reading is hardened as everywhere in libclm (xml.h): no network, no DTD,
 * no entity of any kind, a size limit (clm_xml_options.max_bytes), and the
 * document is validated against its schema before anything is built. The
 * loader then checks what a schema cannot say and the policy model refuses
 * (a duplicate rule id, min above max, an undeclared parent group, an
 * amount in another currency, an approval step with less authority than
 * the one before, a rate out of range). Every error names the input, the
 * line and the element or attribute at fault in clm_error_last().
 *
 * A policy file, in short (the sample policies in examples/data/ show every
 * element):
 *
 *   <discount-policy xmlns="urn:libclm:discount-policy:1" name="wholesale"
 *                    currency="RUB" stacking="additive" rounding="half-even"
 *                    margin-basis="on-cost">
 *     <groups> <group name="building"/> <group name="cement" parent="building"/> </groups>
 *     <caps max-line="15%" max-document="12%" margin-floor="5%"/>
 *     <role-caps role="head_of_department" max-line="25%"/>
 *     <approval>
 *       <step role="manager" max-discount="10%"/> <step role="director"/>
 *     </approval>
 *     <rule id="volume-100" priority="10" exclusion-group="volume">
 *       <description>3% off 100 units and more</description>
 *       <group in="building"/>                       (a set: values in `in`)
 *       <line-quantity min="100" max="499.999"/>     (a range: min, max)
 *       <percent rate="3%"/>                         (exactly one action)
 *     </rule>
 *   </discount-policy>
 *
 * Conditions and actions are elements named as discount.h names their
 * kinds (clm_discount_cond_name(), clm_discount_action_name()). Units: rates
 * "12.5%" (at most 4 decimals, exact ppm), amounts "1500.00 RUB" in the
 * policy's currency, quantities in units with at most 3 decimals ("2.5" is
 * 2500 thousandths), days as whole numbers, dates "YYYY-MM-DD" (the date
 * condition uses `from` and `to`). An absent bound of a range leaves that
 * side open; an absent cap or approval limit is no limit. Absent
 * attributes default as clm_discount_policy_new() does (margin-basis
 * on-cost, priority 0, no exclusion group).
 *
 * Writing: values of a set condition are written space-separated, so a
 * value containing whitespace cannot be written (CLM_EINVAL); names,
 * descriptions and ids may hold any text XML 1.0 can carry (no control
 * characters other than tab, line feed and carriage return).
 *
 * Thread safety: every function here may run concurrently with any other
 * on different objects; clm_discount_policy_save_xml() only reads its
 * policy and may run concurrently with other readers of it.
 */
#ifndef CLM_DISCOUNT_XML_H
#define CLM_DISCOUNT_XML_H

#include "common.h"
#include "discount.h"
#include "xml.h"

CLM_BEGIN_DECLS

/* ======================================================================
 * Policies
 * ====================================================================== */

/**
 * Reads a discount policy from the XML document buf[0..len) (schema
 * "discount-policy"). `source` names the input in error messages (NULL:
 * "<memory>"); `opts` may be NULL for the defaults.
 *
 * Errors: CLM_EINVAL (NULL out or buf), CLM_EVERSION (opts->version),
 * CLM_ELIMIT (len above opts->max_bytes), CLM_EPARSE (not well-formed XML,
 * a DOCTYPE, an entity), CLM_ESCHEMA (invalid against the schema, or a
 * value the policy model refuses, such as a <legal-type in="..."/> value
 * that is not a clm_legal_type_name() name: the message names the line,
 * the element or attribute and the reason), CLM_ECURRENCY (an unknown currency, an
 * amount not in the policy's currency), CLM_ENOMEM.
 * On error *out is untouched and nothing is left allocated. On success
 * *out is a new policy the caller frees with clm_discount_policy_free().
 */
CLM_API int clm_discount_policy_load_xml(clm_discount_policy **out, const char *buf,
                                         size_t len, const char *source,
                                         const clm_xml_options *opts);

/**
 * As clm_discount_policy_load_xml(), reading the file at `path` (named as
 * the source in errors). Adds CLM_EIO when the file cannot be read (the
 * message names the path and the reason); a file larger than
 * opts->max_bytes fails with CLM_ELIMIT before it is parsed.
 */
CLM_API int clm_discount_policy_load_file(clm_discount_policy **out, const char *path,
                                          const clm_xml_options *opts);

/**
 * Writes `policy` as an XML document that clm_discount_policy_load_xml()
 * reads back into an equal policy: same name, currency, settings, caps,
 * role caps, groups, approval ladder, and rules with their conditions in
 * the same order. *out receives a NUL-terminated buffer the caller frees
 * with clm_free(); *len (may be NULL) its length without the NUL.
 *
 * Errors: CLM_EINVAL (NULL out or policy; something a file cannot hold:
 * a set value containing whitespace, a string with a character XML 1.0
 * cannot carry or that is not UTF-8, a rate beyond CLM_RATE_MAX, a date
 * bound outside CLM_DATE_MIN..CLM_DATE_MAX; the message names the rule and
 * the field), CLM_ENOMEM. Outputs untouched on error. The policy is only
 * read.
 */
CLM_API int clm_discount_policy_save_xml(char **out, size_t *len,
                                         const clm_discount_policy *policy);

/* ======================================================================
 * Orders: a document to price, with the strings it points to
 * ====================================================================== */

/**
 * An order read from XML (opaque). It owns a clm_discount_document and
 * every string and array the document points to, so the document can be
 * handed to clm_discount_engine_evaluate() as long as the order lives.
 *
 *   <discount-order xmlns="urn:libclm:discount-order:1" id="SO-1"
 *                   currency="RUB" date="2026-04-14" channel="phone"
 *                   role="manager" prepayment="0%" deferral-days="30">
 *     <client id="C-1" legal-type="legal_entity" region="RU-MOW"
 *             risk-class="low" since="2019-06-01">
 *       <category name="key"/>
 *       <turnover period-days="365" amount="2500000.00 RUB"/>
 *     </client>
 *     <coupon code="SPRING10"/>
 *     <line product="CEM-M500" group="cement" quantity="600"
 *           unit-price="450.00 RUB" unit-cost="380.00 RUB" manual-discount="2%"/>
 *   </discount-order>
 *
 * A line without unit-price carries no price (its unit_price is a zeroed
 * clm_money): an engine compiled with a price book (clm/price.h) takes the
 * price from its lists, any other engine refuses the line.
 * Absent facts stay unknown (NULL strings, CLM_DISCOUNT_NO_DATE, no
 * turnover), as discount.h's matching rules expect; prepayment and
 * deferral default to 0, manual-discount to 0, the role to none.
 */
typedef struct clm_discount_order clm_discount_order;

/**
 * Reads an order from buf[0..len) (schema "discount-order").
 * Errors: as clm_discount_policy_load_xml(), and CLM_ESCHEMA for a
 * quantity of 0, a bad date, a legal-type that is not a clm_legal_type_name()
 * name, a rate out of 0..100 %, a negative price or
 * cost or deferral (the line and attribute named), CLM_ECURRENCY (an
 * unknown currency, an amount not in the order's currency).
 * *out untouched and nothing left allocated on error; free the order with
 * clm_discount_order_free().
 */
CLM_API int clm_discount_order_load_xml(clm_discount_order **out, const char *buf,
                                        size_t len, const char *source,
                                        const clm_xml_options *opts);

/** As clm_discount_order_load_xml(), reading the file at `path`; adds
 *  CLM_EIO. */
CLM_API int clm_discount_order_load_file(clm_discount_order **out, const char *path,
                                         const clm_xml_options *opts);

/** Frees an order; NULL is a no-op. Documents obtained from it become
 *  invalid. */
CLM_API void clm_discount_order_free(clm_discount_order *order);

/** The order's document, owned by the order (valid while it lives), ready
 *  for clm_discount_engine_evaluate(). NULL if order is NULL. */
CLM_API const clm_discount_document *clm_discount_order_document(const clm_discount_order *order);

/** The order's id ("" when the file gives none), owned by the order.
 *  NULL if order is NULL. */
CLM_API const char *clm_discount_order_id(const clm_discount_order *order);

/**
 * Writes document `doc` as an order file (schema "discount-order") that
 * clm_discount_order_load_xml() reads back into an equal document: the
 * same currency, date, client facts (categories and turnover figures in
 * the same order), coupons, channel, role, prepayment, deferral and lines
 * (product, group, quantity, unit price, unit cost, manual discount).
 * `id` (NULL or "": none) is written as the order's id.
 *
 * `priced` (may be NULL) is the result of pricing `doc`: a line that
 * carries no unit price (its price came from a price book, stage 0) is
 * then written with the price the result used
 * (clm_discount_line_result.unit_price), so the saved order prices again
 * to the same figures whatever the price lists say later. Without it such
 * a line is written without unit-price and stays unpriced.
 *
 * *out receives a NUL-terminated buffer the caller frees with clm_free();
 * *len (may be NULL) its length.
 * Errors: CLM_EINVAL (NULL out or doc; a document a file cannot hold or
 * the reader would refuse: no lines, a missing or empty product, a
 * quantity <= 0, a negative price or cost, a rate outside 0..100 %, a
 * negative deferral, a NULL coupon or category, a turnover period below 1
 * day or given twice, a string over 255 bytes or with a character XML 1.0
 * cannot carry, a date outside the calendar, `priced` with another number
 * of lines: the field is named), CLM_EVERSION (doc->version),
 * CLM_ECURRENCY (an unknown currency, a price or cost in another
 * currency), CLM_ENOMEM. Outputs untouched on error; only reads its
 * arguments. Thread-safe for arguments no one modifies meanwhile.
 */
CLM_API int clm_discount_order_save_xml(char **out, size_t *len, const char *id,
                                        const clm_discount_document *doc,
                                        const clm_discount_result *priced);

CLM_END_DECLS

#endif /* CLM_DISCOUNT_XML_H */
