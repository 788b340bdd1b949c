"""The appraisal's rules hold against any client (issue 13).

Any client can call ``create``/``write`` with any field and send any context
key: workflow and decision fields change only through the buttons, no context
key skips a rule, an appeal decision is bound to the appealed scorecard,
awards are paid only once HR approved them, and the evaluated employee cannot
find out who evaluates them through the mail models.
"""

import base64
import io
from datetime import date

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.trade_business_dept.tests.workflow_common import (
    WorkflowFieldsTestMixin,
)

from .common import TradeAppraisalCase

EVALUATION = "trade.appraisal.evaluation"


class IntegrityCase(TradeAppraisalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = cls.env["trade.appraisal.period"].create(
            {"period_type": "annual", "date_start": date(2021, 1, 1)}
        )
        cls.roles = cls.salesperson | cls.colleague | cls.manager | cls.hr_user

    def _published_cards(self, score=70.0):
        """March cards of Li Wei and Zhang Lei, collected, scored, published."""
        self._default_targets()
        self._default_targets(self.colleague_employee)
        self._generate()
        cards = self._card() | self._card(employee=self.colleague_employee)
        cards.with_user(self.hr_user).action_collect()
        for card in cards:
            self._score_manual(card, score).action_score()
        cards.with_user(self.hr_user).action_publish()
        return cards

    def _published_year_card(self):
        """Li Wei's annual card, published by HR."""
        card = self._generate(self.year)
        supervisor = card.sudo().evaluation_ids.filtered(
            lambda evaluation: evaluation.role == "supervisor"
        )
        supervisor.with_user(self.manager).write({"score": 85})
        supervisor.with_user(self.manager).action_submit()
        card.with_user(self.hr_user).action_collect()
        card.with_user(self.manager).write(
            {"ability_comment": "Solid", "attitude_comment": "Committed"}
        )
        card.with_user(self.manager).action_score()
        card.with_user(self.hr_user).action_publish()
        return card

    def _appeal(self, card, reason="My teamwork score ignores the Hongda rescue."):
        appeal = card.with_user(self.salesperson)._appeal(reason)
        appeal.with_user(self.manager).manager_opinion = "Confirmed by the team."
        return appeal.with_env(self.env)

    def _request_peers(self, card, peers):
        wizard = Form(
            self.env["trade.appraisal.peer.request"]
            .with_user(self.manager)
            .with_context(default_scorecard_id=card.id)
        )
        for peer in peers:
            wizard.peer_ids.add(peer)
        wizard.save().action_confirm()
        return card.sudo().evaluation_ids.filtered(
            lambda evaluation: evaluation.role == "peer"
        )

    def _award_values(self, **values):
        return dict(
            {
                "name": "Rescued the Hongda order",
                "employee_id": self.employee.id,
                "award_type": "customer_care",
                "amount": 1000.0,
                "reason": "Found a second supplier in two days",
                "period_id": self.period.id,
            },
            **values,
        )

    def _bonus_sheet_awards(self):
        """The rows of the bonus sheet's award tab, as HR exports it."""
        wizard = (
            self.env["trade.appraisal.bonus.export"]
            .with_user(self.hr_user)
            .create(
                {"period_ids": [Command.set(self.period.ids)], "scope": "published"}
            )
        )
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        return list(book.worksheets[1].iter_rows(values_only=True))[1:]


@tagged("post_install", "-at_install")
class TestAppraisalWorkflowFields(WorkflowFieldsTestMixin, IntegrityCase):
    """Every workflow field of every appraisal model, written or created
    directly by the employee, a colleague, the business manager and HR, is
    refused and left as it was."""

    def test_scorecard(self):
        card = self._published_cards()[0]
        self.assertWorkflowFieldsGuarded(
            card,
            self.roles,
            must_cover={
                "state",
                "employee_id",
                "published_by_id",
                "date_published",
                "appeal_deadline",
                "base_bonus",
                "total_score",
                "grade",
                "bonus_amount",
                "user_id",
                "company_id",
                "peer_score",
            },
        )
        # nobody creates a scorecard but the generation
        for user in self.manager | self.hr_user:
            with self.assertRaises(UserError):
                self.env["trade.appraisal.scorecard"].with_user(user).create(
                    {"period_id": self.period.id, "employee_id": self.employee.id}
                )

    def test_scorecard_line(self):
        card = self._published_cards()[0]
        self.assertWorkflowFieldsGuarded(
            self._line(card, "sales_amount"),
            self.roles,
            must_cover={"actual", "target", "weight", "is_scored", "weighted_score"},
        )

    def test_appeal(self):
        appeal = self._appeal(self._published_cards()[0])
        self.assertWorkflowFieldsGuarded(
            appeal,
            self.roles,
            must_cover={
                "state",
                "scorecard_id",
                "decision",
                "decided_by_id",
                "date_decided",
                "total_after",
                "grade_after",
                "adjustment_ids",
            },
        )
        # the department's findings are still theirs to write
        appeal.with_user(self.manager).manager_opinion = "Checked the orders."
        self.assertEqual(appeal.manager_opinion, "Checked the orders.")

    def test_adjustment(self):
        card = self._published_cards()[0]
        appeal = self._appeal(card)
        teamwork = self._line(card, "teamwork")
        appeal.with_user(self.hr_user)._decide("adjusted", "Fair", {teamwork: 95.0})
        self.assertWorkflowFieldsGuarded(
            appeal.adjustment_ids,
            self.roles,
            must_cover={"appeal_id", "line_id", "old_score", "new_score", "user_id"},
        )
        for user in self.manager | self.hr_user:
            with self.assertRaises(UserError):
                self.env["trade.appraisal.adjustment"].with_user(user).create(
                    {
                        "appeal_id": appeal.id,
                        "line_id": teamwork.id,
                        "old_score": 95,
                        "new_score": 10,
                    }
                )
        self.assertEqual(teamwork.score, 95)

    def test_award(self):
        award = (
            self.env["trade.appraisal.award"]
            .with_user(self.manager)
            .create(self._award_values())
        )
        self.assertWorkflowFieldsGuarded(
            award,
            self.roles,
            create_vals=self._award_values(),
            must_cover={"state", "proposed_by_id", "decided_by_id", "date_decided"},
        )
        self.assertEqual(award.state, "proposed")

    def test_evaluation(self):
        card = self._generate(self.year)
        peer = self._request_peers(card, self.colleague_employee)
        self.assertWorkflowFieldsGuarded(
            peer,
            self.roles,
            must_cover={"state", "date_submitted", "evaluator_id", "role"},
        )
        for user in self.manager | self.hr_user:
            with self.assertRaises(UserError):
                self.env[EVALUATION].with_user(user).create(
                    {
                        "scorecard_id": card.id,
                        "role": "peer",
                        "evaluator_id": self.merchandiser.id,
                    }
                )
        # the evaluator still fills in and submits it
        peer.with_user(self.colleague).write({"score": 70, "strengths": "Helpful"})
        peer.with_user(self.colleague).action_submit()
        self.assertEqual((peer.state, card.peer_score), ("submitted", 70))

    def test_interview(self):
        card = self._published_year_card()
        Interview = self.env["trade.appraisal.interview"]
        interview = Interview.with_user(self.manager).create({"scorecard_id": card.id})
        self.assertWorkflowFieldsGuarded(
            interview, self.roles, must_cover={"state", "employee_id"}
        )
        with self.assertRaises(UserError):
            Interview.with_user(self.manager).create(
                {"scorecard_id": card.id, "state": "done"}
            )
        with self.assertRaises(UserError):
            interview.with_user(self.manager).write(
                {"scorecard_id": self._card(self.year, self.colleague_employee).id}
            )
        # the manager still holds it with the button
        interview.with_user(self.manager).write(
            {
                "strengths": "Opens new markets",
                "gaps": "Margin discipline",
                "goal_ids": [
                    Command.create(
                        {"name": "Margin above 25%", "date_deadline": date(2022, 6, 30)}
                    )
                ],
            }
        )
        interview.with_user(self.manager).action_done()
        self.assertEqual(interview.state, "done")
        self.assertTrue(card.interview_done)

    def test_improvement_action(self):
        card = self._published_cards()[0]
        interview = (
            self.env["trade.appraisal.interview"]
            .with_user(self.manager)
            .create(
                {
                    "scorecard_id": card.id,
                    "goal_ids": [
                        Command.create(
                            {
                                "name": "Weekly pipeline",
                                "date_deadline": date(2021, 5, 1),
                            }
                        )
                    ],
                }
            )
        )
        goal = interview.goal_ids
        self.assertWorkflowFieldsGuarded(
            goal,
            self.roles,
            must_cover={"state", "date_reviewed", "reviewed_by_id"},
        )
        goal.with_user(self.manager).action_mark_done()
        self.assertEqual((goal.state, goal.reviewed_by_id), ("done", self.manager))

    def test_development_plan(self):
        plan = self.env["trade.development.plan"]._for_employees(self.employee, 2021)[
            self.employee.id
        ]
        need = plan.with_user(self.salesperson)._request_need("Incoterms course")
        training = (
            self.env["trade.development.training"]
            .with_user(self.manager)
            .create(
                {"plan_id": plan.id, "name": "Course", "date_start": date(2021, 6, 1)}
            )
        )
        self.assertWorkflowFieldsGuarded(
            plan,
            self.roles,
            create_vals={"employee_id": self.colleague_employee.id, "year": 2021},
            must_cover={
                "state",
                "review_scorecard_id",
                "date_reviewed",
                "reviewed_by_id",
                "employee_id",
                "year",
            },
        )
        # a need the manager adds (source "manager", the default): every other
        # source is the application's to set
        manual = (
            self.env["trade.development.need"]
            .with_user(self.manager)
            .create({"plan_id": plan.id, "name": "Negotiation"})
        )
        self.assertWorkflowFieldsGuarded(
            manual,
            self.roles,
            create_vals={"plan_id": plan.id, "name": "Any need"},
            must_cover={"state", "source", "scorecard_id", "score"},
        )
        self.assertWorkflowFieldsGuarded(
            training,
            self.roles,
            create_vals={"plan_id": plan.id, "name": "Any", "date_start": "2021-07-01"},
            must_cover={"state"},
        )
        # the buttons still work
        need.with_user(self.manager).action_agree()
        training.outcome = "Done well"
        training.action_done()
        self.assertEqual((need.state, training.state), ("agreed", "done"))

    def test_submission(self):
        Submission = self.env["trade.appraisal.submission"]
        submission = Submission.with_user(self.salesperson).create(
            {"period_id": self.period.id, "sales_report": "<p>12 valves</p>"}
        )
        april = self.env["trade.appraisal.period"].create(
            {"period_type": "monthly", "date_start": date(2021, 4, 1)}
        )
        self.assertWorkflowFieldsGuarded(
            submission,
            self.roles,
            create_vals={
                "period_id": april.id,
                "employee_id": self.employee.id,
                "sales_report": "<p>April</p>",
            },
            must_cover={"state", "date_submitted"},
        )
        submission.with_user(self.salesperson).action_submit()
        self.assertEqual(submission.state, "submitted")
        self.assertTrue(submission.date_submitted)


@tagged("post_install", "-at_install")
class TestAppraisalContextKeys(IntegrityCase):
    """Context keys that used to be trusted, or that a client may send to
    preset a workflow field, change nothing."""

    def test_install_mode_and_weights_batch_do_not_skip_the_weight_total(self):
        sales = self.indicators["sales_amount"]
        for key in ("install_mode", "trade_appraisal_weights_batch"):
            with self.subTest(key=key):
                with self.assertRaisesText(ValidationError, "they add up to 105"):
                    sales.with_user(self.hr_user).with_context(**{key: True}).write(
                        {"weight": 35}
                    )
                self.assertEqual(sales.weight, 30)

    def test_default_context_keys_preset_no_workflow_field(self):
        award = (
            self.env["trade.appraisal.award"]
            .with_user(self.manager)
            .with_context(
                default_state="approved", default_decided_by_id=self.hr_user.id
            )
            .create(self._award_values())
        )
        self.assertEqual((award.state, award.decided_by_id.id), ("proposed", False))
        submission = (
            self.env["trade.appraisal.submission"]
            .with_user(self.salesperson)
            .with_context(
                default_state="submitted", default_date_submitted="2021-03-31"
            )
            .create({"period_id": self.period.id})
        )
        self.assertEqual(
            (submission.state, submission.date_submitted), ("draft", False)
        )
        card = self._published_year_card()
        interview = (
            self.env["trade.appraisal.interview"]
            .with_user(self.manager)
            .with_context(default_state="done")
            .create({"scorecard_id": card.id})
        )
        self.assertEqual(interview.state, "draft")
        self.assertFalse(card.interview_done)


@tagged("post_install", "-at_install")
class TestAppealBoundToItsCard(IntegrityCase):
    def test_decision_cannot_change_another_employees_scores(self):
        li_card, zhang_card = self._published_cards(score=70)
        appeal = self._appeal(li_card)
        zhang_line = self._line(zhang_card, "communication")
        Decide = self.env["trade.appraisal.appeal.decide"].with_user(self.hr_user)
        # the wizard refuses a line of Zhang Lei's card...
        with self.assertRaisesText(ValidationError, "decides on the scores of"):
            Decide.create(
                {
                    "appeal_id": appeal.id,
                    "decision": "adjusted",
                    "note": "Lower it",
                    "line_ids": [
                        Command.create(
                            {"scorecard_line_id": zhang_line.id, "new_score": 5}
                        )
                    ],
                }
            )
        wizard = Decide.with_context(default_appeal_id=appeal.id).create(
            {"decision": "adjusted", "note": "Lower it"}
        )
        with self.assertRaisesText(ValidationError, "decides on the scores of"):
            wizard.write(
                {
                    "line_ids": [
                        Command.create(
                            {"scorecard_line_id": zhang_line.id, "new_score": 5}
                        )
                    ]
                }
            )
        # ... and so does the decision itself
        with self.assertRaisesText(UserError, zhang_card.name):
            appeal.with_user(self.hr_user)._decide(
                "adjusted", "Lower it", {zhang_line: 5.0}
            )
        # an adjustment is always about the appealed card, even as superuser
        with self.assertRaisesText(ValidationError, "adjusts the scores of"):
            self.env["trade.appraisal.adjustment"].create(
                {
                    "appeal_id": appeal.id,
                    "line_id": zhang_line.id,
                    "old_score": 70,
                    "new_score": 5,
                    "user_id": self.hr_user.id,
                }
            )
        self.assertEqual(zhang_line.score, 70)
        self.assertEqual((zhang_card.state, appeal.state), ("published", "open"))
        self.assertFalse(appeal.adjustment_ids)

    def test_adjustments_are_read_by_who_reads_the_card(self):
        li_card, _zhang_card = self._published_cards(score=70)
        appeal = self._appeal(li_card)
        decide = Form(
            self.env["trade.appraisal.appeal.decide"]
            .with_user(self.hr_user)
            .with_context(default_appeal_id=appeal.id)
        )
        decide.decision = "adjusted"
        decide.note = "The Hongda rescue was teamwork."
        for index in range(len(decide.line_ids)):
            with decide.line_ids.edit(index) as line:
                if line.indicator_id.code == "teamwork":
                    line.new_score = 95
        decide.save().action_confirm()
        adjustment = appeal.adjustment_ids
        self.assertEqual(adjustment.line_id, self._line(li_card, "teamwork"))
        Adjustment = self.env["trade.appraisal.adjustment"]
        self.assertEqual(Adjustment.with_user(self.salesperson).search([]), adjustment)
        self.assertEqual(Adjustment.with_user(self.manager).search([]), adjustment)
        self.assertFalse(Adjustment.with_user(self.colleague).search([]))
        with self.assertRaises(AccessError):
            adjustment.with_user(self.colleague).read(["new_score"])
        with self.assertRaises(AccessError):
            adjustment.with_user(self.other_manager).read(["new_score"])


@tagged("post_install", "-at_install")
class TestAwardsNeedHr(IntegrityCase):
    def test_awards_start_as_proposals_and_are_paid_once_hr_approves(self):
        self._published_card()
        Award = self.env["trade.appraisal.award"].with_user(self.manager)
        with self.assertRaisesText(UserError, "cannot be written directly"):
            Award.create(self._award_values(state="approved"))
        award = Award.create(self._award_values())
        with self.assertRaises(UserError):
            award.write({"state": "approved", "decided_by_id": self.hr_user.id})
        with self.assertRaisesText(AccessError, "approved by the HR department"):
            award.action_approve()
        self.assertEqual(award.state, "proposed")
        self.assertFalse(self._bonus_sheet_awards())
        award.with_user(self.hr_user).action_approve()
        self.assertEqual(
            (award.state, award.decided_by_id, award.date_decided),
            ("approved", self.hr_user, fields.Date.today()),
        )
        rows = self._bonus_sheet_awards()
        self.assertEqual([row[3] for row in rows], ["Rescued the Hongda order"])


@tagged("post_install", "-at_install")
class TestEvaluatorsStayAnonymous(IntegrityCase):
    """The evaluated employee cannot find their peer evaluators through
    followers, activities, messages or notifications."""

    def test_peer_evaluators_are_invisible_in_the_mail_models(self):
        card = self._generate(self.year)
        peers = self._request_peers(
            card, self.colleague_employee | self.merchandiser_employee
        )
        colleague_eval = peers.filtered(
            lambda evaluation: evaluation.evaluator_id == self.colleague
        )
        colleague_eval.with_user(self.colleague).write({"score": 65})
        colleague_eval.with_user(self.colleague).action_submit()
        self.flush_tracking()
        card.write({"state": "published"})
        peer_partners = (self.colleague | self.merchandiser).partner_id
        own_evaluation = self.env[EVALUATION].search(
            [("scorecard_id", "=", card.id), ("role", "=", "self")]
        )
        as_employee = self.env(user=self.salesperson)

        # followers: nobody follows an evaluation, and a follower row of an
        # evaluation is readable only by its partner and HR
        self.assertFalse(peers.message_follower_ids)
        planted = self.env["mail.followers"].create(
            {
                "res_model": EVALUATION,
                "res_id": colleague_eval.id,
                "partner_id": self.colleague.partner_id.id,
            }
        )
        followers = as_employee["mail.followers"].search_read(
            [("res_model", "=", EVALUATION)], ["partner_id", "res_id"]
        )
        self.assertFalse(
            [row for row in followers if row["partner_id"][0] in peer_partners.ids]
        )
        with self.assertRaises(AccessError):
            planted.with_user(self.salesperson).read(["partner_id"])
        self.assertIn(
            planted,
            self.env["mail.followers"]
            .with_user(self.hr_user)
            .search([("res_model", "=", EVALUATION)]),
        )
        self.assertEqual(
            self.env["mail.followers"]
            .with_user(self.colleague)
            .search([("res_model", "=", EVALUATION)]),
            planted,
        )

        # activities: the peers have theirs, the employee sees only his own
        self.assertIn(
            self.merchandiser,
            self.env["mail.activity"].search([("res_model", "=", EVALUATION)]).user_id,
        )
        activities = as_employee["mail.activity"].search(
            [("res_model", "in", (EVALUATION, card._name))]
        )
        self.assertFalse(activities.user_id & (self.colleague | self.merchandiser))
        self.assertLessEqual(
            set(
                activities.filtered(lambda act: act.res_model == EVALUATION).mapped(
                    "res_id"
                )
            ),
            set(own_evaluation.ids),
        )
        grouped = as_employee["mail.activity"].read_group(
            [("res_model", "=", EVALUATION)], ["user_id"], ["user_id"]
        )
        self.assertFalse(
            [
                group
                for group in grouped
                if group["user_id"]
                and group["user_id"][0] in (self.colleague | self.merchandiser).ids
            ]
        )

        # messages: the peer's trail exists but the employee reads none of it
        self.assertTrue(
            self.env["mail.message"].search(
                [
                    ("model", "=", EVALUATION),
                    ("res_id", "=", colleague_eval.id),
                    ("author_id", "=", self.colleague.partner_id.id),
                ]
            )
        )
        messages = as_employee["mail.message"].search(
            ["|", ("model", "=", EVALUATION), ("author_id", "in", peer_partners.ids)]
        )
        self.assertFalse(messages.filtered(lambda msg: msg.author_id & peer_partners))
        self.assertFalse(
            messages.filtered(
                lambda msg: msg.model == EVALUATION and msg.res_id in peers.ids
            )
        )
        card_messages = card.with_user(self.salesperson).message_ids
        self.assertFalse(card_messages.author_id & peer_partners)
        self.assertFalse(card_messages.partner_ids & peer_partners)

        # notifications: the peers were notified of their activity, but no
        # notification of a message on an evaluation reaches the employee's
        # reads but his own
        Notification = self.env["mail.notification"]
        self.assertTrue(
            Notification.search(
                [
                    ("res_partner_id", "in", peer_partners.ids),
                    ("mail_message_id.model", "=", EVALUATION),
                ]
            )
        )
        rows = as_employee["mail.notification"].search_read(
            [], ["res_partner_id", "mail_message_id"]
        )
        on_evaluations = Notification.browse(row["id"] for row in rows).filtered(
            lambda notification: notification.mail_message_id.model == EVALUATION
        )
        self.assertLessEqual(on_evaluations.res_partner_id, self.salesperson.partner_id)
        self.assertFalse(
            [
                row
                for row in rows
                if row["res_partner_id"]
                and row["res_partner_id"][0] in peer_partners.ids
            ]
        )

        # the manager and HR still see who evaluates
        for user in self.manager | self.hr_user:
            self.assertEqual(
                self.env[EVALUATION]
                .with_user(user)
                .search([("scorecard_id", "=", card.id), ("role", "=", "peer")]),
                peers,
            )


@tagged("post_install", "-at_install")
class TestPortalReadsNoAppraisalField(IntegrityCase):
    def test_company_appraisal_settings_are_internal(self):
        portal = self._new_user("appr_portal", "Portal Customer", "base.group_portal")
        names = [
            name for name in self.company._fields if name.startswith("trade_appraisal_")
        ]
        self.assertEqual(len(names), 7)
        for name in names:
            with self.subTest(field=name), self.assertRaises(AccessError):
                self.company.with_user(portal).read([name])
        self.assertEqual(
            self.company.with_user(self.salesperson).read(names)[0][
                "trade_appraisal_appeal_days"
            ],
            7,
        )


@tagged("post_install", "-at_install")
class TestButtonsStillWork(IntegrityCase):
    """The normal paths, each by its role, through the privileged writes."""

    def test_monthly_card_from_submission_to_appeal_decision(self):
        submission = (
            self.env["trade.appraisal.submission"]
            .with_user(self.salesperson)
            .create({"period_id": self.period.id, "sales_report": "<p>12 valves</p>"})
        )
        submission.action_submit()
        self._default_targets()
        card = self._generate()
        card.with_user(self.hr_user).action_collect()
        self.assertEqual(card.state, "collected")
        self._score_manual(card, 70).action_score()
        self.assertEqual(card.state, "scored")
        card.with_user(self.manager).action_back_to_collected()
        self._score_manual(card, 70).action_score()
        card.with_user(self.hr_user).action_publish()
        self.assertEqual(
            (card.state, card.published_by_id, submission.state),
            ("published", self.hr_user, "submitted"),
        )
        appeal = self._appeal(card)
        self.assertEqual((card.state, appeal.state), ("appealed", "open"))
        self.assertEqual(appeal.with_user(self.salesperson).state, "open")
        teamwork = self._line(card, "teamwork")
        appeal.with_user(self.hr_user)._decide("adjusted", "Fair", {teamwork: 95.0})
        self.assertEqual(
            (card.state, appeal.state, appeal.decided_by_id, teamwork.score),
            ("final", "decided", self.hr_user, 95),
        )
        self.assertEqual(appeal.adjustment_ids.user_id, self.hr_user)
        award = (
            self.env["trade.appraisal.award"]
            .with_user(self.manager)
            .create(self._award_values())
        )
        award.with_user(self.hr_user).action_reject()
        self.assertEqual((award.state, award.decided_by_id), ("rejected", self.hr_user))

    def test_cron_and_hr_finalize_published_cards(self):
        card = self._published_card()
        card.write({"appeal_deadline": date(2020, 1, 1)})
        self.env["trade.appraisal.scorecard"].with_user(
            self.env.ref("base.user_root")
        )._cron_finalize()
        self.assertEqual(card.state, "final")
