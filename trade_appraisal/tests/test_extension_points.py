from datetime import date

from odoo_test_helper import FakeModelLoader

from odoo.tests import tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestExtensionPoints(TradeAppraisalCase):
    """The actuals' lists of sources, extended by a fake addon's models."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .fake_models import TradeAppraisalActuals, TradeFakeSurvey

        cls.loader.update_registry((TradeFakeSurvey, TradeAppraisalActuals))
        cls.env["ir.model.access"].create(
            {
                "name": "fake survey employee",
                "model_id": cls.env["ir.model"]._get_id("trade.fake.survey"),
                "group_id": cls.env.ref("base.group_user").id,
                "perm_read": True,
            }
        )

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def _survey(self, user, rating, day=date(2021, 3, 15), referral=False):
        return self.env["trade.fake.survey"].create(
            {"user_id": user.id, "rating": rating, "date": day, "referral": referral}
        )

    def test_a_satisfaction_source_added_by_another_addon(self):
        self._visit(self.salesperson, self.customer, 5)
        self._survey(self.salesperson, 2)
        self._survey(self.salesperson, 2)
        # another month and another salesperson do not count
        self._survey(self.salesperson, 1, day=date(2021, 4, 1))
        self._survey(self.colleague, 4)
        actuals = self.period._compute_actuals(self.salesperson)
        self.assertEqual(actuals["satisfaction"][self.salesperson.id], (3.0, 3))
        # and the scorecard's satisfaction indicator follows
        self._default_targets()
        card = self._generate()
        line = self._line(card, "satisfaction")
        self.assertEqual((line.actual, line.data_count), (3.0, 3))
        self.assertEqual(line.score, 75.0)

    def test_an_indicator_computation_added_by_another_addon(self):
        # the invoices find one new customer; the fake addon's figure, a later
        # source, replaces it for the salespeople it has data for
        self._invoice(self.salesperson, self.customer, [(1, 100.0)])
        self._invoice(self.colleague, self.customer_2, [(1, 100.0)])
        self._survey(self.salesperson, 5, referral=True)
        self._survey(self.salesperson, 4, referral=True)
        actuals = self.period._compute_actuals(self.salesperson | self.colleague)
        self.assertEqual(actuals["new_customers"][self.salesperson.id], (2, 2))
        self.assertEqual(actuals["new_customers"][self.colleague.id], (1, 1))
        # the other indicators are untouched
        self.assertAlmostEqual(actuals["sales_amount"][self.salesperson.id][0], 100.0)
