# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import models
from odoo.exceptions import AccessError, UserError

from ..text import join_names
from .trade_contract import REVIEW_REQUIRED_FIELDS


class TradeContract(models.Model):
    """The legal department's review of a contract (R3.2.3): submission,
    approval or rejection with the reviewer's comment, the history of the
    review and the reviewers' activities."""

    _inherit = "trade.contract"

    def action_submit_review(self):
        """Send draft contracts to the legal department."""
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._(
                        "Contract %s is not a draft: it cannot be submitted again.",
                        contract.display_name,
                    )
                )
            missing = contract._missing_review_terms()
            if missing:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s cannot go to legal review yet. "
                        "Fill in: %(terms)s.",
                        contract=contract.display_name,
                        terms=join_names(self.env, missing),
                    )
                )
        self._trade_workflow_write({"state": "legal_review"})
        self._log_review("submitted")
        self._notify_legal_reviewers()
        return True

    def action_legal_approve(self, comment=None):
        """Approve contracts under review (legal department only)."""
        self._check_legal_reviewer()
        self._check_state(
            "legal_review",
            self.env._(
                "Contract %(contract)s is %(state)s: only a contract under legal "
                "review can be approved."
            ),
        )
        self._record_legal_decision("approved", comment)
        return True

    def action_legal_reject(self, reason=None):
        """Send contracts under review back to draft, with the reason."""
        self._check_legal_reviewer()
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the reason for the rejection: the salesperson needs it."
                )
            )
        self._check_state(
            "legal_review",
            self.env._(
                "Contract %(contract)s is %(state)s: only a contract under legal "
                "review can be rejected."
            ),
        )
        self._record_legal_decision("rejected", reason)
        return True

    def _record_legal_decision(self, decision, comment):
        """Write the reviewer's decision (the role was checked by the caller):
        the new state, the review history, the reviewers' activities closed
        and the salesperson's next step, in the salesperson's language."""
        approved = decision == "approved"
        self._trade_workflow_write(
            {"state": "approved" if approved else "draft"}, access="read"
        )
        self._log_review(decision, comment)
        self._close_review_activities()
        for contract in self:
            env = contract.with_context(lang=contract.user_id.lang).env
            contract.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._("Contract approved: have it signed")
                if approved
                else env._("Contract rejected by legal: revise it"),
                note=False if approved else comment,
                user_id=contract.user_id.id,
            )

    def action_open_legal_decision(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Legal Review"),
            "res_model": "trade.contract.legal.decision",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_contract_id": self.id,
                "default_decision": self.env.context.get("decision", "approve"),
            },
        }

    def _missing_review_terms(self):
        """Labels of the terms the legal review needs and that are empty."""
        self.ensure_one()
        missing = [
            self._fields[field_name].get_description(self.env)["string"]
            for field_name in REVIEW_REQUIRED_FIELDS
            if not self[field_name]
            or (isinstance(self[field_name], str) and not self[field_name].strip())
        ]
        if not self.amount_total:
            missing.append(
                self._fields["amount_total"].get_description(self.env)["string"]
            )
        return missing

    def _check_legal_reviewer(self):
        """Only the legal department reviews, and never a contract's own
        salesperson, whatever other rights they were given."""
        user = self.env.user
        if not user.has_group("trade_business_dept.group_trade_legal"):
            raise AccessError(
                self.env._(
                    "Only the legal department can approve or reject a contract."
                )
            )
        is_manager = user.has_group("trade_business_dept.group_trade_manager")
        if user.has_group("trade_business_dept.group_trade_salesperson") and not (
            is_manager
        ):
            raise AccessError(
                self.env._(
                    "A salesperson cannot approve or reject contracts, even with "
                    "legal review rights."
                )
            )
        own = self.filtered(lambda contract: contract.user_id == user)
        if own:
            raise AccessError(
                self.env._(
                    "You are the salesperson of contract %s: another reviewer has "
                    "to decide on it.",
                    own[0].display_name,
                )
            )

    def _log_review(self, decision, comment=None):
        self.env["trade.contract.review"].sudo().create(
            [
                {
                    "contract_id": contract.id,
                    "revision": contract.revision,
                    "user_id": self.env.user.id,
                    "decision": decision,
                    "comment": comment or False,
                }
                for contract in self
            ]
        )

    def _notify_legal_reviewers(self):
        """An activity for a legal reviewer, the contract's owner excluded."""
        legal_group = self.env.ref("trade_business_dept.group_trade_legal")
        reviewers = legal_group.users.filtered(
            lambda user: (
                not user.share
                and not user.has_group("trade_business_dept.group_trade_salesperson")
            )
        )
        for contract in self:
            reviewer = (reviewers - contract.user_id)[:1]
            if reviewer:
                contract.activity_schedule(
                    "trade_business_dept.mail_activity_type_trade_legal_review",
                    user_id=reviewer.id,
                )

    def _close_review_activities(self):
        review_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_legal_review"
        )
        self.activity_ids.filtered(
            lambda activity: activity.activity_type_id == review_type
        ).sudo().action_feedback(feedback=self.env._("Review decided"))
