from odoo import api, fields, models


class TradeProjectMember(models.Model):
    """A member of a cross-role project, the role they play and their duties
    (R6.2.3). Members follow the project: they see it and its tasks."""

    _name = "trade.project.member"
    _description = "Cross-Role Project Member"
    _order = "project_id, sequence, id"

    project_id = fields.Many2one(
        comodel_name="project.project",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(
        default=10,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Member",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    role = fields.Selection(
        selection=[
            ("sales", "Sales"),
            ("merchandiser", "Merchandiser"),
            ("purchasing", "Purchasing"),
            ("logistics", "Logistics"),
            ("production", "Production"),
            ("finance", "Finance"),
            ("legal", "Legal"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    duties = fields.Text(
        compute="_compute_duties",
        store=True,
        readonly=False,
        precompute=True,
    )
    company_id = fields.Many2one(
        related="project_id.company_id",
    )

    _sql_constraints = [
        (
            "project_user_role_uniq",
            "unique(project_id, user_id, role)",
            "A member has each role only once in a project.",
        ),
    ]

    @api.depends("role")
    def _compute_duties(self):
        for member in self:
            member.duties = member._default_duties(member.role)

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.project_id._trade_subscribe_members()
        return members

    def write(self, vals):
        result = super().write(vals)
        if "user_id" in vals:
            self.project_id._trade_subscribe_members()
        return result

    @api.model
    def _default_duties(self, role):
        """What a member of ``role`` does in a cross-role project, in the
        language of the environment."""
        _ = self.env._
        return {
            "sales": _(
                "Leads the customer relationship: requirements, changes and "
                "confirmations with the customer."
            ),
            "merchandiser": _(
                "Follows the order's execution: purchases, production progress, "
                "inspections and incidents."
            ),
            "purchasing": _(
                "Buys the materials and goods to the specification, quantity and "
                "date of the order."
            ),
            "production": _(
                "Plans production and reports its progress and the finish date."
            ),
            "logistics": _(
                "Books the shipment, prepares the shipping documents and tracks "
                "the goods to the customer."
            ),
            "finance": _(
                "Invoices the order, follows the payment and reports the costs."
            ),
            "legal": _("Reviews the contract and its amendments."),
        }.get(role, "")
