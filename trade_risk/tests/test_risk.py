from datetime import date

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.misc import formatLang

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestRiskRegister(TradeRiskCase):
    def _risk(self, user=None, **values):
        return (
            self.env["trade.risk"]
            .with_user(user or self.credit_manager)
            .create(
                dict(
                    {
                        "name": "Steel price increase",
                        "category": "market",
                        "likelihood": 4,
                        "impact": 5,
                    },
                    **values,
                )
            )
        )

    def test_score_and_level(self):
        risk = self._risk()
        self.assertEqual((risk.score, risk.level), (20, "critical"))
        risk.write({"likelihood": 2, "impact": 2})
        self.assertEqual((risk.score, risk.level), (4, "low"))
        risk.impact = 3
        self.assertEqual(risk.level, "medium")
        risk.write({"likelihood": 5, "impact": 3})
        self.assertEqual(risk.level, "high")

    def test_likelihood_and_impact_go_from_1_to_5(self):
        with self.assertRaisesText(ValidationError, "go from 1 to 5"):
            self._risk(likelihood=6)
        with self.assertRaisesText(ValidationError, "go from 1 to 5"):
            self._risk(impact=0)

    def test_mitigation_workflow(self):
        risk = self._risk()
        with self.assertRaisesText(UserError, "at least one mitigation action"):
            risk.action_start_mitigation()
        risk.action_ids = [
            Command.create({"name": "Fix the steel price with the mill for Q3"}),
            Command.create({"name": "Add a price adjustment clause"}),
        ]
        risk.action_start_mitigation()
        self.assertEqual(risk.state, "mitigating")
        with self.assertRaisesText(UserError, "Fix the steel price"):
            risk.action_monitor()
        risk.action_ids.action_done()
        self.assertEqual(risk.open_action_count, 0)
        risk.action_monitor()
        with self.assertRaisesText(UserError, "Closing Note"):
            risk.action_close()
        risk.closing_note = "Prices fixed until year end"
        risk.action_close()
        self.assertEqual(risk.state, "closed")
        with self.assertRaisesText(UserError, "cannot be monitored"):
            risk.action_monitor()
        risk.action_reopen()
        self.assertEqual(risk.state, "identified")

    def test_heat_map_counts_risks_by_likelihood_and_impact(self):
        self._risk(likelihood=4, impact=5)
        self._risk(name="Port congestion", category="logistics", likelihood=4, impact=5)
        self._risk(name="Late payment", category="credit", likelihood=2, impact=3)
        cells = {
            (likelihood, impact): count
            for likelihood, impact, count in self.env["trade.risk"]._read_group(
                [("create_uid", "=", self.credit_manager.id)],
                ["likelihood", "impact"],
                ["__count"],
            )
        }
        self.assertEqual(cells, {(4, 5): 2, (2, 3): 1})

    def test_heat_map_grid_of_the_risks_the_user_may_read(self):
        market = self._risk(likelihood=5, impact=4)
        self._risk(
            name="Yuanhang may delay payments",
            category="credit",
            partner_id=self.colleague_customer.id,
            owner_id=self.colleague.id,
            likelihood=5,
            impact=4,
        )
        own = self._risk(
            user=self.salesperson,
            name="Hongda competitor offer",
            partner_id=self.customer.id,
            likelihood=2,
            impact=3,
        )
        Risk = self.env["trade.risk"].with_user(self.salesperson)
        grid = Risk.get_heat_map()
        self.assertEqual([row["likelihood"] for row in grid["rows"]], [5, 4, 3, 2, 1])
        self.assertEqual(grid["rows"][0]["label"], "Almost certain")
        self.assertEqual(
            [impact["label"] for impact in grid["impacts"]],
            ["Negligible", "Minor", "Moderate", "Major", "Severe"],
        )
        cells = {
            (cell["likelihood"], cell["impact"]): cell
            for row in grid["rows"]
            for cell in row["cells"]
        }
        self.assertEqual(len(cells), 25)
        levels = {key: cell["level"] for key, cell in cells.items()}
        self.assertEqual(
            [levels[1, 1], levels[2, 3], levels[5, 2], levels[4, 4]],
            ["low", "medium", "high", "critical"],
        )
        self.assertEqual(cells[5, 4]["level_label"], "Critical")
        self.assertEqual(cells[5, 4]["score"], 20)
        # each cell counts what its domain opens for the user: the colleague's
        # credit risk on his own customer is neither counted nor opened
        for cell in (cells[5, 4], cells[2, 3]):
            self.assertEqual(cell["count"], Risk.search_count(cell["domain"]))
        self.assertIn(market, Risk.search(cells[5, 4]["domain"]))
        self.assertIn(own, Risk.search(cells[2, 3]["domain"]))
        everyone = self.env["trade.risk"].search_count(cells[5, 4]["domain"])
        self.assertEqual(cells[5, 4]["count"], everyone - 1)
        self.assertEqual(grid["total"], Risk.search_count([("state", "!=", "closed")]))

        credit = Risk.get_heat_map(category="credit")
        self.assertEqual(credit["category"], "credit")
        self.assertNotIn(market, Risk.search(credit["rows"][0]["cells"][3]["domain"]))
        self.assertFalse(Risk.get_heat_map(category="no such category")["category"])

    def test_who_works_on_which_risk(self):
        market = self._risk()
        colleague_risk = self._risk(
            name="Yuanhang may delay payments",
            category="credit",
            partner_id=self.colleague_customer.id,
            owner_id=self.colleague.id,
        )
        own = self._risk(
            user=self.salesperson,
            name="Hongda competitor offer",
            partner_id=self.customer.id,
        )
        Risk = self.env["trade.risk"].with_user(self.salesperson)
        ids = (market | colleague_risk | own).ids
        self.assertEqual(Risk.search([("id", "in", ids)]), market | own)
        with self.assertRaises(AccessError):
            market.with_user(self.salesperson).write({"likelihood": 1})
        with self.assertRaises(AccessError):
            colleague_risk.with_user(self.salesperson).read(["name"])
        own.with_user(self.salesperson).write({"likelihood": 2})
        self.assertEqual(own.score, 10)


@tagged("post_install", "-at_install")
class TestEarlyWarnings(TradeRiskCase):
    def _warn(self, Risk, rule):
        """Run one rule of the early warnings and raise what it finds."""
        return Risk._raise_warnings(self.company, getattr(Risk, rule)(self.company))

    def _warnings(self, model="trade.risk", key=None):
        domain = [("warning_type", "!=", False)]
        if key:
            domain.append(("warning_key", "=", key))
        return self.env[model].search(domain)

    def test_customer_overdue_beyond_the_threshold_opens_then_updates_a_risk(self):
        with freeze_time("2026-03-01"):
            self._invoice(self.customer, 30000.0, date(2026, 2, 1), date(2026, 3, 1))
        Risk = self.env["trade.risk"]
        with freeze_time("2026-04-25"):  # 55 days
            self._warn(Risk, "_warn_overdue")
        key = f"overdue:{self.customer.id}"
        self.assertFalse(self._warnings(key=key))
        with freeze_time("2026-05-05"):  # 65 days
            self._warn(Risk, "_warn_overdue")
        risk = self._warnings(key=key)
        self.assertEqual(len(risk), 1)
        self.assertEqual(
            (
                risk.category,
                risk.partner_id,
                risk.owner_id,
                risk.likelihood,
                risk.impact,
            ),
            ("credit", self.customer, self.credit_manager, 3, 3),
        )
        self.assertIn("65 days", risk.description)
        with freeze_time("2026-06-05"):  # 96 days
            self._warn(Risk, "_warn_overdue")
        self.assertEqual(self._warnings(key=key), risk, "updated, not duplicated")
        self.assertEqual(risk.likelihood, 4)
        self.assertEqual(risk.date_last_warning, date(2026, 6, 5))
        risk.write({"closing_note": "Payment plan agreed"})
        risk.action_close()
        with freeze_time("2026-06-06"):
            self._warn(Risk, "_warn_overdue")
        self.assertEqual(len(self._warnings(key=key)), 2, "a new episode")

    def test_exposure_above_90_percent_of_the_limit(self):
        self._invoice(self.customer, 85000.0)
        Risk = self.env["trade.risk"]
        self._warn(Risk, "_warn_exposure")
        key = f"exposure:{self.customer.id}"
        self.assertFalse(self._warnings(key=key), "85%")
        self._order(self.customer, 10000.0).action_confirm()
        self._warn(Risk, "_warn_exposure")
        risk = self._warnings(key=key)
        self.assertEqual(risk.likelihood, 4, "95%")
        self.assertIn("95%", risk.description)

    def test_product_cost_moved_since_orders_were_priced(self):
        order = self._order(self.customer, 1000.0)
        order.order_line.product_uom_qty = 10
        order.order_line.price_unit = 1000.0
        order.action_confirm()
        self.assertEqual(order.order_line.sudo().trade_cost_at_confirmation, 600.0)
        Risk = self.env["trade.risk"]
        key = f"cost:{self.product.id}"
        self.product.standard_price = 650.0  # +8.3 %
        self._warn(Risk, "_warn_cost")
        self.assertFalse(self._warnings(key=key))
        self.product.standard_price = 720.0  # +20 %
        self._warn(Risk, "_warn_cost")
        risk = self._warnings(key=key)
        self.assertEqual(
            (risk.category, risk.product_id, risk.impact), ("market", self.product, 4)
        )
        self.assertIn(order.name, risk.description)
        self.assertIn("-1,200.00", risk.description, "margin lost on 10 units")

    def _shipments(self, carrier, count):
        """Outgoing shipments of the carrier, delivered today."""
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        pickings = self.env["stock.picking"].create(
            [
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": self.customer.id,
                    "trade_carrier_partner_id": carrier.id,
                }
                for _index in range(count)
            ]
        )
        # the shipments' own flow is tested in trade_business_dept: only their
        # state and date count here
        pickings.write({"state": "done", "date_done": fields.Datetime.now()})
        return pickings

    def test_carrier_incident_rate_above_the_threshold(self):
        carrier = self.env["res.partner"].create(
            {
                "name": "Hongyun Forwarding Test",
                "is_company": True,
                "trade_is_carrier": True,
            }
        )
        shipments = self._shipments(carrier, 10)
        Incident = self.env["trade.logistics.incident"]
        Incident.create(
            {
                "picking_id": shipments[0].id,
                "incident_type": "damage",
                "description": "Crate broken",
            }
        )
        Risk = self.env["trade.risk"]
        key = f"carrier:{carrier.id}"
        self._warn(Risk, "_warn_carrier")
        self.assertFalse(self._warnings(key=key), "1 incident in 10 shipments: 10%")
        Incident.create(
            {
                "picking_id": shipments[1].id,
                "incident_type": "loss",
                "description": "Pallet lost",
            }
        )
        Incident.create(
            [
                {
                    "picking_id": picking.id,
                    "incident_type": "delay",
                    "description": "Late",
                }
                for picking in shipments[2:4]
            ]
        )
        self._warn(Risk, "_warn_carrier")
        risk = self._warnings(key=key)
        self.assertEqual((risk.category, risk.partner_id), ("logistics", carrier))
        self.assertEqual(risk.likelihood, 5, "40%: more than three times the 10%")
        self.assertIn("4 incidents for 10 shipments", risk.description)
        with self.assertRaisesText(ValidationError, "carrier incident rate"):
            self.company.trade_risk_carrier_incident_rate = 0.0

    def test_review_reminder_once(self):
        risk = self.env["trade.risk"].create(
            {
                "name": "Currency swing",
                "owner_id": self.salesperson.id,
                "review_date": date(2026, 1, 1),
            }
        )
        self.env["trade.risk"]._remind_reviews()
        self.env["trade.risk"]._remind_reviews()
        review = risk.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id
                == self.env.ref("trade_risk.mail_activity_type_trade_risk_review")
            )
        )
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.salesperson)

    def test_scheduled_action_runs_every_warning(self):
        with freeze_time("2026-01-01"):
            self._invoice(self.customer, 95000.0, date(2026, 1, 1), date(2026, 1, 1))
        with freeze_time("2026-04-01"):
            self.env["trade.risk"]._cron_early_warnings()
        risks = self.env["trade.risk"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(set(risks.mapped("warning_type")), {"overdue", "exposure"})
        self.assertTrue(risks.activity_ids, "new risks get their first review")


@tagged("post_install", "-at_install")
class TestMeetingFigures(TradeRiskCase):
    def test_department_meeting_reviews_overdue_receivables(self):
        Meeting = self.env["trade.meeting"]
        before = dict(Meeting.new({"company_id": self.company.id})._extra_figures())
        self._invoice(self.customer, 4200.0, self.days_ago(40), self.days_ago(20))
        meeting = Meeting.create(
            {"meeting_type": "weekly", "date": fields.Datetime.now()}
        )
        figures = dict(meeting._extra_figures())
        label = "Customers with overdue receivables"
        self.assertEqual(figures[label], before[label] + 1)
        overdue = self.env["trade.receivable.query"]._read_overdue(self.company)
        self.assertEqual(overdue[self.customer.id][0], 4200.0)
        total = sum(amount for amount, _days in overdue.values())
        self.assertEqual(
            figures["Overdue receivables (now)"],
            formatLang(self.env, total, currency_obj=self.currency),
        )
        self.assertIn("Overdue receivables (now)", str(meeting.agenda))
