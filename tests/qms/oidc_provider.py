"""A tiny OpenID provider for the single sign-on tests, over real HTTP.

It runs in a thread on a free port of 127.0.0.1 and answers what the QMS asks
of the province's sign-in: the discovery document, the authorization endpoint
(which "signs in" whoever the test put in ``next_claims`` and sends the browser
back with a code), the token endpoint (client secret and PKCE checked; an
RS256 id_token signed with a key made for the run), the userinfo endpoint and
the JWKS with the public key. The test plays the browser: it follows the
redirect to /authorize itself and brings the code back to the QMS.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "qms-test-client"
CLIENT_SECRET = "qms-test-secret"  # noqa: S105


class Provider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key-1"
        # The key id_tokens are signed with: another than the published one in the refusal of a forged token.
        self.signing_key = self.key
        self.next_claims = {}
        # What the next id_token says differently (e.g. another nonce, another audience), for the refusals.
        self.id_token_overrides = {}
        self.codes = {}
        self.tokens = {}
        self.requests = []
        # The province's sign-outs asked of it (RP-initiated logout): their query parameters.
        self.logouts = []
        self.end_session = True
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def issuer(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path):
        return self.issuer + path

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def discovery(self):
        document = {
            "issuer": self.issuer,
            "authorization_endpoint": self.url("/authorize"),
            "token_endpoint": self.url("/token"),
            "userinfo_endpoint": self.url("/userinfo"),
            "jwks_uri": self.url("/jwks"),
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }
        if self.end_session:
            document["end_session_endpoint"] = self.url("/logout")
        return document

    def logout(self, query):
        """The province's sign-out: its session ends; the browser goes back where the QMS asked, if it is
        the QMS's (checked against the id_token it was given)."""
        self.logouts.append(query)
        hint = query.get("id_token_hint")
        if hint:
            claims = jwt.decode(hint, self.key.public_key(), algorithms=["RS256"], audience=CLIENT_ID)
            assert claims["iss"] == self.issuer
        return query.get("post_logout_redirect_uri") or self.url("/signed-out")

    def jwks(self):
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def authorize(self, query):
        """The province's sign-in page, signed in at once as next_claims: where it sends the browser."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "claims": dict(self.next_claims),
            "nonce": query.get("nonce"),
            "redirect_uri": query["redirect_uri"],
            "client_id": query["client_id"],
            "code_challenge": query.get("code_challenge"),
        }
        return query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})

    def token(self, form, authorization):
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, client_secret = base64.b64decode(authorization[6:]).decode().split(":", 1)
        grant = self.codes.pop(form.get("code"), None)
        if client_id != CLIENT_ID or client_secret != CLIENT_SECRET or grant is None:
            return 400, {"error": "invalid_grant"}
        if grant["redirect_uri"] != form.get("redirect_uri") or grant["client_id"] != client_id:
            return 400, {"error": "invalid_grant"}
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if challenge != grant["code_challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = grant["claims"]
        id_token = {
            "iss": self.issuer,
            "sub": claims.get("sub", "sub-" + secrets.token_hex(4)),
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **self.id_token_overrides,
        }
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = claims
        signed = jwt.encode(id_token, self.signing_key, algorithm="RS256", headers={"kid": self.kid})
        return 200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": signed}

    def userinfo(self, authorization):
        claims = self.tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return 401, {"error": "invalid_token"}
        return 200, claims

    def handler_class(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parts = urlsplit(self.path)
                provider.requests.append(("GET", parts.path))
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self.answer(200, provider.discovery())
                elif parts.path == "/jwks":
                    self.answer(200, provider.jwks())
                elif parts.path == "/userinfo":
                    self.answer(*provider.userinfo(self.headers.get("Authorization", "")))
                elif parts.path in ("/authorize", "/logout"):
                    where = provider.authorize(query) if parts.path == "/authorize" else provider.logout(query)
                    self.send_response(302)
                    self.send_header("Location", where)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self.answer(404, {"error": "not_found"})

            def do_POST(self):
                parts = urlsplit(self.path)
                provider.requests.append(("POST", parts.path))
                length = int(self.headers.get("Content-Length") or 0)
                form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
                if parts.path == "/token":
                    self.answer(*provider.token(form, self.headers.get("Authorization", "")))
                else:
                    self.answer(404, {"error": "not_found"})

        return Handler
