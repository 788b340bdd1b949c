from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from .contract_common import TradeContractCase


@tagged("post_install", "-at_install")
class TestDashboard(TradeContractCase):
    """The dashboard's figures are those of the records they open, for the
    records the user may read."""

    def _dashboard(self, user):
        data = self.env["trade.dashboard"].with_user(user).get_dashboard()
        cards = {card["key"]: card for card in data["cards"]}
        charts = {chart["key"]: chart for chart in data["charts"]}
        return cards, charts

    def _records(self, user, action):
        return self.env[action["res_model"]].with_user(user).search(action["domain"])

    def _confirmed(self, **values):
        """A confirmed order, past the confirmation rules (the department's
        and trade_risk's credit checks have tests of their own)."""
        order = self._quotation(**values)
        order.write(order._prepare_confirmation_values())
        order._action_confirm()
        return order

    def _opportunity(self, user, amount, name="Valves tender"):
        return self.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "user_id": user.id,
                "expected_revenue": amount,
                "partner_id": self.key_customer.id,
            }
        )

    def test_pipeline_by_stage_is_the_opportunities_it_opens(self):
        self._opportunity(self.salesperson, 5000)
        self._opportunity(self.colleague, 7000, "Pumps tender")
        for user in (self.manager, self.salesperson):
            cards, charts = self._dashboard(user)
            chart = charts["pipeline"]
            [dataset] = chart["datasets"]
            for amount, action in zip(dataset["data"], dataset["actions"], strict=True):
                leads = self._records(user, action)
                self.assertAlmostEqual(sum(leads.mapped("expected_revenue")), amount)
            self.assertAlmostEqual(cards["pipeline"]["value"], sum(dataset["data"]))
        # the salesperson's pipeline is his own opportunity
        cards, _charts = self._dashboard(self.salesperson)
        self.assertEqual(cards["pipeline"]["value"], 5000)
        manager_cards, _charts = self._dashboard(self.manager)
        self.assertGreaterEqual(manager_cards["pipeline"]["value"], 12000)

    def test_orders_by_stage_and_delay(self):
        order = self._confirmed()
        order.commitment_date = fields.Datetime.now() - timedelta(days=3)
        for user in (self.manager, self.salesperson):
            cards, charts = self._dashboard(user)
            chart = charts["orders_by_stage"]
            self.assertEqual(
                [dataset["label"] for dataset in chart["datasets"]],
                ["On time", "Delayed"],
            )
            for dataset in chart["datasets"]:
                for count, action in zip(
                    dataset["data"], dataset["actions"], strict=True
                ):
                    self.assertEqual(len(self._records(user, action)), count)
            delayed = chart["datasets"][1]["data"]
            self.assertEqual(sum(delayed), cards["delayed"]["value"])
            self.assertEqual(
                len(self._records(user, cards["delayed"]["action"])),
                cards["delayed"]["value"],
            )
            self.assertEqual(
                sum(map(sum, (dataset["data"] for dataset in chart["datasets"]))),
                len(self._records(user, chart["action"])),
            )
        self.assertIn(
            order, self._records(self.salesperson, charts["orders_by_stage"]["action"])
        )

    def test_sales_against_target(self):
        team = self.env["crm.team"].create({"name": "Export", "invoiced_target": 0})
        cards, charts = self._dashboard(self.manager)
        target_before = cards["sales"]["target"]
        sales_before = cards["sales"]["value"]
        team.invoiced_target = 50000
        self._confirmed(quantity=10, price=100)
        cards, charts = self._dashboard(self.manager)
        self.assertAlmostEqual(cards["sales"]["value"] - sales_before, 1000.0)
        [dataset] = charts["sales_target"]["datasets"]
        self.assertEqual(
            dataset["data"], [cards["sales"]["value"], cards["sales"]["target"]]
        )
        # the target is the one of the records its bar opens (the sales
        # teams', or another addon's, e.g. the appraisal's of the month)
        action = dataset["actions"][1]
        field = "invoiced_target" if action["res_model"] == "crm.team" else "target"
        targets = self._records(self.manager, action)
        self.assertAlmostEqual(sum(targets.mapped(field)), cards["sales"]["target"])
        if action["res_model"] == "crm.team":
            self.assertEqual(cards["sales"]["target"] - target_before, 50000)
        orders = self._records(self.manager, dataset["actions"][0])
        self.assertAlmostEqual(sum(orders.mapped("amount_untaxed")), dataset["data"][0])
        # a salesperson sees his own sales, without the department's target
        cards, charts = self._dashboard(self.salesperson)
        self.assertIsNone(cards["sales"]["target"])
        self.assertEqual(len(charts["sales_target"]["datasets"][0]["data"]), 1)
        orders = self._records(self.salesperson, cards["sales"]["action"])
        self.assertEqual(orders.user_id, self.salesperson)
        self.assertAlmostEqual(cards["sales"]["value"], 1000.0)

    def test_sales_in_another_currency_at_the_order_dates_rate(self):
        """An order in another currency counts at the rate of its order
        date, as in Odoo's sales analysis, not at today's rate."""
        company = self.env.company
        foreign = (
            self.env.ref("base.EUR")
            if company.currency_id != self.env.ref("base.EUR")
            else self.env.ref("base.USD")
        )
        foreign.active = True
        rates = self.env["res.currency.rate"]
        rates.search([("currency_id", "=", foreign.id)]).unlink()
        rates.create(
            [
                # 1 unit of the company's currency is worth 2, then 4, of it
                {"currency_id": foreign.id, "name": "2026-06-01", "rate": 2.0},
                {"currency_id": foreign.id, "name": "2026-06-15", "rate": 4.0},
            ]
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign price list", "currency_id": foreign.id}
        )
        with freeze_time("2026-06-05 10:00:00"):
            before = self._dashboard(self.manager)[0]["sales"]["value"]
            order = self._quotation(quantity=10, price=100)
            order.pricelist_id = pricelist
            order.order_line.price_unit = 100
            order.write(order._prepare_confirmation_values())
            order._action_confirm()
            self.assertEqual(order.currency_id, foreign)
            self.assertEqual(order.currency_rate, 2.0)
        with freeze_time("2026-06-20 10:00:00"):
            cards, charts = self._dashboard(self.manager)
        # 1,000 of the foreign currency at 2: 500, not 250 at today's 4
        self.assertAlmostEqual(cards["sales"]["value"] - before, 500.0)
        [dataset] = charts["sales_target"]["datasets"]
        self.assertEqual(dataset["data"][0], cards["sales"]["value"])

    def test_after_sales_on_time_per_month(self):
        Ticket = self.env["trade.service.ticket"]
        tickets = Ticket.create(
            [
                {"title": "Leaking valve", "partner_id": self.key_customer.id},
                {"title": "Rusty flange", "partner_id": self.key_customer.id},
            ]
        )
        tickets._trade_workflow_write(
            {"state": "closed", "date_closed": fields.Datetime.now()}
        )
        tickets[0]._trade_workflow_write(
            {"sla_breached": False, "sla_compliance": 100.0}
        )
        tickets[1]._trade_workflow_write({"sla_breached": True, "sla_compliance": 0.0})
        cards, charts = self._dashboard(self.manager)
        chart = charts["sla_rate"]
        [dataset] = chart["datasets"]
        self.assertEqual(len(chart["labels"]), 12)
        self.assertTrue(dataset["actions"][-1], "this month has closed tickets")
        for rate, action in zip(dataset["data"], dataset["actions"], strict=True):
            if action is None:
                self.assertIsNone(rate)
                continue
            [(average,)] = (
                self.env["trade.service.ticket"]
                .with_user(self.manager)
                ._read_group(action["domain"], [], ["sla_compliance:avg"])
            )
            self.assertAlmostEqual(average, rate)
        self.assertIn(tickets[1], self._records(self.manager, dataset["actions"][-1]))

    def test_after_sales_on_time_without_tickets_shows_no_rate(self):
        """No ticket in the last 30 days: the card says so instead of a rate."""
        self.env["trade.service.ticket"].search([])._trade_workflow_write(
            {"date_open": fields.Datetime.now() - timedelta(days=60)}
        )
        cards, _charts = self._dashboard(self.manager)
        self.assertIsNone(cards["sla"]["value"])
        self.assertEqual(cards["sla"]["note"], "no tickets in the last 30 days")

    def test_receivables_over_60_days(self):
        cards, _charts = self._dashboard(self.manager)
        before = cards["receivables"]["value"]
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.key_customer.id,
                "invoice_date": fields.Date.today() - timedelta(days=120),
                "invoice_date_due": fields.Date.today() - timedelta(days=90),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Valves", "quantity": 1, "price_unit": 1000}
                    )
                ],
            }
        )
        invoice.action_post()
        cards, _charts = self._dashboard(self.manager)
        self.assertAlmostEqual(
            cards["receivables"]["value"] - before, invoice.amount_total, places=2
        )
        lines = self._records(self.manager, cards["receivables"]["action"])
        self.assertIn(invoice, lines.move_id)

    def test_every_card_opens_its_records(self):
        for user in (self.manager, self.salesperson, self.merchandiser):
            cards, charts = self._dashboard(user)
            for card in cards.values():
                self._records(user, card["action"])
            for chart in charts.values():
                if chart["action"]:
                    self._records(user, chart["action"])
