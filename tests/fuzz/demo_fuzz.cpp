// Saved demos and normlab's `--set panel.key=value`, on the real panels of the registry: an input that is
// JSON goes through apply_demo, anything else through apply_setting. A refused input leaves the shell as
// it was (the demo document is unchanged) and is one short line without raw control characters; an
// accepted demo, saved again (demo_document) and opened on a fresh shell, gives the same document.
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "fuzz_support.hpp"
#include "gui/demo.hpp"
#include "panels/registry.hpp"

namespace {

using nlohmann::json;
using normlab::gui::ShellState;

ShellState fresh_shell() { return normlab::gui::make_shell_state(normlab::panels::panel_registry()); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ShellState shell = fresh_shell();
  const json before = normlab::gui::demo_document(shell);
  const json demo = json::parse(text, nullptr, /*allow_exceptions=*/false);
  try {
    if (demo.is_discarded()) {
      normlab::gui::apply_setting(shell, text);
    } else {
      normlab::gui::apply_demo(shell, demo);
    }
  } catch (const std::invalid_argument& error) {
    normlab::fuzz::require_short_clean_line(error.what());
    if (normlab::gui::demo_document(shell) != before) std::abort();  // refused, yet something changed
    return 0;
  }
  const json saved = normlab::gui::demo_document(shell);
  ShellState reopened = fresh_shell();
  normlab::gui::apply_demo(reopened, json::parse(saved.dump()));  // throws (a crash here) if refused
  if (normlab::gui::demo_document(reopened) != saved) std::abort();
  return 0;
}
