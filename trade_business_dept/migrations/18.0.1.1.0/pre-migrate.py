"""18.0.1.1.0, before the data is loaded: the partner form's carrier page.

The carrier fields of the partner are now internal (``groups="base.group_user"``)
and the carrier page of the partner form, loaded from the view file with the
shipments, carries the same group. The partner views are loaded first: checked
against the carrier page of the previous version (still without the group),
Odoo would report an access rights inconsistency. The old page is removed
here; the view file creates it again, with its group, in the same update.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM ir_ui_view
         WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'trade_business_dept'
               AND name = 'res_partner_view_form_carrier'
               AND model = 'ir.ui.view'
         )
        """
    )
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'trade_business_dept'
           AND name = 'res_partner_view_form_carrier'
        """
    )
