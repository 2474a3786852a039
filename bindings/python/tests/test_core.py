"""Money, rates, dates, calendars and terms through the clm package: each
figure is libclm's (the same figures its C tests and docs/rules.md give)."""

import datetime
import decimal
import unittest

import clm
from clm import Money, Rate, Rounding, Calendar, TermUnit, DayKind, Weekday

D = decimal.Decimal
date = datetime.date


class MoneyTest(unittest.TestCase):
    def test_decimal_and_currency_round_trip(self):
        m = Money(D("1234.50"), "RUB")
        self.assertEqual(m.minor, 123450)
        self.assertEqual(str(m), "1234.50 RUB")
        self.assertEqual(Money.parse("1234.5 RUB"), m)
        self.assertEqual(Money.from_minor(123450, "RUB"), m)
        self.assertIsInstance(Money.parse("1 RUB").amount, D)
        # The library's exponent: JPY has no minor units, KWD three.
        self.assertEqual(Money.from_minor(1000, "JPY").amount, D("1000"))
        self.assertEqual(Money.from_minor(1, "KWD").amount, D("0.001"))

    def test_float_is_refused(self):
        with self.assertRaises(TypeError):
            Money(0.1, "RUB")
        with self.assertRaises(TypeError):
            Money(D(1), "RUB") * 1.5

    def test_more_decimals_than_the_currency_has_is_an_error_not_a_rounding(self):
        with self.assertRaises(clm.ParseError) as cm:
            Money(D("1.005"), "RUB").minor
        self.assertEqual(cm.exception.code, clm._clm.CLM_EPARSE)
        with self.assertRaises(clm.ParseError):
            Money(D("1.5"), "JPY").minor

    def test_unknown_currency(self):
        with self.assertRaises(clm.CurrencyError):
            Money(D(1), "XXQ").minor
        with self.assertRaises(clm.CurrencyError):
            clm.Currency("XXQ")
        self.assertEqual(clm.Currency("RUB").numeric, 643)

    def test_arithmetic(self):
        a, b = Money("10.05", "RUB"), Money("0.95", "RUB")
        self.assertEqual(a + b, Money("11", "RUB"))
        self.assertEqual(a - b, Money("9.10", "RUB"))
        self.assertEqual(-a, Money("-10.05", "RUB"))
        self.assertEqual(a * 3, Money("30.15", "RUB"))
        self.assertEqual(3 * a, Money("30.15", "RUB"))
        self.assertTrue(b < a)
        with self.assertRaises(clm.CurrencyError):
            a + Money("1", "USD")
        with self.assertRaises(clm.CurrencyError):
            a < Money("1", "USD")

    def test_overflow(self):
        big = Money.from_minor(2**63 - 1, "RUB")
        with self.assertRaises(clm.Overflow):
            big + Money("0.01", "RUB")
        with self.assertRaises(clm.Overflow):
            big * 2

    def test_rate_and_rounding_modes(self):
        r = Rate.parse("12.5%")
        self.assertEqual(r.ppm, 125000)
        self.assertEqual(str(r), "12.5%")
        self.assertEqual(str(Rate(-1)), "-0.0001%")
        # 0.05 RUB * 50 % = 0.025: half-even 0.02, half-up 0.03, down 0.02.
        m = Money("0.05", "RUB")
        half = Rate.parse("50%")
        self.assertEqual(m.mul_rate(half, Rounding.HALF_EVEN), Money("0.02", "RUB"))
        self.assertEqual(m.mul_rate(half, Rounding.HALF_UP), Money("0.03", "RUB"))
        self.assertEqual(m.mul_rate(half, Rounding.DOWN), Money("0.02", "RUB"))
        self.assertEqual(clm.div_round(-5, 2, Rounding.FLOOR), -3)
        self.assertEqual(clm.div_round(-5, 2, Rounding.HALF_EVEN), -2)
        self.assertEqual(len(Rounding), 7)
        with self.assertRaises(clm.ParseError):
            Rate.parse("1.23456%")

    def test_allocate_adds_up_exactly(self):
        parts = Money("100", "RUB").allocate([1, 1, 1])
        self.assertEqual([p.minor for p in parts], [3334, 3333, 3333])
        self.assertEqual(sum((p.minor for p in parts)), 10000)
        with self.assertRaises(clm.InvalidArgument):
            Money("100", "RUB").allocate([0, 0])

    def test_repr_and_dict(self):
        m = Money("5.00", "USD")
        self.assertEqual(eval(repr(m), {"Money": Money}), m)
        self.assertEqual(m.to_dict(), {"amount": "5.00", "currency": "USD"})


class DateTest(unittest.TestCase):
    def test_dates_are_datetime_dates(self):
        self.assertEqual(clm.parse_date("2024-02-29"), date(2024, 2, 29))
        self.assertEqual(clm.add_months(date(2024, 1, 31), 1), date(2024, 2, 29))
        self.assertEqual(clm.add_days(date(2024, 12, 31), 1), date(2025, 1, 1))
        self.assertEqual(clm.weekday(date(2024, 3, 1)), Weekday.FRIDAY)
        with self.assertRaises(clm.RangeError) as cm:
            clm.parse_date("2023-02-29")
        self.assertEqual(cm.exception.field, "date")
        with self.assertRaises(clm.ParseError):
            clm.parse_date("29.02.2024")
        with self.assertRaises(TypeError):
            clm.add_days(datetime.datetime(2024, 1, 1), 1)


class CalendarTest(unittest.TestCase):
    def test_term_end_rolls_over_holidays(self):
        # docs/rules.md: event Fri 1 Mar 2024, 7 days -> 8 Mar (holiday),
        # 9-10 Mar weekend -> Mon 11 Mar 2024.
        ru = Calendar.russia()
        self.assertEqual(ru.term_end(date(2024, 3, 1), 7, TermUnit.DAYS), date(2024, 3, 11))
        self.assertFalse(ru.is_working(date(2024, 3, 8)))
        self.assertEqual(ru.roll_forward(date(2024, 3, 8)), date(2024, 3, 11))
        # The consumer's claim of 25 Dec 2025: 10 days end on Mon 12 Jan 2026.
        self.assertEqual(ru.term_end(date(2025, 12, 25), 10, TermUnit.DAYS), date(2026, 1, 12))

    def test_own_calendar(self):
        with Calendar("test") as cal:
            self.assertEqual(cal.name, "test")
            self.assertEqual(cal.weekend, {Weekday.SATURDAY, Weekday.SUNDAY})
            cal.weekend = [Weekday.FRIDAY]
            self.assertEqual(cal.weekend, {Weekday.FRIDAY})
            cal.add_day(date(2025, 1, 1), DayKind.HOLIDAY, "New Year")
            self.assertEqual(list(cal.days()), [(date(2025, 1, 1), DayKind.HOLIDAY, "New Year")])
            self.assertEqual(cal.count_working_days(date(2025, 1, 1), date(2025, 1, 7)), 5)
            self.assertEqual(cal.add_working_days(date(2025, 1, 2), 1), date(2025, 1, 4))
            xml = cal.to_xml()
            back = Calendar.from_xml(xml, "round-trip")
            self.assertEqual(list(back.days()), list(cal.days()))
        with self.assertRaises(ValueError):
            cal.is_working(date(2025, 1, 1))  # closed

    def test_coverage_is_enforced(self):
        cal = Calendar("covered")
        cal.set_coverage(date(2025, 1, 1), date(2025, 12, 31))
        self.assertEqual(cal.coverage, (date(2025, 1, 1), date(2025, 12, 31)))
        with self.assertRaises(clm.RangeError):
            cal.term_end(date(2025, 12, 30), 10, TermUnit.DAYS)

    def test_bad_xml_carries_source_and_line(self):
        bad = b'<calendar xmlns="urn:libclm:calendar:1" name="x">\n<holiday date="2025-13-01"/>\n</calendar>'
        with self.assertRaises(clm.Error) as cm:
            Calendar.from_xml(bad, "bad.xml")
        e = cm.exception
        self.assertIsInstance(e, (clm.SchemaError, clm.ParseError))
        self.assertEqual(e.source, "bad.xml")
        self.assertEqual(e.line, 2)
        self.assertIn("bad.xml:2", str(e))


class ErrorTest(unittest.TestCase):
    def test_one_class_per_code(self):
        codes = {cls.code for cls in clm.errors.BY_CODE.values()}
        self.assertEqual(len(codes), 18)
        for code, cls in clm.errors.BY_CODE.items():
            self.assertTrue(issubclass(cls, clm.Error))
            self.assertNotEqual(clm.strerror(code), "")


class StubTest(unittest.TestCase):
    def test_every_function_of_the_extension_has_a_stub(self):
        import os
        import re
        from clm import _clm
        with open(os.path.join(os.path.dirname(clm.__file__), "_clm.pyi")) as f:
            stubbed = set(re.findall(r"^def (\w+)", f.read(), re.M))
        functions = {n for n in dir(_clm) if not n.startswith("__") and n[0] != n[0].upper()
                     and callable(getattr(_clm, n))}
        self.assertEqual(sorted(functions - stubbed), [])


if __name__ == "__main__":
    unittest.main()
