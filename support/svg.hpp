// svg.hpp - pictures as SVG files: attention heat maps, line charts and
// labelled scatter plots, written by hand as text.
//
// Used by both programs, not by the lessons: attention's heat maps and
// training curve (attention_program.hpp) and word2vec's map (word_map.hpp).
//
// SVG is a text format for drawings that every browser, GitHub's README view
// and most word processors show: a rectangle is <rect x="10" y="20"
// width="30" height="30" fill="#08306b"/>, a word is <text x=".." y="..">queen</text>.
// So a picture is a string we build with plain loops, like the tables the
// programs print, and save through io.hpp's OutputFile (a temporary file
// renamed into place, so a failed run never leaves half a picture behind).
//
// What the two programs call, each returning the whole SVG document:
//
//   std::string attention_heat_map_svg(const std::vector<HeatMapPanel>& panels, const std::string& title);
//   std::string attention_heat_map_rows_svg(const std::vector<std::vector<HeatMapPanel>>& rows, const std::string& title);
//       Attention weights as coloured grids, one panel per head (or "before
//       training" / "after training"), side by side; or rows of them, one
//       row under the other (every head before training, then after). In each panel the keys
//       run across the top and the queries down the left, every cell shows
//       its weight as a number and as a shade of blue on one scale from 0 to
//       1 (the legend on the right), and masked cells are hatched grey. Build
//       a panel from plain data: {title, queries, keys, weights, masked}, with
//       masked = causal_mask(n) for the causal mask or left empty.
//
//   std::string line_chart_svg(const std::string& title, const std::string& x_label,
//                              const std::vector<ChartPanel>& panels);
//       Curves against a shared x axis (training steps), one chart per panel,
//       stacked: held-out loss above, accuracy below. Each panel holds curves
//       (name, x, y) and baselines (name, y), drawn as labelled dashed lines.
//
//   std::string scatter_plot_svg(const ScatterPlot& plot);
//       Labelled points (the map of word vectors), with the same scale on both
//       axes so that distances on the page are distances in the data. Labels
//       are placed around their points so that they do not overlap where
//       there is room. Points may come in groups, each drawn in its own
//       colour, with a legend.
//
//   void save_svg(const std::string& path, const std::string& svg);
//       Writes the document through OutputFile.
//
// Words come from files (a vectors file may hold "<", "&" or bytes that are
// not UTF-8): svg_text_escape() makes any of them safe to put in an SVG.
// Numbers are written by fixed(), built from integers, so the output is the
// same byte for byte on every machine, whatever the locale.
//
// What is left out on purpose: measuring text (SVG cannot; we estimate the
// width of a word from its letters and leave room to spare), embedded fonts
// (we ask for DejaVu Sans, else Verdana, Arial or any sans-serif),
// interactivity beyond a tooltip per heat-map cell, and every chart type the
// programs do not need.

#pragma once

#include "io.hpp"
#include "../matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

// ---- 1. numbers and text in an SVG file -------------------------------------

// x with `decimals` digits after the point: fixed(0.1777, 2) = "0.18",
// fixed(-3, 1) = "-3.0". Built from whole numbers rather than with
// printf("%.2f"), whose decimal point follows the C locale: a program that
// calls setlocale(LC_ALL, "") on a German system would write "0,18", which no
// SVG reader understands. Halves round away from zero; -0.00 is written 0.00.
// x times 10^decimals must fit in a long long: |x| up to 10^12 with up to 6
// decimals, smaller numbers with more.
inline std::string fixed(double x, int decimals) {
    if (!std::isfinite(x) || std::fabs(x) > 1e12 || decimals < 0 || decimals > 15 ||
        std::fabs(x) * std::pow(10.0, decimals) > 1e18)
        throw std::invalid_argument("svg: a number out of range to draw");
    long long scale = 1;
    for (int i = 0; i < decimals; i++) scale *= 10;
    const long long scaled = std::llround(std::fabs(x) * static_cast<double>(scale));
    std::string text = std::to_string(scaled / scale);
    if (decimals > 0) {
        std::string fraction = std::to_string(scaled % scale);
        text += "." + std::string(static_cast<size_t>(decimals) - fraction.size(), '0') + fraction;
    }
    return (x < 0 && scaled != 0 ? "-" : "") + text;
}

// A coordinate in pixels: one decimal is finer than any screen shows.
inline std::string px(double x) { return fixed(x, 1); }

// The next character of UTF-8 text starting at text[i]: its code point, and
// how many bytes it takes. A byte that does not start a valid UTF-8 sequence
// (a Latin-1 "é", a sequence cut short, an overlong or surrogate encoding)
// is reported as code point -1, one byte long.
inline long next_code_point(const std::string& text, size_t i, size_t& length) {
    const unsigned char first = static_cast<unsigned char>(text[i]);
    length = 1;
    if (first < 0x80) return first;
    size_t bytes = 0;
    long code = 0, smallest = 0;
    if (first >= 0xC2 && first <= 0xDF) bytes = 2, code = first & 0x1F, smallest = 0x80;
    else if (first >= 0xE0 && first <= 0xEF) bytes = 3, code = first & 0x0F, smallest = 0x800;
    else if (first >= 0xF0 && first <= 0xF4) bytes = 4, code = first & 0x07, smallest = 0x10000;
    else return -1;
    if (i + bytes > text.size()) return -1;
    for (size_t k = 1; k < bytes; k++) {
        const unsigned char next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return -1;  // every byte after the first is 10xxxxxx
        code = (code << 6) | (next & 0x3F);
    }
    if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return -1;
    length = bytes;
    return code;
}

// Text made safe to place between SVG tags or inside an attribute's quotes.
// Five characters have a meaning in XML and are written as entities:
//   &  -> &amp;    <  -> &lt;    >  -> &gt;    "  -> &quot;    '  -> &apos;
// An XML file must also be valid UTF-8 without control characters (not even
// as &#1;), or a viewer refuses the whole picture; a word from a vectors file
// is not always so, so each such byte becomes U+FFFD, the replacement
// character "�", and the rest of the word is kept.
inline std::string svg_text_escape(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
        size_t length = 1;
        const long code = next_code_point(text, i, length);
        const bool allowed = code == 0x09 || code == 0x0A || code == 0x0D || (code >= 0x20 && code <= 0xD7FF) ||
                             (code >= 0xE000 && code <= 0xFFFD) || code >= 0x10000;
        if (!allowed) out += "\xEF\xBF\xBD";  // U+FFFD in UTF-8
        else if (code == '&') out += "&amp;";
        else if (code == '<') out += "&lt;";
        else if (code == '>') out += "&gt;";
        else if (code == '"') out += "&quot;";
        else if (code == '\'') out += "&apos;";
        else out.append(text, i, length);
        i += length;
    }
    return out;
}

// About how wide `text` is when drawn at `font_size` pixels. SVG cannot
// measure text, yet we must leave room for the longest word, so we estimate
// it letter by letter with the widths of DejaVu Sans and Verdana, the widest
// of the fonts we ask for (as fractions of the font size: "i" 0.28, "r"
// 0.41, "a" 0.61, "m" 0.97), rounded up into five classes. A narrower font
// (Arial) then leaves a little room to spare, never too little. Characters,
// not bytes: "é" is two bytes in UTF-8 and one letter on the screen. The
// wide characters of Chinese, Japanese and Korean (code points from U+1100
// on, roughly) count a whole font size.
inline double letter_width(long code) {
    const std::string narrow = "ijl.,:;!'|", slim = "frtI()[] -/", wide = "mwMW@";
    if (code >= 0x1100) return 1.0;
    if (code < 0 || code > 127) return 0.65;
    const char c = static_cast<char>(code);
    if (narrow.find(c) != std::string::npos) return 0.3;
    if (slim.find(c) != std::string::npos) return 0.42;
    if (wide.find(c) != std::string::npos) return 1.0;
    if (c >= 'A' && c <= 'Z') return 0.78;
    return 0.65;
}

inline double text_width(const std::string& text, double font_size) {
    double width = 0;
    for (size_t i = 0; i < text.size();) {
        size_t length = 1;
        width += letter_width(next_code_point(text, i, length)) * font_size;
        i += length;
    }
    return width;
}

// Bold letters are about a tenth wider (DejaVu Sans Bold: "a" 0.68, "m" 1.04).
inline double bold_text_width(const std::string& text, double font_size) { return 1.12 * text_width(text, font_size); }

// ---- 2. the pieces of a drawing ----------------------------------------------
//
// Each function returns one SVG element as a line of text. `attributes` is
// added inside the tag as it is: the caller writes fixed values such as
// fill="#ffffff" there, never words from a file (those go through
// svg_text_escape, as svg_text does).

inline std::string svg_rect(double x, double y, double width, double height, const std::string& attributes) {
    return "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(width) + "\" height=\"" + px(height) +
           "\" " + attributes + "/>\n";
}

inline std::string svg_line(double x1, double y1, double x2, double y2, const std::string& attributes) {
    return "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) + "\" " +
           attributes + "/>\n";
}

inline std::string svg_circle(double x, double y, double radius, const std::string& attributes) {
    return "<circle cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"" + px(radius) + "\" " + attributes + "/>\n";
}

// Text whose baseline starts at (x, y); `anchor` is "start", "middle" or "end":
// which point of the text sits at x.
inline std::string svg_text(double x, double y, const std::string& text, double font_size, const std::string& anchor,
                            const std::string& attributes = "") {
    return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" font-size=\"" + px(font_size) + "\" text-anchor=\"" +
           anchor + "\"" + (attributes.empty() ? "" : " " + attributes) + ">" + svg_text_escape(text) + "</text>\n";
}

// Text turned by `degrees` about its starting point (x, y): -90 reads
// upwards (a y axis label), -45 rises to the right (a heat map's keys).
inline std::string svg_rotated_text(double x, double y, const std::string& text, double font_size, double degrees) {
    return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" font-size=\"" + px(font_size) + "\" text-anchor=\"" +
           (degrees == -90 ? "middle" : "start") + "\" transform=\"rotate(" + fixed(degrees, 0) + " " + px(x) + " " + px(y) +
           ")\">" + svg_text_escape(text) + "</text>\n";
}

// A picture's title, in bold at the top left; nothing if it is empty.
inline std::string svg_title(double margin, const std::string& title) {
    return title.empty() ? "" : svg_text(margin, margin + 16, title, 17, "start", "font-weight=\"bold\"");
}

// The whole document: a white background (so that the picture reads the same
// on a page with a dark theme), then `body`. `definitions` holds patterns
// and gradients that the body refers to by id.
inline std::string svg_document(double width, double height, const std::string& definitions, const std::string& body) {
    const std::string w = px(std::ceil(width)), h = px(std::ceil(height));
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w +
           " " + h + "\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n" +
           (definitions.empty() ? "" : "<defs>\n" + definitions + "</defs>\n") +
           svg_rect(0, 0, std::ceil(width), std::ceil(height), "fill=\"#ffffff\"") + body + "</svg>\n";
}

// Round numbers for an axis that must show lo to hi: steps of 1, 2 or 5 times
// a power of ten, chosen to give about `wanted` steps. The axis then runs
// from `first` to `last`, multiples of the step that enclose lo and hi.
struct Ticks {
    double first = 0, last = 1, step = 1;
    int decimals = 0;  // digits after the point that the step needs: 0.25 -> 2
};

inline Ticks nice_ticks(double lo, double hi, int wanted) {
    if (!(hi - lo > 1e-9)) hi = lo + 1;  // one value (or all within 1e-9): show a unit from it
    const double rough = (hi - lo) / wanted;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    Ticks ticks;
    for (double multiple : {1.0, 2.0, 5.0, 10.0}) {
        ticks.step = multiple * power;
        if (ticks.step >= rough) break;
    }
    ticks.first = std::floor(lo / ticks.step + 1e-9) * ticks.step;
    ticks.last = std::ceil(hi / ticks.step - 1e-9) * ticks.step;
    ticks.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(ticks.step) + 1e-9)));
    return ticks;
}

// The value of tick k: computed from k, not by adding the step again and
// again, which would collect rounding errors.
inline double tick_value(const Ticks& ticks, int k) { return ticks.first + k * ticks.step; }
inline int tick_count(const Ticks& ticks) { return static_cast<int>(std::lround((ticks.last - ticks.first) / ticks.step)) + 1; }

// Where a chart sits on the page, in pixels, and the values its edges stand
// for; to_x and to_y turn a value into a position. On the page y grows
// downwards, so the top edge stands for the highest value.
struct PlotArea {
    double left, top, width, height;  // pixels
    double x_lo, x_hi, y_lo, y_hi;    // the values at the left, right, bottom and top edges
    double to_x(double x) const { return left + width * (x - x_lo) / (x_hi - x_lo); }
    double to_y(double y) const { return top + height * (y_hi - y) / (y_hi - y_lo); }
};

// ---- 3. colours -----------------------------------------------------------------

struct Rgb {
    double r, g, b;  // each 0 to 255
};

inline std::string hex(const Rgb& c) {
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", static_cast<int>(std::lround(c.r)),
                  static_cast<int>(std::lround(c.g)), static_cast<int>(std::lround(c.b)));
    return text;
}

// The heat map's scale: weight 0 is near white (no attention, no ink), 1 is a
// dark blue, and the colours between are mixed linearly through a middle
// blue (the lightest, middle and darkest of ColorBrewer's "Blues", Brewer,
// colorbrewer2.org). One hue getting darker reads as "more" without a key,
// prints in grey, and does not depend on telling red from green.
inline Rgb weight_colour(double weight) {
    const Rgb light{247, 251, 255}, middle{66, 146, 198}, dark{8, 48, 107};
    const double t = std::min(1.0, std::max(0.0, weight));
    const Rgb& from = t < 0.5 ? light : middle;
    const Rgb& to = t < 0.5 ? middle : dark;
    const double s = t < 0.5 ? t / 0.5 : (t - 0.5) / 0.5;  // 0 to 1 within the half
    return Rgb{from.r + s * (to.r - from.r), from.g + s * (to.g - from.g), from.b + s * (to.b - from.b)};
}

// Black text on light cells, white text on dark ones. Brightness weighs green
// most and blue least, as the eye does (the weights of ITU-R BT.601).
inline std::string text_colour_on(const Rgb& background) {
    const double brightness = (0.299 * background.r + 0.587 * background.g + 0.114 * background.b) / 255.0;
    return brightness > 0.55 ? "#000000" : "#ffffff";
}

// Curves and points, in the colours of Okabe and Ito ("Color Universal
// Design", 2008), which stay distinct for readers with colour blindness.
inline std::string series_colour(size_t k) {
    static const char* const colours[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"};
    return colours[k % 6];
}

// The groups of a scatter plot: the same six, then Okabe and Ito's black.
// Their eighth colour, yellow (#f0e442), is left out: on white it is hard to
// see. So a plot tells at most seven groups apart.
constexpr size_t max_groups = 7;
inline std::string group_colour(size_t k) { return k < 6 ? series_colour(k) : "#000000"; }

// ---- 4. the attention heat map ------------------------------------------------------
//
// One panel per matrix of attention weights: the queries (the words that
// attend) down the left, the keys (the words attended to) across the top, so
// row i is what word i looks at and sums to 1. Every cell shows its weight
// twice, as a number and as a colour on the scale of the legend. The scale
// is the same for all panels and fixed from 0 to 1 (weights are shares of
// attention), so two heads, or before and after training, compare by eye.
// A masked cell (the causal mask's j > i) is hatched grey with no number: its
// weight is 0 by construction, which must not look like a weight that
// happened to come out small.

struct HeatMapPanel {
    std::string title;                 // above the grid: "head 1 of 2, causal mask", "after training"
    std::vector<std::string> queries;  // row labels, down the left: one per row of weights
    std::vector<std::string> keys;     // column labels, across the top: one per column
    Matrix weights;                    // (queries, keys), each in [0, 1]
    std::vector<bool> masked;          // (queries * keys) row-major: true where the mask hid the key; empty: none
};

// The causal mask of an n-word sentence: cell (i, j) is masked when j > i.
inline std::vector<bool> causal_mask(size_t n) {
    std::vector<bool> masked(n * n, false);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) masked[i * n + j] = true;
    return masked;
}

inline void check_panel(const HeatMapPanel& panel) {
    const Matrix& w = panel.weights;
    if (w.rows == 0 || w.cols == 0) throw std::invalid_argument("heat map '" + panel.title + "': no weights");
    if (panel.queries.size() != w.rows || panel.keys.size() != w.cols)
        throw std::invalid_argument("heat map '" + panel.title + "': one label per row and per column, please");
    if (!panel.masked.empty() && panel.masked.size() != w.rows * w.cols)
        throw std::invalid_argument("heat map '" + panel.title + "': the mask must have one entry per weight");
    for (float x : w.data)
        if (!std::isfinite(x)) throw std::invalid_argument("heat map '" + panel.title + "': a weight is not finite");
}

// Sizes in pixels, shared by every panel of one picture.
struct HeatMapLayout {
    double cell = 46;         // a cell is a square this wide
    double label_font = 13;   // the words
    double value_font = 12;   // the numbers in the cells
    double label_gap = 6;     // between a word and the grid
    double slant = 0.7071;    // column labels rise at 45 degrees: cos 45 = sin 45
    double key_label_height = 0;  // room above the grids for the slanted keys
};

// How far right of its grid a panel's slanted key labels reach.
inline double key_label_overhang(const HeatMapPanel& panel, const HeatMapLayout& L) {
    double overhang = 0;
    for (size_t j = 0; j < panel.keys.size(); j++) {
        const double label_end = (j + 0.5) * L.cell + L.slant * text_width(panel.keys[j], L.label_font) + L.label_font;
        overhang = std::max(overhang, label_end - panel.keys.size() * L.cell);
    }
    return overhang;
}

inline double query_label_width(const HeatMapPanel& panel, const HeatMapLayout& L) {
    double width = 0;
    for (const std::string& word : panel.queries) width = std::max(width, text_width(word, L.label_font));
    return width + L.label_gap;
}

// The width a panel takes: its query labels, its grid and the slanted key
// labels that stick out on the right, or its title if that is wider.
inline double panel_width(const HeatMapPanel& panel, const HeatMapLayout& L) {
    const double grid = query_label_width(panel, L) + panel.weights.cols * L.cell + key_label_overhang(panel, L);
    return std::max(grid, bold_text_width(panel.title, 14));
}

// One panel with its top-left corner at (left, top): the title, the slanted
// keys, the queries, then one cell per weight.
inline std::string heat_map_panel(const HeatMapPanel& panel, double left, double top, const HeatMapLayout& L) {
    const Matrix& w = panel.weights;
    const double grid_left = left + query_label_width(panel, L);
    const double grid_top = top + 22 + L.key_label_height;
    std::string out = "<g class=\"panel\">\n";
    out += svg_text(left, top + 14, panel.title, 14, "start", "font-weight=\"bold\"");

    // keys: slanted upwards from just above the middle of each column
    for (size_t j = 0; j < w.cols; j++) {
        const double x = grid_left + (j + 0.5) * L.cell, y = grid_top - L.label_gap;
        out += svg_rotated_text(x, y, panel.keys[j], L.label_font, -45);
    }
    // queries: right-aligned against the grid, centred on each row
    for (size_t i = 0; i < w.rows; i++)
        out += svg_text(grid_left - L.label_gap, grid_top + (i + 0.5) * L.cell + 0.35 * L.label_font, panel.queries[i],
                        L.label_font, "end");

    // the cells, row by row; each has a tooltip with the weight to 4 decimals
    for (size_t i = 0; i < w.rows; i++) {
        for (size_t j = 0; j < w.cols; j++) {
            const double x = grid_left + j * L.cell, y = grid_top + i * L.cell;
            const bool masked = !panel.masked.empty() && panel.masked[i * w.cols + j];
            const std::string tooltip = panel.queries[i] + " \xE2\x86\x92 " + panel.keys[j] + ": " +  // "→"
                                        (masked ? std::string("masked") : fixed(w(i, j), 4));
            out += std::string("<g class=\"") + (masked ? "masked" : "cell") + "\"><title>" +
                   svg_text_escape(tooltip) + "</title>\n";
            if (masked) {
                out += svg_rect(x, y, L.cell, L.cell, "fill=\"url(#masked)\" stroke=\"#ffffff\"");
            } else {
                const Rgb colour = weight_colour(w(i, j));
                out += svg_rect(x, y, L.cell, L.cell, "fill=\"" + hex(colour) + "\" stroke=\"#ffffff\"");
                out += svg_text(x + L.cell / 2, y + L.cell / 2 + 0.35 * L.value_font, fixed(w(i, j), 2), L.value_font,
                                "middle", "fill=\"" + text_colour_on(colour) + "\"");
            }
            out += "</g>\n";
        }
    }
    out += svg_rect(grid_left, grid_top, w.cols * L.cell, w.rows * L.cell, "fill=\"none\" stroke=\"#bbbbbb\"");
    return out + "</g>\n";
}

// The colour scale, a bar from 0 (bottom) to 1 (top) with ticks every 0.2,
// and under it a hatched square explaining masked cells if there are any.
// The bar is filled with the very colours of weight_colour at 0, 0.5 and 1,
// the points between which both it and the cells mix linearly, so the legend
// and the cells agree.
inline std::string heat_map_legend(double left, double top, double height, bool show_masked) {
    std::string out = "<g class=\"legend\">\n";
    out += svg_text(left, top - 14, "weight", 12, "start");
    out += svg_rect(left, top, 16, height, "fill=\"url(#weight-scale)\" stroke=\"#bbbbbb\"");
    for (int k = 0; k <= 5; k++) {
        const double value = k * 0.2, y = top + height * (1 - value);
        out += svg_line(left + 16, y, left + 20, y, "stroke=\"#000000\"");
        out += svg_text(left + 23, y + 4, fixed(value, 1), 12, "start");
    }
    if (show_masked) {
        out += svg_rect(left, top + height + 14, 16, 16, "fill=\"url(#masked)\" stroke=\"#bbbbbb\"");
        out += svg_text(left + 22, top + height + 27, "masked", 12, "start");
    }
    return out + "</g>\n";
}

inline std::string heat_map_definitions() {
    std::string out = "<linearGradient id=\"weight-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n";
    for (double value : {0.0, 0.5, 1.0})
        out += "<stop offset=\"" + fixed(value, 1) + "\" stop-color=\"" + hex(weight_colour(value)) + "\"/>\n";
    out += "</linearGradient>\n";
    // masked: light grey crossed by darker diagonal lines
    out += "<pattern id=\"masked\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">\n"
           "<rect width=\"8\" height=\"8\" fill=\"#e6e6e6\"/>\n"
           "<path d=\"M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6\" stroke=\"#9a9a9a\" stroke-width=\"1.2\"/>\n"
           "</pattern>\n";
    return out;
}

// Rows of panels, each row's panels side by side and the rows one under the
// other (for instance every head before training above, after training
// below); the legend stands to the right of the first row.
inline std::string attention_heat_map_rows_svg(const std::vector<std::vector<HeatMapPanel>>& rows, const std::string& title) {
    if (rows.empty()) throw std::invalid_argument("heat map: no panels");
    HeatMapLayout L;
    bool any_masked = false;
    for (const std::vector<HeatMapPanel>& panels : rows) {
        if (panels.empty()) throw std::invalid_argument("heat map: a row without panels");
        for (const HeatMapPanel& panel : panels) {
            check_panel(panel);
            for (bool m : panel.masked) any_masked = any_masked || m;
            for (const std::string& key : panel.keys)  // the slanted keys need this much height
                L.key_label_height = std::max(L.key_label_height, L.slant * text_width(key, L.label_font) + L.label_font);
        }
    }

    // each row's panels 40 pixels apart, the rows 30 pixels apart, below the title
    const double margin = 20, title_height = title.empty() ? 0 : 30, gap = 40, row_gap = 30, legend_min = 5 * 24.0;
    std::string body = svg_title(margin, title);
    double top = margin + title_height, widest = margin, first_grid_top = 0, first_grid_height = 0, grids_bottom = 0;
    for (size_t r = 0; r < rows.size(); r++) {
        double x = margin;
        size_t most_rows = 0;
        for (const HeatMapPanel& panel : rows[r]) {
            body += heat_map_panel(panel, x, top, L);
            x += panel_width(panel, L) + gap;
            most_rows = std::max(most_rows, panel.weights.rows);
        }
        const double grid_top = top + 22 + L.key_label_height, grid_height = most_rows * L.cell;
        if (r == 0) {
            first_grid_top = grid_top;
            first_grid_height = grid_height;
        }
        widest = std::max(widest, x);
        grids_bottom = grid_top + grid_height;
        top = grids_bottom + row_gap;
    }
    body += heat_map_legend(widest - gap / 2, first_grid_top, std::max(first_grid_height, legend_min), any_masked);

    const double legend_bottom = first_grid_top + std::max(first_grid_height, legend_min) + (any_masked ? 34 : 0);
    const double bottom = std::max(grids_bottom, legend_bottom) + 24;
    const std::string note = "Row: the query word; each row sums to 1. Column: the key word it attends to.";
    body += svg_text(margin, bottom, note, 12, "start", "fill=\"#444444\"");
    const double width = std::max(widest - gap / 2 + 60, margin + text_width(note, 12)) + margin;
    const double title_width = margin + bold_text_width(title, 17) + margin;
    return svg_document(std::max(width, title_width), bottom + margin, heat_map_definitions(), body);
}

// One row of panels side by side.
inline std::string attention_heat_map_svg(const std::vector<HeatMapPanel>& panels, const std::string& title) {
    return attention_heat_map_rows_svg({panels}, title);
}

// ---- 5. the line chart ------------------------------------------------------------
//
// Curves against a shared x axis, in panels stacked one above the other, each
// with its own y axis: two quantities with different units (a loss in nats,
// an accuracy from 0 to 1) read better in two charts than on two y axes of
// one. Every curve and every baseline is labelled at its right end, in its
// colour, instead of in a legend box the eye has to go back and forth to.
// The y axis starts at 0 (or below, for negative values), so the height of a
// curve compares honestly with the height of a baseline.

struct Curve {
    std::string name;         // "held-out loss"
    std::vector<double> x, y; // the points, in order of x
};

struct Baseline {
    std::string name;  // "bigram"
    double y;          // drawn as a dashed horizontal line at this height
};

struct ChartPanel {
    std::string y_label;             // "loss (nats)"
    std::vector<Curve> curves;
    std::vector<Baseline> baselines;
};

// A label to the right of a chart: its text, colour and height in pixels.
struct SideLabel {
    double y;
    std::string text, colour;
};

// Moves labels apart so that none overlaps the next (each is `height`
// pixels tall), keeping them between `top` and `bottom` and as close to their
// lines as that allows: first push each one down below the one above it,
// then, if the last went past the bottom, push them back up from there.
inline void spread_labels(std::vector<SideLabel>& labels, double height, double top, double bottom) {
    std::sort(labels.begin(), labels.end(), [](const SideLabel& a, const SideLabel& b) { return a.y < b.y; });
    for (size_t k = 0; k < labels.size(); k++) {
        labels[k].y = std::max(labels[k].y, top);
        if (k > 0) labels[k].y = std::max(labels[k].y, labels[k - 1].y + height);
    }
    for (size_t k = labels.size(); k-- > 0;) {
        labels[k].y = std::min(labels[k].y, bottom);
        if (k + 1 < labels.size()) labels[k].y = std::min(labels[k].y, labels[k + 1].y - height);
    }
}

inline void check_chart(const std::vector<ChartPanel>& panels) {
    if (panels.empty()) throw std::invalid_argument("line chart: no panels");
    for (const ChartPanel& panel : panels) {
        for (const Curve& curve : panel.curves) {
            if (curve.x.empty() || curve.x.size() != curve.y.size())
                throw std::invalid_argument("line chart: curve '" + curve.name + "' needs as many x as y, at least one");
            for (size_t k = 0; k < curve.x.size(); k++)
                if (!std::isfinite(curve.x[k]) || !std::isfinite(curve.y[k]))
                    throw std::invalid_argument("line chart: curve '" + curve.name + "' has a value that is not finite");
        }
        for (const Baseline& baseline : panel.baselines)
            if (!std::isfinite(baseline.y)) throw std::invalid_argument("line chart: baseline '" + baseline.name + "' is not finite");
    }
}

// The label at a curve's or baseline's right end: "bigram 0.31". The value
// gets one digit more than the axis ticks, enough to tell it from them.
inline std::string end_label(const std::string& name, double value, const Ticks& y_ticks) {
    return name + " " + fixed(value, y_ticks.decimals + 1);
}

// A panel's y axis: from 0 (or the lowest value, if below 0) to the highest
// value of its curves and baselines, in round steps.
inline Ticks y_axis_of(const ChartPanel& panel) {
    double lo = 0, hi = 0;
    for (const Curve& curve : panel.curves)
        for (double y : curve.y) lo = std::min(lo, y), hi = std::max(hi, y);
    for (const Baseline& baseline : panel.baselines) lo = std::min(lo, baseline.y), hi = std::max(hi, baseline.y);
    return nice_ticks(lo, hi, 5);
}

// Grey grid lines at the ticks, their values on the left (and below, if
// `x_values`), and a frame around the area.
inline std::string chart_grid(const PlotArea& area, const Ticks& x_ticks, const Ticks& y_ticks, bool x_values) {
    const double font = 12;
    std::string out;
    for (int k = 0; k < tick_count(y_ticks); k++) {
        const double value = tick_value(y_ticks, k), y = area.to_y(value);
        out += svg_line(area.left, y, area.left + area.width, y, "stroke=\"#e4e4e4\"");
        out += svg_text(area.left - 6, y + 4, fixed(value, y_ticks.decimals), font, "end");
    }
    for (int k = 0; k < tick_count(x_ticks); k++) {
        const double value = tick_value(x_ticks, k), x = area.to_x(value);
        out += svg_line(x, area.top, x, area.top + area.height, "stroke=\"#e4e4e4\"");
        if (x_values) out += svg_text(x, area.top + area.height + 17, fixed(value, x_ticks.decimals), font, "middle");
    }
    return out + svg_rect(area.left, area.top, area.width, area.height, "fill=\"none\" stroke=\"#888888\"");
}

// A panel's baselines, dashed (each its own dash pattern), then its curves on
// top of them, each labelled at its right end.
inline std::string chart_lines(const ChartPanel& panel, const PlotArea& area, const Ticks& y_ticks) {
    const double font = 12;
    std::string out;
    std::vector<SideLabel> labels;
    static const char* const dashes[] = {"7 4", "2 3", "10 3 2 3"};
    for (size_t b = 0; b < panel.baselines.size(); b++) {
        const Baseline& baseline = panel.baselines[b];
        const double y = area.to_y(baseline.y);
        out += svg_line(area.left, y, area.left + area.width, y,
                        std::string("class=\"baseline\" stroke=\"#555555\" stroke-width=\"1.5\" stroke-dasharray=\"") +
                            dashes[b % 3] + "\"");
        labels.push_back({y, end_label(baseline.name, baseline.y, y_ticks), "#555555"});
    }
    for (size_t c = 0; c < panel.curves.size(); c++) {
        const Curve& curve = panel.curves[c];
        const std::string colour = series_colour(c);
        std::string points;
        for (size_t k = 0; k < curve.x.size(); k++)
            points += (k ? " " : "") + px(area.to_x(curve.x[k])) + "," + px(area.to_y(curve.y[k]));
        out += "<polyline class=\"curve\" points=\"" + points + "\" fill=\"none\" stroke=\"" + colour +
               "\" stroke-width=\"2\"/>\n";
        if (curve.x.size() <= 40)  // few points: mark each one
            for (size_t k = 0; k < curve.x.size(); k++)
                out += svg_circle(area.to_x(curve.x[k]), area.to_y(curve.y[k]), 3, "fill=\"" + colour + "\"");
        labels.push_back({area.to_y(curve.y.back()), end_label(curve.name, curve.y.back(), y_ticks), colour});
    }
    spread_labels(labels, font + 3, area.top + font / 2, area.top + area.height - font / 2);
    for (const SideLabel& label : labels)
        out += svg_text(area.left + area.width + 8, label.y + 4, label.text, font, "start", "fill=\"" + label.colour + "\"");
    return out;
}

inline std::string line_chart_svg(const std::string& title, const std::string& x_label,
                                  const std::vector<ChartPanel>& panels) {
    check_chart(panels);
    const double margin = 20, plot_width = 560, plot_height = 200, panel_gap = 30, font = 12;

    // the x axis is shared: from 0 (or less) to the last x of any curve
    double x_lo = 0, x_hi = 0;  // (only baselines: nice_ticks makes it 0 to 1)
    for (const ChartPanel& panel : panels)
        for (const Curve& curve : panel.curves)
            for (double x : curve.x) x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
    const Ticks x_ticks = nice_ticks(x_lo, x_hi, 6);

    // each panel's y axis; room on the left for the tick values, on the right for the labels
    std::vector<Ticks> y_ticks;
    double left_width = 0, right_width = 0;
    for (const ChartPanel& panel : panels) {
        const Ticks t = y_axis_of(panel);
        y_ticks.push_back(t);
        for (int k = 0; k < tick_count(t); k++)
            left_width = std::max(left_width, text_width(fixed(tick_value(t, k), t.decimals), font));
        for (const Curve& curve : panel.curves)
            right_width = std::max(right_width, text_width(end_label(curve.name, curve.y.back(), t), font));
        for (const Baseline& baseline : panel.baselines)
            right_width = std::max(right_width, text_width(end_label(baseline.name, baseline.y, t), font));
    }

    std::string body = svg_title(margin, title);
    PlotArea area{margin + 20 + left_width + 8, margin + (title.empty() ? 0 : 34), plot_width, plot_height,
                  x_ticks.first, x_ticks.last, 0, 1};
    for (size_t p = 0; p < panels.size(); p++) {
        area.y_lo = y_ticks[p].first;
        area.y_hi = y_ticks[p].last;
        body += "<g class=\"chart\">\n" + chart_grid(area, x_ticks, y_ticks[p], p + 1 == panels.size()) +
                svg_rotated_text(margin + 12, area.top + plot_height / 2, panels[p].y_label, 13, -90) +
                chart_lines(panels[p], area, y_ticks[p]) + "</g>\n";
        if (p + 1 < panels.size()) area.top += plot_height + panel_gap;
    }
    const double bottom = area.top + plot_height + 38;
    body += svg_text(area.left + plot_width / 2, bottom, x_label, 13, "middle");
    const double width = std::max(area.left + plot_width + 8 + right_width, margin + bold_text_width(title, 17));
    return svg_document(width + margin, bottom + margin, "", body);
}

// ---- 6. the labelled scatter plot ----------------------------------------------------
//
// Points with a word next to each. Both axes use the same number of pixels
// per unit, so that what is twice as far apart in the data is twice as far
// apart on the page (for a map of vectors that is the whole point; stretching
// one axis to fill the frame would invent distances).
//
// With groups, each group's points and labels are drawn in its own colour
// (group_colour), and a legend to the right of the plot names the groups.
//
// Labels are placed one by one, in the order the points are given (put the
// most important first): each label tries eight places around its point,
// right, left, above, below and the four corners, then the same eight
// farther out, twice, with a thin line to its point, and takes the first
// place that overlaps no label already placed, no point and no edge. If
// every place overlaps something, it takes the one with the least overlap:
// with many points close together, some overlap cannot be helped.

struct ScatterPlot {
    std::string title, x_label, y_label;
    std::vector<std::string> labels;            // one word per point
    std::vector<double> x, y;                   // the points
    std::vector<size_t> group = {};             // each point's group, or empty: one colour and no legend
    std::vector<std::string> group_names = {};  // with groups: the legend, one name per group (at most max_groups)
};

struct Box {
    double left, top, right, bottom;
};

inline double overlap_area(const Box& a, const Box& b) {
    const double w = std::min(a.right, b.right) - std::max(a.left, b.left);
    const double h = std::min(a.bottom, b.bottom) - std::max(a.top, b.top);
    return w > 0 && h > 0 ? w * h : 0;
}

// The box a label of width w takes when placed in direction (dx, dy) from
// its point at (x, y), `distance` pixels out. The directions are -1, 0 or 1:
// (1, 0) is to the right, (0, -1) above, (1, -1) to the upper right.
inline Box label_box(double x, double y, double w, double h, int dx, int dy, double distance) {
    const double cx = x + dx * distance, cy = y + dy * distance;  // the label's anchor point
    const double left = dx > 0 ? cx : dx < 0 ? cx - w : cx - w / 2;
    const double top = dy > 0 ? cy : dy < 0 ? cy - h : cy - h / 2;
    return Box{left, top, left + w, top + h};
}

// The values the plot shows, with one scale for both axes. The plot is
// `width` pixels wide and as tall as the points need at that scale, but no
// taller than wide (the x range grows if the points need more) and no
// flatter than 0.45 of its width (the y range grows around its middle: a thin
// strip of points leaves no room for their labels). A margin of 6% of the
// range on every side leaves room for the labels of the outermost points.
inline PlotArea scatter_area(const ScatterPlot& plot, double width) {
    const auto [x_min, x_max] = std::minmax_element(plot.x.begin(), plot.x.end());
    const auto [y_min, y_max] = std::minmax_element(plot.y.begin(), plot.y.end());
    double x_span = *x_max - *x_min, y_span = *y_max - *y_min;
    if (x_span <= 1e-9 && y_span <= 1e-9) x_span = y_span = 1;  // all in one place: any scale will do
    x_span = std::max(x_span, y_span);
    y_span = std::max(y_span, 0.45 * x_span);
    const double pad = 0.06 * x_span;
    PlotArea area{0, 0, width, 0, (*x_min + *x_max - x_span) / 2 - pad, (*x_min + *x_max + x_span) / 2 + pad,
                  (*y_min + *y_max - y_span) / 2 - pad, (*y_min + *y_max + y_span) / 2 + pad};
    area.height = width * (area.y_hi - area.y_lo) / (area.x_hi - area.x_lo);  // the same pixels per unit
    return area;
}

// The y ticks of a scatter plot: the x ticks' step, at the multiples of it
// inside the y range.
inline Ticks scatter_y_ticks(const PlotArea& area, const Ticks& x_ticks) {
    Ticks y_ticks = x_ticks;
    y_ticks.first = std::ceil(area.y_lo / x_ticks.step - 1e-9) * x_ticks.step;
    y_ticks.last = std::floor(area.y_hi / x_ticks.step + 1e-9) * x_ticks.step;
    return y_ticks;
}

// The frame, tick marks with their values on the left and below, and the
// axes through 0 where 0 is in view (for a map of principal components, 0 is
// the mean of the points).
inline std::string scatter_axes(const PlotArea& area, const Ticks& x_ticks, const Ticks& y_ticks) {
    const double font = 12, bottom = area.top + area.height;
    std::string out = svg_rect(area.left, area.top, area.width, area.height, "fill=\"none\" stroke=\"#888888\"");
    for (int k = 0; k < tick_count(x_ticks); k++) {
        const double value = tick_value(x_ticks, k), x = area.to_x(value);
        if (value < area.x_lo || value > area.x_hi) continue;
        out += svg_line(x, bottom, x, bottom + 4, "stroke=\"#888888\"");
        out += svg_text(x, bottom + 17, fixed(value, x_ticks.decimals), font, "middle", "fill=\"#444444\"");
    }
    for (int k = 0; k < tick_count(y_ticks); k++) {
        const double value = tick_value(y_ticks, k), y = area.to_y(value);
        out += svg_line(area.left - 4, y, area.left, y, "stroke=\"#888888\"");
        out += svg_text(area.left - 6, y + 4, fixed(value, y_ticks.decimals), font, "end", "fill=\"#444444\"");
    }
    if (area.x_lo < 0 && area.x_hi > 0) out += svg_line(area.to_x(0), area.top, area.to_x(0), bottom, "stroke=\"#dddddd\"");
    if (area.y_lo < 0 && area.y_hi > 0)
        out += svg_line(area.left, area.to_y(0), area.left + area.width, area.to_y(0), "stroke=\"#dddddd\"");
    return out;
}

// The labels, placed as the section's opening comment says. `taken` holds
// the boxes of the points on entry, and gains each label's box as it is placed.
inline std::string scatter_labels(const ScatterPlot& plot, const PlotArea& area, double point_radius,
                                  std::vector<Box>& taken) {
    const double font = 12, h = font + 2;
    const Box frame{area.left, area.top, area.left + area.width, area.top + area.height};
    static const int directions[8][2] = {{1, 0}, {-1, 0}, {0, -1}, {0, 1}, {1, -1}, {1, 1}, {-1, -1}, {-1, 1}};
    std::string out;
    for (size_t k = 0; k < plot.labels.size(); k++) {
        const double x = area.to_x(plot.x[k]), y = area.to_y(plot.y[k]), w = text_width(plot.labels[k], font);
        Box best{};
        double best_cost = std::numeric_limits<double>::infinity(), best_distance = 0;
        for (double distance : {point_radius + 2, point_radius + 14, point_radius + 28}) {
            for (const auto& d : directions) {
                const Box box = label_box(x, y, w, h, d[0], d[1], distance);
                // pixels outside the frame (a box overlaps itself by its own area), and overlapped
                double cost = overlap_area(box, box) - overlap_area(box, frame);
                for (const Box& other : taken) cost += overlap_area(box, other);
                if (cost < best_cost) best_cost = cost, best = box, best_distance = distance;
                if (cost == 0) break;
            }
            if (best_cost == 0) break;
        }
        if (best_distance > point_radius + 2) {  // moved out: a thin line shows whose label it is
            const double bx = std::max(best.left, std::min(x, best.right)), by = std::max(best.top, std::min(y, best.bottom));
            out += svg_line(x, y, bx, by, "stroke=\"#999999\" stroke-width=\"0.8\"");
        }
        const std::string colour = plot.group.empty() ? "" : " fill=\"" + group_colour(plot.group[k]) + "\"";
        out += svg_text(best.left, best.bottom - 3.5, plot.labels[k], font, "start", "class=\"label\"" + colour);
        taken.push_back(best);
    }
    return out;
}

// The legend of the groups, its top left corner at (left, top): a point in
// each group's colour and the group's name, one under the other.
inline std::string scatter_legend(const std::vector<std::string>& names, double left, double top) {
    const double font = 12, row = 20;
    std::string out = "<g class=\"legend\">\n";
    for (size_t g = 0; g < names.size(); g++) {
        const double y = top + row * static_cast<double>(g) + row / 2;
        out += svg_circle(left + 5, y, 4.5, "class=\"legend-mark\" fill=\"" + group_colour(g) + "\"");
        out += svg_text(left + 16, y + 4, names[g], font, "start", "class=\"legend-label\" fill=\"" + group_colour(g) + "\"");
    }
    return out + "</g>\n";
}

inline double scatter_legend_width(const std::vector<std::string>& names) {
    double width = 0;
    for (const std::string& name : names) width = std::max(width, 16 + text_width(name, 12));
    return width;
}

inline void check_scatter(const ScatterPlot& plot) {
    const size_t n = plot.x.size();
    if (n == 0 || plot.y.size() != n || plot.labels.size() != n)
        throw std::invalid_argument("scatter plot: one x, one y and one label per point, at least one point");
    for (size_t k = 0; k < n; k++)
        if (!std::isfinite(plot.x[k]) || !std::isfinite(plot.y[k]))
            throw std::invalid_argument("scatter plot: the point of '" + plot.labels[k] + "' is not finite");
    if (plot.group.empty() && plot.group_names.empty()) return;
    if (plot.group.size() != n || plot.group_names.empty() || plot.group_names.size() > max_groups)
        throw std::invalid_argument("scatter plot: with groups, one group per point and 1 to " +
                                    std::to_string(max_groups) + " group names");
    for (size_t g : plot.group)
        if (g >= plot.group_names.size()) throw std::invalid_argument("scatter plot: a point's group has no name");
}

inline std::string scatter_plot_svg(const ScatterPlot& plot) {
    check_scatter(plot);
    const size_t n = plot.x.size();

    const double margin = 20, font = 12, point_radius = 3.5;
    PlotArea area = scatter_area(plot, 760);
    const Ticks x_ticks = nice_ticks(area.x_lo, area.x_hi, 8), y_ticks = scatter_y_ticks(area, x_ticks);
    double left_width = 0;  // room for the y tick values
    for (int k = 0; k < tick_count(y_ticks); k++)
        left_width = std::max(left_width, text_width(fixed(tick_value(y_ticks, k), y_ticks.decimals), font));
    area.left = margin + 24 + left_width + 6;
    area.top = margin + (plot.title.empty() ? 0 : 34);

    std::string body = svg_title(margin, plot.title) + scatter_axes(area, x_ticks, y_ticks);
    body += svg_text(area.left + area.width / 2, area.top + area.height + 38, plot.x_label, 13, "middle");
    body += svg_rotated_text(margin + 10, area.top + area.height / 2, plot.y_label, 13, -90);
    std::vector<Box> taken;  // every point first, so that the labels can keep clear of all of them
    for (size_t k = 0; k < n; k++) {
        const double x = area.to_x(plot.x[k]), y = area.to_y(plot.y[k]);
        body += svg_circle(x, y, point_radius,
                           "class=\"point\" fill=\"" + (plot.group.empty() ? "#0072b2" : group_colour(plot.group[k])) + "\"");
        taken.push_back(Box{x - point_radius, y - point_radius, x + point_radius, y + point_radius});
    }
    body += scatter_labels(plot, area, point_radius, taken);
    double right = area.left + area.width;  // of the plot, and of its legend if it has one
    if (!plot.group_names.empty()) {
        body += scatter_legend(plot.group_names, right + 16, area.top);
        right += 16 + scatter_legend_width(plot.group_names);
    }

    const double width = std::max(right, margin + bold_text_width(plot.title, 17));
    return svg_document(width + margin, area.top + area.height + 46 + margin, "", body);
}

// ---- 7. saving ----------------------------------------------------------------------
//
// Into "<path>.tmp" first, renamed over <path> only once all of it is
// written: an existing picture is replaced whole or not at all.

inline void save_svg(const std::string& path, const std::string& svg) {
    OutputFile file(path);
    std::fwrite(svg.data(), 1, svg.size(), file.stream());
    file.commit();
}
