from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.trade_business_dept.tests.cron_common import CronBatchesMixin

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestMarketResearch(CronBatchesMixin, TradeRiskCase):
    """R5.1.1 (issue 15): the department records market information, plans
    the research of each product category with reminders, and the early
    warnings compare the market with our prices and orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "trade_risk_market_days": 90,
                "trade_risk_market_price_gap": 0.1,
                "trade_risk_market_falling_reports": 2,
                "trade_risk_market_order_drop": 0.2,
            }
        )
        Category = cls.env["product.category"]
        cls.valves = Category.create({"name": "Valves Market Test"})
        cls.ball_valves = Category.create(
            {"name": "Ball Valves Market Test", "parent_id": cls.valves.id}
        )
        cls.tools = Category.create({"name": "Garden Tools Market Test"})
        cls.product.categ_id = cls.ball_valves
        cls.tool_set = cls.env["product.product"].create(
            {
                "name": "Garden tool set",
                "type": "consu",
                "list_price": 24.0,
                "categ_id": cls.tools.id,
                "taxes_id": [Command.clear()],
            }
        )

    def _info(self, user=None, **values):
        return (
            self.env["trade.market.info"]
            .with_user(user or self.salesperson)
            .create(
                {
                    "product_id": self.product.id,
                    "competitor": "Zhejiang Valve Co.",
                    "source": "trade_show",
                    **values,
                }
            )
        )

    def _schedule(self, categ, user, **values):
        return (
            self.env["trade.market.research.schedule"]
            .with_user(self.manager)
            .create({"categ_id": categ.id, "user_id": user.id, **values})
        )

    def _reminders(self, schedule):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", schedule._name),
                ("res_id", "=", schedule.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "trade_risk.mail_activity_type_trade_market_research"
                    ).id,
                ),
            ]
        )

    def _market_risks(self, warning_type, subject):
        """The risks of the warning about the product or category."""
        field = "product_id" if subject._name == "product.product" else "categ_id"
        return self.env["trade.risk"].search(
            [("warning_type", "=", warning_type), (field, "=", subject.id)]
        )

    def _warnings(self, rule, subject):
        """The warnings of ``rule`` about the product or category."""
        kind = "price" if subject._name == "product.product" else "demand"
        key = f"market_{kind}:{subject.id}"
        return [
            warning
            for warning in getattr(self.env["trade.risk"], rule)(self.company)
            if warning["warning_key"] == key
        ]

    def _sell(self, product, quantity, price, days_ago=0):
        """A confirmed order of the product, dated ``days_ago``."""
        order = self._order(
            self.customer,
            0.0,
            order_line=[
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": quantity,
                        "price_unit": price,
                        "tax_id": [Command.clear()],
                    }
                )
            ],
        )
        order.with_user(self.salesperson).action_confirm()
        if days_ago:
            order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
        return order

    # ------------------------------------------------------------------
    # Market information
    # ------------------------------------------------------------------
    def test_salesperson_records_market_info(self):
        with Form(
            self.env["trade.market.info"].with_user(self.salesperson)
        ) as info_form:
            info_form.product_id = self.product
            info_form.price = 880.0
            info_form.competitor = "Zhejiang Valve Co."
            info_form.demand_trend = "falling"
            info_form.country_id = self.env.ref("base.de")
        info = info_form.record
        self.assertEqual(
            (info.categ_id, info.user_id, info.date),
            (self.ball_valves, self.salesperson, fields.Date.today()),
        )
        self.assertTrue(info.name.startswith("MKT/"))
        # a category alone is an observation too; nothing is not
        category_info = self._info(product_id=False, categ_id=self.tools.id)
        self.assertEqual(category_info.categ_id, self.tools)
        with self.assertRaises(ValidationError):
            self._info(product_id=False)
        # the department reads it, the credit manager too
        for user in (self.colleague, self.credit_manager, self.manager):
            self.assertEqual(info.with_user(user).competitor, "Zhejiang Valve Co.")

    def test_only_own_market_info_is_changed(self):
        info = self._info(price=900.0)
        info.with_user(self.salesperson).write({"price": 910.0})
        with self.assertRaises(AccessError):
            info.with_user(self.colleague).write({"price": 500.0})
        with self.assertRaises(AccessError):
            info.with_user(self.colleague).unlink()
        with self.assertRaises(AccessError):
            info.with_user(self.credit_manager).write({"price": 500.0})
        # nobody records in someone else's name, nor hands a record over
        with self.assertRaises(UserError):
            self._info(user_id=self.colleague.id)
        with self.assertRaises(UserError):
            info.with_user(self.salesperson).write({"user_id": self.colleague.id})
        # the business manager corrects any record
        info.with_user(self.manager).write({"price": 920.0})
        self.assertEqual(info.price, 920.0)
        info.with_user(self.salesperson).unlink()

    # ------------------------------------------------------------------
    # Research schedules and reminders
    # ------------------------------------------------------------------
    def test_schedules_are_the_managers(self):
        with self.assertRaises(AccessError):
            self.env["trade.market.research.schedule"].with_user(
                self.salesperson
            ).create({"categ_id": self.valves.id, "user_id": self.salesperson.id})
        schedule = self._schedule(self.valves, self.salesperson)
        self.assertEqual(schedule.with_user(self.salesperson).categ_id, self.valves)
        with self.assertRaises(AccessError):
            schedule.with_user(self.salesperson).write({"interval_number": 6})
        with self.assertRaises(ValidationError):
            schedule.with_user(self.manager).write({"interval_number": 0})

    def test_research_reminder_once_per_due_period(self):
        Schedule = self.env["trade.market.research.schedule"]
        schedule = self._schedule(self.valves, self.salesperson)
        # never researched: due from its creation
        self.assertTrue(schedule.research_due)
        self.assertFalse(schedule.date_last_research)
        self.assertIn(schedule, Schedule.search([("research_due", "=", True)]))
        Schedule._cron_research_reminders()
        reminder = self._reminders(schedule)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.salesperson)
        self.assertIn("Valves Market Test: never researched", reminder.summary)
        # the next runs do not remind again, even once the reminder is done
        Schedule._cron_research_reminders()
        self.assertEqual(self._reminders(schedule), reminder)
        reminder.action_feedback(feedback="Asked two customers")
        Schedule._cron_research_reminders()
        self.assertFalse(self._reminders(schedule))
        # research of a sub-category recorded 40 days ago: due again, once
        self._info(date=fields.Date.today() - timedelta(days=40))
        schedule.invalidate_recordset()
        last = fields.Date.today() - timedelta(days=40)
        self.assertEqual(schedule.date_last_research, last)
        self.assertEqual(schedule.date_next_research, last + relativedelta(months=1))
        self.assertTrue(schedule.research_due)
        Schedule._cron_research_reminders()
        reminder = self._reminders(schedule)
        self.assertEqual(len(reminder), 1)
        self.assertIn("last researched on", reminder.summary)
        # recording today's research closes the reminder: not due any more
        self._info(price=950.0)
        schedule.invalidate_recordset()
        self.assertFalse(self._reminders(schedule))
        self.assertFalse(schedule.research_due)
        self.assertEqual(schedule.date_last_research, fields.Date.today())
        self.assertNotIn(schedule, Schedule.search([("research_due", "=", True)]))
        self.assertIn(schedule, Schedule.search([("research_due", "=", False)]))
        Schedule._cron_research_reminders()
        self.assertFalse(self._reminders(schedule))

    def test_research_reminders_in_small_batches_over_several_calls(self):
        """One batch a call; a schedule reminded is not selected again
        (issue 18.1)."""
        self.env["ir.config_parameter"].set_param(
            "trade_business_dept.cron.time_budget", "0.000001"
        )
        schedules = self.env["trade.market.research.schedule"]
        for categ in (self.valves, self.tools, self.ball_valves):
            schedules |= self._schedule(categ, self.salesperson)
        patcher, batches = self._recording(
            "trade.market.research.schedule", "_remind_research"
        )
        job = (
            "trade_risk.ir_cron_trade_market_research",
            "_cron_research_reminders",
        )
        with patcher:
            calls = self._run(*job, batch_size=1)
            self.assertEqual(self._run(*job, batch_size=1), [(0, 0)])
        self.assertGreaterEqual(len(calls), 3)
        self.assertTrue(all(done <= 1 for done, __ in calls))
        self.assertEqual([left for __, left in calls][-1], 0)
        reminded = [schedule_id for batch in batches for schedule_id in batch]
        self.assertEqual(len(reminded), len(set(reminded)), "reminded once")
        self.assertLessEqual(set(schedules.ids), set(reminded))
        for schedule in schedules:
            self.assertEqual(len(self._reminders(schedule)), 1)

    def test_research_reminder_in_the_responsibles_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["trade_risk"], ["zh_CN"], overwrite=True
        )
        self.colleague.lang = "zh_CN"
        schedule = self._schedule(self.tools, self.colleague)
        self.env["trade.market.research.schedule"]._cron_research_reminders()
        self.assertEqual(
            self._reminders(schedule).summary,
            "调研 Garden Tools Market Test 的市场：从未调研",
        )

    # ------------------------------------------------------------------
    # Early warnings
    # ------------------------------------------------------------------
    def test_market_price_below_our_average_price(self):
        self._schedule(self.valves, self.colleague)
        self._sell(self.product, 10, 1000.0, days_ago=20)
        self._sell(self.product, 10, 1100.0, days_ago=200)  # out of the period
        self._info(price=840.0, date=fields.Date.today() - timedelta(days=5))
        self._info(price=990.0)  # within 10%
        self.env["trade.risk"]._cron_early_warnings()
        risk = self._market_risks("market_price", self.product)
        self.assertEqual(
            (risk.category, risk.product_id, risk.categ_id, risk.owner_id),
            ("market", self.product, self.ball_valves, self.colleague),
        )
        self.assertEqual((risk.likelihood, risk.impact), (3, 4), "one price, 16%")
        self.assertIn("Zhejiang Valve Co.", risk.description)
        self.assertIn("16% below our average selling price", risk.description)
        # a second observation below: the same risk, likelier
        self._info(price=880.0, competitor="Wenzhou Valves")
        self.env["trade.risk"]._cron_early_warnings()
        self.assertEqual(self._market_risks("market_price", self.product), risk)
        self.assertEqual(risk.likelihood, 4)
        # the salespeople read the market risks in the register
        self.assertEqual(
            self.env["trade.risk"]
            .with_user(self.salesperson)
            .search([("warning_type", "=", "market_price"), ("id", "=", risk.id)]),
            risk,
        )

    def test_market_price_gap_from_settings(self):
        """Without sales, the product's sales price is our reference; the gap
        is the one of Settings."""
        self._info(product_id=self.tool_set.id, price=20.4)  # 15% below 24
        warnings = self._warnings("_warn_market_price", self.tool_set)
        self.assertEqual(len(warnings), 1)
        self.assertEqual(warnings[0]["owner_id"], self.credit_manager.id)
        self.assertIn("below our sales price", warnings[0]["description"])
        self.company.trade_risk_market_price_gap = 0.2
        self.assertFalse(self._warnings("_warn_market_price", self.tool_set))
        self.company.trade_risk_market_price_gap = 0.1
        self.company.trade_risk_market_days = 10
        self._info(
            product_id=self.tool_set.id,
            price=10.0,
            date=fields.Date.today() - timedelta(days=11),
        )
        warnings = self._warnings("_warn_market_price", self.tool_set)
        self.assertIn("15%", warnings[0]["description"], "the old 10.0 is out")

    def test_falling_demand_reports(self):
        self._info(product_id=False, categ_id=self.tools.id, demand_trend="falling")
        Risk = self.env["trade.risk"]
        self.assertFalse(
            self._warnings("_warn_market_demand", self.tools), "one report"
        )
        self._info(
            user=self.colleague,
            product_id=self.tool_set.id,
            demand_trend="falling",
            date=fields.Date.today() - timedelta(days=30),
        )
        Risk._cron_early_warnings()
        risk = self._market_risks("market_demand", self.tools)
        self.assertEqual(
            (risk.category, risk.categ_id, risk.owner_id, risk.likelihood),
            ("market", self.tools, self.credit_manager, 4),
        )
        self.assertIn("reported falling 2 time(s)", risk.description)
        Risk._cron_early_warnings()
        self.assertEqual(
            self._market_risks("market_demand", self.tools), risk, "no duplicate"
        )
        # the number of reports is a setting
        self.company.trade_risk_market_falling_reports = 3
        self.assertFalse(self._warnings("_warn_market_demand", self.tools))

    def test_orders_of_a_watched_category_drop(self):
        self._sell(self.product, 10, 1000.0, days_ago=45)
        self._sell(self.product, 5, 1000.0, days_ago=3)
        Risk = self.env["trade.risk"]
        self.assertFalse(
            self._warnings("_warn_market_demand", self.valves), "no schedule"
        )
        self._schedule(self.valves, self.colleague)
        Risk._cron_early_warnings()
        risk = self._market_risks("market_demand", self.valves)
        self.assertEqual(
            (risk.categ_id, risk.owner_id, risk.likelihood, risk.impact),
            (self.valves, self.colleague, 4, 5),
            "orders halved: 50% drop, over twice the 20% of Settings",
        )
        self.company.trade_risk_market_order_drop = 0.6
        self.assertFalse(self._warnings("_warn_market_demand", self.valves))

    def test_market_settings_are_checked(self):
        for values in (
            {"trade_risk_market_days": 0},
            {"trade_risk_market_price_gap": 0.0},
            {"trade_risk_market_falling_reports": 0},
            {"trade_risk_market_order_drop": 1.0},
        ):
            with self.assertRaises(ValidationError):
                self.company.write(values)
