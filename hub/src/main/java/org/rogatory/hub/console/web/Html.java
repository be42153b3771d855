package org.rogatory.hub.console.web;

import java.util.List;
import java.util.function.Function;

/**
 * The console's HTML, escaped by default: {@link #of} fills {@code {}} placeholders with arguments
 * that are escaped unless they are already {@link Html}. There is no other way to put text into a
 * page, so a value can only reach the page unescaped by being built as HTML here.
 */
record Html(String text) {
  static final Html EMPTY = new Html("");

  /** {@code template} (trusted HTML) with each {@code {}} replaced by the next argument. */
  static Html of(String template, Object... args) {
    StringBuilder out = new StringBuilder(template.length() + 64);
    int from = 0;
    int arg = 0;
    while (true) {
      int at = template.indexOf("{}", from);
      if (at < 0) {
        break;
      }
      if (arg >= args.length) {
        throw new IllegalArgumentException("more placeholders than arguments");
      }
      out.append(template, from, at);
      Object a = args[arg++];
      out.append(a instanceof Html h ? h.text() : escape(a == null ? "" : a.toString()));
      from = at + 2;
    }
    if (arg != args.length) {
      throw new IllegalArgumentException("more arguments than placeholders");
    }
    out.append(template, from, template.length());
    return new Html(out.toString());
  }

  static <T> Html join(List<T> items, Function<T, Html> each) {
    StringBuilder out = new StringBuilder();
    for (T item : items) {
      out.append(each.apply(item).text());
    }
    return new Html(out.toString());
  }

  /** Escapes the five characters that matter in element content and quoted attributes. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
