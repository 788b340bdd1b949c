# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import models
from odoo.exceptions import UserError

from ..text import join_names


class TradeContract(models.Model):
    """The signature of an approved contract (R3.2.3): the scan of the signed
    original, the signing date, an authorised signatory of the company and
    the customer's; the archived original protected afterwards."""

    _inherit = "trade.contract"

    def action_sign(self):
        """Record the signature of approved contracts: they come into force."""
        self._check_state(
            "approved",
            self.env._(
                "Contract %(contract)s is %(state)s: only an approved contract can "
                "be signed."
            ),
        )
        for contract in self:
            original = contract.signed_attachment_id
            if original and (
                original.res_model != self._name or original.res_id != contract.id
            ):
                raise UserError(
                    self.env._(
                        "The signed original chosen for contract %s is attached to "
                        "another document: attach the scan to this contract.",
                        contract.display_name,
                    )
                )
            missing = []
            if not original:
                missing.append(self.env._("the scan of the signed and sealed original"))
            if not contract.date_signed:
                missing.append(self.env._("the signing date"))
            if not contract.company_signatory_id:
                missing.append(self.env._("our signatory"))
            elif contract.company_signatory_id not in contract.allowed_signatory_ids:
                raise UserError(
                    self.env._(
                        "%(user)s is not an authorised signatory of %(company)s: "
                        "choose one of the authorised signatories (a manager sets "
                        "them in Settings).",
                        user=contract.company_signatory_id.name,
                        company=contract.company_id.name,
                    )
                )
            if not (contract.customer_signatory or "").strip():
                missing.append(self.env._("the customer's signatory's name"))
            if missing:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s cannot be signed without %(missing)s.",
                        contract=contract.display_name,
                        missing=join_names(self.env, missing),
                    )
                )
        self._trade_workflow_write({"state": "signed", "signed_by_id": self.env.uid})
        return True

    def action_open_sign(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign Contract"),
            "res_model": "trade.contract.sign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def _check_original_protected(self, vals):
        protected = {
            "signed_attachment_id",
            "date_signed",
            "company_signatory_id",
            "customer_signatory",
        } & set(vals)
        if not protected or self.env.user.has_group(
            "trade_business_dept.group_trade_manager"
        ):
            return
        signed = self.filtered(lambda contract: contract.state in ("signed", "done"))
        if signed:
            raise UserError(
                self.env._(
                    "The signed original of contract %s is archived: only a "
                    "business manager can replace it.",
                    signed[0].display_name,
                )
            )
