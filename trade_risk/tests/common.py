from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase

from odoo.addons.trade_business_dept.tests.common import TradeTestHelpers

SALESPERSON = "trade_business_dept.group_trade_salesperson"
MANAGER = "trade_business_dept.group_trade_manager"
LEGAL = "trade_business_dept.group_trade_legal"
CREDIT_MANAGER = "trade_risk.group_trade_credit_manager"
FINANCE = "account.group_account_invoice"


class TradeRiskCase(TradeTestHelpers, TransactionCase):
    """Department users, a rated customer and helpers to invoice, pay and
    order. Nothing relies on demo data: settings are set to the documented
    defaults, every record is created here, invoices carry no tax."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # dates of the day in UTC, as ``fields.Date.today()`` of the tests
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=False, tz="UTC")
        )
        cls.company = cls.env.company
        if not cls.company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.company, install_demo=False
            )
        cls.currency = cls.company.currency_id
        cls.salesperson = cls._new_user("risk_sp_li", "Li Wei", SALESPERSON)
        cls.colleague = cls._new_user("risk_sp_zhang", "Zhang Lei", SALESPERSON)
        cls.credit_manager = cls._new_user("risk_cm_liu", "Liu Fang", CREDIT_MANAGER)
        cls.second_credit_manager = cls._new_user(
            "risk_cm_sun", "Sun Hao", CREDIT_MANAGER
        )
        cls.manager = cls._new_user("risk_manager", "Wang Min", MANAGER)
        cls.finance = cls._new_user("risk_finance", "Qian Hui", FINANCE)
        cls.legal = cls._new_user("risk_legal", "Zhao Lin", LEGAL)
        cls._setup_company()
        cls._setup_policies()
        cls._setup_customers()
        cls._setup_products()

    @classmethod
    def _setup_company(cls):
        """The documented defaults of Settings."""
        cls.company.write(
            {
                # the department's rules (credit control included) for every
                # order: its scope has tests of its own (TestCreditScope)
                "trade_scope_all_orders": True,
                # the order confirmation checks of trade_business_dept have
                # tests of their own
                "trade_order_checks": False,
                "trade_contract_required": False,
                "trade_credit_manager_id": cls.credit_manager.id,
                "trade_credit_grace_days": 10,
                "trade_credit_base_limit": 100000.0,
                # the default credit policy as shipped: no credit beyond the
                # down payment of the whole order
                "trade_credit_default_limit": 0.0,
                "trade_credit_default_term_days": 0,
                "trade_credit_default_prepayment": 1.0,
                "trade_collection_reminder_days": 7,
                "trade_collection_call_days": 15,
                "trade_collection_notice_days": 30,
                "trade_collection_legal_days": 60,
                "trade_risk_overdue_days": 60,
                "trade_risk_exposure_ratio": 0.9,
                "trade_risk_cost_change": 0.1,
            }
        )

    @classmethod
    def _setup_policies(cls):
        """The policy of each rating: term, prepayment ratio, limit."""
        Policy = cls.env["trade.credit.policy"]
        Policy.search([("company_id", "=", cls.company.id)]).unlink()
        Policy.create(
            [
                {"rating": "A", "credit_term_days": 60, "limit_multiplier": 2.0},
                {"rating": "B", "credit_term_days": 30, "limit_multiplier": 1.0},
                {
                    "rating": "C",
                    "credit_term_days": 15,
                    "prepayment_ratio": 0.3,
                    "limit_multiplier": 0.5,
                },
                {
                    "rating": "D",
                    "credit_term_days": 0,
                    "prepayment_ratio": 1.0,
                    "limit_multiplier": 0.0,
                },
            ]
        )

    @classmethod
    def _setup_customers(cls):
        """A rated customer with a contact, a colleague's rated customer, an
        unrated one (under the default credit policy) and one a credit manager
        exempted from credit control."""
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Hongda Machinery Risk Test",
                "is_company": True,
                "email": "ap@hongda.test",
                "user_id": cls.salesperson.id,
                "trade_customer_tier": "key",
                "trade_credit_rating": "B",
            }
        )
        cls.contact = Partner.create(
            {
                "name": "Zhou Jianguo",
                "parent_id": cls.customer.id,
                "email": "zhou@hongda.test",
            }
        )
        cls.colleague_customer = Partner.create(
            {
                "name": "Yuanhang Electronics Risk Test",
                "is_company": True,
                "user_id": cls.colleague.id,
                "trade_credit_rating": "B",
            }
        )
        cls.unrated_customer = Partner.create(
            {"name": "Walk-in Buyer Test", "is_company": True}
        )
        cls.exempt_customer = Partner.create(
            {
                "name": "Group Sister Company Test",
                "is_company": True,
                "trade_credit_uncontrolled": True,
            }
        )

    @classmethod
    def _setup_products(cls):
        """A product without tax, payment terms of 30 and 60 days."""
        cls.product = cls.env["product.product"].create(
            {
                "name": "Stainless valve DN50",
                "type": "consu",
                "list_price": 1000.0,
                "standard_price": 600.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.payment_term_30 = cls.env["account.payment.term"].create(
            {
                "name": "Risk test 30 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 30}
                    )
                ],
            }
        )
        cls.payment_term_60 = cls.env["account.payment.term"].create(
            {
                "name": "Risk test 60 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 60}
                    )
                ],
            }
        )

    @staticmethod
    def days_ago(days):
        return fields.Date.today() - timedelta(days=days)

    def _invoice(
        self,
        partner,
        amount,
        invoice_date=None,
        due_date=None,
        post=True,
        move_type="out_invoice",
        user=None,
    ):
        """A customer invoice of one line without tax."""
        invoice_date = invoice_date or fields.Date.today()
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due_date or invoice_date,
                "invoice_user_id": (user or partner.user_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _pay(self, invoice, amount=None, payment_date=None):
        """Register a customer payment on an invoice."""
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount if amount is not None else invoice.amount_residual,
                    "payment_date": payment_date or fields.Date.today(),
                }
            )
        )
        return wizard._create_payments()

    def _order(self, partner, amount, user=None, currency=None, **values):
        """A quotation of one line without tax."""
        order_values = {
            "partner_id": partner.id,
            "user_id": (user or self.salesperson).id,
            "order_line": [
                Command.create(
                    {
                        "product_id": self.product.id,
                        "product_uom_qty": 1,
                        "price_unit": amount,
                        "tax_id": [Command.clear()],
                    }
                )
            ],
        }
        if currency:
            order_values["pricelist_id"] = self._pricelist(currency).id
        order_values.update(values)
        order = (
            self.env["sale.order"]
            .with_user(user or self.salesperson)
            .create(order_values)
        )
        return order.with_env(self.env)

    def _pricelist(self, currency):
        return self.env["product.pricelist"].create(
            {"name": f"Risk test {currency.name}", "currency_id": currency.id}
        )

    def _customer_payment(self, partner, amount, order=None, post=True):
        """A customer payment received, optionally as an order's down payment."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": fields.Date.today(),
                "trade_sale_order_id": order.id if order else False,
            }
        )
        if post:
            payment.action_post()
        return payment
