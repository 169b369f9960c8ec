"""Policy profiles: dated rules as data, validated on load, composed in layers.

A profile is a TOML file (see ``profiles/*.toml`` shipped with the package and
``docs/policy.md``). It holds:

* ``[profile]`` — ``name``, titles, ``extends`` (profiles it is composed on top of),
  ``assume_scope`` (the recipient scope rules assume when a caller does not give one, always
  reported in the decision), ``disable`` (inherited rule ids to drop);
* ``[categories.NAME]`` — subject categories and the keywords that infer them;
* ``[sets.NAME]`` — named lists of document types (the Government Office's list...);
* ``[[rule]]`` — one rule each: ``id``, legal ``source``, ``effective_from`` /
  ``effective_until`` or pilot ``windows``, ``precedence``, its effect (``delivery``,
  ``signatures``), its text in ``vi`` and ``en``, and ``when`` conditions.

Why data and not code: the rules are the provinces' and the Government Office's letters;
they change on given dates and new provinces will be added by people who read those letters,
not by programmers. Everything is checked when a profile is loaded — unknown keys (typos),
unknown document types or categories, impossible dates, and rules of equal precedence that can
match the same document on the same day with different answers — and every problem names the
file and line.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from vndocsign.errors import ModelError
from vndocsign.model import DocumentType, Secrecy
from vndocsign.policy._locate import Locator
from vndocsign.policy.classify import DISTRIBUTION_MODES, FIELDS, CategoryDef, Classifier
from vndocsign.policy.errors import ProfileError, ProfileNotFoundError
from vndocsign.policy.model import Delivery, Scope, SignatureRole

if TYPE_CHECKING:
    from vndocsign.policy.engine import Engine

__all__ = [
    "Condition",
    "Profile",
    "Rule",
    "SetDef",
    "Window",
    "compose",
    "load_profile",
    "shipped_profiles",
]

#: Secrecy values a condition may name; ``"none"`` is "not secret".
SECRECY_VALUES = ("none", *(s.value for s in Secrecy))

_PROFILE_KEYS = {"name", "title_vi", "title_en", "extends", "assume_scope", "disable", "note"}
_CATEGORY_KEYS = {
    "vi", "en", "keywords", "patterns", "types", "requires", "fields", "distribution", "replace",
}
_SET_KEYS = {"vi", "en", "source", "types", "categories"}
_RULE_KEYS = {
    "id", "source", "source_title", "effective_from", "effective_until", "windows",
    "precedence", "delivery", "signatures", "signatures_when_delivery", "vi", "en", "when",
    "note",
}
_WHEN_KEYS = {
    "types", "except_types", "categories", "except_categories", "secrecy", "draft",
    "submission", "scope", "in_set",
}
_WINDOW_KEYS = {"from", "until", "kind"}
_WINDOW_KINDS = ("in-force", "pilot", "official")
_TOP_KEYS = {"profile", "categories", "sets", "rule"}


# -- the parsed data --------------------------------------------------------------------------


@attrs.frozen
class Window:
    """Dates (inclusive) during which a rule is in force; ``end=None`` is open-ended."""

    start: dt.date
    end: dt.date | None = None
    kind: str = "in-force"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, other: Window) -> bool:
        return (self.end is None or other.start <= self.end) and (
            other.end is None or self.start <= other.end
        )

    def label(self) -> str:
        end = self.end.isoformat() if self.end else ""
        return f"{self.start.isoformat()}..{end} ({self.kind})"


@attrs.frozen
class Condition:
    """One ``when`` block: every constraint given must hold (``None`` = unconstrained).

    A rule matches when *any* of its blocks matches; ``categories`` needs at least one of the
    listed categories, ``except_*`` none of them; ``types`` needs the document's type to be
    known and listed.
    """

    types: frozenset[DocumentType] | None = None
    except_types: frozenset[DocumentType] = frozenset()
    categories: frozenset[str] | None = None
    except_categories: frozenset[str] = frozenset()
    secrecy: frozenset[str] | None = None
    draft: bool | None = None
    submission: bool | None = None
    scope: frozenset[Scope] | None = None
    in_set: str | None = None
    line: int = 0


@attrs.frozen
class Rule:
    """One dated rule of one legal text."""

    id: str
    source: str
    vi: str
    en: str
    windows: tuple[Window, ...]
    conditions: tuple[Condition, ...]
    precedence: int = 0
    delivery: Delivery | None = None
    signatures: frozenset[SignatureRole] = frozenset()
    signatures_when_delivery: frozenset[Delivery] | None = None
    source_title: str | None = None
    profile: str = ""
    file: str = ""
    line: int = 0

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"

    def in_force(self, day: dt.date) -> Window | None:
        for window in self.windows:
            if window.contains(day):
                return window
        return None


@attrs.frozen
class SetDef:
    """A named list of document types and/or categories (``[sets.NAME]``)."""

    name: str
    vi: str
    en: str
    source: str | None
    #: ``None`` = every type (``types = ["*"]``).
    types: frozenset[DocumentType] | None
    categories: frozenset[str]
    line: int = 0
    file: str = ""


@attrs.frozen
class _Layer:
    """One profile file as parsed (references to categories and sets not yet resolved)."""

    name: str
    file: str
    title_vi: str
    title_en: str
    extends: tuple[str, ...]
    assume_scope: Scope | None
    disable: tuple[str, ...]
    categories: tuple[tuple[CategoryDef, bool, int], ...]  # (def, replace, line)
    sets: tuple[SetDef, ...]
    rules: tuple[Rule, ...]
    locator: Locator = attrs.field(eq=False, repr=False)
    disable_line: int = 0


# -- the composed profile ---------------------------------------------------------------------


class Profile:
    """A composed, validated profile ready to decide on documents.

    Build one with :func:`load_profile` (a shipped name such as ``"hau-giang"`` or a path to
    your own TOML file) or :func:`compose`. Profiles are immutable; the compiled decision
    engine is built on first use and cached.
    """

    def __init__(self, layers: Sequence[_Layer], *, name: str | None = None) -> None:
        if not layers:
            raise ProfileError("A profile needs at least one layer", "Hồ sơ quy tắc trống")
        self._layers = tuple(layers)
        top = layers[-1]
        self.name: str = name or top.name
        self.title_vi: str = top.title_vi
        self.title_en: str = top.title_en
        self.chain: tuple[str, ...] = tuple(layer.name for layer in layers)
        self.files: tuple[str, ...] = tuple(layer.file for layer in layers)
        self.assume_scope: Scope | None = None
        for layer in layers:
            if layer.assume_scope is not None:
                self.assume_scope = layer.assume_scope
        self.categories: dict[str, CategoryDef] = _merge_categories(layers)
        self.sets: dict[str, SetDef] = {}
        for layer in layers:
            for s in layer.sets:
                _check_set_refs(s, self.categories, layer)
                self.sets[s.name] = s
        self.rules: tuple[Rule, ...] = _merge_rules(layers, self.categories, self.sets)
        self.classifier = Classifier(self.categories.values())
        self._engine: Engine | None = None

    @property
    def layers(self) -> tuple[str, ...]:
        return self.chain

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from vndocsign.policy.engine import Engine

            self._engine = Engine(self)
        return self._engine

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON view (``vndocsign policy profiles --json``)."""
        return {
            "name": self.name,
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "layers": list(self.chain),
            "assume_scope": self.assume_scope.value if self.assume_scope else None,
            "categories": sorted(self.categories),
            "rules": [
                {
                    "id": r.id,
                    "source": r.source,
                    "profile": r.profile,
                    "windows": [w.label() for w in r.windows],
                    "precedence": r.precedence,
                    "delivery": r.delivery.value if r.delivery else None,
                    "signatures": sorted(s.value for s in r.signatures),
                    "vi": r.vi,
                    "en": r.en,
                    "location": r.location,
                }
                for r in self.rules
            ],
        }

    def __repr__(self) -> str:
        return f"<Profile {self.name} ({' + '.join(self.chain)}), {len(self.rules)} rules>"


def _merge_categories(layers: Sequence[_Layer]) -> dict[str, CategoryDef]:
    merged: dict[str, CategoryDef] = {}
    for layer in layers:
        for cat, replace, line in layer.categories:
            old = merged.get(cat.name)
            if old is None or replace:
                if not cat.vi or not cat.en:
                    raise ProfileError(
                        f"Category {cat.name!r} needs 'vi' and 'en'",
                        f"Nhóm nội dung {cat.name!r} cần có 'vi' và 'en'",
                        file=layer.file,
                        line=line,
                    )
                merged[cat.name] = cat
            else:  # an agency adds keywords to an inherited category
                merged[cat.name] = attrs.evolve(
                    old,
                    vi=cat.vi or old.vi,
                    en=cat.en or old.en,
                    keywords=old.keywords + cat.keywords,
                    patterns=old.patterns + cat.patterns,
                    types=old.types + cat.types,
                    requires=old.requires + cat.requires,
                )
    for layer in layers:
        for cat, _, line in layer.categories:
            for dep in cat.requires:
                if dep not in merged:
                    raise ProfileError(
                        f"Category {cat.name!r} requires unknown category {dep!r}",
                        f"Nhóm nội dung {cat.name!r} phụ thuộc nhóm không tồn tại {dep!r}",
                        file=layer.file,
                        line=layer.locator.table(f"categories.{cat.name}", "requires") or line,
                    )
    try:
        Classifier(merged.values())
    except ValueError as exc:
        raise ProfileError(
            f"Categories depend on each other in a cycle ({exc})",
            f"Các nhóm nội dung phụ thuộc vòng tròn ({exc})",
            file=layers[-1].file,
            line=1,
        ) from None
    return merged


def _check_set_refs(s: SetDef, categories: Mapping[str, CategoryDef], layer: _Layer) -> None:
    for c in s.categories:
        if c not in categories:
            raise ProfileError(
                f"Set {s.name!r} names unknown category {c!r}",
                f"Danh mục {s.name!r} dùng nhóm nội dung không tồn tại {c!r}",
                file=layer.file,
                line=layer.locator.table(f"sets.{s.name}", "categories"),
                known=sorted(categories),
            )


def _merge_rules(
    layers: Sequence[_Layer], categories: Mapping[str, CategoryDef], sets: Mapping[str, SetDef]
) -> tuple[Rule, ...]:
    rules: dict[str, Rule] = {}
    for layer in layers:
        for rid in layer.disable:
            if rid not in rules:
                raise ProfileError(
                    f"'disable' names rule {rid!r}, which no earlier layer defines",
                    f"'disable' nêu quy tắc {rid!r} không có trong các hồ sơ được kế thừa",
                    file=layer.file,
                    line=layer.disable_line,
                )
            del rules[rid]
        for index, rule in enumerate(layer.rules):
            if rule.id in rules:
                first = rules[rule.id]
                raise ProfileError(
                    f"Rule id {rule.id!r} is already defined at {first.location}; "
                    "disable the inherited rule first ([profile] disable = [...])",
                    f"Mã quy tắc {rule.id!r} đã có tại {first.location}; hãy tắt quy tắc "
                    "kế thừa trước ([profile] disable = [...])",
                    file=layer.file,
                    line=rule.line,
                )
            conditions = []
            for block, cond in enumerate(rule.conditions):
                for cat in (cond.categories or frozenset()) | cond.except_categories:
                    if cat not in categories:
                        raise ProfileError(
                            f"Rule {rule.id!r} names unknown category {cat!r}",
                            f"Quy tắc {rule.id!r} dùng nhóm nội dung không tồn tại {cat!r}",
                            file=layer.file,
                            line=layer.locator.rule_when(index, block, "categories")
                            if cond.categories and cat in cond.categories
                            else layer.locator.rule_when(index, block, "except_categories"),
                            known=sorted(categories),
                        )
                if cond.in_set is not None:
                    if cond.in_set not in sets:
                        raise ProfileError(
                            f"Rule {rule.id!r} names unknown set {cond.in_set!r}",
                            f"Quy tắc {rule.id!r} dùng danh mục không tồn tại {cond.in_set!r}",
                            file=layer.file,
                            line=layer.locator.rule_when(index, block, "in_set"),
                            known=sorted(sets),
                        )
                    conditions.extend(_expand_set(rule, cond, sets[cond.in_set], layer, index))
                else:
                    conditions.append(cond)
            rules[rule.id] = attrs.evolve(rule, conditions=tuple(conditions))
    return tuple(rules.values())


def _expand_set(
    rule: Rule, cond: Condition, s: SetDef, layer: _Layer, index: int
) -> list[Condition]:
    """``in_set`` = "the type is on the list, or a listed category applies" (two blocks)."""
    out: list[Condition] = []
    if s.types is None:
        return [attrs.evolve(cond, in_set=None)]
    if s.types:
        types = s.types if cond.types is None else cond.types & s.types
        out.append(attrs.evolve(cond, types=frozenset(types), in_set=None))
    if s.categories:
        if cond.categories is not None:
            raise ProfileError(
                f"Rule {rule.id!r}: 'in_set' with a set of categories cannot be combined with "
                "'categories' in the same block",
                f"Quy tắc {rule.id!r}: không dùng đồng thời 'in_set' (có nhóm nội dung) và "
                "'categories' trong cùng một điều kiện",
                file=layer.file,
                line=layer.locator.rule(index, "when"),
            )
        out.append(attrs.evolve(cond, categories=s.categories, in_set=None))
    return out


# -- loading ----------------------------------------------------------------------------------


def shipped_profiles() -> tuple[str, ...]:
    """Names of the profiles shipped with the package."""
    folder = resources.files("vndocsign.policy") / "profiles"
    return tuple(
        sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
    )


def _shipped_text(name: str) -> tuple[str, str] | None:
    resource = resources.files("vndocsign.policy") / "profiles" / f"{name}.toml"
    if not resource.is_file():
        return None
    return resource.read_text(encoding="utf-8"), f"profiles/{name}.toml"


def load_profile(
    spec: str | os.PathLike[str],
    *,
    search_path: Iterable[str | os.PathLike[str]] = (),
) -> Profile:
    """Load a profile by shipped name (``"thanh-hoa"``) or by path, with what it extends.

    ``search_path`` lists folders where ``extends = ["my-agency"]`` names are looked up (as
    ``my-agency.toml``) before the shipped profiles. Shipped profiles are cached.
    """
    paths = tuple(str(p) for p in search_path)
    if isinstance(spec, str) and not paths and _looks_like_name(spec):
        return _load_shipped_cached(spec)
    layers = _resolve(spec, paths, base=None, seen=())
    profile = Profile(_dedup(layers))
    profile.engine  # noqa: B018 - compile now so contradictions surface at load time
    return profile


def compose(*profiles: Profile | str | os.PathLike[str], name: str | None = None) -> Profile:
    """Stack profiles: later ones on top (national + province + an agency's additions).

    Layers shared by several (``vn-national`` under each province) are used once. The result
    is validated again as a whole — two provinces' rules that contradict each other at equal
    precedence are refused.
    """
    layers: list[_Layer] = []
    for p in profiles:
        loaded = p if isinstance(p, Profile) else load_profile(p)
        layers.extend(loaded._layers)
    composed = Profile(_dedup(layers), name=name or "+".join(
        (p.name if isinstance(p, Profile) else Path(str(p)).stem) for p in profiles
    ))
    composed.engine  # noqa: B018 - compile now so contradictions surface at load time
    return composed


@functools.lru_cache(maxsize=32)
def _load_shipped_cached(name: str) -> Profile:
    profile = Profile(_dedup(_resolve(name, (), base=None, seen=())))
    profile.engine  # noqa: B018 - compile (and check for conflicts) at load time
    return profile


def _looks_like_name(spec: str) -> bool:
    return not spec.endswith(".toml") and "/" not in spec and os.sep not in spec


def _dedup(layers: Sequence[_Layer]) -> list[_Layer]:
    out: list[_Layer] = []
    seen: set[str] = set()
    for layer in layers:
        if layer.file in seen:
            continue
        seen.add(layer.file)
        out.append(layer)
    return out


def _resolve(
    spec: str | os.PathLike[str], search: tuple[str, ...], base: Path | None, seen: tuple[str, ...]
) -> list[_Layer]:
    text, file = _find(spec, search, base)
    if file in seen:
        raise ProfileError(
            f"Profiles extend each other in a cycle: {' -> '.join((*seen, file))}",
            f"Các hồ sơ kế thừa vòng tròn: {' -> '.join((*seen, file))}",
            file=file,
            line=1,
        )
    layer = parse_profile_text(text, file)
    here = Path(file).parent if not file.startswith("profiles/") else None
    layers: list[_Layer] = []
    for parent in layer.extends:
        layers.extend(_resolve(parent, search, here, (*seen, file)))
    layers.append(layer)
    return layers


def _find(
    spec: str | os.PathLike[str], search: tuple[str, ...], base: Path | None
) -> tuple[str, str]:
    text_spec = str(spec)
    candidates: list[Path] = []
    if not _looks_like_name(text_spec) or isinstance(spec, os.PathLike):
        path = Path(text_spec)
        if not path.is_absolute() and base is not None:
            candidates.append(base / path)
        candidates.append(path)
    else:
        candidates.extend(Path(folder) / f"{text_spec}.toml" for folder in search)
        if base is not None:
            candidates.append(base / f"{text_spec}.toml")
    for candidate in candidates:
        if candidate.is_file():
            try:
                return candidate.read_text(encoding="utf-8"), str(candidate)
            except (OSError, UnicodeDecodeError) as exc:
                raise ProfileError(
                    f"Cannot read profile {candidate}: {exc}",
                    f"Không đọc được hồ sơ quy tắc {candidate}: {exc}",
                    file=str(candidate),
                ) from None
    if _looks_like_name(text_spec):
        shipped = _shipped_text(text_spec)
        if shipped is not None:
            return shipped
    raise ProfileNotFoundError(
        f"Unknown profile {text_spec!r}; shipped profiles: {', '.join(shipped_profiles())}",
        f"Không có hồ sơ quy tắc {text_spec!r}; các hồ sơ có sẵn: "
        f"{', '.join(shipped_profiles())}",
        profile=text_spec,
        shipped=list(shipped_profiles()),
    )


# -- parsing and validation of one file ------------------------------------------------------


class _Ctx:
    """Error helper bound to one file."""

    def __init__(self, file: str, locator: Locator) -> None:
        self.file = file
        self.loc = locator

    def fail(self, line: int, en: str, vi: str, **details: Any) -> ProfileError:
        return ProfileError(en, vi, file=self.file, line=line, **details)


def parse_profile_text(text: str, file: str = "<profile>") -> _Layer:
    """Parse and validate one profile file's text (without resolving ``extends``)."""
    loc = Locator(text)
    ctx = _Ctx(file, loc)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        raise ctx.fail(
            line,
            f"Not valid TOML: {exc}",
            f"Tệp không đúng cú pháp TOML: {exc}",
        ) from None
    _unknown_keys(ctx, data, _TOP_KEYS, 1, "top level")

    prof = data.get("profile")
    if not isinstance(prof, dict):
        raise ctx.fail(1, "Missing [profile] table", "Thiếu bảng [profile]")
    pline = loc.table("profile")
    _unknown_keys(ctx, prof, _PROFILE_KEYS, pline, "[profile]", table="profile")
    name = _req_str(ctx, prof, "name", loc.table("profile", "name"), "[profile]")
    extends = _str_list(ctx, prof.get("extends", []), loc.table("profile", "extends"), "extends")
    disable = _str_list(ctx, prof.get("disable", []), loc.table("profile", "disable"), "disable")
    assume = prof.get("assume_scope")
    assume_scope = None
    if assume is not None:
        try:
            assume_scope = Scope.parse(str(assume))
        except Exception:
            raise ctx.fail(
                loc.table("profile", "assume_scope"),
                f"assume_scope must be central, province or internal, not {assume!r}",
                f"assume_scope phải là central, province hoặc internal, không phải {assume!r}",
            ) from None

    categories = tuple(
        _parse_category(ctx, cname, cdata)
        for cname, cdata in _table_items(ctx, data.get("categories", {}), "categories")
    )
    sets = tuple(
        _parse_set(ctx, sname, sdata)
        for sname, sdata in _table_items(ctx, data.get("sets", {}), "sets")
    )
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise ctx.fail(loc.table("rule"), "'rule' must be an array of tables ([[rule]])",
                       "'rule' phải là mảng bảng ([[rule]])")
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
    return _Layer(
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


def _toml_error_line(message: str) -> int:
    import re

    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else 1


def _table_items(ctx: _Ctx, value: Any, what: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(value, dict):
        raise ctx.fail(ctx.loc.table(what), f"[{what}] must be a table", f"[{what}] phải là bảng")
    out = []
    for key, item in value.items():
        if not isinstance(item, dict):
            raise ctx.fail(
                ctx.loc.table(f"{what}.{key}"),
                f"[{what}.{key}] must be a table",
                f"[{what}.{key}] phải là bảng",
            )
        out.append((str(key), item))
    return out


def _unknown_keys(
    ctx: _Ctx,
    data: Mapping[str, Any],
    allowed: set[str],
    line: int,
    where: str,
    *,
    table: str | None = None,
    rule_index: int | None = None,
    block: int | None = None,
) -> None:
    for key in data:
        if key in allowed:
            continue
        if rule_index is not None and block is not None:
            kline = ctx.loc.rule_when(rule_index, block, key)
        elif rule_index is not None:
            kline = ctx.loc.rule(rule_index, key)
        elif table is not None:
            kline = ctx.loc.table(table, key)
        else:
            kline = ctx.loc.top_key(key) if key not in _TOP_KEYS else line
        raise ctx.fail(
            kline or line,
            f"Unknown key {key!r} in {where} (allowed: {', '.join(sorted(allowed))})",
            f"Khóa {key!r} không hợp lệ trong {where} (được phép: {', '.join(sorted(allowed))})",
            key=key,
        )


def _req_str(ctx: _Ctx, data: Mapping[str, Any], key: str, line: int, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(
            line,
            f"{where} needs a non-empty text '{key}'",
            f"{where} cần có '{key}' (chuỗi không rỗng)",
            key=key,
        )
    return value.strip()


def _str_list(ctx: _Ctx, value: Any, line: int, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ctx.fail(
            line,
            f"'{key}' must be a list of texts",
            f"'{key}' phải là danh sách chuỗi",
            key=key,
        )
    return [v.strip() for v in value]


def _types(ctx: _Ctx, value: Any, line: int, key: str) -> frozenset[DocumentType] | None:
    names = _str_list(ctx, value, line, key)
    if "*" in names:
        return None
    out = set()
    for n in names:
        try:
            out.add(DocumentType.lookup(n))
        except ModelError:
            raise ctx.fail(
                line,
                f"Unknown document type {n!r} in '{key}'",
                f"Tên loại văn bản {n!r} trong '{key}' không tồn tại",
                value=n,
            ) from None
    return frozenset(out)


def _parse_category(ctx: _Ctx, name: str, data: dict[str, Any]) -> tuple[CategoryDef, bool, int]:
    table = f"categories.{name}"
    line = ctx.loc.table(table)
    _unknown_keys(ctx, data, _CATEGORY_KEYS, line, f"[{table}]", table=table)

    def kline(key: str) -> int:
        return ctx.loc.table(table, key)

    default_fields = ["subject", "recipients"]
    fields = _str_list(ctx, data.get("fields", default_fields), kline("fields"), "fields")
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
    patterns = _str_list(ctx, data.get("patterns", []), kline("patterns"), "patterns")
    import re

    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ctx.fail(
                kline("patterns"),
                f"Invalid regular expression {p!r}: {exc}",
                f"Biểu thức chính quy {p!r} không hợp lệ: {exc}",
            ) from None
    types = _types(ctx, data.get("types", []), kline("types"), "types") or frozenset()
    keywords = _str_list(ctx, data.get("keywords", []), kline("keywords"), "keywords")
    if any(not k for k in keywords):
        raise ctx.fail(kline("keywords"), "Empty keyword", "Từ khóa rỗng")
    replace = data.get("replace", False)
    if not isinstance(replace, bool):
        raise ctx.fail(kline("replace"), "'replace' must be true or false",
                       "'replace' phải là true hoặc false")
    cat = CategoryDef(
        name=name,
        vi=str(data.get("vi", "")),
        en=str(data.get("en", "")),
        keywords=tuple(keywords),
        patterns=tuple(patterns),
        types=tuple(sorted(types, key=lambda t: t.ordinal)),
        requires=tuple(_str_list(ctx, data.get("requires", []), kline("requires"), "requires")),
        fields=tuple(fields),
        distribution=mode,
    )
    return cat, replace, line


def _parse_set(ctx: _Ctx, name: str, data: dict[str, Any]) -> SetDef:
    table = f"sets.{name}"
    line = ctx.loc.table(table)
    _unknown_keys(ctx, data, _SET_KEYS, line, f"[{table}]", table=table)
    types = _types(ctx, data.get("types", []), ctx.loc.table(table, "types"), "types")
    cats = _str_list(ctx, data.get("categories", []), ctx.loc.table(table, "categories"),
                     "categories")
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


def _date(ctx: _Ctx, value: Any, line: int, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ctx.fail(line, f"'{key}' must be a date, not a date-time",
                       f"'{key}' phải là ngày, không kèm giờ")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ctx.fail(
        line,
        f"'{key}' must be a date (YYYY-MM-DD), not {value!r}",
        f"'{key}' phải là ngày (YYYY-MM-DD), không phải {value!r}",
        key=key,
    )


def _parse_windows(ctx: _Ctx, index: int, data: Mapping[str, Any]) -> tuple[Window, ...]:
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
            raise ctx.fail(wline, "'windows' must be a non-empty list of tables",
                           "'windows' phải là danh sách bảng không rỗng")
        windows = []
        for w in raw:
            if not isinstance(w, dict):
                raise ctx.fail(wline, "Each window is a table {from = ..., until = ...}",
                               "Mỗi khoảng thời gian là một bảng {from = ..., until = ...}")
            for key in w:
                if key not in _WINDOW_KEYS:
                    raise ctx.fail(wline, f"Unknown key {key!r} in a window (from, until, kind)",
                                   f"Khóa {key!r} không hợp lệ trong khoảng thời gian")
            if "from" not in w:
                raise ctx.fail(wline, "A window needs 'from'", "Khoảng thời gian cần có 'from'")
            kind = w.get("kind", "pilot")
            if kind not in _WINDOW_KINDS:
                raise ctx.fail(wline, f"Window kind must be one of {', '.join(_WINDOW_KINDS)}",
                               f"Loại khoảng thời gian phải là {', '.join(_WINDOW_KINDS)}")
            start = _date(ctx, w["from"], wline, "from")
            end = _date(ctx, w["until"], wline, "until") if "until" in w else None
            windows.append(Window(start, end, kind))
    elif "effective_from" in data:
        fline = ctx.loc.rule(index, "effective_from")
        start = _date(ctx, data["effective_from"], fline, "effective_from")
        end = None
        if "effective_until" in data:
            end = _date(ctx, data["effective_until"], ctx.loc.rule(index, "effective_until"),
                        "effective_until")
        windows = [Window(start, end, "in-force")]
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
            raise ctx.fail(ctx.loc.rule(index, "windows"), "The windows of a rule overlap",
                           "Các khoảng thời gian của quy tắc chồng lấn nhau")
    return tuple(windows)


def _parse_when(ctx: _Ctx, index: int, block: int, data: Any) -> Condition:
    line = ctx.loc.rule_when(index, block)
    if not isinstance(data, dict):
        raise ctx.fail(line, "'when' must be a table or a list of tables",
                       "'when' phải là bảng hoặc danh sách bảng")
    _unknown_keys(ctx, data, _WHEN_KEYS, line, "when", rule_index=index, block=block)

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
        for v in _str_list(ctx, data["secrecy"], kl("secrecy"), "secrecy"):
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
        for v in _str_list(ctx, data["scope"], kl("scope"), "scope"):
            try:
                scopes.add(Scope.parse(v))
            except Exception:
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
        types=_types(ctx, data["types"], kl("types"), "types") if "types" in data else None,
        except_types=_types(ctx, data.get("except_types", []), kl("except_types"),
                            "except_types") or frozenset(),
        categories=(
            frozenset(_str_list(ctx, cats, kl("categories"), "categories"))
            if cats is not None else None
        ),
        except_categories=frozenset(
            _str_list(ctx, data.get("except_categories", []), kl("except_categories"),
                      "except_categories")
        ),
        secrecy=secrecy,
        draft=opt_bool("draft"),
        submission=opt_bool("submission"),
        scope=scope,
        in_set=in_set,
        line=line,
    )


def _parse_rule(ctx: _Ctx, index: int, data: Any, profile: str) -> Rule:
    line = ctx.loc.rule(index)
    if not isinstance(data, dict):
        raise ctx.fail(line, "Each [[rule]] must be a table", "Mỗi [[rule]] phải là bảng")
    _unknown_keys(ctx, data, _RULE_KEYS, line, "[[rule]]", rule_index=index)
    rid = _req_str(ctx, data, "id", ctx.loc.rule(index, "id") if "id" in data else line, "[[rule]]")
    where = f"rule {rid!r}"
    source = _req_str(ctx, data, "source", ctx.loc.rule(index, "source") if "source" in data
                      else line, where)
    vi = _req_str(ctx, data, "vi", ctx.loc.rule(index, "vi") if "vi" in data else line, where)
    en = _req_str(ctx, data, "en", ctx.loc.rule(index, "en") if "en" in data else line, where)
    windows = _parse_windows(ctx, index, data)
    precedence = data.get("precedence", 0)
    if not isinstance(precedence, int) or isinstance(precedence, bool):
        raise ctx.fail(ctx.loc.rule(index, "precedence"), "'precedence' must be an integer",
                       "'precedence' phải là số nguyên")
    delivery = None
    if "delivery" in data:
        delivery = _delivery(ctx, data["delivery"], ctx.loc.rule(index, "delivery"))
    signatures = frozenset(
        _role(ctx, v, ctx.loc.rule(index, "signatures"))
        for v in _str_list(ctx, data.get("signatures", []), ctx.loc.rule(index, "signatures"),
                           "signatures")
    )
    when_delivery = None
    if "signatures_when_delivery" in data:
        kl = ctx.loc.rule(index, "signatures_when_delivery")
        when_delivery = frozenset(
            _delivery(ctx, v, kl)
            for v in _str_list(ctx, data["signatures_when_delivery"], kl,
                               "signatures_when_delivery")
        )
        if not signatures:
            raise ctx.fail(kl, "'signatures_when_delivery' without 'signatures'",
                           "'signatures_when_delivery' mà không có 'signatures'")
    if delivery is None and not signatures:
        raise ctx.fail(
            line,
            f"Rule {rid!r} has no effect: give 'delivery' and/or 'signatures'",
            f"Quy tắc {rid!r} không có hiệu lực gì: cần 'delivery' và/hoặc 'signatures'",
        )
    raw_when = data.get("when", {})
    blocks = raw_when if isinstance(raw_when, list) else [raw_when]
    if not blocks:
        raise ctx.fail(ctx.loc.rule(index, "when"), "'when' is an empty list",
                       "'when' là danh sách rỗng")
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


def _delivery(ctx: _Ctx, value: Any, line: int) -> Delivery:
    try:
        d = Delivery(str(value).strip().upper())
    except ValueError:
        d = None
    if d is None or d is Delivery.NO_RULE:
        allowed = "ELECTRONIC_ONLY, ELECTRONIC_AND_PAPER, NOT_ELECTRONIC"
        raise ctx.fail(line, f"Unknown delivery form {value!r} ({allowed})",
                       f"Hình thức gửi {value!r} không hợp lệ ({allowed})")
    return d


def _role(ctx: _Ctx, value: str, line: int) -> SignatureRole:
    try:
        return SignatureRole(value.strip().lower())
    except ValueError:
        raise ctx.fail(line, f"Unknown signature role {value!r} (personal, agency, initial)",
                       f"Loại chữ ký {value!r} không hợp lệ (personal, agency, initial)") from None
