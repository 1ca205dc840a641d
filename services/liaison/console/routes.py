"""The console as the application mounts it: its routes (one router, its error pages), the
templates, the static assets at /static and the CSRF check on every form post.

CSRF: a token in a cookie and in every form (``csrf_input``) or, for htmx, in the
``x-csrftoken`` header (``hx-headers`` on <body>). The bearer-token APIs (/graphql, /files)
are excluded: a browser never sends their credentials on its own.
"""

import hashlib
import hmac
from pathlib import Path

from litestar import Router
from litestar.config.csrf import CSRFConfig
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from liaison.console import (
    accounts,
    assessment,
    audit,
    auth,
    city,
    contacts,
    decisions,
    disclosure,
    downloads,
    evaluation,
    evaluation_review,
    filings,
    filters,
    guidance,
    guidance_files,
    guidance_inbox,
    home,
    imports,
    me,
    member_edit,
    members,
    my_duties,
    my_evaluation,
    my_filings,
    my_opinions,
    opinion_forms,
    opinion_moves,
    opinions,
    opinions_city,
    overview,
    session_forms,
    session_page,
    venue_forms,
    venue_moves,
    venues,
    venues_city,
)
from liaison.console import settings as tenant_settings
from liaison.console.session import ConsoleUnavailable, LoginRequired, refresh_middleware
from liaison.console.views import console_error_handler, http_error_handler
from liaison.errors import DomainError, PublicError
from liaison.settings import Settings

HERE = Path(__file__).parent
CSRF_COOKIE = "liaison_csrf"
CSRF_EXCLUDE = ["^/graphql", "^/files/", "^/healthz", "^/readyz"]

HANDLERS = [auth.login_form, auth.login_submit, auth.logout, auth.start, venues.venue_home,
            home.tenant_home, members.member_list, members.member_detail, city.city_overview,
            contacts.office_contact_form, contacts.office_contact_save,
            contacts.my_contact_form, contacts.my_contact_save, me.my_pairings,
            me.my_contacts, me.my_notifications, me.mark_read,
            member_edit.new_member_form, member_edit.new_member_save,
            member_edit.edit_member_form, member_edit.edit_member_save, member_edit.mark_left,
            member_edit.pair, member_edit.end_pairing, imports.imports_home,
            imports.import_template, imports.import_upload]
HANDLERS += [filings.filing_overview, filings.filing_detail, filings.return_filing,
             filings.accept_filing, my_filings.my_filings, my_filings.start_filing,
             my_filings.edit_form, my_filings.edit_save, my_filings.submit_filing,
             decisions.decision_list, decisions.decision_create, decisions.decision_detail,
             tenant_settings.settings_form, tenant_settings.settings_save]
HANDLERS += [accounts.account_list, accounts.assign_role, accounts.revoke_role, accounts.unlock,
             audit.audit_log, downloads.member_export, downloads.member_form1,
             downloads.sector_form1, downloads.member_form2]
HANDLERS += [opinions.opinion_board, opinions.opinion_detail, opinion_forms.new_opinion_form,
             opinion_forms.new_opinion_save, opinion_forms.my_opinion_form,
             opinion_forms.my_opinion_save, opinion_forms.convert_contacts,
             opinion_moves.opinion_action, my_opinions.my_opinions, my_opinions.my_feedback,
             opinions_city.city_opinions, downloads.opinion_export,
             downloads.opinion_social_info]
HANDLERS += [guidance.guidance_list, guidance.guidance_issue, guidance.guidance_matrix,
             guidance.guidance_item, guidance.guidance_remind, guidance_inbox.guidance_inbox,
             guidance_inbox.guidance_received, guidance_inbox.guidance_mark_read,
             guidance_inbox.guidance_mark_done, guidance_inbox.guidance_answer,
             guidance_files.item_attachment, guidance_files.target_attachment,
             guidance_files.answer_attachment]
HANDLERS += [venues.venue_list, venues.venue_calendar, venue_forms.new_venue_form,
             venue_forms.new_venue_save, venue_forms.edit_venue_form,
             venue_forms.edit_venue_save, venue_forms.venue_open_close,
             session_forms.new_session_form, session_forms.new_session_save,
             session_forms.new_series_form, session_forms.new_series_save,
             session_page.session_detail, venue_moves.session_action, my_duties.my_duties,
             my_duties.duty_action, my_duties.make_feed, my_duties.revoke_feed,
             venues_city.city_venues, overview.city_work_overview]

HANDLERS += [evaluation.evaluation_rounds, evaluation.open_round, evaluation.evaluation_round,
             evaluation_review.reissue, evaluation_review.review, my_evaluation.my_evaluation]

HANDLERS += [disclosure.disclosure_home, disclosure.publish, disclosure.unpublish]
HANDLERS += [assessment.assessment_table, assessment.assessment_export, assessment.mark,
             assessment.my_assessment]

def router() -> Router:
    return Router(
        path="/", route_handlers=HANDLERS, middleware=[refresh_middleware],
        exception_handlers={LoginRequired: console_error_handler,
                            ConsoleUnavailable: console_error_handler,
                            DomainError: console_error_handler,
                            PublicError: console_error_handler})


def static_router() -> Router:
    return create_static_files_router(path="/static", directories=[HERE / "static"],
                                      name="static")


def template_config() -> TemplateConfig:
    return TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine,
                          engine_callback=filters.register)


def csrf_config(settings: Settings) -> CSRFConfig:
    # Its own secret, derived from the token secret (one setting to keep).
    secret = hmac.new(str(settings.jwt_secret).encode(), b"liaison-console-csrf",
                      hashlib.sha256).hexdigest()
    return CSRFConfig(secret=secret, cookie_name=CSRF_COOKIE, cookie_httponly=True,
                      cookie_samesite="strict", cookie_secure=settings.production,
                      exclude=CSRF_EXCLUDE)


# Litestar's own 404 (no such route) and 403 (the CSRF check), at the application level.
APP_EXCEPTION_HANDLERS = {NotFoundException: http_error_handler,
                          PermissionDeniedException: http_error_handler}
