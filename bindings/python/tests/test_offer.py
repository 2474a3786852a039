"""Offers and contracts through the clm package: pricing with the price
book, the approval ladder, the credit check, sending with the term of
acceptance (art. 441), the law's verdicts on an acceptance (art. 442,
443), contracts with their protocol of disagreements and execution, XML,
documents and storage. Figures are the sample data's (examples/data), as
the C example offer-flow prints them."""

import datetime
import gc
import os
import random
import sys
import unittest

import clm
from clm import Actor, Calendar, Money, Rate, Store, credit, discount
from clm import offer as of

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))   # dict_backend
D = datetime.date
DATA = os.path.join(os.environ.get("CLM_SOURCE_ROOT", "."), "examples", "data")
RUB = lambda s: Money(s, "RUB")  # noqa: E731


def at(user, role, d):
    return Actor(user, role, (d - D(1970, 1, 1)).days * 86400 + 10 * 3600)


MGR = at("ivanov", "manager", D(2026, 2, 2))
HEAD = at("petrova", "head_of_department", D(2026, 2, 2))
HEAD13 = at("petrova", "head_of_department", D(2026, 2, 13))


class Fixture:
    policy = discount.Policy.load(os.path.join(DATA, "wholesale-policy.xml"))
    book = discount.PriceSet.load(os.path.join(DATA, "price-lists.xml")).compile(policy)
    engine = policy.compile(book)
    cpolicy = credit.Policy.load(os.path.join(DATA, "credit-policy.xml"))
    ru = Calendar.russia()
    client = discount.Client("C-042", legal_type="legal_entity", categories=["wholesale"])
    pricing = of.Pricing(engine, client, book=book, policy_version="2026-01")
    credit = of.Credit(cpolicy, receivables=RUB("400000.00"), limit=RUB("5000000.00"))


F = Fixture


def draft(id="O-1", prepaid=True):
    o = of.Offer.new(of.OfferInfo(id, "C-042", "ivanov", "RUB", D(2026, 2, 2),
                                  prepayment=Rate(Rate.ONE if prepaid else 0),
                                  delivery="FCA Moscow warehouse", delivery_days=5), MGR)
    o.add_line(of.OfferLine("CEM-M500", 600, group="cement"))
    o.add_line(of.OfferLine("BRK-RED", "1200", group="bricks"))
    return o


def sent(id="O-1"):
    o = draft(id)
    o.price(MGR, F.pricing)
    o.submit(MGR, F.credit)
    o.approve(HEAD, F.credit, "a volume client")
    o.send(at("ivanov", "manager", D(2026, 2, 3)), of.Rules(), F.ru, F.credit)
    return o


class OfferTest(unittest.TestCase):
    def test_draft_holds_its_info_and_lines(self):
        o = draft()
        self.assertEqual(o.state, of.OfferState.DRAFT)
        self.assertEqual(o.info.delivery, "FCA Moscow warehouse")
        self.assertEqual(o.info.prepayment, Rate(Rate.ONE))
        self.assertIsNone(o.info.accept_by)
        self.assertEqual([(l.product, str(l.quantity), l.unit_price) for l in o.lines],
                         [("CEM-M500", "600", None), ("BRK-RED", "1200", None)])
        self.assertFalse(o.priced)
        self.assertIsNone(o.totals)
        self.assertIsNone(o.line_prices)
        self.assertEqual(o.revision, 1)

    def test_pricing_gives_the_c_examples_figures(self):
        o = draft()
        o.price(MGR, F.pricing)
        self.assertTrue(o.priced)
        p = o.line_prices
        self.assertEqual((p[0].result.base, p[0].result.net), (RUB("216600.00"), RUB("199272.00")))
        self.assertEqual((p[1].result.base, p[1].result.net), (RUB("24000.00"), RUB("21360.00")))
        self.assertEqual(p[0].source, of.PriceSource.PRICE_LIST)
        self.assertEqual(o.totals.net, RUB("220632.00"))
        applied = [e.name for e in o.trace(0) if e.kind == discount.TraceKind.APPLIED]
        self.assertEqual(applied, ["prepayment", "volume-500"])
        self.assertEqual(o.policy, ("wholesale-2026", "2026-01"))
        role, why, approvable = o.approval_required
        self.assertEqual(role, "head_of_department")
        self.assertIn("line 2: discount 11%", why)
        self.assertTrue(approvable)
        self.assertFalse(o.role_suffices("manager"))
        self.assertTrue(o.role_suffices("head_of_department"))
        self.assertIn("head_of_department", o.ladder)
        with self.assertRaises(IndexError):
            o.trace(2)

    def test_a_manual_price_in_another_currency_changes_nothing(self):
        o = draft()
        with self.assertRaises(clm.CurrencyError):
            o.add_line(of.OfferLine("CEM-M500", 1, Money("10.00", "USD")))
        self.assertEqual(len(o.lines), 2)
        i = o.add_line(of.OfferLine("SAND", "2.5", RUB("100.00"), unit_cost=RUB("60.00")))
        self.assertEqual(i, 2)
        self.assertEqual(o.lines[2].unit_price, RUB("100.00"))
        self.assertEqual(o.lines[2].unit_cost, RUB("60.00"))
        o.remove_line(2)
        self.assertEqual(len(o.lines), 2)

    def test_the_acts_follow_the_transition_table(self):
        o = draft()
        with self.assertRaises(clm.StateError):       # not priced
            o.submit(MGR, F.credit)
        o.price(MGR, F.pricing)
        o.submit(MGR, F.credit)
        self.assertEqual(o.state, of.OfferState.AWAITING_APPROVAL)
        with self.assertRaises(clm.PermissionDenied):  # the manager's role does not suffice
            o.approve(MGR, F.credit)
        self.assertEqual(o.state, of.OfferState.AWAITING_APPROVAL)
        o.refuse(HEAD, "too generous")
        self.assertEqual(o.state, of.OfferState.DRAFT)
        actions = [e.action for e in o.events()]
        self.assertEqual(actions, ["create", "price", "submit", "refuse"])
        ev = list(o.events())[-1]
        self.assertEqual((ev.frm, ev.to, ev.note, ev.actor.user),
                         (of.OfferState.AWAITING_APPROVAL, of.OfferState.DRAFT, "too generous",
                          "petrova"))

    def test_a_deputy_approves_on_the_principals_behalf(self):
        o = draft()
        o.price(MGR, F.pricing)
        o.submit(MGR, F.credit)
        deputy = at("sidorov", "head_of_department", D(2026, 2, 2))
        d = of.Delegations()
        with self.assertRaises(clm.PermissionDenied):   # no delegation that day
            o.approve(deputy, F.credit, on_behalf_of="petrova", delegations=d)
        d.add("petrova", "sidorov", D(2026, 2, 1), D(2026, 2, 14))
        with self.assertRaises(clm.Exists):
            d.add("petrova", "ivanov", D(2026, 2, 10), D(2026, 2, 20))
        self.assertEqual(d.periods(), [("petrova", "sidorov", D(2026, 2, 1), D(2026, 2, 14))])
        self.assertEqual(d.acting("petrova", D(2026, 2, 2)), "sidorov")
        self.assertEqual(d.acting("petrova", D(2026, 2, 15)), "petrova")
        self.assertEqual(o.state, of.OfferState.AWAITING_APPROVAL)
        o.approve(deputy, F.credit, "while petrova is away", on_behalf_of="petrova", delegations=d)
        ev = list(o.events())[-1]
        self.assertEqual((ev.action, ev.actor.user, ev.on_behalf_of), ("approve", "sidorov", "petrova"))

    def test_credit_check_and_records(self):
        o = draft()
        o.price(MGR, F.pricing)
        c = o.credit_check(F.credit)
        self.assertEqual(c.decision, "allow")
        self.assertEqual(c.document, RUB("220632.00"))
        self.assertEqual(c.exposure, RUB("620632.00"))
        over = of.Credit(F.cpolicy, receivables=RUB("4900000.00"), limit=RUB("5000000.00"))
        self.assertEqual(o.credit_check(over).decision, "block")
        with self.assertRaises(clm.CurrencyError):
            o.credit_check(of.Credit(F.cpolicy, receivables=Money("1.00", "USD"),
                                     limit=RUB("1.00")))
        o.submit(MGR, F.credit)
        o.approve(HEAD, F.credit)
        rec = o.credit_records
        self.assertEqual(len(rec), 1)
        self.assertEqual((rec[0].stage, rec[0].check.decision, rec[0].actor.user),
                         (of.Stage.APPROVAL, "allow", "petrova"))
        self.assertFalse(rec[0].overridden)

    def test_sending_fixes_the_term_and_the_law_judges_acceptances(self):
        o = sent()
        self.assertEqual(o.state, of.OfferState.SENT)
        self.assertEqual(o.sent_on, D(2026, 2, 3))
        self.assertEqual(o.accept_by, D(2026, 2, 17))   # 10 working days (art. 441)
        rules = of.Rules()
        self.assertEqual(o.judge(of.Acceptance(D(2026, 2, 10), D(2026, 2, 11)), rules, F.ru)[0],
                         of.Verdict.IN_TIME)
        v, article = o.judge(of.Acceptance(D(2026, 2, 16), D(2026, 2, 19)), rules, F.ru)
        self.assertEqual(v, of.Verdict.LATE_VALID)
        self.assertIn("442", article)
        self.assertEqual(o.judge(of.Acceptance(D(2026, 2, 10), D(2026, 2, 11), full=False),
                                 rules, F.ru)[0], of.Verdict.COUNTER)
        with self.assertRaises(clm.StateError):
            o.accept(MGR, of.Acceptance(D(2026, 2, 10), D(2026, 2, 11), full=False), rules,
                     F.ru, F.credit)
        self.assertEqual(o.state, of.OfferState.SENT)
        o.accept(MGR, of.Acceptance(D(2026, 2, 10), D(2026, 2, 11)), rules, F.ru, F.credit)
        self.assertEqual((o.state, o.accepted_on), (of.OfferState.ACCEPTED, D(2026, 2, 11)))

    def test_counter_offer_and_new_version(self):
        o = sent()
        mgr5 = at("ivanov", "manager", D(2026, 2, 5))
        c = o.counter_draft("O-1-C", mgr5)
        terms = c.info
        self.assertTrue(terms.from_client)
        terms.prepayment, terms.deferral_days = Rate(0), 14
        c.set_terms(terms)
        c.price(mgr5, F.pricing)
        o.counter(c, mgr5, D(2026, 2, 5), of.Rules(), F.ru)
        self.assertEqual((o.state, o.countered_by, c.counter_of),
                         (of.OfferState.COUNTERED, "O-1-C", "O-1"))
        self.assertEqual(c.totals.net, RUB("224241.00"))
        d = draft("O-2")
        n = d.new_version("O-2-2", MGR)
        self.assertEqual((d.state, d.superseded_by, n.supersedes, n.revision),
                         (of.OfferState.SUPERSEDED, "O-2-2", "O-2", 2))

    def test_withdrawal_before_receipt_never_bound(self):
        o = sent()
        self.assertTrue(o.withdrawn_before_binding(D(2026, 2, 4)))
        o.withdraw(MGR, D(2026, 2, 4), "prices changed")
        self.assertEqual(o.state, of.OfferState.WITHDRAWN)

    def test_xml_copy_and_document(self):
        o = sent()
        back = of.Offer.from_xml(o.to_xml(), "test")
        self.assertEqual(back, o)
        self.assertEqual(o.copy(), o)
        self.assertNotEqual(draft(), o)
        with self.assertRaises(clm.ParseError):
            of.Offer.from_xml(b"<offer", "broken")
        text = o.document()
        self.assertIn("O-1", text)
        self.assertIn("220632.00", text.replace("\u00a0", "").replace(" ", ""))
        self.assertTrue(o.document(html=True).lstrip().lower().startswith("<!doctype html"))
        with self.assertRaises(clm.StateError):
            draft().document()

    def test_store_save_load_and_lists(self):
        with Store.memory() as st:
            o, d = sent("O-1"), draft("O-2")
            self.assertEqual(o.save(st, MGR, "sent"), 1)
            d.save(st, MGR)
            self.assertEqual(of.Offer.load(st, "O-1"), o)
            self.assertEqual(of.Offer.load(st, "O-1").stored_version, 1)
            items = list(of.Offer.list(st))
            self.assertEqual([(i.id, i.state) for i in items],
                             [("O-1", of.OfferState.SENT), ("O-2", of.OfferState.DRAFT)])
            self.assertEqual(items[0].net, RUB("220632.00"))
            self.assertIsNone(items[1].net)
            self.assertEqual([i.id for i in of.Offer.list(st, state=of.OfferState.DRAFT)],
                             ["O-2"])
            self.assertEqual([i.id for i in of.Offer.expiring(st, F.ru, D(2026, 2, 16), 1)],
                             ["O-1"])
            conv = of.Offer.conversion(st, D(2026, 2, 1), D(2026, 2, 28))
            self.assertEqual([(c.manager, c.sent) for c in conv], [("ivanov", 1)])
            with self.assertRaises(clm.NotFound):
                of.Offer.load(st, "O-9")
            with self.assertRaises(clm.Exists):
                sent("O-1").save(st, MGR)

    def test_a_store_written_in_python(self):
        # the list callbacks take the GIL back inside the backend's scan
        from dict_backend import DictBackend
        with Store.custom(DictBackend()) as st:
            o = sent("O-1")
            o.save(st, MGR, "sent")
            draft("O-2").save(st, MGR)
            self.assertEqual([(i.id, i.state, i.net) for i in of.Offer.list(st)],
                             [("O-1", of.OfferState.SENT, RUB("220632.00")),
                              ("O-2", of.OfferState.DRAFT, None)])
            self.assertEqual(of.Offer.load(st, "O-1"), o)


def concluded():
    o = sent()
    o.accept(MGR, of.Acceptance(D(2026, 2, 10), D(2026, 2, 11)), of.Rules(), F.ru, F.credit)
    k = of.Contract.from_offer(o, "K-1", MGR, obligatory=True)
    return o, k


class ContractTest(unittest.TestCase):
    def test_protocol_of_disagreements(self):
        o, k = concluded()
        self.assertEqual((k.state, k.offer_id, k.client_id, k.currency, k.obligatory),
                         (of.ContractState.DRAFT, "O-1", "C-042", "RUB", True))
        self.assertEqual(k.offer, o)
        self.assertEqual(k.amount, RUB("220632.00"))
        self.assertEqual(k.uninvoiced, RUB("0.00"))
        i = k.dispute(MGR, "penalty 0.05 %", D(2026, 2, 12), clause="5.2", draft="penalty 0.1 %")
        j = k.dispute(MGR, "a lower price", D(2026, 2, 12), line=1, figure=RUB("20000.00"))
        self.assertEqual(k.state, of.ContractState.NEGOTIATION)
        with self.assertRaises(clm.Exists):
            k.dispute(MGR, "again", D(2026, 2, 12), clause="5.2")
        k.answer(HEAD, i, "penalty 0.07 %")
        k.settle(HEAD, i, of.Settlement.ANSWER, "by phone")
        k.settle(HEAD, j, "client-wording")
        ds = k.disagreements
        self.assertEqual((ds[0].clause, ds[0].settlement, ds[0].decided_by, ds[0].answer_due),
                         ("5.2", of.Settlement.ANSWER, "petrova", D(2026, 3, 14)))
        self.assertEqual((ds[1].line, ds[1].figure), (1, RUB("20000.00")))
        self.assertIn("Clause 5.2", k.protocol_text())
        # the line settled on the client's figure counts that figure
        self.assertEqual(k.amount, RUB("219272.00"))
        k.agree(HEAD)
        k.conclude(HEAD13, D(2026, 2, 13))
        self.assertEqual((k.state, k.concluded_on), (of.ContractState.CONCLUDED, D(2026, 2, 13)))
        self.assertEqual(k.uninvoiced, RUB("219272.00"))
        self.assertEqual(of.Contract.exposure([k], "C-042", "RUB"), RUB("219272.00"))
        self.assertEqual(of.Contract.exposure([k], "C-043", "RUB"), RUB("0.00"))
        with Store.memory() as st:
            k.save(st, HEAD13)
            e = of.Contract.store_exposure(st, "C-042", "RUB", D(2026, 2, 13))
            self.assertEqual((e.orders, e.receivables, e.max_days_overdue),
                             (RUB("219272.00"), RUB("0.00"), 0))

    def test_execution_invoices_and_renewal(self):
        _, k = concluded()
        k.add_special(HEAD, of.SpecialKind.INDIVIDUAL_DISCOUNT, "2 % on cement",
                      rate=Rate.parse("2%"))
        self.assertEqual([(s.kind, s.rate) for s in k.specials],
                         [(of.SpecialKind.INDIVIDUAL_DISCOUNT, Rate.parse("2%"))])
        k.agree(HEAD)
        k.conclude(HEAD13, D(2026, 2, 13))
        with self.assertRaises(clm.RangeError):
            k.invoice(HEAD, RUB("300000.00"))
        with self.assertRaises(clm.CurrencyError):
            k.invoice(HEAD, Money("10.00", "USD"))
        self.assertEqual(k.invoiced, RUB("0.00"))
        k.invoice(HEAD, RUB("20632.00"))
        self.assertEqual((k.state, k.invoiced, k.uninvoiced),
                         (of.ContractState.IN_EXECUTION, RUB("20632.00"), RUB("200000.00")))
        k.complete(HEAD)
        n = k.renew("K-2", HEAD)
        self.assertEqual((k.renewed_by, n.renewal_of, n.state),
                         ("K-2", "K-1", of.ContractState.DRAFT))
        self.assertEqual([e.action for e in k.events()],
                         ["create", "special", "agree", "conclude", "invoice", "complete",
                          "renew"])
        with self.assertRaises(clm.StateError):
            n.complete(HEAD)   # a draft is not in execution
        n.terminate(HEAD, "the client closed")
        self.assertEqual(n.state, of.ContractState.TERMINATED)

    def test_xml_document_and_store(self):
        _, k = concluded()
        self.assertEqual(of.Contract.from_xml(k.to_xml()), k)
        self.assertIn("K-1", k.document())
        with Store.memory() as st:
            k.save(st, MGR, "made")
            self.assertEqual(of.Contract.load(st, "K-1"), k)
            items = list(of.Contract.list(st, client_id="C-042"))
            self.assertEqual([(i.id, i.state, i.offer_id) for i in items],
                             [("K-1", of.ContractState.DRAFT, "O-1")])
            self.assertEqual(list(of.Contract.list(st, state=of.ContractState.CONCLUDED)), [])
            with self.assertRaises(clm.NotFound):
                of.Contract.load(st, "K-9")
        d = k.to_dict()
        self.assertEqual((d["id"], d["state"], d["offer_id"]), ("K-1", "draft", "O-1"))

    def test_objects_outlive_their_makers_in_any_order(self):
        rnd = random.Random(17)
        objs = []
        for i in range(30):
            o, k = concluded()
            objs += [o, k, k.offer, o.copy()]
        rnd.shuffle(objs)
        while objs:
            objs.pop(rnd.randrange(len(objs)))
            if rnd.random() < 0.2:
                gc.collect()
        gc.collect()


if __name__ == "__main__":
    unittest.main()
