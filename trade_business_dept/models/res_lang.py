import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

#: Language of the Chinese version of the printed documents.
CHINESE = "zh_CN"


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _trade_activate(self, code=CHINESE):
        """Activate the language ``code`` with the translations of the
        installed modules, as *Settings > Languages > Activate* does; nothing
        when it is active already.

        Called on installation and before printing a document in that
        language, so the Chinese contract prints on any database.

        :return: the language (``res.lang``)
        """
        lang = self.sudo().with_context(active_test=False).search([("code", "=", code)])
        if not lang or lang.active:
            return lang
        _logger.info("Activating the language %s and loading its translations", code)
        lang.active = True
        # the module being installed (when called by its installation) too
        modules = (
            self.env["ir.module.module"]
            .sudo()
            .search([("state", "in", ("installed", "to install", "to upgrade"))])
        )
        modules._update_translations([code])
        return lang
