"""Clients through the clm package: creation, fields, identifiers checked
by libclm's validators, the lifecycle table, history, storage."""

import datetime
import unittest

import clm
from clm import Client, Actor, ClientState, ClientText, ClientDate, LegalType, Person, Store

A = Actor("ivanova", "manager", datetime.datetime(2026, 1, 12, 9, 0, tzinfo=datetime.timezone.utc))


def romashka():
    c = Client(A, "C-1", LegalType.LEGAL_ENTITY, "Romashka")
    c.set(A, email="info@romashka.ru", phone="+7 495 123-45-67")
    return c


class ClientTest(unittest.TestCase):
    def test_new_client(self):
        c = romashka()
        self.assertEqual((c.id, c.name, c.state), ("C-1", "Romashka", ClientState.POTENTIAL))
        self.assertEqual(c.text(ClientText.EMAIL), "info@romashka.ru")
        self.assertIsNone(c.date(ClientDate.FIRST_DEAL))
        self.assertIn("'C-1'", repr(c))
        with self.assertRaises(clm.InvalidArgument):
            Client(A, "", LegalType.LEGAL_ENTITY, "x")

    def test_tax_id_checked_by_the_library(self):
        c = romashka()
        # INN 7707083893 (Sberbank) has a valid check digit; ...894 not.
        with self.assertRaises(clm.InvalidArgument) as cm:
            c.set_tax_id(A, "RU", "INN", "7707083894")
        self.assertEqual(cm.exception.field, "id.RU.INN")
        self.assertEqual(c.tax_ids, [])
        c.set_tax_id(A, "RU", "INN", "7707083893")
        self.assertEqual(c.tax_ids, [("RU", "INN", "7707083893")])

    def test_lifecycle_table(self):
        c = romashka()
        c.set_state(A, ClientState.INTERESTED)
        self.assertFalse(Client.state_allowed(ClientState.INTERESTED, ClientState.REGULAR))
        with self.assertRaises(clm.StateError) as cm:
            c.set_state(A, ClientState.REGULAR)
        self.assertEqual(cm.exception.field, "state")
        self.assertEqual(c.state, ClientState.INTERESTED)

    def test_history_and_categories(self):
        c = romashka()
        with self.assertRaises(clm.InvalidArgument):
            c.add_category(A, "key")  # a reason is required
        c.add_category(A, "key", "turnover above 10 mln")
        self.assertEqual(c.categories, ["key"])
        h = list(c.history())
        self.assertEqual(h[-1].field, "category")
        self.assertEqual(h[-1].new_value, "key")
        self.assertEqual(h[-1].actor, A)
        self.assertEqual(c.to_dict()["categories"], ["key"])

    def test_persons_and_validation(self):
        c = Client(A, "C-2", LegalType.LEGAL_ENTITY, "Vasilek")
        with self.assertRaises(clm.Error):
            c.validate()  # no INN, no way to reach the client
        c.set_tax_id(A, "RU", "INN", "7707083893")
        c.set(A, legal_name="OOO Vasilek")
        c.set_tax_id(A, "RU", "OGRN", "1027700132195")
        c.add_person(A, Person("Petrov", "director", email="petrov@vasilek.ru"))
        c.set_decision_maker(A, 0)
        c.validate()
        self.assertEqual(c.persons[c.decision_maker].name, "Petrov")

    def test_store_round_trip_and_scan(self):
        with Store.memory() as st:
            c = romashka()
            c.add_category(A, "key", "manual")
            self.assertEqual(c.save(st, A, "created"), 1)
            back = Client.load(st, "C-1")
            self.assertEqual(back, c)
            self.assertEqual(back.stored_version, 1)
            self.assertEqual([x.id for x in Client.scan(st, category="key")], ["C-1"])
            self.assertEqual(list(Client.scan(st, state=ClientState.LOST)), [])
            with self.assertRaises(clm.NotFound):
                Client.load(st, "C-404")
            Client.delete(st, A, "C-1", 1, "duplicate")
            self.assertEqual(st.count(clm.RecordKind.CLIENT), 0)


class ContactTest(unittest.TestCase):
    def test_log_saved_and_scanned(self):
        with Store.memory() as st:
            e = clm.ContactEntry(direction="outgoing", channel="call", at=A.at, client_id="C-1",
                                 manager="ivanova", purpose="offer", result="interested",
                                 next_action="send the offer", next_due=datetime.date(2026, 1, 15))
            self.assertEqual(e.save(st, A, "call-1", "first call"), 1)
            other = clm.ContactEntry(direction="incoming", channel="email", at=A.at,
                                     client_id="C-2", manager="petrov")
            other.save(st, A, "mail-1")
            due = list(clm.ContactEntry.scan(st, due_from=datetime.date(2026, 1, 1),
                                             due_to=datetime.date(2026, 1, 31)))
            self.assertEqual([x.entry_id for x in due], ["call-1"])
            self.assertEqual(due[0].next_due, datetime.date(2026, 1, 15))
            self.assertEqual(due[0].at, int(A.at.timestamp()))
            self.assertEqual([x.entry_id for x in clm.ContactEntry.scan(st, manager="petrov")],
                             ["mail-1"])
            bad = clm.ContactEntry(direction="sideways", channel="call", at=0, client_id="C-1",
                                   manager="ivanova")
            with self.assertRaises(clm.NotFound):
                bad.save(st, A, "bad-1")
            with self.assertRaises(clm.Exists):
                clm.ContactEntry(direction="incoming", channel="call", at=0, client_id="C-1",
                                 manager="ivanova").save(st, A, "call-1")


if __name__ == "__main__":
    unittest.main()
