package dev.unroll.spark.publish;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A path as its file system sees it, so that two spellings of one folder compare equal: qualified
 * (scheme, authority, absolute), normalised by Hadoop ({@code .}, {@code ..}, repeated and trailing
 * slashes), and on a local disk the real path, symbolic links resolved (for a path that does not exist
 * yet, its deepest existing ancestor's real path and the rest).
 *
 * @param given the path as the user wrote it, for messages
 * @param root scheme and authority, lower case ({@code file:}, {@code hdfs://namenode:8020})
 * @param path the absolute path on that file system, no trailing slash
 */
public record ResolvedPath(String given, String root, String path) {

  public static ResolvedPath of(Configuration conf, String given) throws IOException {
    Path p = new Path(given);
    URI uri;
    try {
      uri = p.getFileSystem(conf).makeQualified(p).toUri();
    } catch (IOException e) {
      uri = p.toUri(); // a file system this JVM cannot reach: compared as written
    }
    String path = uri.getPath();
    if ("file".equals(uri.getScheme())) {
      path = realPath(java.nio.file.Path.of(path));
    }
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String root = (uri.getScheme() == null ? "" : uri.getScheme() + ":")
        + (uri.getAuthority() == null ? "" : "//" + uri.getAuthority());
    return new ResolvedPath(given, root.toLowerCase(Locale.ROOT), path);
  }

  /** {@code given} resolved, or each path it matches when it is a glob ({@code *}, {@code ?}, {@code [}, {@code {}). */
  public static List<ResolvedPath> ofEach(Configuration conf, String given) throws IOException {
    List<ResolvedPath> out = new ArrayList<>();
    if (given.matches(".*[*?\\[{].*")) {
      Path p = new Path(given);
      FileStatus[] matches = p.getFileSystem(conf).globStatus(p);
      for (FileStatus s : matches == null ? new FileStatus[0] : matches) {
        ResolvedPath r = of(conf, s.getPath().toString());
        out.add(new ResolvedPath(given, r.root, r.path));
      }
    }
    if (out.isEmpty()) {
      out.add(of(conf, given));
    }
    return out;
  }

  /** The real path of the deepest existing ancestor of {@code path}, with the rest appended. */
  private static String realPath(java.nio.file.Path path) throws IOException {
    java.nio.file.Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path.toString();
    }
    return existing.toRealPath().resolve(existing.relativize(path)).normalize().toString();
  }

  /** Whether this is {@code other} or a folder that holds it. */
  public boolean contains(ResolvedPath other) {
    return root.equals(other.root)
        && (path.equals(other.path) || other.path.startsWith(path.equals("/") ? "/" : path + "/"));
  }

  /**
   * Why this output may not be written where it is relative to {@code other} (an input, the weights,
   * another output), or null when they are apart.
   */
  public String conflictWith(String what, ResolvedPath other, String otherWhat) {
    String where = root + path;
    if (path.equals(other.path) && root.equals(other.root)) {
      return what + " " + given + " is the same path as " + otherWhat + " " + other.given + " (both are " + where
          + "): choose another " + what;
    } else if (contains(other)) {
      return what + " " + given + " contains " + otherWhat + " " + other.given + ": writing it could delete "
          + otherWhat + "; choose another " + what;
    } else if (other.contains(this)) {
      return what + " " + given + " lies inside " + otherWhat + " " + other.given + " (" + other.root + other.path
          + "): choose a path outside it";
    }
    return null;
  }
}
