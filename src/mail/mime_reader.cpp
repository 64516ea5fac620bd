#include "mail/mime_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace microblog::mail {
namespace {

// Base64 turns 57 bytes into one 76-character line: reading whole lines' worth keeps the
// pieces' lines the same as encoding the file at once.
constexpr std::size_t kChunk = 57 * 64;

std::size_t base64_lines_size(std::size_t bytes) {
  const std::size_t chars = (bytes + 2) / 3 * 4;
  return chars + 2 * ((chars + 75) / 76);
}

}  // namespace

MimeReader::MimeReader(const Message& message) : pieces_(mime_pieces(message)) {
  for (const auto& piece : pieces_) {
    if (piece.base64_of_file.empty()) {
      size_ += piece.text.size();
      continue;
    }
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(piece.base64_of_file, ec);
    if (ec) {
      throw std::runtime_error("cannot read the attachment " + piece.base64_of_file + ": " +
                               ec.message());
    }
    size_ += base64_lines_size(static_cast<std::size_t>(bytes));
  }
}

std::size_t MimeReader::read(char* out, std::size_t capacity) {
  std::size_t copied = 0;
  while (copied < capacity) {
    if (offset_ == buffer_.size() && !fill()) {
      break;
    }
    const std::size_t n = std::min(capacity - copied, buffer_.size() - offset_);
    std::copy_n(buffer_.data() + offset_, n, out + copied);
    offset_ += n;
    copied += n;
  }
  return copied;
}

bool MimeReader::fill() {
  buffer_.clear();
  offset_ = 0;
  while (buffer_.empty()) {
    if (file_.is_open()) {
      std::string chunk(kChunk, '\0');
      file_.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      chunk.resize(static_cast<std::size_t>(file_.gcount()));
      if (chunk.empty()) {
        if (file_.bad()) {
          throw std::runtime_error("reading an attachment failed");
        }
        file_.close();
        continue;
      }
      buffer_ = base64_lines(chunk);
      continue;
    }
    if (next_piece_ == pieces_.size()) {
      return false;
    }
    MimePiece& piece = pieces_[next_piece_++];
    if (piece.base64_of_file.empty()) {
      buffer_ = std::move(piece.text);
      continue;
    }
    file_.open(piece.base64_of_file, std::ios::binary);
    if (!file_) {
      throw std::runtime_error("cannot read the attachment " + piece.base64_of_file);
    }
  }
  return true;
}

}  // namespace microblog::mail
