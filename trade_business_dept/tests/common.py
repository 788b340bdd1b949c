from contextlib import contextmanager
from datetime import datetime

from odoo.tests import TransactionCase, new_test_user

SALESPERSON = "trade_business_dept.group_trade_salesperson"
MERCHANDISER = "trade_business_dept.group_trade_merchandiser"
MANAGER = "trade_business_dept.group_trade_manager"
LEGAL = "trade_business_dept.group_trade_legal"


def give_default_credit(company):
    """trade_risk, when installed, puts the customers without a credit rating
    under the company's cautious default credit policy (no credit, the whole
    order paid in advance); its credit rules have tests of their own. The
    tests of the other rules give that policy unlimited credit, as the
    cross-addon tests do (tests/conftest.py)."""
    if "trade_credit_default_limit" in company._fields:
        company.write(
            {
                "trade_credit_default_limit": 1e9,
                "trade_credit_default_term_days": 3650,
                "trade_credit_default_prepayment": 0.0,
            }
        )


class TradeTestHelpers:
    """Helpers of the tests of every trade addon: users, refusals checked
    with their message, chatter tracking written as a commit would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the tests compare the addons' "today" (the user's time zone) with
        # the machine's clock (UTC): the superuser of a database with demo
        # data lives in Brussels, a day ahead from 23:00 UTC
        cls.env.user.tz = "UTC"
        give_default_credit(cls.env.company)

    @classmethod
    def _new_user(cls, login, name, groups):
        return new_test_user(
            cls.env,
            login=login,
            name=name,
            groups=groups,
            tz="UTC",
            email=f"{login}@example.com",
        )

    @contextmanager
    def assertRaisesText(self, exception, text):
        """Like ``assertRaises`` (rolled back to a savepoint, so nothing
        half-written stays behind) and check the message shown to the user."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    def flush_tracking(self):
        """Write the pending chatter tracking values, as a commit would."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()


class TradeBusinessDeptCase(TradeTestHelpers, TransactionCase):
    """Department users and customers shared by the addon's tests.

    Nothing here relies on demo data: the follow-up intervals are set to the
    documented defaults and every record is created by the test.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "trade_followup_days_key": 14,
                "trade_followup_days_regular": 30,
                "trade_followup_days_prospect": 60,
                # the department's rules for every order of the tests (the
                # scope itself has tests of its own)
                "trade_scope_all_orders": True,
                # the order confirmation checks have tests of their own
                "trade_order_checks": False,
            }
        )
        cls.salesperson = cls._new_user("trade_sp_li", "Li Wei", SALESPERSON)
        cls.colleague = cls._new_user("trade_sp_zhang", "Zhang Lei", SALESPERSON)
        cls.merchandiser = cls._new_user("trade_merch", "Chen Jing", MERCHANDISER)
        cls.manager = cls._new_user("trade_manager", "Wang Min", MANAGER)
        cls.second_manager = cls._new_user("trade_manager2", "Sun Hao", MANAGER)
        cls.legal = cls._new_user("trade_legal", "Zhao Lin", LEGAL)
        cls.employee = cls._new_user(
            "trade_employee", "Plain Employee", "base.group_user"
        )

        Partner = cls.env["res.partner"]
        cls.key_customer = Partner.create(
            {
                "name": "Hongda Machinery Test",
                "is_company": True,
                "email": "buyer@hongda.test",
                "user_id": cls.salesperson.id,
                "trade_customer_tier": "key",
                "trade_acquisition_channel": "trade_show",
                "trade_business_needs": "Stainless valves, 40 000 pieces a year",
                "trade_purchasing_preference": "Quarterly tenders, ISO 9001 required",
            }
        )
        cls.key_contact = Partner.create(
            {"name": "Zhou Jianguo", "parent_id": cls.key_customer.id}
        )
        cls.colleague_customer = Partner.create(
            {
                "name": "Yuanhang Electronics Test",
                "is_company": True,
                "user_id": cls.colleague.id,
                "trade_customer_tier": "regular",
                "trade_acquisition_channel": "referral",
            }
        )

    def _create_visit(self, partner, user=None, **values):
        visit_values = {
            "partner_id": partner.id,
            "user_id": (user or self.salesperson).id,
            "date_planned": datetime(2026, 3, 2, 9, 0),
            "purpose": "Present the new valve range",
        }
        visit_values.update(values)
        return (
            self.env["trade.visit"]
            .with_user(user or self.salesperson)
            .create(visit_values)
        )

    def _complete_visit(self, visit, summary="Discussed the Q3 tender", **values):
        visit.write(dict(values, summary=summary))
        visit.action_done()
        return visit
