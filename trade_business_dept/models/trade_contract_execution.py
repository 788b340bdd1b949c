# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models


class TradeContract(models.Model):
    """Following a signed contract's execution (R5.1.3): what was ordered,
    delivered, invoiced and paid against the contract's amount; the contract
    is fulfilled by itself once delivered and paid in full."""

    _inherit = "trade.contract"

    amount_ordered = fields.Monetary(
        string="Ordered",
        compute="_compute_execution",
        currency_field="currency_id",
    )
    amount_delivered = fields.Monetary(
        string="Delivered",
        compute="_compute_execution",
        currency_field="currency_id",
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced",
        compute="_compute_execution",
        currency_field="currency_id",
    )
    amount_paid = fields.Monetary(
        string="Paid",
        compute="_compute_execution",
        currency_field="currency_id",
    )
    delivered_percent = fields.Float(
        string="Delivered (%)",
        compute="_compute_execution",
    )
    paid_percent = fields.Float(
        string="Paid (%)",
        compute="_compute_execution",
    )

    @api.depends(
        "amount_total",
        "currency_id",
        "sale_order_ids.state",
        "sale_order_ids.order_line.qty_delivered",
        "sale_order_ids.invoice_ids.amount_residual",
    )
    def _compute_execution(self):
        """Read with the department's rights: whoever reads the contract (the
        legal reviewer too) sees how far it is carried out."""
        today = fields.Date.context_today(self)
        for contract in self:
            figures = contract.sudo()._trade_execution_figures(today)
            contract.update(figures)
            total = contract.amount_total
            contract.delivered_percent = (
                100.0 * figures["amount_delivered"] / total if total else 0.0
            )
            contract.paid_percent = (
                100.0 * figures["amount_paid"] / total if total else 0.0
            )

    def _trade_execution_figures(self, date):
        """Ordered, delivered, invoiced and paid amounts (taxes included) of the
        contract's confirmed orders, in the contract's currency."""
        self.ensure_one()
        currency = self.currency_id or self.company_id.currency_id
        company = self.company_id

        def convert(amount, from_currency):
            return from_currency._convert(amount, currency, company, date)

        figures = dict.fromkeys(
            ("amount_ordered", "amount_delivered", "amount_invoiced", "amount_paid"),
            0.0,
        )
        orders = self.sale_order_ids.filtered(lambda order: order.state == "sale")
        for order in orders:
            figures["amount_ordered"] += convert(order.amount_total, order.currency_id)
            for line in order.order_line.filtered("product_uom_qty"):
                share = min(line.qty_delivered / line.product_uom_qty, 1.0)
                figures["amount_delivered"] += convert(
                    line.price_total * share, order.currency_id
                )
        invoices = orders.invoice_ids.filtered(
            lambda move: (
                move.state == "posted"
                and move.move_type in ("out_invoice", "out_refund")
            )
        )
        for invoice in invoices:
            sign = -1 if invoice.move_type == "out_refund" else 1
            figures["amount_invoiced"] += sign * convert(
                invoice.amount_total, invoice.currency_id
            )
            figures["amount_paid"] += sign * convert(
                invoice.amount_total - invoice.amount_residual, invoice.currency_id
            )
        return figures

    def _trade_check_fulfilled(self):
        """Signed contracts delivered and paid in full become fulfilled."""
        for contract in self.filtered(lambda contract: contract.state == "signed"):
            currency = contract.currency_id
            total = contract.amount_total
            if (
                currency.compare_amounts(total, 0.0) <= 0
                or currency.compare_amounts(contract.amount_delivered, total) < 0
                or currency.compare_amounts(contract.amount_paid, total) < 0
            ):
                continue
            contract._trade_workflow_write({"state": "done"}, access=None)
            contract.message_post(
                body=contract.with_context(
                    lang=contract.user_id.lang or contract.company_id.partner_id.lang
                ).env._("Fulfilled: the goods are delivered and paid in full.")
            )
