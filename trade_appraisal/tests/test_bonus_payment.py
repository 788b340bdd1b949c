from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestBonusPaymentDate(TradeAppraisalCase):
    """R4.4: a monthly bonus is paid with the next month's salary (the 10th
    here), never on a date before the scorecard's publication."""

    def _publish_on(self, day):
        self._default_targets()
        card = self._generate()
        card.with_user(self.hr_user).action_collect()
        self._score_manual(card).action_score()
        with freeze_time(day):
            card.with_user(self.hr_user).action_publish()
        return card

    def test_published_before_the_salary_day_paid_with_next_month_salary(self):
        card = self._publish_on("2021-04-02")
        self.assertEqual(card.date_published, date(2021, 4, 2))
        self.assertEqual(card.bonus_payment_date, date(2021, 4, 10))

    def test_published_after_the_salary_day_paid_with_the_next_salary(self):
        card = self._publish_on("2021-04-27")
        self.assertEqual(card.bonus_payment_date, date(2021, 5, 10))

    def test_published_on_the_salary_day_paid_that_day(self):
        card = self._publish_on("2021-04-10")
        self.assertEqual(card.bonus_payment_date, date(2021, 4, 10))

    def test_published_months_later_before_that_month_salary_day(self):
        card = self._publish_on("2021-06-05")
        self.assertEqual(card.bonus_payment_date, date(2021, 6, 10))
