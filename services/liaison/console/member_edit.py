"""Changing members in one's own tenant: create, edit, mark left; pair a member with a new
constituent and end a pairing. Each post is one service call in a savepoint: a refusal
changes nothing and is shown next to the fields it names."""

from litestar import Request, Response, get, post
from litestar.response import Template

from liaison.authz import policies
from liaison.console.forms import FORM, Form, attempt
from liaison.console.members import detail_page, units
from liaison.console.session import console_context
from liaison.console.views import (
    Viewer,
    member_page,
    page,
    parse_id,
    readable_tenant,
    see_other,
    viewer,
)
from liaison.context import ServiceContext
from liaison.errors import NotFound
from liaison.members import service as members
from liaison.members.service import CONTACT_FIELDS, MemberInput
from liaison.models import Member, Tenant
from liaison.models.members import GENDER_LABELS, ConstituentCategory, Gender
from liaison.pairings import service as pairings
from liaison.pairings.service import ConstituentInput

TEXTS = ("name", "ethnicity", "party", "work_unit", "post", "phone")


def member_input(form: Form, *, only_contact: bool = False) -> MemberInput:
    gender = form.text("gender")
    values = {key: form.text(key) for key in TEXTS}
    values.update(sector_id=form.uuid("sector"), committee_id=form.uuid("committee"),
                  activity_group_id=form.uuid("group"),
                  gender=Gender(gender) if gender in set(Gender) else None,
                  is_leading_cadre=form.text("is_leading_cadre") == "1")
    if only_contact:
        values = {k: v for k, v in values.items() if k in CONTACT_FIELDS}
    return MemberInput(**values)


def member_values(member: Member) -> dict[str, str]:
    values = {key: getattr(member, key) or "" for key in TEXTS}
    values.update(sector=str(member.sector_id), committee=str(member.committee_id or ""),
                  group=str(member.activity_group_id or ""),
                  gender=str(member.gender or ""),
                  is_leading_cadre="1" if member.is_leading_cadre else "")
    return values


async def form_page(ctx: ServiceContext, who: Viewer, tenant: Tenant, *, action: str,
                    values: dict, member: Member | None = None, errors: dict | None = None,
                    status: int = 200) -> Template:
    only_contact = member is not None and policies.manageable_members(
        ctx.require_principal(), tenant).self_only
    return page("member_form.html", status=status, viewer=who, tenant=tenant, member=member,
                action=action, form=values, errors=errors or {}, units=await units(ctx, tenant),
                genders=GENDER_LABELS, only_contact=only_contact)


@get("/t/{code:str}/members/new")
async def new_member_form(request: Request, code: str) -> Template:
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        return await form_page(ctx, who, tenant, action=f"/t/{tenant.code}/members/new",
                               values={})


@post("/t/{code:str}/members/new")
async def new_member_save(request: Request, code: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        if tenant.id != who.tenant.id:
            raise NotFound("单位", code)  # members are added in one's own tenant
        created, errors = await attempt(ctx, lambda: members.create_member(
            ctx, member_input(form)))
        if errors:
            return await form_page(ctx, who, tenant, action=f"/t/{tenant.code}/members/new",
                                   values=form.values, errors=errors, status=400)
    return see_other(f"/t/{tenant.code}/members/{created.id}")


@get("/t/{code:str}/members/{member_id:str}/edit")
async def edit_member_form(request: Request, code: str, member_id: str) -> Template:
    async with console_context(request) as ctx:
        who, tenant, member = await member_page(ctx, code, member_id)
        return await form_page(ctx, who, tenant, member=member, values=member_values(member),
                               action=f"/t/{tenant.code}/members/{member.id}/edit")


@post("/t/{code:str}/members/{member_id:str}/edit")
async def edit_member_save(request: Request, code: str, member_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant, member = await member_page(ctx, code, member_id)
        only_contact = policies.manageable_members(ctx.require_principal(), tenant).self_only
        _, errors = await attempt(ctx, lambda: members.update_member(
            ctx, member.id, member_input(form, only_contact=only_contact)))
        if errors:
            return await form_page(ctx, who, tenant, member=member, values=form.values,
                                   action=f"/t/{tenant.code}/members/{member.id}/edit",
                                   errors=errors, status=400)
    return see_other(f"/t/{tenant.code}/members/{member.id}")


@post("/t/{code:str}/members/{member_id:str}/left")
async def mark_left(request: Request, code: str, member_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant, member = await member_page(ctx, code, member_id)
        errors: dict[str, list[str]] = {}
        left_on = form.date("left_on", errors, "离任日期")
        if not errors:
            _, errors = await attempt(ctx, lambda: members.mark_left(
                ctx, member.id, left_on, form.text("reason")))
        if errors:
            return await detail_page(ctx, who, tenant, member, errors=errors,
                                     form=form.values, status=400)
    return see_other(f"/t/{tenant.code}/members/{member.id}")


@post("/t/{code:str}/members/{member_id:str}/pairings")
async def pair(request: Request, code: str, member_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who, tenant, member = await member_page(ctx, code, member_id)
        errors: dict[str, list[str]] = {}
        started_on = form.date("started_on", errors, "开始日期")
        category = form.text("category")
        person = ConstituentInput(
            name=form.text("constituent_name"), phone=form.text("constituent_phone"),
            work_unit=form.text("constituent_work_unit"),
            category=ConstituentCategory(category)
            if category in set(ConstituentCategory) else None)
        existing = form.uuid("constituent_id")  # or an existing constituent, picked
        if not errors:
            _, errors = await attempt(ctx, lambda: pairings.pair(
                ctx, member.id, started_on=started_on, constituent_id=existing,
                new_constituent=None if existing else person))
        if errors:
            return await detail_page(ctx, who, tenant, member, errors=errors,
                                     form={**form.values, "pairing": "1"}, status=400)
    return see_other(f"/t/{tenant.code}/members/{member.id}")


@post("/t/{code:str}/pairings/{pairing_id:str}/end")
async def end_pairing(request: Request, code: str, pairing_id: str) -> Response:
    form = await Form.read(request)
    async with console_context(request) as ctx:
        who = await viewer(ctx)
        tenant = await readable_tenant(ctx, code)
        if tenant.id != who.tenant.id:
            raise NotFound("结对", pairing_id)
        pairing = await pairings.access_pairing(ctx, parse_id(pairing_id, "结对"),
                                                tenant=tenant)
        member = await members.access_member(ctx, pairing.member_id, tenant=tenant)
        errors: dict[str, list[str]] = {}
        ended_on = form.date("ended_on", errors, "结束日期")
        if not errors:
            _, errors = await attempt(ctx, lambda: pairings.end_pairing(
                ctx, pairing.id, ended_on, form.text("reason")))
        if errors:  # shown above the page: the form sits in a row of the pairings table
            return await detail_page(ctx, who, tenant, member, status=400, errors={
                FORM: [f"结束结对未成功：{m}" for ms in errors.values() for m in ms]})
    return see_other(f"/t/{tenant.code}/members/{member.id}")
