/*
 * coverage_claim_codec_test.c — clm_claim_decode() on damaged claim bodies
 * (what a store could hand back after a bad write or a hand edit): each
 * damage is CLM_EPARSE naming the field and the line, with *out
 * untouched; the undamaged body decodes and encodes back to itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clm/clm.h"
#include "core_check.h"

/* What clm_claim_encode() writes for a new written claim (the codec's own
 * format, include/clm/claim.h), with a notice and a decision line added as
 * a claim past client_informed holds them. */
static const char BASE[] =
    "claim\t1\tCL-2026-000001\n"
    "parties\tincoming\tC-0001\tivanov\tretail\n"
    "concerns\torder\tO-77\n"
    "received\twritten\temail\t2026-03-02\n"
    "subject\tquality_defect\treplacement\t0\t0\n"
    "amounts\t15000.00 RUB\t15000.00 RUB\n"
    "contract\t0\t\\N\t\\N\n"
    "regime\tru-consumer\t1\tworking-days\t7\tdays\t7\tdays\tconsumer\t10000\n"
    "description\t\\N\n"
    "state\treceived\treplacement\t0\n"
    "clock\t2026-03-02\t0\t\\N\t2026-03-02\t\\N\t\\N\n"
    "handler\tivanov\t0\n"
    "end\n";

static void test_base_round_trip(void **state)
{
    (void)state;
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_decode(&c, BASE, sizeof BASE - 1));
    char *t = NULL;
    size_t n = 0;
    CHECK_OK(clm_claim_encode(&t, &n, c));
    assert_string_equal(t, BASE);
    clm_free(t);
    clm_claim_free(c);
    CHECK_FAIL(clm_claim_encode(&t, &n, NULL), CLM_EINVAL);
    CHECK_FAIL(clm_claim_decode(NULL, BASE, sizeof BASE - 1), CLM_EINVAL);
    CHECK_FAIL(clm_claim_decode(&c, NULL, 1), CLM_EINVAL);
}

/* BASE with the first `from` replaced by `to` fails with CLM_EPARSE naming
 * `field` (NULL: any) on a line >= 1; *out stays as it was. */
static void damaged(const char *from, const char *to, const char *field)
{
    const char *at = strstr(BASE, from);
    if (at == NULL)
        fail_msg("'%s' is not in the base body", from);
    char buf[2048];
    int n = snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - BASE), BASE, to, at + strlen(from));
    assert_true(n > 0 && (size_t)n < sizeof buf);
    clm_claim *c = (clm_claim *)&c;
    clm_error_clear();
    int rc = clm_claim_decode(&c, buf, (size_t)n);
    if (rc != CLM_EPARSE)
        fail_msg("'%s' -> '%s': returned %d, not CLM_EPARSE (%s)", from, to, rc,
                 clm_error_last()->message);
    assert_ptr_equal(c, (clm_claim *)&c);
    const clm_error *e = clm_error_last();
    assert_int_equal(e->code, CLM_EPARSE);
    assert_true(e->line >= 1);
    if (field != NULL && (e->field == NULL || strcmp(e->field, field) != 0))
        fail_msg("'%s' -> '%s': field '%s', expected '%s' (%s)", from, to,
                 e->field ? e->field : "(null)", field, e->message);
}

static void test_damaged_fields(void **state)
{
    (void)state;
    /* escapes */
    damaged("contract\t0\t\\N", "contract\t0\t\\q", "line");
    damaged("description\t\\N\n", "description\tleaks\\\n", "line");
    /* the number of fields */
    damaged("handler\tivanov\t0\n", "handler\tivanov\t0\tx\n", "line");
    damaged("\nend\n", "\nstep\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\t17\t18\t19\t20"
                       "\t21\t22\t23\t24\t25\t26\t27\t28\t29\t30\t31\t32\t33\nend\n", "line");
    /* a name outside the vocabulary, in each kind of line */
    damaged("parties\tincoming", "parties\tsideways", "direction");
    damaged("concerns\torder", "concerns\tparcel", "concerns");
    damaged("received\twritten", "received\tsung", "form");
    damaged("written\temail", "written\tpigeon", "channel");
    damaged("subject\tquality_defect", "subject\tweather", "subject");
    damaged("quality_defect\treplacement", "quality_defect\tapology", "demand");
    damaged("\tdays\tconsumer\t", "\tdays\tgenerous\t", "penalty");
    damaged("state\treceived", "state\tlost", "state");
    damaged("7\tdays\t7\tdays", "7\tweeks\t7\tdays", "response");
    /* numbers */
    damaged("handler\tivanov\t0", "handler\tivanov\t", "level");
    damaged("handler\tivanov\t0", "handler\tivanov\t9", "level");
    damaged("replacement\t0\t0\n", "replacement\t0\tx\n", "agreed_term");
    damaged("replacement\t0\t0\n", "replacement\t9\t0\n", "conditions");
    damaged("contract\t0", "contract\t99999999999999999999", "contract_rate");
    damaged("consumer\t10000", "consumer\t-1", "penalty_rate");
    damaged("regime\tru-consumer\t1", "regime\tru-consumer\t0", "acknowledgement");
    damaged("state\treceived\treplacement\t0", "state\treceived\treplacement\t4", "conditions");
    damaged("clock\t2026-03-02\t0", "clock\t2026-03-02\tmany", "paused_days");
    /* dates */
    damaged("email\t2026-03-02", "email\t\\N", "received");
    damaged("email\t2026-03-02", "email\t2026-13-02", "received");
    damaged("clock\t2026-03-02", "clock\t\\N", "term_start");
    damaged("0\t\\N\t2026-03-02\t\\N", "0\t2026-02-30\t2026-03-02\t\\N", "paused_since");
    damaged("\t2026-03-02\t\\N\t\\N\n", "\t\\N\t\\N\t\\N\n", "last_on");
    damaged("\t2026-03-02\t\\N\t\\N\n", "\t2026-03-02\tyesterday\t\\N\n", "closed_on");
    damaged("\t2026-03-02\t\\N\t\\N\n", "\t2026-03-02\t\\N\tsoon\n", "satisfied_on");
    damaged("contract\t0\t\\N\t\\N", "contract\t0\t\\N\tnever", "obligation_due");
    /* amounts */
    damaged("amounts\t15000.00 RUB", "amounts\t\\N", "claimed");
    damaged("amounts\t15000.00 RUB\t15000.00 RUB", "amounts\t15000.00 RUB\tfree", "price");
    damaged("contract\t0\t\\N", "contract\t0\tlots", "contract_cap");
    damaged("amounts\t15000.00 RUB\t15000.00 RUB", "amounts\t15000.00 RUB\t15000.00 USD", "price");
    /* texts */
    damaged("parties\tincoming\tC-0001", "parties\tincoming\t\\N", "client_id");
    damaged("ivanov\tretail", "\\N\tretail", "manager");
    damaged("ivanov\tretail", "ivanov\tre\\ttail", "client_category");
    damaged("concerns\torder\tO-77", "concerns\torder\t\\N", "concerns_id");
    damaged("regime\tru-consumer", "regime\t\\N", "regime");
    damaged("handler\tivanov", "handler\t\\N", "handler");
    /* lines */
    damaged("handler\tivanov\t0\n", "handler\tivanov\t0\ncolour\tred\n", "key");
    damaged("handler\tivanov\t0\n", "", "handler");
    damaged("handler\tivanov\t0\n", "handler\tivanov\t0\nhandler\tivanov\t0\n", "key");
    damaged("claim\t1\t", "claims\t1\t", "claim");
    damaged("end\n", "end\nmore\n", "end");
    damaged("end\n", "end", "line");
    /* a claim past decided without its decision */
    damaged("state\treceived", "state\tdecided", "decision");
}

/* A claim that went the whole way (the claim decoder's fuzz seed "full"):
 * decision, notice, cause, every step and an escalation on record. */
static const char FULL[] =
    "claim\t1\tCL-2026-000002\n"
    "parties\tincoming\tC-0001\tivanov\tretail\n"
    "concerns\torder\tO-77\n"
    "received\twritten\temail\t2026-03-02\n"
    "subject\tquality_defect\treplacement\t0\t0\n"
    "amounts\t15000.00 RUB\t15000.00 RUB\n"
    "contract\t0\t\\N\t\\N\n"
    "regime\tru-consumer\t1\tworking-days\t10\tdays\t10\tdays\tconsumer\t10000\n"
    "description\tKettle leaks.\n"
    "state\tclient_informed\trefund\t0\n"
    "clock\t2026-03-05\t0\t\\N\t2026-03-11\t\\N\t2026-03-11\n"
    "handler\tpetrova\t1\n"
    "decision\tpartly_accepted\t10000.00 RUB\t2026-03-10\tpartial refund\n"
    "notice\t2026-03-11\temail\tpetrova\thead_of_department\tWe refund 10000.00 RUB.\n"
    "cause\tsupplier\tbad seal from the supplier\n"
    "step\treceived\tacknowledged\tmove\tivanov\tmanager\t1767000000\t2026-03-02\t\n"
    "step\tacknowledged\tunder_investigation\tmove\tivanov\tmanager\t1767000000\t2026-03-05\t\n"
    "step\tunder_investigation\tdecided\tdecide\tpetrova\thead_of_department\t1767000100\t2026-03-10\tpartial refund\n"
    "step\tdecided\tclient_informed\tinform\tpetrova\thead_of_department\t1767000100\t2026-03-11\tWe refund 10000.00 RUB.\n"
    "escalation\t0\t1\tivanov\tpetrova\tivanov\tmanager\t2026-03-06\t0\trefund above my limit\n"
    "end\n";

/* FULL with the first `from` replaced by `to`: CLM_EPARSE naming `field`. */
static void damaged_full(const char *from, const char *to, const char *field)
{
    const char *at = strstr(FULL, from);
    if (at == NULL)
        fail_msg("'%s' is not in the full body", from);
    char buf[4096];
    int n = snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - FULL), FULL, to, at + strlen(from));
    assert_true(n > 0 && (size_t)n < sizeof buf);
    clm_claim *c = (clm_claim *)&c;
    clm_error_clear();
    int rc = clm_claim_decode(&c, buf, (size_t)n);
    if (rc != CLM_EPARSE)
        fail_msg("'%s' -> '%s': returned %d, not CLM_EPARSE (%s)", from, to, rc,
                 clm_error_last()->message);
    assert_ptr_equal(c, (clm_claim *)&c);
    const clm_error *e = clm_error_last();
    if (field != NULL && (e->field == NULL || strcmp(e->field, field) != 0))
        fail_msg("'%s' -> '%s': field '%s', expected '%s' (%s)", from, to,
                 e->field ? e->field : "(null)", field, e->message);
}

static void test_damaged_history(void **state)
{
    (void)state;
    clm_claim *c = NULL;
    CHECK_OK(clm_claim_decode(&c, FULL, sizeof FULL - 1));
    char *t = NULL;
    size_t n = 0;
    CHECK_OK(clm_claim_encode(&t, &n, c));
    assert_string_equal(t, FULL);
    clm_free(t);
    clm_claim_free(c);
    /* the decision */
    damaged_full("decision\tpartly_accepted", "decision\tshrugged", "outcome");
    damaged_full("decision\tpartly_accepted\t10000.00 RUB", "decision\tpartly_accepted\tlots", "granted");
    damaged_full("RUB\t2026-03-10\tpartial", "RUB\t\\N\tpartial", "decided_on");
    damaged_full("2026-03-10\tpartial refund\n", "2026-03-10\t\\N\n", "reasons");
    damaged_full("decision\tpartly_accepted\t10000.00 RUB\t2026-03-10\tpartial refund\n",
                 "decision\tpartly_accepted\n", "line");
    /* the notice */
    damaged_full("notice\t2026-03-11", "notice\t\\N", "notice on");
    damaged_full("notice\t2026-03-11\temail", "notice\t2026-03-11\tsmoke", "notice channel");
    damaged_full("email\tpetrova\thead", "email\t\\N\thead", "notice user");
    damaged_full("petrova\thead_of_department\tWe", "petrova\t\\N\tWe", "notice role");
    /* a notice that says nothing: clm_claim_inform() never records one; the
     * decoder used to accept it and hand out a NULL notice text */
    damaged_full("head_of_department\tWe refund 10000.00 RUB.\ncause",
                 "head_of_department\t\\N\ncause", "notice text");
    damaged_full("head_of_department\tWe refund 10000.00 RUB.\ncause",
                 "head_of_department\t\ncause", "notice text");
    damaged_full("head_of_department\tWe refund 10000.00 RUB.\ncause",
                 "head_of_department\tWe\x01\ncause", "notice text");
    /* the cause */
    damaged_full("cause\tsupplier", "cause\tweather", "party");
    damaged_full("cause\tsupplier\tbad seal from the supplier", "cause\tsupplier\t\\N", "cause");
    /* a step */
    damaged_full("step\treceived\tacknowledged", "step\tborn\tacknowledged", "step from");
    damaged_full("step\treceived\tacknowledged", "step\treceived\tgrown", "step to");
    damaged_full("manager\t1767000000\t2026-03-02", "manager\tnoon\t2026-03-02", "step at");
    damaged_full("1767000000\t2026-03-02\t\n", "1767000000\t\\N\t\n", "step on");
    damaged_full("acknowledged\tmove\tivanov", "acknowledged\t\\N\tivanov", "step");
    damaged_full("acknowledged\tmove\tivanov\tmanager", "acknowledged\tmove\t\\N\tmanager", "step");
    damaged_full("move\tivanov\tmanager\t1767000000\t2026-03-02", "move\tivanov\t\\N\t1767000000\t2026-03-02",
                 "step");
    damaged_full("2026-03-02\t\nstep", "2026-03-02\t\\N\nstep", "step");
    damaged_full("step\treceived\tacknowledged\tmove\tivanov\tmanager\t1767000000\t2026-03-02\t\n",
                 "step\treceived\tacknowledged\tmove\n", "line");
    /* an escalation */
    damaged_full("escalation\t0\t1", "escalation\t9\t1", "from_level");
    damaged_full("escalation\t0\t1", "escalation\t0\t0", "to_level");
    damaged_full("manager\t2026-03-06\t0", "manager\t\\N\t0", "escalation on");
    damaged_full("2026-03-06\t0\trefund", "2026-03-06\t2\trefund", "automatic");
    damaged_full("escalation\t0\t1\tivanov", "escalation\t0\t1\t\\N", "escalation");
    damaged_full("ivanov\tmanager\t2026-03-06", "ivanov\t\\N\t2026-03-06", "escalation");
    damaged_full("0\trefund above my limit\n", "0\t\\N\n", "reason");
    damaged_full("escalation\t0\t1\tivanov\tpetrova\tivanov\tmanager\t2026-03-06\t0\trefund above my limit\n",
                 "escalation\t0\t1\n", "line");
    /* the handler's level and the description's text */
    damaged_full("description\tKettle leaks.", "description\tKettle\\x01leaks.", NULL);
}

static void test_nul_byte(void **state)
{
    (void)state;
    char buf[sizeof BASE];
    memcpy(buf, BASE, sizeof BASE);
    char *d = strstr(buf, "ivanov\tretail");
    d[2] = '\0';
    clm_claim *c = (clm_claim *)&c;
    CHECK_FAIL(clm_claim_decode(&c, buf, sizeof BASE - 1), CLM_EPARSE);
    assert_ptr_equal(c, (clm_claim *)&c);
    assert_int_equal(clm_error_last()->line, 2);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_round_trip),
        cmocka_unit_test(test_damaged_fields),
        cmocka_unit_test(test_damaged_history),
        cmocka_unit_test(test_nul_byte),
    };
    return core_run("coverage_claim_codec", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                    argv);
}
