from odoo import api, models
from odoo.exceptions import AccessError

#: Our answer to a rating (``portal_rating``): written by the rated staff.
PUBLISHER_FIELDS = {"publisher_comment", "publisher_id", "publisher_datetime"}


class RatingRating(models.Model):
    """The customers' ratings of tickets and visits count in the appraisal:
    only the customer's own flow (the ``/rate`` links, the portal) and the
    addon's methods, all as superuser, create or change them; an employee
    calling ``create``/``write`` cannot rate in the customer's name."""

    _inherit = "rating.rating"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            self._trade_is_counted_model(
                vals.get("res_model_id"), vals.get("res_model")
            )
            for vals in vals_list
        ):
            self._trade_raise_customer_only()
        return super().create(vals_list)

    def write(self, vals):
        if (
            not self.env.su
            and set(vals) - PUBLISHER_FIELDS
            and (
                any(
                    self._trade_is_counted_model(False, model)
                    for model in self.mapped("res_model")
                )
                or self._trade_is_counted_model(
                    vals.get("res_model_id"), vals.get("res_model")
                )
            )
        ):
            self._trade_raise_customer_only()
        return super().write(vals)

    @api.model
    def _trade_is_counted_model(self, model_id, model_name):
        if model_id and not model_name:
            model_name = self.env["ir.model"].sudo().browse(model_id).model
        if not model_name or model_name not in self.env:
            return False
        return isinstance(
            self.env[model_name], self.env.registry["trade.satisfaction.mixin"]
        )

    def _trade_raise_customer_only(self):
        raise AccessError(
            self.env._(
                "The customers' ratings of tickets and visits count in the "
                "appraisal: only the customer gives them, through the rating "
                "link or the portal."
            )
        )
