// The one list of panels. The sidebar, the menu, presentation order, `--list-panels` and screenshot
// mode all read it; adding a panel is one new file and one line in registry.cpp.
#pragma once

#include <string_view>
#include <vector>

#include "gui/panel.hpp"

namespace normlab::panels {

// In presentation order.
const std::vector<PanelDescriptor>& panel_registry();

// nullptr when no panel has this id.
const PanelDescriptor* find_panel(std::string_view id);

// "welcome, models, benchmark": for error messages naming the choices.
std::string panel_id_list();

}  // namespace normlab::panels
