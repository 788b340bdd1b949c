from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    trade_sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Down Payment for Order",
        index="btree_not_null",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id), "
        "('state', 'in', ('draft', 'sent', 'sale'))]",
        help="The order this customer payment pays in advance: it counts as the "
        "down payment its credit rating requires before confirmation.",
        groups="base.group_user",
    )

    @api.constrains("trade_sale_order_id", "partner_id", "payment_type")
    def _check_trade_sale_order_id(self):
        for payment in self.filtered("trade_sale_order_id"):
            order = payment.trade_sale_order_id
            if (
                payment.payment_type != "inbound"
                or payment.partner_id.commercial_partner_id
                != order.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Payment %(payment)s cannot be the down payment of order "
                        "%(order)s: only a payment received from %(customer)s can.",
                        payment=payment.display_name,
                        order=order.name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                    )
                )
