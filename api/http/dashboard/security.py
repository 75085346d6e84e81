"""The headers every dashboard response carries."""

# Documents are untrusted: the only script that runs is our own wallet module from this
# origin (no inline script, no eval, no CDN), and it talks only to this origin (the wallet
# extension reaches the chain itself); styles and images only from here, no plugins, no
# framing, forms only back to the dashboard.
CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
