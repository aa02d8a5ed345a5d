// normlab: the desktop app, composed: the gui shell (all of it in normlab_ui, so tests drive it
// in-process) showing the panels of app/panels' registry.
#include "gui/app.hpp"
#include "panels/registry.hpp"

int main(int argc, char** argv) { return normlab::gui::run_normlab(argc, argv, normlab::panels::panel_registry()); }
