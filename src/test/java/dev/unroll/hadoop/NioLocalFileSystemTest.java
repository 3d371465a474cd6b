package dev.unroll.hadoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system without forked chmods leaves the same files, modes and checksums as Hadoop's
 * own (which runs {@code chmod}), and {@link FileWalk} lists what Hadoop's recursive listing lists.
 */
class NioLocalFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  private static FileSystem fs(FileSystem fs, String umask) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set("fs.permissions.umask-mode", umask);
    fs.initialize(URI.create("file:///"), conf);
    return fs;
  }

  private static String mode(java.nio.file.Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Creates a file in a new folder and a folder with an explicit mode; returns the four modes. */
  private List<String> modesAfterWrites(FileSystem fs, String root) throws IOException {
    Path folder = new Path(dir.resolve(root).toUri().toString(), "a/b");
    try (OutputStream out = fs.create(new Path(folder, "part-0.parquet"), true)) {
      out.write("rows".getBytes(StandardCharsets.UTF_8));
    }
    Path explicit = new Path(dir.resolve(root).toUri().toString(), "explicit");
    fs.mkdirs(explicit, new FsPermission((short) 0750));
    fs.setPermission(new Path(folder, "part-0.parquet"), new FsPermission((short) 0604));
    return List.of(mode(dir.resolve(root + "/a/b")), mode(dir.resolve(root + "/a/b/part-0.parquet")),
        mode(dir.resolve(root + "/a/b/.part-0.parquet.crc")), mode(dir.resolve(root + "/explicit")));
  }

  @Test
  void filesFoldersAndChecksumsGetTheModesHadoopsOwnChmodGives() throws IOException {
    for (String umask : new String[] {"022", "077", "002"}) {
      List<String> hadoops = modesAfterWrites(fs(new LocalFileSystem(), umask), "hadoop-" + umask);
      List<String> nio = modesAfterWrites(fs(new NioLocalFileSystem(), umask), "nio-" + umask);
      assertEquals(hadoops, nio, "umask " + umask);
    }
    // the expectation independently of both: umask 022 on Hadoop's defaults (folders 777, files 666), then 0604
    assertEquals(List.of("rwxr-xr-x", "rw----r--", "rw----r--", "rwxr-x---"), // the checksum follows its file
        modesAfterWrites(fs(new NioLocalFileSystem(), "022"), "plain"));
    assertTrue(Files.readString(dir.resolve("plain/a/b/part-0.parquet")).equals("rows"));
  }

  @Test
  void theStickyBitGoesToHadoopsOwnChmod() throws IOException {
    FileSystem fs = fs(new NioLocalFileSystem(), "022");
    Path folder = new Path(dir.resolve("sticky").toUri().toString());
    fs.mkdirs(folder);
    fs.setPermission(folder, new FsPermission((short) 01777));
    assertTrue(fs.getFileStatus(folder).getPermission().getStickyBit());
    assertEquals("rwxrwxrwx", mode(dir.resolve("sticky")));
  }

  @Test
  void theWalkListsWhatHadoopsRecursiveListingLists() throws IOException {
    FileSystem fs = fs(new NioLocalFileSystem(), "022");
    for (String f : new String[] {"x/1", "x/y/2", "x/y/z/3", "x/_hidden/4", "x/5", "x/.6"}) {
      try (OutputStream out = fs.create(new Path(dir.resolve(f).toUri().toString()), true)) {
        out.write(1);
      }
    }
    Path root = new Path(dir.resolve("x").toUri().toString());
    List<Path> listed = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      listed.add(it.next().getPath());
    }
    List<Path> walked = new ArrayList<>();
    assertTrue(FileWalk.files(fs, root, s -> walked.add(s.getPath())));
    assertEquals(listed, walked);
    assertEquals(6, walked.size()); // Hadoop lists no checksum file

    List<Path> firstTwo = new ArrayList<>();
    assertFalse(FileWalk.files(fs, root, s -> firstTwo.add(s.getPath()) && firstTwo.size() < 2));
    assertEquals(listed.subList(0, 2), firstTwo);
  }
}
