/*
 * offer_fixture.h — offers in a known state for the contract, codec and
 * store tests: a wholesale policy (10 % off, a four-step approval ladder),
 * a price book (CEM-M500 450.00 RUB, SAND 120.00 RUB), a credit policy
 * with a "cfo" override role, and the Russian calendar.
 *
 * The offer fx_accepted() builds: client C-1, manager ivanov, prepared Thu
 * 25 Dec 2025, approved by a head of department, sent Fri 26 Dec 2025 and
 * accepted in time; its lines are 10 x CEM-M500 (net 4050.00) and 5 x SAND
 * (net 540.00), net total 4590.00.
 */
#ifndef CLM_TEST_OFFER_FIXTURE_H
#define CLM_TEST_OFFER_FIXTURE_H

#include "clm/clm.h"

extern clm_calendar *fx_ru;
extern clm_discount_engine *fx_engine;
extern clm_price_book *fx_book;
extern clm_credit_policy *fx_credit;
extern clm_offer_rules fx_rules;

/* Builds the fixture; 0 or a CLM_E* code. */
int fx_setup(void);
void fx_teardown(void);

clm_date fx_day(int y, int m, int d);
/* An actor acting at 10:00 UTC of day d. */
clm_actor fx_who(const char *user, const char *role, clm_date d);
clm_offer_credit fx_credit_ok(void);

/* Offers in a state (NULL and a failed cmocka assertion on error). */
clm_offer *fx_draft(const char *id, const char *client, const char *manager);
clm_offer *fx_priced(const char *id, const char *client, const char *manager);
clm_offer *fx_approved(const char *id, const char *client, const char *manager);
clm_offer *fx_sent(const char *id, const char *client, const char *manager);
clm_offer *fx_accepted(const char *id, const char *client, const char *manager);

#endif
