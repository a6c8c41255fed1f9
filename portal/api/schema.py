"""OpenAPI post-processing: every operation documents the error answers it can give, in the one
error shape the API uses ({"detail": "..."} or {field: [messages]})."""

ERROR = {
    "description": "",
    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
}
COMMON = {
    "401": "Not authenticated: send a session cookie or `Authorization: Token …`.",
    "403": "Authenticated, but this endpoint is not for your role.",
    "404": "Not found, or not yours.",
    "413": "The request body is over the endpoint's limit (`max_bytes`); nothing was read or stored.",
    "429": "Too many calls: wait the seconds in `Retry-After` and call again.",
}


def add_error_responses(result, generator, request, public):
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, text in COMMON.items():
                responses.setdefault(code, {**ERROR, "description": text})
            takes_filters = any(
                p.get("in") == "query" and p.get("name") != "page" for p in operation.get("parameters", [])
            )
            if method in ("post", "put", "patch") or takes_filters:
                responses.setdefault("400", {**ERROR, "description": "Invalid input: the messages say what to fix."})
            if method in ("put", "patch", "delete"):
                responses.setdefault("405", {**ERROR, "description": "Method not allowed."})
    return result
