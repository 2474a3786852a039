"""Credit through the clm package: a client's standing from its history,
the grade, limits and the check on the shipped samples; the figures are
the ones the C example credit-check prints for the same files (and the
test compares with it when it is built)."""

import datetime
import os
import subprocess
import unittest

import clm
from clm import Money
from clm import credit as cr

ROOT = os.environ.get("CLM_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DATA = os.path.join(ROOT, "examples", "data")
CHECK = os.environ.get("CLM_CREDIT_CHECK")
# The C example runs without the sanitizer runtime preloaded for the
# interpreter: clang links its own statically and refuses a second one.
C_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
RUB = lambda s: Money(s, "RUB")  # noqa: E731


class CreditTest(unittest.TestCase):
    def setUp(self):
        self.policy = cr.Policy.load(os.path.join(DATA, "credit-policy.xml"))

    def run_client(self, name, amount="500000.00"):
        h = cr.History.load(os.path.join(DATA, f"credit-history-{name}.xml"))
        s = h.standing()
        g = self.policy.grade_of(s)
        rec = self.policy.recommend_limit(g.grade, net_worth=h.net_worth,
                                          working_capital=h.working_capital,
                                          monthly_sales=h.monthly_sales)
        limit, source = self.policy.resolve_limit(h.own_limit, h.group)
        ck = self.policy.check(receivables=s.open, document=RUB(amount),
                               max_days_overdue=s.max_days_overdue, limit=limit)
        return h, s, g, rec, limit, source, ck

    def test_healthy_client_is_allowed(self):
        h, s, g, rec, limit, source, ck = self.run_client("healthy")
        self.assertEqual((h.client_id, s.paydex, s.open), ("vostok", 81, RUB("1400000.00")))
        self.assertEqual((g.grade, str(g.score)), ("A", "90.500"))
        self.assertEqual((rec.amount, rec.basis), (RUB("3600000.00"), "working-capital"))
        self.assertEqual((limit, source), (RUB("5000000.00"), "group"))
        self.assertEqual((ck.decision, ck.exposure, ck.headroom),
                         ("allow", RUB("1900000.00"), RUB("3100000.00")))

    def test_distressed_client_is_blocked(self):
        h, s, g, rec, limit, source, ck = self.run_client("distressed")
        self.assertEqual((g.grade, str(g.score)), ("E", "23.164"))
        self.assertEqual(s.max_days_overdue, 117)
        self.assertEqual((limit, source), (RUB("100000.00"), "default"))
        self.assertEqual(ck.decision, "block")
        self.assertEqual(ck.reasons, ["over the limit", "overdue"])
        # The contributions (analytics, double) add up to the score before
        # its rounding to a milli-point.
        self.assertAlmostEqual(sum(p.contribution for p in g.parts), float(g.score), places=3)

    @unittest.skipUnless(CHECK and os.path.exists(CHECK or ""), "the C example is not built")
    def test_same_figures_as_the_c_example(self):
        for name in ("healthy", "distressed"):
            out = subprocess.run([CHECK, os.path.join(DATA, "credit-policy.xml"),
                                  os.path.join(DATA, f"credit-history-{name}.xml"),
                                  "--amount", "500000.00 RUB"],
                                 capture_output=True, text=True,
                                 env=C_ENV).stdout
            h, s, g, rec, limit, source, ck = self.run_client(name)
            self.assertIn(f"grade    {g.grade} (score {g.score} of 100)", out)
            self.assertIn(f"limit    recommended {rec.amount} ({rec.basis})", out)
            self.assertIn(f"limit    in force {limit} ({source})", out)
            self.assertIn(f"exposure {ck.exposure}, limit {ck.limit}, headroom {ck.headroom} "
                          f"-> {ck.decision}", out)

    def test_errors(self):
        with self.assertRaises(clm.CurrencyError):
            self.policy.check(receivables=Money("1", "USD"), limit=RUB("1"))
        with self.assertRaises(clm.Error):
            self.policy.grade(bands=["sunny"], receivables=RUB("0"), overdue=RUB("0"))
        with self.assertRaises(clm.StorageError):
            cr.Policy.load(os.path.join(DATA, "no-such-policy.xml"))


class CreditFileTest(unittest.TestCase):
    """What credit-check prints, piece by piece: positions, DSO, ageing in
    the policy's buckets, the due list, the art. 266 reserve, the built-in
    models on statements."""

    D = datetime.date

    def setUp(self):
        self.policy = cr.Policy.load(os.path.join(DATA, "credit-policy.xml"))
        self.zarya = cr.History.load(os.path.join(DATA, "credit-history-distressed.xml"))
        self.on = self.D(2025, 6, 30)

    def test_ageing_due_and_reserve(self):
        buckets, total = self.zarya.ageing(self.on, self.policy)
        self.assertEqual([(b.from_days, b.to_days, b.amount, b.invoices) for b in buckets[2:]],
                         [(31, 60, RUB("500000.00"), 1), (61, 90, RUB("0.00"), 0),
                          (91, None, RUB("850000.00"), 2)])
        self.assertIsNone(buckets[0].from_days)
        self.assertEqual(total, RUB("1780000.00"))
        due = {d.invoice_id: d for d in self.zarya.due(self.on)}
        self.assertEqual((due["ZR-202"].open, due["ZR-202"].since, due["ZR-202"].days_overdue,
                          due["ZR-202"].manager),
                         (RUB("350000.00"), self.D(2025, 3, 4), 119, "petrova"))
        r = self.zarya.reserve(self.on, self.policy, RUB("9000000.00"))
        self.assertEqual((r.reserve, r.over_90, r.from_45, r.capped),
                         (RUB("900000.00"), RUB("850000.00"), RUB("500000.00"), True))
        r = self.zarya.reserve(self.on, self.policy, RUB("90000000.00"))
        self.assertEqual((r.reserve, r.capped), (RUB("1100000.00"), False))
        with self.assertRaises(clm.CurrencyError):
            self.zarya.reserve(self.on, self.policy, Money("1.00", "USD"))

    def test_positions_and_dso(self):
        ps = self.zarya.positions(self.on)
        self.assertTrue(all(p.open <= p.amount for p in ps))
        self.assertEqual(sum((p.open for p in ps), RUB("0.00")), RUB("1780000.00"))
        self.assertEqual(sum(1 for p in ps if p.experience), 5)
        dso = self.zarya.dso(clm.add_days(self.on, -89), self.on)
        self.assertEqual((round(dso.dso, 1), dso.receivables, dso.sales, dso.days),
                         (372.6, RUB("1780000.00"), RUB("430000.00"), 90))
        early = self.zarya.dso(self.D(2020, 1, 1), self.D(2020, 1, 31))
        self.assertIsNone(early.dso)

    def test_builtin_models(self):
        st = cr.Statements.load(os.path.join(DATA, "credit", "healthy-statements.xml"))
        scores = {m.model: m for m in st.score_builtins()}
        z = scores["altman-z"]
        self.assertTrue(z.scored)
        self.assertEqual((f"{z.score:.4f}", z.band, z.level), ("6.7927", "safe", "safe"))
        self.assertTrue(z.explanation.startswith("model: altman-z (linear)\n"))
        self.assertIn("current line 1370  9000000.00 RUB", z.explanation)
        part = cr.Statements.load(os.path.join(DATA, "credit", "partial-statements.xml"))
        scores = {m.model: m for m in part.score_builtins()}
        self.assertFalse(scores["altman-z"].scored)
        self.assertEqual(scores["altman-z"].missing, [1370, 2330, cr.ModelScore.LINE_MVE])
        self.assertEqual(scores["springate"].missing, [2330])
        self.assertEqual(f"{scores['taffler'].score:.4f}", "0.7280")
        with self.assertRaises(clm.Error):
            cr.Statements.load(os.path.join(DATA, "credit-policy.xml"))


if __name__ == "__main__":
    unittest.main()
