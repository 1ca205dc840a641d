"""One spec per entity field: its Chinese label and length limit, read by the services'
checks, the import columns and the forms, so a limit or a label is written once."""

import dataclasses
from dataclasses import dataclass

from liaison.errors import FieldProblem
from liaison.validation import clean_text


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    max_length: int | None = None

    @property
    def graphql_name(self) -> str:
        head, *rest = self.key.split("_")
        return head + "".join(p.title() for p in rest)

    def too_long(self, value: str | None) -> bool:
        return value is not None and self.max_length is not None and len(value) > self.max_length

    def required_problem(self, value: str | None, prefix: str = "") -> FieldProblem | None:
        """Why a required text is refused: missing, or too long (None: it is fine)."""
        if not value:
            return FieldProblem(prefix + self.graphql_name, f"请填写{self.label}")
        return self.problem(prefix) if self.too_long(value) else None

    def problem(self, prefix: str = "") -> FieldProblem:
        return FieldProblem(prefix + self.graphql_name,
                            f"{self.label}不超过 {self.max_length} 个字符")


def spec(*fields: Field) -> dict[str, Field]:
    return {f.key: f for f in fields}


MEMBER = spec(Field("name", "姓名", 40), Field("ethnicity", "民族", 20),
              Field("party", "党派", 40), Field("work_unit", "工作单位", 100),
              Field("post", "职务", 60), Field("phone", "联系电话"))
CONSTITUENT = spec(Field("name", "姓名", 40), Field("party", "党派", 40),
                   Field("work_unit", "工作单位", 100), Field("post", "职务", 60),
                   Field("phone", "联系电话"))
CONTACT = spec(Field("place", "地点", 200), Field("content", "联系服务内容和推动解决的问题", 4000),
               Field("opinions", "意见建议", 4000), Field("remarks", "备注", 1000))
UNIT_NAME = {"sector": Field("name", "界别", 40), "committee": Field("name", "专门委员会", 60),
             "activity_group": Field("name", "活动组", 60)}
TERM_NAME = Field("name", "届次", 20)
LEFT_REASON = Field("reason", "离任原因", 200)
END_REASON = Field("reason", "调整原因", 200)
OPINION = spec(Field("title", "标题", 100), Field("content", "内容", 4000),
               Field("proposal_number", "提案号", 30), Field("outcome_title", "标题", 200),
               Field("sent_to", "报送单位", 100), Field("department", "部门名称", 100),
               Field("rejection_reason", "不予采纳理由", 500),
               Field("reply_from", "答复单位", 100), Field("reply_text", "答复内容", 4000),
               Field("feedback_how", "反馈方式", 40), Field("feedback_by", "反馈人", 40),
               Field("feedback_note", "群众意见", 1000), Field("note", "说明", 500),
               Field("instruction", "批示", 1000))
OPINION_NOTE = Field("text", "指导意见", 1000)
API_KEY_NAME = Field("name", "密钥名称", 40)
VENUE = spec(Field("name", "名称", 60), Field("area", "所在乡镇（街道、社区）", 60),
             Field("address", "地址", 200), Field("opening_hours", "开放时间", 100),
             Field("phone", "联系电话"), Field("host_unit", "依托单位", 100),
             Field("description", "简介", 500))
RECEPTION = spec(Field("theme", "主题", 100), Field("notice", "公告", 1000))
CANCEL_REASON = Field("reason", "取消原因", 200)
DUTY_DECLINE_REASON = Field("reason", "请假原因", 200)
SESSION_RECORD = spec(Field("notes", "接待记录", 4000))
VISITOR = spec(Field("name", "来访人姓名", 40), Field("phone", "联系电话"),
               Field("category", "来访人类别", 20), Field("raised", "反映的问题", 4000))
ACTIVITY = spec(Field("title", "活动名称", 100), Field("place", "活动地点", 200),
                Field("summary", "活动情况", 4000))


def clean_texts(values: dict, fields: dict[str, Field], prefix: str = ""
                ) -> tuple[dict, list[FieldProblem]]:
    """Strip the text fields present in ``values`` and check their lengths."""
    cleaned, problems = dict(values), []
    for key, field in fields.items():
        if key in cleaned and field.max_length is not None:
            cleaned[key] = clean_text(cleaned[key])
            if field.too_long(cleaned[key]):
                problems.append(field.problem(prefix))
    return cleaned, problems


class Partial:
    """Base of input dataclasses whose fields default to ``...`` (not given): on an update
    only the given fields change."""

    def given(self) -> dict:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if getattr(self, f.name) is not ...}
