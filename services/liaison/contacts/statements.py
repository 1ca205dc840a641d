"""The statements of logging a contact, made once at import with every value a bound
parameter (a statement built per request cost more than running it), run straight on asyncpg
(``db/raw.py``) by ``contacts/service.py``."""

from sqlalchemy import ARRAY, Date, Uuid, any_, bindparam, func, insert, select, true

from liaison.models import AuditEntry, Contact, ContactConstituent, Member, Pairing

_P = Pairing.__table__
# Which of the people were paired with the member on the day.
PAIRED_ON = select(_P.c.constituent_id).where(
    _P.c.tenant_id == bindparam("tenant_id", type_=Uuid),
    _P.c.member_id == bindparam("member_id", type_=Uuid),
    _P.c.constituent_id == any_(bindparam("ids", type_=ARRAY(Uuid))),
    _P.c.started_on <= bindparam("day", type_=Date),
    _P.c.ended_on.is_(None) | (_P.c.ended_on >= bindparam("day", type_=Date)))
_M = Member.__table__
# The member's sector and, of the people, those paired with them on the day (``PAIRED_ON``).
MEMBER_PAIRED = select(
    _M.c.sector_id,
    PAIRED_ON.with_only_columns(func.array_agg(_P.c.constituent_id)).scalar_subquery()
    .label("paired"),
).where(_M.c.tenant_id == bindparam("tenant_id", type_=Uuid),
        _M.c.id == bindparam("member_id", type_=Uuid))


def _insert_statement(guarded: bool):
    """The contact, its people (one row per id of ``people``) and its audit row, in one
    statement made once, every value a parameter (so compiled once, too): data-modifying
    CTEs, one round trip instead of three; the foreign keys are checked at its end, row-level
    security on every row. ``guarded``: ``MEMBER_PAIRED`` too, and the rows written only when
    the member was found and every person was paired."""
    contact, linked = Contact.__table__, ContactConstituent.__table__
    audit_log = AuditEntry.__table__
    columns = [c for c in contact.c if c.key not in ("created_at", "updated_at")]
    values = select(*(bindparam(f"c_{c.key}", type_=c.type) for c in columns))
    if guarded:
        member = MEMBER_PAIRED.cte("member_row")
        paired = member.c.paired
        values = values.select_from(member).where(
            bindparam("people", type_=ARRAY(Uuid)).op("<@")(paired))
    written = (insert(contact).from_select([c.key for c in columns], values)
               .returning(contact.c.created_at, contact.c.updated_at).cte("contact_row"))
    people = insert(linked).from_select(
        ["tenant_id", "contact_id", "constituent_id", "member_id", "occurred_on"],
        select(bindparam("c_tenant_id", type_=Uuid), bindparam("c_id", type_=Uuid),
               func.unnest(bindparam("people", type_=ARRAY(Uuid))),
               bindparam("c_member_id", type_=Uuid), bindparam("c_occurred_on", type_=Date))
        .select_from(written),
    ).cte("contact_people")
    audited = insert(audit_log).from_select(list(AUDIT_KEYS), select(
        *(bindparam(f"a_{k}", type_=audit_log.c[k].type) for k in AUDIT_KEYS))
        .select_from(written)).cte("audit_row")
    if not guarded:
        return select(written.c.created_at, written.c.updated_at).add_cte(people, audited)
    return (select(member.c.sector_id, paired, written.c.created_at, written.c.updated_at)
            .select_from(member.outerjoin(written, true())).add_cte(people, audited))


AUDIT_KEYS = ("tenant_id", "actor_id", "action", "target_type", "target_id", "before",
              "after", "detail", "source_addr", "request_id")
INSERT_CONTACT = _insert_statement(guarded=False)
LOG_CONTACT = _insert_statement(guarded=True)
