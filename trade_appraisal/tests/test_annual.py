import ast
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestAnnualAppraisal(TradeAppraisalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = cls.env["trade.appraisal.period"].create(
            {"period_type": "annual", "date_start": date(2021, 1, 1)}
        )

    def _monthly_results(self):
        """March published with 80 on every manual indicator, April with 60."""
        march = self._published_card(score=80)
        april = self.env["trade.appraisal.period"].create(
            {"period_type": "monthly", "date_start": date(2021, 4, 1)}
        )
        self._default_targets(period=april)
        card = self._generate(april)
        card.with_user(self.hr_user).action_collect()
        self._score_manual(card, 60).action_score()
        card.with_user(self.hr_user).action_publish()
        return march | card

    def _evaluate(self, evaluation, user, score):
        evaluation = evaluation.with_user(user)
        evaluation.write({"score": score, "strengths": "Reliable"})
        evaluation.action_submit()

    def _evaluation(self, card, role):
        return card.sudo().evaluation_ids.filtered(lambda ev: ev.role == role)

    def _request_peers(self, card, peers, user=None):
        wizard = Form(
            self.env["trade.appraisal.peer.request"]
            .with_user(user or self.manager)
            .with_context(default_scorecard_id=card.id)
        )
        for peer in peers:
            wizard.peer_ids.add(peer)
        wizard.save().action_confirm()

    def test_annual_score_combines_months_self_peers_and_supervisor(self):
        monthly = self._monthly_results()
        card = self._generate(self.year)
        self.assertEqual(card.monthly_card_count, 2)
        self.assertEqual(
            card.monthly_average_score, round(sum(monthly.mapped("total_score")) / 2, 2)
        )
        self.assertEqual(
            (
                card.weight_monthly,
                card.weight_self,
                card.weight_peer,
                card.weight_supervisor,
            ),
            (60, 10, 10, 20),
        )
        self.assertEqual(self._line(card, "teamwork").score, 70)
        # self and supervisor evaluations are requested with the card
        self_eval = self._evaluation(card, "self")
        supervisor_eval = self._evaluation(card, "supervisor")
        self.assertEqual(self_eval.evaluator_id, self.salesperson)
        self.assertEqual(supervisor_eval.evaluator_id, self.manager)
        self.assertTrue(supervisor_eval.activity_ids)
        self._request_peers(card, self.colleague_employee | self.merchandiser_employee)
        peers = self._evaluation(card, "peer")
        self.assertEqual(peers.evaluator_id, self.colleague | self.merchandiser)

        self._evaluate(self_eval, self.salesperson, 90)
        self._evaluate(
            peers.filtered(lambda ev: ev.evaluator_id == self.colleague),
            self.colleague,
            70,
        )
        self._evaluate(
            peers.filtered(lambda ev: ev.evaluator_id == self.merchandiser),
            self.merchandiser,
            80,
        )
        self._evaluate(supervisor_eval, self.manager, 85)
        self.assertEqual(
            (card.self_score, card.peer_score, card.supervisor_score), (90, 75, 85)
        )
        expected = 0.6 * card.monthly_average_score + 0.1 * 90 + 0.1 * 75 + 0.2 * 85
        self.assertAlmostEqual(card.total_score, round(expected, 2))
        self.assertEqual(card.base_bonus, 24000)

        card.with_user(self.hr_user).action_collect()
        card.with_user(self.manager).write(
            {
                "ability_comment": "Good product knowledge",
                "attitude_comment": "Committed",
            }
        )
        card.with_user(self.manager).action_score()
        self.assertEqual(card.bonus_payment_date, date(2022, 1, 10))

    def test_annual_weights_are_configurable_and_add_up_to_100(self):
        settings = self.env["res.config.settings"].create({})
        settings.write(
            {
                "trade_appraisal_weight_monthly": 50,
                "trade_appraisal_weight_self": 10,
                "trade_appraisal_weight_peer": 15,
                "trade_appraisal_weight_supervisor": 25,
            }
        )
        settings.execute()
        self.assertEqual(self.company.trade_appraisal_weight_peer, 15)
        card = self._generate(self.year)
        self.assertEqual((card.weight_monthly, card.weight_supervisor), (50, 25))
        with self.assertRaisesText(ValidationError, "they add up to 110"):
            self.company.trade_appraisal_weight_monthly = 60

    def test_missing_parts_do_not_count_as_zero(self):
        card = self._generate(self.year)
        self._evaluate(self._evaluation(card, "supervisor"), self.manager, 80)
        # only the supervisor evaluation exists: the total is that score
        self.assertEqual(card.total_score, 80)

    def test_peer_evaluations_are_anonymous_to_the_employee(self):
        card = self._generate(self.year)
        self._request_peers(card, self.colleague_employee)
        peer_eval = self._evaluation(card, "peer")
        Evaluation = self.env["trade.appraisal.evaluation"]
        # the peer sees only their own input, not the card nor the others'
        visible = Evaluation.with_user(self.colleague).search([])
        self.assertEqual(visible.evaluator_id, self.colleague)
        self.assertEqual(
            visible.filtered(lambda ev: ev.scorecard_id == card), peer_eval
        )
        with self.assertRaises(AccessError):
            card.with_user(self.colleague).read(["total_score"])
        self._evaluate(peer_eval, self.colleague, 65)
        # the employee never reads the peers' evaluations, only the average
        self.assertEqual(
            Evaluation.with_user(self.salesperson).search(
                [("scorecard_id", "=", card.id)]
            ),
            self._evaluation(card, "self"),
        )
        with self.assertRaises(AccessError):
            peer_eval.with_user(self.salesperson).read(["score"])
        card.sudo().write({"state": "published"})
        values = card.with_user(self.salesperson).read(["peer_score", "peer_count"])[0]
        self.assertEqual((values["peer_score"], values["peer_count"]), (65, 1))
        self.assertNotIn(
            "evaluation_ids", card.with_user(self.salesperson).fields_get()
        )
        self.assertFalse(
            card.message_ids.filtered(
                lambda message: message.author_id == self.colleague.partner_id
            )
        )
        # the manager of the department sees them
        self.assertIn(peer_eval, Evaluation.with_user(self.manager).search([]))

    def test_evaluations_are_filled_by_their_evaluator_until_scoring(self):
        card = self._generate(self.year)
        self_eval = self._evaluation(card, "self")
        with self.assertRaisesText(AccessError, "Only Li Wei"):
            self_eval.with_user(self.manager).score = 10
        with self.assertRaisesText(UserError, "score between 1 and 100"):
            self_eval.with_user(self.salesperson).action_submit()
        with self.assertRaisesText(ValidationError, "between 0 and 100"):
            self_eval.with_user(self.salesperson).score = 140
        with self.assertRaisesText(UserError, "Peers are colleagues"):
            self._request_peers(card, self.employee)
        with self.assertRaisesText(ValidationError, "own self-evaluation"):
            self.env["trade.appraisal.evaluation"].create(
                {
                    "scorecard_id": card.id,
                    "role": "peer",
                    "evaluator_id": self.salesperson.id,
                }
            )
        self._evaluate(self._evaluation(card, "supervisor"), self.manager, 80)
        card.with_user(self.hr_user).action_collect()
        card.with_user(self.manager).write(
            {"ability_comment": "ok", "attitude_comment": "ok"}
        )
        card.with_user(self.manager).action_score()
        with self.assertRaisesText(UserError, "evaluations are closed"):
            self_eval.with_user(self.salesperson).score = 90

    def test_annual_scoring_needs_the_supervisor_evaluation(self):
        card = self._generate(self.year)
        card.with_user(self.hr_user).action_collect()
        card.with_user(self.manager).write(
            {"ability_comment": "ok", "attitude_comment": "ok"}
        )
        with self.assertRaisesText(UserError, "supervisor evaluation of Li Wei"):
            card.with_user(self.manager).action_score()

    def _scored_year_card(self):
        card = self._generate(self.year)
        self._evaluate(self._evaluation(card, "supervisor"), self.manager, 92)
        card.with_user(self.hr_user).action_collect()
        card.with_user(self.manager).write(
            {"ability_comment": "ok", "attitude_comment": "ok"}
        )
        card.with_user(self.manager).action_score()
        card.with_user(self.hr_user).action_publish()
        return card

    def test_interview_is_required_before_the_annual_card_is_final(self):
        card = self._scored_year_card()
        card.sudo().write({"appeal_deadline": date(2020, 1, 1)})
        with self.assertRaisesText(UserError, "Record the performance interview"):
            card.with_user(self.hr_user).action_finalize()
        self.env["trade.appraisal.scorecard"]._cron_finalize()
        self.assertEqual(card.state, "published")
        action = card.with_user(self.manager).action_open_interview()
        interview_form = Form(
            self.env["trade.appraisal.interview"]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        interview_form.strengths = "Opens new markets"
        interview = interview_form.save()
        with self.assertRaisesText(UserError, "Gaps and Improvement Plan"):
            interview.action_done()
        interview.write(
            {
                "gaps": "Margin discipline",
                "goal_ids": [
                    Command.create(
                        {
                            "name": "Keep the margin above 25%",
                            "measure": "Monthly profit / sales",
                            "date_deadline": date(2022, 6, 30),
                        }
                    )
                ],
            }
        )
        interview.action_done()
        self.assertTrue(card.interview_done)
        with self.assertRaisesText(UserError, "can no longer change"):
            interview.with_user(self.manager).strengths = "Rewritten"
        # the employee reads their interview, the colleague does not
        self.assertEqual(
            interview.with_user(self.salesperson).goal_ids.name,
            "Keep the margin above 25%",
        )
        with self.assertRaises(AccessError):
            interview.with_user(self.colleague).read(["strengths"])
        card.with_user(self.hr_user).action_finalize()
        self.assertEqual(card.state, "final")

    def test_interview_is_held_by_the_manager_after_publication(self):
        card = self._generate(self.year)
        with self.assertRaisesText(UserError, "once HR has published"):
            card.with_user(self.manager).action_open_interview()
        with self.assertRaisesText(UserError, "follows the publication"):
            self.env["trade.appraisal.interview"].create({"scorecard_id": card.id})
        card = self._scored_year_card()
        with self.assertRaises(AccessError):
            self.env["trade.appraisal.interview"].with_user(self.other_manager).create(
                {"scorecard_id": card.id}
            )

    def test_top_annual_grades_are_promotion_candidates(self):
        card = self._scored_year_card()
        self.assertEqual(card.grade, "S")
        self.assertTrue(card.is_promotion_candidate)
        action = self.env.ref(
            "trade_appraisal.trade_appraisal_scorecard_action_promotion"
        )
        candidates = (
            self.env["trade.appraisal.scorecard"]
            .with_user(self.hr_user)
            .search(ast.literal_eval(action.domain))
        )
        self.assertEqual(candidates, card)
        # a monthly S is no promotion candidate: promotion is decided on the year
        self._invoice(self.salesperson, self.customer, [(6, 100.0)])
        self._invoice(self.salesperson, self.customer_2, [(4, 100.0)])
        self._visit(self.salesperson, self.customer, 5)
        monthly = self._published_card(score=100)
        self.assertEqual(monthly.grade, "S")
        self.assertFalse(monthly.is_promotion_candidate)
