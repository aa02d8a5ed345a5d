#include "panels/registry.hpp"

namespace normlab::panels {

// Each panel file defines its descriptor function next to its state and draw function.
PanelDescriptor welcome_panel();
PanelDescriptor model_table_panel();
PanelDescriptor benchmark_panel();
PanelDescriptor axis_flip_panel();
PanelDescriptor hypersphere_panel();
PanelDescriptor depth_panel();

const std::vector<PanelDescriptor>& panel_registry() {
  static const std::vector<PanelDescriptor> registry = {
      welcome_panel(),
      axis_flip_panel(),
      hypersphere_panel(),
      depth_panel(),
      model_table_panel(),
      benchmark_panel(),
  };
  return registry;
}

const PanelDescriptor* find_panel(std::string_view id) {
  for (const PanelDescriptor& panel : panel_registry()) {
    if (panel.id == id) return &panel;
  }
  return nullptr;
}

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

std::string panel_id_list() {
  std::string list;
  for (const PanelDescriptor& panel : panel_registry()) {
    if (!list.empty()) list += ", ";
    list += panel.id;
  }
  return list;
}

}  // namespace normlab::panels
