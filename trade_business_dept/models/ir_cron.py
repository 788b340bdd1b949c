import logging
import threading
import time

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# seconds of batches one call of a job runs before it hands back to Odoo,
# which calls it again (up to 10 times a round, then re-schedules it at once)
DEFAULT_TIME_BUDGET = 5.0
PARAM_PREFIX = "trade_business_dept.cron"


class IrCron(models.Model):
    """The batches of the trade addons' scheduled jobs (style rule 27).

    A job is a list of steps. A step selects its next batch by the state of
    the records (a flag, a date, the number of the run that last checked
    them, never an offset), processes it and says how much is left. After
    each batch the job commits (outside tests) and reports its progress with
    ``_notify_progress``; after the time budget of the call it returns with
    what is left, and Odoo's ``ir.cron`` calls it again until nothing is
    left. A job interrupted midway starts again where it stopped: the
    committed batches are no longer selected.

    System parameters: ``trade_business_dept.cron.batch_size`` (all jobs)
    or ``trade_business_dept.cron.<job>.batch_size``, and
    ``trade_business_dept.cron.time_budget`` (seconds per call, default 5).
    """

    _inherit = "ir.cron"

    @api.model
    def _trade_param(self, name, job=None):
        params = self.env["ir.config_parameter"].sudo()
        keys = [f"{PARAM_PREFIX}.{job}.{name}"] if job else []
        for key in [*keys, f"{PARAM_PREFIX}.{name}"]:
            value = params.get_param(key)
            if value:
                try:
                    number = float(value)
                except ValueError:
                    _logger.warning("System parameter %s is not a number", key)
                    continue
                if number > 0:
                    return number
        return None

    @api.model
    def _trade_batch_size(self, job, default, batch_size=None):
        """The batch size of ``job``: the argument, else the system
        parameter, else ``default``."""
        return int(batch_size or self._trade_param("batch_size", job) or default)

    @api.model
    def _trade_run_number(self, job):
        """The number of the current run of ``job``: a new number unless the
        previous run did not finish. Steps mark the records they checked
        with it, so that an interrupted run does not check them again."""
        params = self.env["ir.config_parameter"].sudo()
        key = f"{PARAM_PREFIX}.{job}.run"
        number, __, state = (params.get_param(key) or "0 done").partition(" ")
        number = int(number)
        if state != "open":
            number += 1
            params.set_param(key, f"{number} open")
        return number

    @api.model
    def _trade_end_run(self, job, number):
        self.env["ir.config_parameter"].sudo().set_param(
            f"{PARAM_PREFIX}.{job}.run", f"{number} done"
        )

    @api.model
    def _trade_mark_run(self, records, field_name, value):
        """Set ``field_name`` of ``records`` to ``value`` (the run of a job that
        checked them, a pending flag): a technical
        marker written in one query (no write date, no tracking, no lock
        beyond the batch's rows)."""
        if not records:
            return
        records.flush_recordset([field_name])
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = %s WHERE id = ANY(%s)",
                SQL.identifier(records._table),
                SQL.identifier(field_name),
                value,
                records.ids,
            )
        )
        records.invalidate_recordset([field_name])

    @api.model
    def _trade_next_batch(self, model, domain, size, memory, field_names=()):
        """The next ``size`` records of ``model`` matching ``domain``, in the
        order of their ids, after the last batch of this call.

        Within a call the batches follow each other by id (a keyset), so
        that a batch reads only the records after the previous one instead
        of walking again past every record already done (at 200,000 orders
        the done ones would make each batch slower than the one before). A
        record done or not is still decided by its state: the next call
        starts from the first id again, and picks up a record that became
        due behind the cursor.

        :param dict memory: the step's memory for the duration of the call
        """
        after = memory.get("after", 0)
        batch = model.search_fetch(
            [*domain, ("id", ">", after)], list(field_names), limit=size, order="id"
        )
        if batch:
            memory["after"] = batch.ids[-1]
        return batch

    @api.model
    def _trade_batch_step(self, model, domain, size, process, field_names=()):
        """A step of a job (see :meth:`_trade_run_batches`) over the records
        of ``model`` that match ``domain``, ``size`` at a time in the order
        of their ids (:meth:`_trade_next_batch`).

        :param process: callable doing the work of a batch; it takes the
            batch's records out of ``domain`` (a state, a date, the mark of
            the run), so that an interrupted run does not redo them
        :param field_names: the fields to read with the batch
        :return: the step
        """
        memory = {}

        def step():
            batch = self._trade_next_batch(model, domain, size, memory, field_names)
            if batch:
                process(batch)
            return len(batch), self._trade_left(model, domain, memory, batch, size)

        return step

    @api.model
    def _trade_left(self, model, domain, counter, batch, size):
        """What is left of a step after ``batch``: counted once per call of
        the job (a count over every record is not free at 200,000 orders),
        then decreased by each batch; nothing when the batch was not full.

        :param dict counter: the step's memory for the duration of the call
        """
        if len(batch) < size:
            return 0
        if "left" not in counter:
            counter["left"] = model.search_count(domain)
        else:
            counter["left"] -= len(batch)
        return max(counter["left"], 1)

    @api.model
    def _trade_batch_done(self, done, remaining):
        """Report the progress and commit the batch (outside tests): one
        batch per transaction, no lock held for longer."""
        self._notify_progress(done=done, remaining=remaining)
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _trade_run_batches(self, job, steps, time_budget=None):
        """Run the ``steps`` of ``job`` a batch at a time.

        :param list steps: callables without argument that process the next
            batch of their step and return ``(processed, remaining)``
        :param float time_budget: seconds after which the call returns with
            the work left (the system parameter, else 5 s)
        :return: the number of tasks left (0 when the job is done)
        """
        budget = time_budget or self._trade_param("time_budget") or DEFAULT_TIME_BUDGET
        deadline = time.monotonic() + budget
        done = 0
        for index, step in enumerate(steps, 1):
            more_steps = len(steps) - index
            while True:
                processed, remaining = step()
                done += processed
                self._trade_batch_done(done, remaining + more_steps)
                if not remaining:
                    break
                if not processed:
                    _logger.warning(
                        "Job %s: a step left %s tasks it cannot process",
                        job,
                        remaining,
                    )
                    break
                if time.monotonic() >= deadline:
                    return remaining + more_steps
        return 0
