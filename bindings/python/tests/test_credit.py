"""Credit through the clm package: a client's standing from its history,
the grade, limits and the check on the shipped samples; the figures are
the ones the C example credit-check prints for the same files (and the
test compares with it when it is built)."""

import os
import subprocess
import unittest

import clm
from clm import Money
from clm import credit as cr

ROOT = os.environ.get("CLM_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DATA = os.path.join(ROOT, "examples", "data")
CHECK = os.environ.get("CLM_CREDIT_CHECK")
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
                                 capture_output=True, text=True).stdout
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


if __name__ == "__main__":
    unittest.main()
