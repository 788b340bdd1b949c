# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models
from odoo.tools import is_html_empty


class TradeContract(models.Model):
    """The printed contract (R3.2.2, R3.2.3): the clauses of its Chinese
    version, and goods whose untaxed amount, taxes and total reconcile with
    the contract amount."""

    _inherit = "trade.contract"

    quality_standard_zh = fields.Text(
        string="Quality Standard (Chinese)",
        tracking=True,
        help="Printed on the Chinese contract; empty: it prints the quality "
        "standard of the Terms tab.",
    )
    inspection_method_zh = fields.Text(
        string="Inspection and Acceptance (Chinese)",
        tracking=True,
        help="Printed on the Chinese contract; empty: it prints the inspection "
        "clause of the Terms tab.",
    )
    breach_liability_zh = fields.Text(
        string="Liability for Breach (Chinese)",
        tracking=True,
        help="Printed on the Chinese contract; empty: it prints the liability "
        "clause of the Terms tab.",
    )
    dispute_resolution_zh = fields.Text(
        string="Dispute Resolution (Chinese)",
        tracking=True,
        help="Printed on the Chinese contract; empty: it prints the dispute "
        "clause of the Terms tab.",
    )
    note_zh = fields.Html(
        string="Other Terms (Chinese)",
        help="Printed on the Chinese contract; empty: it prints the other terms "
        "of the Terms tab.",
    )

    def _trade_clause(self, field_name, lang):
        """The text of the clause ``field_name`` printed on the contract in
        ``lang``: its Chinese text on the Chinese version when there is one,
        otherwise the text of the Terms tab."""
        self.ensure_one()
        chinese = f"{field_name}_zh"
        if lang.startswith("zh") and chinese in self._fields:
            text = self[chinese]
            empty = (
                is_html_empty(text)
                if self._fields[chinese].type == "html"
                else not (text or "").strip()
            )
            if not empty:
                return text
        return self[field_name]

    def _trade_printed_goods(self):
        """The goods printed on the contract and their totals.

        The lines of the orders that are not cancelled; their untaxed amount,
        taxes and total converted to the contract's currency as the contract
        amount is; and whether the contract amount differs from that total
        (amended amount, orders changed after the draft, no orders).

        The goods are part of the contract: whoever reads the contract prints
        them, the legal reviewer too, who reads no orders.

        :return: dict with ``lines``, ``untaxed``, ``tax``, ``total``,
            ``differs``
        """
        self.ensure_one()
        orders = self.sudo().sale_order_ids.filtered(lambda o: o.state != "cancel")
        today = fields.Date.context_today(self)

        def convert(amount, order):
            return order.currency_id._convert(
                amount,
                self.currency_id,
                self.company_id,
                order.date_order or today,
            )

        untaxed = sum(convert(order.amount_untaxed, order) for order in orders)
        tax = sum(convert(order.amount_tax, order) for order in orders)
        total = untaxed + tax
        return {
            "lines": orders.order_line.filtered(lambda line: not line.display_type),
            "untaxed": untaxed,
            "tax": tax,
            "total": total,
            "differs": bool(orders)
            and self.currency_id.compare_amounts(self.amount_total, total) != 0,
        }
