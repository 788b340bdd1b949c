# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools.misc import formatLang

from odoo.addons.trade_business_dept.text import in_company_lang

from .. import receivable_totals
from .res_company import COLLECTION_STEPS


class ResPartner(models.Model):
    """The collection ladder (R5.2): each overdue customer goes through the
    steps of Settings (reminder e-mail, phone call, formal notice, legal
    escalation), one step at most per day, never a step twice for the same
    overdue period; an open promise to pay makes it wait."""

    _inherit = "res.partner"

    trade_collection_step = fields.Selection(
        selection=COLLECTION_STEPS,
        string="Collection Step",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="Last step of the collection ladder taken for the current overdue "
        "receivables; cleared when they are paid.",
        groups="base.group_user",
    )
    trade_collection_date = fields.Date(
        string="Collection Step Date",
        company_dependent=True,
        copy=False,
        readonly=True,
        groups="base.group_user",
    )
    trade_collection_paused = fields.Boolean(
        string="Collection Paused",
        compute="_compute_trade_collection_paused",
        compute_sudo=True,
        help="An open promise to pay has not reached its date: the collection "
        "ladder waits.",
        groups="base.group_user",
    )

    @api.depends(
        "trade_payment_promise_ids.state", "trade_payment_promise_ids.date_promised"
    )
    def _compute_trade_collection_paused(self):
        today = fields.Date.context_today(self)
        for partner in self:
            promises = partner.commercial_partner_id.trade_payment_promise_ids
            partner.trade_collection_paused = any(
                promise.state == "open" and promise.date_promised >= today
                for promise in promises
            )

    @api.model
    def _trade_workflow_fields(self):
        # the collection ladder writes these
        return super()._trade_workflow_fields() | {
            "trade_collection_step",
            "trade_collection_date",
        }

    @api.model
    def _cron_trade_collection(self, batch_size=None):
        """Daily: settle the promises that fell due, forget the due dates
        left without open items, then take the next step of the collection
        ladder for each overdue customer of each company. A company and its
        branches have one ladder, the parent company's: what the customer
        owes the group (see ``trade.receivable.query._company_ids``).

        A batch at a time (``ir.cron._trade_run_batches``), selected by
        state: the open promises past due, the customers on the ladder who
        paid, the customers overdue without today's step.

        :return: the ``trade.collection.action`` records logged by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("collection", 500, batch_size)
        Promise = self.env["trade.payment.promise"]
        logged = self.env["trade.collection.action"]

        def settle_promises():
            settled = Promise._settle_due_promises(limit=size)
            return len(settled), Promise.sudo().search_count(
                Promise._due_promises_domain()
            )

        def ladder_steps(company):
            Partner = self.with_company(company)
            overdue = {}

            def read_overdue():
                # once per call of the job: the batches do not change it
                if "figures" not in overdue:
                    overdue["figures"] = self.env[
                        "trade.receivable.query"
                    ]._read_overdue(company)
                return overdue["figures"]

            def reset():
                domain = Partner._trade_collection_reset_domain(read_overdue())
                settled = Partner._trade_reset_collection(
                    company, read_overdue(), limit=size
                )
                return len(settled), Partner.sudo().search_count(domain)

            def ladder():
                nonlocal logged
                logs, left = Partner._trade_collection_ladder_batch(
                    company, read_overdue(), size
                )
                logged |= logs
                return len(logs), left

            return [reset, ladder]

        receivable_totals.remove_empty(self.env.cr)
        steps = [settle_promises]
        for company in self.env["res.company"].search([("parent_id", "=", False)]):
            steps += ladder_steps(company)
        Cron._trade_run_batches("collection", steps)
        return logged

    @api.model
    def _trade_run_collection_ladder(self, company):
        """One step at most per customer and per day, in the ladder's order,
        never a step twice for the same overdue period.

        :return: the ``trade.collection.action`` records logged
        """
        overdue = self.env["trade.receivable.query"]._read_overdue(company)
        self._trade_reset_collection(company, overdue)
        return self._trade_collection_ladder_batch(company, overdue)[0]

    @api.model
    def _trade_collection_ladder_batch(self, company, overdue, limit=None):
        """The next step for at most ``limit`` customers of the ladder.

        :return: ``(actions logged, customers left)``
        """
        today = fields.Date.context_today(self)
        todo = self._trade_collection_todo(company, overdue)
        total = sum(len(partners) for partners in todo.values())
        left = limit or total
        log_values = []
        for step, partners in todo.items():
            partners = partners[:left]
            if not partners:
                break
            left -= len(partners)
            assignees = getattr(self, f"_trade_collection_{step}")(
                partners, overdue, company
            )
            partners._trade_workflow_write(
                {"trade_collection_step": step, "trade_collection_date": today},
                access=None,
            )
            log_values += [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "step": step,
                    "date": today,
                    "overdue_amount": overdue[partner.id][0],
                    "overdue_days": overdue[partner.id][1],
                    "user_id": assignees.get(partner.id, False),
                }
                for partner in partners
            ]
        logs = self.env["trade.collection.action"].sudo().create(log_values)
        return logs, total - len(log_values)

    @api.model
    def _trade_collection_reset_domain(self, overdue):
        """The customers on the ladder who owe nothing overdue any more."""
        return [
            ("trade_collection_step", "!=", False),
            ("id", "not in", list(overdue)),
        ]

    @api.model
    def _trade_reset_collection(self, company, overdue, limit=None):
        """Customers who paid: the ladder starts again at their next delay.

        :return: the customers reset
        """
        Partner = self.sudo().with_company(company)
        settled = Partner.search(
            self._trade_collection_reset_domain(overdue), limit=limit, order="id"
        )
        if not settled:
            return settled
        settled._trade_workflow_write(
            {"trade_collection_step": False, "trade_collection_date": False},
            access=None,
        )
        for partner in settled:
            partner.message_post(
                body=in_company_lang(partner).env._(
                    "No receivable overdue any more: the collection ladder of "
                    "%(company)s is reset.",
                    company=company.name,
                )
            )
        return settled

    @api.model
    def _trade_collection_todo(self, company, overdue):
        """``{step: customers}``: the next step due for each overdue
        customer, unless it made a promise to pay not due yet or had a step
        today."""
        today = fields.Date.context_today(self)
        Partner = self.sudo().with_company(company)
        promised = {
            partner.id
            for (partner,) in self.env["trade.payment.promise"]
            .sudo()
            ._read_group(
                [
                    (
                        "company_id",
                        "in",
                        self.env["trade.receivable.query"]._company_ids(company),
                    ),
                    ("state", "=", "open"),
                    ("date_promised", ">=", today),
                ],
                ["partner_id"],
            )
        }
        ladder = company._trade_collection_ladder()
        steps = [step for step, _days in ladder]
        todo = defaultdict(lambda: Partner.browse())
        for partner in Partner.browse(list(overdue)):
            if partner.id in promised or partner.trade_collection_date == today:
                continue
            current = partner.trade_collection_step
            index = steps.index(current) + 1 if current else 0
            if index >= len(steps):
                continue
            step, threshold = ladder[index]
            if overdue[partner.id][1] >= threshold:
                todo[step] |= partner
        return todo

    def _trade_collection_recipient(self):
        """The contact who receives collection mails: the invoice address."""
        self.ensure_one()
        return self.browse(self.address_get(["invoice"])["invoice"])

    def _trade_collection_mail(self, template_xmlid):
        template = self.env.ref(template_xmlid)
        for partner in self:
            recipient = partner._trade_collection_recipient()
            partner.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=recipient.ids,
            )

    def _trade_collection_activities(self, activity_type, users, summaries):
        """One activity per customer, for ``users[partner.id]``."""
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "user_id": users[partner.id],
                        "date_deadline": today,
                        "summary": summaries[partner.id],
                    }
                    for partner in self
                ]
            )
        )

    def _trade_collection_reminder(self, partners, overdue, company):
        partners._trade_collection_mail(
            "trade_risk.mail_template_trade_payment_reminder"
        )
        return {}

    def _trade_collection_follow_up(
        self, overdue, company, activity_type, summary, manager_first=False
    ):
        """Plan a follow-up activity of ``activity_type`` per customer, for
        its salesperson or, with ``manager_first``, the credit manager (each
        standing in for the other, else the current user).

        :param summary: ``summary(env, customer=, amount=, days=)`` returns
            the activity's summary, called in the assignee's language
        :return: ``{partner id: assigned user id}``
        """
        users, summaries = {}, {}
        for partner in self:
            assignees = (partner.user_id, company.trade_credit_manager_id)
            if manager_first:
                assignees = assignees[::-1]
            user = assignees[0] or assignees[1] or self.env.user
            users[partner.id] = user.id
            amount, days = overdue[partner.id]
            env = self.with_context(lang=user.lang or self.env.lang).env
            summaries[partner.id] = summary(
                env,
                customer=partner.display_name,
                amount=formatLang(env, amount, currency_obj=company.currency_id),
                days=days,
            )
        self._trade_collection_activities(activity_type, users, summaries)
        return users

    def _trade_collection_call(self, partners, overdue, company):
        return partners._trade_collection_follow_up(
            overdue,
            company,
            self.env.ref("mail.mail_activity_data_call"),
            lambda env, **values: env._(
                "Call %(customer)s about %(amount)s overdue for %(days)s days",
                **values,
            ),
        )

    def _trade_collection_notice(self, partners, overdue, company):
        partners._trade_collection_mail("trade_risk.mail_template_trade_formal_notice")
        return partners._trade_collection_follow_up(
            overdue,
            company,
            self.env.ref("trade_risk.mail_activity_type_trade_collection"),
            lambda env, **values: env._(
                "Formal notice sent to %(customer)s (%(amount)s, %(days)s days "
                "overdue): follow up",
                **values,
            ),
            manager_first=True,
        )

    def _trade_collection_legal(self, partners, overdue, company):
        return partners._trade_collection_follow_up(
            overdue,
            company,
            self.env.ref("trade_risk.mail_activity_type_trade_legal_escalation"),
            lambda env, **values: env._(
                "Legal escalation: %(customer)s owes %(amount)s overdue for "
                "%(days)s days; open a dispute",
                **values,
            ),
            manager_first=True,
        )

    def _trade_overdue_items(self, company=None):
        """Overdue receivable lines of this customer today, oldest first (for
        the collection mails)."""
        self.ensure_one()
        return self.env["trade.receivable.query"]._overdue_items(
            self.commercial_partner_id, company or self.env.company
        )
