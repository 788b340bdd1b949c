from unittest.mock import patch


class Interrupted(Exception):
    """A batch that never ends: a killed worker, a lost connection."""


class CronBatchesMixin:
    """Calling a scheduled job as Odoo's ``ir.cron`` does, for the tests of
    the jobs' batches (issue 18.1). Set the system parameter
    ``trade_business_dept.cron.time_budget`` to a tiny value for one batch
    per call."""

    def _call(self, xmlid, method, **kwargs):
        """One call of the job as ``ir.cron._run_job`` makes it, with a
        progress record: ``(result, done, remaining)``."""
        cron, progress = self.env.ref(xmlid)._add_progress()
        model = cron.env[cron.model_id.model]
        result = getattr(model, method)(**kwargs)
        return result, progress.done, progress.remaining

    def _run(self, xmlid, method, **kwargs):
        """Call the job until it reports nothing left, as Odoo's cron does:
        the list of ``(done, remaining)`` of each call."""
        calls = []
        for _call in range(500):
            __, done, remaining = self._call(xmlid, method, **kwargs)
            calls.append((done, remaining))
            if not remaining:
                return calls
        self.fail(f"{method} still reports work left after 500 calls")

    def _recording(self, model, method):
        """Patch ``method`` of ``model`` to record the ids of each call."""
        cls = type(self.env[model])
        original = getattr(cls, method)
        batches = []

        def recording(records, *args, **kwargs):
            batches.append(set(records.ids))
            return original(records, *args, **kwargs)

        return patch.object(cls, method, recording), batches
