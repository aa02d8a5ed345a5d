// normlab-cli: NormLab's numerics without a window. Dispatches to the registered subcommands and
// turns any escaped exception into a one-line message and a non-zero exit (never a crash).
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "command.hpp"

namespace normlab::cli {

std::vector<Command>& command_registry() {
  static std::vector<Command> commands;
  return commands;
}

}  // namespace normlab::cli

namespace {

void print_help() {
  auto commands = normlab::cli::command_registry();
  std::sort(commands.begin(), commands.end(),
            [](const auto& left, const auto& right) { return left.name < right.name; });
  std::printf("normlab-cli: NormLab's normalization numerics, headless.\n\n");
  std::printf("usage: normlab-cli <command> [options]   (normlab-cli <command> --help for details)\n\n");
  std::printf("commands:\n");
  for (const auto& command : commands) {
    std::printf("  %-10s %s\n", command.name.c_str(), command.summary.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "-h" || arguments[0] == "help") {
    print_help();
    return arguments.empty() ? 2 : 0;
  }
  const auto& commands = normlab::cli::command_registry();
  const auto found = std::find_if(commands.begin(), commands.end(),
                                  [&](const auto& command) { return command.name == arguments[0]; });
  if (found == commands.end()) {
    std::fprintf(stderr, "normlab-cli: unknown command '%s' (see normlab-cli --help)\n", arguments[0].c_str());
    return 2;
  }
  const std::vector<std::string> command_arguments(arguments.begin() + 1, arguments.end());
  if (std::find(command_arguments.begin(), command_arguments.end(), "--help") != command_arguments.end()) {
    std::printf("%s\n", found->usage.c_str());
    return 0;
  }
  try {
    return found->run(command_arguments);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "normlab-cli %s: error: %s\n", found->name.c_str(), error.what());
    return 1;
  }
}
