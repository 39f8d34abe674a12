"""The case-file dossier (aigak.export.dossier) as a download: HTML or PDF, in full or redacted, audited."""

from __future__ import annotations

import hashlib
import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from aigak.core.errors import PermissionDenied
from aigak.core.roles import Action
from aigak.store.audit import append_audit
from aigak.web.auth import Reader, store_of, write_lock
from aigak.web.errors import FeatureUnavailable
from aigak.web.models import PathId

__all__ = ["router"]

log = logging.getLogger("aigak.web")
router = APIRouter(tags=["people"])
_MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def _dossier(request: Request, principal: Reader, person_id: int, fmt: str, redact: bool) -> Response:
    """Render the dossier, record the export (format, redaction, SHA-256) in the audit trail, send it."""
    if not redact and not principal.can(Action.EXPORT):
        raise PermissionDenied("Your role may download the redacted dossier only (add redact=1); a full dossier "
                               "is an export, for editors and admins.")
    try:
        from aigak.export.casefiles import case_file_dict
        from aigak.export.dossier import render_dossier_html, render_dossier_pdf
    except ImportError as exc:
        raise FeatureUnavailable("Dossiers are not part of this build.") from exc
    store = store_of(request)
    case, ingested = case_file_dict(store, str(person_id))
    html = render_dossier_html(case, redact=redact, ingested=ingested)
    if fmt == "pdf":
        try:
            data = render_dossier_pdf(html)
        except ImportError as exc:
            raise FeatureUnavailable("PDF dossiers need WeasyPrint (`make` installs it); download the HTML one.") \
                from exc
    else:
        data = html.encode("utf-8")
    sha256 = hashlib.sha256(data).hexdigest()
    root = (case.get("person") or {}).get("id") or person_id
    filename = f"dossier-{root}{'-redacted' if redact else ''}.{fmt}"
    with write_lock(request), store.transaction() as conn:
        append_audit(conn, actor=principal.actor, action="export", target=f"person:{root}",
                     after={"format": f"dossier-{fmt}", "files": [filename], "redacted": redact, "sha256": sha256})
    log.info("dossier of person %s downloaded (%s, redacted=%s)", root, fmt, redact)
    return Response(data, media_type=_MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff"})


@router.get("/people/{person_id}/dossier", include_in_schema=False)
def dossier_download(request: Request, principal: Reader, person_id: PathId,
                     format: Annotated[Literal["html", "pdf"], Query()] = "html",
                     redact: Annotated[bool, Query()] = False) -> Response:
    return _dossier(request, principal, person_id, format, redact)


@router.get("/api/people/{person_id}/dossier", response_class=Response,
            responses={200: {"content": {"text/html": {}, "application/pdf": {}}}})
def api_dossier(request: Request, principal: Reader, person_id: PathId,
                format: Annotated[Literal["html", "pdf"], Query()] = "html",
                redact: Annotated[bool, Query()] = False) -> Response:
    """The person's dossier for an asylum file (as `aigak dossier`): HTML or PDF, `redact=true` for the
    public-safe copy. Viewers may download the redacted copy; the full one needs the export right
    (editors, admins). Every download is recorded in the audit trail with the file's SHA-256."""
    return _dossier(request, principal, person_id, format, redact)
