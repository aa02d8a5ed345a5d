#include "gui/assets.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>

namespace normlab::gui {

std::string asset_path(const std::string& file_name) {
  if (const char* dir = std::getenv("NORMLAB_ASSETS"); dir != nullptr && *dir != '\0') {
    return std::string(dir) + "/" + file_name;
  }
  return std::string(NORMLAB_ASSETS_DIR) + "/" + file_name;
}

const std::string& panel_text(std::string_view panel_id, std::string_view key) {
  // Read once per panel; texts are returned by reference, so entries are never erased.
  static std::mutex mutex;
  static std::map<std::string, std::map<std::string, std::string>, std::less<>> texts;
  std::lock_guard lock(mutex);
  auto panel = texts.find(panel_id);
  if (panel == texts.end()) {
    std::map<std::string, std::string> loaded;
    std::ifstream in(asset_path("panels/" + std::string(panel_id) + ".json"));
    const nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (in && doc.is_object()) {
      for (const auto& [name, value] : doc.items()) {
        if (value.is_string()) loaded[name] = value.get<std::string>();
      }
    }
    panel = texts.emplace(std::string(panel_id), std::move(loaded)).first;
  }
  auto found = panel->second.find(std::string(key));
  if (found == panel->second.end()) {
    found = panel->second.emplace(std::string(key), "[missing text: " + std::string(panel_id) + "/" + std::string(key) + "]")
                .first;
  }
  return found->second;
}

}  // namespace normlab::gui
