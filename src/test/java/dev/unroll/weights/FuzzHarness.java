package dev.unroll.weights;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a loader on one (mutated) input and checks the only outcomes the loaders document: a result, or
 * a {@link WeightsException} whose message names the file. Anything else fails the case: another
 * exception or error, a run longer than {@link #TIME_LIMIT_MS}, or more memory allocated than
 * {@link #allocationLimit} allows (an allocation sized by a corrupted field before it was checked).
 */
final class FuzzHarness {
  /** Per case; the slowest valid seed (a Keras .h5 through jhdf) loads in a few milliseconds. */
  static final long TIME_LIMIT_MS = 5_000;
  /** The folder every fuzzed file lives in; each refusal must name it. */
  static final String FOLDER = "fuzz-input/";

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static ExecutorService worker = newWorker();

  private FuzzHarness() {}

  /**
   * Bytes a load may allocate: a fixed allowance for parsers' working buffers plus a multiple of the
   * input (a loader copies, inflates and converts what it reads; deflate and float16 expand data).
   */
  static long allocationLimit(long inputBytes) {
    return (8L << 20) + 64 * inputBytes;
  }

  /**
   * Loads through {@code load} and fails unless it returns or refuses with a WeightsException naming the file.
   *
   * @return whether it loaded
   */
  static boolean loadsOrRefuses(Callable<?> load, long inputBytes, Map<String, byte[]> input) {
    long[] outcome = run(load, input);
    if (outcome[0] > allocationLimit(inputBytes)) {
      // a first use of a class (jhdf's, the JDK's) allocates once per JVM: only a repeat counts
      outcome = run(load, input);
      if (outcome[0] > allocationLimit(inputBytes)) {
        throw new AssertionError("the loader allocated " + outcome[0] + " bytes for " + inputBytes
            + " bytes of input (limit " + allocationLimit(inputBytes) + ")" + describe(input));
      }
    }
    return outcome[1] == 1;
  }

  /** Bytes the load allocated, and 1 if it loaded (0 if it refused properly). */
  private static long[] run(Callable<?> load, Map<String, byte[]> input) {
    Future<long[]> future = worker.submit(() -> {
      long thread = Thread.currentThread().getId();
      long before = THREADS.getThreadAllocatedBytes(thread);
      long loaded = 1;
      try {
        if (load.call() == null) {
          throw new AssertionError("the loader returned null");
        }
      } catch (WeightsException e) {
        if (e.getMessage() == null || !e.getMessage().contains(FOLDER)) {
          throw new AssertionError("a refusal that does not name the file: " + e.getMessage() + describe(input), e);
        }
        loaded = 0;
      }
      return new long[] {THREADS.getThreadAllocatedBytes(thread) - before, loaded};
    });
    try {
      return future.get(TIME_LIMIT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      worker.shutdownNow();
      worker = newWorker(); // the stuck thread is abandoned; later cases get a fresh one
      throw new AssertionError("the loader ran longer than " + TIME_LIMIT_MS + " ms" + describe(input));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AssertionError a) {
        throw a;
      }
      throw new AssertionError("the loader threw " + cause + describe(input), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "loader-fuzz");
      t.setDaemon(true);
      return t;
    });
  }

  /** The input's files, hex-encoded when short, so a failing case can be replayed from its report. */
  private static String describe(Map<String, byte[]> files) {
    StringBuilder s = new StringBuilder();
    files.forEach((name, bytes) -> s.append("\n  ").append(name).append(" (").append(bytes.length).append(" bytes)")
        .append(bytes.length <= 4096 ? ": " + HexFormat.of().formatHex(bytes) : ""));
    return s.toString();
  }

  /** Files by name in one in-memory folder, {@link #FOLDER}. */
  static Map<String, byte[]> files(Object... nameThenBytes) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBytes.length; i += 2) {
      files.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
    }
    return files;
  }

  /** A {@link WeightSource} over one file (or, with name "", the folder) of an in-memory folder. */
  record MemorySource(Map<String, byte[]> folder, String name) implements WeightSource {

    @Override
    public String describe() {
      return FOLDER + name;
    }

    @Override
    public String fileName() {
      return name.substring(name.lastIndexOf('/') + 1);
    }

    @Override
    public boolean exists() {
      return isDirectory() || folder.containsKey(name);
    }

    @Override
    public boolean isDirectory() {
      String prefix = name + "/";
      return name.isEmpty() || folder.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    @Override
    public long size() throws IOException {
      return bytes().length;
    }

    @Override
    public SeekableByteChannel open() throws IOException {
      return new MemoryChannel(bytes());
    }

    @Override
    public WeightSource sibling(String fileName) {
      WeightSource.checkRelativePath(fileName, true);
      int slash = name.lastIndexOf('/');
      return new MemorySource(folder, slash < 0 ? fileName : name.substring(0, slash + 1) + fileName);
    }

    @Override
    public WeightSource child(String relativePath) {
      WeightSource.checkRelativePath(relativePath, false);
      return new MemorySource(folder, name.isEmpty() ? relativePath : name + "/" + relativePath);
    }

    private byte[] bytes() throws IOException {
      byte[] b = folder.get(name);
      if (b == null) {
        throw new java.nio.file.NoSuchFileException(describe());
      }
      return b;
    }
  }

  /** A read-only channel over an array. */
  private static final class MemoryChannel implements SeekableByteChannel {
    private final byte[] bytes;
    private long position;
    private boolean open = true;

    MemoryChannel(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      if (position >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), bytes.length - position);
      dst.put(bytes, (int) position, n);
      position += n;
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
      return bytes.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
