from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class ProjectProject(models.Model):
    """Cross-role projects of the business department (R6.2.3): a project of
    Odoo's Project app started from an order or a contract, with a leader
    (the project manager), members and their duties, milestones computed from
    the order's dates and progress meetings."""

    _inherit = "project.project"

    trade_kind = fields.Selection(
        selection=[
            ("template", "Cross-Role Project Template"),
            ("cross_role", "Cross-Role Project"),
        ],
        string="Business Department Project",
        index="btree_not_null",
        copy=False,
        groups="base.group_user",
        help="A cross-role project is started from an order or a contract; "
        "a template is copied into every new cross-role project (its task "
        "stages and standard tasks).",
    )
    trade_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Trade Customer",
        index="btree_not_null",
        copy=False,
        groups="base.group_user",
    )
    trade_sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Trade Order",
        index="btree_not_null",
        copy=False,
        groups="base.group_user",
    )
    trade_contract_id = fields.Many2one(
        comodel_name="trade.contract",
        string="Sales Contract",
        index="btree_not_null",
        copy=False,
        groups="base.group_user",
    )
    trade_member_ids = fields.One2many(
        comodel_name="trade.project.member",
        inverse_name="project_id",
        string="Cross-Role Members",
        copy=False,
        groups="base.group_user",
    )
    trade_meeting_ids = fields.One2many(
        comodel_name="trade.meeting",
        inverse_name="project_id",
        string="Progress Meetings",
        copy=False,
        groups="trade_business_dept.group_trade_salesperson",
    )
    trade_meeting_count = fields.Integer(
        string="Meetings",
        compute="_compute_trade_meeting_count",
        groups="trade_business_dept.group_trade_salesperson",
    )

    def _compute_trade_meeting_count(self):
        counts = dict(
            self.env["trade.meeting"]._read_group(
                [("project_id", "in", self.ids)], ["project_id"], ["__count"]
            )
        )
        for project in self:
            project.trade_meeting_count = counts.get(project._origin, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_trade_plan_meeting(self):
        """A new progress meeting of the project, its members invited."""
        self.ensure_one()
        self._trade_check_leader()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Progress Meeting"),
            "res_model": "trade.meeting",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_meeting_type": "project",
                "default_project_id": self.id,
                "default_company_id": self.company_id.id or self.env.company.id,
                "default_attendee_ids": [
                    Command.set((self.trade_member_ids.user_id | self.user_id).ids)
                ],
            },
        }

    def action_trade_view_meetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_business_dept.trade_meeting_action"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_meeting_type": "project"}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _trade_is_leader(self):
        self.ensure_one()
        return self.env.su or self.user_id == self.env.user

    def _trade_check_leader(self):
        """Progress meetings are planned by the project's leader or a
        business manager."""
        if self.env.user.has_group("trade_business_dept.group_trade_manager"):
            return
        for project in self:
            if not project._trade_is_leader():
                raise AccessError(
                    self.env._(
                        "Only the leader of %s or a business manager plans its "
                        "progress meetings.",
                        project.name,
                    )
                )

    @api.model
    def _trade_template(self, company):
        """The department's project template of ``company``."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("trade_kind", "=", "template"),
                    ("company_id", "in", [company.id, False]),
                ],
                order="company_id, id",
                limit=1,
            )
        )

    @api.model
    def _trade_start(self, name, company, leader, partner, order=None, contract=None):
        """Create a cross-role project from the department's template, with
        the members and milestones of ``order`` or ``contract``.

        The caller checked who may start it; the project is created as the
        superuser because department users have no rights to create projects
        in the Project app.
        """
        order = order or self.env["sale.order"]
        contract = contract or order.trade_contract_id or self.env["trade.contract"]
        values = {
            "name": name,
            "trade_kind": "cross_role",
            "company_id": company.id,
            "user_id": leader.id,
            "partner_id": partner.id,
            "trade_partner_id": partner.id,
            "trade_sale_order_id": order.id,
            "trade_contract_id": contract.id,
            "privacy_visibility": "followers",
            "allow_milestones": True,
            "active": True,
            "date_start": fields.Date.context_today(self),
        }
        template = self._trade_template(company)
        if template:
            project = template.copy(values)
        else:
            project = self.sudo().create(values)
        reader = self.with_context(lang=company.partner_id.lang or self.env.lang)
        project.write(
            {
                "trade_member_ids": [
                    Command.create(vals)
                    for vals in reader._trade_member_values(leader, order, contract)
                ],
                "milestone_ids": [
                    Command.create(vals)
                    for vals in reader._trade_milestone_values(order, contract)
                ],
            }
        )
        project.date = max(
            [project.date_start, *project.milestone_ids.mapped("deadline")]
        )
        return project.with_env(self.env)

    @api.model
    def _trade_member_values(self, leader, order, contract):
        """The members proposed: the salesperson (the leader), the order's
        merchandiser and the company's contacts of purchasing, production,
        logistics and finance (Settings); the legal reviewer of a contract
        under review."""
        company = order.company_id or contract.company_id or self.env.company
        candidates = [
            ("sales", order.user_id or contract.user_id or leader),
            ("merchandiser", order.trade_merchandiser_id),
            ("purchasing", company.trade_purchasing_user_id),
            ("production", company.trade_production_user_id),
            ("logistics", company.trade_logistics_user_id),
            ("finance", company.trade_finance_user_id),
        ]
        member_model = self.env["trade.project.member"]
        values = []
        seen = set()
        for role, user in candidates:
            if not user or (user.id, role) in seen:
                continue
            seen.add((user.id, role))
            values.append(
                {
                    "user_id": user.id,
                    "role": role,
                    "duties": member_model.with_context(
                        lang=user.lang or self.env.lang
                    )._default_duties(role),
                }
            )
        return values

    @api.model
    def _trade_milestone_values(self, order, contract):
        """The milestones of the order (or the contract) with deadlines from
        its dates: contract signed, production finished (the date production
        answered on its hand-off, else the shipping date), goods shipped,
        delivered on the promised date, payment due by the payment terms."""
        _ = self.env._
        today = fields.Date.context_today(self)
        values = []
        if contract:
            values.append(
                {
                    "name": _("Contract %s signed", contract.name),
                    "deadline": contract.date_signed or contract.date_start or today,
                    "is_reached": contract.state in ("signed", "done"),
                }
            )
        if order:
            deadlines = order._trade_hand_off_deadlines()
            promised = deadlines["finance"]
            finished = self.env["trade.handoff"].sudo().search(
                [
                    ("order_id", "=", order.id),
                    ("department", "=", "production"),
                    ("date_planned_finish", "!=", False),
                ],
                order="date_planned_finish desc",
                limit=1,
            ).date_planned_finish or deadlines["production"] - timedelta(days=1)
            term_lines = order.payment_term_id.line_ids
            payment_due = max(
                [line._get_due_date(promised) for line in term_lines] or [promised]
            )
            values += [
                {"name": _("Production finished"), "deadline": finished},
                {"name": _("Goods shipped"), "deadline": deadlines["logistics"]},
                {"name": _("Delivered to the customer"), "deadline": promised},
                {"name": _("Payment received"), "deadline": payment_due},
            ]
        elif contract:
            if contract.date_start:
                values.append(
                    {
                        "name": _("Contract execution starts"),
                        "deadline": contract.date_start,
                    }
                )
            if contract.date_end:
                values.append(
                    {"name": _("Contract fulfilled"), "deadline": contract.date_end}
                )
        return values

    @api.model
    def _trade_task_counts(self, field_name, records):
        """``{record id: number of open tasks}`` of the cross-role projects
        linked to ``records`` by ``field_name``, as the current user sees
        them."""
        if not records.ids:
            return {}
        groups = self.env["project.task"]._read_group(
            [
                ("project_id.trade_kind", "=", "cross_role"),
                (f"project_id.{field_name}", "in", records.ids),
                ("is_closed", "=", False),
            ],
            ["project_id"],
            ["__count"],
        )
        counts = {}
        for project, count in groups:
            key = project.sudo()[field_name].id
            counts[key] = counts.get(key, 0) + count
        return counts

    def _trade_tasks_action(self):
        """The tasks of these projects, listed for the customer, order or
        contract they were started from."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "project.action_view_all_task"
        )
        action.update(
            {
                "display_name": self.env._("Project Tasks"),
                "domain": [("project_id", "in", self.ids)],
                "context": {
                    "default_project_id": self[:1].id,
                    "search_default_open_tasks": 1,
                },
            }
        )
        return action

    def _trade_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "project.project",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _trade_subscribe_members(self):
        """Members follow the private project: they see it and its tasks."""
        for project in self:
            partners = (project.trade_member_ids.user_id | project.user_id).partner_id
            project.sudo().message_subscribe(partner_ids=partners.ids)

    @api.model
    def _trade_check_can_start(self, record, owner):
        """A salesperson starts a project on their own order or contract; a
        business manager on any."""
        user = self.env.user
        if self.env.su or user.has_group("trade_business_dept.group_trade_manager"):
            return
        if not user.has_group("trade_business_dept.group_trade_salesperson") or (
            owner != user
        ):
            raise AccessError(
                self.env._(
                    "Only the salesperson of %s or a business manager starts a "
                    "cross-role project on it.",
                    record.display_name,
                )
            )
        record.check_access("read")

    @api.model
    def _trade_check_not_started(self, record, projects):
        if projects.filtered(lambda project: project.active):
            raise UserError(
                self.env._("%s already has a cross-role project.", record.display_name)
            )
