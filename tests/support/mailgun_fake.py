#!/usr/bin/python3
"""A stand-in for Mailgun's messages API, for tests (Python standard library only).

POST /v3/<domain>/messages with HTTP basic auth api:<key> and a multipart/form-data (or
urlencoded) body. It answers as Mailgun does: 200 {"id": "<...@domain>", "message": "Queued.
Thank you."}; 401 "Forbidden" for a wrong key; 404 for another domain; 400 {"message": ...}
when from, to, subject or both text and html are missing. Each accepted request is recorded in
--out as NNNN.json: {"path", "fields": {name: [values]}, "files": [{"name", "filename",
"content_type", "data"}]}. Prints "ready <port>" once listening.
"""
import argparse
import base64
import email.parser
import email.policy
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = None
lock = threading.Lock()
count = 0


def parse_form(content_type, body):
    fields, files = {}, []
    if content_type.startswith("application/x-www-form-urlencoded"):
        for k, v in urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            fields.setdefault(k, []).append(v)
        return fields, files
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    if not msg.is_multipart():
        return fields, files
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        data = part.get_payload(decode=True) or b""
        if filename is not None:
            files.append({"name": name, "filename": filename,
                          "content_type": part.get_content_type(),
                          "data": data.decode("utf-8", "replace")})
        else:
            fields.setdefault(name, []).append(data.decode("utf-8"))
    return fields, files


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def answer(self, status, body, content_type="application/json"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        global count
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        expected = "Basic " + base64.b64encode(("api:" + args.key).encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self.answer(401, "Forbidden", "text/plain")
        parts = self.path.split("/")
        if len(parts) != 4 or parts[1] != "v3" or parts[3] != "messages":
            return self.answer(404, json.dumps({"message": "Not Found"}))
        if parts[2] != args.domain:
            return self.answer(404, json.dumps({"message": "Domain not found: " + parts[2]}))
        fields, files = parse_form(self.headers.get("Content-Type", ""), body)
        for required in ("from", "to", "subject"):
            if not any(fields.get(required, [])):
                return self.answer(400, json.dumps({"message": "'%s' parameter is missing" % required}))
        if not any(fields.get("text", [])) and not any(fields.get("html", [])):
            return self.answer(400, json.dumps({"message": "Need at least one of 'text' or 'html' parameters specified"}))
        with lock:
            count += 1
            n = count
        record = {"path": self.path, "fields": fields, "files": files}
        tmp = os.path.join(args.out, "%04d.tmp" % n)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(args.out, "%04d.json" % n))
        self.answer(200, json.dumps({"id": "<%d.fake@%s>" % (n, args.domain),
                                     "message": "Queued. Thank you."}))


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--domain", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("ready %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
