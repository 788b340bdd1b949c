from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .order_common import TradeOrderCase


@tagged("post_install", "-at_install")
class TestLogistics(TradeOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_product = cls.env["product.product"].create(
            {
                "name": "Check valve DN25",
                "type": "consu",
                "is_storable": True,
                "list_price": 120.0,
                "description_sale": "Brass, PN16",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.stock_product, cls.env.ref("stock.stock_location_stock"), 1000
        )
        cls.carrier = cls.env["res.partner"].create(
            {
                "name": "SF Express Test",
                "is_company": True,
                "trade_is_carrier": True,
                "trade_carrier_approved": True,
                "trade_carrier_licence": "DL-2020-001",
                "trade_carrier_qualification_expiry": date(2030, 12, 31),
                "trade_carrier_tracking_url": "https://track.example.com/?no={ref}",
            }
        )
        cls.company.write(
            {"trade_insurance_threshold": 0.0, "trade_insurance_cover_percent": 110.0}
        )

    def _shipment(self, quantity=10, **values):
        order = self._order(product=self.stock_product, quantity=quantity)
        order.action_confirm()
        delivery = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        delivery.write(
            dict(
                {
                    "trade_transport_mode": "sea",
                    "trade_carrier_partner_id": self.carrier.id,
                    "trade_transport_contract_ref": "COSCO-2026-031",
                    "carrier_tracking_ref": "SF123",
                },
                **values,
            )
        )
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        return delivery

    def test_transport_document_follows_the_mode(self):
        delivery = self._shipment()
        self.assertEqual(delivery.trade_transport_document_type, "bl")
        delivery.trade_transport_mode = "air"
        self.assertEqual(delivery.trade_transport_document_type, "awb")
        delivery.trade_transport_mode = "road"
        self.assertEqual(delivery.trade_transport_document_type, "cmr")

    def test_transport_must_be_chosen_and_documented(self):
        delivery = self._shipment(
            trade_transport_mode=False,
            trade_carrier_partner_id=False,
            trade_transport_contract_ref=False,
        )
        with self.assertRaisesText(UserError, "the transport mode"):
            delivery.button_validate()
        delivery.trade_transport_mode = "sea"
        with self.assertRaises(UserError) as refusal:
            delivery.button_validate()
        self.assertIn("the carrier", str(refusal.exception))
        self.assertIn("transport contract", str(refusal.exception))
        delivery.trade_carrier_partner_id = self.carrier
        with self.assertRaisesText(UserError, "transport contract"):
            delivery.button_validate()
        # by road, no transport contract is asked for
        delivery.trade_transport_mode = "road"
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

    def test_customer_pick_up_records_who_collected(self):
        self.company.trade_insurance_threshold = 10.0
        delivery = self._shipment(
            trade_transport_mode="pickup",
            trade_carrier_partner_id=False,
            trade_transport_contract_ref=False,
        )
        with self.assertRaisesText(UserError, "who collected the goods"):
            delivery.button_validate()
        delivery.trade_collected_by = "Zhou Jianguo, ID 3301xxxx"
        # the goods travel at the customer's risk: no cargo insurance
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

    def test_unapproved_carrier_cannot_ship(self):
        self.carrier.trade_carrier_approved = False
        delivery = self._shipment()
        with self.assertRaisesText(UserError, "is not approved"):
            delivery.button_validate()
        self.assertNotEqual(delivery.state, "done")

    def test_expired_qualification_cannot_ship(self):
        self.carrier.trade_carrier_qualification_expiry = date(2020, 1, 1)
        delivery = self._shipment()
        with self.assertRaisesText(UserError, "expired on 01/01/2020"):
            delivery.button_validate()
        self.assertNotEqual(delivery.state, "done")

    def test_shipment_value_and_insurance_cover(self):
        self.company.trade_insurance_threshold = 1000.0
        delivery = self._shipment(quantity=10, trade_insured_amount=1000.0)
        self.assertEqual(delivery.trade_shipment_value, 1200.0)
        with self.assertRaises(UserError) as refusal:
            delivery.button_validate()
        message = str(refusal.exception)
        self.assertIn("1,320.00", message)
        self.assertIn("falls short by", message)
        self.assertIn("320.00", message)
        self.assertNotEqual(delivery.state, "done")
        delivery.trade_insured_amount = 1320.0
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

    def test_small_shipments_need_no_insurance(self):
        self.company.trade_insurance_threshold = 5000.0
        delivery = self._shipment(quantity=10)
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")

    def test_customer_receives_the_tracking_link(self):
        delivery = self._shipment(trade_eta=fields.Datetime.now() + timedelta(days=20))
        delivery.button_validate()
        message = delivery.message_ids.filtered(
            lambda m: "track.example.com/?no=SF123" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.key_customer, message.partner_ids)
        self.assertIn("SF Express Test", message.body)

    def test_shipments_past_eta_are_flagged_once(self):
        order_delivery = self._shipment()
        order_delivery.sale_id.trade_merchandiser_id = self.merchandiser
        order_delivery.trade_eta = fields.Datetime.now() + timedelta(days=2)
        order_delivery.button_validate()
        with freeze_time(fields.Datetime.now() + timedelta(days=3)):
            flagged = self.env["stock.picking"]._cron_trade_eta_overdue()
            self.env["stock.picking"]._cron_trade_eta_overdue()
        self.assertEqual(flagged, order_delivery)
        self.assertTrue(order_delivery.trade_eta_overdue)
        activity = order_delivery.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.merchandiser)
        order_delivery.action_trade_confirm_delivery()
        self.assertFalse(order_delivery.trade_eta_overdue)
        self.assertTrue(order_delivery.trade_date_delivered)

    def test_incident_goes_to_the_merchandiser_of_the_order(self):
        delivery = self._shipment()
        delivery.sale_id.trade_merchandiser_id = self.merchandiser
        delivery.button_validate()
        incident = (
            self.env["trade.logistics.incident"]
            .with_user(self.salesperson)
            .create(
                {
                    "picking_id": delivery.id,
                    "incident_type": "delay",
                    "description": "Vessel held at Ningbo",
                }
            )
        )
        self.assertEqual(incident.sudo().activity_ids.user_id, self.merchandiser)

    def test_damage_incident_claim_and_credit_note(self):
        delivery = self._shipment()
        delivery.button_validate()
        order = delivery.sale_id
        invoice = order._create_invoices()
        invoice.action_post()
        incident = self.env["trade.logistics.incident"].create(
            {
                "picking_id": delivery.id,
                "incident_type": "damage",
                "description": "Two cartons crushed",
            }
        )
        self.assertTrue(incident.name.startswith("LI/"))
        self.assertEqual(incident.carrier_id, self.carrier)
        self.assertEqual(incident.partner_id, self.key_customer)
        with self.assertRaisesText(UserError, "amount claimed"):
            incident.action_claim()
        incident.carrier_claim_amount = 240.0
        incident.action_claim()
        self.assertEqual(incident.claim_state, "claimed")
        with self.assertRaisesText(UserError, "compensation agreed"):
            incident.action_create_credit_note()
        incident.customer_compensation_amount = 240.0
        incident.action_create_credit_note()
        credit_note = incident.credit_note_id
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.amount_untaxed, 240.0)
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        with self.assertRaisesText(UserError, "already has its credit note"):
            incident.action_create_credit_note()

    def test_incidents_feed_the_carrier_statistics_and_rating(self):
        deliveries = self._shipment() | self._shipment() | self._shipment()
        for delivery in deliveries:
            delivery.button_validate()
        self.carrier.invalidate_recordset()
        self.assertEqual(self.carrier.trade_carrier_shipment_count, 3)
        self.carrier.action_trade_rate_carriers()
        self.assertEqual(self.carrier.trade_carrier_rating, "5")
        self.env["trade.logistics.incident"].create(
            {
                "picking_id": deliveries[0].id,
                "incident_type": "loss",
                "description": "One pallet lost",
            }
        )
        self.carrier.invalidate_recordset()
        self.assertEqual(self.carrier.trade_carrier_incident_count, 1)
        self.assertAlmostEqual(self.carrier.trade_carrier_incident_rate, 33.3, places=1)
        self.assertEqual(self.carrier.trade_carrier_rating, "1")

    def test_negative_amounts_refused(self):
        delivery = self._shipment()
        delivery.button_validate()
        with self.assertRaisesText(UserError, "cannot be negative"):
            self.env["trade.logistics.incident"].create(
                {
                    "picking_id": delivery.id,
                    "incident_type": "delay",
                    "description": "Late",
                    "carrier_claim_amount": -5,
                }
            )
