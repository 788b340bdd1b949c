from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang


class SaleOrder(models.Model):
    _inherit = "sale.order"

    trade_contract_id = fields.Many2one(
        comodel_name="trade.contract",
        string="Contract",
        index="btree_not_null",
        tracking=True,
        copy=False,
        check_company=True,
        domain="[('partner_id', '=', trade_commercial_partner_id), "
        "('state', 'not in', ('cancelled', 'done'))]",
    )
    trade_commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
    )
    trade_contract_state = fields.Selection(
        related="trade_contract_id.state",
        string="Contract Status",
    )

    def _confirmation_error_message(self):
        return super()._confirmation_error_message() or self._trade_contract_error()

    def _trade_contract_error(self):
        """Why this order cannot be confirmed without a signed contract, if so."""
        self.ensure_one()
        company = self.company_id
        customer = self.partner_id.commercial_partner_id
        if not company._trade_contract_required_for(customer.trade_customer_tier):
            return False
        amount = self.currency_id._convert(
            self.amount_total,
            company.currency_id,
            company,
            self.date_order or fields.Date.context_today(self),
        )
        if (
            company.currency_id.compare_amounts(
                amount, company.trade_contract_min_amount
            )
            < 0
        ):
            return False
        contract = self.trade_contract_id
        if not contract:
            return self.env._(
                "Order %(order)s (%(amount)s) needs a signed contract with "
                "%(customer)s before it is confirmed, and it has none. Create it "
                "with the Create Contract button.",
                order=self.name,
                amount=formatLang(self.env, amount, currency_obj=company.currency_id),
                customer=customer.display_name,
            )
        if contract.state != "signed":
            states = dict(contract._fields["state"]._description_selection(self.env))
            return self.env._(
                "Order %(order)s needs a signed contract: contract %(contract)s is "
                "%(state)s.",
                order=self.name,
                contract=contract.display_name,
                state=states[contract.state],
            )
        return False

    def _trade_contract_terms(self):
        """Contract terms taken from an order (empty when there is no order)."""
        if not self:
            return {}
        self.ensure_one()
        return {
            "currency_id": self.currency_id.id,
            "payment_term_id": self.payment_term_id.id,
            "incoterm_id": self.incoterm.id,
            "incoterm_location": self.incoterm_location,
        }

    def action_trade_create_contract(self):
        """A draft contract for these quotations of one customer."""
        customers = self.partner_id.commercial_partner_id
        if len(customers) != 1:
            raise UserError(
                self.env._("A contract covers the orders of one customer only.")
            )
        contract = self.env["trade.contract"].create(
            {
                "partner_id": customers.id,
                "user_id": (self[:1].user_id or self.env.user).id,
                "opportunity_id": self[:1].opportunity_id.id,
                "company_id": self[:1].company_id.id,
                **self[:1]._trade_contract_terms(),
            }
        )
        self.write({"trade_contract_id": contract.id})
        return contract._get_form_action()

    def action_trade_view_contract(self):
        self.ensure_one()
        return self.trade_contract_id._get_form_action()

    @api.constrains("trade_contract_id", "partner_id")
    def _check_trade_contract_partner(self):
        for order in self:
            contract = order.trade_contract_id
            if contract and contract.partner_id != order.trade_commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is with %(contract_customer)s, not "
                        "with the customer of order %(order)s.",
                        contract=contract.display_name,
                        contract_customer=contract.partner_id.display_name,
                        order=order.name,
                    )
                )
