from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TradeBusinessDeptCase


@tagged("post_install", "-at_install")
class TestPartnerProfile(TradeBusinessDeptCase):
    def test_interval_defaults_from_tier(self):
        partners = self.env["res.partner"].create(
            [
                {"name": "Key Ltd", "trade_customer_tier": "key"},
                {"name": "Regular Ltd", "trade_customer_tier": "regular"},
                {"name": "Prospect Ltd", "trade_customer_tier": "prospect"},
                {"name": "Supplier Ltd"},
            ]
        )
        self.assertEqual(partners.mapped("trade_followup_interval"), [14, 30, 60, 0])
        self.assertFalse(partners[3].trade_next_followup_date)

    def test_tier_change_recomputes_interval(self):
        partner = self.env["res.partner"].create(
            {"name": "Growing Ltd", "trade_customer_tier": "prospect"}
        )
        partner.trade_customer_tier = "key"
        self.assertEqual(partner.trade_followup_interval, 14)

    def test_interval_override_per_partner(self):
        partner = self.env["res.partner"].create(
            {"name": "Special Ltd", "trade_customer_tier": "key"}
        )
        partner.trade_followup_interval = 7
        partner.write({"phone": "+86 21 0000 0000", "trade_business_needs": "Pumps"})
        self.assertEqual(partner.trade_followup_interval, 7)

    def test_negative_interval_refused(self):
        with self.assertRaisesText(ValidationError, "at least one day"):
            self.key_customer.write({"trade_followup_interval": -5})
        self.assertEqual(self.key_customer.trade_followup_interval, 14)

    def test_zero_interval_refused(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {
                    "name": "Zero Ltd",
                    "trade_customer_tier": "regular",
                    "trade_followup_interval": 0,
                }
            )
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Zero Ltd")]))

    def test_settings_change_moves_default_partners_only(self):
        custom = self.env["res.partner"].create(
            {
                "name": "Custom Key Ltd",
                "trade_customer_tier": "key",
                "trade_followup_interval": 5,
            }
        )
        settings = Form(self.env["res.config.settings"])
        settings.trade_followup_days_key = 10
        settings.save().execute()
        self.assertEqual(self.company.trade_followup_days_key, 10)
        self.assertEqual(self.key_customer.trade_followup_interval, 10)
        self.assertEqual(custom.trade_followup_interval, 5)
        self.assertEqual(self.colleague_customer.trade_followup_interval, 30)
        new_key = self.env["res.partner"].create(
            {"name": "New Key Ltd", "trade_customer_tier": "key"}
        )
        self.assertEqual(new_key.trade_followup_interval, 10)

    def test_settings_negative_interval_refused(self):
        settings = Form(self.env["res.config.settings"])
        settings.trade_followup_days_prospect = -1
        with self.assertRaisesText(ValidationError, "at least one day"):
            settings.save().execute()

    def test_duplicate_warning_on_name_vat_email(self):
        existing = self.env["res.partner"].create(
            {
                "name": "Jincheng Textiles",
                "is_company": True,
                "vat": "CN91320500MA1X",
                "email": "info@jincheng.test",
            }
        )
        by_name = Form(self.env["res.partner"].with_user(self.salesperson))
        by_name.name = "JINCHENG TEXTILES"
        self.assertIn(existing, by_name.trade_duplicate_partner_ids)

        by_email = Form(self.env["res.partner"].with_user(self.salesperson))
        by_email.name = "Another name"
        by_email.email = "Info@Jincheng.test"
        self.assertIn(existing, by_email.trade_duplicate_partner_ids)

        by_vat = self.env["res.partner"].new(
            {"name": "Third name", "vat": "CN91320500MA1X"}
        )
        self.assertIn(existing, by_vat.trade_duplicate_partner_ids._origin)

        unique = Form(self.env["res.partner"].with_user(self.salesperson))
        unique.name = "A brand new prospect"
        self.assertFalse(unique.trade_duplicate_partner_ids)

    def test_duplicate_warning_ignores_itself_and_own_contacts(self):
        self.key_contact.email = self.key_customer.email
        self.assertFalse(self.key_customer.trade_duplicate_partner_ids)
        self.assertFalse(self.key_contact.trade_duplicate_partner_ids)

    def test_profile_changes_are_tracked(self):
        self.flush_tracking()  # the customer was created in an earlier transaction
        self.key_customer.write(
            {
                "trade_customer_tier": "regular",
                "user_id": self.colleague.id,
                "trade_purchasing_preference": "Monthly orders now",
            }
        )
        self.flush_tracking()
        tracked = self.key_customer.message_ids.tracking_value_ids.field_id.mapped(
            "name"
        )
        for field_name in (
            "trade_customer_tier",
            "user_id",
            "trade_purchasing_preference",
        ):
            self.assertIn(field_name, tracked)

    def test_first_order_marks_customer_converted(self):
        product = self.env["product.product"].create(
            {"name": "Valve DN50", "list_price": 12.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.key_contact.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 5})
                ],
            }
        )
        self.assertFalse(self.key_customer.trade_is_converted)
        order.action_confirm()
        self.assertTrue(self.key_customer.trade_is_converted)
        self.assertEqual(
            self.key_customer.trade_first_order_date, order.date_order.date()
        )

    def test_channel_report_groups_by_channel_and_conversion(self):
        self.env["res.partner"].create(
            [
                {
                    "name": "Fair A",
                    "trade_customer_tier": "prospect",
                    "trade_acquisition_channel": "trade_show",
                },
                {
                    "name": "Web A",
                    "trade_customer_tier": "prospect",
                    "trade_acquisition_channel": "online",
                },
            ]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_business_dept.res_partner_action_trade_channel_report"
        )
        groups = dict(
            self.env["res.partner"]._read_group(
                safe_eval(action["domain"]),
                ["trade_acquisition_channel"],
                ["__count"],
            )
        )
        self.assertGreaterEqual(groups["trade_show"], 2)
        self.assertGreaterEqual(groups["online"], 1)
        self.assertGreaterEqual(groups["referral"], 1)
