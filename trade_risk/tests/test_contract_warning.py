from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestContractWarnings(TradeRiskCase):
    """R5.1.3 (issue 14): the early warnings follow the contracts' execution:
    a signed contract ending within the days of Settings with goods still to
    deliver, and quotations under a contract whose prices lapsed, open a
    contract risk owned by the contract's salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.trade_risk_contract_days = 30

    def _contract(self, end_in_days, amount=50000.0, state="signed", **values):
        today = fields.Date.today()
        return self.env["trade.contract"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesperson.id,
                "amount_total": amount,
                "date_start": today - timedelta(days=300),
                "date_end": today + timedelta(days=end_in_days),
                "price_validity_date": today + timedelta(days=end_in_days),
                "state": state,
                **values,
            }
        )

    def _order_of(self, contract, quantity):
        """A quotation under the contract, at 1,000.00 a piece."""
        return self._order(
            self.customer,
            0.0,
            trade_contract_id=contract.id,
            order_line=[
                Command.create(
                    {
                        "product_id": self.product.id,
                        "product_uom_qty": quantity,
                        "price_unit": 1000.0,
                        "tax_id": [Command.clear()],
                    }
                )
            ],
        )

    def _deliver(self, order, quantity):
        delivery = order.picking_ids.filtered(
            lambda picking: (
                picking.picking_type_code == "outgoing"
                and picking.state not in ("done", "cancel")
            )
        )
        delivery.write(
            {"trade_transport_mode": "pickup", "trade_collected_by": "Zhou, ID 3301"}
        )
        delivery.move_ids.quantity = quantity
        # the rest in a backorder
        delivery.with_context(skip_backorder=True).button_validate()

    def _risks(self, contract):
        return self.env["trade.risk"].search([("contract_id", "=", contract.id)])

    def test_warnings_written_in_the_companys_language(self):
        """The scheduled action (OdooBot, in English) writes the company's
        shared risks in the company's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.company.partner_id.lang = "zh_CN"
        contract = self._contract(end_in_days=12)
        order = self._order_of(contract, quantity=50)
        order.with_user(self.salesperson).action_confirm()
        self.env["trade.risk"].with_context(lang="en_US")._cron_early_warnings()
        risk = self._risks(contract)
        self.assertIn("到期", risk.description)
        self.assertNotIn("still to deliver", risk.description)

    def test_contract_ending_with_goods_to_deliver(self):
        contract = self._contract(end_in_days=12)
        order = self._order_of(contract, quantity=50)
        order.with_user(self.salesperson).action_confirm()
        self._deliver(order, 20)
        self.assertEqual(contract.amount_delivered, 20000.0)
        self.env["trade.risk"]._cron_early_warnings()
        risk = self._risks(contract)
        self.assertEqual(
            (risk.warning_type, risk.category, risk.partner_id, risk.owner_id),
            ("contract_end", "contract", self.customer, self.salesperson),
        )
        self.assertEqual((risk.likelihood, risk.impact), (4, 5), "12 of 30 days; 60%")
        self.assertIn(
            "$\xa020,000.00 of $\xa050,000.00 delivered (40%)", risk.description
        )
        self.assertIn("$\xa030,000.00 still to deliver", risk.description)
        # the salesperson finds it in the register
        self.assertEqual(
            self.env["trade.risk"]
            .with_user(self.salesperson)
            .search([("contract_id", "=", contract.id)]),
            risk,
        )
        # the colleague does not
        with self.assertRaises(AccessError):
            risk.with_user(self.colleague).read(["name"])
        # the next run updates the same risk
        self._deliver(order.with_env(self.env), 25)
        self.env["trade.risk"]._cron_early_warnings()
        self.assertEqual(self._risks(contract), risk)
        self.assertEqual(risk.impact, 3, "5,000.00 left: 10%")

    def test_contract_ended_and_still_signed(self):
        contract = self._contract(end_in_days=-5)
        self.env["trade.risk"]._cron_early_warnings()
        risk = self._risks(contract)
        self.assertEqual(risk.likelihood, 5)
        self.assertIn("5 days ago", risk.description)

    def test_no_warning_far_from_the_end_or_when_delivered(self):
        far = self._contract(end_in_days=90)
        draft = self._contract(end_in_days=5, state="draft")
        delivered = self._contract(end_in_days=5, amount=10000.0)
        order = self._order_of(delivered, quantity=10)
        order.with_user(self.salesperson).action_confirm()
        self._deliver(order, 10)
        Risk = self.env["trade.risk"]
        warnings = Risk._warn_contract_end(self.company)
        keys = {warning["warning_key"] for warning in warnings}
        for contract in far | draft | delivered:
            self.assertNotIn(f"contract_end:{contract.id}", keys)
        # the window is a setting
        self.company.trade_risk_contract_days = 120
        keys = {
            warning["warning_key"] for warning in Risk._warn_contract_end(self.company)
        }
        self.assertIn(f"contract_end:{far.id}", keys)

    def test_quotations_at_lapsed_contract_prices(self):
        contract = self._contract(
            end_in_days=200,
            price_validity_date=fields.Date.today() - timedelta(days=3),
        )
        first = self._order(self.customer, 800.0, trade_contract_id=contract.id)
        second = self._order(self.contact, 700.0, trade_contract_id=contract.id)
        current = self._contract(end_in_days=200)
        self._order(self.customer, 500.0, trade_contract_id=current.id)
        self.env["trade.risk"]._cron_early_warnings()
        risk = self._risks(contract)
        self.assertEqual(
            (risk.warning_type, risk.category, risk.owner_id),
            ("contract_price", "contract", self.salesperson),
        )
        self.assertIn(first.name, risk.description)
        self.assertIn(second.name, risk.description)
        self.assertIn("3 days ago", risk.description)
        self.assertIn("$\xa01,500.00", risk.description)
        self.assertFalse(self._risks(current))
        # confirmed orders no longer quote
        self.env["trade.risk"].search([("contract_id", "=", contract.id)]).unlink()
        (first | second).write({"state": "cancel"})
        self.assertFalse(
            self.env["trade.risk"]._warn_contract_price(self.company), "no quotation"
        )

    def test_warning_window_is_checked(self):
        with self.assertRaises(ValidationError):
            self.company.trade_risk_contract_days = 0
