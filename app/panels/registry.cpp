#include "panels/registry.hpp"

namespace normlab::panels {

// Each panel file defines its descriptor function next to its state and draw function.
PanelDescriptor welcome_panel();
PanelDescriptor model_table_panel();
PanelDescriptor benchmark_panel();
PanelDescriptor axis_flip_panel();
PanelDescriptor hypersphere_panel();
PanelDescriptor depth_panel();
PanelDescriptor check_panel();
PanelDescriptor training_panel();
PanelDescriptor numerics_panel();
PanelDescriptor jacobian_panel();

const std::vector<PanelDescriptor>& panel_registry() {
  static const std::vector<PanelDescriptor> registry = {
      welcome_panel(),
      axis_flip_panel(),
      hypersphere_panel(),
      jacobian_panel(),
      depth_panel(),
      training_panel(),
      numerics_panel(),
      model_table_panel(),
      benchmark_panel(),
      check_panel(),
  };
  return registry;
}

const PanelDescriptor* find_panel(std::string_view id) {
  for (const PanelDescriptor& panel : panel_registry()) {
    if (panel.id == id) return &panel;
  }
  return nullptr;
}

std::string panel_id_list() { return panel_id_list(panel_registry()); }

}  // namespace normlab::panels
