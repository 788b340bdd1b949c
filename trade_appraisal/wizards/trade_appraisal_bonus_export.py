import base64
import io

import xlsxwriter

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.trade_business_dept.text import join_names

from ..models.roles import check_hr


class TradeAppraisalBonusExport(models.TransientModel):
    _name = "trade.appraisal.bonus.export"
    _description = "Export the Bonus Sheet"

    period_ids = fields.Many2many(
        comodel_name="trade.appraisal.period",
        string="Periods",
        required=True,
    )
    scope = fields.Selection(
        selection=[
            ("final", "Final scorecards only"),
            ("published", "Every published scorecard (appeals pending included)"),
        ],
        required=True,
        default="final",
    )
    xlsx_file = fields.Binary(
        string="Bonus Sheet",
        readonly=True,
        attachment=False,
    )
    xlsx_filename = fields.Char(
        readonly=True,
    )

    def action_export(self):
        self.ensure_one()
        check_hr(
            self.env, self.env._("The bonus sheet is exported by the HR department.")
        )
        states = ["final"]
        if self.scope == "published":
            states = ["published", "appealed", "final"]
        cards = self.env["trade.appraisal.scorecard"].search(
            [("period_id", "in", self.period_ids.ids), ("state", "in", states)],
            order="date_start, period_type, department_id, employee_id",
        )
        if not cards:
            raise UserError(
                self.env._(
                    "No scorecard of %(periods)s is ready for payroll yet.",
                    periods=join_names(self.env, self.period_ids.mapped("name")),
                )
            )
        awards = self.env["trade.appraisal.award"].search(
            [("state", "=", "approved"), ("period_id", "in", self.period_ids.ids)],
            order="date, employee_id",
        )
        names = sorted(self.period_ids.mapped("name"))
        self.write(
            {
                "xlsx_file": base64.b64encode(self._xlsx_content(cards, awards)),
                "xlsx_filename": self.env._(
                    "Bonus sheet %(periods)s.xlsx", periods=" ".join(names)
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "target": "download",
            "url": f"/web/content/?model={self._name}&id={self.id}"
            "&field=xlsx_file&filename_field=xlsx_filename&download=true",
        }

    def _xlsx_content(self, cards, awards):
        """The bonus sheet: one row per scorecard, then the approved special
        awards on a second sheet."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = {
            "bold": workbook.add_format({"bold": True}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "day": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }
        self._write_bonus_sheet(workbook, formats, cards)
        self._write_award_sheet(workbook, formats, awards)
        workbook.close()
        return output.getvalue()

    def _write_bonus_sheet(self, workbook, formats, cards):
        bold, money, day = formats["bold"], formats["money"], formats["day"]
        states = dict(cards._fields["state"]._description_selection(self.env))
        types = dict(cards._fields["period_type"]._description_selection(self.env))
        sheet = workbook.add_worksheet(self.env._("Bonuses"))
        headers = [
            self.env._("Period"),
            self.env._("Type"),
            self.env._("Employee"),
            self.env._("Department"),
            self.env._("Total Score"),
            self.env._("Grade"),
            self.env._("Base Bonus"),
            self.env._("Multiplier"),
            self.env._("Bonus"),
            self.env._("Currency"),
            self.env._("Payable On"),
            self.env._("Status"),
        ]
        sheet.write_row(0, 0, headers, bold)
        row = 0
        for row, card in enumerate(cards, start=1):
            sheet.write(row, 0, card.period_id.name)
            sheet.write(row, 1, types[card.period_type])
            sheet.write(row, 2, card.employee_id.name)
            sheet.write(row, 3, card.department_id.name or "")
            sheet.write_number(row, 4, card.total_score)
            sheet.write(row, 5, card.grade or "")
            sheet.write_number(row, 6, card.base_bonus, money)
            sheet.write_number(row, 7, card.bonus_multiplier)
            sheet.write_number(row, 8, card.bonus_amount, money)
            sheet.write(row, 9, card.currency_id.name)
            if card.bonus_payment_date:
                sheet.write_datetime(
                    row, 10, fields.Datetime.to_datetime(card.bonus_payment_date), day
                )
            sheet.write(row, 11, states[card.state])
        sheet.write(row + 1, 7, self.env._("Total"), bold)
        sheet.write_number(row + 1, 8, sum(cards.mapped("bonus_amount")), money)
        sheet.set_column(0, 1, 10)
        sheet.set_column(2, 3, 24)
        sheet.set_column(4, 11, 13)

    def _write_award_sheet(self, workbook, formats, awards):
        award_sheet = workbook.add_worksheet(self.env._("Special Awards"))
        award_types = dict(
            awards._fields["award_type"]._description_selection(self.env)
        )
        award_sheet.write_row(
            0,
            0,
            [
                self.env._("Date"),
                self.env._("Employee"),
                self.env._("Award"),
                self.env._("Title"),
                self.env._("Amount"),
                self.env._("Currency"),
            ],
            formats["bold"],
        )
        for row, award in enumerate(awards, start=1):
            award_sheet.write_datetime(
                row, 0, fields.Datetime.to_datetime(award.date), formats["day"]
            )
            award_sheet.write(row, 1, award.employee_id.name)
            award_sheet.write(row, 2, award_types[award.award_type])
            award_sheet.write(row, 3, award.name)
            award_sheet.write_number(row, 4, award.amount, formats["money"])
            award_sheet.write(row, 5, award.currency_id.name)
        award_sheet.set_column(0, 5, 20)
