from odoo import models

from ..text import company_lang


class TradeReaderLangMixin(models.AbstractModel):
    """What Odoo records on a record, in the language of its readers.

    Odoo's mail tracking keeps the label of a changed selection value, or the
    name of a changed link, as text (``mail.tracking.value.new_value_char``)
    in the language of whoever wrote the change: a stage set by OdooBot's
    scheduled job or by an English-speaking colleague would read "Stage:
    Purchasing" for ever in a Chinese department. The records of the addons
    write that text in their readers' language instead
    (:meth:`_trade_reader_lang`), as the notes the addons post on them.
    """

    _name = "trade.reader.lang.mixin"
    _description = "Tracked Changes in the Readers' Language"

    def _trade_reader_lang(self):
        """The language in which the record's tracked changes and notes are
        written: by default its company's, read by the whole department
        (an order, a delivery, a contract); ``False`` keeps Odoo's (the
        writer's).

        :rtype: str or bool
        """
        self.ensure_one()
        return company_lang(self)

    def _trade_in_reader_lang(self):
        """The record in its readers' language (see
        :meth:`_trade_reader_lang`)."""
        self.ensure_one()
        return self.with_context(lang=self._trade_reader_lang() or self.env.lang)

    def _mail_track(self, tracked_fields, initial_values):
        lang = self._trade_reader_lang()
        if not lang or lang == self.env.lang:
            return super()._mail_track(tracked_fields, initial_values)
        record = self.with_context(lang=lang)
        # the labels of the selection values, and the names of the linked
        # records, old and new, in the readers' language
        tracked_fields = record.fields_get(
            list(tracked_fields),
            attributes=("string", "type", "selection", "currency_field"),
        )
        initial_values = {
            name: (
                value.with_context(lang=lang)
                if isinstance(value, models.BaseModel)
                else value
            )
            for name, value in initial_values.items()
        }
        return super(TradeReaderLangMixin, record)._mail_track(
            tracked_fields, initial_values
        )
