// The CLI's command registry: each subcommand lives in its own cmd_<name>.cpp and registers itself
// with a static CommandRegistration, so adding a command touches no shared file.
#pragma once

#include <string>
#include <vector>

namespace normlab::cli {

// Returns the process exit code. Arguments exclude the program and command names.
using CommandFunction = int (*)(const std::vector<std::string>& arguments);

struct Command {
  std::string name;
  std::string summary;  // one line, shown by `normlab-cli --help`
  std::string usage;    // full usage, shown by `normlab-cli <command> --help` and on bad arguments
  CommandFunction run;
};

std::vector<Command>& command_registry();

struct CommandRegistration {
  explicit CommandRegistration(Command command) { command_registry().push_back(std::move(command)); }
};

}  // namespace normlab::cli
