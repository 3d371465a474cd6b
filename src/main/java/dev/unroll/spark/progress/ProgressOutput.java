package dev.unroll.spark.progress;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where progress lines go: on a terminal one line rewritten in place every tick, elsewhere (a file, a
 * pipe, a cluster's driver log) a log line every interval.
 */
interface ProgressOutput {
  /** Called every tick with the line as it is now. */
  void show(String line, double seconds);

  /** Called once at the end with the last line. */
  void finish(String line);

  /**
   * The output for stderr: in place when stderr is a terminal.
   *
   * @param log takes a log line (the reporter's logger)
   */
  static ProgressOutput forStderr(int intervalSeconds, Consumer<String> log) {
    if (stderrIsTerminal()) {
      return new InPlace(System.err, terminalWidth());
    }
    return new Periodic(log, intervalSeconds);
  }

  /**
   * The terminal's columns: {@code COLUMNS} when the shell exports it (bash does not by default), else what
   * {@code stty size} says of the controlling terminal, else 80.
   */
  private static int terminalWidth() {
    String columns = System.getenv("COLUMNS");
    if (columns != null && columns.matches("\\d{2,4}")) {
      return Integer.parseInt(columns);
    }
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (stty.waitFor(1, TimeUnit.SECONDS) && size.matches("\\d+ \\d{2,4}")) {
        return Integer.parseInt(size.split(" ")[1]);
      }
    } catch (IOException e) {
      // no stty or no controlling terminal
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 80;
  }

  /**
   * Whether stderr is a terminal. Linux tells through what file descriptor 2 points at; elsewhere a
   * console (stdin and stdout on a terminal) is taken to mean stderr is on it too.
   */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return System.console() != null;
    }
  }

  /**
   * One line, rewritten with a carriage return: cut to the terminal's width (a wrapped line cannot be
   * rewritten) and padded over what a longer line before it left. The cursor is left at the line's start,
   * as Spark's own bar leaves it, so a log line printed meanwhile writes over it rather than after it.
   */
  final class InPlace implements ProgressOutput {
    private final PrintStream out;
    private final int width;
    private int shown;

    InPlace(PrintStream out, int width) {
      this.out = out;
      this.width = width;
    }

    @Override
    public void show(String line, double seconds) {
      String fitted = fitted(line);
      out.print(over(fitted) + "\r");
      out.flush();
      shown = fitted.length();
    }

    @Override
    public void finish(String line) {
      out.println(over(fitted(line)));
      out.flush();
      shown = 0;
    }

    private String fitted(String line) {
      return line.length() < width ? line : line.substring(0, width - 1);
    }

    /** {@code fitted} over the line shown before. */
    private String over(String fitted) {
      return "\r" + fitted + " ".repeat(Math.max(0, shown - fitted.length()));
    }
  }

  /** A line every interval, the first at the first tick; nothing at the end (the summary follows). */
  final class Periodic implements ProgressOutput {
    private final Consumer<String> log;
    private final int intervalSeconds;
    private double last = Double.NEGATIVE_INFINITY;

    Periodic(Consumer<String> log, int intervalSeconds) {
      this.log = log;
      this.intervalSeconds = intervalSeconds;
    }

    @Override
    public void show(String line, double seconds) {
      // half a tick of slack: ticks drift by milliseconds, and a line must not slip to the tick after
      if (seconds - last >= intervalSeconds - 0.5) {
        log.accept(line);
        last = seconds;
      }
    }

    @Override
    public void finish(String line) {}
  }
}
