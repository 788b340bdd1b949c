# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import models
from odoo.tools.misc import formatLang


class SaleOrder(models.Model):
    """The credit rules an order of a customer under credit control passes
    (R5.2): a list of small rule methods, which another addon extends. The
    confirmation runs them as one of the department's rules
    (``_trade_check_credit`` in ``sale_order.py``)."""

    _inherit = "sale.order"

    def _trade_credit_parties(self):
        """The customers (commercial partners) whose credit the order must
        fit (R5.2): the company billed, which will owe the invoice and whose
        exposure counts the order, and the ordering customer when another
        company is billed, so that a customer on hold cannot order by having
        someone else billed. A credit manager exempts the ordering customer
        from credit control when another company always pays for it."""
        self.ensure_one()
        return (
            self.partner_invoice_id.commercial_partner_id
            | self.partner_id.commercial_partner_id
        )

    def _trade_credit_party(self, figures):
        """The customer (commercial partner) ``figures`` are of."""
        party = self.env["res.partner"].browse(figures.get("partner_id"))
        return party or self.partner_id.commercial_partner_id

    def _trade_credit_problems(self, figures=None, pending=0.0, detailed=True):
        """What the credit rules refuse in this order (R5.2), as sentences,
        for each customer whose credit it must fit (see
        :meth:`_trade_credit_parties`).

        :param dict figures: ``{commercial partner id: figures}`` from
            ``res.partner._trade_credit_figures`` for those customers (read
            when not given)
        :param pending: amount, in company currency, of the orders of the
            same customers confirmed together before this one, or
            ``{commercial partner id: amount}``
        :param bool detailed: with the customers' figures (limit, exposure,
            overdue...); without them for users who may not see them (a
            company billed that is not the user's sees none anyway)
        """
        self.ensure_one()
        parties = self._trade_credit_parties()
        if figures is None:
            figures = parties._trade_credit_figures(self.company_id)
        customer = self.partner_id.commercial_partner_id
        visible = parties._trade_credit_visible_partners()
        problems = []
        for party in parties:
            values = figures[party._origin.id]
            if not values["controlled"]:
                continue
            party_pending = (
                pending.get(party._origin.id, 0.0)
                if isinstance(pending, dict)
                else pending
            )
            party_detailed = detailed and (party == customer or party in visible)
            problems += [
                problem
                for rule in self._trade_credit_rules()
                for problem in getattr(self, rule)(
                    values, party_pending, party_detailed
                )
            ]
        return problems

    def _trade_credit_rules(self):
        """Names of the methods that check an order of a customer under
        credit control (R5.2).

        Each is called as ``rule(figures, pending, detailed)`` (see
        :meth:`_trade_credit_problems`) and returns the list of problems it
        finds, translated, each completing "Order ... cannot be confirmed
        yet:"; empty when the order passes. Another addon adds a rule by
        extending this list.
        """
        return [
            "_trade_credit_check_limit",
            "_trade_credit_check_overdue",
            "_trade_credit_check_prepayment",
            "_trade_credit_check_terms",
        ]

    def _trade_money(self, amount, currency=None):
        return formatLang(
            self.env, amount, currency_obj=currency or self.company_id.currency_id
        )

    def _trade_credit_check_limit(self, figures, pending, detailed):
        """The exposure after this order stays within the credit limit plus
        the valid guarantees."""
        currency = self.company_id.currency_id
        customer = self._trade_credit_party(figures)
        amount = self._trade_amount_company_currency()
        exposure_after = figures["exposure"] + pending + amount
        allowed = figures["limit"] + figures["guarantees"]
        if currency.compare_amounts(exposure_after, allowed) <= 0:
            return []
        if not detailed:
            return [
                self.env._(
                    "it would bring the exposure of %(customer)s above its credit "
                    "limit",
                    customer=customer.display_name,
                )
            ]
        money = self._trade_money
        return [
            self.env._(
                "it would bring the exposure of %(customer)s to %(after)s, "
                "above its credit limit of %(limit)s plus %(guarantees)s of "
                "valid guarantees. Available credit: %(available)s; this "
                "order: %(amount)s; exposure now: %(exposure)s (unpaid "
                "receivables %(receivable)s, confirmed orders not invoiced "
                "%(uninvoiced)s, draft invoices %(draft)s)",
                customer=customer.display_name,
                after=money(exposure_after),
                limit=money(figures["limit"]),
                guarantees=money(figures["guarantees"]),
                available=money(figures["available"] - pending),
                amount=money(amount),
                exposure=money(figures["exposure"] + pending),
                receivable=money(figures["receivable"]),
                uninvoiced=money(figures["uninvoiced"] + pending),
                draft=money(figures["draft_invoices"]),
            )
        ]

    def _trade_credit_check_overdue(self, figures, pending, detailed):
        """No receivable overdue by more than the grace period."""
        customer = self._trade_credit_party(figures)
        if figures["overdue_beyond_grace"] <= 0:
            return []
        if not detailed:
            return [
                self.env._(
                    "%(customer)s has receivables overdue by more than the grace "
                    "period",
                    customer=customer.display_name,
                )
            ]
        return [
            self.env._(
                "%(customer)s has %(amount)s overdue by more than the grace "
                "period of %(grace)s days (oldest due %(days)s days ago)",
                customer=customer.display_name,
                amount=self._trade_money(figures["overdue_beyond_grace"]),
                grace=self.company_id.trade_credit_grace_days,
                days=figures["overdue_days"],
            )
        ]

    def _trade_credit_check_prepayment(self, figures, pending, detailed):
        """The down payment the customer's credit policy requires (its
        rating's, or the company's default policy) is received."""
        customer = self._trade_credit_party(figures)
        ratio = figures["prepayment_ratio"]
        if ratio <= 0:
            return []
        required = self.currency_id.round(self.amount_total * ratio)
        received = self.trade_prepaid_amount
        if self.currency_id.compare_amounts(received, required) >= 0:
            return []
        values = {
            "customer": customer.display_name,
            "ratio": formatLang(self.env, ratio * 100, digits=0),
            "required": self._trade_money(required, self.currency_id),
            "received": self._trade_money(received, self.currency_id),
        }
        if figures["policy"] == "default":
            return [
                self.env._(
                    "the default credit policy, which applies to %(customer)s "
                    "as it has no credit rating or limit, requires a down "
                    "payment of "
                    "%(ratio)s%% (%(required)s) before confirmation and "
                    "%(received)s has been received: register the customer's "
                    "payment with this order as its Down Payment for Order",
                    **values,
                )
            ]
        return [
            self.env._(
                "the credit rating of %(customer)s requires a down payment "
                "of %(ratio)s%% (%(required)s) before confirmation and "
                "%(received)s has been received: register the customer's "
                "payment with this order as its Down Payment for Order",
                **values,
            )
        ]

    def _trade_credit_check_terms(self, figures, pending, detailed):
        """The payment terms give no more days than the customer's credit
        policy allows (its rating's, or the company's default policy; a
        customer with a limit of its own and no rating has no term)."""
        customer = self._trade_credit_party(figures)
        if not self.payment_term_id or figures["term_days"] is None:
            return []
        days = self._trade_payment_term_days()
        if days <= figures["term_days"]:
            return []
        return [
            self.env._(
                "the payment terms %(terms)s give %(days)s days, more than "
                "the %(allowed)s days of credit allowed to %(customer)s",
                terms=self.payment_term_id.display_name,
                days=days,
                allowed=figures["term_days"],
                customer=customer.display_name,
            )
        ]
