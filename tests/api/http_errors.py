"""The API's typed error body, asserted the same way by every API test (a module of its own:
`from conftest import ...` resolves to whichever conftest pytest imported last)."""


def assert_error(response, status, code=None, field=None):
    """The typed error body, with the expected status (and code/field when given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}, body
    assert "Traceback" not in response.text
    if code is not None:
        assert body["error"]["code"] == code, body
    if field is not None:
        assert body["error"]["field"] == field, body
    return body["error"]
