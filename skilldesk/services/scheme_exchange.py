"""A stored scheme ⇄ the scheme file (JSON): every field of SchemeFields under its own name.

Export writes UTF-8, atomically; import also reads GBK and UTF-16 (Notepad's "ANSI" and
"Unicode"), reads the whole file before it touches the store and saves in one transaction, so
a bad file changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skilldesk.core.store import Store
from skilldesk.files.safe_write import why_not_saved, write_text_atomically
from skilldesk.files.text_decoding import decode_text
from skilldesk.services.schemes import (
    SchemeError,
    SchemeFields,
    SchemeInfo,
    create_scheme_from_fields,
    get_scheme,
    scheme_fields_from_json,
    scheme_fields_to_json,
    update_scheme,
)


@dataclass(frozen=True)
class SchemeImport:
    scheme: SchemeInfo
    created: bool  # a new scheme, or an existing one given the file's fields

    def to_json(self) -> dict[str, Any]:
        return {"scheme": self.scheme.id, "created": self.created, "year": self.scheme.fields.year}


def export_scheme_file(store: Store, scheme_id: int, path: Path) -> SchemeInfo:
    info = get_scheme(store, scheme_id)
    write_scheme_file(info.fields, path)
    return info


def import_scheme_file(store: Store, path: Path, *, scheme_id: int | None = None) -> SchemeImport:
    """A new draft scheme from the file, or (with `scheme_id`) the file's fields onto that draft
    or rejected scheme; keys the file leaves out keep the scheme's values."""
    data = read_scheme_json(path)
    if scheme_id is None:
        return SchemeImport(create_scheme_from_fields(store, scheme_fields_from_json(data)), True)
    fields = scheme_fields_from_json(data, base=get_scheme(store, scheme_id).fields)
    return SchemeImport(update_scheme(store, scheme_id, fields), False)


def read_scheme_json(path: Path) -> object:
    """The parsed JSON of a scheme file; SchemeError (one Chinese line) when it cannot be read."""
    path = Path(path)
    try:
        text = decode_text(path.read_bytes())
    except FileNotFoundError as exc:
        raise SchemeError(f"找不到实施方案文件「{path}」。") from exc
    except IsADirectoryError as exc:
        raise SchemeError(f"「{path}」是文件夹，请给出实施方案文件（.json）。") from exc
    except OSError as exc:
        raise SchemeError(
            f"无法读取实施方案文件「{path}」，它可能正被其他程序占用，或没有读取权限。"
        ) from exc
    if text is None:
        raise SchemeError(
            f"无法识别实施方案文件「{path.name}」的文字编码：请用 `skilldesk scheme export` "
            "导出的文件，或在记事本中“另存为”UTF-8 编码。"
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemeError(
            f"实施方案文件「{path.name}」不是有效的 JSON：第{exc.lineno}行第{exc.colno}列附近有误。"
        ) from exc


def write_scheme_file(fields: SchemeFields, path: Path) -> None:
    """Write the scheme file atomically: a crash never leaves half a file behind."""
    path = Path(path)
    text = json.dumps(scheme_fields_to_json(fields), ensure_ascii=False, indent=2)
    try:
        write_text_atomically(path, text + "\n")
    except OSError as exc:
        raise SchemeError(f"无法保存实施方案文件「{path.name}」：{why_not_saved(exc)}") from exc
