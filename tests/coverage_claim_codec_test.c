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
        cmocka_unit_test(test_nul_byte),
    };
    return core_run("coverage_claim_codec", tests, sizeof tests / sizeof tests[0], NULL, 0, argc,
                    argv);
}
