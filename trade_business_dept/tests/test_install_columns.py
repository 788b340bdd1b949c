from unittest.mock import patch

from odoo import api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..models.stock_picking import TRANSPORT_DOCUMENTS


@tagged("post_install", "-at_install")
class TestInstallColumns(TransactionCase):
    """Installed on a database with orders and deliveries, the addon's stored
    computed columns of Odoo's models are created with SQL, not computed
    record by record (``install_columns.py``), with the values the
    computation gives."""

    def install_columns(self, model, *columns):
        """Drop these columns of ``model``'s table and create them as the
        installation does; return the fields Odoo then computed with the ORM."""
        table = self.env[model]._table
        for column in columns:
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s DROP COLUMN %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                )
            )
        computed = []
        add_to_compute = api.Environment.add_to_compute

        def record(env, field, records):
            computed.append(field.name)
            return add_to_compute(env, field, records)

        with patch.object(api.Environment, "add_to_compute", record):
            self.registry.init_models(
                self.env.cr, [model], {"module": "trade_business_dept"}, True
            )
        self.env.invalidate_all()
        return computed

    def test_transport_documents_of_existing_deliveries(self):
        pickings = self.env["stock.picking"].search([], limit=2)
        self.assertEqual(len(pickings), 2)
        pickings[0].trade_transport_mode = "air"
        pickings[1].trade_transport_mode = "sea"
        self.env.flush_all()
        computed = self.install_columns(
            "stock.picking", "trade_transport_document_type"
        )
        self.assertNotIn("trade_transport_document_type", computed)
        self.assertEqual(pickings[0].trade_transport_document_type, "awb")
        self.assertEqual(pickings[1].trade_transport_document_type, "bl")
        # a new installation: no transport mode yet, no document
        computed = self.install_columns(
            "stock.picking", "trade_transport_mode", "trade_transport_document_type"
        )
        self.assertNotIn("trade_transport_document_type", computed)
        self.env.cr.execute(
            "SELECT COUNT(*) FROM stock_picking "
            "WHERE trade_transport_document_type IS NOT NULL"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertEqual(TRANSPORT_DOCUMENTS.get(None), None)

    def test_merchandisers_of_existing_orders(self):
        order = self.env["sale.order"].search([], limit=1)
        merchandiser = self.env.ref("base.user_demo")
        # a new installation: neither customers nor teams have merchandisers
        self.env.cr.execute("UPDATE res_partner SET trade_merchandiser_id = NULL")
        self.env.cr.execute("UPDATE crm_team SET trade_merchandiser_id = NULL")
        computed = self.install_columns("sale.order", "trade_merchandiser_id")
        self.assertNotIn("trade_merchandiser_id", computed)
        self.env.cr.execute(
            "SELECT COUNT(*) FROM sale_order WHERE trade_merchandiser_id IS NOT NULL"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        # once a customer has one, the ORM computes the orders' as before
        self.env.cr.execute(
            "UPDATE res_partner SET trade_merchandiser_id = %s WHERE id = %s",
            [merchandiser.id, order.partner_id.commercial_partner_id.id],
        )
        self.env.invalidate_all()
        computed = self.install_columns("sale.order", "trade_merchandiser_id")
        self.assertIn("trade_merchandiser_id", computed)
        self.assertEqual(order.trade_merchandiser_id, merchandiser)
