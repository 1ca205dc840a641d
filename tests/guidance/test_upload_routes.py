"""The file routes with a bearer token: upload (201 with the id; 413, 415, 400 refused with
nothing stored), then download with the type found in the content and a name no header can be
broken by; what the caller may not read is a 404."""

import uuid

import pytest

from liaison.guidance.attachments import DOCX, MAX_BYTES
from liaison.models import Attachment
from liaison.models.account import Role
from tests.builders import auth, gql
from tests.guidance.guidance_rows import EXE, copy_of, pdf, word
from tests.readback import audit_entries, count

UPLOAD = "/files/guidance/attachments"


async def upload(client, world, tenant, name: str, data: bytes, role: Role = Role.office):
    return await client.post(UPLOAD, files={"file": (name, data, "application/octet-stream")},
                             headers=auth(world, tenant, role))


async def test_upload_issue_and_download(client, owner, world):
    city, a, b = world.city, world.county_a, world.county_b
    sent = await upload(client, world, city, 'a"b\r\n方案.pdf', word())
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert {k: body[k] for k in ("filename", "contentType", "size")} == {
        "filename": "ab方案.docx", "contentType": DOCX, "size": len(word())}
    made = await gql(client, """mutation($i: IssueGuidanceInput!) { issueGuidance(input: $i) {
        ... on GuidanceItem { id attachment { id filename downloadPath }
          targets { id attachment { downloadPath } } } } }""", {"i": {
        "kind": "NOTICE", "title": "通知", "body": "见附件", "attachmentId": body["id"]}},
        token=world.token(city, Role.office))
    item = made["data"]["issueGuidance"]
    assert item["attachment"] == {"id": body["id"], "filename": "ab方案.docx",
                                  "downloadPath": f"/files/guidance/items/{item['id']}"
                                                  "/attachment"}
    got = await client.get(item["attachment"]["downloadPath"], headers=auth(world, city))
    assert (got.status_code, got.content, got.headers["content-type"]) == (200, word(), DOCX)
    assert got.headers["content-disposition"] == (
        "attachment; filename=\"ab.docx\"; filename*=UTF-8''ab%E6%96%B9%E6%A1%88.docx")
    assert got.headers["x-content-type-options"] == "nosniff"
    copy_a = item["targets"][0]
    got = await client.get(copy_a["attachment"]["downloadPath"], headers=auth(world, a))
    assert (got.status_code, got.content) == (200, word())
    for path, tenant in ((copy_a["attachment"]["downloadPath"], b),
                         (item["attachment"]["downloadPath"], a),
                         (f"/files/guidance/targets/{copy_a['id']}/answer-attachment", a),
                         (f"/files/guidance/targets/{uuid.uuid4()}/attachment", a),
                         ("/files/guidance/items/not-an-id/attachment", city)):
        refused = await client.get(path, headers=auth(world, tenant))
        assert (refused.status_code, refused.json()["code"]) == (404, "NOT_FOUND"), path
    assert [e.action for e in await audit_entries(owner, city)] == [
        "attachment_uploaded", "guidance_issued"]
    # The county answers with a file of its own; the city reads it, the sibling does not.
    answer_file = (await upload(client, world, a, "答复.pdf", pdf())).json()
    copy = await copy_of(owner, a, uuid.UUID(item["id"]))
    answered = await gql(client, """mutation($id: ID!, $f: ID) { answerGuidance(input: {
        id: $id, text: "已落实", attachmentId: $f}) { ... on GuidanceTarget {
          answerAttachment { filename downloadPath } } } }""",
                         {"id": str(copy.id), "f": answer_file["id"]},
                         token=world.token(a, Role.office))
    path = answered["data"]["answerGuidance"]["answerAttachment"]["downloadPath"]
    assert (await client.get(path, headers=auth(world, city))).content == pdf()
    assert (await client.get(path, headers=auth(world, b))).status_code == 404


@pytest.mark.parametrize(("name", "data", "status", "code"), [
    ("setup.pdf", EXE, 415, "UNSUPPORTED_TYPE"),
    ("空.pdf", b"", 400, "EMPTY"),
    ("大.pdf", b"%PDF-" + b"\x00" * MAX_BYTES, 413, "TOO_LARGE"),  # read past the limit
    ("更大.pdf", b"%PDF-" + b"\x00" * (MAX_BYTES + 512 * 1024), 413, "TOO_LARGE"),  # the body
])
async def test_refused_uploads_store_nothing(client, owner, world, name, data, status, code):
    answer = await upload(client, world, world.county_a, name, data)
    assert (answer.status_code, answer.json()["code"]) == (status, code), answer.text
    assert await count(owner, Attachment, world.county_a) == 0
    assert await audit_entries(owner, world.county_a) == []


async def test_who_may_upload(client, owner, world):
    a = world.county_a
    no_token = await client.post(UPLOAD, files={"file": ("a.pdf", pdf(), "application/pdf")})
    assert no_token.status_code == 401
    forbidden = await upload(client, world, a, "a.pdf", pdf(), Role.leadership)
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "FORBIDDEN")
    missing = await client.post(UPLOAD, data={"other": "x"}, files={"x": ("a", b"1")},
                                headers=auth(world, a))
    assert (missing.status_code, missing.json()["code"]) == (400, "EMPTY")
    assert await count(owner, Attachment, a) == 0
