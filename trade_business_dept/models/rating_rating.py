from collections import defaultdict

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
        ratings = super().create(vals_list)
        ratings._trade_refresh_rated_records()
        return ratings

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

    def _trade_refresh_rated_records(self):
        """Recompute the satisfaction of the tickets and visits rated by
        ratings created already given (the portal chatter's rating, an
        import): Odoo recomputes the rated record's ``rating_last_value`` when
        a rating is written, not when it is created."""
        given = self.filtered(
            lambda rating: (
                rating.consumed
                and self._trade_is_counted_model(False, rating.res_model)
            )
        )
        # the rated record's rating reads the ratings in SQL by res_model, a
        # related field only stored at the next flush
        given.flush_recordset(["res_model", "res_id", "rating", "consumed"])
        res_ids = defaultdict(list)
        for rating in given:
            res_ids[rating.res_model].append(rating.res_id)
        for model_name, ids in res_ids.items():
            self.env[model_name].browse(ids).modified(["rating_ids"])

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
