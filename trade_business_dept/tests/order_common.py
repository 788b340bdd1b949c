from datetime import datetime, timedelta

from odoo import Command, fields

from .common import TradeBusinessDeptCase


class TradeOrderCase(TradeBusinessDeptCase):
    """A buy-to-order product (make to order + buy) and department contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.purchasing_user = cls._new_user(
            "trade_o_purchase", "Purchasing", "purchase.group_purchase_user"
        )
        cls.logistics_user = cls._new_user(
            "trade_o_logistics", "Logistics", "stock.group_stock_user"
        )
        cls.finance_user = cls._new_user(
            "trade_o_finance", "Finance", "account.group_account_invoice"
        )
        cls.company.write(
            {
                "trade_purchasing_user_id": cls.purchasing_user.id,
                "trade_logistics_user_id": cls.logistics_user.id,
                "trade_finance_user_id": cls.finance_user.id,
                "trade_production_user_id": False,
                "trade_shipping_lead_days": 2,
            }
        )
        cls.env.ref("stock.route_warehouse0_mto").active = True
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Ningbo Valve Factory", "is_company": True}
        )
        cls.buy_product = cls.env["product.product"].create(
            {
                "name": "Ball valve DN80",
                "type": "consu",
                "is_storable": True,
                "list_price": 120.0,
                "standard_price": 70.0,
                "description_sale": "Stainless 316, PN16, flanged ends",
                "route_ids": [
                    Command.set(
                        [
                            cls.env.ref("stock.route_warehouse0_mto").id,
                            cls.env.ref("purchase_stock.route_warehouse0_buy").id,
                        ]
                    )
                ],
                "seller_ids": [
                    Command.create(
                        {"partner_id": cls.vendor.id, "price": 70.0, "delay": 5}
                    )
                ],
            }
        )

    def _order(
        self, product=None, quantity=10, price=120.0, promised_in_days=30, **values
    ):
        order_values = {
            "partner_id": self.key_customer.id,
            "user_id": self.salesperson.id,
            "commitment_date": fields.Datetime.now() + timedelta(days=promised_in_days),
            "order_line": [
                Command.create(
                    {
                        "product_id": (product or self.buy_product).id,
                        "product_uom_qty": quantity,
                        "price_unit": price,
                    }
                )
            ],
        }
        order_values.update(values)
        return self.env["sale.order"].create(order_values)

    def _verify_all(self, order):
        order.write(
            {
                "trade_checked_specification": True,
                "trade_checked_quantity": True,
                "trade_checked_date": True,
                "trade_checked_price": True,
            }
        )

    def _purchase(self, order):
        return order._get_purchase_orders()

    def _receive(self, purchase):
        purchase.button_confirm()
        receipt = purchase.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty
        receipt.button_validate()
        return receipt

    def _deliver(self, order):
        delivery = order.picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
            )
        )
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.write(
            {
                "carrier_tracking_ref": "SF1234567890",
                "trade_transport_mode": "pickup",
                "trade_collected_by": "Customer's driver Zhou, ID 3301",
            }
        )
        delivery.button_validate()
        return delivery

    def _inspect(self, order, result="pass", findings="All conform to the contract"):
        inspection = self.env["trade.order.inspection"].create(
            {
                "order_id": order.id,
                "inspector_id": self.merchandiser.id,
                "result": result,
                "findings": findings,
            }
        )
        inspection.action_validate()
        return inspection

    @staticmethod
    def _now():
        return datetime.now()
