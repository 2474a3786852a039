"""Claims through the clm package: registration with a gapless number,
deadlines by the consumer protection law on the production calendar, the
penalty of art. 23, the workflow table, storage."""

import datetime
import unittest

import clm
from clm import Money, Store, Calendar, Actor
from clm import claim as cl

D = datetime.date
WHO = Actor("ivanov", "manager", 0)


def consumer_refund(received=D(2025, 12, 25), demand=cl.ClaimDemand.REFUND):
    return cl.ClaimInfo(client_id="C-0001", manager="ivanov", form=cl.ClaimForm.WRITTEN,
                        channel=cl.ClaimChannel.EMAIL, received=received,
                        subject=cl.ClaimSubject.QUALITY_DEFECT, demand=demand,
                        price=Money("15000.00", "RUB"), claimed=Money("15000.00", "RUB"),
                        regime=cl.Regimes.CONSUMER)


class ClaimTest(unittest.TestCase):
    def setUp(self):
        self.st, self.ru, self.regimes = Store.memory(), Calendar.russia(), cl.Regimes()

    def tearDown(self):
        self.st.close()

    def test_register_deadline_and_penalty(self):
        c = cl.Claim.register(self.st, consumer_refund(), self.regimes, self.ru, WHO)
        self.assertEqual(c.number, "CL-2025-000001")
        self.assertEqual(c.state, cl.ClaimState.RECEIVED)
        # Art. 22: 10 days from 25 Dec 2025 end on Sun 4 Jan, inside the
        # New Year holidays: the next working day is Mon 12 Jan 2026.
        d = c.deadlines(self.ru, D(2025, 12, 25))
        self.assertEqual(d.resolution, D(2026, 1, 12))
        # Art. 23: 1 % of the price a day, 13..22 Jan = 10 days: 1500.00 RUB.
        p = c.penalty(self.ru, D(2026, 1, 22))
        self.assertEqual((p.amount, p.days), (Money("1500.00", "RUB"), 10))
        self.assertEqual((p.first_day, p.last_day), (D(2026, 1, 13), D(2026, 1, 22)))
        self.assertEqual(c.penalty(self.ru, D(2026, 1, 12)).days, 0)
        second = cl.Claim.register(self.st, consumer_refund(), self.regimes, self.ru, WHO)
        self.assertEqual(second.number, "CL-2025-000002")

    def test_workflow_table_and_storage(self):
        c = cl.Claim.register(self.st, consumer_refund(), self.regimes, self.ru, WHO)
        with self.assertRaises(clm.StateError):
            c.move(cl.ClaimState.CLOSED, WHO, D(2025, 12, 26))
        self.assertEqual(c.state, cl.ClaimState.RECEIVED)
        c.move(cl.ClaimState.ACKNOWLEDGED, WHO, D(2025, 12, 26), "letter sent")
        self.assertEqual([s.what for s in c.steps()][-1], "move")
        self.assertEqual(c.save(self.st, self.ru, WHO, "acknowledged"), 2)
        back = cl.Claim.load(self.st, c.number)
        self.assertEqual(back.state, cl.ClaimState.ACKNOWLEDGED)
        self.assertEqual(back.to_dict()["price"], {"amount": "15000.00", "currency": "RUB"})
        with self.assertRaises(clm.NotFound):
            cl.Claim.load(self.st, "CL-2025-999999")

    def test_bad_names_and_regimes(self):
        info = consumer_refund()
        info.demand = "money-back"
        with self.assertRaises(clm.Error):
            cl.Claim.register(self.st, info, self.regimes, self.ru, WHO)
        info = consumer_refund()
        info.regime = "no-such-regime"
        with self.assertRaises(clm.NotFound):
            cl.Claim.register(self.st, info, self.regimes, self.ru, WHO)
        self.assertEqual(self.st.count(clm.RecordKind.CLAIM), 0)
        self.assertEqual(sorted(self.regimes.ids), ["ru-business", "ru-consumer"])


if __name__ == "__main__":
    unittest.main()
