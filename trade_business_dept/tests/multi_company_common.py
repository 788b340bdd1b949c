from datetime import timedelta

from odoo import fields

#: Rates of the tests: a rate is how much of the currency one unit of the
#: company's currency buys. A month ago 1 USD = 8 CNY, today 1 USD = 6.25 CNY.
RATE_MONTH_AGO = 8.0
RATE_TODAY = 6.25


def second_company(env, name="Trade Multi-company Test", chart=False):
    """A second company keeping its books in CNY when the first one keeps
    them in USD (in USD otherwise), as a trading group runs a Chinese and an
    overseas company, with the rates of both currencies for both companies.

    :param bool chart: load the generic chart of accounts (for invoices)
    :return: ``(company, cny, usd)``
    """
    cny = env.ref("base.CNY")
    usd = env.ref("base.USD")
    (cny | usd).active = True
    first = env.company
    currency = cny if first.currency_id == usd else usd
    company = env["res.company"].create({"name": name, "currency_id": currency.id})
    if chart:
        env["account.chart.template"].try_loading(
            "generic_coa", company=company, install_demo=False
        )
        # the generic chart sets its own currency (USD)
        company.currency_id = currency
    today = fields.Date.today()
    month_ago = today - timedelta(days=30)
    Rate = env["res.currency.rate"]
    for company_rated in first | company:
        Rate.search(
            [
                ("company_id", "=", company_rated.id),
                ("currency_id", "in", (cny | usd).ids),
            ]
        ).unlink()
        for day, usd_in_cny in ((month_ago, RATE_MONTH_AGO), (today, RATE_TODAY)):
            if company_rated.currency_id == cny:
                rate = {"currency_id": usd.id, "rate": 1 / usd_in_cny}
            elif company_rated.currency_id == usd:
                rate = {"currency_id": cny.id, "rate": usd_in_cny}
            else:
                continue
            Rate.create(dict(rate, name=day, company_id=company_rated.id))
    return company, cny, usd


def allowed(record, *companies):
    """``record`` as its user sees it with ``companies`` ticked in the
    company switcher, the first one active."""
    ids = [company.id for company in companies]
    return record.with_context(allowed_company_ids=ids).with_company(ids[0])
