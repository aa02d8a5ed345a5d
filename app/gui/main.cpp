// normlab: the desktop app. All of it lives in normlab_ui so tests can drive it in-process.
#include "gui/app.hpp"

int main(int argc, char** argv) { return normlab::gui::run_normlab(argc, argv); }
