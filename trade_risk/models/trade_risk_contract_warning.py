# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date, formatLang

from odoo.addons.trade_business_dept.text import join_names


class TradeRisk(models.Model):
    """Early warnings on the execution of the contracts (R5.1.3): two rules of
    the early warnings' list (see ``trade_risk_warning.py``), category
    *contract*. A signed contract ending soon (or ended) with goods still to
    deliver, and quotations under a contract whose prices are no longer
    valid."""

    _inherit = "trade.risk"

    @api.model
    def _early_warning_rules(self):
        return [
            *super()._early_warning_rules(),
            "_warn_contract_end",
            "_warn_contract_price",
        ]

    def _contract_owner(self, contract):
        """The contract's salesperson follows its execution; the credit
        manager when the contract has none."""
        user = contract.user_id or contract.company_id.trade_credit_manager_id
        return user.id if user else False

    @api.model
    def _warn_contract_end(self, company):
        """A signed contract ending within the days set in Settings, or ended
        and still signed, whose delivered amount (the contract's execution
        figures) falls short of its amount."""
        today = fields.Date.context_today(self)
        window = company.trade_risk_contract_days
        contracts = (
            self.env["trade.contract"]
            .sudo()
            .with_company(company)
            .search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "signed"),
                    ("date_end", "!=", False),
                    ("date_end", "<=", today + timedelta(days=window)),
                ]
            )
        )
        warnings = []
        for contract in contracts:
            currency = contract.currency_id
            total = contract.amount_total
            undelivered = total - contract.amount_delivered
            if currency.compare_amounts(undelivered, 0.0) <= 0 or total <= 0:
                continue
            days_left = (contract.date_end - today).days
            share = undelivered / total
            warnings.append(
                {
                    "warning_type": "contract_end",
                    "warning_key": f"contract_end:{contract.id}",
                    "name": self.env._(
                        "%(contract)s: ending with goods to deliver",
                        contract=contract.display_name,
                    ),
                    "category": "contract",
                    "contract_id": contract.id,
                    "partner_id": contract.partner_id.id,
                    "owner_id": self._contract_owner(contract),
                    # the nearer the end, the likelier the shortfall
                    "likelihood": self._warning_level(
                        window - days_left, window, window / 2
                    ),
                    "impact": self._warning_level(share, 0.5, 0.25),
                    "description": self._contract_end_description(
                        contract, days_left, undelivered, window
                    ),
                }
            )
        return warnings

    def _contract_end_description(self, contract, days_left, undelivered, window):
        currency = contract.currency_id
        values = {
            "contract": contract.display_name,
            "customer": contract.partner_id.name,
            "date": format_date(self.env, contract.date_end),
            "days": abs(days_left),
            "delivered": formatLang(
                self.env, contract.amount_delivered, currency_obj=currency
            ),
            "total": formatLang(self.env, contract.amount_total, currency_obj=currency),
            "percent": formatLang(self.env, contract.delivered_percent, digits=0),
            "undelivered": formatLang(self.env, undelivered, currency_obj=currency),
            "window": window,
        }
        if days_left < 0:
            return self.env._(
                "Contract %(contract)s with %(customer)s ended on %(date)s, "
                "%(days)s days ago, and is still signed: %(delivered)s of "
                "%(total)s delivered (%(percent)s%%), %(undelivered)s still to "
                "deliver. Deliver, amend or close it.",
                **values,
            )
        return self.env._(
            "Contract %(contract)s with %(customer)s ends on %(date)s, in "
            "%(days)s days: %(delivered)s of %(total)s delivered (%(percent)s%%), "
            "%(undelivered)s still to deliver (warning from %(window)s days "
            "before the end).",
            **values,
        )

    @api.model
    def _warn_contract_price(self, company):
        """Quotations of the department under a contract whose prices were
        valid until a date now past: one warning per contract."""
        today = fields.Date.context_today(self)
        quotations = (
            self.env["sale.order"]
            .sudo()
            .with_company(company)
            .search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", ("draft", "sent")),
                    ("trade_in_scope", "=", True),
                    ("trade_contract_id.price_validity_date", "<", today),
                    ("trade_contract_id.state", "not in", ("cancelled", "done")),
                ]
            )
        )
        by_contract = defaultdict(lambda: self.env["sale.order"].sudo())
        for quotation in quotations:
            by_contract[quotation.trade_contract_id] |= quotation
        warnings = []
        for contract, orders in by_contract.items():
            days = (today - contract.price_validity_date).days
            amount = sum(
                order.currency_id._convert(
                    order.amount_total, company.currency_id, company, today
                )
                for order in orders
            )
            warnings.append(
                {
                    "warning_type": "contract_price",
                    "warning_key": f"contract_price:{contract.id}",
                    "name": self.env._(
                        "%(contract)s: quotations at lapsed prices",
                        contract=contract.display_name,
                    ),
                    "category": "contract",
                    "contract_id": contract.id,
                    "partner_id": contract.partner_id.id,
                    "owner_id": self._contract_owner(contract),
                    "likelihood": 4,
                    "impact": 4 if len(orders) > 1 else 3,
                    "description": self.env._(
                        "The prices of contract %(contract)s were valid until "
                        "%(date)s (%(days)s days ago); quotations %(orders)s "
                        "(%(amount)s) still quote them: renegotiate the prices "
                        "or amend the contract before confirming.",
                        contract=contract.display_name,
                        date=format_date(self.env, contract.price_validity_date),
                        days=days,
                        orders=join_names(self.env, sorted(orders.mapped("name"))),
                        amount=formatLang(
                            self.env, amount, currency_obj=company.currency_id
                        ),
                    ),
                }
            )
        return warnings
