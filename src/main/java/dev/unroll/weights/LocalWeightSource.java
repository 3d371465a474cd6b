package dev.unroll.weights;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** A {@link WeightSource} on the local file system. */
public final class LocalWeightSource implements WeightSource {
  private final Path path;
  private final String described;

  private LocalWeightSource(Path path, String described) {
    this.path = path;
    this.described = described;
  }

  public static LocalWeightSource of(Path path) {
    return new LocalWeightSource(path, path.toString());
  }

  public Path path() {
    return path;
  }

  @Override
  public String describe() {
    return described;
  }

  @Override
  public String fileName() {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }

  @Override
  public boolean exists() {
    return Files.exists(path);
  }

  @Override
  public boolean isDirectory() {
    return Files.isDirectory(path);
  }

  @Override
  public long size() throws IOException {
    return Files.size(path);
  }

  @Override
  public SeekableByteChannel open() throws IOException {
    return Files.newByteChannel(path);
  }

  @Override
  public WeightSource sibling(String fileName) {
    WeightSource.checkRelativePath(fileName, true);
    Path parent = path.toAbsolutePath().getParent();
    return of(parent.resolve(fileName));
  }

  @Override
  public WeightSource child(String relativePath) {
    WeightSource.checkRelativePath(relativePath, false);
    return of(path.resolve(relativePath));
  }

  @Override
  public String toString() {
    return described;
  }
}
