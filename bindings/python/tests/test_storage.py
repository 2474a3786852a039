"""A storage backend written in Python (clm.storage.Backend, here the
dict backend of dict_backend.py) behind a clm.Store: it passes libclm's
storage conformance suite, and an exception in a callback comes back as an
error and changes nothing."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import clm  # noqa: E402
from clm import Store, Record, RecordKind, Actor, Money  # noqa: E402
from dict_backend import DictBackend  # noqa: E402

try:
    import _clm_conformance
except ImportError:  # built only with the tests and cmocka
    _clm_conformance = None


class StorageTest(unittest.TestCase):
    @unittest.skipIf(_clm_conformance is None, "the conformance module is not built")
    def test_conformance_suite(self):
        failed = _clm_conformance.run("python-dict", lambda: Store.custom(DictBackend()))
        self.assertEqual(failed, 0)

    def test_exception_in_a_callback_is_an_error_and_changes_nothing(self):
        class Failing(DictBackend):
            fail = False

            def audit_append(self, entry):
                if self.fail:
                    raise RuntimeError("disk on fire")
                return super().audit_append(entry)

        b = Failing()
        with Store.custom(b) as st:
            who = Actor("ivanova", "manager", 0)
            st.put(Record(RecordKind.INVOICE, "a", amount=Money("1", "RUB")), actor=who)
            b.fail = True
            cur = st.get(RecordKind.INVOICE, "a")
            cur.state = "paid"
            with self.assertRaises(clm.StorageError) as cm:
                st.put(cur, actor=who, note="paid")
            self.assertIn("disk on fire", str(cm.exception))
            self.assertIsNone(st.get(RecordKind.INVOICE, "a").state)  # the put rolled back
            self.assertEqual(len(list(st.audit())), 1)

    def test_clm_errors_keep_their_code(self):
        with Store.custom(DictBackend()) as st:
            st.put(Record(RecordKind.INVOICE, "a"))
            with self.assertRaises(clm.Exists):
                st.put(Record(RecordKind.INVOICE, "a"))
            with self.assertRaises(clm.Conflict):
                st.delete(RecordKind.INVOICE, "a", 5)

    def test_backend_closed_with_the_store(self):
        b = DictBackend()
        Store.custom(b).close()
        self.assertTrue(b.closed)


if __name__ == "__main__":
    unittest.main()
