from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from .order_common import TradeOrderCase


@tagged("post_install", "-at_install")
class TestScope(TradeOrderCase):
    """The department's rules apply to the teams marked as the business
    department (or to every order, by one setting); other orders of the
    company keep Odoo's standard behaviour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"trade_scope_all_orders": False, "trade_order_checks": True})
        cls.department_team = cls.env["crm.team"].create(
            {"name": "Export Desk", "trade_business_dept": True}
        )
        cls.webshop_team = cls.env["crm.team"].create({"name": "Webshop"})
        cls.goods = cls.env["product.product"].create(
            {"name": "Garden hose", "type": "consu", "list_price": 20.0}
        )
        cls.plain_salesman = new_test_user(
            cls.env,
            login="trade_plain_salesman",
            groups="sales_team.group_sale_salesman",
        )

    def _incomplete_order(self, team, user=None):
        # no promised date, no specification, nothing verified
        user = user or self.salesperson
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.key_customer.id,
                    "user_id": user.id,
                    "team_id": team.id,
                    "order_line": [
                        (0, 0, {"product_id": self.goods.id, "product_uom_qty": 5})
                    ],
                }
            )
        )

    def test_other_teams_confirm_as_in_standard_odoo(self):
        order = self._incomplete_order(self.webshop_team, user=self.plain_salesman)
        self.assertFalse(order.trade_in_scope)
        order.with_user(self.plain_salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.trade_stage_id)
        self.assertFalse(
            self.env["trade.handoff"].search([("order_id", "=", order.id)])
        )
        # the warehouse ships it without transport details
        delivery = order.with_env(self.env).picking_ids
        delivery.move_ids.quantity = 5
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

    def test_department_team_follows_the_rules(self):
        order = self._incomplete_order(self.department_team)
        self.assertTrue(order.trade_in_scope)
        with self.assertRaisesText(Exception, "cannot be confirmed yet"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_one_setting_extends_the_rules_to_every_order(self):
        order = self._incomplete_order(self.webshop_team)
        self.company.trade_scope_all_orders = True
        self.assertTrue(order.trade_in_scope)
        self.assertIn(
            order,
            self.env["sale.order"].search([("trade_in_scope", "=", True)]),
        )
        with self.assertRaisesText(Exception, "cannot be confirmed yet"):
            order.action_confirm()

    def test_plain_salesman_confirms_a_department_order(self):
        """What the addons record on the side (stage, logs, hand-offs) needs
        no right of a user outside the department's groups."""
        order = self._incomplete_order(self.department_team, user=self.plain_salesman)
        order.write(
            {
                "commitment_date": date(2030, 1, 1),
                "trade_checked_specification": True,
                "trade_checked_quantity": True,
                "trade_checked_date": True,
                "trade_checked_price": True,
            }
        )
        order.order_line.name = "Garden hose, 25 m, UV resistant"
        order.with_user(self.plain_salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.trade_stage_id)
        self.assertTrue(self.env["trade.handoff"].search([("order_id", "=", order.id)]))

    def test_marking_a_team_starts_the_tracking_job(self):
        cron = self.env.ref("trade_business_dept.ir_cron_trade_order_tracking")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        self.webshop_team.trade_business_dept = True
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 1)

    def _read_our_fields(self, records, user):
        """Reads as ``user`` every field the addons add to ``records`` that
        ``user`` may read (a few of Odoo's own fields, such as the on-time
        rate purchase_stock adds to partners, are not readable by every user
        in standard Odoo)."""
        records = records.with_user(user)
        records.read(
            [
                name
                for name in records.check_field_access_rights("read", None)
                if any(m.startswith("trade_") for m in records._fields[name]._modules)
            ]
        )

    def test_users_outside_the_department_read_whole_records(self):
        """Odoo's clients read every field of a record (``read()`` without
        field names, as Odoo's own sale tests do): the department's side
        records (stage history, delays, inspections, visits, feedback,
        contracts, meetings, incidents) are fields of the department's groups
        only, and what a purchase shows of its customers' orders is computed
        whoever reads it."""
        order = self._incomplete_order(self.webshop_team, user=self.plain_salesman)
        order.commitment_date = date(2030, 1, 1)
        order.with_user(self.plain_salesman).action_confirm()
        order.with_user(self.plain_salesman).read()
        self._read_our_fields(order.partner_id, self.plain_salesman)
        self._read_our_fields(self.plain_salesman, self.plain_salesman)
        lead = self.env["crm.lead"].create(
            {
                "name": "Hoses for the garden centre",
                "type": "opportunity",
                "user_id": self.plain_salesman.id,
            }
        )
        self._read_our_fields(lead, self.plain_salesman)
        self._read_our_fields(order.picking_ids, self.logistics_user)
        project_user = new_test_user(
            self.env, login="trade_plain_project", groups="project.group_project_user"
        )
        project = self.env["project.project"].create({"name": "Webshop launch"})
        self._read_our_fields(project, project_user)
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.goods.id,
                            "product_qty": 5,
                            "sale_line_id": order.order_line.id,
                        }
                    )
                ],
            }
        )
        # the buyer sees the date promised to a customer of an order he may
        # not open
        as_buyer = purchase.with_user(self.purchasing_user)
        self._read_our_fields(purchase, self.purchasing_user)
        self.assertEqual(as_buyer.trade_customer_commitment_date, order.commitment_date)
        # the department's own people still see them
        own = self._incomplete_order(self.department_team)
        self.assertIn("trade_stage_log_ids", own.with_user(self.salesperson).read()[0])

    def test_storekeeper_ships_an_order_he_may_not_open(self):
        """A storekeeper who sells too (his own orders only) ships another
        salesperson's order as in standard Odoo: the shipping rules and the
        tracking read the order whoever ships (Odoo's sale_stock test
        ``test_inventory_admin_no_backorder_not_own_sale_order``)."""
        order = self._incomplete_order(self.webshop_team, user=self.plain_salesman)
        order.with_user(self.plain_salesman).action_confirm()
        storekeeper = new_test_user(
            self.env,
            login="trade_plain_storekeeper",
            groups="stock.group_stock_manager,sales_team.group_sale_salesman",
        )
        delivery = order.picking_ids.with_user(storekeeper)
        delivery.move_ids.write({"quantity": 2, "picked": True})
        delivery.with_context(cancel_backorder=True)._action_done()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 2)
