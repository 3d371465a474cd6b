package dev.unroll.weights.codec;

import dev.unroll.weights.WeightsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON parser for the headers of weight files (safetensors): objects become
 * {@code LinkedHashMap<String, Object>}, arrays {@code List<Object>}, strings {@code String}, integers
 * {@code Long}, other numbers {@code Double}, and {@code true}/{@code false}/{@code null} themselves.
 * Nesting is limited so a hostile header cannot exhaust the stack.
 */
public final class JsonReader {
  private static final int MAX_DEPTH = 64;

  private final String where;
  private final String text;
  private int pos;

  private JsonReader(String where, String text) {
    this.where = where;
    this.text = text;
  }

  public static Object parse(String where, String text) throws WeightsException {
    JsonReader r = new JsonReader(where, text);
    Object value = r.value(0);
    r.skipSpace();
    if (r.pos != text.length()) {
      throw r.error("unexpected text after the value");
    }
    return value;
  }

  private Object value(int depth) throws WeightsException {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    skipSpace();
    if (pos >= text.length()) {
      throw error("the text ends early");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(int depth) throws WeightsException {
    Map<String, Object> map = new LinkedHashMap<>();
    pos++; // {
    skipSpace();
    if (peekIs('}')) {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      if (!peekIs('"')) {
        throw error("expected a key");
      }
      String key = string();
      skipSpace();
      expect(':');
      if (map.containsKey(key)) {
        throw error("duplicate key \"" + key + "\"");
      }
      map.put(key, value(depth + 1));
      skipSpace();
      if (peekIs(',')) {
        pos++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array(int depth) throws WeightsException {
    List<Object> list = new ArrayList<>();
    pos++; // [
    skipSpace();
    if (peekIs(']')) {
      pos++;
      return list;
    }
    while (true) {
      list.add(value(depth + 1));
      skipSpace();
      if (peekIs(',')) {
        pos++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() throws WeightsException {
    pos++; // opening quote
    StringBuilder s = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return s.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> s.append(e);
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case 'n' -> s.append('\n');
        case 'r' -> s.append('\r');
        case 't' -> s.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() throws WeightsException {
    int start = pos;
    if (peekIs('-')) {
      pos++;
    }
    boolean integer = true;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c >= '0' && c <= '9') {
        pos++;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        integer = false;
        pos++;
      } else {
        break;
      }
    }
    String n = text.substring(start, pos);
    try {
      return integer ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    } catch (NumberFormatException e) {
      throw error("bad number " + n);
    }
  }

  private Object literal(String word, Object value) throws WeightsException {
    if (!text.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
    return value;
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private boolean peekIs(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) throws WeightsException {
    if (!peekIs(c)) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private WeightsException error(String what) {
    return new WeightsException(where + ": bad JSON header at character " + pos + ": " + what);
  }
}
