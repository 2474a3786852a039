"""Segmentation through the clm package, checked against the rules as
clm/segment.h states them (ABC at its boundaries, XYZ by the coefficient
of variation, RFM quintiles)."""

import datetime
import unittest

import clm
from clm import Money, Rate
from clm import segment as seg


class SegmentTest(unittest.TestCase):
    def test_abc_boundaries(self):
        # T = 100; "before" 0, 50 -> A; 80 (exactly 80 %), 90 -> B; 95, 98 -> C.
        amounts = [Money(str(a), "RUB") for a in (5, 50, 2, 10, 30, 3)]
        self.assertEqual(seg.abc(amounts), ["B", "A", "C", "B", "A", "C"])
        self.assertEqual(seg.abc([0, -5, 10]), ["C", "C", "A"])
        with self.assertRaises(clm.InvalidArgument):
            seg.abc([1, -1], reject_negative=True)
        with self.assertRaises(clm.InvalidArgument):
            seg.abc([1], a_cut=Rate.parse("96%"))  # cut-offs out of order
        with self.assertRaises(clm.CurrencyError):
            seg.abc([Money("1", "RUB"), Money("1", "USD")])

    def test_xyz(self):
        res = seg.xyz([[100, 100, 100, 100], [100, 110, 90, 100], [100, 130, 70, 100],
                       [10, 0, 10, 0]])
        self.assertEqual([c for c, _ in res], ["X", "X", "Y", "Z"])
        self.assertEqual(res[0][1], 0.0)
        with self.assertRaises(ValueError):
            seg.xyz([[1, 2], [1]])

    def test_rfm_quintiles(self):
        d = datetime.date
        scores = seg.rfm([d(2026, 1, i) for i in range(1, 6)] + [None],
                         [5, 4, 3, 2, 1, 0], [10, 20, 30, 40, 50, 0])
        self.assertEqual([s[:3] for s in scores],
                         [(1, 5, 1), (2, 4, 2), (3, 3, 3), (4, 2, 4), (5, 1, 5), (0, 0, 0)])
        self.assertTrue(all(isinstance(s[3], (str, type(None))) for s in scores))
        with self.assertRaises(clm.InvalidArgument):
            seg.rfm([None], [1], [10])  # bought, but never?

    def test_many_clients_in_threads(self):
        import threading
        amounts = list(range(1, 20001))
        want = seg.abc(amounts)
        out = []
        ts = [threading.Thread(target=lambda: out.append(seg.abc(amounts))) for _ in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(out, [want] * 4)


if __name__ == "__main__":
    unittest.main()
