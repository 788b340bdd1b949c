from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.trade_business_dept.text import join_names

from .roles import check_hr
from .trade_appraisal_grade import GRADES


class TradeAppraisalAppeal(models.Model):
    _name = "trade.appraisal.appeal"
    _description = "Appraisal Appeal"
    _inherit = [
        "trade.workflow.mixin",
        "trade.appraisal.reader.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_appealed desc, id desc"
    _check_company_auto = True

    scorecard_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    employee_id = fields.Many2one(
        related="scorecard_id.employee_id",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(
        related="scorecard_id.user_id",
        string="Employee's User",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="scorecard_id.company_id",
        store=True,
        index=True,
    )
    reason = fields.Text(
        required=True,
        readonly=True,
    )
    date_appealed = fields.Datetime(
        string="Appealed On",
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )
    manager_opinion = fields.Text(
        string="Department's Findings",
        tracking=True,
        help="What the business manager found when looking into the appeal; "
        "written by a business manager of the employee, never by HR alone.",
    )
    opinion_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Findings By",
        readonly=True,
        help="The business manager who wrote the department's findings.",
    )
    date_opinion = fields.Datetime(
        string="Findings Written On",
        readonly=True,
    )
    can_write_opinion = fields.Boolean(
        compute="_compute_can_write_opinion",
    )
    decision = fields.Selection(
        selection=[
            ("adjusted", "Score Adjusted"),
            ("upheld", "Score Upheld"),
        ],
        readonly=True,
        tracking=True,
    )
    decision_note = fields.Text(
        string="Grounds of the Decision",
        readonly=True,
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
    )
    date_decided = fields.Date(
        string="Decided On",
        readonly=True,
    )
    total_before = fields.Float(
        digits=(5, 2),
        readonly=True,
    )
    total_after = fields.Float(
        digits=(5, 2),
        readonly=True,
    )
    grade_before = fields.Selection(
        selection=GRADES,
        readonly=True,
    )
    grade_after = fields.Selection(
        selection=GRADES,
        readonly=True,
    )
    adjustment_ids = fields.One2many(
        comodel_name="trade.appraisal.adjustment",
        inverse_name="appeal_id",
        string="Score Adjustments",
        readonly=True,
    )
    state = fields.Selection(
        selection=[
            ("open", "Under Review"),
            ("decided", "Decided"),
        ],
        string="Status",
        required=True,
        default="open",
        readonly=True,
        tracking=True,
    )

    @api.depends("scorecard_id")
    def _compute_display_name(self):
        for appeal in self:
            appeal.display_name = self.env._(
                "Appeal on %(card)s", card=appeal.scorecard_id.name
            )

    @api.depends_context("uid")
    @api.depends("state", "scorecard_id")
    def _compute_can_write_opinion(self):
        for appeal in self:
            appeal.can_write_opinion = (
                appeal.state == "open"
                and self.env.user in appeal.scorecard_id._managers()
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "opinion_by_id",
            "date_opinion",
            "scorecard_id",
            "employee_id",
            "user_id",
            "company_id",
            "reason",
            "date_appealed",
            "state",
            "decision",
            "decision_note",
            "decided_by_id",
            "date_decided",
            "total_before",
            "total_after",
            "grade_before",
            "grade_after",
            "adjustment_ids",
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                self.env._("Appeal from the scorecard with its Appeal button.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if self.env.su or "manager_opinion" not in vals:
            return super().write(vals)
        for appeal in self:
            if appeal.state != "open":
                raise UserError(
                    self.env._("%(appeal)s is decided.", appeal=appeal.display_name)
                )
            # HR decides together with the department: the findings are the
            # business manager's, never HR's alone
            if self.env.user not in appeal.scorecard_id._managers():
                raise AccessError(
                    self.env._(
                        "The department's findings on the appeal of %(employee)s "
                        "are written by their business manager; HR decides with "
                        "them.",
                        employee=appeal.employee_id.name,
                    )
                )
        result = super().write(vals)
        self._trade_workflow_write(
            {"opinion_by_id": self.env.user.id, "date_opinion": fields.Datetime.now()}
        )
        return result

    def action_open_decision(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decide the Appeal"),
            "res_model": "trade.appraisal.appeal.decide",
            "view_mode": "form",
            "target": "new",
            "context": {"default_appeal_id": self.id},
        }

    def _schedule_review(self):
        """Ask the manager for the department's findings and HR for a decision."""
        for appeal in self:
            card = appeal.scorecard_id
            manager = card._supervisor_user()
            hr_user = card.published_by_id
            if manager:
                appeal.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.with_context(lang=manager.lang).env._(
                        "Look into the appeal of %(employee)s",
                        employee=card.employee_id.name,
                    ),
                    note=appeal.reason,
                    user_id=manager.id,
                )
            if hr_user:
                appeal.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.with_context(lang=hr_user.lang).env._(
                        "Decide the appeal of %(employee)s",
                        employee=card.employee_id.name,
                    ),
                    note=appeal.reason,
                    user_id=hr_user.id,
                )

    def _decide(self, decision, note, new_scores):
        """HR decides with the department: adjust the scores (audit trail of
        every change on the appeal and in the scorecard's chatter) and close
        the scorecard.

        :param new_scores: ``{scorecard.line: new_score}``
        """
        self.ensure_one()
        check_hr(
            self.env,
            self.env._("Appeals are decided by the HR department (Appraisal HR)."),
        )
        card = self.scorecard_id
        if not self.env.su and card.user_id == self.env.user:
            raise AccessError(
                self.env._(
                    "%(appeal)s is your own: another HR officer decides it.",
                    appeal=self.display_name,
                )
            )
        changes = self._check_decision(decision, note, new_scores)
        total_before, grade_before = card.total_score, card.grade
        adjustments = self.env["trade.appraisal.adjustment"]._trade_workflow_create(
            [
                {
                    "appeal_id": self.id,
                    "line_id": line.id,
                    "old_score": line.score,
                    "new_score": score,
                    "user_id": self.env.user.id,
                }
                for line, score in changes.items()
            ]
        )
        for line, score in changes.items():
            line.sudo().write({"score": score})
        today = fields.Date.context_today(self)
        self._trade_workflow_write(
            {
                "state": "decided",
                "decision": decision,
                "decision_note": note.strip(),
                "decided_by_id": self.env.user.id,
                "date_decided": today,
                "total_before": total_before,
                "total_after": card.total_score,
                "grade_before": grade_before,
                "grade_after": card.grade,
            }
        )
        card._trade_workflow_write({"state": "final", "date_final": today})
        card._post_decision(self, adjustments)
        self.activity_ids.sudo().action_feedback()
        return True

    def _check_decision(self, decision, note, new_scores):
        """Raise unless the appeal can be decided this way.

        :return: ``{scorecard.line: new_score}`` of the scores that change
        """
        self.ensure_one()
        card = self.scorecard_id
        if self.state != "open" or card.state != "appealed":
            raise UserError(
                self.env._("%(appeal)s is already decided.", appeal=self.display_name)
            )
        if not (self.manager_opinion or "").strip() or (
            self.opinion_by_id not in card._managers()
        ):
            raise UserError(
                self.env._(
                    "The business manager of %(employee)s records the department's "
                    "findings on %(appeal)s before HR decides: HR decides together "
                    "with the business manager.",
                    employee=card.employee_id.name,
                    appeal=self.display_name,
                )
            )
        if not self.env.su and self.opinion_by_id == self.env.user:
            raise UserError(
                self.env._(
                    "You wrote the department's findings on %(appeal)s: another HR "
                    "officer decides it with them.",
                    appeal=self.display_name,
                )
            )
        if not (note or "").strip():
            raise UserError(self.env._("Write the grounds of the decision."))
        self._check_lines_of_card(new_scores)
        changes = {
            line: score
            for line, score in new_scores.items()
            if round(score, 2) != round(line.score, 2)
        }
        if decision == "adjusted" and not changes:
            raise UserError(
                self.env._(
                    "Change at least one score to adjust %(card)s, or uphold it.",
                    card=card.name,
                )
            )
        if decision == "upheld" and changes:
            raise UserError(
                self.env._("Upholding the scorecard leaves every score as it is.")
            )
        card._check_interview_done()
        return changes

    def _check_lines_of_card(self, lines):
        """An appeal decides on the scores of the appealed scorecard only.

        :param lines: ``trade.appraisal.scorecard.line`` records (or an
            iterable of them)
        """
        self.ensure_one()
        foreign = self.env["trade.appraisal.scorecard.line"].union(*lines) - (
            self.scorecard_id.line_ids
        )
        if foreign:
            raise UserError(
                self.env._(
                    "%(appeal)s decides on the scores of %(card)s only, not on "
                    "those of %(others)s.",
                    appeal=self.display_name,
                    card=self.scorecard_id.name,
                    others=join_names(
                        self.env, foreign.sudo().scorecard_id.mapped("name")
                    ),
                )
            )
