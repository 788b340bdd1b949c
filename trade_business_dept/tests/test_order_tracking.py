from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval as eval_domain

from .order_common import TradeOrderCase


@tagged("post_install", "-at_install")
class TestOrderTracking(TradeOrderCase):
    def _confirmed(self, **values):
        order = self._order(**values)
        order.action_confirm()
        return order

    def test_stage_follows_purchase_receipt_inspection_and_delivery(self):
        order = self._confirmed()
        self.assertEqual(order.trade_stage_code, "purchasing")
        purchase = self._purchase(order)
        self._receive(purchase)
        self.assertEqual(order.trade_stage_code, "inspection")
        self._inspect(order)
        self.assertEqual(order.trade_stage_code, "ready")
        delivery = self._deliver(order)
        self.assertEqual(delivery.state, "done")
        self.assertEqual(order.trade_stage_code, "shipped")
        order.action_trade_customer_received()
        self.assertEqual(order.trade_stage_code, "delivered")
        self.assertEqual(
            order.trade_stage_log_ids.sorted("id").stage_id.mapped("code"),
            ["purchasing", "inspection", "ready", "shipped", "delivered"],
        )
        self.assertFalse(any(order.trade_stage_log_ids.mapped("manual")))

    def test_fully_invoiced_and_paid_order_is_closed(self):
        order = self._confirmed()
        self._receive(self._purchase(order))
        self._inspect(order)
        self._deliver(order)
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(order.trade_stage_code, "shipped")
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.trade_stage_code, "closed")

    def test_order_from_stock_skips_purchasing(self):
        product = self.env["product.product"].create(
            {"name": "Gasket set", "type": "consu", "is_storable": True}
        )
        self.env["stock.quant"]._update_available_quantity(
            product, self.env.ref("stock.stock_location_stock"), 100
        )
        order = self._confirmed(product=product)
        self.assertEqual(order.trade_stage_code, "ready")
        self.assertFalse(order.trade_purchase_line_ids)

    def test_production_is_set_by_hand_with_a_reason(self):
        order = self._confirmed()
        production = self.env.ref("trade_business_dept.trade_order_stage_production")
        form = Form(
            self.env["trade.order.stage.set"]
            .with_user(self.merchandiser)
            .with_context(default_order_id=order.id)
        )
        form.stage_id = production
        form.reason = "Factory started the casting"
        form.save().action_confirm()
        self.assertEqual(order.trade_stage_id, production)
        log = order.trade_stage_log_ids.filtered("manual")
        self.assertEqual(log.reason, "Factory started the casting")
        self.assertEqual(log.user_id, self.merchandiser)
        self.assertIn("Factory started the casting", order.message_ids[0].body)
        # documents that do not go further keep the stage set by hand
        order._trade_refresh_tracking()
        self.assertEqual(order.trade_stage_id, production)
        # receiving the goods goes further: the documents take over again
        self._receive(self._purchase(order))
        self.assertEqual(order.trade_stage_code, "inspection")
        self.assertFalse(order.trade_stage_manual_id)

    def test_stage_note_in_the_companys_language(self):
        """The order is the department's shared record: the note a user
        writes on it by moving its stage is in the company's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.company.partner_id.lang = "zh_CN"
        self.merchandiser.lang = "en_US"
        order = self._confirmed()
        production = self.env.ref("trade_business_dept.trade_order_stage_production")
        order.with_user(self.merchandiser)._trade_set_stage_by_hand(
            production, "Factory started the casting"
        )
        body = order.message_ids[0].body
        self.assertIn("跟踪阶段已手动设置为", body)
        self.assertIn(production.with_context(lang="zh_CN").name, body)
        self.assertNotIn("by hand", body)

    def test_reason_is_required_to_set_a_stage(self):
        order = self._confirmed()
        wizard = self.env["trade.order.stage.set"].new(
            {
                "order_id": order.id,
                "stage_id": self.env.ref(
                    "trade_business_dept.trade_order_stage_production"
                ).id,
            }
        )
        with self.assertRaises(AssertionError):
            Form(wizard).save()

    def test_move_on_the_board_is_logged(self):
        order = self._confirmed()
        production = self.env.ref("trade_business_dept.trade_order_stage_production")
        order.with_user(self.merchandiser).write({"trade_stage_id": production.id})
        log = order.trade_stage_log_ids.filtered("manual")
        self.assertEqual(log.reason, "Moved on the tracking board")
        self.assertEqual(order.trade_stage_manual_id, production)

    def test_no_context_key_skips_the_log(self):
        """``trade_stage_refresh`` and ``trade_stage_reason`` used to be read
        from the context: a client sending them still leaves a manual move
        with its log and the default reason."""
        order = self._confirmed()
        production = self.env.ref("trade_business_dept.trade_order_stage_production")
        order.with_user(self.merchandiser).with_context(
            trade_stage_refresh=True, trade_stage_reason="Nothing to see"
        ).write({"trade_stage_id": production.id})
        log = order.trade_stage_log_ids.filtered("manual")
        self.assertEqual(log.reason, "Moved on the tracking board")
        self.assertEqual(order.trade_stage_manual_id, production)

    def _vendor_confirms(self, order, days_after_promise):
        """The vendor confirms a receipt date relative to the promised date."""
        purchase = self._purchase(order)
        purchase.button_confirm()
        purchase.order_line.date_planned = order.commitment_date + timedelta(
            days=days_after_promise
        )
        return purchase

    def test_purchase_too_late_is_flagged_on_both_sides(self):
        order = self._confirmed(promised_in_days=20)
        purchase = self._vendor_confirms(order, days_after_promise=18)
        self.assertTrue(order.trade_purchase_late)
        self.assertTrue(purchase.trade_late_for_customer)
        self.assertTrue(order.trade_is_delayed)
        self.assertEqual(order.trade_delay_days, 20)
        self.assertGreater(order.trade_expected_ship_date, order.commitment_date)
        on_time = self._confirmed(promised_in_days=60)
        self._vendor_confirms(on_time, days_after_promise=-10)
        self.assertFalse(on_time.trade_purchase_late)
        self.assertFalse(self._purchase(on_time).trade_late_for_customer)
        self.assertEqual(on_time.trade_delay_days, 0)

    def test_daily_alert_before_the_promised_date_never_twice(self):
        late = self._confirmed(promised_in_days=20)
        self._vendor_confirms(late, days_after_promise=5)
        on_time = self._confirmed(promised_in_days=60)
        self._vendor_confirms(on_time, days_after_promise=-20)
        delay_type = self.env.ref("trade_business_dept.mail_activity_type_trade_delay")
        for _run in range(2):
            self.env["sale.order"]._cron_trade_refresh_tracking()
        alerts = self.env["mail.activity"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "in", (late | on_time).ids),
                ("activity_type_id", "=", delay_type.id),
            ]
        )
        self.assertEqual(alerts.res_id, late.id)
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts.user_id, self.salesperson)
        self.assertIn(late.name, alerts.summary)

    def test_merchandiser_follows_the_order(self):
        """The customer's merchandiser (else the team's) follows the order: the
        delay alert, the inspection to do and the incidents go to him."""
        team = self.env["crm.team"].create(
            {"name": "Export Desk", "trade_merchandiser_id": self.manager.id}
        )
        from_team = self._order(team_id=team.id)
        self.assertEqual(from_team.trade_merchandiser_id, self.manager)
        self.key_customer.trade_merchandiser_id = self.merchandiser
        late = self._confirmed(promised_in_days=20, team_id=team.id)
        self.assertEqual(late.trade_merchandiser_id, self.merchandiser)
        self.assertIn(
            late,
            self.env["sale.order"]
            .with_user(self.merchandiser)
            .search([("trade_merchandiser_id", "=", self.merchandiser.id)]),
        )
        self._vendor_confirms(late, days_after_promise=5)
        self.env["sale.order"]._cron_trade_refresh_tracking()
        delay_type = self.env.ref("trade_business_dept.mail_activity_type_trade_delay")
        alert = late.activity_ids.filtered(
            lambda activity: activity.activity_type_id == delay_type
        )
        self.assertEqual(alert.user_id, self.merchandiser)
        before = self._assignment_messages(late)
        self._receive(self._purchase(late))
        self.assertEqual(late.trade_stage_code, "inspection")
        inspection_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_inspection"
        )
        task = late.activity_ids.filtered(
            lambda activity: activity.activity_type_id == inspection_type
        )
        self.assertEqual(task.user_id, self.merchandiser)
        told = self._assignment_messages(late) - before
        self.assertEqual(len(told), 1, "goods received: the merchandiser is told")
        self.assertEqual(told.partner_ids, self.merchandiser.partner_id)
        late._trade_refresh_tracking()
        self.assertEqual(len(late.activity_ids.activity_type_id & inspection_type), 1)
        # the scheduled job asks quietly: its first run asks for thousands
        task.unlink()
        self.env.cr.execute(
            "UPDATE sale_order SET trade_stage_id = NULL WHERE id = %s", [late.id]
        )
        late.invalidate_recordset()
        self.env["sale.order"]._cron_trade_refresh_tracking()
        self.assertEqual(late.trade_stage_code, "inspection")
        task = late.activity_ids.filtered(
            lambda activity: activity.activity_type_id == inspection_type
        )
        self.assertEqual(task.user_id, self.merchandiser)
        self.assertEqual(self._assignment_messages(late), before | told)

    def _assignment_messages(self, order):
        """Odoo's "assigned to you" messages of ``order``'s activities."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("message_type", "=", "user_notification"),
            ]
        )

    def test_notify_customer_of_a_delay(self):
        order = self._confirmed(promised_in_days=10)
        new_date = order.commitment_date + timedelta(days=7)
        form = Form(
            self.env["trade.order.delay.notice"]
            .with_user(self.salesperson)
            .with_context(default_order_id=order.id)
        )
        form.reason = "The vendor's casting line broke down"
        form.new_date = new_date
        form.save().action_confirm()
        delay = order.trade_delay_ids
        self.assertEqual(delay.reason, "The vendor's casting line broke down")
        self.assertEqual(delay.delay_days, 7)
        self.assertEqual(delay.previous_date, order.commitment_date)
        self.assertTrue(delay.notified)
        notice = order.message_ids.filtered(
            lambda message: "casting line broke down" in (message.body or "")
        )
        self.assertTrue(notice)
        self.assertIn(
            self.key_customer, notice.partner_ids | notice.notified_partner_ids
        )

    def test_new_date_must_be_later(self):
        order = self._confirmed(promised_in_days=10)
        wizard = self.env["trade.order.delay.notice"].create(
            {
                "order_id": order.id,
                "reason": "Late",
                "new_date": order.commitment_date - timedelta(days=1),
            }
        )
        with self.assertRaisesText(UserError, "must come after"):
            wizard.action_confirm()
        self.assertFalse(order.trade_delay_ids)

    def test_progress_update_mail(self):
        order = self._confirmed()
        self._receive(self._purchase(order))
        self._inspect(order)
        self._deliver(order)
        order.action_trade_send_progress()
        body = order.message_ids[0].body
        self.assertIn("Shipped", body)
        self.assertIn("SF1234567890", body)

    def test_customer_received_needs_a_shipment(self):
        order = self._confirmed()
        with self.assertRaisesText(UserError, "not shipped yet"):
            order.action_trade_customer_received()

    def test_refresh_queries_do_not_grow_with_orders(self):
        def refresh_queries(count):
            orders = self.env["sale.order"]
            for _index in range(count):
                orders |= self._confirmed()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            orders.write({"commitment_date": fields.Datetime.now() + timedelta(days=1)})
            orders._trade_refresh_tracking()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        few, many = refresh_queries(2), refresh_queries(8)
        self.assertLessEqual(many, few + 4, f"{few} queries for 2 orders, {many} for 8")


@tagged("post_install", "-at_install")
class TestOrderInspection(TradeOrderCase):
    def setUp(self):
        super().setUp()
        self.order = self._order()
        self.order.action_confirm()
        self._receive(self._purchase(self.order))

    def test_result_and_findings_are_required(self):
        inspection = self.env["trade.order.inspection"].create(
            {"order_id": self.order.id}
        )
        with self.assertRaisesText(UserError, "the result"):
            inspection.action_validate()
        inspection.result = "fail"
        with self.assertRaisesText(UserError, "the findings"):
            inspection.action_validate()
        self.assertEqual(inspection.state, "draft")

    def test_pass_accepts_and_asks_to_pay_with_the_invoice(self):
        invoice = self.order._create_invoices()
        invoice.action_post()
        inspection = self._inspect(self.order)
        self.assertTrue(inspection.name.startswith("INSP/"))
        self.assertEqual(self.order.trade_stage_code, "ready")
        notice = self.order.message_ids.filtered(
            lambda message: "arrange the payment" in (message.body or "")
        )
        self.assertEqual(len(notice), 1)
        self.assertEqual(len(notice.attachment_ids), 1)
        self.assertIn(invoice.name.replace("/", "_"), notice.attachment_ids.name)

    def test_pass_without_invoice_asks_finance_to_invoice(self):
        self._inspect(self.order, result="conditional", findings="Two cartons dented")
        self.assertIn(self.finance_user, self.order.activity_ids.user_id)

    def test_failure_goes_to_the_salesperson(self):
        self._inspect(self.order, result="fail", findings="Wrong flange standard")
        self.assertEqual(self.order.trade_stage_code, "inspection")
        case = self.env["trade.service.ticket"].search(
            [("sale_order_id", "=", self.order.id)]
        )
        self.assertEqual(case.ticket_type, "quality")
        self.assertEqual(case.handler_id, self.salesperson)
        self.assertEqual(case.description, "Wrong flange standard")

    def test_inspection_is_recorded_once(self):
        inspection = self._inspect(self.order)
        with self.assertRaisesText(UserError, "already recorded"):
            inspection.action_validate()

    def test_salesperson_sees_only_own_orders_inspections(self):
        inspection = self._inspect(self.order)
        self.assertFalse(
            self.env["trade.order.inspection"]
            .with_user(self.colleague)
            .search([("id", "=", inspection.id)])
        )
        self.assertEqual(
            self.env["trade.order.inspection"]
            .with_user(self.salesperson)
            .search([("id", "=", inspection.id)]),
            inspection,
        )
        self.assertEqual(
            self.env["trade.order.inspection"]
            .with_user(self.merchandiser)
            .search([("id", "=", inspection.id)]),
            inspection,
        )


@tagged("post_install", "-at_install")
class TestOrderTrackingAccess(TradeOrderCase):
    def test_board_shows_own_orders_to_salespeople_all_to_merchandisers(self):
        mine = self._order()
        theirs = self._order(
            partner_id=self.colleague_customer.id, user_id=self.colleague.id
        )
        (mine | theirs).action_confirm()
        board = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_business_dept.sale_order_action_trade_tracking"
        )
        domain = [("id", "in", (mine | theirs).ids), *eval_domain(board["domain"])]
        Order = self.env["sale.order"]
        self.assertEqual(Order.with_user(self.salesperson).search(domain), mine)
        self.assertEqual(
            Order.with_user(self.merchandiser).search(domain), mine | theirs
        )

    def test_salesperson_follows_purchases_without_buying(self):
        order = self._order()
        order.action_confirm()
        purchase = self._purchase(order)
        self.assertEqual(
            order.with_user(self.salesperson).trade_purchase_line_ids,
            purchase.order_line,
        )
        with self.assertRaises(AccessError):
            purchase.with_user(self.salesperson).button_confirm()
        with self.assertRaises(AccessError):
            purchase.with_user(self.salesperson).write({"partner_ref": "X"})

    def test_only_department_staff_set_stages(self):
        order = self._order()
        order.action_confirm()
        with self.assertRaises(AccessError):
            self.env["trade.order.stage.set"].with_user(self.employee).create(
                {
                    "order_id": order.id,
                    "stage_id": self.env.ref(
                        "trade_business_dept.trade_order_stage_production"
                    ).id,
                    "reason": "x",
                }
            )
