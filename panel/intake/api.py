"""The work-order API ``/api/v1`` (flask-smorest with marshmallow schemas; the OpenAPI document
is served at ``/api/v1/openapi.json``).

Every call carries a token of one source system (``Authorization: Bearer pt_…``), issued by
the administrator: no token or an unknown one is 401, a token of another source is 403. No
session, no cookie, so no CSRF token: the token is the proof. Errors are JSON in the user's
language (Chinese), field by field for a work order that does not validate (422).
"""

from __future__ import annotations

import marshmallow as ma
from flask import g, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import HTTPException

from panel.access.system import INTAKE, system_user
from panel.complaints.models import Complaint
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.intake import operations
from panel.intake.models import Via
from panel.intake.rules import FIELDS, label_of, read_work_order
from panel.public.rules import REPLY_SHOWN

blp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="工单接口：12345、12328、12315、消协、主机厂等来源系统提交和查询投诉工单。",
)
# marshmallow's own messages, in the user's language
SCHEMA_MESSAGES = {
    "Missing data for required field.": _l("This field is required."),
    "Not a valid string.": _l("Must be text."),
    "Field may not be null.": _l("This field may not be empty."),
    "Unknown field.": _l("Unknown field."),
    "Invalid input type.": _l("The request body must be a JSON object."),
}


def _text(description: str, required: bool = False) -> ma.fields.String:
    return ma.fields.String(
        required=required, allow_none=not required, metadata={"description": description}
    )


class WorkOrderIn(ma.Schema):
    source = _text("来源代码：12345、12328、12315、消协、主机厂、微信公众号……", required=True)
    ticket_no = _text("来源系统的工单编号（与来源一起唯一标识工单）", required=True)
    received_at = _text("受理时间，ISO 8601，如 2026-12-01T09:30:00+08:00")
    reply_due_at = _text("来源要求的答复期限，ISO 8601")
    complainant_name = _text("投诉人姓名", required=True)
    phone = _text("联系电话：手机号、带区号的固定电话或 400/800 号码")
    plate_number = _text("车牌号，如 川A12345")
    address = _text("联系地址")
    content = _text("投诉内容", required=True)
    demand = _text("投诉人诉求")
    category = _text("投诉类别（可选，代码或中文名称）")


class WorkOrderOut(ma.Schema):
    result = ma.fields.String(
        metadata={"description": "created 新登记 / unchanged 已存在 / updated 已更新"}
    )
    source = ma.fields.String()
    ticket_no = ma.fields.String()
    complaint_number = ma.fields.String(metadata={"description": "投诉编号，如 TS-20261201-0001"})
    status = ma.fields.String(metadata={"description": "处理状态代码"})
    status_label = ma.fields.String(metadata={"description": "处理状态（中文）"})
    received_at = ma.fields.DateTime()
    reply_due_at = ma.fields.DateTime(allow_none=True)
    reply = ma.fields.String(allow_none=True, metadata={"description": "审批通过的答复内容"})
    replied_at = ma.fields.DateTime(allow_none=True)
    changes = ma.fields.List(ma.fields.String(), metadata={"description": "本次更新的字段"})


class ErrorOut(ma.Schema):
    code = ma.fields.Integer()
    error = ma.fields.String()
    fields = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String())


def _error(status: int, message: str, fields: dict | None = None):
    body = {"code": status, "error": message}
    if fields:
        body["fields"] = fields
    return jsonify(body), status


@blp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    if error.code == 422:
        messages = (getattr(error, "data", None) or {}).get("messages", {}).get("json", {})
        return _error(
            422,
            _("The work order has errors; correct the fields and send it again."),
            _field_messages(messages),
        )
    if error.code == 400:
        return _error(400, _("The request body is not valid JSON."))
    return _error(error.code or 500, error.description or error.name)


def _field_messages(messages) -> dict[str, str]:
    if not isinstance(messages, dict):
        return {"_schema": str(SCHEMA_MESSAGES.get(str(messages), messages))}
    out = {}
    for name, problems in messages.items():
        texts = problems if isinstance(problems, list) else [problems]
        text = "；".join(str(SCHEMA_MESSAGES.get(str(t), t)) for t in texts)
        out[name] = f"{label_of(name)}：{text}" if name in FIELDS else text
    return out


@blp.before_request
def _authenticate():
    header = request.headers.get("Authorization", "")
    secret = (
        header[7:].strip()
        if header[:7].lower() == "bearer "
        else request.headers.get("X-Api-Token")
    )
    token = operations.token_for(db.session, secret)
    if token is None or not token.source.active:
        return _error(401, _("A valid API token is required (Authorization: Bearer …)."))
    g.api_token = token


def _refuse_other_source(code: str):
    return _error(
        403,
        _(
            "This token may only send work orders of source “%(source)s”.",
            source=g.api_token.source.code,
        ),
    )


def _describe(work_order, result: str | None = None, changes=()) -> dict:
    complaint: Complaint = work_order.complaint
    shown = complaint.status in REPLY_SHOWN and (complaint.reply_content or "").strip()
    return {
        "result": result,
        "source": work_order.source.code,
        "ticket_no": work_order.ticket_no,
        "complaint_number": complaint.number,
        "status": complaint.status.value,
        "status_label": str(complaint.status.label),
        "received_at": complaint.received_at,
        "reply_due_at": work_order.reply_due_at,
        "reply": complaint.reply_content.strip() if shown else None,
        "replied_at": complaint.regulator_replied_at or complaint.replied_at if shown else None,
        "changes": sorted(changes),
    }


@blp.route("/work-orders", methods=["POST"])
@blp.arguments(WorkOrderIn)
@blp.response(200, WorkOrderOut, description="已存在（未变）或已更新的工单")
@blp.alt_response(201, schema=WorkOrderOut, description="新登记的工单")
@blp.alt_response(401, schema=ErrorOut, description="缺少或无效的令牌")
@blp.alt_response(403, schema=ErrorOut, description="令牌不属于该来源")
def post_work_order(args):
    """提交工单：同一来源、同一工单编号只登记一次；内容变化时记为更新。"""
    token = g.api_token
    if args["source"].strip() != token.source.code:
        return _refuse_other_source(args["source"])
    data = read_work_order(args)
    if data.errors:
        return _error(
            422, _("The work order has errors; correct the fields and send it again."), data.errors
        )
    try:
        received = operations.receive(
            db.session, token.source, data, system_user(db.session, INTAKE), Via.API, token
        )
        answer = _describe(received.work_order, received.result, received.changes)
        db.session.commit()
    except RuleError as exc:
        db.session.rollback()
        fields = {exc.field: exc.message} if exc.field else None
        return _error(422, exc.message, fields)
    status = 201 if received.result == operations.CREATED else 200
    return answer, status  # described before the commit: no reload of what was just written


@blp.route("/work-orders/<source>/<path:ticket_no>", methods=["GET"])
@blp.response(200, WorkOrderOut)
@blp.alt_response(404, schema=ErrorOut, description="没有该工单")
def get_work_order(source: str, ticket_no: str):
    """查询工单：处理状态；审批通过后附答复内容，供回复来源单位。"""
    token = g.api_token
    if source != token.source.code:
        return _refuse_other_source(source)
    work_order = operations.work_order_of(db.session, token.source, ticket_no)
    if work_order is None:
        return _error(404, _("No work order %(ticket)s of this source.", ticket=ticket_no))
    db.session.commit()  # the token's last use
    return _describe(work_order)


class PanelApi(Api):
    """flask-smorest's Api, whose errors stay JSON within the API: its app-wide handler would
    turn every HTML error page of the panel into JSON."""

    def _register_error_handlers(self):
        pass


def init_api(app) -> PanelApi:
    app.config.setdefault("API_TITLE", "投诉工单接口")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = PanelApi(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.register_blueprint(blp)
    api.spec.options["security"] = [{"bearerAuth": []}]
    return api
