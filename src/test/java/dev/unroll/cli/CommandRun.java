package dev.unroll.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command run through picocli as {@code main} would, with what it printed and its exit code. */
record CommandRun(int exitCode, List<String> out, String err) {

  static CommandRun of(Callable<Integer> command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int code = line.execute(args);
    return new CommandRun(code, out.toString().lines().toList(), err.toString());
  }
}
