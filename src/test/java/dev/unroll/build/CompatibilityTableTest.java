package dev.unroll.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README's compatibility table says what the build and CI do: one row per line that
 * {@code jobs/spark-line.sh} supports, each naming the pom profile's Spark, Scala and Delta versions, the
 * command that builds it and the jar it makes; the Java 17 column says which suite CI runs on it, and
 * CI ({@code .ci/run}) runs the README's test command, which runs the full suite on the default line and
 * the short one on every other.
 */
class CompatibilityTableTest {
  private static final String SECTION = "## Spark and Java versions";
  private static final List<String> HEADER = List.of("Spark line", "Scala", "built against", "build with",
      "job jar", "Delta Lake tests", "Java 17", "Java 21", "Java 25");

  @Test
  void everySupportedLineHasOneRowNamingItsProfilesVersionsCommandAndJar() throws Exception {
    List<String> lines = supportedLines();
    Map<String, Map<String, String>> profiles = lineProperties();
    Map<String, List<String>> rows = table();
    assertEquals(lines, List.copyOf(rows.keySet()), "the table's rows, by line, against jobs/spark-line.sh");
    for (String line : lines) {
      List<String> row = rows.get(line);
      Map<String, String> p = profiles.get(line);
      assertNotNull(p, "the pom has no profile spark-" + line);
      String scala = p.get("scala.binary.version");
      String jar = "unroll-spark-" + p.get("spark.line") + "_" + scala + ".jar";
      boolean isDefault = line.equals(lines.get(0));
      assertEquals(List.of(scala, p.get("spark.version"),
              isDefault ? "`mvn -B package`" : "`mvn -B package -Pspark-" + line + "`",
              isDefault ? "`target/" + jar + "`" : "`target/spark-" + line + "/" + jar + "`",
              p.get("delta.version")),
          row.subList(1, 6), "row " + line);
      String java17 = row.get(6);
      assertTrue(java17.startsWith(isDefault ? "CI, full suite" : "CI, short suite"),
          "row " + line + ": Java 17 is " + java17);
    }
  }

  @Test
  void ciRunsTheReadmesTestCommandWhichRunsEveryLine() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains("Run the tests:\n\n```\njobs/test-all-lines.sh\n```"), "the README's test command");
    List<String> ci = Files.readAllLines(Path.of(".ci/run"));
    assertEquals("exec jobs/test-all-lines.sh", ci.get(ci.size() - 1));
    String script = Files.readString(Path.of("jobs/test-all-lines.sh"));
    assertTrue(script.contains("for line in ${LINES:-$SPARK_LINES}; do"), "the script loops over every line");
    assertTrue(script.contains("\"-Pspark-$line\" test -Dtest=\"$SHORT_SUITE\""), "the short suite per line");
  }

  /** The lines jobs/spark-line.sh accepts, the default first. */
  private static List<String> supportedLines() throws Exception {
    Matcher m = Pattern.compile("(?m)^SPARK_LINES=\"([^\"]+)\"$").matcher(Files.readString(Path.of("jobs/spark-line.sh")));
    assertTrue(m.find(), "jobs/spark-line.sh sets SPARK_LINES");
    return Arrays.asList(m.group(1).split(" "));
  }

  /** Each spark-&lt;line&gt; profile's properties over the pom's own (the default line's). */
  private static Map<String, Map<String, String>> lineProperties() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    Element project = pom.getDocumentElement();
    Map<String, String> defaults = properties(child(project, "properties"));
    Map<String, Map<String, String>> lines = new LinkedHashMap<>();
    Element profiles = child(project, "profiles");
    for (Element profile : children(profiles, "profile")) {
      String id = child(profile, "id").getTextContent();
      if (id.startsWith("spark-")) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        Element own = child(profile, "properties");
        if (own != null) {
          merged.putAll(properties(own));
        }
        lines.put(id.substring("spark-".length()), merged);
      }
    }
    return lines;
  }

  /** The table's rows by line (with "_2.12" for a Scala 2.12 row), cells trimmed, after checking the header. */
  private static Map<String, List<String>> table() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("\n" + SECTION + "\n");
    assertTrue(start >= 0, "the README has a section " + SECTION);
    List<List<String>> cells = new ArrayList<>();
    boolean inTable = false;
    for (String line : readme.substring(start + SECTION.length() + 2).split("\n")) {
      if (line.startsWith("|")) {
        inTable = true;
        List<String> row = new ArrayList<>();
        for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
          row.add(cell.trim());
        }
        cells.add(row);
      } else if (inTable || line.startsWith("## ")) {
        break;
      }
    }
    assertFalse(cells.isEmpty(), "the section " + SECTION + " holds a table");
    assertEquals(HEADER, cells.get(0), "the table's header");
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (List<String> row : cells.subList(2, cells.size())) {
      assertEquals(HEADER.size(), row.size(), "cells in " + row);
      String line = row.get(0) + ("2.12".equals(row.get(1)) ? "_2.12" : "");
      assertEquals(null, rows.put(line, row), "two rows for line " + line);
    }
    return rows;
  }

  private static Map<String, String> properties(Element properties) {
    Map<String, String> values = new LinkedHashMap<>();
    NodeList nodes = properties.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e) {
        values.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    return values;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        found.add(e);
      }
    }
    return found;
  }
}
