"""Batch pricing from columns (Engine.price_columns): on a random corpus,
every figure equals the one the engine gives the same lines as Document
objects (price_batch), one document at a time (price) and as orders that
libclm itself reads from XML; and bad columns raise a clear exception
before anything is priced, leaving the input as it was."""

import datetime
import decimal
import os
import random
import threading
import unittest
from array import array

import clm
from clm import Money, Rate
from clm import discount as d

ROOT = os.environ.get("CLM_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def sample(name):
    return os.path.join(ROOT, "examples", "data", name)


LINE_COLUMNS = ("base", "discount", "surcharge", "capped", "net", "cost", "rate", "margin",
                "has_margin", "rules_applied", "unit_price")
PRODUCTS = [("CEM-M500", "cement"), ("BRK-RED", "bricks"), ("SAND-1", "building"),
            ("HAMMER", "tools"), ("PAINT-W10", None), ("PRIMER-5", None)]
ROLES = [None, "manager", "head_of_department", "commercial_director"]


def random_corpus(rng, ndocs):
    """Headers (one per document, some repeated in a row), line counts and
    the line columns; costs absent on some lines (None)."""
    headers, counts = [], []
    cols = {"products": [], "groups": [], "quantity_thousandths": [], "unit_price_minor": [],
            "unit_cost_minor": [], "manual_rate_ppm": []}
    for k in range(ndocs):
        if headers and rng.random() < 0.3:
            headers.append(headers[-1])   # the same object again: converted once
        else:
            client = d.Client(f"C-{rng.randrange(1000):04d}",
                              legal_type=rng.choice([None, "legal_entity", "individual"]),
                              categories=rng.sample(["key", "wholesale", "new"], rng.randrange(3)),
                              since=rng.choice([None, datetime.date(2015, 3, 1),
                                                datetime.date(2025, 11, 30)]),
                              turnover={365: Money.from_minor(rng.randrange(0, 2_000_000_000),
                                                              "RUB")})
            headers.append(d.Document(
                "RUB", datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(200)),
                [], client=client, role=rng.choice(ROLES),
                prepayment=rng.choice([None, Rate(0), Rate(1_000_000), Rate(500_000)]),
                deferral_days=rng.choice([0, 10, 30, 60])))
        n = rng.randrange(1, 13)
        counts.append(n)
        for _ in range(n):
            product, group = rng.choice(PRODUCTS)
            cols["products"].append(product)
            cols["groups"].append(group)
            cols["quantity_thousandths"].append(rng.choice([1000, 2500, 100_000, 499_999,
                                                            rng.randrange(1, 3_000_000)]))
            price = rng.randrange(0, 5_000_000)
            cols["unit_price_minor"].append(price)
            cols["unit_cost_minor"].append(None if rng.random() < 0.2
                                           else rng.randrange(0, price + 1_000_00))
            cols["manual_rate_ppm"].append(rng.choice([0, 0, 0, 5_000, 25_000, 150_000]))
    return headers, counts, cols


def documents_of(headers, counts, cols):
    """The same lines as clm.discount.Document objects."""
    docs, at = [], 0
    for h, n in zip(headers, counts):
        lines = []
        for i in range(at, at + n):
            cost = cols["unit_cost_minor"][i]
            lines.append(d.Line(cols["products"][i],
                                decimal.Decimal(cols["quantity_thousandths"][i]) / 1000,
                                Money.from_minor(cols["unit_price_minor"][i], "RUB"),
                                group=cols["groups"][i],
                                unit_cost=None if cost is None else Money.from_minor(cost, "RUB"),
                                manual_rate=Rate(cols["manual_rate_ppm"][i])))
        docs.append(d.Document(h.currency, h.date, lines, client=h.client, coupons=h.coupons,
                               prepayment=h.prepayment, deferral_days=h.deferral_days,
                               channel=h.channel, role=h.role))
        at += n
    return docs


def order_xml(doc):
    """The document as a discount-order, for libclm's own reader."""
    c = doc.client
    attrs = f' role="{doc.role}"' if doc.role else ""
    if doc.prepayment is not None:
        attrs += f' prepayment="{doc.prepayment}"'
    out = [f'<discount-order xmlns="urn:libclm:discount-order:1" currency="{doc.currency}" '
           f'date="{doc.date}" deferral-days="{doc.deferral_days}"{attrs}>']
    cattrs = f' id="{c.id}"'
    if c.legal_type:
        cattrs += f' legal-type="{c.legal_type}"'
    if c.since:
        cattrs += f' since="{c.since}"'
    out.append(f"<client{cattrs}>")
    out += [f'<category name="{x}"/>' for x in c.categories]
    out += [f'<turnover period-days="{p}" amount="{m}"/>' for p, m in c.turnover.items()]
    out.append("</client>")
    for ln in doc.lines:
        a = f' group="{ln.group}"' if ln.group else ""
        if ln.unit_cost is not None:
            a += f' unit-cost="{ln.unit_cost}"'
        if ln.manual_rate.ppm:
            a += f' manual-discount="{ln.manual_rate}"'
        out.append(f'<line product="{ln.product}" quantity="{ln.quantity}" '
                   f'unit-price="{ln.unit_price}"{a}/>')
    out.append("</discount-order>")
    return "\n".join(out)


class ColumnsTest(unittest.TestCase):
    def setUp(self):
        self.engine = d.Policy.load(sample("wholesale-policy.xml")).compile()
        self.rng = random.Random(20260210)
        self.headers, self.counts, self.cols = random_corpus(self.rng, 120)
        self.docs = documents_of(self.headers, self.counts, self.cols)

    def price(self, **over):
        kw = dict(self.cols)
        kw.update(over)
        return self.engine.price_columns(over.pop("header", self.headers),
                                         lines_per_document=over.pop("lines_per_document",
                                                                     self.counts),
                                         **{k: v for k, v in kw.items()
                                            if k not in ("header", "lines_per_document")})

    def test_random_corpus_equals_documents_one_by_one_and_libclm_orders(self):
        r = self.price()
        self.assertEqual(len(r), sum(self.counts))
        self.assertEqual(r.documents, len(self.docs))
        by_batch = self.engine.price_batch(self.docs)
        self.assertEqual(list(r), by_batch)
        at = 0
        for k, doc in enumerate(self.docs):
            one = self.engine.price(doc, trace=False)
            xml = self.engine.price(d.Order.from_xml(order_xml(doc)), trace=False)
            for res in (one, xml):
                self.assertEqual(res.lines, [r.line(i) for i in r.lines_of(k)], f"document {k}")
                self.assertEqual(res.totals, r.totals(k), f"document {k}")
            self.assertEqual(r.lines_of(k), range(at, at + len(doc.lines)))
            at += len(doc.lines)
        # The corpus reaches the rules, the caps and the ladder.
        self.assertGreater(sum(r.column("discount")), 0)
        self.assertGreater(sum(r.column("surcharge")), 0)
        self.assertGreater(len(set(r.totals_column("approval"))), 2)

    def test_columns_are_the_figures_in_minor_units_and_ppm(self):
        r = self.price()
        lines = [ln for ls, _ in self.engine.price_batch(self.docs) for ln in ls]
        for name in LINE_COLUMNS:
            col = r.column(name)
            self.assertIsInstance(col, array)
            self.assertEqual(col.typecode, "q")
            self.assertEqual(len(col), len(lines))
        self.assertEqual(list(r.column("net")), [ln.net.minor for ln in lines])
        self.assertEqual(list(r.column("rate")), [ln.rate.ppm for ln in lines])
        self.assertEqual([m for m, has in zip(r.column("margin"), r.column("has_margin")) if has],
                         [ln.margin.ppm for ln in lines if ln.margin is not None])
        totals = [t for _, t in self.engine.price_batch(self.docs)]
        self.assertEqual(list(r.totals_column("net")), [t.net.minor for t in totals])
        self.assertEqual(list(r.totals_column("approval")),
                         [-1 if t.approval_step is None else t.approval_step for t in totals])
        # A single value is Money of an exact Decimal, never a float.
        self.assertIsInstance(r.line(0).net.amount, decimal.Decimal)
        self.assertEqual(r.totals(-1), totals[-1])
        self.assertEqual(r.line(-1), lines[-1])

    def test_buffers_and_sequences_give_the_same(self):
        costs = [c if c is not None else 0 for c in self.cols["unit_cost_minor"]]
        a = self.price(unit_cost_minor=costs)
        kw = {k: array("q", self.cols[k]) for k in ("quantity_thousandths", "unit_price_minor",
                                                     "manual_rate_ppm")}
        b = self.price(unit_cost_minor=memoryview(array("q", costs)),
                       lines_per_document=array("q", self.counts), **kw)
        for name in LINE_COLUMNS:
            self.assertEqual(a.column(name), b.column(name), name)
        self.assertEqual(list(a), list(b))

    def test_one_header_and_fixed_document_size(self):
        rows = sum(self.counts) // 4 * 4
        cols = {k: v[:rows] for k, v in self.cols.items()}
        r = self.engine.price_columns(self.headers[0], lines_per_document=4, **cols)
        self.assertEqual(r.documents, rows // 4)
        cut = {k: v[4:8] for k, v in cols.items()}
        one = self.engine.price_columns([self.headers[0]], lines_per_document=[4], **cut)
        self.assertEqual(list(one)[0], list(r)[1])

    def test_optional_columns(self):
        r = self.engine.price_columns(self.headers[0], lines_per_document=1, products=["HAMMER"],
                                      quantity_thousandths=[2000], unit_price_minor=[100_00])
        self.assertEqual(r.line(0).base, Money(decimal.Decimal("200.00"), "RUB"))
        self.assertIsNone(r.line(0).margin)
        self.assertIn("1 lines in 1 documents", repr(r))

    def test_threads_share_one_engine(self):
        want = list(self.price().column("net"))
        got, errors = [], []

        def work():
            try:
                for _ in range(20):
                    got.append(list(self.price().column("net")))
            except Exception as e:  # reported below
                errors.append(e)

        ts = [threading.Thread(target=work) for _ in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(got), 80)
        self.assertTrue(all(x == want for x in got))


class ColumnErrorsTest(unittest.TestCase):
    """Each refusal names the column (or document and line) at fault; the
    columns given are left as they were and the engine prices on."""

    def setUp(self):
        self.engine = d.Policy.load(sample("wholesale-policy.xml")).compile()
        self.header = d.Document("RUB", datetime.date(2026, 4, 15), [], role="manager")
        self.cols = dict(products=["CEM-M500", "BRK-RED", "HAMMER", "SAND-1"],
                         quantity_thousandths=array("q", [1_000_000, 2_500_500, 1000, 5000]),
                         unit_price_minor=array("q", [45000, 2500, 99900, 1000]),
                         unit_cost_minor=[38000, 1900, None, 800])
        self.want = list(self.engine.price_columns(self.header, lines_per_document=2,
                                                   **self.cols).column("net"))

    def refused(self, exc, header=None, per=2, **over):
        cols = dict(self.cols, **over)
        before = {k: (list(v) if v is not None else None) for k, v in cols.items()}
        with self.assertRaises(exc) as cm:
            self.engine.price_columns(self.header if header is None else header,
                                      lines_per_document=per, **cols)
        self.assertEqual({k: (list(v) if v is not None else None) for k, v in cols.items()},
                         before)
        # Nothing changed: the same columns price as before.
        self.assertEqual(list(self.engine.price_columns(self.header, lines_per_document=2,
                                                        **self.cols).column("net")), self.want)
        return cm.exception

    def test_bad_lengths(self):
        e = self.refused(clm.InvalidArgument, quantity_thousandths=array("q", [1000, 1000, 1000]))
        self.assertEqual(e.field, "quantity_thousandths")
        self.assertIn("3 values for 4 lines", str(e))
        e = self.refused(clm.InvalidArgument, unit_cost_minor=[1, 2, 3, 4, 5])
        self.assertEqual(e.field, "unit_cost_minor")
        e = self.refused(clm.InvalidArgument, groups=["cement"])
        self.assertEqual(e.field, "groups")
        e = self.refused(clm.InvalidArgument, per=3)
        self.assertIn("does not divide 4 lines", str(e))
        self.refused(clm.InvalidArgument, per=0)
        e = self.refused(clm.InvalidArgument, per=[1, 2])
        self.assertIn("the documents hold 3 lines, the columns 4", str(e))
        e = self.refused(clm.InvalidArgument, per=[3, 3])
        self.assertEqual(e.field, "lines_per_document")
        self.refused(clm.InvalidArgument, per=[2, 0, 2])
        e = self.refused(clm.InvalidArgument, header=[self.header] * 3)
        self.assertIn("3 headers for 2 documents", str(e))
        e = self.refused(clm.InvalidArgument, products=[], quantity_thousandths=[],
                         unit_price_minor=[], unit_cost_minor=None)
        self.assertIn("no lines", str(e))

    def test_wrong_types(self):
        e = self.refused(TypeError, unit_price_minor=[45000, 2500.0, 99900, 1000])
        self.assertIn("unit_price_minor[1]", str(e))
        self.assertIn("never floats", str(e))
        e = self.refused(TypeError, unit_price_minor=array("d", [1, 2, 3, 4]))
        self.assertIn("format 'd'", str(e))
        self.refused(TypeError, quantity_thousandths=array("i", [1, 2, 3, 4]))
        self.refused(TypeError, quantity_thousandths=[decimal.Decimal(1)] * 4)
        self.refused(TypeError, quantity_thousandths=b"12345678" * 4)
        e = self.refused(TypeError, products="CEM-M500")
        self.assertIn("products", str(e))
        e = self.refused(TypeError, products=["CEM-M500", 7, "HAMMER", "SAND-1"])
        self.assertIn("products[1]", str(e))
        self.refused(TypeError, groups=["cement", b"bricks", None, None])
        self.refused(TypeError, unit_price_minor=None)
        e = self.refused(TypeError, header=[self.header, "RUB"])
        self.assertIn("header[1]", str(e))
        self.refused(TypeError, per=2.0)

    def test_bad_header(self):
        e = self.refused(clm.CurrencyError,
                         header=d.Document("USD", datetime.date(2026, 4, 15), []))
        self.assertIn("USD", str(e))
        self.assertIn("policy", str(e))
        self.refused(ValueError, header=d.Document("RUBLE", datetime.date(2026, 4, 15), []))
        line = d.Line("X", 1, Money.from_minor(1, "RUB"))
        e = self.refused(clm.InvalidArgument,
                         header=d.Document("RUB", datetime.date(2026, 4, 15), [line]))
        self.assertIn("no lines of its own", str(e))

    def test_engine_refusals_name_document_and_line(self):
        e = self.refused(clm.InvalidArgument,
                         quantity_thousandths=array("q", [1000, 1000, 1000, 0]))
        self.assertIn("document 2, line 2", str(e))
        e = self.refused(clm.InvalidArgument, unit_price_minor=[1, -5, 1, 1])
        self.assertIn("document 1, line 2", str(e))
        e = self.refused(clm.InvalidArgument, products=["CEM-M500", "", "HAMMER", "SAND-1"])
        self.assertIn("document 1, line 2", str(e))

    def test_reading_out_of_range(self):
        r = self.engine.price_columns(self.header, lines_per_document=2, **self.cols)
        with self.assertRaises(IndexError):
            r.line(4)
        with self.assertRaises(IndexError):
            r.totals(2)
        with self.assertRaises(KeyError) as cm:
            r.column("nett")
        self.assertIn("'net'", str(cm.exception))
        with self.assertRaises(KeyError):
            r.totals_column("unit_price")


if __name__ == "__main__":
    unittest.main()
