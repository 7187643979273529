"""HTTP plumbing shared by the robot and SMS channels, on httpx.

Every failure becomes a :class:`DeliveryError`: timeouts, network errors, HTTP 408/429 and 5xx
are retryable; redirects (never followed: a webhook that redirects is misconfigured), other 4xx
and invalid URLs are not. Error texts name the channel, never the URL (it holds the robot key).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from panel.notifications.message import DeliveryError

RETRYABLE_STATUSES = frozenset({408, 425, 429})


def post(
    url: str,
    *,
    channel: str,
    idempotency_key: str,
    timeout: float,
    json: Any = None,
    data: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
) -> httpx.Response:
    """POST ``json`` (or form ``data``) to ``url``; return the 2xx response or raise.

    ``channel`` is the Chinese name used in error messages. ``client`` lets a worker reuse one
    connection pool; without it a short-lived client is opened for the call.
    """
    all_headers = {"Idempotency-Key": idempotency_key, **(headers or {})}
    kwargs = {"json": json, "data": data, "headers": all_headers, "timeout": timeout}
    try:
        if client is not None:
            response = client.post(url, **kwargs)
        else:
            with httpx.Client(follow_redirects=False) as own_client:
                response = own_client.post(url, **kwargs)
    except httpx.TimeoutException as exc:
        raise DeliveryError(
            f"{channel}请求超时（{timeout:g} 秒），稍后重试", retryable=True
        ) from exc
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise DeliveryError(f"{channel}地址无效，请检查配置", retryable=False) from exc
    except httpx.TransportError as exc:
        raise DeliveryError(f"{channel}连接失败（{type(exc).__name__}），稍后重试", True) from exc
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{channel}请求失败（{type(exc).__name__}）", False) from exc
    _check_status(response, channel)
    return response


def _check_status(response: httpx.Response, channel: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    if status >= 500 or status in RETRYABLE_STATUSES:
        raise DeliveryError(f"{channel}返回 HTTP {status}，稍后重试", retryable=True)
    if 300 <= status < 400:
        raise DeliveryError(f"{channel}返回重定向 HTTP {status}，请检查地址配置", False)
    raise DeliveryError(f"{channel}拒绝了请求（HTTP {status}）", retryable=False)


def json_object(response: httpx.Response, channel: str) -> dict[str, Any]:
    """The response body as a JSON object.

    A 2xx answer that is not a JSON object leaves the outcome unknown; it is not retryable, so
    that a message that did arrive is not sent twice.
    """
    try:
        body = response.json()
    except ValueError as exc:
        raise DeliveryError(f"{channel}返回的内容不是 JSON，无法确认是否送达", False) from exc
    if not isinstance(body, dict):
        raise DeliveryError(f"{channel}返回的 JSON 格式不符，无法确认是否送达", False)
    return body
