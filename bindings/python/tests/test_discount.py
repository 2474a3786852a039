"""Discount policies through the clm package: load, validate, compile,
price with the trace, batch pricing, errors and threads. The figures are
the C engine's on the shipped samples (examples/data), and the test checks
them against the C example's own output when it is built."""

import datetime
import decimal
import json
import os
import subprocess
import threading
import unittest

import clm
from clm import Money, Rate
from clm import discount as d

ROOT = os.environ.get("CLM_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DATA = os.path.join(ROOT, "examples", "data")
CHECK = os.environ.get("CLM_DISCOUNT_CHECK")
# The C example runs without the sanitizer runtime preloaded for the
# interpreter: clang links its own statically and refuses a second one.
C_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
RUB = lambda s: Money(decimal.Decimal(s), "RUB")  # noqa: E731


def sample(name):
    return os.path.join(DATA, name)


class PolicyTest(unittest.TestCase):
    def setUp(self):
        self.policy = d.Policy.load(sample("loyalty-policy.xml"))
        self.engine = self.policy.compile()

    def test_policy_reads_back(self):
        self.assertEqual(self.policy.name, "loyalty-2026")
        self.assertEqual(self.policy.currency, "RUB")
        self.assertEqual(self.policy.stacking, "compounding")
        self.assertEqual(self.policy.rounding, clm.Rounding.HALF_UP)
        self.assertEqual(self.policy.approval_ladder, ["manager", "head_of_department"])
        self.assertIn("key-client", [r.id for r in self.policy.rules])
        again = d.Policy.from_xml(self.policy.to_xml(), "saved")
        self.assertEqual([r.id for r in again.rules], [r.id for r in self.policy.rules])

    def test_order_priced_with_trace(self):
        r = self.engine.price(d.Order.load(sample("loyalty-order.xml")))
        self.assertEqual([l.net for l in r.lines], [RUB("73750.67"), RUB("19578.60")])
        self.assertEqual(r.totals.base, RUB("101237.10"))
        self.assertEqual(r.totals.discount, RUB("7907.83"))
        self.assertEqual(r.totals.net, RUB("93329.27"))
        self.assertEqual(r.totals.net, r.lines[0].net + r.lines[1].net)
        self.assertEqual(str(r.lines[0].rate), "7.8113%")
        self.assertEqual(r.approval, "manager")
        self.assertIn("within manager's 8%", r.approval_why)
        applied = [t.rule for t in r.trace(0) if t.kind == d.TraceKind.APPLIED]
        self.assertEqual(applied, ["key-client", "tenure-3y", "turnover-gold"])
        step = [t for t in r.trace(0) if t.rule == "key-client"][0]
        self.assertEqual(step.before - step.after, RUB("2399.99"))
        self.assertEqual(step.stage, d.Stage.DISCOUNT)
        self.assertTrue(any(t.kind == d.TraceKind.NOT_MATCHED for t in r.document_trace))
        doc = json.loads(json.dumps(r.to_dict()))
        self.assertEqual(doc["totals"]["net"], {"amount": "93329.27", "currency": "RUB"})
        self.assertIn("LineResult(base=Money('79999.60', 'RUB')", repr(r.lines[0]))

    @unittest.skipUnless(CHECK and os.path.exists(CHECK or ""), "the C example is not built")
    def test_same_figures_as_the_c_example(self):
        out = subprocess.run([CHECK, sample("loyalty-policy.xml"), sample("loyalty-order.xml")],
                             check=True, capture_output=True, text=True,
                             env=C_ENV).stdout
        r = self.engine.price(d.Order.load(sample("loyalty-order.xml")))
        for l in r.lines:
            self.assertIn(f"base {l.base}  discount {l.discount}  net {l.net}  ({l.rate} off)", out)
        t = r.totals
        self.assertIn(f"total    base {t.base}  discount {t.discount}  net {t.net}", out)

    def test_document_built_in_python(self):
        doc = d.Document("RUB", datetime.date(2026, 2, 10),
                         [d.Line("PAINT-W10", 40, RUB("1999.99"), unit_cost=RUB("1400.00")),
                          d.Line("PRIMER-5", decimal.Decimal("2.5"), RUB("849.50"))],
                         client=d.Client("C-0042", categories=["key"]))
        r = self.engine.price(doc)
        self.assertEqual(r.lines[0].base, RUB("79999.60"))
        self.assertEqual(r.lines[1].base, RUB("2123.75"))  # 2.5 units
        self.assertEqual(r.lines[0].cost, RUB("56000.00"))
        self.assertIsNone(r.lines[1].margin)
        # Without the order's turnover and tenure only key-client applies.
        self.assertEqual([t.rule for t in r.trace(0) if t.kind == d.TraceKind.APPLIED],
                         ["key-client"])
        with self.assertRaises(TypeError):
            d.Line("X", 1.5, RUB("1"))
        with self.assertRaises(clm.InvalidArgument):
            self.engine.price(d.Document("RUB", datetime.date(2026, 2, 10),
                                         [d.Line("X", decimal.Decimal("0.0001"), RUB("1"))]))

    def test_reason_cut_inside_cyrillic_comes_through(self):
        # A category rule listing 30 Cyrillic values: its reason's list is
        # cut at the engine's limit, on a whole character (once it could
        # end inside one, and building `reason` raised UnicodeDecodeError).
        # The same list in ASCII of the same byte lengths is cut at the
        # byte: it measures the limit.
        doc = d.Document("RUB", datetime.date(2026, 2, 10), [d.Line("P", 1, RUB("100.00"))],
                         client=d.Client("C-1", categories=["other"]))

        def cut_list(values, lang):
            policy = d.Policy.from_xml(
                '<discount-policy xmlns="urn:libclm:discount-policy:1" name="cut" currency="RUB"'
                ' stacking="compounding" rounding="half-up" margin-basis="on-price">'
                '<rule id="cat"><product in="P"/><category in="' + " ".join(values) + '"/>'
                '<percent rate="10%"/></rule></discount-policy>', "cut.xml")
            with clm.using_lang(lang):
                r = policy.compile().price(doc)
            reasons = [t.reason for t in r.trace(0) if t.rule == "cat"]
            self.assertEqual(len(reasons), 1, lang)
            self.assertIsInstance(reasons[0], str)
            return reasons[0][reasons[0].index(values[0]):]

        cyrillic = [f"abКатегория{i}" for i in range(30)]
        ascii_ = [f"ab{'x' * 18}{i}" for i in range(30)]
        listed = ", ".join(cyrillic)
        for lang in ("en", "ru"):
            limit = len(cut_list(ascii_, lang).encode())
            cut = cut_list(cyrillic, lang)
            self.assertTrue(listed.startswith(cut), (lang, cut))
            size = len(cut.encode())
            # the longest whole-character prefix within the limit, which
            # falls inside the next character
            self.assertLess(size, limit, lang)
            self.assertGreater(size + len(listed[len(cut)].encode()), limit, lang)

    def test_bad_documents_are_errors_with_the_field(self):
        with self.assertRaises(clm.CurrencyError):
            self.engine.price(d.Document("USD", datetime.date(2026, 2, 10),
                                         [d.Line("X", 1, Money("1", "USD"))]))
        with self.assertRaises(clm.InvalidArgument) as cm:
            self.engine.price(d.Document("RUB", datetime.date(2026, 2, 10), []))
        self.assertTrue(cm.exception.message)

    def test_batch_equals_one_by_one(self):
        order = d.Order.load(sample("loyalty-order.xml"))
        docs = [d.Document("RUB", datetime.date(2026, 2, 10),
                           [d.Line("PAINT-W10", q, RUB("1999.99"))],
                           client=d.Client("C-0042", categories=["key"]))
                for q in range(1, 30)] + [order]
        batch = self.engine.price_batch(docs)
        for doc, (lines, totals) in zip(docs, batch):
            one = self.engine.price(doc, trace=False)
            self.assertEqual(lines, one.lines)
            self.assertEqual(totals.net, one.totals.net)
        bad = docs + [d.Document("RUB", datetime.date(2026, 2, 10), [])]
        with self.assertRaises(clm.InvalidArgument):
            self.engine.price_batch(bad)

    def test_threads_price_at_once(self):
        order = d.Order.load(sample("loyalty-order.xml"))
        want = self.engine.price(order).totals.net
        got, errors = [], []

        def work():
            try:
                for _ in range(200):
                    got.append(self.engine.price(order).totals.net)
            except Exception as e:  # reported below
                errors.append(e)

        ts = [threading.Thread(target=work) for _ in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(got), 800)
        self.assertTrue(all(x == want for x in got))

    def test_engine_keeps_its_policy_alive(self):
        engine = d.Policy.load(sample("loyalty-policy.xml")).compile()
        import gc
        gc.collect()
        self.assertEqual(engine.price(d.Order.load(sample("loyalty-order.xml"))).totals.net,
                         RUB("93329.27"))


class LoadErrorsTest(unittest.TestCase):
    def test_bad_range_names_file_and_line(self):
        with self.assertRaises(clm.Error) as cm:
            d.Policy.load(sample("bad-policy-range.xml"))
        e = cm.exception
        self.assertTrue(e.source.endswith("bad-policy-range.xml"))
        self.assertEqual(e.line, 8)
        self.assertIn("the range is empty", e.message)

    def test_missing_file(self):
        with self.assertRaises(clm.StorageError):
            d.Policy.load(sample("no-such-policy.xml"))

    def test_doctype_refused(self):
        with self.assertRaises(clm.ParseError):
            d.Policy.load(sample("bad-policy-doctype.xml"))


class ValidateTest(unittest.TestCase):
    def test_findings(self):
        f = d.Policy.load(sample("findings-policy.xml")).validate()
        codes = [x.code for x in f]
        self.assertEqual(len(f), 6)
        self.assertEqual(sum(1 for x in f if x.severity == d.Severity.ERROR), 2)
        self.assertIn("empty-range", codes)
        shadowed = [x for x in f if x.kind == d.FindingKind.SHADOWED][0]
        self.assertEqual((shadowed.rule, shadowed.other), ("tier-600-weak", "tier-500"))
        typo = [x for x in f if x.code == "unknown-group"][0]
        self.assertEqual(typo.subject, "cemnet")
        self.assertIn("never applies", str(shadowed))

    def test_known_categories(self):
        f = d.Policy.load(sample("loyalty-policy.xml")).validate(categories=["nobody"])
        self.assertTrue(any(x.kind == d.FindingKind.UNKNOWN_CATEGORY for x in f))


class EarlyPaymentTest(unittest.TestCase):
    def test_annual_cost_of_2_10_net_30(self):
        # 2/10 net 30: 2/98 x 365/20 = 37.24 %.
        cost = d.early_payment_cost(Rate.parse("2%"), 10, 30, clm.Rounding.HALF_EVEN)
        self.assertEqual(str(cost), "37.2449%")


if __name__ == "__main__":
    unittest.main()
