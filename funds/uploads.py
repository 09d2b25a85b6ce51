"""Checking a file given in answer to a question: present, not empty, small enough, and of an allowed type by
both its name and its first bytes (a renamed file is refused like a wrong one)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Extensions a question may accept, by name; what each file must start with is in SIGNATURES.
FILE_TYPES = {
    "pdf": "PDF", "docx": "Word document (DOCX)", "xlsx": "Excel spreadsheet (XLSX)", "odt": "OpenDocument text",
    "ods": "OpenDocument spreadsheet", "csv": "CSV", "txt": "text file", "png": "PNG", "jpg": "JPEG",
    "jpeg": "JPEG",
}
_ZIP = b"PK\x03\x04"
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (_ZIP,), "xlsx": (_ZIP,), "odt": (_ZIP,), "ods": (_ZIP,),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
}
TEXT_TYPES = frozenset({"csv", "txt"})
NAME_MAX = 200
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def size_label(size: int) -> str:
    """5MB, 500KB: the way GOV.UK states a limit."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)}MB"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}MB"
    return f"{max(1, size // 1024)}KB"


def types_label(types) -> str:
    names = []
    for ext in types:
        name = FILE_TYPES.get(ext, ext.upper())
        if name not in names:
            names.append(name)
    if len(names) == 1:
        return names[0]
    return _("%(list)s or %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def _looks_like(ext: str, head: bytes) -> bool:
    if ext in TEXT_TYPES:
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is still text.
            return error.start >= len(head) - 3
        return True
    return any(head.startswith(signature) for signature in SIGNATURES.get(ext, ()))


def check(upload, *, allowed_types, max_bytes: int) -> str:
    """The file's extension, or ValidationError with GOV.UK's file upload messages."""
    if upload is None:
        raise ValidationError(_("Select a file"))
    name = str(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise ValidationError(_("The selected file is empty"))
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    wrong_type = _("The selected file must be a %(types)s") % {"types": types_label(allowed_types)}
    if ext not in allowed_types:
        raise ValidationError(wrong_type)
    if size > max_bytes:
        raise ValidationError(_("The selected file must be smaller than %(size)s") % {"size": size_label(max_bytes)})
    if len(name) > NAME_MAX:
        raise ValidationError(_("The selected file's name must be %(max)s characters or fewer") % {"max": NAME_MAX})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not _looks_like(ext, head):
        raise ValidationError(wrong_type)
    return ext
