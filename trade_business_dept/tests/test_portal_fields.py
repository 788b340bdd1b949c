from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .order_common import TradeOrderCase

#: What a portal customer may read of the addons' fields: what the portal
#: pages show him. Every other field of a trade addon on these models is
#: internal (``groups=``), whichever trade addon adds it.
PORTAL_FIELDS = {
    "trade.service.ticket": {
        "name",
        "title",
        "ticket_type",
        "partner_id",
        "email_from",
        "sale_order_id",
        "description",
        "urgency",
        "state",
        "date_open",
        "date_resolution_deadline",
        "resolution",
        "company_id",
    },
    "sale.order": {"trade_stage_id", "trade_stage_code", "trade_expected_ship_date"},
    "sale.order.line": set(),
    # Odoo's own salesperson field, redefined here only to track it
    "res.partner": {"user_id"},
    "stock.picking": set(),
    "account.move": set(),
    "account.move.line": set(),
}
#: The addons' own models a portal customer may read at all.
PORTAL_MODELS = {"trade.order.stage", "trade.service.ticket"}


@tagged("post_install", "-at_install")
class TestPortalFields(TradeOrderCase):
    """A portal customer reads, over JSON-RPC, none of our internal fields."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="trade_portal_fields",
            groups="base.group_portal",
            partner_id=cls.key_contact.id,
        )

    def _trade_fields(self, model):
        return {
            name
            for name, field in self.env[model]._fields.items()
            if (field._module or "").startswith("trade_")
            and not field.automatic
            and name != "display_name"
        }

    def test_only_the_portal_pages_fields_are_readable(self):
        for model, allowed in PORTAL_FIELDS.items():
            with self.subTest(model=model):
                readable = set(self.env[model].with_user(self.portal_user).fields_get())
                leaked = (self._trade_fields(model) & readable) - allowed
                self.assertFalse(leaked, f"{model}: portal reads {sorted(leaked)}")

    def test_portal_reads_no_other_trade_model(self):
        models = self.env["ir.model"].search([("model", "=like", "trade.%")])
        readable = {
            model.model
            for model in models
            if not self.env[model.model]._abstract
            and self.env[model.model].with_user(self.portal_user).has_access("read")
        }
        self.assertEqual(readable, PORTAL_MODELS)

    def test_own_ticket_internals_are_refused(self):
        ticket = self.env["trade.service.ticket"].create(
            {
                "title": "Leak",
                "partner_id": self.key_customer.id,
                "investigation": "The supplier changed the gasket material",
            }
        )
        mine = ticket.with_user(self.portal_user)
        self.assertEqual(mine.read(["title"])[0]["title"], "Leak")
        for field_name in (
            "investigation",
            "supplier_id",
            "satisfaction",
            "staff_rating_state",
            "satisfaction_value",
        ):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                mine.read([field_name])
        with self.assertRaises(AccessError):
            self.key_customer.with_user(self.portal_user).read(["trade_customer_tier"])
