from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .contract_common import TradeContractCase


@tagged("post_install", "-at_install")
class TestRequirements(TradeContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Valves and pumps 2026",
                "type": "opportunity",
                "partner_id": cls.key_customer.id,
                "user_id": cls.salesperson.id,
            }
        )

    def test_product_fills_specification_and_unit(self):
        line = self.env["trade.requirement.line"].create(
            {"lead_id": self.lead.id, "product_id": self.product.id, "quantity": 40}
        )
        self.assertIn("Stainless valve DN50", line.name)
        self.assertEqual(line.uom_id, self.product.uom_id)

    def test_quantity_and_price_are_checked(self):
        with self.assertRaisesText(ValidationError, "positive"):
            self.env["trade.requirement.line"].create(
                {"lead_id": self.lead.id, "name": "Pump", "quantity": 0}
            )
        with self.assertRaisesText(ValidationError, "negative"):
            self.env["trade.requirement.line"].create(
                {"lead_id": self.lead.id, "name": "Pump", "target_price": -3}
            )

    def test_new_quotation_from_requirements(self):
        self.lead.write(
            {
                "trade_requirement_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 40,
                            "target_price": 92.5,
                            "date_required": date(2027, 5, 20),
                        }
                    ),
                    Command.create(
                        {
                            "name": "Hydraulic pump 7.5 kW, 380 V",
                            "quantity": 3,
                            "date_required": date(2027, 4, 30),
                        }
                    ),
                ]
            }
        )
        action = self.lead.with_user(self.salesperson).action_new_quotation()
        order_form = Form(
            self.env["sale.order"]
            .with_user(self.salesperson)
            .with_context(**action["context"])
        )
        order = order_form.save()
        product_line = order.order_line.filtered("product_id")
        note_line = order.order_line.filtered(lambda line: line.display_type)
        self.assertEqual(product_line.product_id, self.product)
        self.assertEqual(product_line.product_uom_qty, 40)
        self.assertEqual(product_line.trade_target_price, 92.5)
        self.assertIn("Hydraulic pump 7.5 kW", note_line.name)
        self.assertEqual(order.commitment_date.date(), date(2027, 4, 30))
        self.assertEqual(order.opportunity_id, self.lead)
        self.assertEqual(order.partner_id, self.key_customer)

    def test_no_requirement_keeps_odoo_behaviour(self):
        context = self.lead._prepare_opportunity_quotation_context()
        self.assertNotIn("default_order_line", context)
        self.assertNotIn("default_commitment_date", context)
