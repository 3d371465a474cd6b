package dev.unroll.hadoop;

import dev.unroll.weights.WeightSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A {@link WeightSource} on any Hadoop file system the cluster is configured for ({@code hdfs://},
 * {@code s3a://}, {@code file:}, a plain path). Used on the driver only: weights are read once there and
 * broadcast, never read by executors.
 */
public final class HadoopWeightSource implements WeightSource {
  private final Path path;
  private final Configuration conf;
  private final String described;

  private HadoopWeightSource(Path path, Configuration conf, String described) {
    this.path = path;
    this.conf = conf;
    this.described = described;
  }

  /** {@code uri} as the user gave it, resolved with the session's Hadoop configuration. */
  public static HadoopWeightSource of(String uri, Configuration conf) {
    return new HadoopWeightSource(new Path(uri), conf, uri);
  }

  private FileSystem fs() throws IOException {
    return path.getFileSystem(conf);
  }

  @Override
  public String describe() {
    return described;
  }

  @Override
  public String fileName() {
    return path.getName();
  }

  @Override
  public boolean exists() throws IOException {
    return fs().exists(path);
  }

  @Override
  public boolean isDirectory() throws IOException {
    return fs().getFileStatus(path).isDirectory();
  }

  @Override
  public long size() throws IOException {
    return fs().getFileStatus(path).getLen();
  }

  @Override
  public SeekableByteChannel open() throws IOException {
    return new Channel(fs().open(path), size());
  }

  @Override
  public WeightSource sibling(String fileName) {
    WeightSource.checkRelativePath(fileName, true);
    Path sibling = new Path(path.getParent(), fileName);
    return new HadoopWeightSource(sibling, conf, sibling.toString());
  }

  @Override
  public WeightSource child(String relativePath) {
    WeightSource.checkRelativePath(relativePath, false);
    Path child = new Path(path, relativePath);
    return new HadoopWeightSource(child, conf, child.toString());
  }

  @Override
  public String toString() {
    return described;
  }

  /** A read-only seekable channel over a Hadoop stream (positioned reads, so seeks are free). */
  private static final class Channel implements SeekableByteChannel {
    private final FSDataInputStream in;
    private final long size;
    private long position;
    private boolean open = true;

    Channel(FSDataInputStream in, long size) {
      this.in = in;
      this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      if (position >= size) {
        return -1;
      }
      int want = (int) Math.min(dst.remaining(), size - position);
      byte[] buffer = new byte[want];
      int n = in.read(position, buffer, 0, want);
      if (n > 0) {
        dst.put(buffer, 0, n);
        position += n;
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      position = newPosition;
      return this;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() throws IOException {
      open = false;
      in.close();
    }
  }
}
