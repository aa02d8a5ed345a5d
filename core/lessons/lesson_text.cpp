#include "lessons/lesson_text.hpp"

#include <cctype>
#include <map>

namespace normlab::lessons {
namespace {

bool is_word_character(char letter) { return std::isalnum(static_cast<unsigned char>(letter)) != 0; }

const std::map<std::string, std::string>& greek_words() {
  static const std::map<std::string, std::string> words = {
      {"eps", "ε"},   {"epsilon", "ε"}, {"sigma", "σ"}, {"gamma", "γ"},  {"beta", "β"},
      {"alpha", "α"}, {"mu", "μ"},      {"lambda", "λ"}, {"approx", "≈"}, {"sum", "Σ"}};
  return words;
}

std::string superscript(char letter) {
  static const char* const digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  if (letter >= '0' && letter <= '9') return digits[letter - '0'];
  if (letter == '-') return "⁻";
  if (letter == 'T') return "⊤";  // the font has no superscript T
  return std::string("^") + letter;
}

// "<=" -> "≤" and the other two-letter operators; nullptr when `text` starts with none.
const char* two_letter_symbol(std::string_view text) {
  static const std::pair<const char*, const char*> symbols[] = {
      {"<=", "≤"}, {">=", "≥"}, {"!=", "≠"}, {"~=", "≈"}, {"->", "→"}, {"+-", "±"}};
  for (const auto& [ascii, shown] : symbols) {
    if (text.starts_with(ascii)) return shown;
  }
  return nullptr;
}

// The index just past the parenthesis that closes the one at `open`, or npos.
std::size_t closing_parenthesis(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t index = open; index < text.size(); ++index) {
    if (text[index] == '(') ++depth;
    if (text[index] == ')' && --depth == 0) return index + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::string readable_math(std::string_view math) {
  std::string out;
  for (std::size_t index = 0; index < math.size();) {
    const char letter = math[index];
    if (std::isalpha(static_cast<unsigned char>(letter))) {
      std::size_t end = index;
      while (end < math.size() && is_word_character(math[end])) ++end;
      const std::string word(math.substr(index, end - index));
      if (word == "sqrt" && end < math.size() && math[end] == '(') {
        const std::size_t close = closing_parenthesis(math, end);
        if (close != std::string_view::npos) {
          const std::string_view inner = math.substr(end + 1, close - end - 2);
          bool simple = !inner.empty();
          for (char part : inner) simple = simple && is_word_character(part);
          const std::string shown = readable_math(inner);
          out += simple ? "√" + shown : "√(" + shown + ")";
          index = close;
          continue;
        }
      }
      const auto greek = greek_words().find(word);
      out += greek != greek_words().end() ? greek->second : word;
      index = end;
      continue;
    }
    const std::string_view rest = math.substr(index);
    if (letter == '^' && index + 1 < math.size() && math[index + 1] != '(') {
      std::size_t end = index + 1;
      if (math[end] == '-') ++end;
      while (end < math.size() && std::isdigit(static_cast<unsigned char>(math[end]))) ++end;
      if (end == index + 1) end = index + 2;  // one other character: ^T
      for (std::size_t part = index + 1; part < end; ++part) out += superscript(math[part]);
      index = end;
    } else if (const char* symbol = two_letter_symbol(rest)) {
      out += symbol, index += 2;
    } else if (letter == '*') {
      out += "·", ++index;
    } else {
      out += letter, ++index;
    }
  }
  return out;
}

namespace {

void add_span(std::vector<TextSpan>& spans, SpanStyle style, std::string text) {
  if (text.empty()) return;
  if (!spans.empty() && spans.back().style == style && style != SpanStyle::math) {
    spans.back().text += text;
  } else {
    spans.push_back({style, std::move(text)});
  }
}

// One block's inline markup. `line` is the block's first line, for messages.
std::vector<TextSpan> parse_spans(std::string_view text, int line) {
  std::vector<TextSpan> spans;
  std::string plain;
  bool emphasis = false, strong = false;
  const auto flush = [&] {
    add_span(spans, strong ? SpanStyle::strong : emphasis ? SpanStyle::emphasis : SpanStyle::plain, plain);
    plain.clear();
  };
  for (std::size_t index = 0; index < text.size(); ++index) {
    const char letter = text[index];
    if (letter == '\\' && index + 1 < text.size()) {
      plain += text[++index];
    } else if (letter == '$') {
      const std::size_t close = text.find('$', index + 1);
      if (close == std::string_view::npos) {
        throw std::invalid_argument("line " + std::to_string(line) + ": math '$' is not closed");
      }
      flush();
      spans.push_back({SpanStyle::math, readable_math(text.substr(index + 1, close - index - 1))});
      index = close;
    } else if (letter == '*' && index + 1 < text.size() && text[index + 1] == '*') {
      flush();
      strong = !strong;
      ++index;
    } else if (letter == '*') {
      flush();
      emphasis = !emphasis;
    } else {
      plain += letter == '\n' ? ' ' : letter;
    }
  }
  if (strong) throw std::invalid_argument("line " + std::to_string(line) + ": '**' is not closed");
  if (emphasis) throw std::invalid_argument("line " + std::to_string(line) + ": '*' is not closed");
  flush();
  return spans;
}

// "12. rest" -> 12 and the offset of "rest"; 0 when the line is not a numbered item.
int numbered_item(std::string_view line, std::size_t& content) {
  std::size_t index = 0;
  while (index < line.size() && std::isdigit(static_cast<unsigned char>(line[index]))) ++index;
  if (index == 0 || index > 3 || index + 1 >= line.size() || line[index] != '.' || line[index + 1] != ' ') return 0;
  content = index + 2;
  return std::stoi(std::string(line.substr(0, index)));
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::vector<TextBlock> parse_lesson_text(std::string_view text) {
  std::vector<TextBlock> blocks;
  std::string pending;  // the current block's text so far
  TextBlock current;
  int pending_line = 0;
  const auto finish = [&] {
    if (pending_line == 0) return;
    current.spans = parse_spans(pending, pending_line);
    blocks.push_back(std::move(current));
    current = {};
    pending.clear();
    pending_line = 0;
  };
  int line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trimmed(text.substr(start, end - start));
    ++line_number;
    std::size_t content = 0;
    if (line.empty()) {
      finish();
    } else if (line.starts_with("- ") || line.starts_with("* ")) {
      finish();
      current.kind = BlockKind::bullet;
      pending = std::string(line.substr(2));
      pending_line = line_number;
    } else if (const int number = numbered_item(line, content); number > 0) {
      finish();
      current.kind = BlockKind::numbered;
      current.number = number;
      pending = std::string(line.substr(content));
      pending_line = line_number;
    } else if (pending_line == 0) {
      pending = std::string(line);
      pending_line = line_number;
    } else {
      pending += ' ';
      pending += line;
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  finish();
  return blocks;
}

std::string plain_text(const std::vector<TextBlock>& blocks) {
  std::string out;
  const TextBlock* previous = nullptr;
  for (const TextBlock& block : blocks) {
    if (previous != nullptr) {
      const bool in_list = block.kind != BlockKind::paragraph && previous->kind != BlockKind::paragraph;
      out += in_list ? "\n" : "\n\n";
    }
    previous = &block;
    if (block.kind == BlockKind::bullet) out += "• ";
    if (block.kind == BlockKind::numbered) out += std::to_string(block.number) + ". ";
    for (const TextSpan& span : block.spans) out += span.text;
  }
  return out;
}

}  // namespace normlab::lessons
