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

namespace {

std::mutex& texts_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Read once per panel; texts are returned by reference, so entries are never erased. Call with
// texts_mutex() held.
std::map<std::string, std::string>& texts_of(std::string_view panel_id) {
  static std::map<std::string, std::map<std::string, std::string>, std::less<>> texts;
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
  return panel->second;
}

}  // namespace

const std::string& panel_text(std::string_view panel_id, std::string_view key) {
  std::lock_guard lock(texts_mutex());
  std::map<std::string, std::string>& texts = texts_of(panel_id);
  auto found = texts.find(std::string(key));
  if (found == texts.end()) {
    found = texts.emplace(std::string(key), "[missing text: " + std::string(panel_id) + "/" + std::string(key) + "]")
                .first;
  }
  return found->second;
}

const std::string* find_panel_text(std::string_view panel_id, std::string_view key) {
  std::lock_guard lock(texts_mutex());
  const std::map<std::string, std::string>& texts = texts_of(panel_id);
  const auto found = texts.find(std::string(key));
  if (found == texts.end() || found->second.rfind("[missing text: ", 0) == 0) return nullptr;
  return &found->second;
}

}  // namespace normlab::gui
