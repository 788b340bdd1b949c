# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..text import in_company_lang
from .trade_contract import TERM_FIELDS


class TradeContract(models.Model):
    """Amendments of an approved or signed contract (R3.2.4): the next
    revision goes back to legal review and purchasing, logistics and finance
    are told what changed."""

    _inherit = "trade.contract"

    def action_amend(self, values=None, reason=None):
        """Start the next revision of an approved or signed contract.

        The new revision takes the changed terms (``values``), goes straight
        to legal review and takes over the orders; the current revision is
        archived, read-only, and linked to it. The purchasing, logistics and
        finance users set in Settings get an activity listing the changes.

        :return: an action opening the new revision
        """
        self.ensure_one()
        if self.state not in ("approved", "signed"):
            raise UserError(
                self.env._(
                    "Only an approved or signed contract is amended; change the "
                    "terms of %s directly.",
                    self.display_name,
                )
            )
        self.check_access("write")
        values = {
            field_name: value
            for field_name, value in (values or {}).items()
            if field_name in TERM_FIELDS
        }
        new_revision = self.sudo().copy(
            {
                "currency_id": self.currency_id.id,
                "amount_total": self.amount_total,
                **values,
                "name": self.name,
                "revision": self.revision + 1,
                "previous_revision_id": self.id,
                "state": "legal_review",
            }
        )
        self.sale_order_ids.write({"trade_contract_id": new_revision.id})
        new_revision = new_revision.with_env(self.env)
        self._trade_workflow_write(
            {"next_revision_id": new_revision.id, "active": False}
        )
        changes = self._describe_changes(new_revision)
        new_revision._log_review("amended", self._amendment_comment(reason, changes))
        new_revision._notify_legal_reviewers()
        new_revision._notify_departments_of_amendment(changes, reason)
        self.message_post(
            body=in_company_lang(self).env._(
                "Replaced by revision %s, sent to legal review.", new_revision.revision
            )
        )
        return new_revision._get_form_action()

    def action_open_amend(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Amend Contract"),
            "res_model": "trade.contract.amend",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def _describe_changes(self, new_revision):
        """Lines ``Label: old → new`` for the terms that differ."""
        self.ensure_one()
        changes = []
        for field_name in TERM_FIELDS:
            field = self._fields[field_name]
            old, new = self[field_name], new_revision[field_name]
            if old == new:
                continue
            label = field.get_description(self.env)["string"]
            changes.append(
                self.env._(
                    "%(term)s: %(old)s → %(new)s",
                    term=label,
                    old=self._format_term(field_name, old),
                    new=self._format_term(field_name, new),
                )
            )
        return changes

    def _format_term(self, field_name, value):
        field = self._fields[field_name]
        if not value:
            return "—"
        if field.type == "many2one":
            return value.display_name
        if field.type == "selection":
            return dict(field._description_selection(self.env))[value]
        if field.type == "date":
            return format_date(self.env, value)
        if field.type == "monetary":
            return f"{value:,.2f} {self.currency_id.name}"
        return str(value)

    def _amendment_comment(self, reason, changes):
        lines = [reason.strip()] if (reason or "").strip() else []
        lines += changes or [self.env._("No term changed: submitted again as is.")]
        return "\n".join(lines)

    def _notify_departments_of_amendment(self, changes, reason):
        """Purchasing, logistics and finance are handed the changed terms."""
        self.ensure_one()
        company = self.company_id
        note = self._amendment_comment(reason, changes).replace("\n", "<br/>")
        summary = self.env._(
            "Contract %s amended: check the changed terms", self.display_name
        )
        self.env["trade.handoff"].sudo().create(
            [
                {
                    "name": summary,
                    "department": department,
                    "user_id": user.id,
                    "company_id": company.id,
                    "contract_id": self.id,
                    "note": note,
                }
                for department, user in (
                    ("purchasing", company.trade_purchasing_user_id),
                    ("logistics", company.trade_logistics_user_id),
                    ("finance", company.trade_finance_user_id),
                )
                if user
            ]
        )
