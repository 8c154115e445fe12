// xml_reader.hpp - a small XML reader for the tests of the SVG pictures
// (tests/svg_test.cpp, tests/word2vec_test.cpp and the map fuzz target).
//
// It reads a whole document into a tree of elements and throws
// std::runtime_error, with the byte offset, at the first thing that is not
// well-formed: an element that is not closed or closed by another name, an
// attribute without ="...", the same attribute twice, a raw "<" or an "&"
// that starts no entity in text or in an attribute, bytes that are not UTF-8,
// a control character, or anything after the root element. It knows only
// what svg.hpp writes: no comments, CDATA, processing instructions or
// declarations, and of the entities only the five of XML itself.

#pragma once

#include "../support/svg.hpp"  // next_code_point

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct Element {
    std::string name;
    std::map<std::string, std::string> attributes;  // values with entities decoded
    std::string text;                               // the text directly inside, decoded
    std::vector<std::unique_ptr<Element>> children;

    std::string attribute(const std::string& key) const {
        auto found = attributes.find(key);
        return found == attributes.end() ? "" : found->second;
    }
    double number(const std::string& key) const { return std::stod(attribute(key)); }
};

// Reads a whole XML document, throwing std::runtime_error with the byte
// offset at the first thing that is not well-formed.
class XmlReader {
public:
    explicit XmlReader(const std::string& text) : s_(text) {}

    std::unique_ptr<Element> document() {
        check_characters();
        skip_space();
        auto root = element();
        skip_space();
        if (i_ != s_.size()) fail("text after the root element");
        return root;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error("not well-formed XML at byte " + std::to_string(i_) + ": " + what);
    }

    // The whole text: valid UTF-8 and no control characters but tab, newline, return.
    void check_characters() {
        for (size_t k = 0; k < s_.size();) {
            size_t length = 1;
            long code = next_code_point(s_, k, length);
            if (code < 0 || (code < 0x20 && code != 0x09 && code != 0x0A && code != 0x0D) || code == 0xFFFE ||
                code == 0xFFFF) {
                i_ = k;
                fail("a byte that is not UTF-8 or a control character");
            }
            k += length;
        }
    }

    void skip_space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) i_++;
    }

    static bool is_name_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':' ||
               c == '_' || c == '.';
    }

    std::string name() {
        size_t start = i_;
        while (i_ < s_.size() && is_name_char(s_[i_])) i_++;
        if (i_ == start) fail("expected a name");
        return s_.substr(start, i_ - start);
    }

    // Text up to `end` (exclusive), with the five entities and &#...; decoded.
    std::string decode(size_t end) {
        std::string out;
        while (i_ < end) {
            char c = s_[i_];
            if (c == '<') fail("a raw '<' in text or in an attribute");
            if (c != '&') {
                out += c;
                i_++;
                continue;
            }
            size_t semicolon = s_.find(';', i_);
            if (semicolon == std::string::npos || semicolon > end) fail("an '&' that starts no entity");
            std::string entity = s_.substr(i_ + 1, semicolon - i_ - 1);
            if (entity == "amp") out += '&';
            else if (entity == "lt") out += '<';
            else if (entity == "gt") out += '>';
            else if (entity == "quot") out += '"';
            else if (entity == "apos") out += '\'';
            else fail("an unknown entity &" + entity + ";");
            i_ = semicolon + 1;
        }
        return out;
    }

    std::unique_ptr<Element> element() {
        if (i_ >= s_.size() || s_[i_] != '<') fail("expected '<'");
        i_++;
        auto e = std::make_unique<Element>();
        e->name = name();
        while (true) {  // attributes: name="value"
            size_t before = i_;
            skip_space();
            if (i_ >= s_.size()) fail("the file ends inside a tag");
            if (s_[i_] == '/' || s_[i_] == '>') break;
            if (i_ == before) fail("no space before an attribute");
            std::string key = name();
            if (i_ + 1 >= s_.size() || s_[i_] != '=' || s_[i_ + 1] != '"') fail("attribute " + key + " without =\"...\"");
            i_ += 2;
            size_t close = s_.find('"', i_);
            if (close == std::string::npos) fail("an attribute value that never ends");
            if (e->attributes.count(key)) fail("attribute " + key + " twice");
            e->attributes[key] = decode(close);
            i_ = close + 1;
        }
        if (s_[i_] == '/') {  // <name ... />
            if (i_ + 1 >= s_.size() || s_[i_ + 1] != '>') fail("'/' not followed by '>'");
            i_ += 2;
            return e;
        }
        i_++;  // '>'
        while (true) {  // content: text and child elements, up to </name>
            size_t next = s_.find('<', i_);
            if (next == std::string::npos) fail("element <" + e->name + "> is never closed");
            e->text += decode(next);
            if (s_.compare(next, 2, "</") == 0) {
                i_ = next + 2;
                std::string closing = name();
                if (closing != e->name) fail("<" + e->name + "> closed by </" + closing + ">");
                skip_space();
                if (i_ >= s_.size() || s_[i_] != '>') fail("expected '>' after </" + closing);
                i_++;
                return e;
            }
            e->children.push_back(element());
        }
    }

    const std::string& s_;
    size_t i_ = 0;
};

inline std::unique_ptr<Element> parse(const std::string& svg) { return XmlReader(svg).document(); }

// Every element (depth first, in document order) for which `keep` is true.
template <typename Keep>
void collect(const Element& e, Keep keep, std::vector<const Element*>& out) {
    if (keep(e)) out.push_back(&e);
    for (const auto& child : e.children) collect(*child, keep, out);
}

inline std::vector<const Element*> by_name(const Element& root, const std::string& name) {
    std::vector<const Element*> out;
    collect(root, [&](const Element& e) { return e.name == name; }, out);
    return out;
}

inline std::vector<const Element*> by_class(const Element& root, const std::string& cls) {
    std::vector<const Element*> out;
    collect(root, [&](const Element& e) { return e.attribute("class") == cls; }, out);
    return out;
}

inline const Element* child(const Element& e, const std::string& name) {
    for (const auto& c : e.children)
        if (c->name == name) return c.get();
    return nullptr;
}
