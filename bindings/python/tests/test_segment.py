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

    def _base(self, clients=300, periods=12, seed=20261206):
        import random
        rnd = random.Random(seed)
        series = []
        for i in range(clients):
            kind = i % 5  # steady, moderate, seasonal, rare buyers, never bought
            row = []
            for p in range(periods):
                if kind == 0:
                    row.append(rnd.randint(900, 1100) * 100)
                elif kind == 1:
                    row.append(rnd.randint(700, 1300) * 100)
                elif kind == 2:
                    row.append(rnd.randint(0, 50000) * (1 + p % 3))
                elif kind == 3:
                    row.append(rnd.choice((0, 0, 0, rnd.randint(1, 10 ** 7))))
                else:
                    row.append(0)
            series.append(row)
        # Ties on purpose: a few clients with the same months as another.
        for i in range(0, clients, 50):
            series[i + 1] = list(series[i])
        return series

    @staticmethod
    def _bits(xyz):
        return [(c, repr(cv)) for c, cv in xyz]

    def _separate(self, series, **cuts):
        totals = [sum(s) for s in series]
        freq = [sum(1 for a in s if a > 0) for s in series]
        last = [max((p for p, a in enumerate(s) if a > 0), default=None) for s in series]
        abc_cuts = {k: v for k, v in cuts.items() if k in ("a_cut", "b_cut")}
        xyz_cuts = {k: v for k, v in cuts.items() if k in ("x_cut", "y_cut")}
        return (seg.abc(totals, **abc_cuts), seg.xyz(series, **xyz_cuts),
                seg.rfm(last, freq, totals), totals, freq, last)

    def test_all_equals_the_separate_calls(self):
        series = self._base()
        for cuts in ({}, {"a_cut": Rate.parse("50%"), "b_cut": Rate.parse("90%"),
                          "x_cut": Rate.parse("20%"), "y_cut": Rate.parse("60%")}):
            want = self._separate(series, **cuts)
            got = seg.abc_xyz_rfm(series, **cuts)
            # CV bit for bit (repr round-trips a double; NaN, a client who
            # never bought, is not equal to itself).
            self.assertEqual(self._bits(got.xyz), self._bits(want[1]))
            self.assertEqual(got[:1] + got[2:], want[:1] + want[2:])
            self.assertEqual(set(got.abc), {"A", "B", "C"})
            self.assertEqual(set(c for c, _ in got.xyz), {"X", "Y", "Z", "-"})  # "-": no sales
            self.assertIn(None, got.last)
            with seg.Segmenter() as s:
                for part in (series, series[:40], series):  # reused scratch, same figures
                    a = s.run(part, **cuts)
                    b = seg.abc_xyz_rfm(part, **cuts)
                    self.assertEqual(self._bits(a.xyz), self._bits(b.xyz))
                    self.assertEqual(a[:1] + a[2:], b[:1] + b[2:])
            self.assertTrue(s.closed)

    def test_all_with_money(self):
        series = [[Money("1500.00", "RUB"), Money("0", "RUB")], [Money("0.50", "RUB")] * 2]
        got = seg.abc_xyz_rfm(series)
        self.assertEqual(got.total, [Money("1500.00", "RUB"), Money("1.00", "RUB")])
        self.assertEqual(got.last, [0, 1])
        self.assertEqual(got.abc, seg.abc([1500_00, 1_00]))
        with self.assertRaises(clm.CurrencyError):
            seg.abc_xyz_rfm([[Money("1", "RUB"), Money("1", "RUB")],
                             [Money("1", "RUB"), Money("1", "USD")]])

    def test_all_errors(self):
        with self.assertRaisesRegex(ValueError, "same number of periods"):
            seg.abc_xyz_rfm([[1, 2, 3], [1, 2]])
        with self.assertRaises(clm.InvalidArgument) as e:
            seg.abc_xyz_rfm([[1, 2], [3, 4]], a_cut=Rate.parse("96%"))
        self.assertIn("cut", str(e.exception))
        with self.assertRaises(clm.InvalidArgument) as e:
            seg.abc_xyz_rfm([[1], [2]])
        self.assertIn("at least 2", str(e.exception))
        with self.assertRaises(clm.InvalidArgument) as e:
            seg.abc_xyz_rfm([[5, 5], [3, -1]], reject_negative=True)
        self.assertIn("client 1", str(e.exception))
        s = seg.Segmenter()
        with self.assertRaises(clm.InvalidArgument):
            s.run([[1, 2]], x_cut=Rate.parse("30%"), y_cut=Rate.parse("20%"))
        self.assertEqual(s.run([[1, 2]]).abc, ["A"])  # still usable after an error
        s.close()
        s.close()
        with self.assertRaisesRegex(ValueError, "closed"):
            s.run([[1, 2]])

    def test_all_empty(self):
        self.assertEqual(tuple(seg.abc_xyz_rfm([])), ([], [], [], [], [], []))
        with seg.Segmenter() as s:
            self.assertEqual(tuple(s.run([])), ([], [], [], [], [], []))
        with self.assertRaises(clm.InvalidArgument):
            seg.abc_xyz_rfm([], a_cut=Rate.parse("96%"))  # cut-offs checked all the same


if __name__ == "__main__":
    unittest.main()
