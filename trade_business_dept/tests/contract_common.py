import base64
from datetime import date

from odoo import Command

from .common import LEGAL, SALESPERSON, TradeBusinessDeptCase

SIGNED_SCAN = base64.b64encode(b"%PDF-1.4 signed and sealed original")


class TradeContractCase(TradeBusinessDeptCase):
    """Contracts, orders and department contacts for the contract tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.legal_delegate = cls._new_user(
            "trade_sp_delegate",
            "Salesperson with legal rights",
            f"{SALESPERSON},{LEGAL}",
        )
        cls.purchasing_user = cls._new_user(
            "trade_purchasing", "Purchasing", "base.group_user"
        )
        cls.logistics_user = cls._new_user(
            "trade_logistics", "Logistics", "base.group_user"
        )
        cls.finance_user = cls._new_user("trade_finance", "Finance", "base.group_user")
        cls.company.write(
            {
                "trade_purchasing_user_id": cls.purchasing_user.id,
                "trade_logistics_user_id": cls.logistics_user.id,
                "trade_finance_user_id": cls.finance_user.id,
                "trade_production_user_id": False,
                "trade_contract_required": False,
                "trade_signatory_ids": [Command.set(cls.manager.ids)],
            }
        )
        cls.payment_term = cls.env.ref("account.account_payment_term_30days")
        cls.incoterm_fob = cls.env.ref("account.incoterm_FOB")
        cls.incoterm_cif = cls.env.ref("account.incoterm_CIF")
        cls.product = cls.env["product.product"].create(
            {"name": "Stainless valve DN50", "list_price": 100.0, "type": "consu"}
        )

    def _terms(self, **overrides):
        values = {
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31),
            "price_validity_date": date(2026, 3, 31),
            "payment_term_id": self.payment_term.id,
            "incoterm_id": self.incoterm_fob.id,
            "incoterm_location": "Ningbo",
            "transport_mode": "sea",
            "quality_standard": "GB/T 12234-2019",
            "inspection_method": "SGS pre-shipment inspection, AQL 2.5",
            "breach_liability": "0.5% per week of delay, capped at 5%",
            "dispute_resolution": "CIETAC arbitration in Shanghai",
        }
        values.update(overrides)
        return values

    def _quotation(self, partner=None, quantity=10, price=100.0, user=None):
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.key_customer).id,
                "user_id": (user or self.salesperson).id,
                "payment_term_id": self.payment_term.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                        }
                    )
                ],
            }
        )

    def _contract(self, user=None, orders=None, **values):
        user = user or self.salesperson
        contract = (
            self.env["trade.contract"]
            .with_user(user)
            .create(
                dict(
                    {
                        "partner_id": self.key_customer.id,
                        "user_id": user.id,
                        "amount_total": 5000.0,
                    },
                    **self._terms(**values),
                )
            )
        )
        if orders:
            orders.write({"trade_contract_id": contract.id})
        return contract

    def _approved_contract(self, **values):
        contract = self._contract(**values)
        contract.action_submit_review()
        contract.with_user(self.legal).action_legal_approve(comment="Fine")
        return contract

    def _attach_scan(self, contract, user=None):
        return (
            self.env["ir.attachment"]
            .with_user(user or self.salesperson)
            .create(
                {
                    "name": "signed original.pdf",
                    "datas": SIGNED_SCAN,
                    "res_model": "trade.contract",
                    "res_id": contract.id,
                }
            )
        )

    def _signed_contract(self, **values):
        contract = self._approved_contract(**values)
        contract.write(
            {
                "signed_attachment_id": self._attach_scan(contract).id,
                "date_signed": date(2026, 1, 5),
                "company_signatory_id": self.manager.id,
                "customer_signatory": "Zhou Jianguo",
            }
        )
        contract.action_sign()
        return contract
