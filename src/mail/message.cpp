#include "mail/message.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/time_format.hpp"

namespace microblog::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
// Input bytes per RFC 2047 word: 39 bytes make 52 base64 characters, so "Subject: " plus one
// word stays under 78 columns.
constexpr std::size_t kWordBytes = 39;

bool is_ascii_printable(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) {
      return false;
    }
  }
  return true;
}

// CR or LF would end the header and start one of the sender's choosing: refuse, never strip.
void check_header_value(std::string_view what, std::string_view value) {
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r' || c == '\n') {
      throw InvalidMessage(fmt::format("{} contains a line break", what));
    }
    if ((u < 0x20 && c != '\t') || u == 0x7f) {
      throw InvalidMessage(fmt::format("{} contains a control character", what));
    }
  }
}

void check_email(std::string_view what, std::string_view email) {
  check_header_value(what, email);
  if (!is_acceptable_address(email)) {
    throw InvalidMessage(fmt::format("{} '{}' is not an email address", what, email));
  }
}

// Length of the UTF-8 sequence starting with byte `c` (1 for a stray continuation byte).
std::size_t utf8_sequence_length(unsigned char c) {
  if (c >= 0xf0) {
    return 4;
  }
  if (c >= 0xe0) {
    return 3;
  }
  if (c >= 0xc0) {
    return 2;
  }
  return 1;
}

// A phrase (display name) that needs no quoting: atext and spaces only.
bool is_plain_phrase(std::string_view s) {
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view(" !#$%&'*+-/=?^_`{|}~").find(c) != std::string::npos;
    if (!ok) {
      return false;
    }
  }
  return true;
}

// A boundary cannot occur in quoted-printable ("=_" is never produced) nor in base64 ('_').
std::string boundary(const Message& m, std::string_view role) {
  return fmt::format("=_mb_{}_{}", role, util::sha256_hex(m.message_id).substr(0, 24));
}

std::string content_disposition_filename(std::string_view filename) {
  if (is_ascii_printable(filename)) {
    std::string quoted;
    for (const char c : filename) {
      if (c == '"' || c == '\\') {
        quoted += '\\';
      }
      quoted += c;
    }
    return fmt::format("filename=\"{}\"", quoted);
  }
  // RFC 2231: percent-encoded UTF-8.
  std::string encoded = "filename*=UTF-8''";
  for (const char c : filename) {
    const auto u = static_cast<unsigned char>(c);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    encoded += keep ? std::string(1, c) : fmt::format("%{:02X}", u);
  }
  return encoded;
}

void check_content_type(std::string_view type) {
  const auto slash = type.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == type.size()) {
    throw InvalidMessage(fmt::format("attachment type '{}' is not a MIME type", type));
  }
  for (const char c : type) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("/.+-_").find(c) != std::string::npos;
    if (!ok) {
      throw InvalidMessage(fmt::format("attachment type '{}' is not a MIME type", type));
    }
  }
}

std::string text_part(std::string_view subtype, std::string_view body) {
  std::string out;
  out += fmt::format("Content-Type: text/{}; charset=UTF-8\r\n", subtype);
  out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += quoted_printable(body);
  return out;
}

std::string body_part(const Message& m) {
  if (m.html.empty()) {
    return text_part("plain", m.text);
  }
  const std::string b = boundary(m, "alt");
  std::string out =
      fmt::format("Content-Type: multipart/alternative;\r\n boundary=\"{}\"\r\n\r\n", b);
  out += fmt::format("--{}\r\n", b) + text_part("plain", m.text) + "\r\n";
  out += fmt::format("--{}\r\n", b) + text_part("html", m.html) + "\r\n";
  out += fmt::format("--{}--\r\n", b);
  return out;
}

}  // namespace

bool is_acceptable_address(std::string_view email) {
  const auto at = email.find('@');
  if (email.empty() || email.size() > 254 || at == 0 || at == std::string_view::npos ||
      at + 1 == email.size() || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (const char c : email) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || std::string_view("<>()[],;:\"\\").find(c) != std::string::npos) {
      return false;
    }
  }
  return true;
}

std::string domain_of(std::string_view email) {
  const auto at = email.rfind('@');
  return at == std::string_view::npos ? "localhost" : std::string(email.substr(at + 1));
}

std::string encode_header_text(std::string_view text) {
  if (is_ascii_printable(text)) {
    return std::string(text);
  }
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    // Never split a UTF-8 sequence across two words (RFC 2047 section 5).
    std::size_t end = i;
    while (end < text.size()) {
      const std::size_t len = utf8_sequence_length(static_cast<unsigned char>(text[end]));
      if (end + len - i > kWordBytes) {
        break;
      }
      end += len;
    }
    if (end == i) {
      end = std::min(text.size(), i + kWordBytes);
    }
    if (!out.empty()) {
      out += "\r\n ";  // folding: the next word on a continuation line
    }
    out += "=?UTF-8?B?" + util::base64_encode(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string format_address(const Address& address) {
  if (address.name.empty()) {
    return address.email;
  }
  std::string name;
  if (!is_ascii_printable(address.name)) {
    name = encode_header_text(address.name);
  } else if (is_plain_phrase(address.name)) {
    name = address.name;
  } else {
    name = "\"";
    for (const char c : address.name) {
      if (c == '"' || c == '\\') {
        name += '\\';
      }
      name += c;
    }
    name += "\"";
  }
  return fmt::format("{} <{}>", name, address.email);
}

std::string quoted_printable(std::string_view data) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::string line;
  auto flush = [&](bool hard) {
    out += line;
    out += hard ? "\r\n" : "=\r\n";
    line.clear();
  };
  for (std::size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') {
      continue;  // the LF that follows ends the line
    }
    if (c == '\n' || c == '\r') {
      // Trailing white space would be lost in transit: encode it.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        const char last = line.back();
        line.pop_back();
        line += fmt::format("={:02X}", static_cast<unsigned char>(last));
      }
      flush(true);
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    std::string piece;
    // A '.' opening a line is encoded so that no relay ever mistakes it for the end of data.
    if ((u >= 33 && u <= 126 && c != '=' && !(c == '.' && line.empty())) || c == ' ' || c == '\t') {
      piece = std::string(1, c);
    } else {
      piece = {'=', kHex[u >> 4], kHex[u & 0x0f]};
    }
    if (line.size() + piece.size() > 75) {
      flush(false);
    }
    line += piece;
  }
  if (!line.empty()) {
    if (line.back() == ' ' || line.back() == '\t') {
      const char last = line.back();
      line.pop_back();
      line += fmt::format("={:02X}", static_cast<unsigned char>(last));
    }
    flush(true);
  }
  return out;
}

std::string base64_lines(std::string_view data) {
  const std::string b64 = util::base64_encode(data);
  std::string out;
  for (std::size_t i = 0; i < b64.size(); i += 76) {
    out += b64.substr(i, 76);
    out += kCrlf;
  }
  return out;
}

void validate(const Message& m) {
  check_email("sender address", m.from.email);
  check_header_value("sender name", m.from.name);
  if (m.to.empty()) {
    throw InvalidMessage("a message needs at least one recipient");
  }
  for (const auto& to : m.to) {
    check_email("recipient address", to.email);
    check_header_value("recipient name", to.name);
  }
  check_header_value("subject", m.subject);
  check_header_value("Message-ID", m.message_id);
  if (!m.message_id.empty()) {
    check_email("Message-ID", m.message_id);  // id-left "@" id-right, no brackets or spaces
  }
  for (const auto& a : m.attachments) {
    check_header_value("attachment name", a.filename);
    if (a.filename.empty()) {
      throw InvalidMessage("an attachment needs a file name");
    }
    check_content_type(a.content_type);
  }
}

std::vector<MimePiece> mime_pieces(const Message& m_in) {
  validate(m_in);
  Message m = m_in;
  if (m.message_id.empty()) {
    m.message_id = util::random_token().substr(0, 24) + "@" + domain_of(m.from.email);
  }
  const util::Micros date = m.date_us != 0 ? m.date_us : util::now_micros();
  std::string to;
  for (const auto& a : m.to) {
    to += (to.empty() ? "" : ",\r\n ") + format_address(a);
  }
  std::string out;
  out += "Date: " + util::rfc5322_date(date) + "\r\n";
  out += "From: " + format_address(m.from) + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + encode_header_text(m.subject) + "\r\n";
  out += "Message-ID: <" + m.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (m.attachments.empty()) {
    out += body_part(m);
    return {{std::move(out), {}}};
  }
  std::vector<MimePiece> pieces;
  const std::string b = boundary(m, "mix");
  out += fmt::format("Content-Type: multipart/mixed;\r\n boundary=\"{}\"\r\n\r\n", b);
  out += "This is a multi-part message in MIME format.\r\n";
  out += fmt::format("--{}\r\n", b) + body_part(m) + "\r\n";
  for (const auto& a : m.attachments) {
    out += fmt::format("--{}\r\n", b);
    out += fmt::format("Content-Type: {}\r\n", a.content_type);
    out += fmt::format("Content-Disposition: attachment; {}\r\n",
                       content_disposition_filename(a.filename));
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    if (a.path.empty()) {
      out += base64_lines(a.data) + "\r\n";
    } else {
      pieces.push_back({std::move(out), {}});
      pieces.push_back({{}, a.path});
      out = "\r\n";
    }
  }
  out += fmt::format("--{}--\r\n", b);
  pieces.push_back({std::move(out), {}});
  return pieces;
}

std::string build_mime(const Message& message) {
  std::string out;
  for (const auto& piece : mime_pieces(message)) {
    if (piece.base64_of_file.empty()) {
      out += piece.text;
      continue;
    }
    std::ifstream in(piece.base64_of_file, std::ios::binary);
    if (!in) {
      throw std::runtime_error("cannot read the attachment " + piece.base64_of_file);
    }
    out += base64_lines(std::string(std::istreambuf_iterator<char>(in), {}));
  }
  return out;
}

}  // namespace microblog::mail
