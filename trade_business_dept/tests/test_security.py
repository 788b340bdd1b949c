from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SALESPERSON, TradeBusinessDeptCase


@tagged("post_install", "-at_install")
class TestSecurity(TradeBusinessDeptCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.my_visit = cls._create_visit_as(cls.key_customer, cls.salesperson)
        cls.colleague_visit = cls._create_visit_as(
            cls.colleague_customer, cls.colleague
        )

    @classmethod
    def _create_visit_as(cls, partner, user):
        return (
            cls.env["trade.visit"]
            .with_user(user)
            .create({"partner_id": partner.id, "user_id": user.id, "purpose": "Check"})
        )

    def test_groups_are_chained(self):
        self.assertTrue(
            self.manager.has_group("trade_business_dept.group_trade_merchandiser")
        )
        # the legal review belongs to the legal department alone (R3.2.3)
        self.assertFalse(
            self.manager.has_group("trade_business_dept.group_trade_legal")
        )
        self.assertTrue(self.manager.has_group(SALESPERSON))
        self.assertTrue(self.merchandiser.has_group(SALESPERSON))
        self.assertFalse(
            self.salesperson.has_group("trade_business_dept.group_trade_merchandiser")
        )
        self.assertFalse(self.legal.has_group(SALESPERSON))

    def test_salesperson_cannot_read_a_colleagues_visit(self):
        Visit = self.env["trade.visit"].with_user(self.salesperson)
        visible = Visit.search(
            [("id", "in", (self.my_visit | self.colleague_visit).ids)]
        )
        self.assertEqual(visible, self.my_visit)
        with self.assertRaises(AccessError):
            self.colleague_visit.with_user(self.salesperson).read(["summary"])

    def test_salesperson_cannot_change_a_colleagues_visit(self):
        with self.assertRaises(AccessError):
            self.colleague_visit.with_user(self.salesperson).write(
                {"summary": "Hacked"}
            )
        with self.assertRaises(AccessError):
            self.colleague_visit.with_user(self.salesperson).action_done()
        self.assertFalse(self.colleague_visit.summary)
        self.assertEqual(self.colleague_visit.state, "planned")

    def test_salesperson_sees_visits_to_own_customers_by_others(self):
        manager_visit = self._create_visit_as(self.key_customer, self.manager)
        self.assertEqual(
            self.env["trade.visit"]
            .with_user(self.salesperson)
            .search([("id", "=", manager_visit.id)]),
            manager_visit,
        )

    def test_merchandiser_and_manager_see_the_whole_department(self):
        both = self.my_visit | self.colleague_visit
        for user in (self.merchandiser, self.manager):
            self.assertEqual(
                self.env["trade.visit"]
                .with_user(user)
                .search([("id", "in", both.ids)]),
                both,
            )

    def test_legal_and_plain_employees_have_no_visit_access(self):
        for user in (self.legal, self.employee):
            with self.assertRaises(AccessError):
                self.env["trade.visit"].with_user(user).search([])

    def test_sensitive_profile_fields_hidden_from_other_employees(self):
        with self.assertRaises(AccessError):
            self.key_customer.with_user(self.employee).read(
                ["trade_purchasing_preference"]
            )
        self.assertEqual(
            self.key_customer.with_user(self.employee).read(["trade_customer_tier"])[0][
                "trade_customer_tier"
            ],
            "key",
        )
        self.assertIn(
            "ISO 9001",
            self.key_customer.with_user(self.salesperson).trade_purchasing_preference,
        )

    def test_visit_of_another_company_is_invisible(self):
        other_company = self.env["res.company"].create({"name": "Trade Branch HK"})
        branch_user = new_test_user(
            self.env,
            login="trade_branch_sp",
            groups=SALESPERSON,
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        branch_customer = self.env["res.partner"].create(
            {
                "name": "HK Customer",
                "company_id": other_company.id,
                "user_id": self.salesperson.id,
                "trade_customer_tier": "regular",
            }
        )
        branch_visit = (
            self.env["trade.visit"]
            .with_user(branch_user)
            .with_company(other_company)
            .create(
                {
                    "partner_id": branch_customer.id,
                    "company_id": other_company.id,
                    "purpose": "Branch visit",
                }
            )
        )
        self.assertFalse(
            self.env["trade.visit"]
            .with_user(self.salesperson)
            .search([("id", "=", branch_visit.id)])
        )
        self.assertEqual(
            self.env["trade.visit"].with_user(branch_user).search([]), branch_visit
        )

    def test_salesperson_plans_and_completes_own_visit(self):
        visit = self.my_visit.with_user(self.salesperson)
        visit.write({"summary": "All good", "next_step": "Send samples"})
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.activity_ids.user_id, self.salesperson)

    def test_salesperson_registers_and_updates_a_prospect(self):
        prospect = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .create(
                {
                    "name": "Canton Fair Lead Ltd",
                    "is_company": True,
                    "user_id": self.salesperson.id,
                    "trade_customer_tier": "prospect",
                    "trade_acquisition_channel": "trade_show",
                    "trade_business_needs": "Dyeing chemicals",
                }
            )
        )
        prospect.write({"trade_purchasing_preference": "Pays by L/C"})
        self.assertEqual(prospect.trade_followup_interval, 60)
        with self.assertRaises(AccessError):
            prospect.unlink()
