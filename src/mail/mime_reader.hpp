#pragma once

#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

#include "mail/message.hpp"

namespace microblog::mail {

// A message's MIME bytes (build_mime's, exactly) handed out in pieces as a transport asks for
// them: an attachment given by path is read from its file a few kilobytes at a time and encoded
// as it goes, so sending a large file holds only that much of it in memory.
class MimeReader {
 public:
  // Throws InvalidMessage as build_mime does, and std::runtime_error for an attachment file
  // that cannot be opened.
  explicit MimeReader(const Message& message);

  // The number of bytes read() will hand out in all.
  std::size_t size() const { return size_; }
  // Copies up to `capacity` bytes to `out`; 0 at the end.
  std::size_t read(char* out, std::size_t capacity);

 private:
  bool fill();  // the next bytes into buffer_; false at the end

  std::vector<MimePiece> pieces_;
  std::size_t next_piece_ = 0;
  std::ifstream file_;  // the attachment being read, if any
  std::string buffer_;
  std::size_t offset_ = 0;
  std::size_t size_ = 0;
};

}  // namespace microblog::mail
