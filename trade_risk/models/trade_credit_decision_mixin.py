from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang

#: Fields fixed once a credit manager decided; only the decision sets them.
DECISION_FIELDS = {"state", "decided_by_id", "date_decision"}


class TradeCreditDecisionMixin(models.AbstractModel):
    """A request a credit manager decides on (a credit exception for an order,
    a credit release for a delivery): who asked, who decided and when, never
    the one who asked; the decision only through the record's buttons.

    A model using it has ``state`` (``requested``, ``lapsed`` and its
    decisions), ``name``, ``amount`` and ``currency_id``, sets
    ``_decision_activity_type`` (the credit manager's activity, removed once
    decided) and words its refusals in :meth:`_decision_texts`.
    """

    _name = "trade.credit.decision.mixin"
    _description = "Credit Manager's Decision"
    _inherit = ["trade.workflow.mixin"]

    #: XML id of the activity type asking the credit manager to decide.
    _decision_activity_type = None

    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        copy=False,
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_decision = fields.Datetime(
        string="Decided On",
        readonly=True,
        copy=False,
    )
    can_decide = fields.Boolean(
        compute="_compute_can_decide",
        help="The current user is a credit manager who did not request it.",
    )

    @api.depends("requested_by_id")
    @api.depends_context("uid")
    def _compute_can_decide(self):
        is_manager = self._is_credit_manager()
        for request in self:
            request.can_decide = bool(
                request.id and is_manager and request.requested_by_id != self.env.user
            )

    def _decision_texts(self, name):
        """The refusals of this kind of request, in the user's language:
        ``buttons`` (decision fields written directly), ``manager`` (not a
        credit manager), ``lapsed``, ``decided`` and ``own`` (about the
        request ``name``)."""
        raise NotImplementedError

    def _trade_raise_workflow_fields(self, names):
        if DECISION_FIELDS & set(names):
            raise AccessError(self._decision_texts("")["buttons"])
        return super()._trade_raise_workflow_fields(names)

    def _is_credit_manager(self):
        return self.env["res.partner"]._trade_is_credit_manager()

    def _amount_text(self):
        self.ensure_one()
        return formatLang(self.env, self.amount, currency_obj=self.currency_id)

    def _check_decision(self):
        """A credit manager decides a request still waiting, not his own."""
        if not self._is_credit_manager():
            raise AccessError(self._decision_texts("")["manager"])
        for request in self:
            texts = request._decision_texts(request.name)
            if request.state == "lapsed":
                raise UserError(texts["lapsed"])
            if request.state != "requested":
                raise UserError(texts["decided"])
            if request.requested_by_id == self.env.user and not self.env.su:
                raise UserError(texts["own"])

    def _decide(self, state):
        """Record the decision, once ``_check_decision`` passed."""
        self._trade_workflow_write(
            {
                "state": state,
                "decided_by_id": self.env.uid,
                "date_decision": fields.Datetime.now(),
            },
            access="read",
        )
        self.sudo().activity_unlink([self._decision_activity_type])
