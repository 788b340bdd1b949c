from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .contract_common import SIGNED_SCAN, TradeContractCase


@tagged("post_install", "-at_install")
class TestContractCreation(TradeContractCase):
    def test_contract_from_quotation(self):
        order = self._quotation()
        order.incoterm = self.incoterm_cif
        action = order.with_user(self.salesperson).action_trade_create_contract()
        contract = self.env["trade.contract"].browse(action["res_id"])
        self.assertTrue(contract.name.startswith("CT/"))
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.partner_id, self.key_customer)
        self.assertEqual(contract.user_id, self.salesperson)
        self.assertEqual(contract.sale_order_ids, order)
        self.assertEqual(order.trade_contract_id, contract)
        self.assertEqual(contract.payment_term_id, self.payment_term)
        self.assertEqual(contract.incoterm_id, self.incoterm_cif)
        self.assertEqual(contract.currency_id, order.currency_id)
        self.assertEqual(contract.amount_total, order.amount_total)
        self.assertEqual(contract.order_line_ids, order.order_line)

    def test_contract_from_opportunity_takes_its_quotations(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Valves 2026",
                "type": "opportunity",
                "partner_id": self.key_contact.id,
                "user_id": self.salesperson.id,
            }
        )
        first, second = self._quotation(), self._quotation(quantity=5)
        (first | second).opportunity_id = lead
        action = lead.with_user(self.salesperson).action_trade_create_contract()
        contract = self.env["trade.contract"].browse(action["res_id"])
        self.assertEqual(contract.partner_id, self.key_customer)
        self.assertEqual(contract.opportunity_id, lead)
        self.assertEqual(contract.sale_order_ids, first | second)
        self.assertEqual(
            contract.amount_total, first.amount_total + second.amount_total
        )
        self.assertEqual(lead.trade_contract_count, 1)

    def test_amount_follows_orders_while_draft_only(self):
        order = self._quotation(quantity=10)
        contract = self._contract(orders=order)
        self.assertEqual(contract.amount_total, order.amount_total)
        order.order_line.product_uom_qty = 20
        self.assertEqual(contract.amount_total, order.amount_total)
        contract.action_submit_review()
        amount_reviewed = contract.amount_total
        order.order_line.product_uom_qty = 30
        self.assertEqual(contract.amount_total, amount_reviewed)

    def test_quotation_contract_must_be_with_the_same_customer(self):
        contract = self._contract()
        order = self._quotation(partner=self.colleague_customer)
        with self.assertRaisesText(ValidationError, "is with"):
            order.trade_contract_id = contract
        self.assertFalse(order.trade_contract_id)

    def test_dates_and_amount_are_checked(self):
        with self.assertRaisesText(ValidationError, "ends before it starts"):
            self._contract(date_start=date(2026, 5, 1), date_end=date(2026, 4, 1))
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._contract(amount_total=-1)

    def test_contract_pdf_in_english_and_chinese(self):
        contract = self._signed_contract(orders=self._quotation())
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html(
            "trade_business_dept.report_trade_contract_en", contract.ids
        )[0].decode()
        for text in ("Sales Contract", contract.name, "CIETAC", "Zhou Jianguo"):
            self.assertIn(text, html)
        self.assertIn("Stainless valve DN50", html)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["trade_business_dept"], ["zh_CN"], overwrite=True
        )
        html_zh = Report._render_qweb_html(
            "trade_business_dept.report_trade_contract_zh", contract.ids
        )[0].decode()
        self.assertIn("销售合同", html_zh)
        self.assertIn("争议解决", html_zh)
        self.assertIn(contract.name, html_zh)


@tagged("post_install", "-at_install")
class TestContractReview(TradeContractCase):
    def test_missing_terms_block_submission_and_are_named(self):
        contract = self._contract(breach_liability=False, payment_term_id=False)
        with self.assertRaises(UserError) as refusal:
            contract.action_submit_review()
        message = str(refusal.exception)
        self.assertIn("Liability for Breach", message)
        self.assertIn("Payment Terms", message)
        self.assertNotIn("Incoterm", message)
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.review_ids)

    def test_blank_text_term_counts_as_missing(self):
        contract = self._contract(quality_standard="   ")
        with self.assertRaisesText(UserError, "Quality Standard"):
            contract.action_submit_review()

    def test_submission_goes_to_legal_with_an_activity(self):
        contract = self._contract()
        contract.action_submit_review()
        self.assertEqual(contract.state, "legal_review")
        self.assertEqual(contract.review_ids.decision, "submitted")
        self.assertEqual(contract.review_ids.user_id, self.salesperson)
        review_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_legal_review"
        )
        activity = contract.activity_ids.filtered(
            lambda act: act.activity_type_id == review_type
        )
        self.assertEqual(len(activity), 1)
        self.assertTrue(
            activity.user_id.has_group("trade_business_dept.group_trade_legal")
        )
        self.assertFalse(
            activity.user_id.has_group("trade_business_dept.group_trade_salesperson")
        )

    def test_terms_are_locked_from_submission(self):
        contract = self._contract()
        contract.action_submit_review()
        with self.assertRaisesText(UserError, "locked"):
            contract.write({"quality_standard": "Anything goes"})
        with self.assertRaisesText(UserError, "locked"):
            contract.with_user(self.legal).write({"payment_term_id": False})
        self.assertEqual(contract.quality_standard, "GB/T 12234-2019")
        # the clauses of the Chinese version are terms too
        with self.assertRaisesText(UserError, "locked"):
            contract.write({"dispute_resolution_zh": "随便"})
        self.assertFalse(contract.dispute_resolution_zh)

    def test_legal_approves_with_comment(self):
        contract = self._contract()
        contract.action_submit_review()
        form = Form(
            self.env["trade.contract.legal.decision"]
            .with_user(self.legal)
            .with_context(default_contract_id=contract.id)
        )
        form.decision = "approve"
        form.comment = "Standard terms, approved"
        form.save().action_confirm()
        self.assertEqual(contract.state, "approved")
        approval = contract.review_ids.filtered(lambda r: r.decision == "approved")
        self.assertEqual(approval.user_id, self.legal)
        self.assertEqual(approval.comment, "Standard terms, approved")
        self.assertTrue(approval.date)
        review_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_legal_review"
        )
        self.assertFalse(
            contract.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        )
        self.assertIn(self.salesperson, contract.activity_ids.user_id)

    def test_rejection_needs_a_reason_and_returns_to_draft(self):
        contract = self._contract()
        contract.action_submit_review()
        for empty in (None, "  "):
            with self.assertRaisesText(UserError, "reason"):
                contract.with_user(self.legal).action_legal_reject(reason=empty)
        self.assertEqual(contract.state, "legal_review")
        contract.with_user(self.legal).action_legal_reject(
            reason="Liability cap too low"
        )
        self.assertEqual(contract.state, "draft")
        rejection = contract.review_ids.filtered(lambda r: r.decision == "rejected")
        self.assertEqual(rejection.comment, "Liability cap too low")
        contract.write({"breach_liability": "1% per week, capped at 10%"})
        contract.action_submit_review()
        self.assertEqual(
            contract.review_ids.sorted("id").mapped("decision"),
            ["submitted", "rejected", "submitted"],
        )

    def test_salesperson_never_approves(self):
        contract = self._contract()
        contract.action_submit_review()
        for user in (self.salesperson, self.colleague, self.legal_delegate):
            with self.assertRaises(AccessError):
                contract.with_user(user).action_legal_approve()
            with self.assertRaises(AccessError):
                contract.with_user(user).action_legal_reject(reason="No")
        self.assertEqual(contract.state, "legal_review")

    def test_legal_delegate_cannot_approve_own_contract(self):
        contract = self._contract(user=self.legal_delegate)
        contract.action_submit_review()
        with self.assertRaises(AccessError):
            contract.with_user(self.legal_delegate).sudo().action_legal_approve()
        self.assertEqual(contract.state, "legal_review")

    def test_manager_does_not_review_without_the_legal_group(self):
        contract = self._contract()
        contract.action_submit_review()
        with self.assertRaisesText(AccessError, "legal department"):
            contract.with_user(self.manager).action_legal_approve()
        self.assertEqual(contract.state, "legal_review")

    def test_manager_with_legal_rights_reviews_others_but_not_own_contracts(self):
        self.manager.groups_id += self.env.ref("trade_business_dept.group_trade_legal")
        mine = self._contract(user=self.manager)
        mine.action_submit_review()
        with self.assertRaisesText(AccessError, "another reviewer"):
            mine.with_user(self.manager).action_legal_approve()
        theirs = self._contract()
        theirs.action_submit_review()
        theirs.with_user(self.manager).action_legal_approve()
        self.assertEqual(theirs.state, "approved")

    def test_only_reviewed_contracts_are_decided(self):
        contract = self._contract()
        with self.assertRaisesText(UserError, "can be approved"):
            contract.with_user(self.legal).action_legal_approve()


@tagged("post_install", "-at_install")
class TestContractSigning(TradeContractCase):
    def test_sign_needs_original_date_and_signatories(self):
        contract = self._approved_contract()
        with self.assertRaises(UserError) as refusal:
            contract.action_sign()
        message = str(refusal.exception)
        for text in ("signed and sealed original", "signing date", "signatory"):
            self.assertIn(text, message)
        self.assertEqual(contract.state, "approved")

    def test_only_an_authorised_signatory_signs(self):
        contract = self._approved_contract()
        contract.write(
            {
                "signed_attachment_id": self._attach_scan(contract).id,
                "date_signed": date(2026, 1, 5),
                "company_signatory_id": self.salesperson.id,
                "customer_signatory": "Zhou Jianguo",
            }
        )
        with self.assertRaisesText(UserError, "not an authorised signatory"):
            contract.with_user(self.salesperson).action_sign()
        contract.company_signatory_id = self.manager
        contract.with_user(self.salesperson).action_sign()
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signed_by_id, self.salesperson)
        self.assertEqual(contract.company_signatory, self.manager.name)

    def test_sign_with_the_wizard_uploading_the_scan(self):
        contract = self._approved_contract()
        form = Form(
            self.env["trade.contract.sign"]
            .with_user(self.salesperson)
            .with_context(default_contract_id=contract.id)
        )
        form.document = SIGNED_SCAN
        form.date_signed = date(2026, 1, 5)
        form.company_signatory_id = self.manager
        form.customer_signatory = "Zhou Jianguo"
        form.save().action_confirm()
        self.assertEqual(contract.state, "signed")
        self.assertIn(contract.name, contract.signed_attachment_id.name)
        self.assertEqual(contract.signed_attachment_id.res_id, contract.id)
        self.assertEqual(contract.date_signed, date(2026, 1, 5))
        with freeze_time("2026-06-01"):
            contract.invalidate_recordset(["is_effective"])
            self.assertTrue(contract.is_effective)
        register = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_business_dept.trade_contract_action_register"
        )
        self.assertFalse(register["domain"], "the register lists every contract")
        self.assertIn(
            contract,
            self.env["trade.contract"].search(
                [("id", "=", contract.id), ("state", "=", "signed")]
            ),
        )

    def test_sign_wizard_without_scan_is_refused(self):
        contract = self._approved_contract()
        wizard = (
            self.env["trade.contract.sign"]
            .with_user(self.salesperson)
            .create(
                {
                    "contract_id": contract.id,
                    "company_signatory_id": self.manager.id,
                    "customer_signatory": "Zhou Jianguo",
                }
            )
        )
        with self.assertRaisesText(UserError, "scan"):
            wizard.action_confirm()
        self.assertEqual(contract.state, "approved")

    def test_original_must_belong_to_the_contract(self):
        contract = self._approved_contract()
        other = self._approved_contract()
        contract.write(
            {
                "signed_attachment_id": self._attach_scan(other).id,
                "date_signed": date(2026, 1, 5),
                "company_signatory_id": self.manager.id,
                "customer_signatory": "Zhou",
            }
        )
        with self.assertRaisesText(UserError, "attached to another document"):
            contract.action_sign()

    def test_signed_original_is_protected_managers_excepted(self):
        contract = self._signed_contract()
        original = contract.signed_attachment_id
        with self.assertRaisesText(UserError, "signed original"):
            original.with_user(self.salesperson).unlink()
        with self.assertRaisesText(UserError, "signed original"):
            original.with_user(self.salesperson).write({"datas": SIGNED_SCAN})
        with self.assertRaisesText(UserError, "only a business manager"):
            contract.with_user(self.salesperson).write({"signed_attachment_id": False})
        self.assertTrue(original.exists())
        original.with_user(self.manager).unlink()
        self.assertFalse(original.exists())

    def test_close_and_cancel(self):
        contract = self._signed_contract()
        with self.assertRaisesText(UserError, "only a business manager"):
            contract.with_user(self.salesperson).action_cancel()
        contract.action_done()
        self.assertEqual(contract.state, "done")
        with self.assertRaises(UserError):
            contract.with_user(self.manager).action_cancel()
        terminated = self._signed_contract()
        terminated.with_user(self.manager).action_cancel()
        self.assertEqual(terminated.state, "cancelled")
        draft = self._contract()
        draft.action_cancel()
        draft.action_reset_to_draft()
        self.assertEqual(draft.state, "draft")

    def test_only_draft_or_cancelled_contracts_are_deleted(self):
        submitted = self._contract()
        submitted.action_submit_review()
        with self.assertRaisesText(UserError, "deleted"):
            submitted.unlink()
        draft = self._contract()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_expiry_reminder_once_30_days_before(self):
        ending = self._signed_contract(date_end=date(2026, 12, 20))
        later = self._signed_contract(date_end=date(2027, 3, 1))
        expiry_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_contract_expiry"
        )

        def reminders(contract):
            return contract.activity_ids.filtered(
                lambda act: act.activity_type_id == expiry_type
            )

        with freeze_time("2026-12-01"):
            self.env["trade.contract"]._cron_expiry_reminder()
            self.env["trade.contract"]._cron_expiry_reminder()
        self.assertEqual(len(reminders(ending)), 1)
        self.assertEqual(reminders(ending).user_id, self.salesperson)
        self.assertIn("12/20/2026", reminders(ending).summary)
        self.assertFalse(reminders(later))
        self.assertEqual(ending.expiry_reminder_date, date(2026, 12, 1))


@tagged("post_install", "-at_install")
class TestContractAmendment(TradeContractCase):
    def test_amend_creates_next_revision_in_review(self):
        order = self._quotation()
        contract = self._signed_contract(orders=order)
        action = contract.with_user(self.salesperson).action_amend(
            values={"transport_mode": "air", "incoterm_id": self.incoterm_cif.id},
            reason="Customer needs the goods faster",
        )
        new = self.env["trade.contract"].browse(action["res_id"])
        self.assertEqual(new.revision, 2)
        self.assertEqual(new.name, contract.name)
        self.assertIn("rev. 2", new.display_name)
        self.assertEqual(new.state, "legal_review")
        self.assertEqual(new.transport_mode, "air")
        self.assertEqual(new.incoterm_id, self.incoterm_cif)
        self.assertEqual(new.quality_standard, contract.quality_standard)
        self.assertEqual(new.amount_total, contract.amount_total)
        self.assertEqual(new.previous_revision_id, contract)
        self.assertEqual(contract.next_revision_id, new)
        self.assertFalse(contract.active)
        self.assertEqual(contract.state, "signed")
        self.assertEqual(order.trade_contract_id, new)
        amendment = new.review_ids
        self.assertEqual(amendment.decision, "amended")
        self.assertIn("Customer needs the goods faster", amendment.comment)
        self.assertIn("Delivery Method: Sea → Air", amendment.comment)

    def test_amendment_informs_purchasing_logistics_and_finance(self):
        contract = self._approved_contract()
        action = contract.action_amend(
            values={"payment_term_id": False, "date_end": date(2027, 6, 30)},
            reason="Longer validity",
        )
        new = self.env["trade.contract"].browse(action["res_id"])
        informed = new.activity_ids.filtered(
            lambda act: (
                act.user_id
                in (self.purchasing_user | self.logistics_user | self.finance_user)
            )
        )
        self.assertEqual(
            informed.user_id,
            self.purchasing_user | self.logistics_user | self.finance_user,
        )
        for activity in informed:
            self.assertIn("Valid Until", activity.note)
            self.assertIn("Payment Terms", activity.note)

    def test_earlier_revision_is_read_only(self):
        contract = self._signed_contract()
        contract.action_amend(values={"transport_mode": "rail"}, reason="Rail")
        with self.assertRaisesText(UserError, "read-only"):
            contract.write({"quality_standard": "Other"})

    def test_amend_with_the_wizard(self):
        contract = self._signed_contract()
        form = Form(
            self.env["trade.contract.amend"]
            .with_user(self.salesperson)
            .with_context(default_contract_id=contract.id)
        )
        self.assertEqual(form.transport_mode, "sea")
        self.assertEqual(form.quality_standard, "GB/T 12234-2019")
        form.quality_standard = "GB/T 12234-2019 and API 600"
        form.reason = "Customer asks for API 600 as well"
        action = form.save().action_confirm()
        new = self.env["trade.contract"].browse(action["res_id"])
        self.assertEqual(new.quality_standard, "GB/T 12234-2019 and API 600")
        self.assertIn("Quality Standard", new.review_ids.comment)
        self.assertNotIn("Delivery Method", new.review_ids.comment)

    def test_amend_the_chinese_clauses(self):
        contract = self._signed_contract()
        form = Form(
            self.env["trade.contract.amend"]
            .with_user(self.salesperson)
            .with_context(default_contract_id=contract.id)
        )
        form.quality_standard_zh = "GB/T 12234-2019 及 API 600"
        form.reason = "中文条款补充 API 600"
        action = form.save().action_confirm()
        new = self.env["trade.contract"].browse(action["res_id"])
        self.assertEqual(new.quality_standard_zh, "GB/T 12234-2019 及 API 600")
        self.assertEqual(new.quality_standard, contract.quality_standard)
        self.assertIn("Quality Standard (Chinese)", new.review_ids.comment)

    def test_only_approved_or_signed_contracts_are_amended(self):
        draft = self._contract()
        with self.assertRaisesText(UserError, "directly"):
            draft.action_amend(values={"transport_mode": "air"})
        self.assertEqual(
            self.env["trade.contract"]
            .with_context(active_test=False)
            .search_count([("name", "=", draft.name)]),
            1,
        )

    def test_amended_revision_goes_through_review_again(self):
        contract = self._signed_contract()
        action = contract.action_amend(values={"transport_mode": "air"}, reason="Air")
        new = self.env["trade.contract"].browse(action["res_id"])
        with self.assertRaises(UserError):
            new.action_sign()
        new.with_user(self.legal).action_legal_approve()
        self.assertEqual(new.state, "approved")
