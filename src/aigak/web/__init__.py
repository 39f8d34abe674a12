"""The web application: pages and a JSON API over the store, with accounts, roles and CSRF protection.

`create_app(store, public=False)` builds it; `aigak serve` runs it on 127.0.0.1.
"""

from aigak.web.app import create_app

__all__ = ["create_app"]
