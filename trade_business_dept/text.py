"""Text the addons write for a person, in that person's language."""

#: The separator of an enumeration, by language: Chinese enumerates with the
#: enumeration comma (顿号), other languages with a comma and a space.
LIST_SEPARATORS = {"zh": "、", "ja": "、"}


def join_names(env, names):
    """``names`` joined as an enumeration in the language of ``env`` (the
    reader's: the acting user's for a refusal, the recipient's for a message
    written in his language)."""
    lang = (env.lang or "en_US").split("_")[0]
    return LIST_SEPARATORS.get(lang, ", ").join(str(name) for name in names)


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
