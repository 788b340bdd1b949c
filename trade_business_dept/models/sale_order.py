from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import format_date, formatLang

from ..install_columns import any_value, create_empty_column
from ..text import join_names

#: The four points verified with the customer before confirming (R3.3.1).
CHECKLIST_ITEMS = ("specification", "quantity", "date", "price")


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "trade.workflow.mixin"]

    trade_in_scope = fields.Boolean(
        string="Business Department Order",
        compute="_compute_trade_in_scope",
        search="_search_trade_in_scope",
        groups="base.group_user",
        help="The department's rules apply to this order: its sales team is "
        "marked as the business department, or the company applies them to "
        "all its orders (Settings).",
    )
    trade_contract_id = fields.Many2one(
        groups="base.group_user",
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
        groups="base.group_user",
        related="partner_id.commercial_partner_id",
    )
    trade_contract_state = fields.Selection(
        groups="base.group_user",
        related="trade_contract_id.state",
        string="Contract Status",
    )
    # Verification with the customer before confirmation (R3.3.1)
    trade_checked_specification = fields.Boolean(
        groups="base.group_user",
        string="Specification Verified",
        tracking=True,
        copy=False,
    )
    trade_checked_specification_user_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Specification Verified By",
        readonly=True,
        copy=False,
    )
    trade_checked_quantity = fields.Boolean(
        groups="base.group_user",
        string="Quantities Verified",
        tracking=True,
        copy=False,
    )
    trade_checked_quantity_user_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Quantities Verified By",
        readonly=True,
        copy=False,
    )
    trade_checked_date = fields.Boolean(
        groups="base.group_user",
        string="Delivery Date Verified",
        tracking=True,
        copy=False,
    )
    trade_checked_date_user_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Delivery Date Verified By",
        readonly=True,
        copy=False,
    )
    trade_checked_price = fields.Boolean(
        groups="base.group_user",
        string="Prices Verified",
        tracking=True,
        copy=False,
    )
    trade_checked_price_user_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Prices Verified By",
        readonly=True,
        copy=False,
    )
    trade_floor_approved_by_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Prices Below Floor Approved By",
        readonly=True,
        copy=False,
        tracking=True,
    )
    trade_merchandiser_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Merchandiser",
        tracking=True,
        compute="_compute_trade_merchandiser_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        domain="[('share', '=', False)]",
        help="Follows the execution of the order: purchases, shipment, incidents. "
        "Taken from the customer, else from the sales team.",
    )

    @api.depends("partner_id", "team_id")
    def _compute_trade_merchandiser_id(self):
        for order in self:
            order.trade_merchandiser_id = (
                order.partner_id.commercial_partner_id.trade_merchandiser_id
                or order.team_id.trade_merchandiser_id
                or order.trade_merchandiser_id
            )

    def _auto_init(self):
        """Installed on a database with orders, the merchandiser of each
        order is empty: it comes from the customer's or the team's, which
        the installation creates empty. The column is created empty instead
        of computed order by order (``install_columns``)."""
        cr = self.env.cr
        if not any_value(cr, "res_partner", "trade_merchandiser_id") and not any_value(
            cr, "crm_team", "trade_merchandiser_id"
        ):
            create_empty_column(self, "trade_merchandiser_id")
        return super()._auto_init()

    def _trade_follower_user(self):
        """Who follows the order's execution: its merchandiser, else its
        salesperson."""
        self.ensure_one()
        return self.trade_merchandiser_id or self.user_id

    @api.depends("company_id.trade_scope_all_orders", "team_id.trade_business_dept")
    def _compute_trade_in_scope(self):
        for order in self:
            order.trade_in_scope = bool(
                order.company_id.trade_scope_all_orders
                or order.team_id.trade_business_dept
            )

    def _search_trade_in_scope(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on the department scope."))
        in_scope = [
            "|",
            ("company_id.trade_scope_all_orders", "=", True),
            ("team_id.trade_business_dept", "=", True),
        ]
        return in_scope if (operator == "=") == bool(value) else ["!", *in_scope]

    def _trade_reader_lang(self):
        # outside the department's scope, Odoo tracks changes as it does
        return self.trade_in_scope and super()._trade_reader_lang()

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            *(f"trade_checked_{item}_user_id" for item in CHECKLIST_ITEMS),
            "trade_floor_approved_by_id",
            "trade_tracking_run",
        }

    def write(self, vals):
        verified_by = {
            f"trade_checked_{item}_user_id": vals[f"trade_checked_{item}"]
            and self.env.uid
            for item in CHECKLIST_ITEMS
            if f"trade_checked_{item}" in vals
        }
        result = super().write(vals)
        if verified_by:
            # who ticked the point, never a name a client chose
            self._trade_workflow_write(verified_by, access=None)
        return result

    def _confirmation_error_message(self):
        return super()._confirmation_error_message() or self._trade_confirmation_error()

    def _trade_confirmation_error(self):
        """Everything that stops this order's confirmation, in one message.
        Orders outside the department's scope confirm as in standard Odoo."""
        self.ensure_one()
        if not self.trade_in_scope:
            return False
        problems = [
            problem
            for rule in self._trade_confirmation_rules()
            for problem in getattr(self, rule)()
        ]
        if not problems:
            return False
        return self.env._(
            "Order %(order)s cannot be confirmed yet:\n- %(problems)s",
            order=self.name,
            problems="\n- ".join(problems),
        )

    def _trade_confirmation_rules(self):
        """Names of the methods that check an order before confirmation.

        Each returns the list of problems it finds (translated, each to
        complete "Order ... cannot be confirmed yet:"), empty when the order
        passes. Another addon adds a rule by extending this list.
        """
        return [
            "_trade_check_promised_date",
            "_trade_check_specifications",
            "_trade_check_floor_prices",
            "_trade_check_verified_with_customer",
            "_trade_check_signed_contract",
        ]

    def _trade_check_promised_date(self):
        """R3.3.1: the delivery date promised to the customer is set."""
        if not self.company_id.trade_order_checks or self.commitment_date:
            return []
        return [self.env._("set the delivery date promised to the customer")]

    def _trade_check_specifications(self):
        """R3.3.1: every product line carries its specification."""
        if not self.company_id.trade_order_checks:
            return []
        missing = self.order_line.filtered(
            lambda line: line.product_id and not line._trade_has_specification()
        )
        if not missing:
            return []
        return [
            self.env._(
                "describe the specification of: %s",
                join_names(self.env, missing.product_id.mapped("display_name")),
            )
        ]

    def _trade_check_floor_prices(self):
        """R3.3.1: prices below the floor price carry a manager's approval of
        those very lines."""
        if not self.company_id.trade_order_checks:
            return []
        below = self.order_line.filtered(
            lambda line: not line.trade_floor_approved
        )._trade_below_floor_price()
        if not below:
            return []
        return [
            self.env._(
                "get a business manager's approval for the prices below the "
                "floor price: %s",
                join_names(self.env, below),
            )
        ]

    def _trade_check_verified_with_customer(self):
        """R3.3.1: specification, quantities, date and prices verified."""
        if not self.company_id.trade_order_checks:
            return []
        unchecked = [
            self._fields[f"trade_checked_{item}"].get_description(self.env)["string"]
            for item in CHECKLIST_ITEMS
            if not self[f"trade_checked_{item}"]
        ]
        if not unchecked:
            return []
        return [
            self.env._("verify with the customer: %s", join_names(self.env, unchecked))
        ]

    def _trade_check_signed_contract(self):
        """R3.2: orders above the threshold need a signed contract."""
        company = self.company_id
        customer = self.partner_id.commercial_partner_id
        if not company._trade_contract_required_for(customer.trade_customer_tier):
            return []
        amount = self.currency_id._convert(
            self.amount_total,
            company.currency_id,
            company,
            self.date_order or fields.Date.context_today(self),
        )
        currency = company.currency_id
        if currency.compare_amounts(amount, company.trade_contract_min_amount) < 0:
            return []
        contract = self.trade_contract_id
        if not contract:
            return [
                self.env._(
                    "it (%(amount)s) needs a signed contract with %(customer)s, "
                    "and it has none: create it with the Create Contract button",
                    amount=formatLang(self.env, amount, currency_obj=currency),
                    customer=customer.display_name,
                )
            ]
        if contract.state != "signed":
            states = dict(contract._fields["state"]._description_selection(self.env))
            return [
                self.env._(
                    "it needs a signed contract: contract %(contract)s is %(state)s",
                    contract=contract.display_name,
                    state=states[contract.state],
                )
            ]
        return self._trade_contract_cover_problems(contract)

    def _trade_contract_cover_problems(self, contract):
        """A signed contract covers the orders of its current revision up to
        its amount (taxes included, in the contract's currency)."""
        contract = contract.sudo()
        if not contract.active or contract.next_revision_id:
            return [
                self.env._(
                    "contract %(contract)s was replaced by revision %(revision)s: "
                    "link the order to the current revision",
                    contract=contract.display_name,
                    revision=contract.next_revision_id.revision or "-",
                )
            ]
        date = self.date_order or fields.Date.context_today(self)
        orders = (contract.sale_order_ids | self).filtered(
            lambda order: order.state == "sale" or order == self
        )
        covered = sum(
            order.currency_id._convert(
                order.amount_total, contract.currency_id, contract.company_id, date
            )
            for order in orders
        )
        if contract.currency_id.compare_amounts(covered, contract.amount_total) <= 0:
            return []
        return [
            self.env._(
                "with it, the orders under contract %(contract)s come to %(total)s, "
                "above the contract's %(amount)s: amend the contract first",
                contract=contract.display_name,
                total=formatLang(self.env, covered, currency_obj=contract.currency_id),
                amount=formatLang(
                    self.env, contract.amount_total, currency_obj=contract.currency_id
                ),
            )
        ]

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

    # ------------------------------------------------------------------
    # Confirmation and hand-offs (R3.3.1, R6.1)
    # ------------------------------------------------------------------
    def _action_confirm(self):
        result = super()._action_confirm()
        # what the department records on the side needs no right of the user
        department_orders = self.filtered("trade_in_scope").sudo()
        department_orders._trade_hand_off()
        department_orders._trade_refresh_tracking()
        return result

    def action_trade_approve_floor_prices(self):
        """A business manager accepts the prices below the floor price."""
        if not self.env.user.has_group("trade_business_dept.group_trade_manager"):
            raise AccessError(
                self.env._(
                    "Only a business manager can approve prices below the floor price."
                )
            )
        for order in self:
            lines = order.order_line.filtered(
                lambda line: (
                    line.product_id.trade_floor_price
                    and line._trade_below_floor_price()
                )
            )
            lines._trade_workflow_write({"trade_floor_approved": True})
        self._trade_workflow_write({"trade_floor_approved_by_id": self.env.uid})
        return True

    def _trade_hand_off(self):
        """A hand-off (with its activity) for each department contact set in
        Settings (R3.3.1, R6.1): what to buy, produce, ship or invoice and by
        when, written in the recipient's language."""
        values = []
        for order in self:
            company = order.company_id
            deadlines = order._trade_hand_off_deadlines()
            for department, user in (
                ("purchasing", company.trade_purchasing_user_id),
                ("production", company.trade_production_user_id),
                ("logistics", company.trade_logistics_user_id),
                ("finance", company.trade_finance_user_id),
            ):
                if not user:
                    continue
                reader = order.with_context(lang=user.lang or company.partner_id.lang)
                values.append(
                    {
                        "name": reader._trade_hand_off_title(department),
                        "department": department,
                        "user_id": user.id,
                        "company_id": company.id,
                        "order_id": order.id,
                        "note": reader._trade_hand_off_note(),
                        "date_deadline": deadlines[department],
                    }
                )
        return self.env["trade.handoff"].sudo().create(values)

    def _trade_hand_off_title(self, department):
        self.ensure_one()
        _ = self.env._
        return {
            "purchasing": _("Purchase for order %s", self.name),
            "production": _("Produce for order %s", self.name),
            "logistics": _("Plan the shipment of order %s", self.name),
            "finance": _("Invoicing and receivable of order %s", self.name),
        }[department]

    def _trade_hand_off_deadlines(self):
        """When each department has to have done its part, from the date
        promised to the customer and the days needed from receipt to shipping
        (Settings): purchasing orders within two days, production and
        logistics are ready by the shipping date, finance invoices by the
        promised date. Never before today."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        promised = (
            fields.Date.context_today(self, self.commitment_date)
            if self.commitment_date
            else today + timedelta(days=30)
        )
        ship_by = promised - timedelta(days=self.company_id.trade_shipping_lead_days)
        return {
            "purchasing": max(today, min(today + timedelta(days=2), ship_by)),
            "production": max(today, ship_by),
            "logistics": max(today, ship_by),
            "finance": max(today, promised),
        }

    def _trade_hand_off_note(self):
        self.ensure_one()
        rows = "".join(
            "<li>%s — %s %s</li>"
            % (
                line.name.replace("\n", " / "),
                formatLang(self.env, line.product_uom_qty),
                line.product_uom.name,
            )
            for line in self.order_line.filtered(lambda line: line.product_id)
        )
        return self.env._(
            "<p>Customer: %(customer)s<br/>Delivery promised for: %(date)s<br/>"
            "Incoterm: %(incoterm)s</p><ul>%(lines)s</ul>",
            customer=self.partner_id.display_name,
            date=format_date(self.env, self.commitment_date)
            if self.commitment_date
            else "—",
            incoterm=self.incoterm.display_name or "—",
            lines=rows,
        )

    def _trade_create_credit_note(self, amount, label, partner=None):
        """A draft credit note of ``amount`` (company currency) for this order's
        customer, linked to its last posted invoice when there is one."""
        invoice = self.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        ).sorted("invoice_date")[-1:]
        customer = partner or self.partner_invoice_id or self.partner_id
        company = self.company_id or self.env.company
        return (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": customer.commercial_partner_id.id,
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "invoice_origin": self.name or False,
                    "reversed_entry_id": invoice.id or False,
                    "ref": label,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": label, "quantity": 1, "price_unit": amount}
                        )
                    ],
                }
            )
        )
