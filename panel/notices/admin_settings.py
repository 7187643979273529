"""Notice settings for the administrator: company details and the seal image."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_babel import gettext as _

from panel.access.views import RoleView
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.notices import settings
from panel.notices.admin_common import csrf_ok, csrf_token
from panel.notices.kinds import SETTINGS_ROLES


class NoticeSettingsView(RoleView):
    view_roles = SETTINGS_ROLES

    @expose("/", methods=("GET", "POST"))
    def index(self):
        values = None
        errors = {}
        if request.method == "POST" and csrf_ok():
            values = {key: request.form.get(key, "") for key in settings.TEXT_SETTINGS}
            try:
                settings.save_settings(db.session, values)
                upload = request.files.get("seal")
                if upload and upload.filename:
                    settings.save_seal(db.session, upload.read())
                elif request.form.get("remove_seal"):
                    settings.remove_seal(db.session)
                db.session.commit()
            except RuleError as exc:
                db.session.rollback()
                errors[exc.field] = exc.message
                flash(exc.message, "error")
            else:
                flash(_("Notice settings saved."), "success")
                return redirect(url_for(".index"))
        details = settings.company_details(db.session)
        if values is None:
            values = {
                settings.COMPANY_NAME: details.name,
                settings.COMPANY_ADDRESS: details.address,
                settings.HOTLINE: details.hotline,
                settings.REGULATOR_HOTLINES: "\n".join(details.regulator_hotlines),
            }
        fields = [
            (key, label, limit, values.get(key, ""), errors.get(key))
            for key, (label, limit) in settings.TEXT_SETTINGS.items()
        ]
        return self.render(
            "notices/admin/settings.html",
            fields=fields,
            details=details,
            seal_error=errors.get(settings.SEAL_FILE),
            csrf_token=csrf_token(),
        )

    @expose("/seal")
    def seal(self):
        """The current seal image, for the preview on the settings page."""
        path = settings.seal_path(settings.company_details(db.session).seal_file)
        if path is None:
            abort(404)
        return send_file(io.BytesIO(path.read_bytes()), mimetype="image/jpeg", max_age=0)
