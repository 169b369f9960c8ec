"""The TOML reader of policy profiles: one file's text to a validated :class:`Layer`.

Everything is checked here that one file can tell — unknown keys (typos), unknown document
types, impossible dates, malformed windows and conditions — and every problem names the file
and line (:class:`~vndocsign.policy.ProfileError`). References between files (categories and
sets of inherited layers, ``disable``) are checked by the resolver.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Mapping
from typing import Any

from vndocsign._limits import current_limits, limit_error
from vndocsign.errors import ModelError
from vndocsign.model import Secrecy, SignatureRole
from vndocsign.policy._classify import DISTRIBUTION_MODES, FIELDS, CategoryDef
from vndocsign.policy._errors import ProfileError, ProfileLimitError, UnknownValueError
from vndocsign.policy._locate import Locator
from vndocsign.policy._model import Delivery, Scope
from vndocsign.policy._rules import Condition, Layer, Rule, SetDef, Window, WindowKind
from vndocsign.policy._toml_values import (
    TOP_KEYS,
    Ctx,
    date_value,
    req_str,
    str_list,
    table_items,
    toml_error_line,
    types_list,
    unknown_keys,
)

__all__ = ["parse_profile_text"]

#: Secrecy values a condition may name; ``"none"`` is "not secret".
SECRECY_VALUES = ("none", *(s.value for s in Secrecy))

_PROFILE_KEYS = {"name", "title_vi", "title_en", "extends", "assume_scope", "disable", "note"}
_CATEGORY_KEYS = {
    "vi",
    "en",
    "keywords",
    "patterns",
    "types",
    "requires",
    "fields",
    "distribution",
    "replace",
}
_SET_KEYS = {"vi", "en", "source", "types", "categories"}
_RULE_KEYS = {
    "id",
    "source",
    "source_title",
    "effective_from",
    "effective_until",
    "windows",
    "precedence",
    "delivery",
    "signatures",
    "signatures_when_delivery",
    "vi",
    "en",
    "when",
    "note",
}
_WHEN_KEYS = {
    "types",
    "except_types",
    "categories",
    "except_categories",
    "secrecy",
    "draft",
    "submission",
    "scope",
    "in_set",
}
_WINDOW_KEYS = {"from", "until", "kind"}
_WINDOW_KINDS = tuple(k.value for k in WindowKind)


def _depth(data: Any) -> int:
    """Deepest nesting of tables and arrays, measured without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return deepest


def _load_bounded(text: str, file: str) -> dict[str, Any]:
    """``tomllib.loads`` under ``max_toml_depth`` (a profile is 3 or 4 levels deep).

    ``tomllib`` parses nested arrays and inline tables recursively: a user profile of
    ``[[[[...`` 100,000 deep ends in ``RecursionError``, caught here and reported as the limit.
    """
    maximum = current_limits().max_toml_depth
    fail = functools.partial(
        limit_error, "max_toml_depth", maximum, error=ProfileLimitError, file=file
    )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = toml_error_line(str(exc))
        raise ProfileError(
            f"Not valid TOML: {exc}", f"Tệp không đúng cú pháp TOML: {exc}", file=file, line=line
        ) from None
    except RecursionError:
        raise fail() from None
    depth = _depth(data)
    if depth > maximum:
        raise fail(value=depth)
    return data


def parse_profile_text(text: str, file: str = "<profile>") -> Layer:
    """Parse and validate one profile file's text (without resolving ``extends``)."""
    loc = Locator(text)
    ctx = Ctx(file, loc)
    data = _load_bounded(text, file)
    unknown_keys(ctx, data, TOP_KEYS, 1, "top level")

    prof = data.get("profile")
    if not isinstance(prof, dict):
        raise ctx.fail(1, "Missing [profile] table", "Thiếu bảng [profile]")
    pline = loc.table("profile")
    unknown_keys(ctx, prof, _PROFILE_KEYS, pline, "[profile]", table="profile")
    name = req_str(ctx, prof, "name", loc.table("profile", "name"), "[profile]")
    extends = str_list(ctx, prof.get("extends", []), loc.table("profile", "extends"), "extends")
    disable = str_list(ctx, prof.get("disable", []), loc.table("profile", "disable"), "disable")
    assume = prof.get("assume_scope")
    assume_scope = None
    if assume is not None:
        try:
            assume_scope = Scope.parse(str(assume))
        except UnknownValueError:
            raise ctx.fail(
                loc.table("profile", "assume_scope"),
                f"assume_scope must be central, province or internal, not {assume!r}",
                f"assume_scope phải là central, province hoặc internal, không phải {assume!r}",
            ) from None

    categories = tuple(
        _parse_category(ctx, cname, cdata)
        for cname, cdata in table_items(ctx, data.get("categories", {}), "categories")
    )
    sets = tuple(
        _parse_set(ctx, sname, sdata)
        for sname, sdata in table_items(ctx, data.get("sets", {}), "sets")
    )
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise ctx.fail(
            loc.table("rule"),
            "'rule' must be an array of tables ([[rule]])",
            "'rule' phải là mảng bảng ([[rule]])",
        )
    rules = tuple(_parse_rule(ctx, i, r, name) for i, r in enumerate(raw_rules))
    ids: dict[str, int] = {}
    for rule in rules:
        if rule.id in ids:
            raise ctx.fail(
                rule.line,
                f"Rule id {rule.id!r} is used twice (first at line {ids[rule.id]})",
                f"Mã quy tắc {rule.id!r} bị dùng hai lần (lần đầu ở dòng {ids[rule.id]})",
            )
        ids[rule.id] = rule.line
    return Layer(
        name=name,
        file=file,
        title_vi=str(prof.get("title_vi", name)),
        title_en=str(prof.get("title_en", name)),
        extends=tuple(extends),
        assume_scope=assume_scope,
        disable=tuple(disable),
        categories=categories,
        sets=sets,
        rules=rules,
        locator=loc,
        disable_line=loc.table("profile", "disable"),
    )


def _parse_category(ctx: Ctx, name: str, data: dict[str, Any]) -> tuple[CategoryDef, bool, int]:
    table = f"categories.{name}"
    line = ctx.loc.table(table)
    unknown_keys(ctx, data, _CATEGORY_KEYS, line, f"[{table}]", table=table)

    def kline(key: str) -> int:
        return ctx.loc.table(table, key)

    default_fields = ["subject", "recipients"]
    fields = str_list(ctx, data.get("fields", default_fields), kline("fields"), "fields")
    for f in fields:
        if f not in FIELDS:
            raise ctx.fail(
                kline("fields"),
                f"Unknown field {f!r} (subject, recipients, distribution)",
                f"Trường {f!r} không hợp lệ (subject, recipients, distribution)",
            )
    mode = data.get("distribution", "none")
    if mode not in DISTRIBUTION_MODES:
        raise ctx.fail(
            kline("distribution"),
            f"'distribution' must be one of {', '.join(DISTRIBUTION_MODES)}",
            f"'distribution' phải là một trong {', '.join(DISTRIBUTION_MODES)}",
        )
    if mode != "none" and "distribution" not in fields:
        fields.append("distribution")
    patterns = str_list(ctx, data.get("patterns", []), kline("patterns"), "patterns")
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ctx.fail(
                kline("patterns"),
                f"Invalid regular expression {p!r}: {exc}",
                f"Biểu thức chính quy {p!r} không hợp lệ: {exc}",
            ) from None
    types = types_list(ctx, data.get("types", []), kline("types"), "types") or frozenset()
    keywords = str_list(ctx, data.get("keywords", []), kline("keywords"), "keywords")
    if any(not k for k in keywords):
        raise ctx.fail(kline("keywords"), "Empty keyword", "Từ khóa rỗng")
    replace = data.get("replace", False)
    if not isinstance(replace, bool):
        raise ctx.fail(
            kline("replace"), "'replace' must be true or false", "'replace' phải là true hoặc false"
        )
    cat = CategoryDef(
        name=name,
        vi=str(data.get("vi", "")),
        en=str(data.get("en", "")),
        keywords=tuple(keywords),
        patterns=tuple(patterns),
        types=tuple(sorted(types, key=lambda t: t.ordinal)),
        requires=tuple(str_list(ctx, data.get("requires", []), kline("requires"), "requires")),
        fields=tuple(fields),
        distribution=mode,
    )
    return cat, replace, line


def _parse_set(ctx: Ctx, name: str, data: dict[str, Any]) -> SetDef:
    table = f"sets.{name}"
    line = ctx.loc.table(table)
    unknown_keys(ctx, data, _SET_KEYS, line, f"[{table}]", table=table)
    types = types_list(ctx, data.get("types", []), ctx.loc.table(table, "types"), "types")
    cats = str_list(
        ctx, data.get("categories", []), ctx.loc.table(table, "categories"), "categories"
    )
    if types is not None and not types and not cats:
        raise ctx.fail(line, f"Set {name!r} is empty", f"Danh mục {name!r} trống")
    return SetDef(
        name=name,
        vi=str(data.get("vi", name)),
        en=str(data.get("en", name)),
        source=data.get("source"),
        types=types,
        categories=frozenset(cats),
        line=line,
        file=ctx.file,
    )


def _parse_windows(ctx: Ctx, index: int, data: Mapping[str, Any]) -> tuple[Window, ...]:
    has_range = "effective_from" in data or "effective_until" in data
    if "windows" in data:
        wline = ctx.loc.rule(index, "windows")
        if has_range:
            raise ctx.fail(
                wline,
                "Give either effective_from/effective_until or windows, not both",
                "Chỉ dùng effective_from/effective_until hoặc windows, không dùng cả hai",
            )
        raw = data["windows"]
        if not isinstance(raw, list) or not raw:
            raise ctx.fail(
                wline,
                "'windows' must be a non-empty list of tables",
                "'windows' phải là danh sách bảng không rỗng",
            )
        windows = []
        for w in raw:
            if not isinstance(w, dict):
                raise ctx.fail(
                    wline,
                    "Each window is a table {from = ..., until = ...}",
                    "Mỗi khoảng thời gian là một bảng {from = ..., until = ...}",
                )
            for key in w:
                if key not in _WINDOW_KEYS:
                    raise ctx.fail(
                        wline,
                        f"Unknown key {key!r} in a window (from, until, kind)",
                        f"Khóa {key!r} không hợp lệ trong khoảng thời gian",
                    )
            if "from" not in w:
                raise ctx.fail(wline, "A window needs 'from'", "Khoảng thời gian cần có 'from'")
            kind = w.get("kind", "pilot")
            if kind not in _WINDOW_KINDS:
                raise ctx.fail(
                    wline,
                    f"Window kind must be one of {', '.join(_WINDOW_KINDS)}",
                    f"Loại khoảng thời gian phải là {', '.join(_WINDOW_KINDS)}",
                )
            start = date_value(ctx, w["from"], wline, "from")
            end = date_value(ctx, w["until"], wline, "until") if "until" in w else None
            windows.append(Window(start, end, WindowKind(kind)))
    elif "effective_from" in data:
        fline = ctx.loc.rule(index, "effective_from")
        start = date_value(ctx, data["effective_from"], fline, "effective_from")
        end = None
        if "effective_until" in data:
            end = date_value(
                ctx,
                data["effective_until"],
                ctx.loc.rule(index, "effective_until"),
                "effective_until",
            )
        windows = [Window(start, end, WindowKind.IN_FORCE)]
    else:
        raise ctx.fail(
            ctx.loc.rule(index),
            "A rule needs 'effective_from' (or pilot 'windows'): when is it in force?",
            "Quy tắc cần có 'effective_from' (hoặc 'windows' thí điểm): áp dụng từ ngày nào?",
        )
    windows.sort(key=lambda w: w.start)
    for w in windows:
        if w.end is not None and w.end < w.start:
            raise ctx.fail(
                ctx.loc.rule(index, "windows" if "windows" in data else "effective_until"),
                f"A rule ends ({w.end}) before it starts ({w.start})",
                f"Quy tắc kết thúc ({w.end}) trước ngày bắt đầu ({w.start})",
            )
    for a, b in itertools.pairwise(windows):
        if a.overlaps(b):
            raise ctx.fail(
                ctx.loc.rule(index, "windows"),
                "The windows of a rule overlap",
                "Các khoảng thời gian của quy tắc chồng lấn nhau",
            )
    return tuple(windows)


def _parse_when(ctx: Ctx, index: int, block: int, data: Any) -> Condition:
    line = ctx.loc.rule_when(index, block)
    if not isinstance(data, dict):
        raise ctx.fail(
            line,
            "'when' must be a table or a list of tables",
            "'when' phải là bảng hoặc danh sách bảng",
        )
    unknown_keys(ctx, data, _WHEN_KEYS, line, "when", rule_index=index, block=block)

    def kl(key: str) -> int:
        return ctx.loc.rule_when(index, block, key)

    def opt_bool(key: str) -> bool | None:
        v = data.get(key)
        if v is None or isinstance(v, bool):
            return v
        raise ctx.fail(kl(key), f"'{key}' must be true or false", f"'{key}' phải là true/false")

    secrecy = None
    if "secrecy" in data:
        values = set()
        for v in str_list(ctx, data["secrecy"], kl("secrecy"), "secrecy"):
            if v.lower() == "none":
                values.add("none")
                continue
            try:
                values.add(Secrecy.parse(v).value)
            except ModelError:
                raise ctx.fail(
                    kl("secrecy"),
                    f"Unknown secrecy {v!r} (none, MẬT, TỐI MẬT, TUYỆT MẬT)",
                    f"Độ mật {v!r} không hợp lệ (none, MẬT, TỐI MẬT, TUYỆT MẬT)",
                ) from None
        secrecy = frozenset(values)
    scope = None
    if "scope" in data:
        scopes = set()
        for v in str_list(ctx, data["scope"], kl("scope"), "scope"):
            try:
                scopes.add(Scope.parse(v))
            except UnknownValueError:
                raise ctx.fail(
                    kl("scope"),
                    f"Unknown scope {v!r} (central, province, internal)",
                    f"Phạm vi {v!r} không hợp lệ (central, province, internal)",
                ) from None
        scope = frozenset(scopes)
    in_set = data.get("in_set")
    if in_set is not None and not isinstance(in_set, str):
        raise ctx.fail(kl("in_set"), "'in_set' must be a set name", "'in_set' phải là tên danh mục")
    cats = data.get("categories")
    return Condition(
        types=types_list(ctx, data["types"], kl("types"), "types") if "types" in data else None,
        except_types=types_list(
            ctx, data.get("except_types", []), kl("except_types"), "except_types"
        )
        or frozenset(),
        categories=(
            frozenset(str_list(ctx, cats, kl("categories"), "categories"))
            if cats is not None
            else None
        ),
        except_categories=frozenset(
            str_list(
                ctx, data.get("except_categories", []), kl("except_categories"), "except_categories"
            )
        ),
        secrecy=secrecy,
        draft=opt_bool("draft"),
        submission=opt_bool("submission"),
        scope=scope,
        in_set=in_set,
        line=line,
    )


def _parse_rule(ctx: Ctx, index: int, data: Any, profile: str) -> Rule:
    line = ctx.loc.rule(index)
    if not isinstance(data, dict):
        raise ctx.fail(line, "Each [[rule]] must be a table", "Mỗi [[rule]] phải là bảng")
    unknown_keys(ctx, data, _RULE_KEYS, line, "[[rule]]", rule_index=index)
    rid = req_str(ctx, data, "id", ctx.loc.rule(index, "id") if "id" in data else line, "[[rule]]")
    where = f"rule {rid!r}"
    source = req_str(
        ctx, data, "source", ctx.loc.rule(index, "source") if "source" in data else line, where
    )
    vi = req_str(ctx, data, "vi", ctx.loc.rule(index, "vi") if "vi" in data else line, where)
    en = req_str(ctx, data, "en", ctx.loc.rule(index, "en") if "en" in data else line, where)
    windows = _parse_windows(ctx, index, data)
    precedence = data.get("precedence", 0)
    if not isinstance(precedence, int) or isinstance(precedence, bool):
        raise ctx.fail(
            ctx.loc.rule(index, "precedence"),
            "'precedence' must be an integer",
            "'precedence' phải là số nguyên",
        )
    delivery = None
    if "delivery" in data:
        delivery = _delivery(ctx, data["delivery"], ctx.loc.rule(index, "delivery"))
    signatures = frozenset(
        _role(ctx, v, ctx.loc.rule(index, "signatures"))
        for v in str_list(
            ctx, data.get("signatures", []), ctx.loc.rule(index, "signatures"), "signatures"
        )
    )
    when_delivery = None
    if "signatures_when_delivery" in data:
        kl = ctx.loc.rule(index, "signatures_when_delivery")
        when_delivery = frozenset(
            _delivery(ctx, v, kl)
            for v in str_list(ctx, data["signatures_when_delivery"], kl, "signatures_when_delivery")
        )
        if not signatures:
            raise ctx.fail(
                kl,
                "'signatures_when_delivery' without 'signatures'",
                "'signatures_when_delivery' mà không có 'signatures'",
            )
    if delivery is None and not signatures:
        raise ctx.fail(
            line,
            f"Rule {rid!r} has no effect: give 'delivery' and/or 'signatures'",
            f"Quy tắc {rid!r} không có hiệu lực gì: cần 'delivery' và/hoặc 'signatures'",
        )
    raw_when = data.get("when", {})
    blocks = raw_when if isinstance(raw_when, list) else [raw_when]
    if not blocks:
        raise ctx.fail(
            ctx.loc.rule(index, "when"), "'when' is an empty list", "'when' là danh sách rỗng"
        )
    conditions = tuple(_parse_when(ctx, index, b, blk) for b, blk in enumerate(blocks))
    return Rule(
        id=rid,
        source=source,
        vi=vi,
        en=en,
        windows=windows,
        conditions=conditions,
        precedence=precedence,
        delivery=delivery,
        signatures=signatures,
        signatures_when_delivery=when_delivery,
        source_title=data.get("source_title"),
        profile=profile,
        file=ctx.file,
        line=line,
    )


def _delivery(ctx: Ctx, value: Any, line: int) -> Delivery:
    try:
        d = Delivery(str(value).strip().upper())
    except ValueError:
        d = None
    if d is None or d is Delivery.NO_RULE:
        allowed = "ELECTRONIC_ONLY, ELECTRONIC_AND_PAPER, NOT_ELECTRONIC"
        raise ctx.fail(
            line,
            f"Unknown delivery form {value!r} ({allowed})",
            f"Hình thức gửi {value!r} không hợp lệ ({allowed})",
        )
    return d


#: The roles a profile may require (attachment and copy stamps are not a policy's business).
_POLICY_ROLES = (SignatureRole.PERSONAL, SignatureRole.AGENCY, SignatureRole.INITIAL)


def _role(ctx: Ctx, value: str, line: int) -> SignatureRole:
    try:
        role = SignatureRole.parse(value)
    except ModelError:
        role = None
    if role is None or role not in _POLICY_ROLES:
        raise ctx.fail(
            line,
            f"Unknown signature role {value!r} (personal, agency, initial)",
            f"Loại chữ ký {value!r} không hợp lệ (personal, agency, initial)",
        )
    return role
