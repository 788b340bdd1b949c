"""Text the addons write for a person, in that person's language."""

from odoo.tools.i18n import format_list


def join_names(env, names):
    """``names`` joined as an enumeration in the language of ``env`` (the
    reader's: the acting user's for a refusal, the recipient's for a message
    written in his language), through Odoo's own :func:`format_list` (the
    language's list pattern from Unicode CLDR: "A, B, and C" in English,
    "A、B和C" in Chinese)."""
    return format_list(env, [str(name) for name in names])


def company_lang(record):
    """The language of ``record``'s company: the notes written on a shared
    record (an order, a delivery, a contract) are read by the whole
    department, whoever wrote them."""
    company = record.env.company
    if "company_id" in record._fields and record[:1].company_id:
        company = record[:1].company_id
    return company.partner_id.lang or record.env.lang or "en_US"


def in_company_lang(record):
    """``record`` in its company's language (see :func:`company_lang`)."""
    return record.with_context(lang=company_lang(record))
