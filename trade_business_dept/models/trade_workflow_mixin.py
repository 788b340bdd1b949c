from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.i18n import format_list


class TradeWorkflowMixin(models.AbstractModel):
    """Fields that only the model's own methods change.

    Workflow and decision fields (the status, who decided or verified and
    when, the revision, stored computed scores and amounts) record what
    happened. Any client can call ``create`` and ``write`` with any field and
    any context (XML-RPC, JSON-RPC, the portal's ``/web/dataset/call_kw``), so
    these fields cannot rely on the buttons alone:

    - a model lists them in :meth:`_trade_workflow_fields` (extend it with
      ``super()`` in another addon);
    - a direct ``create`` or ``write`` that would set one of them is refused
      for every caller but the superuser; writing the value a record already
      has, or creating a record with the field's own default, is accepted, so
      the web client's saves keep working;
    - defaults for them from the context (``default_state``) or from user
      defaults (``ir.default``) are ignored, and a duplicated record starts
      from the field's default again;
    - the model's methods check the role first and then write through
      :meth:`_trade_workflow_write` / :meth:`_trade_workflow_create`, the only
      privileged path: a private method, never a context key.
    """

    _name = "trade.workflow.mixin"
    # the workflow's tracked changes are read in the readers' language
    _inherit = ["trade.reader.lang.mixin"]
    _description = "Fields Changed Only by the Workflow"

    @api.model
    def _trade_workflow_fields(self):
        """Names of the fields that only the model's methods may set.

        :rtype: set
        """
        return set()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        if self.env.su:
            return defaults
        for name in self._trade_workflow_fields().intersection(defaults):
            field = self._fields[name]
            if field.default:
                value = field.default(self)
                value = field.convert_to_cache(value, self, validate=False)
                defaults[name] = field.convert_to_write(value, self)
            else:
                del defaults[name]
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._trade_check_workflow_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._trade_check_workflow_write(vals)
        return super().write(vals)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if not self.env.su:
            protected = self._trade_workflow_fields() - set(default or ())
            for vals in vals_list:
                for name in protected.intersection(vals):
                    del vals[name]
        return vals_list

    # ------------------------------------------------------------------
    # The privileged path
    # ------------------------------------------------------------------
    def _trade_workflow_write(self, vals, access="write"):
        """Write workflow fields, once the calling method checked the role.

        :param str access: the access the acting user needs on the records
            (``"write"``, ``"read"``), or ``None`` when the method's own
            check decides alone (e.g. an approver without write access)
        """
        if access and not self.env.su:
            self.check_access(access)
        return self.sudo().write(vals)

    @api.model
    def _trade_workflow_create(self, vals_list):
        """Create records with workflow fields set, for the calling method.

        :return: the new records, in the caller's environment
        """
        return self.sudo().create(vals_list).with_env(self.env)

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _trade_check_workflow_create(self, vals_list):
        protected = self._trade_workflow_fields()
        refused = set()
        for vals in vals_list:
            for name in protected.intersection(vals):
                if not self._trade_is_workflow_default(name, vals[name]):
                    refused.add(name)
        if refused:
            self._trade_raise_workflow_fields(refused)

    def _trade_check_workflow_write(self, vals):
        refused = {
            name
            for name in self._trade_workflow_fields().intersection(vals)
            if any(
                not record._trade_is_current_value(name, vals[name]) for record in self
            )
        }
        if refused:
            self._trade_raise_workflow_fields(refused)

    @api.model
    def _trade_is_workflow_default(self, name, value):
        """Whether ``value`` is what a new record gets anyway: the field's own
        default, or nothing for a field that has none."""
        field = self._fields[name]
        if field.compute or not field.default:
            return not value
        default = field.convert_to_cache(field.default(self), self, validate=False)
        return field.convert_to_cache(value, self, validate=False) == default

    def _trade_is_current_value(self, name, value):
        """Whether writing ``value`` leaves the field of this record as it is."""
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return False
        current = field.convert_to_cache(self[name], self, validate=False)
        return field.convert_to_cache(value, self, validate=False) == current

    def _trade_raise_workflow_fields(self, names):
        labels = sorted(
            self._fields[name].get_description(self.env)["string"] for name in names
        )
        raise UserError(
            self.env._(
                "On a %(model)s, these fields are set by its buttons (submit, "
                "approve, confirm, close...) and cannot be written directly: "
                "%(fields)s.",
                model=self.env["ir.model"]._get(self._name).name,
                fields=format_list(self.env, labels),
            )
        )
