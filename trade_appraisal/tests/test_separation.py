"""Nobody decides alone, on their own record or in someone else's name.

A special award is decided by an HR officer who neither receives it nor
proposed it as it stands, and stays as decided until it is set back to
proposed; a manager proposes awards for his staff, never for himself.

An appeal is decided by HR with findings written by the card's business
manager (who and when recorded).

An employee's remarks on their interview are theirs alone; nobody, HR
included, records their own interview or sets the status of their own
improvement actions.

Nobody, HR included, manages their own development plan.
"""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import HR
from .test_integrity import IntegrityCase


class SeparationCase(IntegrityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hr_user_2 = cls._new_user("appr_hr2", "Ma Li", HR)
        cls.hr_employee = cls.env["hr.employee"].create(
            {"name": "Hu Rong", "user_id": cls.hr_user.id}
        )
        cls.Award = cls.env["trade.appraisal.award"]

    def _make_hr(self, user):
        user.groups_id = [Command.link(self.env.ref(HR).id)]

    def _interview(self, card, held=False):
        interview = (
            self.env["trade.appraisal.interview"]
            .with_user(self.manager)
            .create(
                {
                    "scorecard_id": card.id,
                    "strengths": "Knows the valve range",
                    "gaps": "Late follow-ups",
                    "goal_ids": [
                        Command.create(
                            {"name": "Weekly pipeline", "date_deadline": "2021-05-01"}
                        )
                    ],
                }
            )
        )
        if held:
            interview.action_done()
        return interview.with_env(self.env)


@tagged("post_install", "-at_install")
class TestAwardDecisions(SeparationCase):
    def test_hr_decides_neither_her_own_award_nor_one_she_proposed(self):
        # the attack: HR proposes an award for herself and approves it
        with self.assertRaisesText(AccessError, "for themselves"):
            self.Award.with_user(self.hr_user).create(
                self._award_values(employee_id=self.hr_employee.id, amount=50000)
            )
        own = self.Award.with_user(self.hr_user_2).create(
            self._award_values(employee_id=self.hr_employee.id)
        )
        for action in ("action_approve", "action_reject"):
            with self.assertRaisesText(AccessError, "is yours"):
                getattr(own.with_user(self.hr_user), action)()
        # her own proposal is decided by another HR officer
        proposed = self.Award.with_user(self.hr_user).create(self._award_values())
        with self.assertRaisesText(AccessError, "You proposed"):
            proposed.action_approve()
        self.assertEqual((own.state, proposed.state), ("proposed", "proposed"))
        proposed.with_user(self.hr_user_2).action_approve()
        self.assertEqual(
            (proposed.state, proposed.decided_by_id), ("approved", self.hr_user_2)
        )

    def test_changing_a_proposal_makes_its_author_the_proposer(self):
        award = self.Award.with_user(self.manager).create(self._award_values())
        # the manager adjusts his own proposal: still his
        award.write({"amount": 1200})
        self.assertEqual(award.proposed_by_id, self.manager)
        # HR raising the amount proposes it: another HR officer decides
        award.with_user(self.hr_user).write({"amount": 5000})
        self.assertEqual(award.proposed_by_id, self.hr_user)
        with self.assertRaisesText(AccessError, "You proposed"):
            award.with_user(self.hr_user).action_approve()
        award.with_user(self.hr_user_2).action_approve()
        self.assertEqual((award.state, award.amount), ("approved", 5000))

    def test_a_decided_award_changes_only_through_a_new_decision(self):
        self._published_card()
        award = self.Award.with_user(self.manager).create(self._award_values())
        with self.assertRaisesText(UserError, "not decided yet"):
            award.with_user(self.hr_user).action_reset_to_proposed()
        award.with_user(self.hr_user).action_approve()
        decided = award.with_user(self.hr_user)
        for values in (
            {"amount": 999999},
            {"employee_id": self.colleague_employee.id},
            {"award_type": "teamwork"},
            {"period_id": self.year.id},
        ):
            with self.assertRaisesText(UserError, "Set it back to proposed"):
                decided.write(values)
        with self.assertRaisesText(UserError, "only HR can change it"):
            award.write({"amount": 999999})
        # the web client's save of unchanged values goes through
        decided.write({"amount": 1000.0, "name": award.name})
        self.assertEqual(
            (award.state, award.amount, award.decided_by_id),
            ("approved", 1000.0, self.hr_user),
        )
        # only HR sets it back to proposed, which needs a new decision
        with self.assertRaises(AccessError):
            award.action_reset_to_proposed()
        decided.action_reset_to_proposed()
        self.assertEqual(
            (award.state, award.decided_by_id, award.date_decided),
            ("proposed", self.env["res.users"], False),
        )
        self.assertEqual(award.proposed_by_id, self.hr_user)
        self.assertFalse(self._bonus_sheet_awards())
        decided.write({"amount": 1500})
        with self.assertRaisesText(AccessError, "You proposed"):
            decided.action_approve()
        award.with_user(self.hr_user_2).action_approve()
        self.assertEqual(
            [(row[3], row[4]) for row in self._bonus_sheet_awards()],
            [("Rescued the Hongda order", 1500)],
        )

    def test_a_manager_proposes_for_his_staff_never_for_himself(self):
        Award = self.Award.with_user(self.manager)
        with self.assertRaises(AccessError):
            Award.create(self._award_values(employee_id=self.manager_employee.id))
        with self.assertRaisesText(AccessError, "proposed by their business manager"):
            Award.create(self._award_values(employee_id=self.other_manager_employee.id))
        award = Award.create(self._award_values())
        with self.assertRaises(AccessError):
            award.write({"employee_id": self.manager_employee.id})
        self.assertEqual(award.employee_id, self.employee)
        # an award HR proposes for him is neither read nor changed by him
        own = self.Award.with_user(self.hr_user_2).create(
            self._award_values(employee_id=self.manager_employee.id)
        )
        self.assertEqual(Award.search([("id", "in", (award | own).ids)]), award)
        with self.assertRaises(AccessError):
            own.with_user(self.manager).write({"amount": 99999})
        own.with_user(self.hr_user).action_approve()
        # once approved he reads it, as every employee reads their awards
        self.assertEqual(own.with_user(self.manager).amount, 1000)


@tagged("post_install", "-at_install")
class TestAppealFindings(SeparationCase):
    def _decide(self, appeal, user):
        wizard = Form(
            self.env["trade.appraisal.appeal.decide"]
            .with_user(user)
            .with_context(default_appeal_id=appeal.id)
        )
        wizard.decision = "adjusted"
        wizard.note = "The Hongda rescue was teamwork."
        for index in range(len(wizard.line_ids)):
            with wizard.line_ids.edit(index) as line:
                if line.indicator_id.code == "teamwork":
                    line.new_score = 95
        return wizard.save()

    def test_only_the_cards_manager_writes_the_findings_hr_decides_with_them(self):
        card = self._published_cards()[0]
        appeal = card.with_user(self.salesperson)._appeal("Teamwork ignored")
        appeal = appeal.with_env(self.env)
        # the attack: HR writes the findings herself, then decides alone
        for user in self.hr_user | self.colleague | self.salesperson:
            with self.assertRaises(AccessError):
                appeal.with_user(user).write({"manager_opinion": "Fine by me"})
        with self.assertRaises(AccessError):
            appeal.with_user(self.other_manager).write({"manager_opinion": "Fine"})
        self.assertFalse(appeal.manager_opinion)
        self.assertFalse(appeal.with_user(self.hr_user).can_write_opinion)
        wizard = self._decide(appeal, self.hr_user)
        with self.assertRaisesText(UserError, "department's findings"):
            wizard.action_confirm()
        # who wrote them and when is recorded, never written directly
        for user in self.hr_user | self.manager:
            with self.assertRaisesText(UserError, "cannot be written directly"):
                appeal.with_user(user).write({"opinion_by_id": self.manager.id})
        self.assertTrue(appeal.with_user(self.manager).can_write_opinion)
        appeal.with_user(self.manager).write({"manager_opinion": "Confirmed."})
        self.assertEqual(appeal.opinion_by_id, self.manager)
        self.assertTrue(appeal.date_opinion)
        wizard.action_confirm()
        self.assertEqual(
            (appeal.state, appeal.decided_by_id, card.state),
            ("decided", self.hr_user, "final"),
        )
        self.assertEqual(self._line(card, "teamwork").score, 95)

    def test_findings_by_someone_no_longer_the_cards_manager_do_not_count(self):
        card = self._published_cards()[0]
        appeal = card.with_user(self.salesperson)._appeal("Teamwork ignored")
        appeal.with_user(self.manager).write({"manager_opinion": "Confirmed."})
        # the employee moves under another manager before HR decides
        self.employee.write({"parent_id": False})
        self.department.manager_id = self.other_manager_employee
        with self.assertRaisesText(UserError, "department's findings"):
            self._decide(appeal.with_env(self.env), self.hr_user).action_confirm()
        appeal.with_user(self.other_manager).write({"manager_opinion": "Checked."})
        self._decide(appeal.with_env(self.env), self.hr_user).action_confirm()
        self.assertEqual(appeal.state, "decided")

    def test_the_manager_who_is_hr_does_not_decide_on_his_findings(self):
        self._make_hr(self.manager)
        card = self._published_cards()[0]
        appeal = card.with_user(self.salesperson)._appeal("Teamwork ignored")
        appeal.with_user(self.manager).write({"manager_opinion": "Confirmed."})
        with self.assertRaisesText(UserError, "You wrote the department's findings"):
            self._decide(appeal.with_env(self.env), self.manager).action_confirm()
        self._decide(appeal.with_env(self.env), self.hr_user).action_confirm()
        self.assertEqual(appeal.decided_by_id, self.hr_user)

    def test_nobody_decides_their_own_appeal(self):
        self._make_hr(self.salesperson)
        card = self._published_cards()[0]
        appeal = card.with_user(self.salesperson)._appeal("Teamwork ignored")
        appeal.with_user(self.manager).write({"manager_opinion": "Confirmed."})
        with self.assertRaisesText(AccessError, "is your own"):
            self._decide(appeal.with_env(self.env), self.salesperson).action_confirm()
        self.assertEqual(appeal.state, "open")


@tagged("post_install", "-at_install")
class TestInterviewRecord(SeparationCase):
    def test_the_employees_remarks_are_written_by_the_employee_only(self):
        card = self._published_cards()[0]
        interview = self._interview(card)
        for user in self.manager | self.hr_user:
            with self.assertRaisesText(UserError, "cannot be written directly"):
                interview.with_user(user).write({"employee_comment": "Agrees"})
            with self.assertRaisesText(UserError, "cannot be written directly"):
                interview.with_user(user).write({"interviewer_id": self.hr_user.id})
        with self.assertRaisesText(UserError, "once it is held"):
            interview.with_user(self.salesperson)._set_employee_comment("Too early")
        interview.with_user(self.manager).action_done()
        self.assertEqual(interview.interviewer_id, self.manager)
        for user in self.manager | self.hr_user | self.colleague:
            with self.assertRaises(AccessError):
                interview.with_user(user)._set_employee_comment("Agrees with all")
        # the employee writes them from the interview, then acknowledges it
        action = interview.with_user(self.salesperson).action_open_remarks()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.salesperson)
            .with_context(**action["context"])
        )
        wizard.employee_comment = "The pipeline review should be fortnightly."
        wizard.save().action_confirm()
        self.assertEqual(
            interview.employee_comment, "The pipeline review should be fortnightly."
        )
        self.assertEqual(
            interview.message_ids[0].author_id, self.salesperson.partner_id
        )
        interview.with_user(self.salesperson).action_acknowledge()
        with self.assertRaisesText(UserError, "before acknowledging"):
            interview.with_user(self.salesperson)._set_employee_comment("Later")

    def test_hr_records_neither_her_own_interview_nor_her_own_actions(self):
        self._make_hr(self.salesperson)
        card = self._published_cards()[0]
        Interview = self.env["trade.appraisal.interview"]
        with self.assertRaisesText(AccessError, "is yours"):
            Interview.with_user(self.salesperson).create({"scorecard_id": card.id})
        interview = self._interview(card)
        own = interview.with_user(self.salesperson)
        with self.assertRaisesText(AccessError, "is yours"):
            own.write({"strengths": "Excellent at everything"})
        with self.assertRaisesText(AccessError, "is yours"):
            own.goal_ids.write({"name": "Nothing to improve"})
        with self.assertRaisesText(AccessError, "is yours"):
            own.action_done()
        with self.assertRaisesText(AccessError, "is yours"):
            own.goal_ids.action_mark_done()
        interview.with_user(self.manager).action_done()
        with self.assertRaisesText(AccessError, "is yours"):
            own.goal_ids.action_mark_done()
        self.assertEqual(interview.goal_ids.state, "open")
        # another HR officer or the manager still set it
        interview.goal_ids.with_user(self.hr_user).action_mark_done()
        self.assertEqual(interview.goal_ids.reviewed_by_id, self.hr_user)


@tagged("post_install", "-at_install")
class TestOwnDevelopmentPlan(SeparationCase):
    def test_an_hr_officer_does_not_manage_her_own_plan(self):
        year = fields.Date.context_today(self.env["res.users"]).year
        plan = self.env["trade.development.plan"]._for_employees(
            self.hr_employee, year
        )[self.hr_employee.id]
        own = plan.with_user(self.hr_user)
        need = own._request_need("Negotiation course")
        self.assertTrue(own.can_request)
        self.assertFalse(own.can_manage)
        with self.assertRaisesText(AccessError, "your own development plan"):
            need.action_agree()
        with self.assertRaisesText(AccessError, "your own development plan"):
            own.write({"review_note": "A great year"})
        with self.assertRaisesText(AccessError, "your own development plan"):
            self.env["trade.development.training"].with_user(self.hr_user).create(
                {"plan_id": plan.id, "name": "Trip", "date_start": "2030-01-01"}
            )
        with self.assertRaisesText(AccessError, "your own development plan"):
            self.env["trade.development.need"].with_user(self.hr_user).create(
                {"plan_id": plan.id, "name": "Golf lessons"}
            )
        self.assertEqual(need.state, "proposed")
        # another HR officer agrees it
        need.with_user(self.hr_user_2).action_agree()
        self.assertEqual(need.state, "agreed")
