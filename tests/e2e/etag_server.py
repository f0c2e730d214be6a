#!/usr/bin/env python3
"""A tiny HTTP server for update's tests: serves the files of a folder with
an ETag (SHA-1 of the content) and Last-Modified, answers 304 to a matching
If-None-Match, and logs every request as one line (two special folders:
/always304/... answers 304 to any request, conditional or not, as a broken
proxy might; /slow/FILE sends the first half of FILE, then waits ten minutes
before the rest, so that a test can interrupt the download):
"GET /path inm=<If-None-Match or -> ims=<If-Modified-Since or -> -> STATUS".
Usage: etag_server.py FOLDER PORTFILE LOGFILE [CERT KEY]  (binds 127.0.0.1,
a free port, written to PORTFILE once listening; with CERT and KEY it speaks
HTTPS with that certificate)."""
import email.utils
import hashlib
import http.server
import os
import ssl
import sys
import time

folder, portfile, logfile = sys.argv[1:4]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        slow = self.path.startswith("/slow/")
        always304 = self.path.startswith("/always304/")
        name = self.path.split("/", 2)[2] if slow or always304 else self.path.lstrip("/")
        path = os.path.join(folder, name)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if not os.path.isfile(path):
            status, body, headers = 404, b"not found\n", {}
        else:
            with open(path, "rb") as f:
                body = f.read()
            etag = '"%s"' % hashlib.sha1(body).hexdigest()
            headers = {"ETag": etag,
                       "Last-Modified": email.utils.formatdate(os.path.getmtime(path), usegmt=True)}
            status = 304 if inm == etag or always304 else 200
        with open(logfile, "a") as log:
            log.write("GET %s inm=%s ims=%s -> %d\n" % (self.path, inm or "-", ims or "-", status))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if status == 304:
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if slow:
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            time.sleep(600)
            body = body[len(body) // 2:]
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if len(sys.argv) > 5:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[4], sys.argv[5])
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.handle_error = lambda *args: None  # a refused handshake is expected
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
