// Tick generation and number formatting for axes, colorbars and read-outs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>

#include "figure/draw.hpp"

namespace normlab::figure {

namespace {

const char* const kSuperscriptDigits[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
constexpr const char* kMinus = "−";  // U+2212: typographic minus, as wide as a plus

std::string superscript(long exponent) {
  std::string text = exponent < 0 ? "⁻" : "";
  for (char digit : std::to_string(std::labs(exponent))) text += kSuperscriptDigits[digit - '0'];
  return text;
}

std::string with_unicode_minus(std::string text) {
  if (!text.empty() && text[0] == '-') text = kMinus + text.substr(1);
  return text;
}

std::string trim_zeros(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

std::string scientific(double value, int significant) {
  long exponent = long(std::floor(std::log10(std::fabs(value))));
  double mantissa = value / std::pow(10.0, double(exponent));
  const double rounding = std::pow(10.0, significant - 1);
  mantissa = std::round(mantissa * rounding) / rounding;
  if (std::fabs(mantissa) >= 10.0) {
    mantissa /= 10.0;
    ++exponent;
  }
  if (std::fabs(mantissa) == 1.0)
    return (mantissa < 0 ? std::string(kMinus) : "") + "10" + superscript(exponent);
  return trim_zeros(format_fixed(mantissa, significant - 1)) + "×10" + superscript(exponent);
}

// A linear tick label: as many decimals as the step needs, scientific for very large or small values.
std::string linear_label(double value, double step, double largest_magnitude) {
  if (std::fabs(value) < step * 1e-9) return "0";
  const int step_exponent = int(std::floor(std::log10(step) + 1e-9));
  if (largest_magnitude >= 1e5 || step < 1e-3) {
    const int digits = int(std::floor(std::log10(std::fabs(value)))) - step_exponent + 1;
    return scientific(value, std::clamp(digits, 1, 6));
  }
  return trim_zeros(format_fixed(value, -step_exponent));  // "1", not "1.0", beside "0.5"
}

std::vector<Tick> linear_ticks(Range range, int target_count) {
  std::vector<Tick> ticks;
  const double span = range.span();
  if (!(span > 0) || !std::isfinite(span)) return ticks;
  const double rough = span / std::max(target_count, 1);
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  double step = power * 10;
  for (double multiple : {1.0, 2.0, 5.0, 10.0}) {
    if (power * multiple >= rough * 0.999) {
      step = power * multiple;
      break;
    }
  }
  const double largest = std::max(std::fabs(range.min), std::fabs(range.max));
  const double first = std::ceil(range.min / step - 1e-9);
  const double last = std::floor(range.max / step + 1e-9);
  for (double index = first; index <= last; index += 1) {
    const double value = index * step;
    ticks.push_back(Tick{value, linear_label(value, step, largest), true});
  }
  return ticks;
}

// 1, 2 and 5 times the powers of ten inside the range, labelled in plain numbers.
std::vector<Tick> one_two_five_ticks(Range range) {
  std::vector<Tick> ticks;
  const long first = long(std::floor(std::log10(range.min))) - 1, last = long(std::ceil(std::log10(range.max)));
  for (long decade = first; decade <= last; ++decade) {
    for (const int multiple : {1, 2, 5}) {
      const double value = multiple * std::pow(10.0, double(decade));
      if (value >= range.min * (1 - 1e-12) && value <= range.max * (1 + 1e-12)) {
        ticks.push_back(Tick{value, format_number(value), true});
      }
    }
  }
  return ticks;
}

// Unlabelled ticks at 2..9 times each power of ten in the range, leaving out the multiples in `skip`.
void add_log_minor_ticks(Range range, std::initializer_list<int> skip, std::vector<Tick>& ticks) {
  const long first = long(std::floor(std::log10(range.min))), last = long(std::ceil(std::log10(range.max)));
  for (long decade = first; decade <= last; ++decade) {
    for (int multiple = 2; multiple <= 9; ++multiple) {
      if (std::find(skip.begin(), skip.end(), multiple) != skip.end()) continue;
      const double value = multiple * std::pow(10.0, double(decade));
      if (value >= range.min && value <= range.max) ticks.push_back(Tick{value, "", false});
    }
  }
}

std::vector<Tick> log_ticks(Range range, int target_count) {
  std::vector<Tick> ticks;
  if (!(range.min > 0) || !(range.max > range.min)) return ticks;
  const double low = std::log10(range.min), high = std::log10(range.max);
  const long first_decade = long(std::ceil(low - 1e-9)), last_decade = long(std::floor(high + 1e-9));
  const long decades = last_decade - first_decade + 1;
  if (decades < 2) {
    // Less than two decades visible: decade ticks alone would leave the axis unlabelled. 1, 2, 5 times
    // a power of ten spread evenly on a log axis where they give three labels or more; linear steps
    // bunched at the top (0.13 .. 2.6 was labelled only at 1 and 2).
    ticks = one_two_five_ticks(range);
    if (ticks.size() >= 3) return ticks;
    ticks.clear();
    for (Tick tick : linear_ticks(range, target_count)) {
      if (tick.value > 0) ticks.push_back(tick);
    }
    return ticks;
  }
  // Two or three decades of everyday numbers (a depth sweep L = 3..96, gradients 0.05..2): labels at 1,
  // 2 and 5 read off the axis where "10¹" and "10²" alone leave the points between them unnamed.
  const bool everyday_numbers = range.min >= 1e-3 && range.max < 1e5;
  if (decades <= 3 && everyday_numbers) {
    ticks = one_two_five_ticks(range);
    // target_count asks for a label every ~60 units of a y axis (~110 of an x axis); 1-2-5 labels may
    // come three times as dense and still clear each other (the closest pair is a factor 2 apart).
    if (ticks.size() <= std::size_t(3 * std::max(target_count, 1))) {
      add_log_minor_ticks(range, {2, 5}, ticks);
      std::sort(ticks.begin(), ticks.end(), [](const Tick& a, const Tick& b) { return a.value < b.value; });
      return ticks;
    }
    ticks.clear();
  }
  const long stride = std::max(1L, long(std::ceil(double(decades) / std::max(target_count, 1))));
  for (long decade = first_decade; decade <= last_decade; ++decade) {
    if ((decade - first_decade) % stride == 0) {
      ticks.push_back(Tick{std::pow(10.0, double(decade)), "10" + superscript(decade), true});
    } else {
      ticks.push_back(Tick{std::pow(10.0, double(decade)), "", false});
    }
  }
  if (stride == 1 && decades <= 8) add_log_minor_ticks(range, {}, ticks);
  std::sort(ticks.begin(), ticks.end(), [](const Tick& a, const Tick& b) { return a.value < b.value; });
  return ticks;
}

}  // namespace

std::vector<Tick> nice_ticks(Range range, AxisScale scale, int target_count) {
  if (scale == AxisScale::log) return log_ticks(range, target_count);
  // A short axis asking for two ticks can get a single one (e.g. only 0 on [-6, 6]): ask for more until
  // at least three are labelled, so every axis can be read.
  std::vector<Tick> ticks = linear_ticks(range, target_count);
  for (int more = target_count + 1; ticks.size() < 3 && more <= target_count + 6; ++more)
    ticks = linear_ticks(range, more);
  return ticks;
}

std::string format_fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", std::max(decimals, 0), value);
  // A tiny negative value rounded to zero prints as "-0.00": drop the sign.
  if (buffer[0] == '-' && std::strtod(buffer, nullptr) == 0.0) return std::string(buffer + 1);
  return with_unicode_minus(buffer);
}

std::string format_number(double value, int significant) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "∞" : std::string(kMinus) + "∞";
  if (value == 0) return "0";
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return scientific(value, significant);
  const int exponent = int(std::floor(std::log10(magnitude)));
  return trim_zeros(format_fixed(value, significant - 1 - exponent));
}

std::string format_significant(double value, int significant) {
  if (!std::isfinite(value) || value == 0) return format_number(value, significant);
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return scientific(value, significant);
  int exponent = int(std::floor(std::log10(magnitude)));
  // 0.9996 to three digits is 1.00, not 1.000: the rounding may reach the next power of ten.
  const double unit = std::pow(10.0, double(exponent - significant + 1));
  if (std::round(magnitude / unit) * unit >= std::pow(10.0, double(exponent + 1))) ++exponent;
  return format_fixed(value, std::max(0, significant - 1 - exponent));
}

TextExtent MeasuringPainter::measure_text(std::string_view utf8, double size_pt, bool bold) {
  std::size_t characters = 0;
  for (unsigned char byte : utf8) characters += (byte & 0xC0) != 0x80;  // count UTF-8 lead bytes
  const double em = size_pt * kPixelsPerPoint;
  return TextExtent{double(characters) * em * (bold ? 0.6 : 0.55), em * 0.76, em * 0.24};
}

}  // namespace normlab::figure
