from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TradeRequirementLine(models.Model):
    """What the customer asks for, captured on the opportunity (R3.2.1)."""

    _name = "trade.requirement.line"
    _description = "Customer Requirement"
    _order = "lead_id, sequence, id"

    lead_id = fields.Many2one(
        comodel_name="crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(
        default=10,
    )
    company_id = fields.Many2one(
        related="lead_id.company_id",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        domain="[('sale_ok', '=', True)]",
        check_company=True,
    )
    name = fields.Text(
        string="Specification",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The product's description, or the customer's own specification "
        "when no product matches yet.",
    )
    quantity = fields.Float(
        default=1.0,
        digits="Product Unit of Measure",
        required=True,
    )
    product_uom_category_id = fields.Many2one(
        related="product_id.uom_id.category_id",
    )
    uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
        domain="[('category_id', '=', product_uom_category_id)]",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    currency_id = fields.Many2one(
        related="lead_id.company_currency",
    )
    target_price = fields.Monetary(
        string="Target Unit Price",
        currency_field="currency_id",
        help="Unit price the customer expects.",
    )
    date_required = fields.Date(
        string="Required By",
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.get_product_multiline_description_sale()

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            if line.product_id:
                line.uom_id = line.product_id.uom_id

    @api.constrains("quantity", "target_price")
    def _check_quantity_and_price(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "The required quantity must be positive (%s).", line.name
                    )
                )
            if line.target_price < 0:
                raise ValidationError(
                    self.env._("A target price cannot be negative (%s).", line.name)
                )

    def _prepare_order_line_values(self):
        """Sales order line values: a product line when the product is known,
        otherwise a note carrying the customer's specification."""
        values = []
        for line in self:
            if line.product_id:
                values.append(
                    {
                        "product_id": line.product_id.id,
                        "name": line.name,
                        "product_uom_qty": line.quantity,
                        "product_uom": (line.uom_id or line.product_id.uom_id).id,
                        "trade_target_price": line.target_price,
                    }
                )
            else:
                values.append(
                    {
                        "display_type": "line_note",
                        "name": self.env._(
                            "%(specification)s: %(quantity)s %(unit)s",
                            specification=line.name,
                            quantity=line.quantity,
                            unit=line.uom_id.name or "",
                        ),
                    }
                )
        return values
