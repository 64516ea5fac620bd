#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.hpp"

namespace microblog::mail {

// A message that cannot be sent as given (a CR or LF in a header value, a malformed address).
// Refusing it is the defence against header injection: nothing is silently stripped.
class InvalidMessage : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct Address {
  std::string email;
  std::string name;  // display name, any UTF-8; may be empty
};

struct Attachment {
  std::string filename;
  std::string content_type;  // e.g. "application/json"
  std::string data;          // raw bytes
  // When set, the attachment is this file's bytes instead of `data`, read while the message is
  // sent (MimeReader): a large export need not be held in memory, nor in a job's row.
  std::string path = {};
};

struct Message {
  Address from;
  std::vector<Address> to;
  std::string subject;  // UTF-8
  std::string text;     // UTF-8 plain text part
  std::string html;     // UTF-8 HTML part
  std::vector<Attachment> attachments;
  // Without angle brackets, e.g. "job-42.1700000000000000@example.com". The same job always
  // produces the same id, so a duplicate delivery can be recognised (docs/jobs.md).
  std::string message_id;
  util::Micros date_us = 0;
};

// The one MIME builder: SMTP and the outbox send exactly these bytes (CRLF line ends).
// multipart/alternative (text, then HTML); wrapped in multipart/mixed when there are
// attachments. Bodies are quoted-printable, attachments base64, non-ASCII header words
// RFC 2047 encoded. Throws InvalidMessage.
//
// The message is a list of pieces: text, or a file's bytes to send as base64 lines. The
// transports read them with MimeReader (mime_reader.hpp); build_mime joins them in memory.
struct MimePiece {
  std::string text;
  std::string base64_of_file;  // when set, the piece is this file in base64 lines
};
std::vector<MimePiece> mime_pieces(const Message& message);
std::string build_mime(const Message& message);

// Checks what build_mime checks, without building (also used by the Mailgun transport).
void validate(const Message& message);

// "=?UTF-8?B?...?=" words for a header value with non-ASCII text (folded to fit 76 columns);
// printable ASCII comes back unchanged.
std::string encode_header_text(std::string_view text);
// "Name <user@example.com>", the name quoted or encoded as needed.
std::string format_address(const Address& address);

std::string quoted_printable(std::string_view data);
// Base64 in lines of 76 characters, each ending in CRLF.
std::string base64_lines(std::string_view data);

// Whether the mailer can send to `email`: one '@' with something on both sides, at most 254
// bytes of printable ASCII without spaces or the characters that delimit addresses in a header
// (no SMTPUTF8, no quoted local parts). build_mime and validate refuse any other address, so
// an address the site accepts from a user must pass this (services::check_email builds on it).
bool is_acceptable_address(std::string_view email);

// "example.com" from "user@example.com" ("localhost" when there is no '@').
std::string domain_of(std::string_view email);

}  // namespace microblog::mail
