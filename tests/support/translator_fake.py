#!/usr/bin/python3
"""A stand-in for three machine translation APIs, for tests (Python standard library only).

--api microsoft       POST /translate?api-version=3.0[&from=xx]&to=yy, headers
                      Ocp-Apim-Subscription-Key (and Ocp-Apim-Subscription-Region when --region
                      is given), JSON body [{"Text": "..."}]; answers
                      [{"translations": [{"text": "...", "to": "yy"}]}], errors as
                      {"error": {"code": NNNNNN, "message": "..."}}.
--api deepl           POST /v2/translate, header "Authorization: DeepL-Auth-Key <key>", JSON body
                      {"text": ["..."], "target_lang": "EN-US", "source_lang": "ES"?}; answers
                      {"translations": [{"detected_source_language": "ES", "text": "..."}]},
                      errors as {"message": "..."} (403 key, 456 quota, 429, 5xx).
--api libretranslate  POST /translate, JSON body {"q", "source" ("auto" or a code), "target",
                      "format": "text"|"html", "api_key" (when the server has --key)}; answers
                      {"translatedText": "..."}, errors as {"error": "..."}.

Every request must be exactly what the real API expects (method, path, query, headers, content
type, body); anything else is answered with that API's own error. The text decides the rest, so
one server serves every test: "#quota" gets the quota answer, "#server-error" a 500, "#garbage" a
200 that is not JSON, "#huge" a 200 larger than any translation, "#slow" an answer only after
--slow seconds (printing "slow request" first, so a test knows it is in flight).

Each request is recorded in --out as NNNN.json: {"method", "path", "query", "headers" (lower-case
names), "body" (parsed JSON, or the text), "status"}. Prints "ready <port>" once listening.
"""
import argparse
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = None
lock = threading.Lock()
count = 0

# What the fake "translates": a phrase book for the texts the tests post, else "[to] text".
PHRASES = {
    ("es", "en"): {
        "Hoy hace un día precioso en Madrid y vamos a pasear por el parque del Retiro.":
            "Today is a beautiful day in Madrid and we are going for a walk in Retiro park.",
    },
}

MS_LANGS = {"en", "es", "de", "fr", "it", "pt", "ja", "zh-Hans"}
DEEPL_TARGETS = {"EN-US", "EN-GB", "ES", "DE", "FR", "IT", "PT-BR", "PT-PT", "JA", "ZH"}
DEEPL_SOURCES = {"EN", "ES", "DE", "FR", "IT", "PT", "JA", "ZH"}
LIBRE_LANGS = {"en", "es", "de", "fr", "it", "pt", "ja", "zh"}


def translate(text, source, target):
    book = PHRASES.get((source, target), {})
    return book.get(text, "[%s] %s" % (target, text))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def record(self, status, body):
        global count
        with lock:
            count += 1
            n = count
        parsed = urllib.parse.urlsplit(self.path)
        entry = {
            "method": self.command,
            "path": parsed.path,
            "query": parsed.query,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body,
            "status": status,
        }
        tmp = os.path.join(args.out, "%04d.tmp" % n)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(entry, f)
        os.rename(tmp, os.path.join(args.out, "%04d.json" % n))

    def answer(self, status, payload, body_for_record, content_type="application/json; charset=utf-8"):
        self.record(status, body_for_record)
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def special(self, text, quota, server_error, body):
        """The answers a text asks for; True when one was sent."""
        if "#slow" in text:
            print("slow request", flush=True)
            time.sleep(args.slow)
        if "#quota" in text:
            self.answer(quota[0], quota[1], body)
            return True
        if "#server-error" in text:
            self.answer(server_error[0], server_error[1], body)
            return True
        if "#garbage" in text:
            self.answer(200, b"<html>not json</html>", body, "text/html")
            return True
        if "#huge" in text:
            self.answer(200, b"[" + b" " * (1024 * 1024) + b"]", body)
            return True
        return False

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            body = None
        shown = body if body is not None else raw.decode("utf-8", "replace")
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        getattr(self, "api_" + args.api)(body, shown, content_type)

    def do_GET(self):
        self.answer(405, {"error": "Method Not Allowed"}, None)

    # Microsoft Translator v3.
    def api_microsoft(self, body, shown, content_type):
        def error(status, code, message):
            self.answer(status, {"error": {"code": code, "message": message}}, shown)

        parsed = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        if parsed.path != "/translate":
            return error(404, 404000, "Resource not found.")
        if self.headers.get("Ocp-Apim-Subscription-Key") != args.key:
            return error(401, 401000, "The request is not authorized because credentials are missing or invalid.")
        if args.region and self.headers.get("Ocp-Apim-Subscription-Region") != args.region:
            return error(401, 401015, "The request is not authorized because the region is missing or wrong.")
        if query.get("api-version") != "3.0":
            return error(400, 400021, "The API version parameter is missing or invalid.")
        if query.get("to") not in MS_LANGS:
            return error(400, 400036, "The target language (\"To\" field) is missing or invalid.")
        if "from" in query and query["from"] not in MS_LANGS:
            return error(400, 400035, "The source language (\"From\" field) is not valid.")
        if content_type != "application/json":
            return error(415, 415000, "The Content-Type header is missing or invalid.")
        if (not isinstance(body, list) or len(body) != 1 or not isinstance(body[0], dict)
                or set(body[0]) != {"Text"} or not isinstance(body[0]["Text"], str)):
            return error(400, 400074, "The body of the request is not valid JSON.")
        text = body[0]["Text"]
        quota = (403, {"error": {"code": 403001, "message": "The operation is not allowed because "
                                 "the subscription has exceeded its free quota."}})
        server_error = (500, {"error": {"code": 500000, "message": "An unexpected error occurred."}})
        if self.special(text, quota, server_error, shown):
            return
        source = query.get("from", "es")
        item = {"translations": [{"text": translate(text, source, query["to"]), "to": query["to"]}]}
        if "from" not in query:
            item["detectedLanguage"] = {"language": source, "score": 1.0}
        self.answer(200, [item], shown)

    # DeepL API v2.
    def api_deepl(self, body, shown, content_type):
        def error(status, message):
            self.answer(status, {"message": message}, shown)

        parsed = urllib.parse.urlsplit(self.path)
        if parsed.path != "/v2/translate" or parsed.query:
            return error(404, "Not found")
        if self.headers.get("Authorization") != "DeepL-Auth-Key " + args.key:
            return error(403, "Authorization failure, check auth_key")
        if content_type != "application/json":
            return error(415, "Unsupported Media Type")
        if (not isinstance(body, dict) or not isinstance(body.get("text"), list) or not body["text"]
                or not all(isinstance(t, str) for t in body["text"])):
            return error(400, "Parameter 'text' not specified.")
        if body.get("target_lang") not in DEEPL_TARGETS:
            return error(400, "Value for 'target_lang' not supported.")
        if "source_lang" in body and body["source_lang"] not in DEEPL_SOURCES:
            return error(400, "Value for 'source_lang' not supported.")
        unknown = set(body) - {"text", "target_lang", "source_lang"}
        if unknown:
            return error(400, "Unexpected parameter: %s" % sorted(unknown)[0])
        text = body["text"][0]
        if self.special(text, (456, {"message": "Quota exceeded"}),
                        (500, {"message": "Internal Server Error"}), shown):
            return
        source = body.get("source_lang", "ES").lower()
        target = body["target_lang"].split("-")[0].lower()
        self.answer(200, {"translations": [
            {"detected_source_language": source.upper(), "text": translate(t, source, target)}
            for t in body["text"]]}, shown)

    # LibreTranslate.
    def api_libretranslate(self, body, shown, content_type):
        def error(status, message):
            self.answer(status, {"error": message}, shown)

        parsed = urllib.parse.urlsplit(self.path)
        if parsed.path != "/translate" or parsed.query:
            return error(404, "Not Found")
        if content_type != "application/json":
            return error(400, "Invalid request: unsupported content type")
        if not isinstance(body, dict):
            return error(400, "Invalid request: invalid JSON")
        if args.key and body.get("api_key") != args.key:
            return error(403, "Invalid API key")
        for field in ("q", "source", "target"):
            if not isinstance(body.get(field), str) or not body[field]:
                return error(400, "Invalid request: missing %s parameter" % field)
        if body["source"] != "auto" and body["source"] not in LIBRE_LANGS:
            return error(400, "%s is not supported" % body["source"])
        if body["target"] not in LIBRE_LANGS:
            return error(400, "%s is not supported" % body["target"])
        if body.get("format", "text") not in ("text", "html"):
            return error(400, "Invalid request: format must be text or html")
        text = body["q"]
        if self.special(text, (429, {"error": "Too many request limits violations"}),
                        (500, {"error": "Cannot translate text: internal error"}), shown):
            return
        source = "es" if body["source"] == "auto" else body["source"]
        out = {"translatedText": translate(text, source, body["target"])}
        if body["source"] == "auto":
            out["detectedLanguage"] = {"confidence": 90.0, "language": source}
        self.answer(200, out, shown)


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--api", required=True, choices=["microsoft", "deepl", "libretranslate"])
    p.add_argument("--key", default="")
    p.add_argument("--region", default="")
    p.add_argument("--slow", type=float, default=30)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print("ready %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
