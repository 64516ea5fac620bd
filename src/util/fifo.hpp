#pragma once

#include <string>

namespace microblog::util {

// Test support (the /_test/hold route, the test.hold_mail job): writes one byte to the FIFO
// `entered`, then waits for one byte on the FIFO `release`. Each step blocks until the test
// opens the other end. Interrupted system calls are resumed: a signal (the SIGTERM under test)
// must not end the wait early.
void fifo_handshake(const std::string& entered, const std::string& release);

}  // namespace microblog::util
