#include "gui/panel.hpp"

namespace normlab::panels {

int find_step(const PanelDescriptor& panel, std::string_view step) {
  const std::string prefix = panel.id + "/";
  if (step.substr(0, prefix.size()) == prefix) step.remove_prefix(prefix.size());
  for (std::size_t index = 0; index < panel.steps.size(); ++index) {
    if (panel.steps[index].id == step) return static_cast<int>(index);
  }
  if (!step.empty() && step.size() < 4 && step.find_first_not_of("0123456789") == std::string_view::npos) {
    const int index = std::stoi(std::string(step));
    if (index < static_cast<int>(panel.steps.size())) return index;
  }
  return -1;
}

std::string step_id_list(const PanelDescriptor& panel) {
  std::string list;
  for (const StepDescriptor& step : panel.steps) list += (list.empty() ? "" : ", ") + step.id;
  return list;
}

std::string panel_id_list(const std::vector<PanelDescriptor>& panels) {
  std::string list;
  for (const PanelDescriptor& panel : panels) list += (list.empty() ? "" : ", ") + panel.id;
  return list;
}

}  // namespace normlab::panels
