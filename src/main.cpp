#include "cli/commands.hpp"

int main(int argc, char** argv) {
  return microblog::cli::run(argc, argv);
}
