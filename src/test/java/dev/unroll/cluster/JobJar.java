package dev.unroll.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The self-contained job jar, as {@code mvn package} shades it into {@code target/unroll.jar}: our classes
 * and every runtime dependency, signature files and {@code module-info} left out, first copy of a name
 * wins. Built here from {@code target/classes} because {@code mvn test} runs before {@code package}.
 */
final class JobJar {
  private JobJar() {}

  private static final Path CLASSES = Path.of(System.getProperty("unroll.classes", "target/classes"));
  private static final Path CLASSPATH =
      Path.of(System.getProperty("unroll.jobClasspath", "target/job-classpath.txt"));

  static Path build(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    Set<String> written = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      written.add(JarFile.MANIFEST_NAME);
      List<Path> classFiles;
      try (Stream<Path> files = Files.walk(CLASSES)) {
        classFiles = files.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : classFiles) {
        String name = CLASSES.relativize(file).toString().replace('\\', '/');
        try (InputStream in = Files.newInputStream(file)) {
          copy(out, written, name, in);
        }
      }
      for (String dependency : Files.readString(CLASSPATH).trim().split(java.io.File.pathSeparator)) {
        try (JarFile dep = new JarFile(dependency)) {
          for (Enumeration<JarEntry> e = dep.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (!entry.isDirectory() && kept(entry.getName())) {
              try (InputStream in = dep.getInputStream(entry)) {
                copy(out, written, entry.getName(), in);
              }
            }
          }
        }
      }
    }
    return jar;
  }

  /** The shade plugin's filter in pom.xml: no signatures (they would not match the merged jar), no module-info. */
  private static boolean kept(String name) {
    return !name.equals(JarFile.MANIFEST_NAME) && !name.equals("module-info.class")
        && !(name.startsWith("META-INF/") && name.matches("META-INF/[^/]*\\.(SF|DSA|RSA)"));
  }

  private static void copy(JarOutputStream out, Set<String> written, String name, InputStream in)
      throws IOException {
    if (written.add(name)) {
      out.putNextEntry(new JarEntry(name));
      in.transferTo(out);
      out.closeEntry();
    }
  }
}
