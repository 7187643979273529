"""Every URL of the panel, for every role and for an anonymous visitor, answers as the table
below says. A URL missing from the table fails the test: new pages must be classified here.

The walk fills URL parameters from one set of fixture rows (:func:`walk.build_world`), asks
each GET, then each POST twice: without the CSRF token (nothing may change, whatever the
role) and with a valid token and an empty form. Bulk actions are tried one by one: only the
roles that may take them change anything. Each role's walk is rolled back before the next.

Answers: ``200``; ``403`` refused; ``404`` no such row for this user; ``400`` bad request;
``401`` failed login; ``302`` a redirect within the panel (a form saved, or a row out of
reach, with a message); ``login`` a redirect to the login page.
"""

from __future__ import annotations

from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token, login
from tests.fixtures.people import user_of
from tests.security.walk import (
    action_rows,
    answer,
    build_world,
    data_changes,
    requests,
    rolled_back,
)

COLUMNS = ["anonymous", *(role.value for role in Role)]
MANAGERS = {"dept_manager", "service_manager", "general_manager"}

TABLE = """
# endpoint                            method anon  clerk advis dept  serv  gm    audit admin
admin.index                           GET    login 200   200   200   200   200   200   200
admin.static                          GET    200   200   200   200   200   200   200   200
appeal.action_view                    POST   login 302   302   302   302   302   302   403
appeal.ajax_lookup                    GET    login 404   404   404   404   404   404   403
appeal.ajax_update                    POST   login 403   403   400   400   400   403   403
appeal.create_view                    GET    login 200   200   200   200   200   403   403
appeal.create_view                    POST   login 200   200   200   200   200   403   403
appeal.delete_view                    POST   login 403   403   403   403   403   403   403
appeal.details_view                   GET    login 200   302   200   200   200   200   403
appeal.edit_view                      GET    login 403   403   200   200   200   403   403
appeal.edit_view                      POST   login 403   403   302   302   302   403   403
appeal.export                         GET    login 200   200   200   200   200   200   403
appeal.index_view                     GET    login 200   200   200   200   200   200   403
approval.index_view                   GET    login 403   403   200   200   200   403   403
approval.screen_view                  GET    login 403   403   200   200   200   403   403
audit.action_view                     POST   login 403   403   302   302   302   302   302
audit.ajax_lookup                     GET    login 403   403   404   404   404   404   404
audit.ajax_update                     POST   login 403   403   403   403   403   403   403
audit.create_view                     GET    login 403   403   403   403   403   403   403
audit.create_view                     POST   login 403   403   403   403   403   403   403
audit.delete_view                     POST   login 403   403   403   403   403   403   403
audit.details_view                    GET    login 403   403   200   200   200   200   200
audit.edit_view                       GET    login 403   403   403   403   403   403   403
audit.edit_view                       POST   login 403   403   403   403   403   403   403
audit.export                          GET    login 403   403   200   200   200   200   200
audit.index_view                      GET    login 403   403   200   200   200   200   200
auth.login                            GET    200   302   302   302   302   302   302   302
auth.login                            POST   401   302   302   302   302   302   302   302
auth.logout                           POST   login login login login login login login login
authority.action_view                 POST   login 403   403   302   302   302   302   302
authority.ajax_lookup                 GET    login 403   403   404   404   404   404   404
authority.ajax_update                 POST   login 403   403   403   403   403   403   400
authority.create_view                 GET    login 403   403   403   403   403   403   200
authority.create_view                 POST   login 403   403   403   403   403   403   200
authority.delete_view                 POST   login 403   403   403   403   403   403   302
authority.details_view                GET    login 403   403   200   200   200   200   200
authority.edit_view                   GET    login 403   403   403   403   403   403   200
authority.edit_view                   POST   login 403   403   403   403   403   403   200
authority.export                      GET    login 403   403   200   200   200   200   200
authority.index_view                  GET    login 403   403   200   200   200   200   200
commendation.action_view              POST   login 302   403   302   302   302   302   403
commendation.ajax_lookup              GET    login 404   403   404   404   404   404   403
commendation.ajax_update              POST   login 400   403   400   400   400   403   403
commendation.create_view              GET    login 200   403   200   200   200   403   403
commendation.create_view              POST   login 200   403   200   200   200   403   403
commendation.delete_view              POST   login 403   403   403   403   403   403   403
commendation.details_view             GET    login 200   403   200   200   200   200   403
commendation.edit_view                GET    login 200   403   200   200   200   403   403
commendation.edit_view                POST   login 200   403   200   200   200   403   403
commendation.export                   GET    login 200   403   200   200   200   200   403
commendation.index_view               GET    login 200   403   200   200   200   200   403
complaint.action_view                 POST   login 302   302   302   302   302   302   302
complaint.ajax_lookup                 GET    login 404   404   404   404   404   404   404
complaint.ajax_update                 POST   login 400   400   400   400   400   403   403
complaint.attachment_view             GET    login 200   200   200   200   200   200   200
complaint.classify_view               POST   login 200   200   200   200   200   403   403
complaint.create_view                 GET    login 200   200   200   200   200   403   403
complaint.create_view                 POST   login 200   200   200   200   200   403   403
complaint.delete_view                 POST   login 403   403   403   403   403   403   403
complaint.details_view                GET    login 200   200   200   200   200   200   200
complaint.edit_view                   GET    login 200   200   200   200   200   403   403
complaint.edit_view                   POST   login 200   200   200   200   200   403   403
complaint.export                      GET    login 200   200   200   200   200   200   200
complaint.index_view                  GET    login 200   200   200   200   200   200   200
complaint.reveal_phone_view           POST   login 403   403   200   200   200   200   403
complaint.step_view                   POST   login 400   400   400   400   400   400   400
complaint.upload_view                 POST   login 302   302   302   302   302   403   403
csp.csp_report                        POST   204   204   204   204   204   204   204   204
department.action_view                POST   login 302   302   302   302   302   302   302
department.ajax_lookup                GET    login 404   404   404   404   404   404   404
department.ajax_update                POST   login 403   403   403   403   403   403   400
department.create_view                GET    login 403   403   403   403   403   403   200
department.create_view                POST   login 403   403   403   403   403   403   200
department.delete_view                POST   login 403   403   403   403   403   403   302
department.details_view               GET    login 200   200   200   200   200   200   200
department.edit_view                  GET    login 403   403   403   403   403   403   200
department.edit_view                  POST   login 403   403   403   403   403   403   200
department.export                     GET    login 200   200   200   200   200   200   200
department.index_view                 GET    login 200   200   200   200   200   200   200
i18n.switch_language                  GET    302   302   302   302   302   302   302   302
index                                 GET    302   302   302   302   302   302   302   302
intake.action_view                    POST   login 403   403   302   302   302   302   302
intake.ajax_lookup                    GET    login 403   403   404   404   404   404   404
intake.ajax_update                    POST   login 403   403   400   400   400   403   400
intake.create_view                    GET    login 403   403   200   200   200   403   200
intake.create_view                    POST   login 403   403   200   200   200   403   200
intake.delete_view                    POST   login 403   403   403   302   302   403   302
intake.details_view                   GET    login 403   403   200   200   200   200   200
intake.edit_view                      GET    login 403   403   200   200   200   403   200
intake.edit_view                      POST   login 403   403   200   200   200   403   200
intake.export                         GET    login 403   403   200   200   200   200   200
intake.index_view                     GET    login 403   403   200   200   200   200   200
ledger.export_view                    GET    login 200   200   200   200   200   200   403
ledger.index_view                     GET    login 200   200   200   200   200   200   403
ledger.print_view                     GET    login 200   200   200   200   200   200   403
ledger.review_view                    POST   login 302   302   302   302   302   302   403
notice.action_view                    POST   login 302   403   302   302   302   302   403
notice.ajax_lookup                    GET    login 404   403   404   404   404   404   403
notice.ajax_update                    POST   login 403   403   403   403   403   403   403
notice.create_view                    GET    login 403   403   403   403   403   403   403
notice.create_view                    POST   login 403   403   403   403   403   403   403
notice.delete_view                    POST   login 403   403   403   403   403   403   403
notice.details_view                   GET    login 200   403   200   200   200   200   403
notice.download                       GET    login 200   403   200   200   200   200   403
notice.edit_view                      GET    login 403   403   403   403   403   403   403
notice.edit_view                      POST   login 403   403   403   403   403   403   403
notice.export                         GET    login 200   403   200   200   200   200   403
notice.index_view                     GET    login 200   403   200   200   200   200   403
notice_batch.index                    GET    login 302   403   302   302   302   403   403
notice_batch.kind                     POST   login 302   403   404   404   404   403   403
notice_batch.pdf                      GET    login 404   403   404   404   404   403   403
notice_batch.show                     GET    login 200   403   404   404   404   403   403
notice_batch.step                     POST   login 302   403   404   404   404   403   403
notice_issue.complaint                GET    login 200   403   200   200   200   403   403
notice_issue.find                     GET    login 302   403   302   302   302   403   403
notice_issue.index                    GET    login 200   403   200   200   200   403   403
notice_issue.issue                    POST   login 400   403   400   400   400   403   403
notice_issue.ledger                   POST   login 403   403   302   302   302   403   403
notice_settings.index                 GET    login 403   403   403   403   403   403   200
notice_settings.index                 POST   login 403   403   403   403   403   403   200
notice_settings.seal                  GET    login 403   403   403   403   403   403   404
offence.action_view                   POST   login 403   403   302   302   302   302   302
offence.ajax_lookup                   GET    login 403   403   404   404   404   404   404
offence.ajax_update                   POST   login 403   403   403   403   403   403   400
offence.create_view                   GET    login 403   403   403   403   403   403   200
offence.create_view                   POST   login 403   403   403   403   403   403   200
offence.delete_view                   POST   login 403   403   403   403   403   403   403
offence.details_view                  GET    login 403   403   200   200   200   200   200
offence.edit_view                     GET    login 403   403   403   403   403   403   200
offence.edit_view                     POST   login 403   403   403   403   403   403   200
offence.export                        GET    login 403   403   200   200   200   200   200
offence.index_view                    GET    login 403   403   200   200   200   200   200
penalty.action_view                   POST   login 403   403   302   302   302   302   403
penalty.ajax_lookup                   GET    login 403   403   404   404   404   404   403
penalty.ajax_update                   POST   login 403   403   400   400   400   403   403
penalty.create_view                   GET    login 403   403   200   200   403   403   403
penalty.create_view                   POST   login 403   403   200   200   403   403   403
penalty.delete_view                   POST   login 403   403   403   403   403   403   403
penalty.details_view                  GET    login 403   403   200   200   200   200   403
penalty.edit_view                     GET    login 403   403   200   200   200   403   403
penalty.edit_view                     POST   login 403   403   200   200   200   403   403
penalty.export                        GET    login 403   403   200   200   200   200   403
penalty.index_view                    GET    login 403   403   200   200   200   200   403
penalty_summary.index                 GET    login 403   403   403   200   200   200   403
recovery.action_view                  POST   login 403   403   302   302   302   302   403
recovery.ajax_lookup                  GET    login 403   403   404   404   404   404   403
recovery.ajax_update                  POST   login 403   403   400   400   400   403   403
recovery.create_view                  GET    login 403   403   200   200   200   403   403
recovery.create_view                  POST   login 403   403   200   200   200   403   403
recovery.delete_view                  POST   login 403   403   403   403   403   403   403
recovery.details_view                 GET    login 403   403   200   200   200   200   403
recovery.edit_view                    GET    login 403   403   200   200   200   403   403
recovery.edit_view                    POST   login 403   403   200   200   200   403   403
recovery.export                       GET    login 403   403   200   200   200   200   403
recovery.index_view                   GET    login 403   403   200   200   200   200   403
remedy.action_view                    POST   login 302   302   302   302   302   302   302
remedy.ajax_lookup                    GET    login 404   404   404   404   404   404   404
remedy.ajax_update                    POST   login 403   400   400   400   400   403   403
remedy.create_view                    GET    login 403   200   200   200   200   403   403
remedy.create_view                    POST   login 403   200   200   200   200   403   403
remedy.delete_view                    POST   login 403   403   403   403   403   403   403
remedy.details_view                   GET    login 200   200   200   200   200   200   200
remedy.edit_view                      GET    login 403   200   200   200   200   403   403
remedy.edit_view                      POST   login 403   200   200   200   200   403   403
remedy.export                         GET    login 200   200   200   200   200   200   200
remedy.index_view                     GET    login 200   200   200   200   200   200   200
reports.index                         GET    login 403   403   200   200   200   200   403
reports.summary                       GET    login 403   403   200   200   200   200   403
responsibility.action_view            POST   login 302   302   302   302   302   302   403
responsibility.ajax_lookup            GET    login 404   404   404   404   404   404   403
responsibility.ajax_update            POST   login 403   400   400   400   400   403   403
responsibility.create_view            GET    login 403   200   200   200   200   403   403
responsibility.create_view            POST   login 403   200   200   200   200   403   403
responsibility.delete_view            POST   login 403   302   302   302   302   403   403
responsibility.details_view           GET    login 200   200   200   200   200   200   403
responsibility.edit_view              GET    login 403   200   200   200   200   403   403
responsibility.edit_view              POST   login 403   200   200   200   200   403   403
responsibility.export                 GET    login 200   200   200   200   200   200   403
responsibility.index_view             GET    login 200   200   200   200   200   200   403
setting.action_view                   POST   login 403   403   302   302   302   302   302
setting.ajax_lookup                   GET    login 403   403   404   404   404   404   404
setting.ajax_update                   POST   login 403   403   403   403   403   403   400
setting.create_view                   GET    login 403   403   403   403   403   403   403
setting.create_view                   POST   login 403   403   403   403   403   403   403
setting.delete_view                   POST   login 403   403   403   403   403   403   403
setting.details_view                  GET    login 403   403   200   200   200   200   200
setting.edit_view                     GET    login 403   403   403   403   403   403   200
setting.edit_view                     POST   login 403   403   403   403   403   403   302
setting.export                        GET    login 403   403   200   200   200   200   200
setting.index_view                    GET    login 403   403   200   200   200   200   200
sla.action_view                       POST   login 403   403   302   302   302   302   302
sla.ajax_lookup                       GET    login 403   403   404   404   404   404   404
sla.ajax_update                       POST   login 403   403   403   403   403   403   400
sla.create_view                       GET    login 403   403   403   403   403   403   200
sla.create_view                       POST   login 403   403   403   403   403   403   200
sla.delete_view                       POST   login 403   403   403   403   403   403   302
sla.details_view                      GET    login 403   403   200   200   200   200   200
sla.edit_view                         GET    login 403   403   403   403   403   403   200
sla.edit_view                         POST   login 403   403   403   403   403   403   200
sla.export                            GET    login 403   403   200   200   200   200   200
sla.index_view                        GET    login 403   403   200   200   200   200   200
staff.action_view                     POST   login 302   302   302   302   302   302   302
staff.ajax_lookup                     GET    login 404   404   404   404   404   404   404
staff.ajax_update                     POST   login 403   403   403   403   403   403   400
staff.create_view                     GET    login 403   403   403   403   403   403   200
staff.create_view                     POST   login 403   403   403   403   403   403   200
staff.delete_view                     POST   login 403   403   403   403   403   403   302
staff.details_view                    GET    login 200   200   200   200   200   200   200
staff.edit_view                       GET    login 403   403   403   403   403   403   200
staff.edit_view                       POST   login 403   403   403   403   403   403   200
staff.export                          GET    login 200   200   200   200   200   200   200
staff.index_view                      GET    login 200   200   200   200   200   200   200
staff_ledger.index                    GET    login 403   403   200   200   200   200   403
staff_ledger.person                   GET    login 403   403   200   200   200   200   403
user.action_view                      POST   login 403   403   403   403   403   403   302
user.ajax_lookup                      GET    login 403   403   403   403   403   403   404
user.ajax_update                      POST   login 403   403   403   403   403   403   400
user.create_view                      GET    login 403   403   403   403   403   403   200
user.create_view                      POST   login 403   403   403   403   403   403   200
user.delete_view                      POST   login 403   403   403   403   403   403   403
user.details_view                     GET    login 403   403   403   403   403   403   200
user.edit_view                        GET    login 403   403   403   403   403   403   200
user.edit_view                        POST   login 403   403   403   403   403   403   200
user.export                           GET    login 403   403   403   403   403   403   200
user.index_view                       GET    login 403   403   403   403   403   403   200
work_calendar.action_view             POST   login 403   403   302   302   302   302   302
work_calendar.ajax_lookup             GET    login 403   403   404   404   404   404   404
work_calendar.ajax_update             POST   login 403   403   403   403   403   403   400
work_calendar.create_view             GET    login 403   403   403   403   403   403   200
work_calendar.create_view             POST   login 403   403   403   403   403   403   200
work_calendar.delete_view             POST   login 403   403   403   403   403   403   403
work_calendar.details_view            GET    login 403   403   200   200   200   200   200
work_calendar.edit_view               GET    login 403   403   403   403   403   403   200
work_calendar.edit_view               POST   login 403   403   403   403   403   403   200
work_calendar.export                  GET    login 403   403   200   200   200   200   200
work_calendar.index_view              GET    login 403   403   200   200   200   200   200
work_day.action_view                  POST   login 403   403   302   302   302   302   302
work_day.ajax_lookup                  GET    login 403   403   404   404   404   404   404
work_day.ajax_update                  POST   login 403   403   403   403   403   403   400
work_day.create_view                  GET    login 403   403   403   403   403   403   200
work_day.create_view                  POST   login 403   403   403   403   403   403   200
work_day.delete_view                  POST   login 403   403   403   403   403   403   302
work_day.details_view                 GET    login 403   403   200   200   200   200   200
work_day.edit_view                    GET    login 403   403   403   403   403   403   200
work_day.edit_view                    POST   login 403   403   403   403   403   403   200
work_day.export                       GET    login 403   403   200   200   200   200   200
work_day.import_view                  POST   login 403   403   403   403   403   403   302
work_day.index_view                   GET    login 403   403   200   200   200   200   200
work_hours.action_view                POST   login 403   403   302   302   302   302   302
work_hours.ajax_lookup                GET    login 403   403   404   404   404   404   404
work_hours.ajax_update                POST   login 403   403   403   403   403   403   400
work_hours.create_view                GET    login 403   403   403   403   403   403   200
work_hours.create_view                POST   login 403   403   403   403   403   403   200
work_hours.delete_view                POST   login 403   403   403   403   403   403   302
work_hours.details_view               GET    login 403   403   200   200   200   200   200
work_hours.edit_view                  GET    login 403   403   403   403   403   403   200
work_hours.edit_view                  POST   login 403   403   403   403   403   403   200
work_hours.export                     GET    login 403   403   200   200   200   200   200
work_hours.index_view                 GET    login 403   403   200   200   200   200   200
api-docs.openapi_json                 GET    200   200   200   200   200   200   200   200
api.get_work_order                    GET    401   401   401   401   401   401   401   401
api.post_work_order                   POST   401   401   401   401   401   401   401   401
api_token.action_view                 POST   login 403   403   403   403   403   403   302
api_token.ajax_lookup                 GET    login 403   403   403   403   403   403   404
api_token.ajax_update                 POST   login 403   403   403   403   403   403   403
api_token.create_view                 GET    login 403   403   403   403   403   403   200
api_token.create_view                 POST   login 403   403   403   403   403   403   200
api_token.delete_view                 POST   login 403   403   403   403   403   403   403
api_token.details_view                GET    login 403   403   403   403   403   403   302
api_token.edit_view                   GET    login 403   403   403   403   403   403   403
api_token.edit_view                   POST   login 403   403   403   403   403   403   403
api_token.export                      GET    login 403   403   403   403   403   403   200
api_token.index_view                  GET    login 403   403   403   403   403   403   200
intake_history.index                  GET    login 200   200   200   200   200   403   403
intake_source.action_view             POST   login 403   403   403   403   403   403   302
intake_source.ajax_lookup             GET    login 403   403   403   403   403   403   404
intake_source.ajax_update             POST   login 403   403   403   403   403   403   400
intake_source.create_view             GET    login 403   403   403   403   403   403   200
intake_source.create_view             POST   login 403   403   403   403   403   403   200
intake_source.delete_view             POST   login 403   403   403   403   403   403   403
intake_source.details_view            GET    login 403   403   403   403   403   403   200
intake_source.edit_view               GET    login 403   403   403   403   403   403   200
intake_source.edit_view               POST   login 403   403   403   403   403   403   200
intake_source.export                  GET    login 403   403   403   403   403   403   200
intake_source.index_view              GET    login 403   403   403   403   403   403   200
intake_upload.index                   GET    login 200   403   200   200   200   403   403
intake_upload.index                   POST   login 302   403   302   302   302   403   403
intake_upload.preview                 GET    login 404   403   404   404   404   403   403
intake_upload.run_import              POST   login 404   403   404   404   404   403   403
public.complain                       GET    200   200   200   200   200   200   200   200
public.complain                       POST   400   400   400   400   400   400   400   400
public.complain_done                  GET    302   302   302   302   302   302   302   302
public.survey                         GET    404   404   404   404   404   404   404   404
public.survey                         POST   404   404   404   404   404   404   404   404
public.track                          GET    200   200   200   200   200   200   200   200
public.track                          POST   400   400   400   400   400   400   400   400
public.track_survey                   POST   302   302   302   302   302   302   302   302
inbox.index_view                      GET    login 200   200   200   200   200   200   200
inbox.open_view                       POST   login 302   302   302   302   302   302   302
inbox.read_all_view                   POST   login 302   302   302   302   302   302   302
notifications.unread                  GET    401   200   200   200   200   200   200   200
notification_address.action_view      POST   login 403   403   403   403   403   403   302
notification_address.ajax_lookup      GET    login 403   403   403   403   403   403   404
notification_address.ajax_update      POST   login 403   403   403   403   403   403   400
notification_address.create_view      GET    login 403   403   403   403   403   403   200
notification_address.create_view      POST   login 403   403   403   403   403   403   200
notification_address.delete_view      POST   login 403   403   403   403   403   403   302
notification_address.details_view     GET    login 403   403   403   403   403   403   302
notification_address.edit_view        GET    login 403   403   403   403   403   403   302
notification_address.edit_view        POST   login 403   403   403   403   403   403   302
notification_address.export           GET    login 403   403   403   403   403   403   200
notification_address.index_view       GET    login 403   403   403   403   403   403   200
notification_delivery.action_view     POST   login 403   403   403   403   403   403   302
notification_delivery.ajax_lookup     GET    login 403   403   403   403   403   403   404
notification_delivery.ajax_update     POST   login 403   403   403   403   403   403   403
notification_delivery.create_view     GET    login 403   403   403   403   403   403   403
notification_delivery.create_view     POST   login 403   403   403   403   403   403   403
notification_delivery.delete_view     POST   login 403   403   403   403   403   403   403
notification_delivery.details_view    GET    login 403   403   403   403   403   403   302
notification_delivery.edit_view       GET    login 403   403   403   403   403   403   403
notification_delivery.edit_view       POST   login 403   403   403   403   403   403   403
notification_delivery.export          GET    login 403   403   403   403   403   403   200
notification_delivery.index_view      GET    login 403   403   403   403   403   403   200
notification_route.action_view        POST   login 403   403   302   302   302   302   302
notification_route.ajax_lookup        GET    login 403   403   404   404   404   404   404
notification_route.ajax_update        POST   login 403   403   403   403   403   403   400
notification_route.create_view        GET    login 403   403   403   403   403   403   200
notification_route.create_view        POST   login 403   403   403   403   403   403   200
notification_route.delete_view        POST   login 403   403   403   403   403   403   302
notification_route.details_view       GET    login 403   403   200   200   200   200   200
notification_route.edit_view          GET    login 403   403   403   403   403   403   200
notification_route.edit_view          POST   login 403   403   403   403   403   403   200
notification_route.export             GET    login 403   403   200   200   200   200   200
notification_route.index_view         GET    login 403   403   200   200   200   200   200
"""

# Bulk actions that change data: the roles that may take them at most (the rules may still
# refuse a given row). Everyone else must change nothing.
ACTIONS = {
    ("complaint", "batch_print"): {"clerk"} | MANAGERS,
    ("remedy", "approve"): MANAGERS,
    ("remedy", "reject"): MANAGERS,
    ("penalty", "approve"): MANAGERS,
    ("penalty", "reject"): MANAGERS,
    ("appeal", "uphold"): MANAGERS,
    ("appeal", "revoke"): MANAGERS,
    ("api_token", "revoke"): {"admin"},
    ("notification_delivery", "retry"): {"admin"},
}


def expectations() -> dict[tuple[str, str], dict[str, str]]:
    table = {}
    for line in TABLE.splitlines():
        if line.strip() and not line.startswith("#"):
            endpoint, method, *answers = line.split()
            assert len(answers) == len(COLUMNS), line
            table[(endpoint, method)] = dict(zip(COLUMNS, answers, strict=True))
    return table


def allowed_to_delete(table, view: str) -> set[str]:
    row = table.get((f"{view}.delete_view", "POST"), {})
    return {who for who, code in row.items() if code == "302"}


def short(response) -> str:
    return {"302>login": "login"}.get(answer(response), answer(response).split(">")[0])


def test_every_url_answers_every_role_as_the_table_says(app, client, make_complaint, tmp_path):
    table = expectations()
    world = build_world(make_complaint, tmp_path / "attachments")
    walk = requests(app, world)
    asked = {(r.endpoint, r.method) for r in walk}
    assert not asked - set(table), f"classify these URLs in TABLE: {sorted(asked - set(table))}"
    assert not set(table) - asked, f"no longer in the URL map: {sorted(set(table) - asked)}"

    wrong = []
    for who in COLUMNS:
        role = None if who == "anonymous" else Role(who)
        with rolled_back():
            client.get("/login")
            if role is not None:
                assert login(client, user_of(role).username).status_code == 302
            token = csrf_token(client.get("/admin/complaint/" if role else "/login").text)
            for r in walk:
                expected = table[(r.endpoint, r.method)][who]
                if r.endpoint == "auth.logout" and role is not None:
                    wrong += try_all_actions(client, walk, who, token, world, table)
                if r.method == "POST" and expected not in ("403", "login"):
                    wrong += try_forged(client, r, who)
                data = {"csrf_token": token} if r.method == "POST" else None
                response = client.open(r.url, method=r.method, data=data)
                if short(response) != expected:
                    wrong.append(
                        f"{r.endpoint} {r.method} as {who}: {short(response)}, table: {expected}"
                    )
                response.close()
    assert not wrong, "\n".join(wrong)


def try_forged(client, request, who) -> list[str]:
    """The same POST with a forged CSRF token changes nothing (roles the table refuses
    outright are refused before the token matters)."""
    before = data_changes()
    response = client.post(request.url, data={"csrf_token": "forged##token"})
    response.close()
    if data_changes() != before or response.status_code >= 500:
        return [f"{request.endpoint} POST with a forged token, as {who}: changed data"]
    return []


def try_all_actions(client, walk, who, token, world, table) -> list[str]:
    wrong = []
    for request in walk:
        if request.endpoint.endswith(".action_view"):
            wrong += try_actions(client, request, who, token, world, table)
    return wrong


def try_actions(client, request, who, token, world, table) -> list[str]:
    """Each bulk action of the view on its world row: only permitted roles change data."""
    view = request.endpoint.split(".")[0]
    wrong = []
    for name, row_id in action_rows(client.application, view, world):
        may = ACTIONS.get((view, name)) or (
            allowed_to_delete(table, view) if name == "delete" else set()
        )
        before = data_changes()
        response = client.post(
            request.url, data={"csrf_token": token, "action": name, "rowid": row_id}
        )
        changed = data_changes() != before
        if response.status_code >= 500 or (changed and who not in may):
            wrong.append(
                f"{view} action {name} as {who}: {response.status_code}, "
                f"{'changed data' if changed else 'no change'}"
            )
        response.close()
    return wrong
