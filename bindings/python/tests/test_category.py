"""Category policies through the clm package on the sample policy of
examples/data: the rules that put a client in each category, many clients
at once, applying the result to a client, assignment by role."""

import datetime
import os
import unittest

import clm
from clm import Money, Actor, Client, LegalType
from clm import category as cat

ROOT = os.environ.get("CLM_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
POLICY = os.path.join(ROOT, "examples", "data", "category-policy.xml")
ON = datetime.date(2026, 1, 12)
RUB = lambda s: Money(s, "RUB")  # noqa: E731
SYSTEM = Actor("rules", "system", 0)


class CategoryTest(unittest.TestCase):
    def setUp(self):
        self.policy = cat.Policy.load(POLICY)

    def test_policy(self):
        self.assertEqual(self.policy.currency, "RUB")
        self.assertEqual(self.policy.categories, ["key", "regular", "promising", "dormant", "watch"])

    def test_rules_that_hold(self):
        f = cat.Facts("C-1", abc="A", margin=RUB("600000.00"), turnover=RUB("5000000.00"),
                      xyz="X", rfm=(5, 5, 5), last_purchase=datetime.date(2026, 1, 5),
                      client_since=datetime.date(2020, 1, 1))
        r = self.policy.evaluate(f, ON)
        self.assertEqual(r.categories, {"key": "key-a-margin", "regular": "regular-stable"})
        dormant = cat.Facts("C-2", abc="C", margin=RUB("-1.00"),
                            last_purchase=datetime.date(2025, 1, 5))
        self.assertEqual(self.policy.evaluate(dormant, ON).categories,
                         {"dormant": "dormant-180", "watch": "watch-risk"})

    def test_many_at_once_and_errors(self):
        facts = [cat.Facts(f"C-{i}", abc="A", margin=RUB(str(400000 + 100000 * (i % 3))),
                           last_purchase=datetime.date(2026, 1, 1)) for i in range(300)]
        res = self.policy.evaluate_many(facts, ON)
        self.assertEqual(sum(1 for r in res if "key" in r.categories), 200)
        bad = facts + [cat.Facts("C-x", margin=Money("1", "USD"))]
        with self.assertRaises(clm.CurrencyError):
            self.policy.evaluate_many(bad, ON)
        with self.assertRaises(clm.InvalidArgument):  # a purchase after as_of
            self.policy.evaluate(cat.Facts("C-y", last_purchase=datetime.date(2027, 1, 1)), ON)

    def test_apply_and_assign(self):
        c = Client(Actor("ivanova", "manager", 0), "C-1", LegalType.LEGAL_ENTITY, "Romashka")
        f = cat.Facts.from_client(c, abc="A", margin=RUB("600000.00"))
        self.assertEqual(f.legal_type, "legal_entity")
        r = self.policy.evaluate(f, ON)
        self.assertEqual(self.policy.apply(c, SYSTEM, r), 2)  # key, dormant (never bought)
        self.assertEqual(sorted(c.categories), ["dormant", "key"])
        self.assertEqual(list(c.history())[-1].reason[:5], "rule:")
        with self.assertRaises(clm.PermissionDenied):
            self.policy.assign(c, Actor("petrov", "manager", 0), "watch", "looks risky")
        self.policy.assign(c, Actor("petrov", "manager", 0), "promising", "met at the fair")
        self.assertIn("promising", c.categories)


if __name__ == "__main__":
    unittest.main()
