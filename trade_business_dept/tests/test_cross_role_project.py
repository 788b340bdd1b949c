from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .contract_common import TradeContractCase


@tagged("post_install", "-at_install")
class TestCrossRoleProject(TradeContractCase):
    """Cross-role projects (R6.2.3): started from an order or a contract with
    the department's template, members and their duties, milestones from the
    order's dates, progress meetings and the tasks seen from the customer,
    the order and the contract."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production_user = cls._new_user(
            "trade_production", "Production", "base.group_user"
        )
        cls.company.write(
            {
                "trade_production_user_id": cls.production_user.id,
                "trade_shipping_lead_days": 2,
            }
        )
        cls.today = fields.Date.context_today(cls.env["project.project"])

    def _order(self, user=None, promised_in_days=30):
        order = self._quotation(user=user)
        order.write(
            {
                "commitment_date": fields.Datetime.now()
                + timedelta(days=promised_in_days),
                "trade_merchandiser_id": self.merchandiser.id,
            }
        )
        return order

    def _start(self, order, user=None):
        action = order.with_user(user or self.salesperson).action_trade_start_project()
        return self.env["project.project"].browse(action["res_id"])

    def test_start_from_order_with_members_and_milestones(self):
        order = self._order()
        project = self._start(order)

        self.assertEqual(project.trade_kind, "cross_role")
        self.assertEqual(project.user_id, self.salesperson, "the leader")
        self.assertEqual(project.trade_sale_order_id, order)
        self.assertEqual(project.trade_partner_id, self.key_customer)
        self.assertEqual(project.privacy_visibility, "followers")
        self.assertTrue(project.allow_milestones)
        members = {(member.role, member.user_id) for member in project.trade_member_ids}
        self.assertEqual(
            members,
            {
                ("sales", self.salesperson),
                ("merchandiser", self.merchandiser),
                ("purchasing", self.purchasing_user),
                ("production", self.production_user),
                ("logistics", self.logistics_user),
                ("finance", self.finance_user),
            },
        )
        self.assertTrue(all(project.trade_member_ids.mapped("duties")))
        self.assertLessEqual(
            project.trade_member_ids.user_id.partner_id,
            project.message_partner_ids,
            "the members follow the private project",
        )
        # the template's standard tasks, active in the new project
        self.assertEqual(len(project.task_ids), 5)
        self.assertTrue(all(project.task_ids.mapped("active")))
        # promised in 30 days, shipped 2 days before, paid 30 days after
        deadlines = {
            milestone.name: milestone.deadline for milestone in project.milestone_ids
        }
        self.assertEqual(
            deadlines,
            {
                "Production finished": self.today + timedelta(days=27),
                "Goods shipped": self.today + timedelta(days=28),
                "Delivered to the customer": self.today + timedelta(days=30),
                "Payment received": self.today + timedelta(days=60),
            },
        )
        self.assertEqual(project.date, self.today + timedelta(days=60))
        with self.assertRaisesText(UserError, "already has a cross-role project"):
            order.with_user(self.salesperson).action_trade_start_project()

    def test_salesperson_cannot_start_on_a_colleagues_order(self):
        order = self._order(user=self.colleague)
        with self.assertRaises(AccessError):
            order.with_user(self.salesperson).action_trade_start_project()
        # a merchandiser sees every order but starts projects on none
        with self.assertRaisesText(AccessError, "Only the salesperson of"):
            order.with_user(self.merchandiser).action_trade_start_project()
        with self.assertRaises(AccessError):
            order.with_user(self.employee).action_trade_start_project()
        project = self._start(order, user=self.manager)
        self.assertEqual(project.user_id, self.colleague, "led by the order's owner")

    def test_start_from_signed_contract_as_manager(self):
        order = self._order()
        contract = self._signed_contract(orders=order)
        action = contract.with_user(self.manager).action_trade_start_project()
        project = self.env["project.project"].browse(action["res_id"])

        self.assertEqual(project.trade_contract_id, contract)
        self.assertEqual(project.trade_sale_order_id, order, "its only order")
        self.assertEqual(project.user_id, self.salesperson)
        signed = project.milestone_ids.filtered(lambda m: "signed" in m.name)
        self.assertEqual(signed.deadline, date(2026, 1, 5))
        self.assertTrue(signed.is_reached)
        self.assertEqual(len(project.milestone_ids), 5)
        with self.assertRaisesText(AccessError, "Only the salesperson of"):
            self._contract(
                user=self.colleague, partner_id=self.colleague_customer.id
            ).with_user(self.salesperson).action_trade_start_project()

    def test_progress_meeting_with_the_members(self):
        project = self._start(self._order())
        action = project.with_user(self.salesperson).action_trade_plan_meeting()
        Meeting = self.env["trade.meeting"].with_user(self.salesperson)
        with Form(Meeting.with_context(**action["context"])) as form:
            form.date = fields.Datetime.now() + timedelta(days=1)
        meeting = form.record

        self.assertEqual(meeting.meeting_type, "project")
        self.assertEqual(meeting.project_id, project)
        self.assertEqual(
            meeting.attendee_ids, project.trade_member_ids.user_id | project.user_id
        )
        self.assertIn("Goods shipped", meeting.agenda)
        self.assertEqual(project.trade_meeting_count, 1)
        self.assertEqual(project.trade_meeting_ids, meeting)
        self.assertTrue(meeting.calendar_event_id)
        # the leader records the minutes and the actions
        meeting.minutes = "<p>Production started, on time.</p>"
        meeting.action_ids = [
            fields.Command.create(
                {
                    "name": "Send the packing list",
                    "owner_id": self.logistics_user.id,
                    "date_deadline": self.today + timedelta(days=3),
                }
            )
        ]
        meeting.action_hold()
        self.assertEqual(meeting.state, "held")

        # not the leader: neither through the button nor directly
        with self.assertRaisesText(AccessError, "Only the leader of"):
            project.with_user(self.merchandiser).action_trade_plan_meeting()
        with self.assertRaises(AccessError):
            project.with_user(self.colleague).action_trade_plan_meeting()
        with self.assertRaises(AccessError):
            self.env["trade.meeting"].with_user(self.merchandiser).create(
                {"meeting_type": "project", "project_id": project.id}
            )
        with self.assertRaises(AccessError):
            Meeting.create({"meeting_type": "weekly"})
        with self.assertRaisesText(AccessError, "Only a business manager changes"):
            meeting.with_user(self.salesperson).write(
                {"meeting_type": "weekly", "project_id": False}
            )
        # a project the salesperson follows but does not lead
        other = self._start(self._order(user=self.colleague), user=self.manager)
        other.message_subscribe(partner_ids=self.salesperson.partner_id.ids)
        with self.assertRaisesText(AccessError, "Only a business manager changes"):
            meeting.with_user(self.salesperson).project_id = other
        # a business manager plans any project's meeting
        self.env["trade.meeting"].with_user(self.manager).create(
            {"meeting_type": "project", "project_id": project.id}
        )
        self.assertEqual(project.trade_meeting_count, 2)

    def test_smart_button_counts(self):
        order = self._order()
        contract = self._signed_contract(orders=order)
        other = self._order()
        self.assertEqual(order.with_user(self.salesperson).trade_project_task_count, 0)
        project = self._start(order)
        self._start(other)
        self.env.invalidate_all()

        self.assertEqual(order.with_user(self.salesperson).trade_project_task_count, 5)
        self.assertEqual(
            contract.with_user(self.salesperson).trade_project_task_count, 5
        )
        self.assertEqual(
            self.key_customer.with_user(self.salesperson).trade_project_task_count, 10
        )
        project.task_ids[:2].write({"state": "1_done"})
        order.invalidate_recordset()
        self.assertEqual(order.trade_project_task_count, 3, "the open tasks")
        action = order.with_user(self.salesperson).action_trade_view_project_tasks()
        self.assertEqual(action["domain"], [("project_id", "in", project.ids)])
        action = self.key_customer.with_user(
            self.salesperson
        ).action_trade_view_project_tasks()
        self.assertEqual(len(action["domain"][0][2]), 2)

    def test_members_see_the_project_and_their_tasks(self):
        project = self._start(self._order())
        task = project.task_ids[0]
        task.user_ids = self.production_user

        # a member from another department, without rights in the Project app
        as_member = project.with_user(self.production_user)
        self.assertEqual(as_member.name, project.name)
        Task = self.env["project.task"].with_user(self.production_user)
        self.assertEqual(Task.search_count([("project_id", "=", project.id)]), 5)
        self.assertIn(task, Task.search([("user_ids", "in", self.production_user.id)]))
        self.assertEqual(
            as_member.trade_member_ids.user_id, project.trade_member_ids.user_id
        )
        # an employee who is not a member sees neither
        outsider = project.with_user(self.employee)
        with self.assertRaises(AccessError):
            outsider.check_access("read")
        self.assertFalse(
            self.env["project.task"]
            .with_user(self.employee)
            .search([("project_id", "=", project.id)])
        )
        # the members are changed by a business manager, not by a salesperson
        with self.assertRaises(AccessError):
            project.trade_member_ids[0].with_user(self.salesperson).duties = "None"
        project.with_user(self.manager).trade_member_ids = [
            fields.Command.create(
                {"user_id": self.employee.id, "role": "other", "duties": "Advice"}
            )
        ]
        self.assertTrue(outsider.has_access("read"), "a new member follows")
